/// The months a KPI series covers and how each document and payment adds to its sums:
/// series 0 the balance's monthly flow, 1 the sales, 2 the current (not yet due)
/// receivables, per currency, in minor units.
///
/// Split from `KPISeries.monthly` so that the dashboard's `LedgerScan` can add every row
/// to the sums in the pass it already makes over the documents and their settlements
/// (a second pass over a million rows was most of the KPI series' time).
public struct MonthlyFrame: Sendable {
    let asOf: CivilDate
    /// Months in the series (1…1200).
    let months: Int
    /// The series' currency; `converted`: every currency's rows are summed (to be
    /// converted later), else only `target`'s.
    let target: Currency
    let converted: Bool
    let table: MonthTable
    /// Month keys (year × 12 + month − 1): the as-of month, and the first slot's (three
    /// months before the series for the quarter's CEI, or the ledger's first month).
    let lastKey: Int
    let startKey: Int
    /// Slots from `startKey` to `lastKey`.
    let n: Int

    /// nil when there is no series currency (several currencies and no reporting currency).
    public init?(_ ledger: Ledger, asOf: CivilDate, months: Int, currency: Currency?) {
        guard let target = currency ?? ledger.reportingCurrency else { return nil }
        self.asOf = asOf
        self.months = max(1, min(months, 1200))
        self.target = target
        converted = currency == nil
        table = MonthTable(ledger, asOf: asOf, through: asOf.advanced(by: 800))
        lastKey = table.key(asOf)
        let firstKey = lastKey - self.months + 1
        startKey = max(min(firstKey - 3, table.key(CivilDate(daysSinceEpoch: table.firstDay))), lastKey - 1200)
        n = lastKey - startKey + 1
    }

    /// Whether sums made with `other` are these sums.
    func matches(_ other: MonthlyFrame) -> Bool {
        asOf == other.asOf && months == other.months && target == other.target && converted == other.converted
            && startKey == other.startKey && n == other.n
    }

    /// Empty sums for this frame.
    func emptySums() -> CurrencyMonthSums { CurrencyMonthSums(months: n, width: 3) }

    @inline(__always)
    func slot(_ d: CivilDate) -> Int { max(0, table.key(d) - startKey) }

    /// Last slot whose month ends on or before `due` (the document is still current then).
    @inline(__always)
    func lastCurrentSlot(_ due: CivilDate) -> Int {
        let kd = table.key(due)
        if kd > lastKey { return n - 1 }
        if kd == lastKey { return asOf <= due ? n - 1 : n - 2 }
        return (table.key(due.advanced(by: 1)) != kd ? kd : kd - 1) - startKey   // due on its month's last day?
    }

    /// The running position in a pass: the currency last met and its sums' offset.
    struct Cursor {
        var last: Currency? = nil
        var base = 0
    }

    /// Adds document `i` (dated on or before `asOf`; the caller checks) to `sums`.
    @inline(__always)
    func addDocument(_ docs: UnsafeBufferPointer<Document>, _ i: Int, _ st: Settlements.View,
                     to sums: inout CurrencyMonthSums, _ cursor: inout Cursor) {
        let amount = docs[i].amount
        let c = amount.currency
        if !converted && c != target { return }
        if c != cursor.last { cursor.base = sums.base(c); cursor.last = c }
        let base = cursor.base
        let s = slot(docs[i].date)
        sums.values[base + s] += amount.minorUnits
        sums.values[base + n + s] += amount.minorUnits
        guard amount.minorUnits > 0 else { return }
        let hi = lastCurrentSlot(docs[i].dueDate)
        guard hi >= s else { return }
        for k in s...hi { sums.values[base + 2 * n + k] += amount.minorUnits }
        // Settled at most in full: an over-payment is a credit, aged by its own date as in
        // the aging, not negative current receivables.
        var settled: Int64 = 0
        for e in st.of(i) where e.effective <= asOf {
            let before = min(settled, amount.minorUnits)
            settled += e.amount
            let delta = min(settled, amount.minorUnits) - before
            let from = max(s, slot(e.effective))
            if delta != 0 && from <= hi { for k in from...hi { sums.values[base + 2 * n + k] -= delta } }
        }
    }

    /// Adds payment `i` (dated on or before `asOf`; the caller checks) to `sums`.
    @inline(__always)
    func addPayment(_ pays: UnsafeBufferPointer<Payment>, _ i: Int, to sums: inout CurrencyMonthSums, _ cursor: inout Cursor) {
        let amount = pays[i].amount
        let c = amount.currency
        if !converted && c != target { return }
        if c != cursor.last { cursor.base = sums.base(c); cursor.last = c }
        sums.values[cursor.base + slot(pays[i].date)] -= amount.minorUnits
    }

    /// The sums of the rows `documents` and `payments` (index ranges), in a pass of their own.
    func sums(_ ledger: Ledger, documents docRange: Range<Int>, payments payRange: Range<Int>) -> CurrencyMonthSums {
        var sums = emptySums()
        var cursor = Cursor()
        ledger.settlements.withView { st in
            ledger.documents.withUnsafeBufferPointer { docs in
                for i in docRange where docs[i].date <= asOf { addDocument(docs, i, st, to: &sums, &cursor) }
            }
        }
        ledger.payments.withUnsafeBufferPointer { pays in
            for i in payRange where pays[i].date <= asOf { addPayment(pays, i, to: &sums, &cursor) }
        }
        return sums
    }
}

/// A KPI series' monthly sums and the frame they were made in (`LedgerScan` gathers
/// them; a reload of appended documents adds those to them).
public struct MonthlySums: Sendable {
    let frame: MonthlyFrame
    let sums: CurrencyMonthSums

    /// These sums with the documents `newDocuments` of `ledger` added: `ledger` is the one
    /// they were made from with those documents appended, none settled yet, and no payment
    /// added. nil when the new documents move the series' first month (an earlier date):
    /// the frame is then another.
    public func adding(documents newDocuments: Range<Int>, of ledger: Ledger) -> MonthlySums? {
        guard let now = MonthlyFrame(ledger, asOf: frame.asOf, months: frame.months, currency: frame.converted ? nil : frame.target),
              now.matches(frame) else { return nil }
        var sums = self.sums
        var cursor = MonthlyFrame.Cursor()
        ledger.settlements.withView { st in
            ledger.documents.withUnsafeBufferPointer { docs in
                for i in newDocuments where docs[i].date <= frame.asOf { now.addDocument(docs, i, st, to: &sums, &cursor) }
            }
        }
        return MonthlySums(frame: now, sums: sums)
    }
}
