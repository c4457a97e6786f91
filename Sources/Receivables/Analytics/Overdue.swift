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
        for it in aging.items where it.kind == .document && it.open.minorUnits > 0 {
            let dpd = it.dueDate.days(until: aging.asOf)
            guard dpd > 0 else { continue }
            out.append(OverdueItem(document: it.index, customer: it.customer, dueDate: it.dueDate, daysPastDue: dpd,
                                   open: it.open, reportingMinor: it.reportingMinor))
        }
        out.sort {
            if $0.daysPastDue != $1.daysPastDue { return $0.daysPastDue > $1.daysPastDue }
            if $0.reportingMinor != $1.reportingMinor { return $0.reportingMinor > $1.reportingMinor }
            return ledger.documents[Int($0.document)].id < ledger.documents[Int($1.document)].id
        }
        return out
    }
}
