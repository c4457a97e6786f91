import XCTest
@testable import Receivables

final class CSVReaderTests: XCTestCase {
    /// Reads all records as (line, texts).
    func records(_ text: String, delimiter: Character = ",") -> [(Int, [String])] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buf in
            var r = CSVReader(bytes: buf, delimiter: UInt8(ascii: delimiter.unicodeScalars.first!))
            var fields: [CSVField] = []
            var out: [(Int, [String])] = []
            while let (line, _, _) = r.next(into: &fields) { out.append((line, fields.map { r.text($0) })) }
            return out
        }
    }

    func testQuotesEmbeddedNewlinesAndDoubledQuotes() {
        let rows = records("id;name\nC1;\"Exemple SARL\nService comptabilité\"\nC2;\"Beta \"\"Trading\"\" Ltd\"\n", delimiter: ";")
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[1].1, ["C1", "Exemple SARL\nService comptabilité"])
        XCTAssertEqual(rows[2].0, 4)   // physical line after a two-line record
        XCTAssertEqual(rows[2].1, ["C2", "Beta \"Trading\" Ltd"])
    }

    func testMixedLineEndsBlankLinesAndNoFinalNewline() {
        let rows = records("a,b\r\n1,2\n\r\n,\n3,4\r5,6")
        XCTAssertEqual(rows.map(\.1), [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
        XCTAssertEqual(rows.map(\.0), [1, 2, 5, 6])
    }

    func testEmptyFieldsAndTrailingDelimiter() {
        XCTAssertEqual(records("a,,c,\n").first?.1, ["a", "", "c", ""])
        XCTAssertEqual(records("a,b,").first?.1, ["a", "b", ""])
    }

    func testUnterminatedQuoteIsReported() {
        let bytes = Array("a,b\n1,\"never closed\n2,3\n".utf8)
        bytes.withUnsafeBufferPointer { buf in
            var r = CSVReader(bytes: buf, delimiter: UInt8(ascii: ","))
            var f: [CSVField] = []
            XCTAssertEqual(r.next(into: &f)?.unterminated, false)
            let second = r.next(into: &f)
            XCTAssertEqual(second?.line, 2)
            XCTAssertEqual(second?.unterminated, true)
            XCTAssertNil(r.next(into: &f))
        }
    }

    func testDelimiterDetectionFromHeaderOutsideQuotes() {
        func detect(_ s: String) -> UInt8 { Array(s.utf8).withUnsafeBufferPointer { CSVReader.detectDelimiter($0) } }
        XCTAssertEqual(detect("customer_id;name;currency\nC1;Exemple, Fils & Cie;EUR\n"), UInt8(ascii: ";"))   // BR-19
        XCTAssertEqual(detect("a,b,c\n"), UInt8(ascii: ","))
        XCTAssertEqual(detect("\"x;y\",b,c\n"), UInt8(ascii: ","))
        XCTAssertEqual(detect("a\tb\tc\n"), 9)
        XCTAssertEqual(detect("a|b|c\n"), UInt8(ascii: "|"))
        XCTAssertEqual(detect("single\n"), UInt8(ascii: ","))
    }
}

/// `String(field:)` gives the text `String(decoding:as:)` gives, invalid UTF-8 repaired
/// the same way, for fields short enough to be small strings and longer.
final class FieldTextTests: XCTestCase {
    func testFieldTextIsDecodedText() {
        var rng = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("F0000001".utf8), Array("é".utf8), Array("€".utf8), Array("💰".utf8),
                                 [0xC3], [0xFF], [0xE2, 0x82], [0x00], [0x41], Array("PO-00000".utf8)]
        for _ in 0..<3000 {
            var bytes: [UInt8] = [0x2C]
            while bytes.count < Int.random(in: 1...22, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            bytes.append(0x2C)
            bytes.withUnsafeBufferPointer { b in
                let r = 1..<b.count - 1
                XCTAssertEqual(String(field: b, r), String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self), "\(bytes)")
                XCTAssertEqual(Array(String(field: b, r).utf8), Array(String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self).utf8))
            }
        }
        let line = Array("x,Négoce O'Brien,C1".utf8)
        line.withUnsafeBufferPointer { b in
            XCTAssertEqual(String(field: b, 2..<17), "Négoce O'Brien")   // 15 bytes: é is two
            XCTAssertEqual(String(field: b, 18..<20), "C1")
            XCTAssertEqual(String(field: b, 1..<1), "")
        }
    }
}
