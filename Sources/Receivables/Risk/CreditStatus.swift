/// Where a customer stands against its credit limit.
public enum CreditLimitState: String, Sendable, Equatable {
    /// No limit set, or the balance cannot be compared with it (another currency).
    case none
    case within
    /// Utilisation ≥ `[credit] near_limit_percent` (80 % by default) and < 100 %.
    case near
    /// Utilisation ≥ 100 %: the balance reaches or exceeds the limit.
    case over

    /// Classifies a utilisation in percent against the near-limit threshold (whole percent).
    public static func of(_ utilisation: DayCount?, nearPercent: Int) -> CreditLimitState {
        guard let u = utilisation else { return .none }
        if u >= DayCount(100) { return .over }
        if u >= DayCount(Int128(nearPercent)) { return .near }
        return .within
    }

    /// Short label for lists ("over", "near"); empty when nothing to say.
    public var label: String {
        switch self { case .over: return "over limit"; case .near: return "near limit"; case .within, .none: return "" }
    }
}

/// One customer's position as of a date, computed for every customer in one pass so that
/// lists, the worklist and risk scores cost no per-customer scan.
public struct CustomerStanding: Sendable, Equatable {
    public var customer: Int32
    /// Open balance in the report's currency (minor units).
    public var balance: Int64
    /// Overdue amount (documents past due with a positive open amount), in the report's
    /// currency; when the report is split by currency, each currency at face value in
    /// hundredths (so 70,000 JPY counts as 70,000.00, not 700.00): amounts in different
    /// currencies cannot be converted, and are only ranked, never added for display.
    public var overdue: Int64
    /// The overdue amount in each currency, for display.
    public var overdueByCurrency: [Money]
    /// Σ open × days past due over overdue documents (`overdue`'s units × days): the
    /// amount at risk times its amount-weighted days past due.
    public var overdueDays: Int128
    /// Days past due of the oldest overdue document.
    public var oldest: Int
    /// Overdue documents, and those that fell due in the last 7 days.
    public var overdueCount: Int
    public var newlyOverdue: [Int32]
    /// Balance / credit limit, percent; nil without a comparable limit.
    public var utilisation: DayCount?
    public var limitState: CreditLimitState
    /// Open documents disputed (the export's flag or a journal dispute flag on the
    /// document), plus one when the customer itself carries a dispute flag.
    public var disputes: Int
}

/// Builds `CustomerStanding`s for a whole ledger.
public enum CustomerStandings {
    static func faceValueHundredths(_ m: Money) -> Int64 { m.faceValueHundredths }

    /// Standings of every customer (indexed by customer), from an aging report.
    /// - Parameters:
    ///   - annotations: journal flags (disputes); may be empty.
    ///   - nearLimitPercent: `[credit] near_limit_percent`.
    /// - Complexity: O(open items + customers).
    public static func all(_ ledger: Ledger, aging: AgingReport, annotations: Annotations, nearLimitPercent: Int) -> [CustomerStanding] {
        let asOf = aging.asOf
        var out = ledger.customers.indices.map {
            CustomerStanding(customer: Int32($0), balance: 0, overdue: 0, overdueByCurrency: [], overdueDays: 0, oldest: 0, overdueCount: 0,
                             newlyOverdue: [], utilisation: nil, limitState: .none, disputes: 0)
        }
        // Balance in each customer's own currencies, to compare with a limit when the
        // report is split by currency.
        var own: [[Currency: Int64]] = Array(repeating: [:], count: ledger.customers.count)
        let converted = aging.reportingCurrency != nil
        // Documents the journal marks disputed, resolved once (the journal is small; the
        // open items may be a million).
        var disputedInJournal = Set<Int32>()
        for (key, n) in annotations.documents where n.flags.contains(.dispute) {
            let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, let d = ledger.document(id: String(parts[1])),
               ledger.customers[Int(ledger.documents[Int(d)].customer)].id == parts[0] { disputedInJournal.insert(d) }
        }
        for it in aging.items {
            let c = Int(it.customer)
            own[c][it.open.currency, default: 0] += it.open.minorUnits
            if converted || aging.sections.first?.currency == it.open.currency { out[c].balance += it.reportingMinor }
            guard it.kind == .document, it.open.minorUnits > 0 else { continue }
            if ledger.documents[Int(it.index)].disputed || disputedInJournal.contains(it.index) { out[c].disputes += 1 }
            let dpd = it.dueDate.days(until: asOf)
            guard dpd > 0 else { continue }
            let amount = converted ? it.reportingMinor : faceValueHundredths(it.open)
            out[c].overdue += amount
            out[c].overdueDays += Int128(amount) * Int128(dpd)
            let cur = converted ? aging.reportingCurrency! : it.open.currency
            let shown = converted ? it.reportingMinor : it.open.minorUnits
            if let k = out[c].overdueByCurrency.firstIndex(where: { $0.currency == cur }) { out[c].overdueByCurrency[k].minorUnits += shown }
            else { out[c].overdueByCurrency.append(Money(minorUnits: shown, currency: cur)) }
            out[c].oldest = max(out[c].oldest, dpd)
            out[c].overdueCount += 1
            if dpd <= 7 { out[c].newlyOverdue.append(it.index) }
        }
        for (i, cust) in ledger.customers.enumerated() {
            out[i].overdueByCurrency.sort { $0.currency < $1.currency }
            if annotations.customer(cust.id)?.flags.contains(.dispute) == true { out[i].disputes += 1 }
            guard let limit = cust.creditLimit, limit.minorUnits >= 0 else { continue }
            // The balance in the limit's currency: the report's total when it is in that
            // currency, else the customer's items in that currency (without exchange rates
            // other currencies cannot be added; what is in the limit's currency already
            // shows whether the limit is reached).
            // A limit written without a currency ("XXX") is read in the customer's one currency.
            guard let limitCurrency = Customer.limitCurrency(limit, balances: own[i]) else { continue }
            var used: Int64 = own[i][limitCurrency] ?? 0
            if aging.sections.count == 1 && aging.sections[0].currency == limitCurrency { used = out[i].balance }
            else if let rc = aging.reportingCurrency, let rate = ledger.fx.rate(limitCurrency, on: asOf) {
                // The converted balance, set against the limit converted at the same rate.
                let limitInReporting = rate.convert(limit.minorUnits, fromDigits: limitCurrency.minorDigits, toDigits: rc.minorDigits)
                // (A limit past 64 bits once converted is judged in its own currency, below.)
                if let limitInReporting, limitInReporting > 0 {
                    out[i].utilisation = DayCount(Int128(out[i].balance) * 100, over: Int128(limitInReporting)).reduced
                    out[i].limitState = CreditLimitState.of(out[i].utilisation, nearPercent: nearLimitPercent)
                    continue
                }
            }
            if limit.minorUnits == 0 {
                // A zero limit: no credit at all, so any balance owed is over it.
                out[i].limitState = used > 0 ? .over : .within
            } else {
                out[i].utilisation = DayCount(Int128(used) * 100, over: Int128(limit.minorUnits)).reduced
                out[i].limitState = CreditLimitState.of(out[i].utilisation, nearPercent: nearLimitPercent)
            }
        }
        return out
    }
}
