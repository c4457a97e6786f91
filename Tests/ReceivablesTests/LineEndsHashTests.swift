import Foundation
import XCTest
@testable import Receivables

/// The one-pass hash and line count of a full load (`CSVTable.hashAndLineEnds`) must give
/// what the separate passes give: the hash is what appended rows are checked against, and
/// the line counts number every row of every chunk.
final class LineEndsHashTests: XCTestCase {
    private func table(_ text: [UInt8]) throws -> CSVTable {
        let path = NSTemporaryDirectory() + "ardash-lineends-" + UUID().uuidString + ".csv"
        FileManager.default.createFile(atPath: path, contents: Data(text))
        defer { unlink(path) }
        var problems: [LedgerProblem] = []
        return try XCTUnwrap(CSVTable.open(path: path, displayName: "t.csv", kind: .invoices, config: FileConfig(),
                                           format: FileFormat(), required: [], problems: &problems))
    }

    /// "h\r\na\rb\n\rc" after the header "x\n": bytes 2…10. Line ends: LF at 1; the CR at 3
    /// is followed by LF (one end, at 4); lone CR at 6; LF at 8; lone CR at 9: 5 in all.
    /// Before offsets 0, 4, 5, 7, 11: 0, 1, 2, 3, 5.
    func testHandWorkedCounts() throws {
        let t = try table(Array("x\nh\r\na\rb\n\rc".utf8))
        XCTAssertEqual(t.hashAndLineEnds(at: [0, 4, 5, 7, 11]).before, [0, 1, 2, 3, 5])
    }

    /// Random bytes rich in LF, CR, CRLF, VT and multi-byte text, with random cuts: the
    /// counts equal `lineEnds(0..<cut)` and the lanes `wordHash(0, n & ~7)` for every length
    /// (the word loop, the 8-byte loop and the byte tail all get exercised).
    func testAgreesWithTheSeparatePassesOnRandomBytes() throws {
        var rng = SplitMix64(seed: 42)
        let alphabet: [[UInt8]] = [[10], [13], [13, 10], [11], [0x2C], Array("é".utf8), Array("ab".utf8), [0x22], [0x7F]]
        for length in [0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 200, 1000, 5003, 20_011] {
            var bytes = Array("h\n".utf8)
            while bytes.count < length { bytes += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let t = try table(bytes)
            let n = t.bytes.count
            var cuts = (0..<6).map { _ in Int(rng.next() % UInt64(n + 1)) }.sorted()
            cuts.append(n)
            let (lanes, before) = t.hashAndLineEnds(at: cuts)
            XCTAssertEqual(before, cuts.map { t.lineEnds(0..<$0) }, "length \(length), cuts \(cuts)")
            XCTAssertEqual(lanes, t.wordHash(0, n & ~7, continuing: ContentHash.seed), "length \(length)")
        }
    }

    /// Long runs of one kind of line end (LF only, CRLF only, lone CR only, dense LFs),
    /// past the 127 blocks a vector lane holds before it is added up, with a cut.
    func testLongFilesOfOneKindOfLineEnd() throws {
        for (end, row) in [("\n", "F0000001,C00002,2026-01-01,EUR,5000.99"), ("\r\n", "F1,C2,2026-01-01,EUR,1.00"),
                           ("\r", "a,b"), ("\n", "")] {
            let text = "h" + end + String(repeating: row + end, count: 3000)
            let t = try table(Array(text.utf8))
            let n = t.bytes.count
            let cuts = [n / 3, n]
            let (_, before) = t.hashAndLineEnds(at: cuts)
            XCTAssertEqual(before, cuts.map { t.lineEnds(0..<$0) }, "\(end.debugDescription) \(row)")
            XCTAssertEqual(before.last, 3001, "\(end.debugDescription) \(row)")   // the header's and 3,000 rows'
        }
    }
}
