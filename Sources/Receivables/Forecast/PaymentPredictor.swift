/// Predicts when an open document will be paid, from how late its customer has paid before.
///
/// The rule, for a document d days past due today (negative when not yet due): among the
/// customer's documents paid in full so far, take those paid *more* than d days late
/// (the only ones consistent with d still being open), and predict the amount-weighted
/// median of their days late. (The median beat the mean in the back-test on both the
/// demo ledger and the IBM extract: 63.0 % against 85.0 % and 35.7 % against 40.3 % WAPE;
/// restricting the history to recent months or documents did not help consistently.) With fewer than `minimumHistory` such documents the whole
/// ledger's history is used the same way; with none, there is no prediction (the
/// document is later than anything seen, and is not expected in a forecast).
public struct PaymentPredictor: Sendable {
    /// Days late in ascending order over `range` of shared arrays, with prefix sums of
    /// the weights, for O(log n) medians. Every customer's distribution is a range of the
    /// same two arrays (50,000 customers' own arrays cost more than the rest of the build).
    struct Distribution: Sendable {
        /// Days late, ascending within `range`.
        let days: [Int]
        /// prefix[i] = Σ weight of the entries before i (each array's first entry is 0).
        let prefix: [Int128]
        let range: Range<Int>

        /// (count, amount-weighted median days late) of the entries with days > `after`:
        /// the smallest value at which half the weight beyond `after` is reached. The order
        /// of entries with equal days changes neither: the weight before and after each
        /// run of equal days is the same whatever the order within it.
        func beyond(_ after: Int) -> (count: Int, days: Int)? {
            var lo = range.lowerBound, hi = range.upperBound
            while lo < hi { let m = (lo + hi) / 2; if days[m] <= after { lo = m + 1 } else { hi = m } }
            let end = range.upperBound
            guard lo < end else { return nil }
            let total = prefix[end] - prefix[lo]
            guard total > 0 else { return nil }
            // First j ≥ lo with Σ weight over lo...j ≥ total / 2.
            var a = lo, b = end - 1
            while a < b {
                let m = (a + b) / 2
                if 2 * (prefix[m + 1] - prefix[lo]) >= total { b = m } else { a = m + 1 }
            }
            return (end - lo, days[a])
        }

        /// One distribution of `pairs` (days late, weight), for tests and small sets.
        init<C: Collection>(_ pairs: C) where C.Element == (Int, Int64) {
            let d = pairs.map(\.0), w = pairs.map(\.1)
            let order = PaymentPredictor.orderByDays(d)
            var days = [Int](repeating: 0, count: d.count), prefix = [Int128](repeating: 0, count: d.count + 1)
            for (k, i) in order.enumerated() { days[k] = d[Int(i)]; prefix[k + 1] = prefix[k] + Int128(PaymentPredictor.weight(w[Int(i)])) }
            self.init(days: days, prefix: prefix, range: 0..<d.count)
        }

        init(days: [Int], prefix: [Int128], range: Range<Int>) {
            self.days = days; self.prefix = prefix; self.range = range
        }
    }

    /// A weight as the medians take it: 0 ..< 2^40 (amounts are capped at 10^12 minor units).
    static func weight(_ w: Int64) -> Int64 { min(max(w, 0), (1 << 40) - 1) }

    /// Indices of `days` in ascending order of days, equal days in index order: a
    /// counting sort over the few hundred values days late take (a comparison sort of a
    /// million entries was most of the build), else a sort.
    static func orderByDays(_ days: [Int]) -> [Int32] {
        guard let lo = days.min(), let hi = days.max() else { return [] }
        if hi - lo >= 1 << 20 {
            return (0..<Int32(days.count)).sorted { (days[Int($0)], $0) < (days[Int($1)], $1) }
        }
        var start = [Int](repeating: 0, count: hi - lo + 2)
        for d in days { start[d - lo + 1] += 1 }
        for i in 1..<start.count { start[i] += start[i - 1] }
        var order = [Int32](repeating: 0, count: days.count)
        for (i, d) in days.enumerated() { order[start[d - lo]] = Int32(i); start[d - lo] += 1 }
        return order
    }

    let ledgerWide: Distribution
    /// Each customer's distribution: a range of `customerDays` / `customerPrefix`
    /// (empty for a customer with no settled document).
    private let customerStart: [Int]
    private let customerDays: [Int]
    private let customerPrefix: [Int128]
    /// Customer documents needed before the customer's own history is trusted.
    public let minimumHistory: Int

    /// - Parameters:
    ///   - history: documents paid in full up to the prediction date.
    ///   - minimumHistory: documents of the customer needed (beyond the current lateness)
    ///     before its own history is used instead of the ledger's.
    public init(_ history: PaymentHistory, minimumHistory: Int = 3) {
        self.minimumHistory = minimumHistory
        let settled = history.settled
        let n = settled.count
        let days = settled.map(\.daysLate)
        let order = PaymentPredictor.orderByDays(days)
        // The whole ledger: every entry in order of days.
        var wideDays = [Int](repeating: 0, count: n), widePrefix = [Int128](repeating: 0, count: n + 1)
        for (k, i) in order.enumerated() {
            wideDays[k] = days[Int(i)]
            widePrefix[k + 1] = widePrefix[k] + Int128(PaymentPredictor.weight(settled[Int(i)].weight))
        }
        ledgerWide = Distribution(days: wideDays, prefix: widePrefix, range: 0..<n)
        // By customer: the same order, grouped by a stable counting sort on the customer,
        // so each customer's days stay ascending.
        let customers = (settled.lazy.map { Int($0.customer) }.max() ?? -1) + 1
        var start = [Int](repeating: 0, count: customers + 1)
        for e in settled where e.customer >= 0 { start[Int(e.customer) + 1] += 1 }
        for i in stride(from: 1, to: start.count, by: 1) { start[i] += start[i - 1] }
        let m = start.last ?? 0
        var cDays = [Int](repeating: 0, count: m), cWeights = [Int64](repeating: 0, count: m)
        var fill = start
        for i in order {
            let e = settled[Int(i)]
            guard e.customer >= 0 else { continue }
            let k = fill[Int(e.customer)]
            cDays[k] = e.daysLate; cWeights[k] = PaymentPredictor.weight(e.weight)
            fill[Int(e.customer)] = k + 1
        }
        var cPrefix = [Int128](repeating: 0, count: m + 1)
        for k in 0..<m { cPrefix[k + 1] = cPrefix[k] + Int128(cWeights[k]) }
        customerStart = start; customerDays = cDays; customerPrefix = cPrefix
    }

    /// The distribution of `customer`'s own history, nil when it has none.
    func own(_ customer: Int32) -> Distribution? {
        let c = Int(customer)
        guard c >= 0, c + 1 < customerStart.count, customerStart[c + 1] > customerStart[c] else { return nil }
        return Distribution(days: customerDays, prefix: customerPrefix, range: customerStart[c]..<customerStart[c + 1])
    }

    /// Where a prediction came from.
    /// Where an expected date comes from: the customer's own payment history, the whole
    /// ledger's, or a promise to pay in the journal covering the whole document
    /// (`promisePart`: part of it; the rest is expected later).
    public enum Basis: String, Sendable { case customer, ledger, promise, promisePart = "promise_part" }

    /// The predicted payment date of an open document of `customer` due on `due`, as of
    /// `asOf` (always after `asOf`), or nil when nothing in the history is that late.
    public func predict(customer: Int32, due: CivilDate, asOf: CivilDate) -> (date: CivilDate, basis: Basis)? {
        let late = due.days(until: asOf)
        if let own = own(customer)?.beyond(late), own.count >= minimumHistory {
            return (due.advanced(by: own.days), .customer)
        }
        if let all = ledgerWide.beyond(late) { return (due.advanced(by: all.days), .ledger) }
        return nil
    }
}
