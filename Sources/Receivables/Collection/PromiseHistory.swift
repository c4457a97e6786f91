extension Annotations {
    /// Every promise to pay ever recorded on a customer or one of its documents, with
    /// whether it was broken as of `asOf` (its date passed and the payments received from
    /// the day it was made to its date fall short), keyed by customer index.
    /// - Parameter payments: each customer's payment indices (`CustomerRows.payments`).
    public func promiseRecord(_ ledger: Ledger, asOf: CivilDate, payments: (Int32) -> ArraySlice<Int32>) -> [Int32: (made: Int, broken: Int)] {
        var out: [Int32: (made: Int, broken: Int)] = [:]
        func visit(_ notes: AccountNotes, customerId: String, documentId: String?) {
            guard let c = ledger.customer(id: customerId) else { return }
            let doc = documentId.flatMap { ledger.document(id: $0) }
            for e in notes.timeline where e.kind == .flagSet && e.flag == .promise {
                guard let p = PromiseToPay(e) else { continue }
                var r = out[c] ?? (0, 0)
                r.made += 1
                if Annotations.isBroken(p, customer: c, document: doc, ledger: ledger, asOf: asOf, candidates: payments(c)) { r.broken += 1 }
                out[c] = r
            }
        }
        for (id, n) in customers { visit(n, customerId: id, documentId: nil) }
        for (key, n) in documents {
            let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            visit(n, customerId: String(parts[0]), documentId: String(parts[1]))
        }
        return out
    }

    /// Ids of customers on which (or on whose documents) a note, a promise or a
    /// follow-up was recorded on `day`; `dayOf` turns an event's UTC time into the
    /// user's calendar day.
    public func customersActed(on day: CivilDate, dayOf: (String) -> CivilDate?) -> Set<String> {
        var out = Set<String>()
        func acted(_ n: AccountNotes) -> Bool {
            n.timeline.contains { e in
                (e.kind == .note || e.kind == .followUp || (e.kind == .flagSet && e.flag == .promise)) && dayOf(e.at) == day
            }
        }
        for (id, n) in customers where acted(n) { out.insert(id) }
        for (key, n) in documents where acted(n) {
            out.insert(String(key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)[0]))
        }
        return out
    }
}
