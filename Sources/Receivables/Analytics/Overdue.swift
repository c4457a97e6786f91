/// One line of the overdue list: a document with an open amount past its due date.
public struct OverdueItem: Sendable, Equatable {
    public var document: Int32
    public var customer: Int32
    public var dueDate: CivilDate
    /// As-of − due date, > 0.
    public var daysPastDue: Int
    /// Open amount in the document's currency.
    public var open: Money
    /// Open amount in the aging report's currency.
    public var reportingMinor: Int64
}

public enum Overdue {
    /// Documents with a positive open amount whose due date is before the report date,
    /// most days past due first, then largest amount, then document id.
    public static func list(_ ledger: Ledger, aging: AgingReport) -> [OverdueItem] {
        var out: [OverdueItem] = []
        var maxDays = 0
        for it in aging.items where it.kind == .document && it.open.minorUnits > 0 {
            let dpd = it.dueDate.days(until: aging.asOf)
            guard dpd > 0 else { continue }
            maxDays = max(maxDays, dpd)
            out.append(OverdueItem(document: it.index, customer: it.customer, dueDate: it.dueDate, daysPastDue: dpd,
                                   open: it.open, reportingMinor: it.reportingMinor))
        }
        func precedes(_ a: OverdueItem, _ b: OverdueItem) -> Bool {
            if a.daysPastDue != b.daysPastDue { return a.daysPastDue > b.daysPastDue }
            if a.reportingMinor != b.reportingMinor { return a.reportingMinor > b.reportingMinor }
            return ledger.documents[Int(a.document)].id < ledger.documents[Int(b.document)].id
        }
        // Placed by days past due first (a counting sort: a few hundred distinct days for
        // tens of thousands of items), then each day's run sorted: a third of the
        // comparisons of one sort of the list (10 ms at 59,000 items).
        guard out.count > 64, maxDays <= 4 * out.count + 1024 else { out.sort(by: precedes); return out }
        var starts = [Int](repeating: 0, count: maxDays + 2)
        for it in out { starts[maxDays - it.daysPastDue + 1] += 1 }   // most days first
        for d in 1..<starts.count { starts[d] += starts[d - 1] }
        var next = starts
        let placed = [OverdueItem](unsafeUninitializedCapacity: out.count) { buffer, count in
            for it in out {
                let k = maxDays - it.daysPastDue
                (buffer.baseAddress! + next[k]).initialize(to: it)
                next[k] += 1
            }
            for k in 0...maxDays where starts[k + 1] - starts[k] > 1 {
                var run = UnsafeMutableBufferPointer(rebasing: buffer[starts[k]..<starts[k + 1]])
                run.sort(by: precedes)
            }
            count = out.count
        }
        return placed
    }
}
