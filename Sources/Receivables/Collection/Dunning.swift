import Foundation

/// One customer's dunning position as of a date.
public struct DunningCase: Sendable, Equatable {
    /// An overdue document and the level it has reached.
    public struct Item: Sendable, Equatable {
        public var document: Int32
        public var daysPastDue: Int
        public var level: Int
        /// Open amount in the document's currency.
        public var open: Money
        /// The level this letter reminds it at: `level`, capped at the letter's.
        public var reminderLevel = 0
    }

    public var customer: Int32
    /// The highest level reached by any of its documents (≥ 1), by days past due.
    public var level: Int
    /// The level of the letter that goes out: one above the last letter at most, and
    /// only once the levels' spacing has passed since it (see `Dunning.cases`).
    public var letterLevel: Int
    /// Overdue documents, most days past due first.
    public var items: [Item]
    /// An open promise to pay (not yet due, not broken) holds reminders back.
    public var paused: Bool
    /// Why reminders are held back (`paused`): an open promise to pay, or the account
    /// flagged dispute or legal.
    public enum PauseReason: String, Sendable { case promise, dispute, legal }
    public var pausedBy: PauseReason?
    /// Unapplied payments and unallocated credit notes cover the overdue amount (in the
    /// report's currency when the aging converts, else in every currency): nothing to
    /// claim, no letter.
    public var inCredit = false
    /// A reminder is due today: not paused, and a document has reached a level it was
    /// never reminded at (per document; see `Dunning.cases`).
    public var due: Bool
    /// Payments not applied to a document and credit notes not allocated, per currency
    /// (positive minor units): they lower what the customer owes, so a letter says so.
    public var credits: [Currency: Int64] = [:]
    /// The last reminder recorded in the journal (level, UTC day).
    public var lastLevel: Int?
    public var lastSent: CivilDate?

    /// The position in words, as the card and `report customer` show it: "level 3
    /// reached, next letter level 1", "level 2 reached, level 2 letter sent 2026-11-02",
    /// then why no letter goes out when one would ("paused: promise to pay", "in credit").
    public var positionText: String {
        var t = "level \(level) reached"
        if let l = lastLevel, let on = lastSent { t += ", level \(l) letter sent \(on)" }
        if due { t += ", next letter level \(letterLevel)" }
        if let p = pausedBy { t += " (paused: \(p == .promise ? "promise to pay" : p.rawValue))" }
        else if inCredit { t += " (in credit: no letter)" }
        return t
    }
}

/// Dunning levels (issue 5 item 5): level k is reached at `levels[k−1]` days past due,
/// inclusive. One reminder per customer.
///
/// Letters escalate one level at a time, as reminder levels do in ERP dunning runs (each
/// reminder raises an entry's level by one, after a grace period): a customer never
/// reminded gets a level-1 letter whatever its days past due, and the letter at level
/// k + 1 goes out no sooner than `levels[k] − levels[k−1]` days after the first letter at
/// level k (letters for newer documents at level k do not restart that clock). So a first
/// letter never says "despite our previous reminders". Reminders recorded for a day after
/// the as-of date are not counted.
public enum Dunning {
    /// The level `daysPastDue` reaches (0 = none).
    public static func level(daysPastDue: Int, levels: [Int]) -> Int {
        levels.lastIndex(where: { daysPastDue >= $0 }).map { $0 + 1 } ?? 0
    }

    /// Every customer with a document at level 1 or more, by customer id.
    /// - Parameters:
    ///   - isBroken: whether a promise (of the customer, or of one of its documents) is broken.
    public static func cases(_ ledger: Ledger, aging: AgingReport, annotations: Annotations, levels: [Int],
                             isBroken: (PromiseToPay, Int32, Int32?) -> Bool) -> [DunningCase] {
        cases(ledger, aging: aging, items: aging.items.indices, annotations: annotations, levels: levels, isBroken: isBroken)
    }

    /// The case of customer `c` alone, as `cases` gives it (nil when nothing of it is at a
    /// level), from that customer's open items (`openItems`: indices into `aging.items`):
    /// the customer card shows what the dunning run would send.
    public static func customerCase(_ c: Int32, _ ledger: Ledger, aging: AgingReport, openItems: some Collection<Int32>,
                                    annotations: Annotations, levels: [Int], isBroken: (PromiseToPay, Int32, Int32?) -> Bool) -> DunningCase? {
        cases(ledger, aging: aging, items: openItems.map(Int.init), annotations: annotations, levels: levels, isBroken: isBroken)
            .first { $0.customer == c }
    }

    /// `cases` over the aging items `indices` only.
    static func cases(_ ledger: Ledger, aging: AgingReport, items indices: some Collection<Int>, annotations: Annotations, levels: [Int],
                      isBroken: (PromiseToPay, Int32, Int32?) -> Bool) -> [DunningCase] {
        let asOf = aging.asOf
        var items: [Int32: [DunningCase.Item]] = [:]
        // Overdue less credits in the report's currency, when the aging converts: a credit
        // in one currency then covers a debt in another (a trial's USD debt, EUR credit).
        var reportingNet: [Int32: Int64] = [:]
        for it in indices.lazy.map({ aging.items[$0] }) where it.kind == .document && it.open.minorUnits > 0 {
            // A disputed document is not dunned (the export's flag or the journal's), nor one
            // passed to legal: the lawyers write about it, not the reminders.
            let d = ledger.documents[Int(it.index)]
            if d.disputed { continue }
            if let flags = annotations.document(customer: ledger.customers[Int(it.customer)].id, d.id)?.flags,
               flags.contains(.dispute) || flags.contains(.legal) { continue }
            let dpd = it.dueDate.days(until: asOf)
            let l = level(daysPastDue: dpd, levels: levels)
            guard l > 0 else { continue }
            items[it.customer, default: []].append(.init(document: it.index, daysPastDue: dpd, level: l, open: it.open))
            reportingNet[it.customer, default: 0] += it.reportingMinor
        }
        var credits: [Int32: [Currency: Int64]] = [:]
        for it in indices.lazy.map({ aging.items[$0] }) where it.open.minorUnits < 0 && items[it.customer] != nil {
            credits[it.customer, default: [:]][it.open.currency, default: 0] -= it.open.minorUnits
            reportingNet[it.customer, default: 0] += it.reportingMinor
        }
        var out: [DunningCase] = []
        for (c, var list) in items {
            list.sort { $0.daysPastDue != $1.daysPastDue ? $0.daysPastDue > $1.daysPastDue : $0.document < $1.document }
            let cust = ledger.customers[Int(c)]
            let notes = annotations.customer(cust.id)
            var promises: [(PromiseToPay, Int32?)] = notes?.promise.map { [($0, nil)] } ?? []
            for i in list {
                if let p = annotations.document(customer: cust.id, ledger.documents[Int(i.document)].id)?.promise { promises.append((p, i.document)) }
            }
            // Paused by an open promise, or by a dispute on the whole account.
            let byPromise = promises.contains { p, d in p.date >= asOf && !isBroken(p, c, d) }
            let byDispute = notes?.flags.contains(.dispute) == true
            // An account passed to legal is the lawyers' to write to, not the reminders'.
            let byLegal = notes?.flags.contains(.legal) == true
            let paused = byPromise || byDispute || byLegal
            let top = list.map(\.level).max()!
            // Reminders up to the as-of date: per document (`--record`), or per customer
            // (older journals). The last letter is the latest of its open documents'.
            let customerReminders = notes?.reminders(upTo: asOf) ?? []
            var docReminders: [[(level: Int, on: CivilDate)]] = []
            var all = customerReminders
            for it in list {
                let r = annotations.document(customer: cust.id, ledger.documents[Int(it.document)].id)?.reminders(upTo: asOf) ?? []
                docReminders.append(r)
                all += r
            }
            let last = all.max { ($0.on, $0.level) < ($1.on, $1.level) }
            // One level above the last letter at most, once the levels' spacing has passed
            // since the first letter at the last letter's level.
            var letter = min(top, (last?.level ?? 0) + 1)
            if let l = last, letter > l.level, letter >= 2 {
                let firstAtLevel = all.filter { $0.level >= l.level }.map(\.on).min() ?? l.on
                if asOf < firstAtLevel.advanced(by: levels[letter - 1] - levels[letter - 2]) { letter = max(1, min(top, l.level)) }
            }
            // A reminder is due when a document would be reminded at a level it never was.
            // A customer-level record counts for the documents that had reached their level by then.
            let customerLast = customerReminders.last
            var anyDue = false
            for k in list.indices {
                let d = ledger.documents[Int(list[k].document)]
                let target = min(list[k].level, letter)
                list[k].reminderLevel = target
                if let r = docReminders[k].max(by: { $0.level < $1.level }) {
                    if target > r.level { anyDue = true }
                } else if let r = customerLast {
                    let reached = d.dueDate.advanced(by: levels[target - 1])
                    if reached > r.on || target > r.level { anyDue = true }
                } else {
                    anyDue = true
                }
            }
            // Credits that cover the overdue amount in every currency: nothing to claim.
            var net: [Currency: Int64] = [:]
            for it in list { net[it.open.currency, default: 0] += it.open.minorUnits }
            for (cur, v) in credits[c] ?? [:] { net[cur, default: 0] -= v }
            let inCredit = aging.reportingCurrency != nil ? (reportingNet[c] ?? 0) <= 0 : net.values.allSatisfy { $0 <= 0 }
            out.append(DunningCase(customer: c, level: top, letterLevel: letter, items: list, paused: paused,
                                   pausedBy: byPromise ? .promise : byDispute ? .dispute : byLegal ? .legal : nil, inCredit: inCredit,
                                   due: !paused && !inCredit && anyDue, credits: credits[c] ?? [:], lastLevel: last?.level, lastSent: last?.on))
        }
        return out.sorted { ledger.customers[Int($0.customer)].id < ledger.customers[Int($1.customer)].id }
    }
}

/// A reminder template with `{placeholder}` fields; `{{` and `}}` are literal braces.
public struct DunningTemplate: Sendable, Equatable {
    /// A placeholder the template does not know, or a brace left open.
    public struct Problem: Error, Sendable, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// The placeholders a template may use.
    public static let fields = ["customer_name", "customer_id", "customer_email", "collector", "today", "level",
                                "documents", "total_overdue", "currency", "interest", "compensation", "total_claim",
                                "interest_rate", "law", "credits", "credits_note"]

    public var text: String
    public var file: String

    /// Checks every placeholder.
    /// - Throws: `Problem` naming the line of the first unknown placeholder or open brace.
    public init(text: String, file: String) throws {
        self.text = text
        self.file = file
        _ = try render(Dictionary(uniqueKeysWithValues: DunningTemplate.fields.map { ($0, "") }))
    }

    /// The text with each `{field}` replaced by `values[field]`.
    /// - Throws: `Problem` for a placeholder not in `values`.
    public func render(_ values: [String: String]) throws -> String {
        var out = ""
        var line = 1
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if ch == "\n" { line += 1 }
            let next = text.index(after: i)
            if ch == "{" {
                if next < text.endIndex && text[next] == "{" { out.append("{"); i = text.index(after: next); continue }
                guard let close = text[next...].firstIndex(of: "}"), !text[next..<close].contains("\n") else {
                    throw Problem(file: file, line: line, message: "a { without its closing } (write {{ for a brace)")
                }
                let name = String(text[next..<close]).trimmingCharacters(in: .whitespaces)
                guard let v = values[name] else {
                    throw Problem(file: file, line: line, message: "unknown placeholder {\(name)} (known: \(DunningTemplate.fields.map { "{\($0)}" }.joined(separator: ", ")))")
                }
                out += v
                i = text.index(after: close)
                continue
            }
            if ch == "}" && next < text.endIndex && text[next] == "}" { out.append("}"); i = text.index(after: next); continue }
            out.append(ch)
            i = next
        }
        return out
    }

    /// The built-in text of a level, used when the ledger folder has no template for it;
    /// without the interest and compensation lines when `claimsInterest` is false
    /// (`[interest] law = "none"`).
    public static func builtIn(level: Int, of count: Int, claimsInterest: Bool = true) -> String {
        let opening: String
        switch level {
        case 1: opening = "Our records show that the invoices below are past their due date. Perhaps this has escaped your attention; we would be grateful for your payment."
        case count: opening = "FINAL NOTICE. Despite our previous reminders, the invoices below remain unpaid. Unless payment reaches us within 8 days, we will pass the matter to our legal department without further notice."
        default: opening = "Second reminder: the invoices below are still unpaid despite our previous reminder. Please pay them without delay or tell us why."
        }
        return """
        To: {customer_name} ({customer_id}) {customer_email}
        Date: {today}
        Subject: Payment reminder (level {level}) for account {customer_id}

        Dear {customer_name},

        \(opening)

        {documents}

        Total overdue: {total_overdue}{credits_note}\(claimsInterest ? "\n" + """
        Statutory late-payment interest to date ({law}, {interest_rate}, Actual/365): {interest}
        Fixed recovery compensation: {compensation}
        Total claimed: {total_claim}
        """ : "")

        If you have already paid, please ignore this letter.

        {collector}

        """
    }
}

extension DunningConfig {
    /// The templates' folder as a path (a relative name is under `ledgerFolder`), and a
    /// problem when `[dunning] templates` named a folder that is not there: letters would
    /// otherwise go out with the built-in text and nobody would know.
    public func templatesPath(ledgerFolder: String) -> (path: String, problem: LedgerProblem?) {
        let path = templates.hasPrefix("/") ? templates : (ledgerFolder as NSString).appendingPathComponent(templates)
        var isDir: ObjCBool = false
        guard templatesFolder != nil, !(FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue) else {
            return (path, nil)
        }
        let what = FileManager.default.fileExists(atPath: path) ? "not a folder" : "folder not found"
        return (path, LedgerProblem(.warning, file: templates, line: nil, field: nil,
                                    "\(what) (named by [dunning] templates in ardash.toml): its letters cannot be used"))
    }
}
