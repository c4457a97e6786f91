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
    /// Each factor's points, in the order of the table above (no text: `score` adds it).
    public static func points(_ x: RiskInputs) -> [Int] {
        func pts(_ v: DayCount?, times: Int128, over: Int128, cap: Int) -> Int {
            guard let v, v > DayCount(0) else { return 0 }
            return min(cap, Int(roundedHalfEven(v.numerator * times, v.denominator * over)))
        }
        let lateness = x.daysLate12m ?? x.daysOverdueNow
        return [pts(lateness, times: 25, over: 60, cap: 25), pts(trend(x), times: 1, over: 3, cap: 10),
                pts(x.sharePaidLate, times: 1, over: 5, cap: 20), min(10, 5 * x.disputes), min(20, 10 * x.brokenPromises),
                x.limitState == .over ? 15 : x.limitState == .near ? 8 : 0]
    }

    /// The total only (0–100), for ranking every customer without building the texts.
    public static func total(_ x: RiskInputs) -> Int { min(100, points(x).reduce(0, +)) }

    /// Days late over the last 3 months minus the 3 before, when both have payments.
    static func trend(_ x: RiskInputs) -> DayCount? {
        guard let r = x.daysLateRecent, let p = x.daysLatePrevious else { return nil }
        return DayCount(r.numerator * p.denominator - p.numerator * r.denominator, over: r.denominator * p.denominator).reduced
    }

    /// The score of one customer: each factor's points (table above), capped, summed, at most 100.
    public static func score(_ x: RiskInputs) -> RiskScore {
        let p = points(x)
        // The figures are over documents paid in full: a customer may have paid in part, or
        // paid nothing off in full, without having made "no payments".
        let none = "none paid in full"
        func days(_ v: DayCount?) -> String { v.map { "\($0.formatted(decimals: 1)) days" } ?? none }
        let lateness = x.daysLate12m == nil && x.daysOverdueNow != nil
            ? "\(none); open items \(x.daysOverdueNow!.formatted(decimals: 1)) days past due" : days(x.daysLate12m)
        let trendText = trend(x).map { ($0 >= DayCount(0) ? "+" : "") + "\($0.formatted(decimals: 1)) days vs the 3 months before" } ?? "not enough payments"
        let factors = [
            RiskFactor(name: "days late (12 months)", value: lateness, points: p[0], maxPoints: 25),
            RiskFactor(name: "days late trend", value: trendText, points: p[1], maxPoints: 10),
            RiskFactor(name: "paid late (12 months)", value: x.sharePaidLate.map { "\($0.formatted(decimals: 0)) % of the amount" } ?? none,
                       points: p[2], maxPoints: 20),
            RiskFactor(name: "open disputes", value: "\(x.disputes)", points: p[3], maxPoints: 10),
            RiskFactor(name: "broken promises", value: "\(x.brokenPromises)", points: p[4], maxPoints: 20),
            RiskFactor(name: "credit limit", value: limitText(x), points: p[5], maxPoints: 15),
        ]
        return RiskScore(score: min(100, p.reduce(0, +)), factors: factors)
    }

    /// The credit-limit factor's value: the share used; for a zero limit (no credit
    /// allowed, nothing to divide by) whether money is owed; "no limit" only when none is
    /// set (a trial read "no limit" for a zero limit as unlimited credit).
    static func limitText(_ x: RiskInputs) -> String {
        if let u = x.utilisation { return "\(u.formatted(decimals: 1)) % used" }
        switch x.limitState {
        case .over: return "no credit allowed, money owed"
        case .none: return "no limit"
        default: return "no credit allowed"
        }
    }

    /// The inputs of every customer from its payment history and standing.
    /// - Parameters:
    ///   - brokenPromises: broken promises per customer index (from the journal).
    public static func inputs(history: PaymentHistory, standings: [CustomerStanding], asOf: CivilDate,
                              brokenPromises: [Int32: Int]) -> [RiskInputs] {
        let n = standings.count
        // Sums per customer and window in one pass (no array of documents per customer).
        var year = [PaymentHabit.Sums](repeating: .init(), count: n)
        var recent = year, previous = year
        let yearStart = asOf.advanced(by: -365), recentStart = asOf.advanced(by: -91), previousStart = asOf.advanced(by: -182)
        for e in history.settled where e.paidOn > yearStart && e.paidOn <= asOf && Int(e.customer) < n {
            let c = Int(e.customer)
            year[c].add(e)
            if e.paidOn > recentStart { recent[c].add(e) } else if e.paidOn > previousStart { previous[c].add(e) }
        }
        return (0..<n).map { c in
            let y = year[c].habit, r = recent[c].habit, p = previous[c].habit
            let s = standings[c]
            var inputs = RiskInputs(daysLate12m: y.averageDaysLate, daysLateRecent: r.averageDaysLate, daysLatePrevious: p.averageDaysLate,
                                    sharePaidLate: y.sharePaidLate, disputes: s.disputes, brokenPromises: brokenPromises[Int32(c)] ?? 0,
                                    utilisation: s.utilisation, limitState: s.limitState)
            if s.overdue > 0 { inputs.daysOverdueNow = DayCount(s.overdueDays, over: Int128(s.overdue)).reduced }
            return inputs
        }
    }
}
