import ArgumentParser
import Foundation
import Receivables
import Reports

/// `ardash check DIR`: load, print every problem and a summary; exit 1 if rows were rejected.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load a ledger folder and list every problem (file:line: field: reason).",
        discussion: "Exit status: 0 when every row loaded, 1 when any row or file was rejected, 2 when the folder or ardash.toml cannot be used.")

    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @OptionGroup var common: LedgerOptions
    @Option(help: "Output format: table, csv or json.") var format: ReportFormat = .table

    func run() throws {
        var ledger = try common.load(folder, requireDocuments: false)
        // The side files the credit reports read: their problems are listed here too.
        ledger.problems += ReferenceRates.load(folder: folder, config: ledger.config).1
        if let p = ledger.config.dunning.templatesPath(ledgerFolder: folder).problem { ledger.problems.append(p) }
        // The annotation journal: a break in it is an error (notes or flags changed by hand).
        let journal = Journal(folder: folder, config: ledger.config)
        if let b = journal.read().broken {
            let shown = journal.path.hasPrefix(folder) ? String(journal.path.dropFirst(folder.count).drop { $0 == "/" }) : journal.path
            ledger.problems.append(LedgerProblem(.error, file: shown, line: b.line, field: nil, b.reason + " (ardash journal verify)"))
        }
        Terminal.print(CheckReportRenderer(ledger: ledger).render(format), format: format)
        if ledger.rejectedRows > 0 || ledger.problemCounts.errors > 0 { throw ExitCode(1) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
