import ArgumentParser
import Foundation
import Receivables
import Reports

/// `ardash`: the dashboard (default) and the headless commands.
struct ArdashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ardash",
        abstract: "Accounts-receivable credit-control dashboard and reports over a folder of ERP exports.",
        discussion: """
        A ledger folder holds customers.csv, invoices.csv, payments.csv and fx.csv, or any \
        ERP export mapped by an ardash.toml. `ardash DIR` opens it; `ardash --demo` opens a \
        generated demo ledger.
        """,
        subcommands: [OpenCommand.self, CheckCommand.self, ReportCommand.self, DemoCommand.self, BenchCommand.self],
        defaultSubcommand: OpenCommand.self)
}

/// `ardash [open] DIR`: the dashboard. Until the interactive dashboard lands (issue 3) it
/// prints the aging report of the folder.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a ledger folder (the default command): for now, print its aging.")

    @Argument(help: "The ledger folder.", completion: .directory)
    var folder: String?

    @Flag(help: "Open a generated demo ledger.")
    var demo = false

    @OptionGroup var common: LedgerOptions

    func validate() throws {
        if folder == nil && !demo { throw ValidationError("give a ledger folder, or --demo (see ardash --help)") }
    }

    func run() throws {
        let dir = demo ? try DemoCommand.ensureDemoFolder() : folder!
        let ledger = try common.load(dir)
        let aging = try Reporting.verifiedAging(ledger, asOf: try common.asOfDate())
        print(AgingReportRenderer(ledger: ledger, report: aging, style: common.numberStyle(ledger)).render(.table), terminator: "")
        Reporting.warnAboutProblems(ledger, folder: dir)
    }
}
