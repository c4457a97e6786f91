/// When each document was paid in full, and how late: the raw material of payment
/// behaviour (average days to pay, days late, risk, payment prediction, back-test).
///
/// Built once per ledger and as-of date in O(documents + settlements). Only invoices and
/// debit notes (positive amounts) count; credit notes are not "paid".
public struct PaymentHistory: Sendable {
    /// One document settled in full by the as-of date.
    public struct Settled: Sendable, Equatable {
        public var document: Int32
        public var customer: Int32
        /// Date of the settlement that closed it (DESIGN: the later of payment and document date).
        public var paidOn: CivilDate
        /// paidOn − document date, days (≥ 0).
        public var daysToPay: Int
        /// paidOn − due date, days; negative when paid early.
        public var daysLate: Int
        /// The document's amount in the weight currency, minor units (> 0).
        public var weight: Int64
    }

    /// Documents paid in full on or before `asOf`, in document order.
    public let settled: [Settled]
    public let asOf: CivilDate

    /// - Parameters:
    ///   - asOf: only settlements effective on or before it count (a back-test passes a past date).
    ///   - weightCurrency: amounts are converted into it at the document date when fx rates
    ///     allow, so that averages are not weighted by yen against euros; nil = own currency.
    public init(_ ledger: Ledger, asOf: CivilDate, weightCurrency: Currency? = nil) {
        self.init(LedgerScan(ledger, asOf: asOf, history: true, weightCurrency: weightCurrency))
    }

    /// The history gathered by a scan made with `history: true`.
    public init(_ scan: LedgerScan) {
        asOf = scan.asOf
        settled = scan.takeSettled()
    }

    /// A document's amount converted at its date into `target` (own amount when no rate).
    static func weight(_ amount: Money, on date: CivilDate, ledger: Ledger, into target: Currency?) -> Int64 {
        let c = amount.currency
        guard let target, c != target, let r = ledger.fx.rate(c, on: date) else { return amount.minorUnits }
        // A weight past 64 bits is only relative: the largest one stands for it.
        return max(1, r.convert(amount.minorUnits, fromDigits: c.minorDigits, toDigits: target.minorDigits) ?? .max)
    }
}

/// Amount-weighted averages of days to pay and days late over a set of settled documents.
public struct PaymentHabit: Sendable, Equatable {
    /// Σ weight × days to pay / Σ weight (days); nil when no document.
    public var averageDaysToPay: DayCount?
    /// Σ weight × max(0, days late) / Σ weight: days late, early payments counting as 0
    /// (the usual "average days late" of collection tools; D&B Paydex counts the same way).
    public var averageDaysLate: DayCount?
    /// Share of the amount paid after its due date, in percent.
    public var sharePaidLate: DayCount?
    /// Documents counted.
    public var count: Int

    /// The habit of `entries` (any subset of a `PaymentHistory`: a customer, a month).
    public init<S: Sequence>(_ entries: S) where S.Element == PaymentHistory.Settled {
        var sums = Sums()
        for e in entries { sums.add(e) }
        self = sums.habit
    }

    /// Running sums of a habit, so that many customers' habits are gathered in one pass
    /// without an array of documents each.
    public struct Sums: Sendable {
        var weight: Int128 = 0, pay: Int128 = 0, late: Int128 = 0, lateWeight: Int128 = 0, count = 0

        public init() {}

        public mutating func add(_ e: PaymentHistory.Settled) {
            let x = Int128(e.weight)
            weight += x; pay += x * Int128(e.daysToPay); late += x * Int128(max(0, e.daysLate)); count += 1
            if e.daysLate > 0 { lateWeight += x }
        }

        public var habit: PaymentHabit {
            PaymentHabit(count: count,
                         averageDaysToPay: weight > 0 ? DayCount(pay, over: weight).reduced : nil,
                         averageDaysLate: weight > 0 ? DayCount(late, over: weight).reduced : nil,
                         sharePaidLate: weight > 0 ? DayCount(lateWeight * 100, over: weight).reduced : nil)
        }
    }

    init(count: Int, averageDaysToPay: DayCount?, averageDaysLate: DayCount?, sharePaidLate: DayCount?) {
        self.count = count; self.averageDaysToPay = averageDaysToPay; self.averageDaysLate = averageDaysLate
        self.sharePaidLate = sharePaidLate
    }
}
