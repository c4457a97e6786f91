/// One line of a customer's account that is open as of a date: a document with an open
/// amount (positive: owed; negative: an over-paid document or an unallocated credit
/// note), or unapplied cash (negative).
public struct OpenItem: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case document
        case unappliedPayment
    }

    public var kind: Kind
    /// Index into `Ledger.documents` or `Ledger.payments`, by `kind`.
    public var index: Int32
    public var customer: Int32
    /// The item's own date: document date, or payment date for cash.
    public var date: CivilDate
    /// Due date for a document; the payment date for cash.
    public var dueDate: CivilDate
    /// Days the aging counts: for an amount owed, days past due (due-date basis) or days
    /// since the document date; for a credit, days since the credit's own date (BR-04).
    public var days: Int
    /// Bucket index in the report's `AgingBuckets`.
    public var bucket: Int
    /// Open amount in the item's own currency.
    public var open: Money
    /// Open amount in the report's currency (equal to `open.minorUnits` when the report
    /// is per currency).
    public var reportingMinor: Int64

    /// Days past due by the due date, whatever the aging basis.
    public func daysPastDue(asOf: CivilDate) -> Int { dueDate.days(until: asOf) }
}
