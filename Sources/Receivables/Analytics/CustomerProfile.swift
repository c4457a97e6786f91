/// A customer's card as of a date: balance, credit limit use, oldest item, payment habit.
public struct CustomerProfile: Sendable, Equatable {
    public var customer: Int32
    /// Open balance per currency (own currencies), minor units.
    public var balances: [Money]
    /// Open balance in the aging report's currency (minor units).
    public var reportingBalance: Int64
    /// Overdue part of `reportingBalance`.
    public var reportingOverdue: Int64
    /// Balance / credit limit in percent (two decimals, exact), when a limit is set and
    /// in the same currency as the report.
    public var utilisation: DayCount?
    /// Days past due of the oldest overdue document (0 when none).
    public var oldestDaysPastDue: Int
    /// Open items, as in the aging report.
    public var items: [OpenItem]
    /// Payments dated ≤ as-of, newest first (indices into `Ledger.payments`).
    public var payments: [Int32]
    /// Average days from document date to full settlement, weighted by amount (in the
    /// report's currency, converted at the document date), over the documents fully
    /// settled by the as-of date; nil when none is.
    public var averageDaysToPay: DayCount?
    /// Average days late (settlement − due date, negatives count as 0), amount-weighted.
    public var averageDaysLate: DayCount?
}

/// Rows of each customer, grouped once (CSR arrays), so that a drill-down costs the size
/// of one account and not a scan of the whole ledger.
public struct CustomerRows: Sendable {
    let docOffsets: [Int32], docs: [Int32]
    let payOffsets: [Int32], pays: [Int32]
    let itemOffsets: [Int32], items: [Int32]

    /// Groups `ledger`'s documents and payments and `aging`'s items by customer.
    /// - Complexity: O(documents + payments + items).
    public init(ledger: Ledger, aging: AgingReport) {
        let n = ledger.customers.count
        (docOffsets, docs) = ledger.documents.withUnsafeBufferPointer { d in Self.group(d.count, customers: n) { d[$0].customer } }
        (payOffsets, pays) = ledger.payments.withUnsafeBufferPointer { p in Self.group(p.count, customers: n) { p[$0].customer } }
        (itemOffsets, items) = aging.items.withUnsafeBufferPointer { a in Self.group(a.count, customers: n) { a[$0].customer } }
    }

    /// The rows of `ledger`, which is the ledger of `previous` with the documents
    /// `newDocuments` appended (the same customers and payments): the payments' grouping
    /// is kept, each customer's new documents go after its old ones, and the open items
    /// (`aging`'s) are grouped afresh. Equal to `init(ledger:aging:)` (tested).
    public init(extending previous: CustomerRows, ledger: Ledger, aging: AgingReport, newDocuments: Range<Int>) {
        let n = previous.docOffsets.count - 1
        precondition(ledger.customers.count == n && newDocuments.upperBound == ledger.documents.count)
        var added = [Int32](repeating: 0, count: n + 1)
        for i in newDocuments { added[Int(ledger.documents[i].customer) + 1] += 1 }
        for c in 0..<n { added[c + 1] += added[c] }   // new documents before customer c
        var offsets = previous.docOffsets
        for c in 0...n { offsets[c] += added[c] }
        var out = [Int32](repeating: 0, count: previous.docs.count + newDocuments.count)
        var fill = [Int32](repeating: 0, count: n)
        for c in 0..<n {
            let old = previous.docs[Int(previous.docOffsets[c])..<Int(previous.docOffsets[c + 1])]
            let at = Int(offsets[c])
            out.replaceSubrange(at..<at + old.count, with: old)
            fill[c] = Int32(at + old.count)
        }
        for i in newDocuments {
            let c = Int(ledger.documents[i].customer)
            out[Int(fill[c])] = Int32(i); fill[c] += 1
        }
        docOffsets = offsets; docs = out
        payOffsets = previous.payOffsets; pays = previous.pays
        (itemOffsets, items) = aging.items.withUnsafeBufferPointer { a in Self.group(a.count, customers: n) { a[$0].customer } }
    }

    /// Counting sort of rows `0..<count` by `key` (a customer index below `customers`):
    /// the offsets of each customer's run, and the rows in runs. The keys are read once
    /// into a compact array: the rows themselves are ~100 bytes apart, and a second pass
    /// over them would read the whole ledger again.
    private static func group(_ count: Int, customers n: Int, _ key: (Int) -> Int32) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: n + 1)
        let keys = [Int32](unsafeUninitializedCapacity: count) { k, filled in
            offsets.withUnsafeMutableBufferPointer { o in
                for i in 0..<count { let c = key(i); k[i] = c; o[Int(c) + 1] += 1 }
            }
            filled = count
        }
        var out = [Int32](repeating: 0, count: count)
        offsets.withUnsafeMutableBufferPointer { o in
            for c in 0..<n { o[c + 1] += o[c] }
            var fill = Array(o.dropLast())
            keys.withUnsafeBufferPointer { k in
                out.withUnsafeMutableBufferPointer { out in
                    for i in 0..<count { let c = Int(k[i]); out[Int(fill[c])] = Int32(i); fill[c] += 1 }
                }
            }
        }
        return (offsets, out)
    }

    /// Indices of customer `c`'s documents.
    public func documents(_ c: Int32) -> ArraySlice<Int32> { docs[Int(docOffsets[Int(c)])..<Int(docOffsets[Int(c) + 1])] }
    /// Indices of customer `c`'s payments.
    public func payments(_ c: Int32) -> ArraySlice<Int32> { pays[Int(payOffsets[Int(c)])..<Int(payOffsets[Int(c) + 1])] }
    /// Indices (into the aging report's items) of customer `c`'s open items.
    public func openItems(_ c: Int32) -> ArraySlice<Int32> { items[Int(itemOffsets[Int(c)])..<Int(itemOffsets[Int(c) + 1])] }
}

public enum CustomerProfiles {
    /// The profile of customer `index` from an aging report.
    /// - Parameter rows: the ledger grouped by customer; built here when not given (a
    ///   full scan — pass it when profiling many customers or on every key press).
    public static func profile(_ ledger: Ledger, customer index: Int32, aging: AgingReport,
                               rows: CustomerRows? = nil) -> CustomerProfile {
        let rows = rows ?? CustomerRows(ledger: ledger, aging: aging)
        let asOf = aging.asOf
        let items = rows.openItems(index).map { aging.items[Int($0)] }
        var balances: [Currency: Int64] = [:]
        var reporting: Int64 = 0, overdue: Int64 = 0, oldest = 0
        for it in items {
            balances[it.open.currency, default: 0] += it.open.minorUnits
            reporting += it.reportingMinor
            if it.kind == .document && it.open.minorUnits > 0 {
                let dpd = it.dueDate.days(until: asOf)
                if dpd > 0 { overdue += it.reportingMinor; oldest = max(oldest, dpd) }
            }
        }
        let c = ledger.customers[Int(index)]
        var utilisation: DayCount? = nil
        if let limit = c.creditLimit, limit.minorUnits > 0, let limitCurrency = Customer.limitCurrency(limit, balances: balances) {
            // Balance in the limit's currency: the report's when it is in that currency,
            // else the customer's own balance when it is all in that currency.
            var used: Int64? = nil
            if aging.sections.count == 1 && aging.sections[0].currency == limitCurrency { used = reporting }
            else if balances.count == 1, let b = balances[limitCurrency] { used = b }
            if let used { utilisation = DayCount(Int128(used) * 100, over: Int128(limit.minorUnits)).reduced }
        }
        let pays = rows.payments(index).filter { ledger.payments[Int($0)].date <= asOf }
            .sorted { ledger.payments[Int($0)].date > ledger.payments[Int($1)].date }

        // Payment habit over documents fully settled by D, weighted as the payment history
        // weighs them (in the report's currency, converted at the document date), so the card
        // agrees with the risk factors and `report kpi --customers`.
        let weightCurrency = CreditControl.weightCurrency(aging)
        var weightedPay: Int128 = 0, weightedLate: Int128 = 0, weight: Int128 = 0
        let st = ledger.settlements
        for i32 in rows.documents(index) {
            let i = Int(i32), d = ledger.documents[i]
            guard d.amount.minorUnits > 0 && d.date <= asOf else { continue }
            var open = d.amount.minorUnits
            var closed: CivilDate? = nil
            for e in st.of(i) where e.effective <= asOf {
                open -= e.amount
                if open <= 0 { closed = e.effective; break }
            }
            guard let when = closed else { continue }
            let w = Int128(PaymentHistory.weight(d.amount, on: d.date, ledger: ledger, into: weightCurrency))
            weightedPay += w * Int128(d.date.days(until: when))
            weightedLate += w * Int128(max(0, d.dueDate.days(until: when)))
            weight += w
        }
        return CustomerProfile(customer: index,
                               balances: balances.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key) },
                               reportingBalance: reporting, reportingOverdue: overdue, utilisation: utilisation,
                               oldestDaysPastDue: oldest, items: items, payments: pays,
                               averageDaysToPay: weight > 0 ? DayCount(weightedPay, over: weight).reduced : nil,
                               averageDaysLate: weight > 0 ? DayCount(weightedLate, over: weight).reduced : nil)
    }
}
