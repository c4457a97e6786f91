/// One pass over the rows as of a date, for what several figures read from them: the
/// open items and the ledger balance (aging) and the documents paid in full (payment
/// history). Reading a million documents and their settlements is most of the work of
/// each, so the dashboard reads them once, on every core, for both.
///
/// A class, so that each user can take its part without a copy (`takeOpenItems`,
/// `takeSettled`): at a million documents a copy of either is 10–35 MB at the peak.
public final class LedgerScan: @unchecked Sendable {   // written once in init; each part taken by one user
    public let asOf: CivilDate
    /// Open items before classification and allocation: documents in ledger order, then
    /// unapplied cash. Empty unless asked for (or once taken).
    public private(set) var openItems: [OpenItem]
    /// Σ documents − Σ payments dated ≤ `asOf`, per currency (minor units), summed on its
    /// own (only the pass is shared) so that the aging can be checked against it. Only
    /// with the open items (without them the payments are not read).
    public let balance: [Currency: Int64]
    /// Documents paid in full by `asOf`, in document order. Empty unless asked for (or
    /// once taken).
    public private(set) var settled: [PaymentHistory.Settled]

    /// The KPI series' monthly sums, gathered in this pass when a frame was given
    /// (`KPISeries.monthly(…, sums:)` takes them instead of a pass of its own).
    public let monthly: MonthlySums?

    /// The open items, left empty here (the aging classifies them in place).
    public func takeOpenItems() -> [OpenItem] { defer { openItems = [] }; return openItems }
    /// The documents paid in full, left empty here.
    public func takeSettled() -> [PaymentHistory.Settled] { defer { settled = [] }; return settled }

    /// - Parameters:
    ///   - openItems: gather the open items (and the balance).
    ///   - history: gather the documents paid in full, their amounts weighted in
    ///     `weightCurrency` (converted at the document date when fx rates allow).
    ///   - monthly: gather the KPI series' sums for this frame too (its as-of date must be `asOf`).
    /// - Complexity: O(documents + payments + settlements), on every core.
    public init(_ ledger: Ledger, asOf: CivilDate, openItems: Bool = false, history: Bool = false, weightCurrency: Currency? = nil,
                monthly: MonthlyFrame? = nil) {
        // (Parts are joined into one array each, reserved once: no intermediate copies.)
        self.asOf = asOf
        let monthly = monthly?.asOf == asOf ? monthly : nil
        let parts = Parallel.ledgerRows(ledger) { docs, pays in
            LedgerScan.part(ledger, asOf: asOf, documents: docs, payments: openItems || monthly != nil ? pays : 0..<0,
                            items: openItems, history: history, weight: weightCurrency, monthly: monthly)
        }
        self.monthly = monthly.map { frame in
            MonthlySums(frame: frame, sums: parts.dropFirst().reduce(parts[0].monthly!) { $0.adding($1.monthly!) })
        }
        balance = parts.dropFirst().reduce(into: parts[0].balance) { total, part in total.merge(part.balance, uniquingKeysWith: +) }
        func joined<T>(_ picks: [(Part) -> [T]]) -> [T] {
            if parts.count == 1 && picks.count == 1 { return picks[0](parts[0]) }
            var out: [T] = []
            out.reserveCapacity(picks.reduce(0) { n, pick in parts.reduce(n) { $0 + pick($1).count } })
            for pick in picks { for p in parts { out += pick(p) } }
            return out
        }
        // Documents' items (in document order), then unapplied cash (in payment order).
        self.openItems = joined([{ $0.items }, { $0.unapplied }])
        settled = joined([{ $0.settled }])
    }

    struct Part {
        var items: [OpenItem] = [], unapplied: [OpenItem] = []
        var balance: [Currency: Int64] = [:]
        var settled: [PaymentHistory.Settled] = []
        var monthly: CurrencyMonthSums?
    }

    /// The rows `documents` and `payments` (index ranges).
    private static func part(_ ledger: Ledger, asOf: CivilDate, documents: Range<Int>, payments: Range<Int>,
                             items wantItems: Bool, history wantHistory: Bool, weight: Currency?, monthly frame: MonthlyFrame?) -> Part {
        // Field reads through buffer pointers: iterating the arrays by value would copy
        // (retain and release) every document's strings.
        ledger.settlements.withView { st in
            ledger.documents.withUnsafeBufferPointer { docs in
                ledger.payments.withUnsafeBufferPointer { pays in
                    part(docs, pays, st, fx: ledger.fx, asOf: asOf, documents: documents, payments: payments,
                         items: wantItems, history: wantHistory, weight: weight, monthly: frame)
                }
            }
        }
    }

    /// The balance per currency met, in a short array (rows of mixed currencies hashed
    /// into a dictionary one by one cost ~30 ms at a million rows), the last slot used
    /// remembered (rows of one currency run long).
    private struct Balances {
        var codes: [Currency] = [], totals: [Int64] = []
        var current: Currency? = nil, k = -1
        @inline(__always)
        mutating func add(_ amount: Money, sign: Int64 = 1) {
            if amount.currency != current {
                current = amount.currency
                if let i = codes.firstIndex(of: amount.currency) { k = i }
                else { codes.append(amount.currency); totals.append(0); k = codes.count - 1 }
            }
            totals[k] += sign * amount.minorUnits
        }
    }

    /// Each currency's rates, found once per part, not in the rate table per document
    /// (`PaymentHistory.weight`, the same figure: a dictionary look-up per paid document
    /// was a fifth of the pass).
    private struct Weights {
        let fx: FxTable
        let weight: Currency?
        var lists: [(currency: Currency, list: [(date: CivilDate, rate: ExchangeRate)]?)] = []
        mutating func of(_ amount: Money, on date: CivilDate) -> Int64 {
            let c = amount.currency
            guard let weight, c != weight else { return amount.minorUnits }
            let list: [(date: CivilDate, rate: ExchangeRate)]?
            if let known = lists.first(where: { $0.currency == c }) { list = known.list }
            else { list = fx.rates[c]; lists.append((c, list)) }
            guard let list, let r = FxTable.rate(in: list, on: date) else { return amount.minorUnits }
            // A weight past 64 bits is only relative: the largest one stands for it.
            return max(1, r.convert(amount.minorUnits, fromDigits: c.minorDigits, toDigits: weight.minorDigits) ?? .max)
        }
    }

    /// The pass itself, its state in locals no closure captures (captured ones were
    /// checked for exclusive access at run time on every row: 2 % of a report).
    private static func part(_ docs: UnsafeBufferPointer<Document>, _ pays: UnsafeBufferPointer<Payment>, _ st: Settlements.View,
                             fx: FxTable, asOf: CivilDate, documents: Range<Int>, payments: Range<Int>,
                             items wantItems: Bool, history wantHistory: Bool, weight: Currency?, monthly frame: MonthlyFrame?) -> Part {
        var monthly = frame?.emptySums()
        var cursor = MonthlyFrame.Cursor()
        var items: [OpenItem] = [], unapplied: [OpenItem] = []
        var settled: [PaymentHistory.Settled] = []
        var balances = Balances()
        var weights = Weights(fx: fx, weight: weight)
        for i in documents {
            if docs[i].date > asOf { continue }
            if let frame { frame.addDocument(docs, i, st, to: &monthly!, &cursor) }
            let amount = docs[i].amount
            balances.add(amount)
            // Paid in full: an invoice or debit note whose settlements up to `asOf`
            // bring it to zero, on the date of the one that does.
            if wantHistory && amount.minorUnits > 0 {
                var open = amount.minorUnits
                for e in st.of(i) {
                    if e.effective > asOf { break }
                    open -= e.amount
                    if open <= 0 {
                        settled.append(PaymentHistory.Settled(document: Int32(i), customer: docs[i].customer, paidOn: e.effective,
                                                              daysToPay: docs[i].date.days(until: e.effective),
                                                              daysLate: docs[i].dueDate.days(until: e.effective),
                                                              weight: weights.of(amount, on: docs[i].date)))
                        break
                    }
                }
            }
            guard wantItems else { continue }
            let applies = docs[i].appliesTo
            if applies >= 0 && docs[Int(applies)].date <= asOf { continue }   // consumed by its target
            var open = amount.minorUnits
            // The day that turned it into a credit: the last day it ended in credit after
            // starting the day owed. Later settlements that only add to the credit do not
            // make it younger (a trial saw a 150-day credit aged 10 days after one more
            // receipt). Whole days, so the order of one day's settlements cannot matter.
            var creditSince = docs[i].date
            var day = CivilDate(daysSinceEpoch: Int32.min), dayStart = open
            for e in st.of(i) {
                if e.effective > asOf { break }
                if e.source < 0 {
                    // A credit note settling this document counts once it and the document exist.
                    if e.sourceDate > asOf { continue }   // the credit note's date
                }
                if e.effective != day {
                    if dayStart >= 0 && open < 0 { creditSince = day }
                    day = e.effective; dayStart = open
                }
                open -= e.amount
            }
            if dayStart >= 0 && open < 0 { creditSince = day }
            if open == 0 { continue }
            // An over-paid document is a credit, aged from the settlement that made it one.
            let date = open < 0 && amount.minorUnits > 0 ? creditSince : docs[i].date
            items.append(OpenItem(kind: .document, index: Int32(i), customer: docs[i].customer, date: date, dueDate: docs[i].dueDate,
                                  days: 0, bucket: 0, open: Money(minorUnits: open, currency: amount.currency), reportingMinor: 0))
        }
        for i in payments {
            let date = pays[i].date
            if date > asOf { continue }
            if let frame { frame.addPayment(pays, i, to: &monthly!, &cursor) }
            guard wantItems else { continue }
            let amount = pays[i].amount
            balances.add(amount, sign: -1)
            let target = pays[i].document
            if target >= 0 && max(date, st.documentDates[Int(target)]) <= asOf { continue }
            unapplied.append(OpenItem(kind: .unappliedPayment, index: Int32(i), customer: pays[i].customer, date: date, dueDate: date,
                                      days: 0, bucket: 0, open: -amount, reportingMinor: 0))
        }
        return Part(items: items, unapplied: unapplied, balance: Dictionary(zip(balances.codes, balances.totals), uniquingKeysWith: +),
                    settled: settled, monthly: monthly)
    }
}
