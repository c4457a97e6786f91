import Foundation
import XCTest
@testable import Receivables

/// `IDIndex` finds ids as exact text: short ASCII ids are compared by their packed bytes,
/// all others by hash and then by the caller's key.
final class IDIndexTests: XCTestCase {
    let keys = ["7", "007", "07", "F0000001", "F0000010", "F000001", "F00000010", "ABCDEFGH", "ABCDEFGHI",
                "Émile", "E\u{301}mile", "a b", "A B", "C1", "c1", "\u{1F4B0}", "12345678", "1234567 "]

    func testEveryKeyIsFoundAtItsOwnIndexAndNoOther() {
        let index = IDIndex(keys: keys)
        XCTAssertEqual(index.count, keys.count)
        for (i, k) in keys.enumerated() {
            let found = index.find(hash: IDIndex.hash(k)) { keys[Int($0)] == k }
            XCTAssertEqual(found, Int32(i), k)
        }
        for absent in ["", "0007", "F0000002", "ABCDEFG", "ABCDEFGHJ", "emile", "C2", " 7"] {
            XCTAssertNil(index.find(hash: IDIndex.hash(absent)) { keys[Int($0)] == absent }, absent)
        }
    }

    func testShortASCIIIdsAreTheirBytesAndOthersAreHashed() {
        // "AB" packed little-endian: 0x41 | 0x42 << 8, top bit clear: equal values are equal ids.
        XCTAssertEqual(IDIndex.hash("AB"), 0x4241)
        XCTAssertEqual(IDIndex.hash("ABCDEFGH"), 0x4847_4645_4443_4241)
        XCTAssertEqual(IDIndex.hash("ABCDEFGHI") & IDIndex.hashed, IDIndex.hashed)   // 9 bytes
        XCTAssertEqual(IDIndex.hash("Émile") & IDIndex.hashed, IDIndex.hashed)       // not ASCII
        XCTAssertEqual(IDIndex.hash("") & IDIndex.hashed, IDIndex.hashed)            // empty
        // The bytes of a cell and the String hash the same way.
        let bytes = Array("x,F0000001,y".utf8)
        bytes.withUnsafeBufferPointer { b in
            XCTAssertEqual(IDIndex.hash(b, 2..<10), IDIndex.hash("F0000001"))
            XCTAssertEqual(IDIndex.hash(b, 0..<12), IDIndex.hash("x,F0000001,y"))
        }
    }

    /// Ids in byte order with none repeated pass the check without an index; a repeat,
    /// a step back, or an id that is hashed (not an exact short id) does not.
    func testStrictlyIncreasingIsByteOrderOfExactIds() {
        func check(_ ids: [String]) -> Bool { ids.map(IDIndex.hash).withUnsafeBufferPointer(IDIndex.strictlyIncreasing) }
        XCTAssertTrue(check(["P0000001", "P0000002", "P0000010", "Q"]))
        // A prefix sorts before its extensions ("P1" < "P10" < "P2"), as bytes do.
        XCTAssertTrue(check(["P1", "P10", "P2"]))
        XCTAssertTrue(check([]))
        XCTAssertFalse(check(["P1", "P2", "P2"]))            // a repeat
        XCTAssertFalse(check(["P2", "P10"]))                 // "P10" < "P2" in byte order
        XCTAssertFalse(check(["P0000001", "P00000002"]))     // 9 bytes: hashed
        XCTAssertFalse(check(["A", "Émile"]))                // not ASCII: hashed
        // The low byte is the first letter: "B" (0x42) > "AZ" (0x5A41) only once swapped.
        XCTAssertTrue(check(["AZ", "B"]))
    }

    /// The eight-byte read of a short id gives what packing it a byte at a time gives, for
    /// ids of 1–9 bytes with zero, control, top-bit and ASCII bytes, read from inside a
    /// longer buffer (one load) and from a buffer that ends with them (the byte loop).
    func testShortIdsReadInOneLoadPackAsByteByByte() {
        func reference(_ id: [UInt8]) -> UInt64? {
            guard (1...8).contains(id.count), id.allSatisfy({ $0 != 0 && $0 < 0x80 }) else { return nil }
            return id.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        }
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0, 1, 0x09, 0x2C, 0x30, 0x41, 0x5A, 0x7F, 0x80, 0xC3, 0xFF]
        var exact = 0
        for _ in 0..<5000 {
            let n = Int.random(in: 1...9, using: &rng)
            let id = (0..<n).map { _ in Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0x21...0x7E, using: &rng) }
            let padded = [0x2C] + id + (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let inside = padded.withUnsafeBufferPointer { IDIndex.hash($0, 1..<1 + n) }
            let atEnd = id.withUnsafeBufferPointer { IDIndex.hash($0, 0..<n) }
            XCTAssertEqual(inside, atEnd, "\(id)")
            if let r = reference(id) { XCTAssertEqual(inside, r, "\(id)"); exact += 1 }
            else { XCTAssertEqual(inside & IDIndex.hashed, IDIndex.hashed, "\(id)") }
        }
        XCTAssertGreaterThan(exact, 500)
        // "C00002" followed by a comma and more of the line: its own six bytes.
        let line = Array("C00002,F0000001,2026".utf8)
        XCTAssertEqual(line.withUnsafeBufferPointer { IDIndex.hash($0, 0..<6) }, 0x3230_3030_3043)
    }

    func testGrowingKeepsEveryKey() {
        var index = IDIndex(capacity: 1)
        let many = (0..<5000).map { "D\($0)" } + (0..<5000).map { "document-number-\($0)" }
        for (i, k) in many.enumerated() { index.insert(hash: IDIndex.hash(k), index: Int32(i)) }
        for (i, k) in many.enumerated() where i % 7 == 0 {
            XCTAssertEqual(index.find(hash: IDIndex.hash(k)) { many[Int($0)] == k }, Int32(i))
        }
        XCTAssertNil(index.find(hash: IDIndex.hash("D5000")) { many[Int($0)] == "D5000" })
    }

    /// `build` fills the two halves on two cores: every id keeps its first row, later rows
    /// with the same id come back as duplicates in row order, and skipped rows are absent.
    func testBuildOnTwoCoresFindsFirstRowsAndDuplicates() {
        var ids: [String] = []
        for i in 0..<20_000 { ids.append(i % 2 == 0 ? "D\(i)" : "a-long-document-number-\(i)") }
        ids += ["D10", "a-long-document-number-11", "D10", "skip-me"]   // rows 20000–20003
        let (index, duplicates) = IDIndex.build(count: ids.count, key: { ids[$0] == "skip-me" ? nil : IDIndex.hash(ids[$0]) },
                                                matches: { ids[Int($0)] == ids[Int($1)] })
        XCTAssertEqual(index.count, 20_000)
        XCTAssertEqual(duplicates.map(\.row), [20_000, 20_001, 20_002])
        XCTAssertEqual(duplicates.map(\.first), [10, 11, 10])
        for (i, k) in ids.enumerated() where i < 20_000 && i % 97 == 0 {
            XCTAssertEqual(index.find(hash: IDIndex.hash(k)) { ids[Int($0)] == k }, Int32(i))
        }
        XCTAssertNil(index.find(hash: IDIndex.hash("skip-me")) { ids[Int($0)] == "skip-me" })
        // Still usable one row at a time afterwards (an append).
        var grown = index
        for i in 0..<30_000 { grown.insert(hash: IDIndex.hash("N\(i)"), index: Int32(100_000 + i)) }
        XCTAssertEqual(grown.find(hash: IDIndex.hash("N29999")) { _ in true }, 129_999)
        XCTAssertEqual(grown.find(hash: IDIndex.hash("D10")) { ids[Int($0)] == "D10" }, 10)
    }
}
