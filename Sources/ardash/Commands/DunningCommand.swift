import ArgumentParser
import Foundation
import Receivables
import Reports

/// `ardash dunning DIR`: the reminders due today, from the folder's templates.
struct DunningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dunning",
        abstract: "Print the payment reminders due today, one per customer, escalating one level per letter.",
        discussion: """
        Levels come from [dunning] levels in ardash.toml (days past due, inclusive; default \
        7, 21, 45). Each level's text is DIR/dunning/level-N.txt (or [dunning] templates), \
        with placeholders such as {customer_name}, {documents}, {total_overdue}, {interest}; \
        a built-in text is used when the file is missing. Customers with an open promise to \
        pay are paused until it is broken. A customer's first letter is level 1; each next \
        letter is one level higher at most, once the levels' spacing has passed since the \
        first letter at the level reached. --record writes one journal event per reminder, so the next run sends only \
        what is new or escalated.
        """)
    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @OptionGroup var common: LedgerOptions
    @Flag(help: "Record each reminder printed in the journal (so it is not due again until a document reaches a new level).") var record = false
    @Flag(help: "List every customer at a dunning level (due, paused or already reminded) instead of printing letters.") var list = false
    @Option(help: "Output format for --list: table, csv or json.") var format: ReportFormat?

    func validate() throws {
        if format != nil && !list { throw ValidationError("--format applies to --list (letters are text)") }
        if record && list { throw ValidationError("--record records the letters printed: use it without --list") }
    }

    func run() throws {
        let ledger = try common.load(folder)
        let asOf = try common.asOfDate()
        let aging = try Reporting.verifiedAging(ledger, asOf: asOf)
        // Two runs with --record at once would both send every letter: the second waits
        // for the first, then reads the reminders it recorded (the lock goes at exit).
        if record {
            do { try Journal(folder: folder, config: ledger.config).holdLock(named: "dunning.lock") }
            catch { Terminal.error("\(error)"); throw ExitCode(1) }
        }
        let ann = CreditInputs.annotations(folder, ledger)
        let cc = CreditControl(ledger, aging: aging, annotations: ann)
        let cases = cc.dunning()
        let style = common.numberStyle(ledger)
        if list {
            // No letter is printed, but the folder the letters would come from is missing.
            if let p = ledger.config.dunning.templatesPath(ledgerFolder: folder).problem { Terminal.error(p.description) }
            var r = TabularReport(title: "Dunning as of \(asOf) · ledger \(ledger.name) · levels from \(ledger.config.dunning.levels.map(String.init).joined(separator: ", ")) days past due", columns: [
                .init("customer_id", "Id"), .init("name", "Customer", maxWidth: 28), .init("level", "Letter", .right),
                .init("reached", "Reached", .right), .init("documents", "Docs", .right), .init("status", "Status"), .init("last_level", "Last level", .right), .init("last_sent", "Sent for")])
            for c in cases {
                let cu = ledger.customers[Int(c.customer)]
                r.rows.append([.text(cu.id), .text(cu.name), .int(c.letterLevel), .int(c.level), .int(c.items.count),
                               .text(c.paused ? "paused (\(c.pausedBy?.rawValue ?? "promise"))" : c.inCredit ? "in credit" : c.due ? "due" : "reminded"),
                               c.lastLevel.map { .int($0) } ?? ReportCell("—", .null), .date(c.lastSent)])
            }
            r.rowsKey = "customers"
            r.meta = [("as_of", .string(asOf.description)), ("levels", .array(ledger.config.dunning.levels.map { .number(String($0)) }))]
            Terminal.print(r.render(format ?? .table), format: format ?? .table)
            return
        }
        let rates = try CreditInputs.referenceRates(folder, ledger, letters: true)
        let law = ledger.config.interest.law
        let margin = ledger.config.interest.margin
        var templates: [Int: DunningTemplate] = [:]
        let levels = ledger.config.dunning.levels
        let (dir, missing) = ledger.config.dunning.templatesPath(ledgerFolder: folder)
        if let p = missing { Terminal.error(p.description + " (remove the key to use the built-in texts)"); throw ExitCode(2) }
        var isDir: ObjCBool = false
        let hasFolder = FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue
        for k in 1...levels.count {
            let name = "level-\(k).txt"
            let path = (dir as NSString).appendingPathComponent(name)
            do {
                // Absent: the built-in text. Present but unreadable (permissions, a folder
                // in its place): stop, rather than send another letter than the one written.
                var st = stat()
                let found = stat(path, &st) == 0
                let err = errno
                if !found && err != ENOENT {
                    Terminal.error("\(path): \(String(cString: strerror(err))): no letter printed"); throw ExitCode(2)
                }
                if found && (st.st_mode & S_IFMT) != S_IFREG {
                    Terminal.error("\(path): not a file (a folder?): no letter printed"); throw ExitCode(2)
                }
                if found {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        Terminal.error("\(path): cannot be read (permissions?): no letter printed"); throw ExitCode(2)
                    }
                    guard let text = String(data: data, encoding: .utf8) else { Terminal.error("\(path): not UTF-8 text"); throw ExitCode(2) }
                    guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                        Terminal.error("\(path): the template is empty (delete it to use the built-in text)"); throw ExitCode(2)
                    }
                    templates[k] = try DunningTemplate(text: text, file: path)
                } else {
                    // A folder of templates without this level's: say which text goes out.
                    if hasFolder { Terminal.error("notice: \(path) not found: level \(k) letters use the built-in text") }
                    templates[k] = try DunningTemplate(text: DunningTemplate.builtIn(level: k, of: levels.count, claimsInterest: law.claimsInterest), file: "built-in level \(k)")
                }
            } catch let p as DunningTemplate.Problem { Terminal.error(p.description); throw ExitCode(2) }
        }
        let journal = Journal(folder: folder, config: ledger.config)
        var printed = 0
        var output = ""
        var events: [JournalEvent] = []
        for c in cases where c.due {
            let cu = ledger.customers[Int(c.customer)]
            var byCurrency: [Currency: Int64] = [:]
            var interest: [Currency: Int64] = [:]
            var compensation: Int64 = 0
            var table = TextTable([.init("Document"), .init("Date"), .init("Due"), .init("Days late", .right), .init("Open", .right), .init("Cur")])
            var rateShown = Set<Int>()
            for it in c.items {
                let d = ledger.documents[Int(it.document)]
                table.add([d.id, d.date.description, d.dueDate.description, String(it.daysPastDue), style.format(it.open), it.open.currency.code])
                byCurrency[it.open.currency, default: 0] += it.open.minorUnits
                if law.claimsInterest, let x = StatutoryInterest.document(ledger, it.document, asOf: asOf, rates: rates, marginBasisPoints: margin) {
                    interest[it.open.currency, default: 0] += x.interest
                    compensation += x.compensationEUR
                    rateShown.formUnion(x.ratesUsed)
                }
            }
            // Each amount with its own currency: "1,000.00 EUR + 70,000 JPY".
            func amounts(_ m: [Currency: Int64]) -> String {
                m.isEmpty ? "0.00" : m.sorted { $0.key < $1.key }.map { "\(style.format($0.value, digits: $0.key.minorDigits)) \($0.key.code)" }.joined(separator: " + ")
            }
            let currencies = byCurrency.keys.sorted().map(\.code).joined(separator: ", ")
            // What is claimed: the overdue amount net of the customer's credits (never below
            // zero in a currency), the interest and the EUR compensation.
            var net = byCurrency
            for (k, v) in c.credits { net[k, default: 0] -= v }
            var claim = net.filter { $0.value > 0 }
            for (k, v) in interest { claim[k, default: 0] += v }
            if compensation > 0 { claim[Currency(code: "EUR")!, default: 0] += compensation }
            // One line each: a line break in a name must not split a letter's header.
            func line(_ s: String) -> String { JournalEvent.cleanText(s).replacingOccurrences(of: "\n", with: " ") }
            let collector = ann.customer(cu.id)?.collector ?? cu.collector
            let values: [String: String] = [
                "customer_name": line(cu.name), "customer_id": line(cu.id), "customer_email": line(cu.email), "collector": line(collector),
                "today": asOf.description, "level": String(c.letterLevel), "documents": table.rendered().trimmingCharacters(in: .newlines),
                "total_overdue": amounts(byCurrency), "currency": currencies, "interest": amounts(interest),
                "compensation": "\(style.format(compensation, digits: 2)) EUR", "total_claim": amounts(claim),
                "interest_rate": rateShown.sorted().reversed().map { style.decimal(DayCount(Int128($0), over: 100).formatted(decimals: 2)) + " %" }.joined(separator: ", "),
                "law": law.name, "credits": c.credits.isEmpty ? "none" : amounts(c.credits),
                // Money the customer already sent (or credit it holds) is never left out of a letter.
                "credits_note": c.credits.isEmpty ? "" : "\nAlso on your account, not yet allocated to an invoice: \(amounts(c.credits)) (payments, credit notes)."
                    + "\nNet of them, the overdue amount is \(amounts(net.filter { $0.value > 0 })); please tell us which invoices they settle.",
            ]
            // No line ends in spaces (an empty placeholder at a line's end, e.g. no email).
            let letter = try templates[c.letterLevel]!.render(values).split(separator: "\n", omittingEmptySubsequences: false)
                .map { l in String(l[..<(l.lastIndex { $0 != " " }.map { l.index(after: $0) } ?? l.startIndex)]) }.joined(separator: "\n")
            if printed > 0 { output += String(repeating: "-", count: 72) + "\n" }
            output += Terminal.safe(letter) + (letter.hasSuffix("\n") ? "" : "\n")
            printed += 1
            if record {
                // One event per document in the letter, at that document's level, dated by the
                // dunning date (the as-of date): next time only documents reaching a new
                // level are due, even one posted late with an old due date.
                for (k, it) in c.items.enumerated() {
                    var e = JournalEvent(kind: .reminder, customerId: cu.id, documentId: ledger.documents[Int(it.document)].id,
                                         text: k == 0 ? "dunning letter at level \(c.letterLevel): \(c.items.count) document(s), \(amounts(byCurrency))" : nil,
                                         date: asOf)
                    e.level = it.reminderLevel
                    events.append(e)
                }
            }
        }
        // The letters first, and only once they are out are they recorded: a letter that
        // could not be written (a full disk) must not count as sent.
        do { try FileHandle.standardOutput.write(contentsOf: Data(output.utf8)) } catch {
            Terminal.error("the letters could not be written (\(error)): nothing recorded"); throw ExitCode(1)
        }
        if record && !events.isEmpty {
            do { try journal.append(events) } catch { Terminal.error("\(error)"); throw ExitCode(1) }
        }
        let byPromise = cases.filter { $0.pausedBy == .promise }.count
        let byDispute = cases.filter { $0.pausedBy == .dispute }.count
        let byLegal = cases.filter { $0.pausedBy == .legal }.count
        let inCredit = cases.filter { !$0.paused && $0.inCredit }.count
        Terminal.error("\(printed) reminder(s) due as of \(asOf)" + (record && printed > 0 ? ", recorded in the journal" : "")
                       + "; \(byPromise) paused by a promise to pay; \(byDispute) paused by a dispute; \(byLegal) passed to legal"
                       + "; \(inCredit) in credit (their credits cover the overdue)"
                       + "; \(cases.count - printed - byPromise - byDispute - byLegal - inCredit) already reminded at their level")
    }
}
