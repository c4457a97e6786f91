/// How DSO is computed.
public enum DSOMethod: String, Sendable, CaseIterable {
    /// Countback (exhaustion) method: walk back month by month from the month-end,
    /// subtracting each month's sales from the AR balance and adding that month's days,
    /// until the balance is used up; the last month counts the fraction AR left / sales.
    /// Source: Credit Research Foundation, "Calculating DSO" (countback); also
    /// Salek, *Cash Flow Management* ch. 5. Worked check: AR 405 with sales Dec 205,
    /// Nov 158, Oct 167 gives 31 + 30 + 31 × 42/167 = 68.80 days.
    case countback
    /// Standard (period) method: AR at period end / sales of the period × days in the
    /// period. Source: CRF; the same example over Oct–Dec gives 405/530 × 92 = 70.30.
    case period
}

/// One month of a DSO series.
public struct DSOPoint: Sendable, Equatable {
    /// The month's label date: its last day, or the as-of date for the last, partial month.
    public var date: CivilDate
    /// AR at `date` in the series' currency, minor units.
    public var receivables: Int64
    /// Net sales of the month (documents dated in it, ≤ `date`), minor units.
    public var sales: Int64
    /// nil when undefined: no (or negative) sales under the period method, or AR larger
    /// than every recorded month's sales under the countback method. Never NaN or ∞.
    public var dso: DayCount?
    /// Currencies with no fx rate on or before `date`: the month cannot be converted, and
    /// `receivables` and `sales` are 0 (not a sum that leaves them out).
    public var missingRates: [Currency] = []
    /// The month's converted sums pass 64 bits (rates or amounts far beyond any real
    /// ledger): the month cannot be converted, and `receivables` and `sales` are 0.
    public var tooLarge = false

    public init(date: CivilDate, receivables: Int64, sales: Int64, dso: DayCount?, missingRates: [Currency] = [], tooLarge: Bool = false) {
        self.date = date; self.receivables = receivables; self.sales = sales; self.dso = dso; self.missingRates = missingRates
        self.tooLarge = tooLarge
    }

    /// Whether the month's amounts stand: every currency was converted.
    public var isConverted: Bool { missingRates.isEmpty && !tooLarge }
    /// Why the month is not converted into `currency` (a sentence without a full stop); nil when it is.
    public func notConvertedReason(into currency: Currency) -> String? {
        MonthConversion.reason(missingRates, tooLarge: tooLarge, into: currency, at: date)
    }
}

/// The reason shared by DSO and KPI months that cannot be converted.
public enum MonthConversion {
    /// "2026-01: no CHF rate into EUR on or before 2026-01-31 (fx.csv): the month cannot be
    /// converted", or the same for sums past 64 bits; nil when nothing stops the conversion.
    public static func reason(_ missing: [Currency], tooLarge: Bool, into currency: Currency, at date: CivilDate) -> String? {
        if !missing.isEmpty {
            return "\(date.monthLabel): no \(missing.map(\.code).joined(separator: ", ")) rate into \(currency.code) on or before \(date) (fx.csv): the month cannot be converted"
        }
        if tooLarge {
            return "\(date.monthLabel): the sums converted into \(currency.code) at the rates of \(date) pass 2^63 minor units: the month cannot be converted"
        }
        return nil
    }

    /// `a + b`, nil on overflow.
    @inline(__always)
    static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (s, o) = a.addingReportingOverflow(b)
        return o ? nil : s
    }
}

/// Monthly DSO series (DESIGN.md, Definitions: each month-end value is the as-of AR of
/// that day). Converted at each month-end's fx rate when the ledger has several currencies.
public enum DSO {
    /// Countback DSO of `receivables` against months of sales, newest month first.
    ///
    /// Each month whose sales the remaining balance covers adds all its days; the month
    /// that exhausts the balance adds days × remaining / sales. A month with no (or
    /// negative) sales adds its days and takes nothing. AR ≤ 0 gives 0 days.
    /// - Parameters:
    ///   - receivables: AR at the period end, minor units.
    ///   - months: (net sales in minor units, days counted) per month, newest first.
    /// - Returns: days, or nil when the balance exceeds every month's sales given.
    public static func countback(receivables: Int64, months: [(sales: Int64, days: Int)]) -> DayCount? {
        var remaining = receivables
        var days = DayCount(0)
        if remaining <= 0 { return days }
        for (sales, dm) in months {
            if sales <= 0 || remaining >= sales {
                if sales > 0 { remaining -= sales }
                days = days + DayCount(Int128(dm))
                if remaining == 0 { return days }
            } else {
                return days + DayCount(Int128(dm) * Int128(remaining), over: Int128(sales))
            }
        }
        return nil
    }

    /// Standard (period) DSO: receivables / sales × days. nil when sales ≤ 0 (never ∞);
    /// negative AR counts as 0.
    public static func period(receivables: Int64, sales: Int64, days: Int) -> DayCount? {
        guard sales > 0 else { return nil }
        return DayCount(Int128(max(receivables, 0)) * Int128(days), over: Int128(sales)).reduced
    }

    /// The series for the `months` months ending with `asOf`'s month.
    ///
    /// - Parameters:
    ///   - currency: the series' currency; nil = the ledger's reporting currency.
    /// - Returns: points oldest first, or nil when the ledger needs a reporting currency
    ///   (or fx rates) that it does not have; `series(…, currency: c)` then gives each
    ///   currency's own series.
    public static func series(_ ledger: Ledger, asOf: CivilDate, months: Int = 24, method: DSOMethod = .countback,
                              currency: Currency? = nil) -> [DSOPoint]? {
        let months = max(1, months)
        let converted = currency == nil
        guard let target = currency ?? ledger.reportingCurrency else { return nil }

        // Month keys: year*12 + (month-1).
        func key(_ d: CivilDate) -> Int { d.year * 12 + d.month - 1 }
        let lastKey = key(asOf)
        let firstKey = lastKey - months + 1

        // Per currency: sales per month (≤ asOf) and the running balance at each month end,
        // summed into arrays by month slot (no hashing per row).
        let monthTable = MonthTable(ledger, asOf: asOf, through: asOf)
        let baseKey = monthTable.key(CivilDate(daysSinceEpoch: monthTable.firstDay))
        let slots = lastKey - baseKey + 1
        func slot(_ d: CivilDate) -> Int { max(0, monthTable.key(d) - baseKey) }
        // Each core sums a part of the documents and payments (series 0: sales, 1: the
        // balance's monthly flow); parts are added up.
        func accumulate(_ docRange: Range<Int>, _ payRange: Range<Int>) -> (sums: CurrencyMonthSums, earliest: Int) {
            var sums = CurrencyMonthSums(months: slots, width: 2)
            var earliestKey = lastKey
            var last: Currency? = nil, base = 0
            ledger.documents.withUnsafeBufferPointer { docs in
                for i in docRange where docs[i].date <= asOf {
                    let a = docs[i].amount
                    if !converted && a.currency != target { continue }
                    if a.currency != last { base = sums.base(a.currency); last = a.currency }
                    let k = slot(docs[i].date)
                    sums.values[base + k] += a.minorUnits
                    sums.values[base + slots + k] += a.minorUnits
                    earliestKey = min(earliestKey, baseKey + k)
                }
            }
            ledger.payments.withUnsafeBufferPointer { pays in
                for i in payRange where pays[i].date <= asOf {
                    let a = pays[i].amount
                    if !converted && a.currency != target { continue }
                    if a.currency != last { base = sums.base(a.currency); last = a.currency }
                    sums.values[base + slots + slot(pays[i].date)] -= a.minorUnits
                }
            }
            return (sums, earliestKey)
        }
        let parts = Parallel.ledgerRows(ledger, accumulate)
        let total = parts.dropFirst().reduce(parts[0].sums) { $0.adding($1.sums) }
        let earliestKey = parts.map(\.earliest).min()!
        let salesBy = total.series(0), flowBy = total.series(1)
        var salesByMonth: [Currency: [Int: Int64]] = [:]
        var flowByMonth: [Currency: [Int: Int64]] = [:]
        for c in total.currencies {
            var sm: [Int: Int64] = [:], fm: [Int: Int64] = [:]
            for k in 0..<slots {
                if salesBy[c]![k] != 0 { sm[baseKey + k] = salesBy[c]![k] }
                if flowBy[c]![k] != 0 { fm[baseKey + k] = flowBy[c]![k] }
            }
            salesByMonth[c] = sm; flowByMonth[c] = fm
        }
        let currencies = Set(total.currencies)

        func endDate(_ k: Int) -> CivilDate {
            k == lastKey ? asOf : CivilDate(year: k / 12, month: k % 12 + 1, day: 1)!.endOfMonth
        }
        // Amount in `target` at date `at`; nil when a rate is missing or the result passes
        // 64 bits (then `tooLarge` is set).
        var tooLarge = false
        func convert(_ minor: Int64, _ c: Currency, at: CivilDate) -> Int64? {
            if c == target || minor == 0 { return minor }
            guard let r = ledger.fx.rate(c, on: at) else { return nil }
            guard let v = r.convert(minor, fromDigits: c.minorDigits, toDigits: target.minorDigits) else { tooLarge = true; return nil }
            return v
        }
        // Σ of converted amounts; nil as `convert`, or when the sum passes 64 bits.
        func sum(_ pick: (Currency) -> Int64, at: CivilDate) -> Int64? {
            var s: Int64 = 0
            for c in currencies {
                guard let v = convert(pick(c), c, at: at) else { return nil }
                guard let t = MonthConversion.add(s, v) else { tooLarge = true; return nil }
                s = t
            }
            return s
        }

        var points: [DSOPoint] = []
        var running: [Currency: Int64] = [:]
        for c in currencies {
            running[c] = flowByMonth[c]!.filter { $0.key < firstKey }.values.reduce(0, +)
        }
        for k in firstKey...lastKey {
            let at = endDate(k)
            for c in currencies { running[c]! += flowByMonth[c]![k] ?? 0 }
            // Sales of month m, as seen at `at` (converted at `at`).
            func sales(_ m: Int) -> Int64? { sum({ salesByMonth[$0]?[m] ?? 0 }, at: at) }
            tooLarge = false
            guard let ar = sum({ running[$0]! }, at: at), let monthSales = sales(k) else {
                let missing = currencies.filter { c in c != target && ledger.fx.rate(c, on: at) == nil }.sorted()
                points.append(DSOPoint(date: at, receivables: 0, sales: 0, dso: nil, missingRates: missing,
                                       tooLarge: missing.isEmpty && tooLarge)); continue
            }
            let daysThisMonth = k == lastKey ? asOf.day : at.daysInMonth
            var dso: DayCount?
            switch method {
            case .period:
                dso = period(receivables: ar, sales: monthSales, days: daysThisMonth)
            case .countback:
                // Months back from this one, as long as history and fx rates last.
                var history: [(sales: Int64, days: Int)] = []
                var covered: Int64 = 0
                var m = k
                while m >= earliestKey, let s = sales(m) {
                    history.append((s, m == k ? daysThisMonth : CivilDate(year: m / 12, month: m % 12 + 1, day: 1)!.daysInMonth))
                    // (A sum past 64 bits has covered any receivables.)
                    guard let c = MonthConversion.add(covered, max(s, 0)), c < ar else { break }
                    covered = c
                    m -= 1
                }
                dso = countback(receivables: ar, months: history)
            }
            points.append(DSOPoint(date: at, receivables: ar, sales: monthSales, dso: dso))
        }
        return points
    }
}
