/// Where one parsing worker writes its rows: a run of slots inside the array the whole
/// file's rows end up in (`LoadState.parseAll`). Writing rows in place, instead of into
/// one array per worker joined afterwards, saves copying every row once more on one core
/// (a quarter of the documents' merge at a million rows) and freeing the copies.
///
/// A region holds as many slots as its chunk has line ends, plus one: every record but
/// the file's last ends at a line end, so the rows fit. Should they not, the rest go to
/// `overflow`, and the rows are joined by copying (`RowRegion.gather`).
struct RowRegion<T>: @unchecked Sendable {   // each region is written by one worker only
    let base: UnsafeMutablePointer<T>?
    let capacity: Int
    /// Rows written to `base`.
    private(set) var stored = 0
    /// Rows past `capacity` (never expected; kept so that no row can be lost).
    private(set) var overflow: [T] = []

    init(base: UnsafeMutablePointer<T>?, capacity: Int) {
        self.base = base
        self.capacity = base == nil ? 0 : capacity
    }

    /// Rows appended so far.
    var count: Int { stored + overflow.count }

    /// Maps the region's pages at once, on the worker that will write them.
    func prefault() {
        if let base { Prefault.pages(UnsafeMutableRawPointer(base), bytes: capacity * MemoryLayout<T>.stride) }
    }

    @inline(__always)
    mutating func append(_ row: T) {
        if stored < capacity { (base! + stored).initialize(to: row); stored += 1 } else { overflow.append(row) }
    }

    /// Destroys the rows written to the slots (a parse thrown away to be done again).
    mutating func discard() {
        if stored > 0 { base!.deinitialize(count: stored) }
        stored = 0
        overflow = []
    }

    /// Moves the regions' rows to follow each other from `destination` on (regions lie in
    /// order and do not overlap, so each moves down, never onto rows not yet moved).
    ///
    /// - Returns: the number of rows now at `destination`, or nil when a region
    ///   overflowed: then nothing was moved and `gather` must be used.
    static func compact(_ regions: [RowRegion<T>], to destination: UnsafeMutablePointer<T>) -> Int? {
        guard regions.allSatisfy({ $0.overflow.isEmpty }) else { return nil }
        var end = destination
        for r in regions where r.stored > 0 {
            if r.base! != end { end.moveInitialize(from: r.base!, count: r.stored) }
            end += r.stored
        }
        return destination.distance(to: end)
    }

    /// The regions' rows in order in a new array, moved out of their slots (the slow path
    /// after an overflow).
    static func gather(_ regions: [RowRegion<T>]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(regions.reduce(0) { $0 + $1.count })
        for r in regions {
            for i in 0..<r.stored { out.append((r.base! + i).move()) }
            out += r.overflow
        }
        return out
    }
}

/// A worker's rows for one file, written to a `RowRegion` (`LoadState.parallelRows`).
protocol RowBatch: Sendable {
    associatedtype Row
    /// An empty batch writing its rows to `region`.
    init(region: RowRegion<Row>)
    var rows: RowRegion<Row> { get set }
}

/// The slots of one parse: `capacity` uninitialised rows from `base` on, shared out as
/// regions, one per chunk.
struct RowSink<T>: @unchecked Sendable {   // regions never overlap; each has one writer
    let base: UnsafeMutablePointer<T>
    let capacity: Int

    /// Consecutive regions of `bounds[k]` slots each; past `capacity`, regions are cut
    /// short (their rows overflow: slow, but none is lost).
    func regions(_ bounds: [Int]) -> [RowRegion<T>] {
        var offset = 0
        return bounds.map { bound in
            let size = max(0, min(bound, capacity - offset))
            defer { offset += size }
            return RowRegion(base: base + offset, capacity: size)
        }
    }
}
