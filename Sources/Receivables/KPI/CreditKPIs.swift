/// Credit-control ratios beside DSO (issue 5's first pieces; pure functions).
public enum CreditKPIs {
    /// Best possible DSO: current (not yet due) receivables / sales of the period × days.
    /// Source: Credit Research Foundation; Salek, *Cash Flow Management*, ch. 5.
    /// nil when sales ≤ 0.
    public static func bestPossibleDSO(currentReceivables: Int64, sales: Int64, days: Int) -> DayCount? {
        DSO.period(receivables: currentReceivables, sales: sales, days: days)
    }

    /// Average days delinquent: DSO − BPDSO (CRF). nil when either is undefined.
    public static func averageDaysDelinquent(dso: DayCount?, bpdso: DayCount?) -> DayCount? {
        guard let d = dso, let b = bpdso else { return nil }
        return DayCount(d.numerator * b.denominator - b.numerator * d.denominator, over: d.denominator * b.denominator).reduced
    }

    /// Collection effectiveness index, in percent (the CRF formula):
    /// (beginning AR + credit sales − ending total AR) / (beginning AR + credit sales −
    /// ending current AR) × 100. nil when the denominator is ≤ 0.
    public static func collectionEffectiveness(beginning: Int64, sales: Int64, endingTotal: Int64, endingCurrent: Int64) -> DayCount? {
        let num = Int128(beginning) + Int128(sales) - Int128(endingTotal)
        let den = Int128(beginning) + Int128(sales) - Int128(endingCurrent)
        guard den > 0 else { return nil }
        return DayCount(num * 100, over: den).reduced
    }
}

/// Statutory late-payment interest and the fixed recovery compensation.
///
/// EU Directive 2011/7/EU art. 3–6: interest from the day after the due date at a
/// reference rate plus at least 8 points, computed here on Actual/365; and at least €40
/// fixed compensation per late invoice (France: Code de commerce L441-10, ECB rate + 10
/// points, €40 "indemnité forfaitaire pour frais de recouvrement").
public enum LatePaymentInterest {
    /// Interest in minor units: amount × rate × days late / 365, rounded half-to-even once.
    /// - Parameters:
    ///   - amountMinor: the late amount in minor units.
    ///   - rateBasisPoints: annual rate in hundredths of a percent (14.25 % = 1425).
    ///   - daysLate: days from the due date to payment (or to today), ≥ 0.
    public static func interest(amountMinor: Int64, rateBasisPoints: Int, daysLate: Int) -> Int64 {
        guard daysLate > 0, rateBasisPoints > 0, amountMinor > 0 else { return 0 }
        return Int64(roundedHalfEven(Int128(amountMinor) * Int128(rateBasisPoints) * Int128(daysLate), 10_000 * 365))
    }

    /// The fixed compensation per late invoice: €40 (in EUR minor units).
    public static let recoveryCompensationEUR: Int64 = 4000
}

/// IFRS 9 simplified approach: a provision matrix of loss rates per aging bucket.
public enum ProvisionMatrix {
    /// Allowance per bucket and in total, minor units: balance × rate, each rounded
    /// half-to-even. Rates in hundredths of a percent (2.2 % = 220). Negative balances
    /// (credits) carry no allowance.
    public static func allowance(buckets: [Int64], rateBasisPoints: [Int]) -> (perBucket: [Int64], total: Int64) {
        let per = zip(buckets, rateBasisPoints).map { b, r in b > 0 ? Int64(roundedHalfEven(Int128(b) * Int128(r), 10_000)) : 0 }
        return (per, per.reduce(0, +))
    }
}
