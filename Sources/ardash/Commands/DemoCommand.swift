import ArgumentParser
import Foundation
import Receivables

/// `ardash demo DIR`: write a deterministic demo ledger.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: "Write a deterministic demo ledger (24 months of history) into a folder.")

    @Argument(help: "Folder to write (created if needed).") var folder: String
    @Option(help: "Number of customers.") var customers = 120
    @Option(help: "Number of documents.") var documents = 3000
    @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 42
    @Option(name: .customLong("end"), help: ArgumentHelp("Last day of the history, YYYY-MM-DD (default: today).", valueName: "date"))
    var end: String?

    func validate() throws {
        guard customers >= 1, customers <= 10_000_000 else { throw ValidationError("--customers must be between 1 and 10,000,000") }
        guard documents >= 0, documents <= 100_000_000 else { throw ValidationError("--documents must be between 0 and 100,000,000") }
        if let end {
            guard let d = CivilDate(iso: end) else { throw ValidationError("--end \(end): expected YYYY-MM-DD") }
            guard d.year >= 1900 else { throw ValidationError("--end \(end): give a date from 1900 on") }
        }
    }

    func run() throws {
        let endDate = end.flatMap { CivilDate(iso: $0) } ?? CivilDate.today()
        let s = try DemoLedger(customers: customers, documents: documents, seed: seed, end: endDate).write(to: folder)
        print("wrote \(folder): \(s.customers) customers, \(s.documents) documents, \(s.payments) payments, \(s.fxRates) fx rates, \(s.bytes) bytes (history to \(endDate))")
    }

    /// The folder `ardash --demo` opens: written once per day under the user's cache.
    static func ensureDemoFolder() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.cache")
        let today = CivilDate.today()
        // Keyed by the generator's version too: a newer ardash never shows an old demo.
        let dir = base + "/ardash/demo-\(DemoLedger.version)-\(today)"
        if !FileManager.default.fileExists(atPath: dir + "/invoices.csv") {
            try DemoLedger(end: today).write(to: dir)
        }
        return dir
    }
}
