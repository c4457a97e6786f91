/// One month of the KPI series: balances at the month-end and the ratios built on them.
public struct KPIPoint: Sendable, Equatable {
    /// The month-end (or the as-of date for the last, partial month).
    public var date: CivilDate
    /// AR at `date`, minor units of the series' currency.
    public var receivables: Int64
    /// Current (not yet due) receivables at `date`: open amounts of invoices and debit
    /// notes whose due date is on or after `date`.
    public var current: Int64
    /// Net sales of the month (documents dated in it), minor units.
    public var sales: Int64
    public var dso: DayCount?
    /// Best possible DSO, by the same method as `dso` on the current receivables.
    public var bpdso: DayCount?
    /// Average days delinquent = DSO − BPDSO.
    public var add: DayCount?
    /// CEI of the month, percent.
    public var ceiMonth: DayCount?
    /// CEI of the quarter ending with this month (three months), percent, `CEIVariant.periodSales`:
    /// what was collected over what was collectible. (The sales / N variant mixes a monthly
    /// average with quarter balances and goes negative when AR is large against sales.)
    public var ceiQuarter: DayCount?
    /// Payment habit of the documents paid in full during the month (amount-weighted).
    public var habit: PaymentHabit
    /// Currencies with amounts but no fx rate on or before `date`: the month cannot be
    /// converted; its amounts are 0 and its ratios nil (never a sum that leaves them out).
    public var missingRates: [Currency] = []
    /// The month's converted sums pass 64 bits (rates or amounts far beyond any real
    /// ledger): the month cannot be converted; its amounts are 0 and its ratios nil.
    public var tooLarge = false

    /// Whether the month's amounts stand: every currency was converted.
    public var isConverted: Bool { missingRates.isEmpty && !tooLarge }
    /// Why the month is not converted into `currency` (a sentence without a full stop); nil when it is.
    public func notConvertedReason(into currency: Currency) -> String? {
        MonthConversion.reason(missingRates, tooLarge: tooLarge, into: currency, at: date)
    }
}

/// Which sales figure the CEI formula takes over a period of N months.
public enum CEIVariant: String, Sendable, CaseIterable {
    /// Credit sales of the whole period (AccountingTools; Gaviti): the creditguru sample
    /// Jan–Mar (6,200 + 10,890 − 6,340) / (6,200 + 10,890 − 3,590) gives 79.63 %.
    case periodSales = "period-sales"
    /// Average monthly credit sales, sales / N (Credit Research Foundation as quoted by
    /// creditguru.com; Oracle Advanced Collections): the same sample gives 55.93 %.
    case monthlyAverage = "sales-over-n"
}

extension CreditKPIs {
    /// CEI over `months` months in percent, by `variant`:
    /// (beginning AR + S − ending total AR) / (beginning AR + S − ending current AR) × 100,
    /// where S is the period's credit sales, or sales / months. nil when the denominator ≤ 0.
    /// Amounts in minor units of one currency.
    public static func collectionEffectiveness(beginning: Int64, sales: Int64, months: Int, endingTotal: Int64,
                                               endingCurrent: Int64, variant: CEIVariant) -> DayCount? {
        let n = Int128(variant == .monthlyAverage ? max(1, months) : 1)
        let num = n * Int128(beginning) + Int128(sales) - n * Int128(endingTotal)
        let den = n * Int128(beginning) + Int128(sales) - n * Int128(endingCurrent)
        guard den > 0 else { return nil }
        return DayCount(num * 100, over: den).reduced
    }
}

/// Monthly KPI series over a ledger's history (issue 5, item 1). Every month-end value is
/// the as-of position of that day (DESIGN.md, Definitions), converted at that day's rates.
public enum KPISeries {
    /// The `months` months ending with `asOf`'s month, oldest first.
    ///
    /// - Parameters:
    ///   - method: DSO and BPDSO method (countback by default).
    ///   - currency: the series' currency; nil = the reporting currency (converted).
    ///   - history: documents paid in full, for the monthly payment habit; built when nil.
    /// - Returns: nil when there is no series currency (several currencies and no
    ///   reporting currency); a month-end without a needed rate is a point with
    ///   `missingRates`.
    /// - Complexity: O(documents × months spanned by their terms + settlements + payments + months²).
    public static func monthly(_ ledger: Ledger, asOf: CivilDate, months: Int = 24, method: DSOMethod = .countback,
                               currency: Currency? = nil, history: PaymentHistory? = nil, sums: MonthlySums? = nil,
                               habitsOf sameHistory: [KPIPoint]? = nil) -> [KPIPoint]? {
        guard let frame = MonthlyFrame(ledger, asOf: asOf, months: months, currency: currency) else { return nil }
        let (target, converted, n, startKey, lastKey) = (frame.target, frame.converted, frame.n, frame.startKey, frame.lastKey)
        let firstKey = lastKey - frame.months + 1
        func slot(_ d: CivilDate) -> Int { frame.slot(d) }
        func monthEnd(_ k: Int) -> CivilDate {
            k == lastKey ? asOf : CivilDate(year: k / 12, month: k % 12 + 1, day: 1)!.endOfMonth
        }
        struct Arrays { var flow: [Int64]; var sales: [Int64]; var current: [Int64] }
        // The sums a scan gathered in its own pass when it was made with this frame; else
        // a pass here, each core summing a part of the documents and payments.
        let summed: CurrencyMonthSums
        if let given = sums, given.frame.matches(frame) {
            summed = given.sums
        } else {
            let parts = Parallel.ledgerRows(ledger) { docRange, payRange in frame.sums(ledger, documents: docRange, payments: payRange) }
            summed = parts.dropFirst().reduce(parts[0]) { $0.adding($1) }
        }
        let (flow, sales, current) = (summed.series(0), summed.series(1), summed.series(2))
        var by: [Currency: Arrays] = [:]
        for c in summed.currencies { by[c] = Arrays(flow: flow[c]!, sales: sales[c]!, current: current[c]!) }
        if by.isEmpty { by[target] = Arrays(flow: .init(repeating: 0, count: n), sales: .init(repeating: 0, count: n), current: .init(repeating: 0, count: n)) }
        // Running AR per currency.
        var ar: [Currency: [Int64]] = [:]
        for (c, a) in by {
            var run: Int64 = 0
            ar[c] = a.flow.map { run += $0; return run }
        }
        // nil when a rate is missing or the result passes 64 bits (then `tooLarge` is set).
        var tooLarge = false
        func convert(_ minor: Int64, _ c: Currency, at: CivilDate) -> Int64? {
            if c == target || minor == 0 { return minor }
            guard let r = ledger.fx.rate(c, on: at) else { return nil }
            guard let v = r.convert(minor, fromDigits: c.minorDigits, toDigits: target.minorDigits) else { tooLarge = true; return nil }
            return v
        }
        // Σ over currencies of values[slot], converted at `at`; nil as `convert`, or when
        // the sum passes 64 bits.
        func total(_ pick: (Currency) -> Int64, at: CivilDate) -> Int64? {
            var sum: Int64 = 0
            for c in by.keys {
                guard let v = convert(pick(c), c, at: at) else { return nil }
                guard let s = MonthConversion.add(sum, v) else { tooLarge = true; return nil }
                sum = s
            }
            return sum
        }
        // Habit per month; a one-currency series counts that currency's documents only
        // (its days are weighted in its own minor units, never mixed with others'). Taken
        // from `sameHistory` (a series of these months from the same payment history).
        var habits = [PaymentHabit](repeating: PaymentHabit([]), count: n)
        if let same = sameHistory, same.count == lastKey - firstKey + 1 {
            for (j, p) in same.enumerated() { habits[firstKey - startKey + j] = p.habit }
        } else {
            let history = history ?? PaymentHistory(ledger, asOf: asOf, weightCurrency: target)
            var paidBySlot = [PaymentHabit.Sums](repeating: .init(), count: n)
            for e in history.settled where e.paidOn <= asOf {
                if !converted && ledger.documents[Int(e.document)].amount.currency != target { continue }
                paidBySlot[slot(e.paidOn)].add(e)
            }
            habits = paidBySlot.map(\.habit)
        }

        var out: [KPIPoint] = []
        for k in firstKey...lastKey {
            let i = k - startKey
            let at = monthEnd(k)
            let days = k == lastKey ? asOf.day : at.daysInMonth
            tooLarge = false
            guard let arK = total({ ar[$0]![i] }, at: at), let curK = total({ by[$0]!.current[i] }, at: at),
                  let salesK = total({ by[$0]!.sales[i] }, at: at) else {
                // This month-end has no rate for a currency with amounts: this month is n/a
                // (a later month with the rate is computed; the sales of earlier months are
                // converted at the later month-end's rates).
                let missing = by.keys.filter { c in
                    c != target && ledger.fx.rate(c, on: at) == nil && (ar[c]![i] != 0 || by[c]!.current[i] != 0 || by[c]!.sales[i] != 0)
                }.sorted()
                out.append(KPIPoint(date: at, receivables: 0, current: 0, sales: 0, dso: nil, bpdso: nil, add: nil, ceiMonth: nil,
                                    ceiQuarter: nil, habit: habits[i], missingRates: missing, tooLarge: missing.isEmpty && tooLarge))
                continue
            }
            func salesAt(_ j: Int) -> Int64? { j < 0 ? 0 : total({ by[$0]!.sales[j] }, at: at) }
            func arAt(_ j: Int) -> Int64? { j < 0 ? 0 : total({ ar[$0]![j] }, at: at) }
            func dsoOf(_ balance: Int64) -> DayCount? {
                switch method {
                case .period: return DSO.period(receivables: balance, sales: salesK, days: days)
                case .countback:
                    var hist: [(sales: Int64, days: Int)] = []
                    var covered: Int64 = 0
                    var j = i
                    while j >= 0, let s = salesAt(j) {
                        let m = startKey + j
                        hist.append((s, j == i ? days : CivilDate(year: m / 12, month: m % 12 + 1, day: 1)!.daysInMonth))
                        // (A sum past 64 bits has covered any balance.)
                        guard let c = MonthConversion.add(covered, max(s, 0)), c < balance else { break }
                        covered = c
                        j -= 1
                    }
                    return DSO.countback(receivables: balance, months: hist)
                }
            }
            let dso = dsoOf(arK), bp = dsoOf(max(0, curK))
            var ceiQ: DayCount? = nil
            if let beg = arAt(i - 3), let s1 = salesAt(i - 1), let s2 = salesAt(i - 2),
               let quarter = MonthConversion.add(salesK, s1).flatMap({ MonthConversion.add($0, s2) }) {
                ceiQ = CreditKPIs.collectionEffectiveness(beginning: beg, sales: quarter, months: 3, endingTotal: arK,
                                                          endingCurrent: curK, variant: .periodSales)
            }
            let ceiM = arAt(i - 1).flatMap {
                CreditKPIs.collectionEffectiveness(beginning: $0, sales: salesK, months: 1, endingTotal: arK, endingCurrent: curK, variant: .periodSales)
            }
            out.append(KPIPoint(date: at, receivables: arK, current: curK, sales: salesK, dso: dso, bpdso: bp,
                                add: CreditKPIs.averageDaysDelinquent(dso: dso, bpdso: bp), ceiMonth: ceiM, ceiQuarter: ceiQ,
                                habit: habits[i]))
        }
        return out
    }

    /// Payment habit of one customer per month (documents paid in full in each month),
    /// for the `months` months ending with `asOf`'s month, oldest first.
    public static func customerHabit(_ history: PaymentHistory, customer: Int32, asOf: CivilDate, months: Int) -> [(month: CivilDate, habit: PaymentHabit)] {
        func key(_ d: CivilDate) -> Int { d.year * 12 + d.month - 1 }
        let last = key(asOf), first = last - max(1, months) + 1
        var buckets = [[PaymentHistory.Settled]](repeating: [], count: last - first + 1)
        for e in history.settled where e.customer == customer && e.paidOn <= asOf {
            let k = key(e.paidOn)
            if k >= first { buckets[k - first].append(e) }
        }
        return buckets.enumerated().map { j, es in
            let k = first + j
            return (CivilDate(year: k / 12, month: k % 12 + 1, day: 1)!, PaymentHabit(es))
        }
    }
}
