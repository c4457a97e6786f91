import XCTest
@testable import Receivables

/// Rows written in place by several workers (`RowRegion`), then closed up.
final class RowRegionTests: XCTestCase {
    /// Counts live instances, to show every row is destroyed exactly once.
    final class Tracked: Equatable {
        nonisolated(unsafe) static var live = 0
        let value: Int
        init(_ value: Int) { self.value = value; Tracked.live += 1 }
        deinit { Tracked.live -= 1 }
        static func == (a: Tracked, b: Tracked) -> Bool { a.value == b.value }
    }

    /// Three regions of 4, 3 and 5 slots holding 2, 3 and 1 rows (gaps where a chunk had
    /// blank lines or rejected rows) close up to 6 rows in file order.
    func testRegionsCloseUpInOrder() {
        Tracked.live = 0
        let values: [Int] = [Int](unsafeUninitializedCapacity: 12) { buf, n in
            let sink = RowSink(base: buf.baseAddress!, capacity: 12)
            var r = sink.regions([4, 3, 5])
            XCTAssertEqual(r.map(\.capacity), [4, 3, 5])
            r[0].append(10); r[0].append(11)
            r[1].append(20); r[1].append(21); r[1].append(22)
            r[2].append(30)
            n = RowRegion.compact(r, to: sink.base)!
        }
        XCTAssertEqual(values, [10, 11, 20, 21, 22, 30])
    }

    /// Regions past the sink's capacity are cut short; rows beyond a region's slots go
    /// to its overflow, and `gather` keeps file order. Nothing leaks or is freed twice.
    func testOverflowKeepsEveryRowInOrder() {
        Tracked.live = 0
        do {
            var gathered: [Tracked] = []
            let kept = [Tracked](unsafeUninitializedCapacity: 3) { buf, n in
                let sink = RowSink(base: buf.baseAddress!, capacity: 3)
                var r = sink.regions([2, 2])
                XCTAssertEqual(r.map(\.capacity), [2, 1])
                for v in [1, 2, 3] { r[0].append(Tracked(v)) }
                for v in [4, 5] { r[1].append(Tracked(v)) }
                XCTAssertEqual(r.map(\.count), [3, 2])
                XCTAssertNil(RowRegion.compact(r, to: sink.base), "an overflow is not closed up in place")
                gathered = RowRegion.gather(r)
                n = 0
            }
            XCTAssertTrue(kept.isEmpty)
            XCTAssertEqual(gathered.map(\.value), [1, 2, 3, 4, 5])
            XCTAssertEqual(Tracked.live, 5)
        }
        XCTAssertEqual(Tracked.live, 0)
    }

    /// A parse thrown away (formats guessed wrong) destroys its rows; the slots are
    /// written again from the start.
    func testDiscardDestroysRowsAndEmptiesTheRegion() {
        Tracked.live = 0
        do {
            let rows = [Tracked](unsafeUninitializedCapacity: 4) { buf, n in
                let sink = RowSink(base: buf.baseAddress!, capacity: 4)
                var r = sink.regions([4])
                r[0].append(Tracked(1)); r[0].append(Tracked(2))
                r[0].discard()
                XCTAssertEqual(Tracked.live, 0)
                XCTAssertEqual(r[0].count, 0)
                r[0].append(Tracked(7))
                n = RowRegion.compact(r, to: sink.base)!
            }
            XCTAssertEqual(rows.map(\.value), [7])
        }
        XCTAssertEqual(Tracked.live, 0)
    }

    /// Swift lays stored properties out in declaration order; the order chosen packs the
    /// rows a million-document load writes (`Document`, `Payment`).
    func testDocumentsAndPaymentsStayPacked() {
        XCTAssertEqual(MemoryLayout<Document>.stride, 80)
        XCTAssertEqual(MemoryLayout<Payment>.stride, 72)
    }
}
