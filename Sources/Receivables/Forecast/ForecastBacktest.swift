/// The forecast made as of a past date, next to what was actually received.
public struct BacktestRun: Sendable, Equatable {
    public var origin: CivilDate
    public var currency: Currency
    /// Per week: the model's forecast, the naive forecast, and the actual receipts on the
    /// documents open at the origin (reporting-currency minor units, converted at the origin).
    public var model: [Int64]
    public var naive: [Int64]
    public var actual: [Int64]

    /// Weighted absolute percentage error, Σ|forecast − actual| / Σ actual × 100; nil when
    /// nothing was received.
    public static func wape(_ f: [Int64], _ a: [Int64]) -> DayCount? {
        let den = a.reduce(Int128(0)) { $0 + Int128($1) }
        guard den > 0 else { return nil }
        let num = zip(f, a).reduce(Int128(0)) { $0 + Int128(abs($1.0 - $1.1)) }
        return DayCount(num * 100, over: den).reduced
    }

    /// (Σ forecast − Σ actual) / Σ actual × 100: positive = too optimistic.
    public static func bias(_ f: [Int64], _ a: [Int64]) -> DayCount? {
        let den = a.reduce(Int128(0)) { $0 + Int128($1) }
        guard den > 0 else { return nil }
        return DayCount((f.reduce(Int128(0)) { $0 + Int128($1) } - den) * 100, over: den).reduced
    }

    public var modelWAPE: DayCount? { BacktestRun.wape(model, actual) }
    public var naiveWAPE: DayCount? { BacktestRun.wape(naive, actual) }
}

/// Back-test of the cash forecast on the ledger's own history: as of a past date, the
/// predictor sees only what was paid by then; its weekly forecast is compared with the
/// receipts that actually settled the documents open on that date. The naive forecast
/// puts every document on its due date (a document already overdue at the origin in week 1).
/// Promises from the journal are not used (they are not dated in the ledger's history).
public enum ForecastBacktest {
    /// One back-test as of `origin`, over `weeks` weeks.
    /// - Returns: nil when the aging at the origin cannot be converted into one currency.
    public static func run(_ ledger: Ledger, origin: CivilDate, weeks: Int = 13) -> BacktestRun? {
        let aging = Aging.report(ledger, asOf: origin)
        guard let cur = aging.reportingCurrency ?? (aging.sections.count == 1 ? aging.sections[0].currency : nil) else { return nil }
        let history = PaymentHistory(ledger, asOf: origin, weightCurrency: cur)
        let predictor = PaymentPredictor(history)
        let receipts = CashForecasting.receipts(ledger, aging: aging, predictor: predictor)
        let model = CashForecasting.weekly(receipts, asOf: origin, currency: cur, weeks: weeks).weeks.map(\.expected)
        var naive = [Int64](repeating: 0, count: weeks), actual = naive
        func week(_ d: CivilDate) -> Int? {
            let w = (origin.days(until: d) - 1) / 7
            return origin.days(until: d) >= 1 && w < weeks ? w : nil
        }
        for it in aging.items where it.kind == .document && it.open.minorUnits > 0 && it.reportingMinor > 0 {
            let d = ledger.documents[Int(it.index)]
            if let w = d.dueDate <= origin ? 0 : week(d.dueDate) { naive[w] += it.reportingMinor }
            // What actually settled it after the origin, at the origin's conversion (the
            // item's own ratio), never more than was open.
            var left = it.open.minorUnits
            for e in ledger.settlements.of(Int(it.index)) where e.effective > origin && left > 0 {
                guard let w = week(e.effective) else { break }   // by date: the rest is later still
                let take = min(max(e.amount, 0), left)
                left -= take
                actual[w] += it.open.minorUnits == it.reportingMinor ? take
                    : Int64(roundedHalfEven(Int128(take) * Int128(it.reportingMinor), Int128(it.open.minorUnits)))
            }
        }
        return BacktestRun(origin: origin, currency: cur, model: model, naive: naive, actual: actual)
    }

    /// The origins of a default back-test: `count` dates 13 weeks apart, the latest 13
    /// weeks before `end`, keeping only those with at least 90 days of history before them.
    public static func origins(_ ledger: Ledger, end: CivilDate, count: Int = 4, weeks: Int = 13) -> [CivilDate] {
        guard let first = ledger.documents.map(\.date).min() else { return [] }
        return (1...max(1, count)).map { end.advanced(by: -7 * weeks * $0) }.filter { first.days(until: $0) >= 90 }.reversed()
    }

    /// The last date with activity (a document or a payment) on or before `asOf`.
    public static func lastActivity(_ ledger: Ledger, asOf: CivilDate) -> CivilDate? {
        var last: CivilDate? = nil
        for d in ledger.documents where d.date <= asOf { last = max(last ?? d.date, d.date) }
        for p in ledger.payments where p.date <= asOf { last = max(last ?? p.date, p.date) }
        return last
    }
}
