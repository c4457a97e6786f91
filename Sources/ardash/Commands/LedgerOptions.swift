import ArgumentParser
import Foundation
import Receivables
import Reports

/// Options every ledger command takes.
struct LedgerOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("An ardash.toml kept outside the ledger folder.", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Report date, YYYY-MM-DD (default: today in the local time zone).", valueName: "date"))
    var asOf: String?

    /// Parses `--as-of`, default today (local calendar day, `TZ` honoured).
    func asOfDate() throws -> CivilDate {
        guard let text = asOf, text != "today" else { return CivilDate.today() }
        guard let d = CivilDate(iso: text), text.count == 10 else {
            throw ValidationError("--as-of \(text): expected a date as YYYY-MM-DD")
        }
        return d
    }

    /// Loads the folder, exiting with a clear message when it cannot be loaded at all.
    /// The ledger is kept until the process exits: freeing a million documents one by
    /// one only delays the shell prompt.
    func load(_ folder: String) throws -> Ledger {
        do {
            let ledger = try LedgerLoader.load(folder: folder, configFile: configFile)
            KeepAlive.shared.ledgers.append(ledger)
            return ledger
        } catch let e as LedgerLoadError {
            FileHandle.standardError.write(Data("ardash: \(e)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Grouping for tables: `[display] number_format`, else the locale's (LC_NUMERIC).
    func numberStyle(_ ledger: Ledger) -> NumberStyle {
        if let f = ledger.config.numberFormat, let s = NumberStyle(sample: f) { return s }
        return LocaleNumbers.style()
    }
}

/// Holds what a command built until exit (see `LedgerOptions.load`).
final class KeepAlive: @unchecked Sendable {
    static let shared = KeepAlive()
    var ledgers: [Ledger] = []
    var reports: [AgingReport] = []
}

/// Shared steps of the report commands.
enum Reporting {
    /// Ages the ledger and proves the figures reconcile; exits 3 when they do not.
    static func verifiedAging(_ ledger: Ledger, asOf: CivilDate) throws -> AgingReport {
        let report = Aging.report(ledger, asOf: asOf)
        KeepAlive.shared.reports.append(report)
        do { try report.verify() } catch {
            FileHandle.standardError.write(Data("ardash: internal error, figures do not reconcile: \(error)\n".utf8))
            throw ExitCode(3)
        }
        return report
    }

    /// One line on stderr when rows were rejected, so a report is never silently partial.
    static func warnAboutProblems(_ ledger: Ledger, folder: String) {
        let c = ledger.problemCounts
        guard c.errors > 0 else { return }
        FileHandle.standardError.write(Data("ardash: \(ledger.rejectedRows) row(s) rejected, \(c.errors) error(s): run `ardash check \(folder)` for the list\n".utf8))
    }
}
