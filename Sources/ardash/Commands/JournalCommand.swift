import ArgumentParser
import Dashboard
import Foundation
import Receivables
import Reports

/// `ardash journal …`: check and read the shared annotation journal.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check or print the annotation journal (flags and notes) of a ledger folder.",
        subcommands: [JournalVerifyCommand.self, JournalLogCommand.self, JournalStressCommand.self])
}

/// The journal of a folder (honouring `[journal] path` of its ardash.toml).
func journalOf(_ folder: String, _ common: LedgerOptions) throws -> Journal {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
        Terminal.error("\(folder): not a readable folder"); throw ExitCode(2)
    }
    do { return Journal(folder: folder, config: try LedgerLoader.configOf(folder: folder, configFile: common.configFile)) }
    catch { Terminal.error("\(error)"); throw ExitCode(2) }
}

struct JournalVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify",
        abstract: "Check the SHA-256 chain: exit 0 when intact, 1 naming the first bad line.")
    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @OptionGroup var common: LedgerOptions

    func run() throws {
        let j = try journalOf(folder, common)
        switch j.verify() {
        case .intact(let n, let torn):
            print("\(j.path): intact, \(n) event\(n == 1 ? "" : "s")" + (torn.isEmpty ? "" : "; \(torn.count) line(s) left by an interrupted writer skipped (lines \(torn.prefix(10).map(String.init).joined(separator: ", ")))"))
        case .broken(let line, let reason):
            Terminal.error("\(j.path):\(line): \(reason)")
            throw ExitCode(1)
        }
    }
}

struct JournalLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print the journal's events, oldest first.")
    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @OptionGroup var common: LedgerOptions
    @Option(help: "Only events about this customer.") var customer: String?
    @Option(help: "table, csv (a row per event) or json (one object per line).") var format: ReportFormat = .table

    func run() throws {
        let j = try journalOf(folder, common)
        let events = CreditInputs.events(j).filter { customer == nil || $0.customerId == customer }
        var out = format == .csv ? CSVWriter.row(["id", "at", "user", "kind", "customer_id", "document_id", "flag", "date", "amount",
                                                  "currency", "collector", "level", "text"]) : ""
        for e in events {
            switch format {
            case .csv:
                out += CSVWriter.row([e.id, e.at, e.user, e.kind.rawValue, e.customerId, e.documentId ?? "", e.flag?.rawValue ?? "",
                                      e.date?.description ?? "", e.amount ?? "", e.currency ?? "", e.collector ?? "",
                                      e.level.map(String.init) ?? "", e.text ?? ""])
            case .json:
                var fields: [(String, JSON)] = [("id", .string(e.id)), ("at", .string(e.at)), ("user", .string(e.user)),
                                                ("kind", .string(e.kind.rawValue)), ("customer_id", .string(e.customerId)),
                                                ("document_id", e.documentId.map { .string($0) } ?? .null),
                                                ("flag", e.flag.map { .string($0.rawValue) } ?? .null),
                                                ("text", e.text.map { .string($0) } ?? .null)]
                if let d = e.date { fields.append(("date", .string(d.description))) }
                if let a = e.amount { fields.append(("amount", .string(a))) }
                if let c = e.currency { fields.append(("currency", .string(c))) }
                if let c = e.collector { fields.append(("collector", .string(c))) }
                out += JSON.object(fields).rendered(pretty: false) + "\n"
            case .table:
                var what = e.kind.rawValue
                if let f = e.flag { what += " " + f.rawValue }
                if let d = e.date { what += " " + d.description }
                if let a = e.amount { what += " " + a + (e.currency.map { " " + $0 } ?? "") }
                if let c = e.collector { what += " → " + c }
                if let t = e.text { what += ": " + t.replacingOccurrences(of: "\n", with: " ⏎ ") }
                out += "\(e.at)  \(e.user)  \(e.customerId)\(e.documentId.map { "/" + $0 } ?? "")  \(what)\n"
            }
        }
        Terminal.print(out, format: format)
    }
}

/// Hidden: appends N notes as fast as it can (for the concurrency tests).
struct JournalStressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stress", abstract: "Append N test notes (testing).",
                                                    shouldDisplay: false)
    @Argument var folder: String
    @Option var events = 1000
    @Option var tag = "w"
    @OptionGroup var common: LedgerOptions

    func run() throws {
        let j = try journalOf(folder, common)
        for i in 0..<events {
            try j.append(JournalEvent(kind: .note, customerId: "C1", text: "\(tag) \(i)"))
        }
    }
}

/// `ardash note DIR --customer ID [--document ID] TEXT`
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to a customer or a document.")
    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @Option(help: "Customer id.") var customer: String
    @Option(help: "Document id (else the note is about the customer).") var document: String?
    @Argument(help: "The note (\\n for a line break is kept as typed).") var text: [String]
    @OptionGroup var common: LedgerOptions

    func run() throws {
        let body = text.joined(separator: " ")
        let clean = JournalEvent.cleanText(body)
        guard !clean.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the note is empty")
        }
        // The dashboard's limit: a note is a note, not a document.
        guard clean.count <= 20_000 else { throw ValidationError("the note has \(clean.count) characters; at most 20,000") }
        if common.asOf != nil { throw ValidationError("--as-of does not apply to a note (it is dated when written)") }
        _ = try JournalWrite.target(folder, common, customer: customer, document: document).currency
        try JournalWrite.append(folder, common, JournalEvent(kind: .note, customerId: customer, documentId: document, text: body))
    }
}

/// `ardash flag DIR --customer ID [--document ID] KIND [--clear]`
struct FlagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flag",
        abstract: "Set or clear a flag: dispute, promise, credit_hold, escalated, legal, watch.")
    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @Option(help: "Customer id.") var customer: String
    @Option(help: "Document id (else the flag is on the customer).") var document: String?
    @Argument(help: "dispute, promise, credit_hold, escalated, legal or watch.") var kind: String
    @Flag(help: "Clear the flag instead of setting it.") var clear = false
    @Option(help: "Promise date (with promise): YYYY-MM-DD, +7 (days), today, tomorrow or a weekday (fri), as in the dashboard.") var date: String?
    @Option(help: "Promised amount, e.g. 1200.00 (with promise).") var amount: String?
    @Option(help: "Currency of the promised amount.") var currency: String?
    @OptionGroup var common: LedgerOptions

    func run() throws {
        guard let flag = AccountFlag(rawValue: kind.replacingOccurrences(of: "-", with: "_")) else {
            throw ValidationError("unknown flag \(kind): dispute, promise, credit_hold, escalated, legal or watch")
        }
        var d: CivilDate?
        if let date {
            // The dashboard's forms, counted from the as-of date (today unless --as-of).
            guard let parsed = RelativeDate.parse(date, today: try common.asOfDate()) else {
                let isoShaped = date.count == 10 && date.filter { $0 == "-" }.count == 2
                throw ValidationError("--date \(Terminal.safe(date)): " + (isoShaped ? "not a date in the calendar"
                                                                   : "expected YYYY-MM-DD, +7 (days), today, tomorrow or a weekday such as fri"))
            }
            d = parsed
        }
        if flag == .promise && !clear && d == nil { throw ValidationError("a promise needs --date (and usually --amount)") }
        if (flag != .promise || clear) && (amount != nil || currency != nil || date != nil) {
            throw ValidationError("--date, --amount and --currency apply to setting a promise only")
        }
        if flag == .promise && !clear, let day = d, day < (try common.asOfDate()) {
            throw ValidationError("--date \(date ?? ""): a promise to pay is for today (or --as-of) or later")
        }
        let (targetCurrency, ledger) = try JournalWrite.target(folder, common, customer: customer, document: document)
        var cur: Currency? = nil
        if let currency {
            guard let c = Currency(code: currency), c.isKnownISO4217 else { throw ValidationError("--currency \(currency): not an ISO 4217 code") }
            cur = c
        }
        var normalized: String? = nil
        if let amount {
            let c = cur ?? targetCurrency ?? Currency.EUR
            // Plain 1234.56, no more decimals than the currency has (1.000 is refused, not read as 1.00).
            let decimals = amount.firstIndex(of: ".").map { amount.distance(from: $0, to: amount.endIndex) - 1 } ?? 0
            guard decimals <= c.minorDigits, case .value(let v, let rounded) = AmountParser.parse(amount, digits: c.minorDigits), !rounded, v > 0 else {
                throw ValidationError("--amount \(amount): a positive amount in \(c.code), written 1234.56 with at most \(c.minorDigits) decimals")
            }
            normalized = Money.decimalString(v, digits: c.minorDigits)
            cur = c
            // A promise in a currency its payments cannot be set against could never be judged.
            if let own = targetCurrency, !ledger.canCompare(c, own) {
                throw ValidationError("--currency \(c.code): no exchange rate sets \(c.code) against \(own.code), this customer's currency, in fx.csv; give the promise in \(own.code)")
            }
        }
        var event = JournalEvent(kind: clear ? .flagClear : .flagSet, customerId: customer, documentId: document, flag: flag,
                                 date: d, amount: normalized, currency: cur?.code)
        // A promise recorded for an earlier day (--as-of): payments count from that day.
        if flag == .promise && !clear && common.asOf != nil { event.madeOn = try common.asOfDate() }
        try JournalWrite.append(folder, common, event)
    }
}

enum JournalWrite {
    /// Checks that the customer (and document) exist in the ledger, so a typo never
    /// lands in the shared journal; returns the currency of the target, and the ledger.
    static func target(_ folder: String, _ common: LedgerOptions, customer: String, document: String?) throws -> (currency: Currency?, ledger: Ledger) {
        let ledger = try common.load(folder, requireDocuments: false)
        guard let c = ledger.customer(id: customer) else {
            Terminal.error("no customer \"\(customer)\" in \(folder)"); throw ExitCode(1)
        }
        if let document {
            guard let d = ledger.document(id: document) else { Terminal.error("no document \"\(document)\" in \(folder)"); throw ExitCode(1) }
            guard ledger.documents[Int(d)].customer == c else {
                Terminal.error("document \(document) belongs to customer \(ledger.customers[Int(ledger.documents[Int(d)].customer)].id), not \(customer)")
                throw ExitCode(1)
            }
            return (ledger.documents[Int(d)].amount.currency, ledger)
        }
        return (ledger.customers[Int(c)].currency ?? ledger.reportingCurrency, ledger)
    }

    static func append(_ folder: String, _ common: LedgerOptions, _ e: JournalEvent) throws {
        let j = try journalOf(folder, common)
        do { try j.append(e) } catch { Terminal.error("\(error)"); throw ExitCode(1) }
        print("\(e.kind.rawValue) \(e.id) by \(e.user) at \(e.at)")
        _ = CreditInputs.events(j)   // saved; and if the journal was altered by hand, say so

    }
}
