import ArgumentParser
import Foundation
import Receivables
import Reports

/// What the credit-control commands read beside the ledger: the journal and the rates table.
enum CreditInputs {
    /// The journal's annotations (empty when there is no journal yet); a break in its
    /// hash chain is said on stderr (the events are used all the same).
    static func annotations(_ folder: String, _ ledger: Ledger) -> Annotations {
        Annotations(events(Journal(folder: folder, config: ledger.config)))
    }

    /// Every event of `journal`, warning on stderr where its hash chain breaks.
    static func events(_ journal: Journal) -> [JournalEvent] {
        let c = journal.read()
        if let b = c.broken {
            Terminal.error("warning: \(journal.path): line \(b.line): \(b.reason) (see ardash journal verify)")
        }
        return c.events
    }

    /// `[interest] rates` when the file exists, else the built-in ECB table.
    /// - Parameter letters: for letters sent to customers, a file named in ardash.toml
    ///   that is absent stops them too (reports say so and use the built-in table).
    /// - Throws: exit 2 when the file has a line that cannot be read: interest claimed at
    ///   another rate than the file says (a trial's letters claimed 10.15 % where its
    ///   rates.csv said 9.90 %) is worse than none.
    static func referenceRates(_ folder: String, _ ledger: Ledger, letters: Bool = false) throws -> ReferenceRates {
        let (rates, problems) = ReferenceRates.load(folder: folder, config: ledger.config)
        for p in problems { Terminal.error(p.description) }
        if problems.contains(where: { $0.severity == .error }) {
            Terminal.error("no interest is computed until the rates file reads: one line per change, date,rate (2025-06-11,2.15)")
            throw ExitCode(2)
        }
        if letters && problems.contains(where: { $0.line == nil }) {
            Terminal.error("no letter is printed until it is there (or [interest] rates is removed from ardash.toml)")
            throw ExitCode(2)
        }
        return rates
    }

    /// The aging report's currency, or exit 2 saying why there is none.
    static func singleCurrency(_ aging: AgingReport, what: String) throws -> Currency {
        if let c = aging.reportingCurrency ?? (aging.sections.count == 1 ? aging.sections.first?.currency : nil) { return c }
        Terminal.error("\(what) needs one currency: \(aging.notConvertedReason ?? "the ledger has several") (set reporting_currency and fx.csv)")
        throw ExitCode(2)
    }
}
