/// Monthly sums per currency in one flat array — `width` series of `months` each per
/// currency — for a pass over rows whose currency runs long: the currency's place is
/// looked up only when it changes, with no dictionary or nested array touched per row.
/// Parts summed on several cores are added up with `adding`.
struct CurrencyMonthSums {
    let months: Int
    let width: Int
    /// Currencies in the order first met.
    private(set) var currencies: [Currency] = []
    /// `values[base(c) + k × months + m]`: series `k`, month slot `m` of currency `c`.
    var values: [Int64] = []

    init(months: Int, width: Int) {
        self.months = months
        self.width = width
    }

    /// Offset of `currency`'s first series (added, zeroed, the first time it is met).
    mutating func base(_ currency: Currency) -> Int {
        if let i = currencies.firstIndex(of: currency) { return i * width * months }
        currencies.append(currency)
        values += [Int64](repeating: 0, count: width * months)
        return (currencies.count - 1) * width * months
    }

    /// Series `k` (0 ..< width) of every currency met.
    func series(_ k: Int) -> [Currency: [Int64]] {
        var out: [Currency: [Int64]] = [:]
        for (i, c) in currencies.enumerated() {
            let start = (i * width + k) * months
            out[c] = Array(values[start..<start + months])
        }
        return out
    }

    /// These sums plus `other`'s (same months and width).
    func adding(_ other: CurrencyMonthSums) -> CurrencyMonthSums {
        var total = self
        for (i, c) in other.currencies.enumerated() {
            let to = total.base(c), from = i * width * months
            for k in 0..<width * months { total.values[to + k] += other.values[from + k] }
        }
        return total
    }
}
