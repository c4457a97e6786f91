/// The aging scheme: basis and right-inclusive upper edges in days.
///
/// Due-date basis (default, DESIGN.md): days past due = as-of − due date; ≤ 0 is
/// *Current*; with edges [30, 60, 90, 120] the buckets are Current, 1-30, 31-60, 61-90,
/// 91-120, 120+ — a document exactly 30 days past due is in 1-30 (BR-01).
/// Document-date basis: age = as-of − document date, buckets 0-30, 31-60, …, 120+.
public struct AgingBuckets: Sendable, Equatable {
    public let basis: AgingBasis
    public let edges: [Int]

    public init(basis: AgingBasis = .dueDate, edges: [Int] = [30, 60, 90, 120]) {
        precondition(!edges.isEmpty && zip(edges, edges.dropFirst()).allSatisfy { $0 < $1 } && edges[0] > 0)
        self.basis = basis
        self.edges = edges
    }

    /// Number of buckets.
    public var count: Int { basis == .dueDate ? edges.count + 2 : edges.count + 1 }

    /// Bucket labels, oldest last: ["Current", "1-30", …, "120+"].
    public var labels: [String] {
        var out: [String] = []
        var lower = 1
        if basis == .dueDate { out.append("Current") } else { lower = 0 }
        for e in edges { out.append("\(lower)-\(e)"); lower = e + 1 }
        out.append("\(edges.last!)+")
        return out
    }

    /// Bucket index of an item `days` past due (or old, on the document-date basis).
    public func index(days: Int) -> Int {
        var k = 0
        if basis == .dueDate {
            if days <= 0 { return 0 }
            k = 1
        }
        for e in edges {
            if days <= e { return k }
            k += 1
        }
        return k
    }

    /// Whether bucket `i` holds items not yet due (due-date basis only).
    public func isCurrent(_ i: Int) -> Bool { basis == .dueDate && i == 0 }
}
