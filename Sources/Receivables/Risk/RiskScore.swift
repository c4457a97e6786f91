/// One line of a risk score: what was measured and the points it adds.
public struct RiskFactor: Sendable, Equatable {
    public var name: String
    /// The measured value, as shown ("34.5 days", "62 % of the amount").
    public var value: String
    public var points: Int
    public var maxPoints: Int
}

/// A transparent 0–100 risk score: the sum of the factors' points, each capped.
public struct RiskScore: Sendable, Equatable {
    public var score: Int
    public var factors: [RiskFactor]

    /// "low" (< 25), "medium" (< 50), "high" (< 75) or "very high".
    public var band: String { score < 25 ? "low" : score < 50 ? "medium" : score < 75 ? "high" : "very high" }
}

/// What the risk score is made of, for one customer.
public struct RiskInputs: Sendable, Equatable {
    /// Amount-weighted average days late over the last 12 months.
    public var daysLate12m: DayCount?
    /// With no payment in 12 months: the amount-weighted days past due of what is
    /// overdue now (a customer who never pays must not look punctual).
    public var daysOverdueNow: DayCount?
    /// The same over the last 3 months, and over the 3 months before.
    public var daysLateRecent: DayCount?
    public var daysLatePrevious: DayCount?
    /// Share of the amount paid after its due date over 12 months, percent.
    public var sharePaidLate: DayCount?
    public var disputes: Int
    public var brokenPromises: Int
    public var utilisation: DayCount?
    public var limitState: CreditLimitState

    /// Inputs; nil days mean no payment in that window (no points).
    public init(daysLate12m: DayCount? = nil, daysLateRecent: DayCount? = nil, daysLatePrevious: DayCount? = nil,
                sharePaidLate: DayCount? = nil, disputes: Int = 0, brokenPromises: Int = 0, utilisation: DayCount? = nil,
                limitState: CreditLimitState = .none) {
        self.daysLate12m = daysLate12m; self.daysLateRecent = daysLateRecent; self.daysLatePrevious = daysLatePrevious
        self.sharePaidLate = sharePaidLate; self.disputes = disputes; self.brokenPromises = brokenPromises
        self.utilisation = utilisation; self.limitState = limitState
    }
}

/// The risk model: simple, bounded, explainable points (ardash's own; every factor is one
/// the issue names, with caps chosen so that no single one passes 25 of 100).
///
/// | factor | points | cap |
/// |---|---|---|
/// | days late, 12 months (amount-weighted; with no payment, the days past due of what is open) | days × 25 / 60 | 25 |
/// | trend: last 3 months − the 3 before | rise in days / 3 | 10 |
/// | share of the amount paid late, 12 months | percent / 5 | 20 |
/// | open disputes | 5 each | 10 |
/// | broken promises to pay | 10 each | 20 |
/// | credit limit | near 8, over 15 | 15 |
/// Points are rounded half-to-even to whole points.
public enum RiskModel {
    /// The score of one customer: each factor's points (table above), capped, summed, at most 100.
    public static func score(_ x: RiskInputs) -> RiskScore {
        func pts(_ v: DayCount?, times: Int128, over: Int128, cap: Int) -> Int {
            guard let v, v > DayCount(0) else { return 0 }
            return min(cap, Int(roundedHalfEven(v.numerator * times, v.denominator * over)))
        }
        func days(_ v: DayCount?) -> String { v.map { "\($0.formatted(decimals: 1)) days" } ?? "no payments" }
        var factors: [RiskFactor] = []
        if x.daysLate12m == nil, let open = x.daysOverdueNow {
            factors.append(RiskFactor(name: "days late (12 months)", value: "no payments; open items \(open.formatted(decimals: 1)) days past due",
                                      points: pts(open, times: 25, over: 60, cap: 25), maxPoints: 25))
        } else {
            factors.append(RiskFactor(name: "days late (12 months)", value: days(x.daysLate12m),
                                      points: pts(x.daysLate12m, times: 25, over: 60, cap: 25), maxPoints: 25))
        }
        var trend: DayCount? = nil
        if let r = x.daysLateRecent, let p = x.daysLatePrevious {
            trend = DayCount(r.numerator * p.denominator - p.numerator * r.denominator, over: r.denominator * p.denominator).reduced
        }
        let trendText = trend.map { ($0 >= DayCount(0) ? "+" : "") + "\($0.formatted(decimals: 1)) days vs the 3 months before" } ?? "not enough payments"
        factors.append(RiskFactor(name: "days late trend", value: trendText, points: pts(trend, times: 1, over: 3, cap: 10), maxPoints: 10))
        factors.append(RiskFactor(name: "paid late (12 months)", value: x.sharePaidLate.map { "\($0.formatted(decimals: 0)) % of the amount" } ?? "no payments",
                                  points: pts(x.sharePaidLate, times: 1, over: 5, cap: 20), maxPoints: 20))
        factors.append(RiskFactor(name: "open disputes", value: "\(x.disputes)", points: min(10, 5 * x.disputes), maxPoints: 10))
        factors.append(RiskFactor(name: "broken promises", value: "\(x.brokenPromises)", points: min(20, 10 * x.brokenPromises), maxPoints: 20))
        let limitPoints = x.limitState == .over ? 15 : x.limitState == .near ? 8 : 0
        factors.append(RiskFactor(name: "credit limit", value: x.utilisation.map { "\($0.formatted(decimals: 1)) % used" } ?? "no limit",
                                  points: limitPoints, maxPoints: 15))
        return RiskScore(score: min(100, factors.reduce(0) { $0 + $1.points }), factors: factors)
    }

    /// The inputs of every customer from its payment history and standing.
    /// - Parameters:
    ///   - brokenPromises: broken promises per customer index (from the journal).
    public static func inputs(history: PaymentHistory, standings: [CustomerStanding], asOf: CivilDate,
                              brokenPromises: [Int32: Int]) -> [RiskInputs] {
        let n = standings.count
        var year = [[PaymentHistory.Settled]](repeating: [], count: n)
        var recent = year, previous = year
        let yearStart = asOf.advanced(by: -365), recentStart = asOf.advanced(by: -91), previousStart = asOf.advanced(by: -182)
        for e in history.settled where e.paidOn > yearStart && e.paidOn <= asOf && Int(e.customer) < n {
            let c = Int(e.customer)
            year[c].append(e)
            if e.paidOn > recentStart { recent[c].append(e) } else if e.paidOn > previousStart { previous[c].append(e) }
        }
        return (0..<n).map { c in
            let y = PaymentHabit(year[c]), r = PaymentHabit(recent[c]), p = PaymentHabit(previous[c])
            let s = standings[c]
            var inputs = RiskInputs(daysLate12m: y.averageDaysLate, daysLateRecent: r.averageDaysLate, daysLatePrevious: p.averageDaysLate,
                                    sharePaidLate: y.sharePaidLate, disputes: s.disputes, brokenPromises: brokenPromises[Int32(c)] ?? 0,
                                    utilisation: s.utilisation, limitState: s.limitState)
            if s.overdue > 0 { inputs.daysOverdueNow = DayCount(s.overdueDays, over: Int128(s.overdue)).reduced }
            return inputs
        }
    }
}
