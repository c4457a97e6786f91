import ArgumentParser
import Foundation
import Receivables
import Reports
import DisplayText

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
            throw ValidationError("--as-of \(Terminal.safe(text)): expected a date as YYYY-MM-DD")
        }
        // Up to 9900: KPIs look months ahead of the date and the calendar stops at 9999.
        guard d.year >= 1900 && d.year <= 9900 else { throw ValidationError("--as-of \(text): give a date from 1900 to 9900") }
        return d
    }

    /// Loads the folder, exiting with a clear message when it cannot be loaded at all.
    /// The ledger is kept until the process exits: freeing a million documents one by
    /// one only delays the shell prompt.
    /// - Parameter requireDocuments: figures are made from the ledger (a report, letters,
    ///   the dashboard): when a documents, payments or customers file is refused as a
    ///   whole, or read without a column its mapping names, say why and exit 2 instead of
    ///   showing figures that would be wrong throughout (a trial's reports and letters
    ///   went on without payments.csv, its date column misnamed in ardash.toml).
    func load(_ folder: String, requireDocuments: Bool = true) throws -> Ledger {
        do {
            let ledger = try LedgerLoader.load(folder: folder, configFile: configFile)
            KeepAlive.shared.ledgers.append(ledger)
            if requireDocuments, let p = ledger.wholeFileProblem {
                Terminal.error("\(p.description)\nno figures are made without it: fix the file or its mapping in ardash.toml (`ardash check` lists every problem)")
                throw ExitCode(2)
            }
            return ledger
        } catch let e as LedgerLoadError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
    }

    /// Grouping for tables: `[display] number_format`, else the locale's (LC_NUMERIC).
    func numberStyle(_ ledger: Ledger) -> NumberStyle {
        if let f = ledger.config.numberFormat, let s = NumberStyle(sample: f) { return s }
        return LocaleNumbers.style()
    }
}

/// Output to the user's terminal: data never reaches it as control characters.
enum Terminal {
    /// Replaces the current stderr line with `text` (no line end; "" wipes it).
    static func progress(_ text: String) {
        let line = "\r\u{1B}[K" + safe(text)
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// `text` without control characters (line by line), lines cut to 400 columns.
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { DisplayWidth.truncate(Sanitizer.clean(String($0)), to: 400) }.joined(separator: "\n")
    }

    /// Prints report text: tables are sanitised line by line; JSON is escaped. CSV is
    /// exact data when it goes to a file or a pipe, and sanitised like a table when it goes
    /// to a terminal (a customer name holding ESC ] 0; set a trial's window title).
    static func print(_ text: String, format: ReportFormat) {
        switch format {
        case .table: Swift.print(safe(text), terminator: "")
        case .csv where isatty(1) != 0:
            Swift.print(text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitizer.clean(String($0)) }.joined(separator: "\n"),
                        terminator: "")
        default: Swift.print(text, terminator: "")
        }
    }

    /// "ardash: message" on standard error, sanitised.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("ardash: " + safe(message) + "\n").utf8))
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
            Terminal.error("internal error, figures do not reconcile: \(error)")
            throw ExitCode(3)
        }
        return report
    }

    /// One line on stderr when rows were rejected, so a report is never silently partial.
    static func warnAboutProblems(_ ledger: Ledger, folder: String) {
        let c = ledger.problemCounts
        guard c.errors > 0 else { return }
        Terminal.error("\(ledger.rejectedRows) row(s) rejected, \(c.errors) error(s): run `ardash check \(folder)` for the list")
    }
}
