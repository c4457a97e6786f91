import Foundation
import Glibc
import XCTest
@testable import Receivables

/// Large files are mapped, not copied; one cut short while mapped reads as zeros past its
/// new end instead of stopping the process with SIGBUS (an export rewritten in place
/// during a load).
final class FileDataTests: XCTestCase {
    private func tempFile(_ bytes: [UInt8]) -> String {
        let path = NSTemporaryDirectory() + "ardash-filedata-" + UUID().uuidString
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// 2 MiB of the pattern byte k = k % 251: mapped (≥ 1 MiB), read back exactly; the first
    /// three and last five bytes can be left out without a copy.
    func testALargeFileIsMappedAndReadExactly() throws {
        let bytes = (0..<(2 << 20)).map { UInt8($0 % 251) }
        let path = tempFile(bytes)
        defer { unlink(path) }
        var data = try XCTUnwrap(FileData.read(path).data)
        XCTAssertEqual(data.count, 2 << 20)
        XCTAssertEqual(data[1_000_000], UInt8(1_000_000 % 251))
        data.removeFirst(3); data.removeLast(5)
        XCTAssertEqual(data.count, (2 << 20) - 8)
        XCTAssertEqual(data[0], 3)
        XCTAssertEqual(data.last, UInt8(((2 << 20) - 6) % 251))
        XCTAssertEqual(data.withUnsafeBufferPointer { Array($0.prefix(4)) }, [3, 4, 5, 6])
    }

    /// A small file is read, with the same contents.
    func testASmallFileIsRead() throws {
        let path = tempFile(Array("a,b\n1,2\n".utf8))
        defer { unlink(path) }
        let data = try XCTUnwrap(FileData.read(path).data)
        XCTAssertEqual(data.withUnsafeBufferPointer { Array($0) }, Array("a,b\n1,2\n".utf8))
    }

    /// 3 MiB of 'x', mapped, then cut to 1 MiB by another writer: byte 2,000,000 (past the
    /// new end) reads 0 and one fault is counted; byte 10 still reads 'x'.
    func testAMappedFileCutShortReadsZerosAndCountsAFault() throws {
        let path = tempFile([UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20))
        defer { unlink(path) }
        let data = try XCTUnwrap(FileData.read(path).data)
        let before = MappedPages.faults
        XCTAssertEqual(truncate(path, 1 << 20), 0)
        XCTAssertEqual(data[2_000_000], 0)
        XCTAssertEqual(data[2_500_000], 0)
        XCTAssertEqual(MappedPages.faults, before + 1)
        XCTAssertEqual(data[10], UInt8(ascii: "x"))
    }
}
