import Receivables

/// What the dashboard shows for one ledger at one as-of date, computed once per load or
/// date change; every key press then works on these arrays without re-scanning the ledger.
public final class DashboardModel: @unchecked Sendable {
    public let ledger: Ledger
    public let asOf: CivilDate
    public let aging: AgingReport
    /// Overdue documents, most days past due first.
    public let overdue: [OverdueItem]
    public let dso: [DSOPoint]?
    /// Customer ids and names folded for search: lowercased, accents removed ("societe" finds "Société").
    let foldedCustomer: [String]
    /// Overdue item index → bucket index.
    let overdueBucket: [Int]
    /// Sort orders of `overdue`, computed on first use.
    private var orders: [OverdueSort: [Int32]] = [:]
    /// Per customer: balance, overdue and oldest days past due (reporting currency minor units).
    public let customerLines: [CustomerLine]

    public struct CustomerLine: Sendable {
        public var customer: Int32
        public var balance: Int64
        public var overdue: Int64
        public var oldest: Int
        public var buckets: [Int64]
    }

    public init(ledger: Ledger, asOf: CivilDate) {
        self.ledger = ledger
        self.asOf = asOf
        let aging = Aging.report(ledger, asOf: asOf)
        self.aging = aging
        overdue = Overdue.list(ledger, aging: aging)
        dso = DSO.series(ledger, asOf: asOf, months: 24)
        var folded = [String](repeating: "", count: ledger.customers.count)
        for (i, c) in ledger.customers.enumerated() { folded[i] = Self.fold(c.name + " " + c.id) }
        foldedCustomer = folded
        let byDoc = Dictionary(aging.items.filter { $0.kind == .document }.map { ($0.index, $0.bucket) }, uniquingKeysWith: { a, _ in a })
        overdueBucket = overdue.map { byDoc[$0.document] ?? 0 }
        // Customer lines (first section: the reporting currency, or the first currency).
        var lines: [Int32: CustomerLine] = [:]
        if let s = aging.sections.first {
            for c in s.customers { lines[c.customer] = CustomerLine(customer: c.customer, balance: c.total, overdue: 0, oldest: 0, buckets: c.buckets) }
        }
        for o in overdue where lines[o.customer] != nil {
            lines[o.customer]!.overdue += o.reportingMinor
            lines[o.customer]!.oldest = max(lines[o.customer]!.oldest, o.daysPastDue)
        }
        customerLines = lines.values.sorted { $0.balance != $1.balance ? $0.balance > $1.balance : $0.customer < $1.customer }
        orders[.daysPastDue] = (0..<Int32(overdue.count)).map { $0 }
    }

    /// Lowercase without diacritics, for accent-insensitive search.
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for ch in s.lowercased() {
            // Decompose and keep base letters: é → e, ß stays.
            for u in String(ch).decomposedScalars where !(0x300...0x36F).contains(u.value) { out.append(u) }
        }
        return String(out)
    }

    /// Overdue indices in `sort` order (descending = as listed first).
    func order(_ sort: OverdueSort) -> [Int32] {
        if let o = orders[sort] { return o }
        let docs = ledger.documents, customers = ledger.customers
        let idx = (0..<Int32(overdue.count)).sorted { a, b in
            let x = overdue[Int(a)], y = overdue[Int(b)]
            switch sort {
            case .daysPastDue: return x.daysPastDue != y.daysPastDue ? x.daysPastDue > y.daysPastDue : a < b
            case .amount: return x.reportingMinor != y.reportingMinor ? x.reportingMinor > y.reportingMinor : a < b
            case .customer:
                let n1 = customers[Int(x.customer)].name, n2 = customers[Int(y.customer)].name
                return n1 != n2 ? n1.lowercased() < n2.lowercased() : docs[Int(x.document)].id < docs[Int(y.document)].id
            case .dueDate: return x.dueDate != y.dueDate ? x.dueDate < y.dueDate : a < b
            }
        }
        orders[sort] = idx
        return idx
    }

    /// Reporting currency of the panels (first section).
    public var currency: Currency { aging.sections.first?.currency ?? Currency(code: "XXX")! }
}

extension String {
    /// Canonical decomposition (NFD) of the string's scalars, without Foundation.
    var decomposedScalars: [Unicode.Scalar] {
        // Latin letters with diacritics map to their base letter; enough for names.
        var out: [Unicode.Scalar] = []
        for u in unicodeScalars {
            if let base = latinBase[u.value] { out.append(Unicode.Scalar(base)!) } else { out.append(u) }
        }
        return out
    }
}

/// Base letters of the Latin-1 Supplement and Latin Extended-A accented letters (lowercase).
private let latinBase: [UInt32: UInt32] = {
    var m: [UInt32: UInt32] = [:]
    let table: [(String, String)] = [("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
                                     ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
                                     ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"),
                                     ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z")]
    for (letters, base) in table { for u in letters.unicodeScalars { m[u.value] = base.unicodeScalars.first!.value } }
    return m
}()

/// Sort keys of the overdue list.
public enum OverdueSort: String, CaseIterable, Sendable {
    case daysPastDue = "days"
    case amount = "amount"
    case customer = "customer"
    case dueDate = "due date"
}
