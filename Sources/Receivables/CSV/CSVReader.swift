/// Where one field lies in the file's bytes.
public struct CSVField: Sendable {
    /// Byte range of the field's content (inside the quotes for a quoted field).
    public var range: Range<Int>
    /// The content holds doubled quotes (`""`) that must be unescaped to read the text.
    public var hasEscapedQuotes: Bool
    /// Text stood between the closing quote and the next delimiter (`"abc"x,`).
    public var malformed: Bool
}

/// A streaming RFC 4180 reader over UTF-8 bytes, with no `String` per field.
///
/// Handles quoted fields with embedded delimiters, newlines and doubled quotes; CRLF, LF
/// and lone CR line ends, mixed in one file; a missing final newline; blank lines (also
/// lines of delimiters only, as spreadsheets write them), which are skipped. Line numbers
/// are physical lines (1-based), counting newlines inside quoted fields, so problems can
/// point at the line an editor shows.
public struct CSVReader {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let delimiter: UInt8
    /// Byte offset where the next record starts.
    public private(set) var position: Int
    /// Physical line (1-based) at `position`.
    public private(set) var line: Int

    /// - Parameters:
    ///   - bytes: the file's bytes, a leading BOM already removed.
    ///   - start: byte offset to start from (e.g. after the header).
    ///   - line: the line number at `start`.
    public init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, start: Int = 0, line: Int = 1) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = start
        self.line = line
    }

    /// Reads the next non-blank record into `fields` (cleared first).
    ///
    /// - Returns: the record's first line and byte offset, or nil at the end of input.
    ///   `unterminated` is true when a quoted field ran to the end without its closing quote.
    public mutating func next(into fields: inout [CSVField]) -> (line: Int, unterminated: Bool, start: Int)? {
        let n = bytes.count
        let q = UInt8(ascii: "\""), cr: UInt8 = 13, lf: UInt8 = 10, d = delimiter
        let dMask = UInt64(d) &* 0x0101_0101_0101_0101
        while position < n {
            fields.removeAll(keepingCapacity: true)
            let recordLine = line
            var i = position
            var unterminated = false
            var allEmpty = true
            record: while true {
                // One field starting at i.
                if i < n && bytes[i] == q {
                    let start = i + 1
                    var j = start
                    var escaped = false
                    var closed = false
                    while j < n {
                        let b = bytes[j]
                        if b == q {
                            if j + 1 < n && bytes[j + 1] == q { escaped = true; j += 2; continue }
                            closed = true
                            break
                        }
                        if b == lf { line += 1 } else if b == cr && !(j + 1 < n && bytes[j + 1] == lf) { line += 1 }
                        j += 1
                    }
                    if !closed { unterminated = true }
                    var field = CSVField(range: start..<j, hasEscapedQuotes: escaped, malformed: false)
                    allEmpty = false
                    i = closed ? j + 1 : n
                    // Anything before the next delimiter/newline is stray text.
                    while i < n && bytes[i] != d && bytes[i] != lf && bytes[i] != cr {
                        field.malformed = true
                        i += 1
                    }
                    fields.append(field)
                } else {
                    let start = i
                    // Eight bytes at a time: the lowest byte that is a delimiter or a line
                    // end ends the field (the SWAR zero-byte test is exact for the lowest).
                    var found = false
                    if let base = bytes.baseAddress {
                        while i + 8 <= n {
                            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                            let m = CSVReader.zeroBytes(w ^ dMask) | CSVReader.zeroBytes(w ^ 0x0A0A_0A0A_0A0A_0A0A)
                                | CSVReader.zeroBytes(w ^ 0x0D0D_0D0D_0D0D_0D0D)
                            if m != 0 { i += m.trailingZeroBitCount >> 3; found = true; break }
                            i += 8
                        }
                    }
                    while !found && i < n {
                        let b = bytes[i]
                        if b == d || b == lf || b == cr { break }
                        i += 1
                    }
                    if i > start { allEmpty = false }
                    fields.append(CSVField(range: start..<i, hasEscapedQuotes: false, malformed: false))
                }
                if i >= n { break record }
                let b = bytes[i]
                if b == d { i += 1; if i >= n { fields.append(CSVField(range: n..<n, hasEscapedQuotes: false, malformed: false)); break record }; continue }
                // End of line.
                if b == cr && i + 1 < n && bytes[i + 1] == lf { i += 2 } else { i += 1 }
                line += 1
                break record
            }
            let recordStart = position
            position = i
            if allEmpty { continue }   // blank line, or delimiters only
            return (recordLine, unterminated, recordStart)
        }
        return nil
    }

    /// High bit set in each byte of `x` that is zero: exact for the lowest such byte
    /// (a borrow can mark bytes above it), which is the only one read.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Continues reading at the line after the one that begins at `recordStart`, ignoring
    /// quotes: used to resynchronise after an unbalanced quote, so that one stray quote
    /// costs one line and not the rest of the file.
    public mutating func skipLine(from recordStart: Int, line recordLine: Int) {
        var i = recordStart
        let n = bytes.count
        while i < n && bytes[i] != 10 && bytes[i] != 13 { i += 1 }
        if i < n && bytes[i] == 13 && i + 1 < n && bytes[i + 1] == 10 { i += 1 }
        position = min(n, i + 1)
        line = recordLine + 1
    }

    /// Continues at `position`, on physical line `line` (after a record read elsewhere:
    /// `CSVTable`'s plain-line splitter).
    public mutating func resume(at position: Int, line: Int) {
        self.position = position
        self.line = line
    }

    /// The text of a field, unescaping doubled quotes.
    public func text(_ f: CSVField) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[f.range])
        if !f.hasEscapedQuotes { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var k = 0
        while k < slice.count {
            out.append(slice[k])
            if slice[k] == UInt8(ascii: "\"") && k + 1 < slice.count && slice[k + 1] == UInt8(ascii: "\"") { k += 2 } else { k += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Picks the delimiter of a file from its header line: the most frequent of `,` `;`
    /// tab and `|` outside quotes (`,` when none occurs, i.e. a one-column file).
    public static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        var inQuotes = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 10 || b == 13 { break }
            if b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == 9 || b == UInt8(ascii: "|") {
                counts[b, default: 0] += 1
            }
        }
        let order: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")]
        var best = UInt8(ascii: ","), bestCount = 0
        for c in order where (counts[c] ?? 0) > bestCount { best = c; bestCount = counts[c]! }
        return best
    }
}
