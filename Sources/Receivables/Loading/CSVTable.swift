import Foundation
/// One ledger file opened for loading: its bytes in UTF-8, its delimiter, and where each
/// native column is. Rows are read on demand (`forEachRow`), so no `String` is made for a
/// field nobody asks for.
final class CSVTable: @unchecked Sendable {   // immutable once opened, but for the caches set by `precompute` before any worker reads and `releaseBytes` after they all finished
    let kind: LedgerFileKind
    /// File name as shown in problems (relative to the ledger folder).
    let displayName: String
    /// UTF-8 bytes, BOM removed (empty after `releaseBytes`).
    private(set) var bytes: FileData
    /// Chunks and facts worked out once by `precompute` (a full load), nil until then.
    private(set) var cachedChunks: [RowChunk]?
    private var cachedEndLine: Int?
    private var cachedHash: ContentHash?
    let delimiter: UInt8
    /// Header names as written (trimmed).
    let header: [String]
    /// native column → index in the row.
    let columnIndex: [String: Int]
    /// native column → constant from `[files.X.values]`.
    let constants: [String: String]
    /// Unknown columns kept for display: (name, index).
    let extraColumns: [(name: String, index: Int)]
    /// Columns where a quoted line break is plausible (names, references, unknown
    /// columns); one anywhere else means a quote was left open.
    let multilineColumns: Set<Int>
    /// Bytes removed from the start of the file (a UTF-8 BOM), so file offset = byte + this.
    private(set) var fileOffset = 0
    /// The bytes are not the file's (transcoded from Windows-1252): no tail reads.
    private(set) var transcoded = false
    /// Bytes of an unterminated last line left out (`open(…, holdBack: true)`).
    private(set) var heldBack = 0
    /// Offsets of invalid UTF-8 bytes (ascending); rows holding one are rejected.
    let invalidOffsets: [Int]
    private let dataStart: Int
    private let dataLine: Int
    /// Index from which every header column has no name (the header's count when the last
    /// one has a name): a row may stop there.
    let unnamedFrom: Int
    /// Most of the first rows run past the header with empty fields (an export that ends
    /// every row with a delimiter): a longer row is that padding, not a split value.
    private(set) var paddedRows = false

    /// The longest header row read, in bytes (64 KiB: a thousand columns of long names).
    static let maxHeaderBytes = 65_536

    /// Opens `path`, decodes it and maps its header.
    ///
    /// - Returns: nil when the file cannot be used at all; the reasons are appended to
    ///   `problems` (file-level errors: unreadable, empty, missing required column).
    ///
    /// - Parameter scanFrom: file offset from which the bytes are checked to be UTF-8 (the
    ///   start of rows appended since a full read, whose bytes were checked then).
    ///   - holdBack: a last line with no line end yet is left out (a writer may still be
    ///     writing it); `heldBack` says how many bytes.
    static func open(path: String, displayName: String, kind: LedgerFileKind, config: FileConfig,
                     format: FileFormat, required: [String], scanFrom: Int = 0, holdBack: Bool = false,
                     problems: inout [LedgerProblem]) -> CSVTable? {
        let (raw, err) = FileData.read(path)
        guard var bytes = raw else {
            problems.append(LedgerProblem(.error, file: displayName, line: nil, field: nil, "cannot read: \(err ?? "?")"))
            return nil
        }
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            problems.append(LedgerProblem(.error, file: displayName, line: nil, field: nil,
                "the file is UTF-16 (Excel \"Unicode text\"); save it as CSV UTF-8 and reload"))
            return nil
        }
        var hadBOM = false
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            bytes.removeFirst(3); hadBOM = true
        }
        var heldBack = 0
        if holdBack, let last = bytes.last, last != 10 && last != 13,
           let end = bytes.withUnsafeBufferPointer({ $0.lastIndex(where: { $0 == 10 || $0 == 13 }) }) {
            heldBack = bytes.count - (end + 1)
            bytes.removeLast(heldBack)
        }
        let scanStart = min(bytes.count, max(0, scanFrom - (hadBOM ? 3 : 0)))
        var scan = bytes.withUnsafeBufferPointer { FileBytes.scanUTF8(UnsafeBufferPointer(rebasing: $0[scanStart...])) }
        if scanStart > 0 { scan.invalidOffsets = scan.invalidOffsets.map { $0 + scanStart } }
        var encoding = format.encoding
        if encoding == nil && !hadBOM && !scan.invalidOffsets.isEmpty && scan.multibyteSequences == 0 {
            encoding = .windows1252
            problems.append(LedgerProblem(.notice, file: displayName, line: nil, field: nil,
                "not UTF-8 and no UTF-8 sequence in it: read as Windows-1252 (set encoding in ardash.toml to be explicit)"))
        }
        // A UTF-8 byte order mark says UTF-8, but a file with one and bytes that are not
        // UTF-8 is Windows-1252 behind a mark some exporters always write: `encoding`
        // set in ardash.toml is then obeyed (a trial's SAP export lost its umlaut headers).
        let transcode = encoding == .windows1252 && (!hadBOM || (format.encoding == .windows1252 && !scan.invalidOffsets.isEmpty))
        if hadBOM && format.encoding == .windows1252 && !transcode && scan.multibyteSequences > 0 {
            problems.append(LedgerProblem(.warning, file: displayName, line: nil, field: nil,
                "encoding = \"windows-1252\" in ardash.toml, but the file starts with a UTF-8 byte order mark and is valid UTF-8: read as UTF-8"))
        }
        if transcode {
            bytes = FileData(bytes.withUnsafeBufferPointer { FileBytes.windows1252ToUTF8($0) })
            scan = FileBytes.UTF8Scan()
        }
        let table = CSVTable(kind: kind, displayName: displayName, bytes: bytes, invalidOffsets: scan.invalidOffsets,
                             config: config, format: format, required: required, problems: &problems)
        table?.fileOffset = hadBOM ? 3 : 0
        table?.transcoded = transcode
        table?.heldBack = heldBack
        table?.paddedRows = table?.samplePadding() ?? false
        return table
    }

    private init?(kind: LedgerFileKind, displayName: String, bytes: FileData, invalidOffsets: [Int],
                  config: FileConfig, format: FileFormat, required: [String], problems: inout [LedgerProblem]) {
        self.kind = kind
        self.displayName = displayName
        self.bytes = bytes
        self.invalidOffsets = invalidOffsets
        self.constants = config.values
        // Title lines above the header (`skip_lines`) are passed over as plain lines.
        var headerStart = 0, headerLine = 1
        bytes.withUnsafeBufferPointer { buf in
            var skip = CSVReader(bytes: buf, delimiter: 0)
            for _ in 0..<config.skipLines where skip.position < buf.count { skip.skipLine(from: skip.position, line: skip.line) }
            headerStart = skip.position; headerLine = skip.line
        }
        let delimiter = format.delimiter ?? bytes.withUnsafeBufferPointer { CSVReader.detectDelimiter(UnsafeBufferPointer(rebasing: $0[headerStart...])) }
        self.delimiter = delimiter
        var header: [String] = []
        var start = 0, line = 1
        bytes.withUnsafeBufferPointer { buf in
            var reader = CSVReader(bytes: buf, delimiter: delimiter, start: headerStart, line: headerLine)
            var fields: [CSVField] = []
            if reader.next(into: &fields) != nil && reader.position - headerStart <= Self.maxHeaderBytes {
                header = fields.map { reader.text($0).trimmingASCIISpaces() }
            }
            start = reader.position
            line = reader.line
        }
        // A first line of megabytes is no header: a file of zeros (cut short while it was
        // written), or one with no line ends. Its names were matched letter by letter,
        // which took minutes on a 35 MB line (trial 18).
        guard start - headerStart <= Self.maxHeaderBytes else {
            problems.append(LedgerProblem(.error, file: displayName, line: headerLine, field: nil,
                "the first line is \(start - headerStart) bytes long: not a header row (at most \(Self.maxHeaderBytes) bytes); the file was not loaded"))
            return nil
        }
        guard !header.isEmpty else {
            problems.append(LedgerProblem(.error, file: displayName, line: nil, field: nil,
                config.skipLines > 0 ? "no header row after the \(config.skipLines) line\(config.skipLines == 1 ? "" : "s") skip_lines passes over" : "empty file: no header row"))
            return nil
        }
        self.header = header
        self.unnamedFrom = (header.lastIndex { !$0.isEmpty } ?? -1) + 1
        var headerText = String(header.joined(separator: ", ").prefix(200))
        // One column that holds another delimiter: the delimiter is wrong, not the names
        // (a trial read "column not in the header" of a header that visibly had it).
        if header.count == 1, let other = [UInt8(ascii: ";"), 9, UInt8(ascii: "|"), UInt8(ascii: ",")].first(where: { $0 != delimiter && header[0].utf8.contains($0) }) {
            let name = { (b: UInt8) in b == 9 ? "tab" : "'\(Character(Unicode.Scalar(b)))'" }
            headerText += "; read as one column with delimiter \(name(delimiter)): the file looks separated by \(name(other)) (delimiter in ardash.toml)"
        }
        self.dataStart = start
        self.dataLine = line

        var index: [String: Int] = [:]
        var used = Set<Int>()
        let natives = ConfigParser.nativeColumns[kind]!
        for native in natives {
            let wanted = config.columns[native] ?? native
            var found = header.firstIndex(of: wanted)
            if found == nil {
                let lw = wanted.lowercased()
                found = header.firstIndex { $0.lowercased() == lw }
            }
            if found == nil {
                // "Due Date", "due-date", "DueDate" are due_date: an export's spelling of a
                // column must not leave it unread (and the figures changed without a word).
                let key = CSVTable.headerKey(wanted)
                found = header.indices.first { !used.contains($0) && CSVTable.headerKey(header[$0]) == key }
            }
            if let f = found {
                index[native] = f
                used.insert(f)
            } else if config.columns[native] != nil {
                problems.append(LedgerProblem(.error, file: displayName, line: headerLine, field: native,
                    "column \"\(wanted)\" named in ardash.toml is not in the header (\(headerText))"))
            }
        }
        // Another column that reads as the same one ("document_date" and "Document Date"):
        // the first is used, and that is said.
        for (native, i) in index.sorted(by: { $0.value < $1.value }) {
            let key = CSVTable.headerKey(header[i])
            if let j = header.indices.first(where: { $0 != i && !used.contains($0) && header[$0] != header[i] && CSVTable.headerKey(header[$0]) == key }) {
                problems.append(LedgerProblem(.warning, file: displayName, line: headerLine, field: native,
                    "columns \"\(header[i])\" and \"\(header[j])\" both read as \(native); \"\(header[i])\" is used"))
            }
        }
        var seen = Set<String>()
        for (i, h) in header.enumerated() where !h.isEmpty && !seen.insert(h).inserted && used.contains(i) == false {
            problems.append(LedgerProblem(.warning, file: displayName, line: headerLine, field: h,
                "column \"\(h)\" appears twice in the header; the first is used"))
        }
        self.columnIndex = index
        let textual = ["name", "reference", "collector", "country", "email", "phone"]
        self.multilineColumns = Set(textual.compactMap { index[$0] }).union(Set(header.indices).subtracting(used))
        self.extraColumns = header.enumerated().filter { !used.contains($0.offset) && !$0.element.isEmpty }
            .map { (name: $0.element, index: $0.offset) }
        var missing: [String] = []
        for r in required where index[r] == nil && (config.values[r] ?? "").isEmpty { missing.append(r) }
        if !missing.isEmpty {
            let names = missing.map { m in config.columns[m].map { c in "\(c) (\(m))" } ?? m }
            problems.append(LedgerProblem(.error, file: displayName, line: headerLine, field: missing[0],
                "missing required column\(missing.count > 1 ? "s" : "") \(names.joined(separator: ", ")); the file was not loaded (header: \(headerText); map columns in [files.\(kind.rawValue).columns])"))
            return nil
        }
    }

    /// A header name compared loosely: lowercase letters and digits only.
    static func headerKey(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// A native column resolved against this file once, so rows are read by index.
    struct Column {
        /// Native name ("amount").
        let name: String
        /// Index in the row, -1 when the file lacks the column.
        let index: Int
        /// `[files.X.values]` constant, "" when none.
        let constant: String
    }

    /// Resolves a native column.
    func column(_ native: String) -> Column {
        Column(name: native, index: columnIndex[native] ?? -1, constant: constants[native] ?? "")
    }

    /// One data row during `forEachRow`; valid only inside the callback.
    struct Row {
        let buffer: UnsafeBufferPointer<UInt8>
        /// The record's fields (the reader's scratch: valid only inside the callback).
        let fields: UnsafeBufferPointer<CSVField>
        let line: Int
        /// Bytes of the whole record (for duplicate detection).
        let record: Range<Int>
        unowned(unsafe) let table: CSVTable   // the table outlives every row (forEachRow)

        /// Trimmed byte range of a column, or nil when the file lacks it.
        /// A constant from `[files.X.values]` is not a range: use `text(_:)`.
        @inline(__always)
        func range(_ c: Column) -> Range<Int>? {
            guard c.index >= 0, c.index < fields.count else { return nil }
            return range(at: c.index)
        }

        /// Trimmed byte range of field `k` (a valid index).
        @inline(__always)
        func range(at k: Int) -> Range<Int> {
            var lo = fields[k].range.lowerBound, hi = fields[k].range.upperBound
            while lo < hi && (buffer[lo] == 0x20 || buffer[lo] == 0x09) { lo += 1 }
            while hi > lo && (buffer[hi - 1] == 0x20 || buffer[hi - 1] == 0x09) { hi -= 1 }
            return lo..<hi
        }

        /// Whether the cell holds exactly `word` (ASCII, case-sensitive), with no allocation.
        @inline(__always)
        func isASCII(_ c: Column, _ word: StaticString) -> Bool {
            guard let r = range(c), r.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<r.count where buffer[r.lowerBound + k] != w[k] { return false }
            return true
        }

        /// Whether the cell starts with '#' (a spreadsheet error value?), read in place.
        @inline(__always)
        func startsWithHash(_ c: Column) -> Bool {
            guard let r = range(c), !r.isEmpty else { return false }
            return buffer[r.lowerBound] == UInt8(ascii: "#")
        }

        /// Whether the cell is a date of zeros (`00.00.0000`, `0000-00-00`, `00000000`),
        /// which SAP and others write for no date.
        @inline(__always)
        func isZeroDate(_ c: Column) -> Bool {
            guard let r = range(c), r.count >= 8, buffer[r.lowerBound] == 0x30 else { return false }
            return r.allSatisfy { let b = buffer[$0]; return b == 0x30 || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "/") }
        }

        /// Whether the column has a non-empty value in this row (or a constant).
        func has(_ c: Column) -> Bool {
            if let r = range(c), !r.isEmpty { return true }
            return !c.constant.isEmpty
        }

        /// The column's text (trimmed), else its constant, else "".
        func text(_ c: Column) -> String {
            if c.index >= 0 && c.index < fields.count {
                let f = fields[c.index]
                if f.hasEscapedQuotes {
                    let t = CSVReader(bytes: buffer, delimiter: table.delimiter).text(f).trimmingASCIISpaces()
                    if !t.isEmpty { return t }
                } else if let r = range(c), !r.isEmpty {
                    return String(field: buffer, r)
                }
            }
            return c.constant
        }

        /// Runs `body` over the column's bytes, or over its constant's bytes.
        func withBytes<R>(_ c: Column, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> R) -> R {
            if let r = range(c), !r.isEmpty, !fields[c.index].hasEscapedQuotes {
                return body(buffer, r)
            }
            let t = Array(text(c).utf8)
            return t.withUnsafeBufferPointer { body($0, 0..<$0.count) }
        }

        var extras: [String] {
            if table.extraColumns.isEmpty { return [] }
            return table.extraColumns.map { c in
                c.index < fields.count ? CSVReader(bytes: buffer, delimiter: table.delimiter).text(fields[c.index]) : ""
            }
        }

        /// A 64-bit hash of the fields other than those in `skipped` (a bit per column
        /// index below 64), each trimmed as `range` trims it and preceded by its length,
        /// so that ("a", "bc") and ("ab", "c") differ. Eight bytes a step (`ContentHash.mix`):
        /// byte-at-a-time FNV-1a waited on one multiply per byte, ~40 ns a payment row.
        func hashFields(skipping skipped: UInt64) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            let n = buffer.count
            for k in fields.indices where k >= 64 || skipped & (1 << UInt64(k)) == 0 {
                let r = range(at: k)
                h = ContentHash.mix(h, UInt64(r.count) | 0x1F00_0000_0000_0000)
                var i = r.lowerBound
                while i < r.upperBound {
                    let left = r.upperBound - i
                    var w: UInt64
                    if i + 8 <= n {
                        // (Never past the buffer: its last page may be the mapping's last.)
                        w = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                        if left < 8 { w &= (1 << UInt64(8 * left)) - 1 }
                    } else {
                        w = 0
                        for j in 0..<min(left, 8) { w |= UInt64(buffer[i + j]) << UInt64(8 * j) }
                    }
                    h = ContentHash.mix(h, w)
                    i += 8
                }
            }
            return h
        }
    }

    /// A data row, or a row that cannot be read.
    enum RowEvent {
        case row(Row)
        /// Unterminated quote, stray text after a quote, wrong field count, invalid UTF-8:
        /// the row is rejected with this problem.
        case unreadable(LedgerProblem)
    }

    /// A run of whole records: bytes `start..<end`, the first on line `line`.
    struct RowChunk: Sendable {
        var start: Int
        var end: Int
        var line: Int
    }

    /// Splits the data rows into up to `split.workers` chunks of similar size, each with
    /// its first line number (see `cutChunks`).
    func chunks(_ split: ChunkSplit) -> [RowChunk] { cachedChunks ?? cutChunks(split).chunks }

    /// Cuts the data rows after the first line feed past each even share, without reading
    /// what lies between: a cut may fall inside a quoted field (a line break in a note),
    /// which the parse notices (`forEachRow` reports the resynchronisation it needs) and
    /// answers by reading the file again front to back. Each chunk's first line number
    /// comes from counting the line ends before it.
    ///
    /// - Returns: the chunks, and the line after the last byte (as `endLine` counts it;
    ///   nil when the file is too small to be split).
    private func cutChunks(_ split: ChunkSplit) -> (chunks: [RowChunk], endLine: Int?) {
        let n = bytes.count
        guard let cuts = cutPoints(split) else { return ([RowChunk(start: dataStart, end: n, line: dataLine)], nil) }
        let ranges = zip(cuts, cuts.dropFirst()).map { $0..<$1 }
        let counts = Parallel.ranges(ranges.count, minimum: 2) { part in part.map { lineEnds(ranges[$0]) } }.flatMap { $0 }
        var chunks: [RowChunk] = []
        var line = dataLine
        for (r, c) in zip(ranges, counts) {
            chunks.append(RowChunk(start: r.lowerBound, end: r.upperBound, line: line))
            line += c
        }
        return (chunks, line)
    }

    /// Where `cutChunks` cuts: the data start, the byte after the first line feed past
    /// each even share, and the end; nil when the file is too small to be split.
    private func cutPoints(_ split: ChunkSplit) -> [Int]? {
        let n = bytes.count, count = split.workers
        guard count > 1, n - dataStart > split.minimumBytes else { return nil }
        let step = max(1, (n - dataStart) / count)
        var cuts = [dataStart]
        bytes.withUnsafeBufferPointer { b in
            for k in 1..<count {
                let from = max(cuts.last!, dataStart + step * k)
                guard from < n, let lf = memchr(b.baseAddress! + from, 10, n - from) else { break }
                let cut = b.baseAddress!.distance(to: lf.assumingMemoryBound(to: UInt8.self)) + 1
                if cut > cuts.last! && cut < n { cuts.append(cut) }
            }
        }
        cuts.append(n)
        return cuts
    }

    /// Chunks cut at record boundaries found by following quotes from the start (the
    /// same states as `CSVReader`), for a file where a quick cut fell inside a quoted
    /// field; nil when the file is too small to be split.
    func quoteAwareChunks(_ split: ChunkSplit) -> [RowChunk]? {
        let n = bytes.count, count = split.workers
        guard count > 1, n - dataStart > split.minimumBytes else { return nil }
        var out: [RowChunk] = []
        let step = max(1, (n - dataStart) / count)
        var target = dataStart + step
        var chunkStart = dataStart, chunkLine = dataLine
        var line = dataLine
        // The same states as CSVReader: a quote opens a quoted field only at a field's
        // start; inside, "" is an escaped quote and a lone quote closes the field.
        var inQuotes = false, atFieldStart = true
        let d = delimiter
        bytes.withUnsafeBufferPointer { b in
            var i = dataStart
            while i < n {
                // Skip eight bytes at a time while none is a quote, CR or LF.
                if i + 8 <= n {
                    let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if !CSVTable.hasByte(w, 0x22) && !CSVTable.hasByte(w, 0x0A) && !CSVTable.hasByte(w, 0x0D) {
                        if !inQuotes { atFieldStart = b[i + 7] == d }
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if inQuotes {
                    if c == UInt8(ascii: "\"") {
                        if i + 1 < n && b[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
                        inQuotes = false
                    } else if c == 10 || (c == 13 && !(i + 1 < n && b[i + 1] == 10)) {
                        line += 1
                    }
                    i += 1
                    continue
                }
                if c == UInt8(ascii: "\"") && atFieldStart { inQuotes = true; atFieldStart = false; i += 1; continue }
                if c == 10 || (c == 13 && !(i + 1 < n && b[i + 1] == 10)) {
                    line += 1
                    atFieldStart = true
                    if i + 1 >= target && out.count < count - 1 {
                        out.append(RowChunk(start: chunkStart, end: i + 1, line: chunkLine))
                        chunkStart = i + 1; chunkLine = line
                        target = chunkStart + step
                    }
                } else {
                    atFieldStart = c == d || c == 13
                }
                i += 1
            }
        }
        out.append(RowChunk(start: chunkStart, end: n, line: chunkLine))
        return out
    }

    /// Works out, once, what a full load needs from the whole file: the split into chunks
    /// (`cutChunks`, and with it the end line) and the hash of every byte. Call before the
    /// rows are parsed, from one thread (the loader does it while the other core reads
    /// the customers or merges the documents).
    func precompute(_ split: ChunkSplit) {
        // One pass for the hash and the line ends (two passes over a 70 MB file were 45 ms:
        // the line count's two workers waited on a core busy with the customers).
        let cuts = cutPoints(split) ?? [dataStart, bytes.count]
        let (lanes, before) = hashAndLineEnds(at: cuts)
        var chunks: [RowChunk] = []
        for k in 0..<cuts.count - 1 {
            chunks.append(RowChunk(start: cuts[k], end: cuts[k + 1], line: dataLine + before[k] - before[0]))
        }
        cachedChunks = chunks
        cachedEndLine = dataLine + before[cuts.count - 1] - before[0]
        cachedHash = ContentHash(words: lanes, size: bytes.count, bytes: bytes)
    }

    /// In one pass over the bytes: `ContentHash.words` of the whole file (as `wordHash(0,
    /// count & ~7, continuing: seed)`), and for each offset of `cuts` (ascending, ≤ count)
    /// the line ends before it, as `lineEnds(0..<cut)` counts them.
    func hashAndLineEnds(at cuts: [Int]) -> (lanes: ContentHash.Lanes, before: [Int]) {
        var before = [Int](repeating: 0, count: cuts.count)
        var lanes = ContentHash.seed
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let n = b.count, all: UInt64 = 0x8080_8080_8080_8080
            var a = lanes.a, bb = lanes.b, c = lanes.c, d = lanes.d
            var total = 0, next = 0, i = 0
            // Line ends of whole blocks, counted sixteen bytes at a time in vector lanes
            // (each byte adds 0 or 1 to its lane) and added to `total` before a lane can
            // pass 255, and before any count that needs `total` exact.
            var lanesOfEnds = SIMD16<UInt8>(), blocksInLanes = 0
            func flush() {
                var sum = 0
                for k in 0..<16 { sum += Int(lanesOfEnds[k]) }
                total += sum
                lanesOfEnds = SIMD16<UInt8>(); blocksInLanes = 0
            }
            // Whole words, four at a time (lane k takes word k of each 32 bytes, as
            // `wordHash`); a block holding a cut is counted word by word.
            while i + 32 <= n {
                let p = UnsafeRawPointer(base + i)
                let w0 = p.loadUnaligned(as: UInt64.self)
                let w1 = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                let w2 = p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                let w3 = p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                a = ContentHash.mix(a, w0); bb = ContentHash.mix(bb, w1); c = ContentHash.mix(c, w2); d = ContentHash.mix(d, w3)
                if next < cuts.count && cuts[next] < i + 32 {
                    flush()
                    for w in 0..<4 {
                        Self.countWord(w == 0 ? w0 : w == 1 ? w1 : w == 2 ? w2 : w3, base, n, i, cuts, &next, &before, &total)
                        i += 8
                    }
                    continue
                }
                if i + 33 <= n {
                    // A line end is an LF, or a CR whose next byte (one further on, loaded
                    // alike) is not an LF. The word-at-a-time count took ~70 % of this pass.
                    lanesOfEnds &+= Self.lineEndLanes(p) &+ Self.lineEndLanes(p + 16)
                    blocksInLanes += 1
                    if blocksInLanes == 127 { flush() }
                } else {
                    total += Self.ends(w0, base, n, i, all) + Self.ends(w1, base, n, i + 8, all)
                        + Self.ends(w2, base, n, i + 16, all) + Self.ends(w3, base, n, i + 24, all)
                }
                i += 32
            }
            flush()
            lanes = ContentHash.Lanes(a: a, b: bb, c: c, d: d)
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                switch (i >> 3) & 3 {
                case 0: lanes.a = ContentHash.mix(lanes.a, word)
                case 1: lanes.b = ContentHash.mix(lanes.b, word)
                case 2: lanes.c = ContentHash.mix(lanes.c, word)
                default: lanes.d = ContentHash.mix(lanes.d, word)
                }
                Self.countWord(word, base, n, i, cuts, &next, &before, &total)
                i += 8
            }
            // The last bytes, one at a time.
            while i < n {
                while next < cuts.count && cuts[next] <= i { before[next] = total; next += 1 }
                if b[i] == 10 || (b[i] == 13 && !(i + 1 < n && b[i + 1] == 10)) { total += 1 }
                i += 1
            }
            while next < cuts.count { before[next] = total; next += 1 }
        }
        return (lanes, before)
    }

    /// 1 in each lane whose byte at `p` is a line end (an LF, or a CR not followed by an
    /// LF), else 0; reads the seventeenth byte too.
    ///
    /// A comparison's mask is used as the integer lanes it is stored in (all bits set
    /// for true, as `SIMDMask` keeps them): the mask operators and `replacing(with:where:)`
    /// compiled to a loop per lane, 130 times slower. `LineEndsHashTests` compares the
    /// counts with the byte-by-byte count.
    @inline(__always)
    private static func lineEndLanes(_ p: UnsafeRawPointer) -> SIMD16<UInt8> {
        let v = p.loadUnaligned(as: SIMD16<UInt8>.self)
        let after = p.loadUnaligned(fromByteOffset: 1, as: SIMD16<UInt8>.self)
        let lf = SIMD16<UInt8>(repeating: 10), cr = SIMD16<UInt8>(repeating: 13)
        let isLF = unsafeBitCast(v .== lf, to: SIMD16<UInt8>.self)
        let isCR = unsafeBitCast(v .== cr, to: SIMD16<UInt8>.self)
        let lfAfter = unsafeBitCast(after .== lf, to: SIMD16<UInt8>.self)
        return (isLF | (isCR & ~lfAfter)) & SIMD16<UInt8>(repeating: 1)
    }

    /// Adds the line ends of word `w` (at `i`) to `total`, first setting `before[k]` for
    /// each cut `k` from `next` on that falls at or inside the word.
    @inline(__always)
    private static func countWord(_ w: UInt64, _ base: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ cuts: [Int],
                                  _ next: inout Int, _ before: inout [Int], _ total: inout Int) {
        let all: UInt64 = 0x8080_8080_8080_8080
        while next < cuts.count && cuts[next] < i + 8 {
            let within = cuts[next] - i
            before[next] = total + (within > 0 ? ends(w, base, n, i, all >> UInt64(8 * (8 - within))) : 0)
            next += 1
        }
        total += ends(w, base, n, i, all)
    }

    /// Line ends in word `w` (the eight bytes at `i` of `base[0..<n]`) among the bytes whose
    /// 0x80 bit is set in `mask`: each LF, and each CR not followed by an LF (for the last
    /// byte, the next word's first).
    @inline(__always)
    private static func ends(_ w: UInt64, _ base: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ mask: UInt64) -> Int {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // 0x80 in each byte of `x` that is zero (exact per byte, no borrow between bytes).
        @inline(__always) func zeros(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
        let lf = zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A)
        var count = flags(lf & mask)
        let cr = zeros(w ^ 0x0D0D_0D0D_0D0D_0D0D) & mask
        if cr != 0 {
            var followed = (lf >> 8) & cr
            if cr & (0x80 << 56) != 0 && i + 8 < n && base[i + 8] == 10 { followed |= 0x80 << 56 }
            count += flags(cr) - flags(followed)
        }
        return count
    }

    /// How many bytes of `x` have their 0x80 bit set (x has no other bits): the bytes'
    /// 0/1 summed into the top byte by one multiply. (`nonzeroBitCount` is a dozen
    /// instructions on the baseline x86-64 target, which has no POPCNT.)
    @inline(__always)
    static func flags(_ x: UInt64) -> Int { Int(truncatingIfNeeded: ((x >> 7) &* 0x0101_0101_0101_0101) >> 56) }

    /// Reading appended rows only: the old part (`previous.size` bytes of this table,
    /// hashed then as `previous`, ending on line `previousEndLine`) is checked to be
    /// unchanged — one pass over it — and the facts of the grown file are worked out from
    /// the new bytes alone.
    ///
    /// - Returns: false when the old part changed (the file must be read in full).
    func continueFrom(_ previous: ContentHash, previousEndLine: Int) -> Bool {
        let old = previous.size
        guard old <= bytes.count else { return false }
        let words = wordHash(0, old & ~7, continuing: ContentHash.seed)
        guard words == previous.words, ContentHash(words: words, size: old, bytes: self.bytes) == previous else { return false }
        let grown = wordHash(old & ~7, bytes.count & ~7, continuing: words)
        cachedHash = ContentHash(words: grown, size: bytes.count, bytes: self.bytes)
        // A CR that ended the old part and an LF that starts the new one are one line end.
        let joined = old > 0 && old < bytes.count && bytes[old - 1] == 13 && bytes[old] == 10 ? 1 : 0
        cachedEndLine = previousEndLine + lineEnds(old..<bytes.count) - joined
        return true
    }

    /// Frees the file's bytes once every row has been read (peak memory): only `source`
    /// facts already computed, the display name and the header remain usable.
    func releaseBytes() {
        if cachedEndLine == nil { cachedEndLine = endLine }
        if cachedHash == nil { cachedHash = contentHash(bytes.count) }
        bytesCount = bytes.count
        lastByte = bytes.last
        bytes = FileData()
    }
    /// `bytes.count` and `bytes.last` kept by `releaseBytes`.
    private var bytesCount: Int?
    private var lastByte: UInt8??

    /// Whether any byte of `w` equals `byte` (the classic SWAR zero-byte test).
    @inline(__always)
    static func hasByte(_ w: UInt64, _ byte: UInt8) -> Bool {
        let x = w ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// Every data row as one chunk.
    var wholeChunk: RowChunk { RowChunk(start: dataStart, end: bytes.count, line: dataLine) }

    /// The most rows chunk `k` of `chunks` can hold: its line ends, plus one for a last
    /// line without one (every other record ends at a line end). Counted from the next
    /// chunk's first line, or from the file's end line when known.
    func rowBound(_ chunks: [RowChunk], _ k: Int) -> Int {
        let c = chunks[k]
        let next = k + 1 < chunks.count ? chunks[k + 1].line
            : c.end == bytes.count ? cachedEndLine : nil
        return max(0, (next ?? c.line + lineEnds(c.start..<c.end)) - c.line) + 1
    }

    /// The rows after byte `start` (file offset), which is line `line`: rows appended since.
    func chunk(fromFileOffset start: Int, line: Int) -> RowChunk {
        RowChunk(start: max(dataStart, start - fileOffset), end: bytes.count, line: line)
    }

    /// The hash of bytes `0..<end` (see `ContentHash`).
    func contentHash(_ end: Int) -> ContentHash {
        ContentHash(words: wordHash(0, end & ~7, continuing: ContentHash.seed), size: end, bytes: bytes)
    }

    /// `ContentHash.words` continued over the eight-byte words of `from..<to` (both
    /// multiples of 8): word `j` of the file goes to lane `j % 4`, so four independent
    /// multiply chains run side by side (one chain waits on each multiply: ~4× slower).
    func wordHash(_ from: Int, _ to: Int, continuing state: ContentHash.Lanes) -> ContentHash.Lanes {
        var l = state
        bytes.withUnsafeBufferPointer { b in
            let base = UnsafeRawPointer(b.baseAddress!)
            var i = from
            @inline(__always) func one() {
                let w = (base + i).loadUnaligned(as: UInt64.self)
                switch (i >> 3) & 3 {
                case 0: l.a = ContentHash.mix(l.a, w)
                case 1: l.b = ContentHash.mix(l.b, w)
                case 2: l.c = ContentHash.mix(l.c, w)
                default: l.d = ContentHash.mix(l.d, w)
                }
                i += 8
            }
            while i + 8 <= to && (i >> 3) & 3 != 0 { one() }
            var a = l.a, bb = l.b, c = l.c, d = l.d
            while i + 32 <= to {
                a = ContentHash.mix(a, (base + i).loadUnaligned(as: UInt64.self))
                bb = ContentHash.mix(bb, (base + i + 8).loadUnaligned(as: UInt64.self))
                c = ContentHash.mix(c, (base + i + 16).loadUnaligned(as: UInt64.self))
                d = ContentHash.mix(d, (base + i + 24).loadUnaligned(as: UInt64.self))
                i += 32
            }
            l = ContentHash.Lanes(a: a, b: bb, c: c, d: d)
            while i + 8 <= to { one() }
        }
        return l
    }

    /// Line number after the last byte (1 + line ends, as `CSVReader` counts them).
    var endLine: Int { 1 + lineEnds(0..<bytes.count) }

    /// Line ends in `range` as `CSVReader` counts them: LF counted eight bytes at a time;
    /// lone CRs (old Mac files) only when CR occurs. A CR at the range's end followed by an
    /// LF after it is not counted (the LF ends that line).
    /// Whether most of the first 2,000 rows are longer than the header with only empty
    /// fields past it (see `paddedRows`).
    func samplePadding() -> Bool {
        var padded = 0, rows = 0
        bytes.withUnsafeBufferPointer { buf in
            var reader = CSVReader(bytes: buf, delimiter: delimiter, start: dataStart, line: dataLine)
            var fields: [CSVField] = []
            while rows < 2000, reader.next(into: &fields) != nil {
                rows += 1
                if fields.count > header.count && fields[header.count...].allSatisfy({ $0.range.isEmpty }) { padded += 1 }
            }
        }
        return rows > 0 && padded * 10 >= rows * 8
    }

    func lineEnds(_ range: Range<Int>) -> Int {
        var n = 0
        var sawCR = false
        bytes.withUnsafeBufferPointer { b in
            var i = range.lowerBound
            let end = range.upperBound
            // Each byte tested exactly: the shorter (x - 0x01…) & ~x test also marks a 0x0B
            // right after a line end (its borrow), which numbered every later line wrong.
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            @inline(__always) func zeros(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
            var cr: UInt64 = 0
            while i + 8 <= end {
                let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                n += zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A).nonzeroBitCount
                cr |= zeros(w ^ 0x0D0D_0D0D_0D0D_0D0D)
                i += 8
            }
            sawCR = cr != 0
            while i < end { if b[i] == 10 { n += 1 } else if b[i] == 13 { sawCR = true }; i += 1 }
            if sawCR {
                for k in range where b[k] == 13 && !(k + 1 < b.count && b[k + 1] == 10) { n += 1 }
            }
        }
        return n
    }

    /// Facts to find rows appended later (`LoadInfo.Source`); nil when the bytes are not
    /// the file's own (transcoded) or the file does not end with a line break.
    func source(path: String, dateFormat: DateFormat, amountFormat: AmountFormat) -> LoadInfo.Source? {
        guard !transcoded, let last = lastByte ?? bytes.last, last == 10 || last == 13 else { return nil }
        return LoadInfo.Source(path: path, size: (bytesCount ?? bytes.count) + fileOffset, hash: cachedHash ?? contentHash(bytes.count),
                               endLine: cachedEndLine ?? endLine, headerHash: UInt64(truncatingIfNeeded: header.joined(separator: "\u{1F}").hashValue),
                               dateFormat: dateFormat, amountFormat: amountFormat)
    }

    /// Calls `body` for every data row in file order (the first `limit` records).
    func forEachRow(limit: Int = .max, _ body: (RowEvent) -> Void) {
        forEachRow(in: wholeChunk, limit: limit, body)
    }

    /// Calls `body` for every data row of `chunk`, in order (the first `limit` records).
    ///
    /// - Returns: whether reading had to resynchronise after an unbalanced quote (or a
    ///   record left open at the chunk's end): only then can a chunk cut differ from where
    ///   a front-to-back read finds the record boundary.
    @discardableResult
    ///   `endsOpen`: the last record was still inside quotes at the chunk's end.
    ///   `quick`: plain lines are split by `splitPlainLine` (the same fields, faster); false
    ///   leaves every record to `CSVReader` (the simple path tests compare against).
    func forEachRow(in chunk: RowChunk, limit: Int = .max, quick: Bool = true, _ body: (RowEvent) -> Void) -> (ChunkOutcome, endsOpen: Bool) {
        var outcome = ChunkOutcome.clean
        var endsOpen = false
        var remaining = limit
        let width = header.count
        let scratch = UnsafeMutableBufferPointer<CSVField>.allocate(capacity: max(width, 1))
        defer { scratch.deallocate() }
        bytes.withUnsafeBufferPointer { whole in
            let buf = UnsafeBufferPointer(rebasing: whole[..<chunk.end])
            var reader = CSVReader(bytes: buf, delimiter: delimiter, start: chunk.start, line: chunk.line)
            var fields: [CSVField] = []
            fields.reserveCapacity(width + 2)
            var nextInvalid = invalidOffsets.firstIndex { $0 >= chunk.start } ?? invalidOffsets.count
            while remaining > 0 {
                // A plain line (no quote at a field's start, the header's width, a line end
                // before the chunk's) is split here, into scratch fields; anything else is
                // the reader's, which finds the same fields and says what is wrong.
                if quick, let base = buf.baseAddress {
                    let start = reader.position
                    let end = CSVTable.splitPlainLine(base, from: start, count: buf.count, delimiter: delimiter, into: scratch)
                    if end > 0 {
                        remaining -= 1
                        let line = reader.line
                        reader.resume(at: end, line: line + 1)
                        while nextInvalid < invalidOffsets.count && invalidOffsets[nextInvalid] < start { nextInvalid += 1 }
                        if nextInvalid < invalidOffsets.count && invalidOffsets[nextInvalid] < end {
                            body(.unreadable(invalidByte(invalidOffsets[nextInvalid], UnsafeBufferPointer(scratch), buf, line)))
                            continue
                        }
                        body(.row(Row(buffer: buf, fields: UnsafeBufferPointer(scratch), line: line, record: start..<end, table: self)))
                        continue
                    }
                }
                guard let (line, unterminated, recordStart) = reader.next(into: &fields) else { break }
                remaining -= 1
                // An unbalanced quote makes a record run over several lines (or to the end of
                // the file) with the wrong number of fields: reject its first line only and
                // read on from the next one.
                // Lines the record spans beyond its first, not counting its own line end.
                let end = reader.position
                let endsLine = end > recordStart && (buf[end - 1] == 10 || buf[end - 1] == 13)
                let multiLine = reader.line - line - (endsLine ? 1 : 0) > 0
                let wrongWidth = fields.count != width && !(fields.count > width && fields[width...].allSatisfy { $0.range.isEmpty })
                    && !(fields.count < width && unnamedFrom <= fields.count)
                if unterminated || (multiLine && (wrongWidth || breaksTypedColumn(fields, buf))) {
                    body(.unreadable(LedgerProblem(.error, file: displayName, line: line, field: nil,
                        "unbalanced quote: this line is rejected; reading resumes on the next line")))
                    if outcome == .clean { outcome = reader.position >= buf.count ? .openAtEnd : .resynchronised }
                    if unterminated && reader.position >= buf.count { endsOpen = true }
                    reader.skipLine(from: recordStart, line: line)
                    continue
                }
                if let bad = fields.firstIndex(where: { $0.malformed }) {
                    body(.unreadable(LedgerProblem(.error, file: displayName, line: line, field: columnName(bad),
                        "text after a closing quote; row rejected")))
                    continue
                }
                if fields.count != width {
                    // Empty fields past the header (a trailing delimiter), or fields missing
                    // only under header columns with no name (a header with a trailing one).
                    let extraEmpty = fields.count > width && fields[width...].allSatisfy { $0.range.isEmpty }
                    let missingUnnamed = fields.count < width && unnamedFrom <= fields.count
                    if !extraEmpty && !missingUnnamed {
                        // One field too many in a comma file: most often a value with an
                        // unquoted comma, such as an amount written 1,234.56.
                        let hint = fields.count == width + 1 && delimiter == UInt8(ascii: ",") ? " (a value with an unquoted comma, such as 1,234.56?)" : ""
                        body(.unreadable(LedgerProblem(.error, file: displayName, line: line, field: nil,
                            "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header has \(width); row rejected\(hint)")))
                        continue
                    }
                }
                // Invalid UTF-8 inside this record?
                while nextInvalid < invalidOffsets.count && invalidOffsets[nextInvalid] < recordStart { nextInvalid += 1 }
                let recordEnd = reader.position
                if nextInvalid < invalidOffsets.count && invalidOffsets[nextInvalid] < recordEnd {
                    body(.unreadable(fields.withUnsafeBufferPointer { invalidByte(invalidOffsets[nextInvalid], $0, buf, line) }))
                    continue
                }
                fields.withUnsafeBufferPointer { f in
                    body(.row(Row(buffer: buf, fields: f, line: line, record: recordStart..<recordEnd, table: self)))
                }
            }
        }
        return (outcome, endsOpen)
    }

    /// How the rows of a chunk were read (`forEachRow(in:)`).
    enum ChunkOutcome {
        /// No record needed resynchronising.
        case clean
        /// The first that did ran to the chunk's end: the cut may be inside a quoted field.
        case openAtEnd
        /// An unbalanced quote inside the chunk.
        case resynchronised
    }

    /// The problem of a record holding the invalid UTF-8 byte at `offset`.
    private func invalidByte(_ offset: Int, _ fields: UnsafeBufferPointer<CSVField>, _ buf: UnsafeBufferPointer<UInt8>, _ line: Int) -> LedgerProblem {
        let col = fields.firstIndex { $0.range.lowerBound <= offset && offset < max($0.range.upperBound, $0.range.lowerBound + 1) }
        let hex = String(buf[offset], radix: 16, uppercase: true)
        return LedgerProblem(.error, file: displayName, line: line, field: col.map { columnName($0) },
            "invalid UTF-8 byte 0x\(hex); row rejected (if the file is Windows-1252, set encoding = \"windows-1252\")")
    }

    /// Splits the record at `start` into `fields` when it is one plain line: no field
    /// starts with a quote, exactly `fields.count` fields, a line end (LF, CRLF or CR)
    /// before `count`, not blank. Reads eight bytes at a time, every delimiter, line end
    /// and quote in a word found at once (an exact per-byte test, unlike `CSVReader`'s,
    /// which needs only the first).
    ///
    /// - Returns: the offset after the line end; 0 when the record is not plain (the
    ///   reader reads it: it finds the same fields in a plain line).
    @inline(__always)
    static func splitPlainLine(_ base: UnsafePointer<UInt8>, from start: Int, count n: Int, delimiter d: UInt8,
                               into fields: UnsafeMutableBufferPointer<CSVField>) -> Int {
        let width = fields.count
        let out = fields.baseAddress!
        let dMask = UInt64(d) &* 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        /// High bit of each byte of `x` that is zero, exactly.
        @inline(__always) func zeros(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
        var k = 0, fieldStart = start, nonEmpty = false
        if start < n && base[start] == 0x22 { return 0 }
        var i = start
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            var m = zeros(w ^ dMask) | zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A) | zeros(w ^ 0x0D0D_0D0D_0D0D_0D0D) | zeros(w ^ 0x2222_2222_2222_2222)
            while m != 0 {
                let j = i &+ (m.trailingZeroBitCount >> 3)
                m &= m &- 1
                let b = base[j]
                if b == 0x22 {
                    if j == fieldStart { return 0 }   // a quoted field
                    continue                          // a quote inside a field is text
                }
                guard k < width else { return 0 }
                if j > fieldStart { nonEmpty = true }
                (out + k).initialize(to: CSVField(range: fieldStart..<j, hasEscapedQuotes: false, malformed: false))
                k += 1
                if b == d { fieldStart = j + 1; continue }
                // A line end.
                guard k == width, nonEmpty else { return 0 }
                return b == 0x0D && j + 1 < n && base[j + 1] == 0x0A ? j + 2 : j + 1
            }
            i += 8
        }
        return 0   // the last few bytes: the reader's
    }

    /// Whether a line break sits inside a field of a column that cannot hold one (an id,
    /// a date, an amount): the sign of a quote left open on an earlier line.
    private func breaksTypedColumn(_ fields: [CSVField], _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        for (i, f) in fields.enumerated() where !multilineColumns.contains(i) {
            for k in f.range where buf[k] == 10 || buf[k] == 13 { return true }
        }
        return false
    }

    /// Native name of the column at `index` when mapped, else its header name.
    func columnName(_ index: Int) -> String {
        if let n = columnIndex.first(where: { $0.value == index })?.key { return n }
        return index < header.count ? header[index] : "column \(index + 1)"
    }
}

/// A 64-bit hash of a file's first `size` bytes (after a BOM), built eight bytes at a
/// time so that it can be continued over bytes appended later: it proves that a file
/// which grew still begins with exactly what was read before (an edit anywhere in the old
/// part changes it), so only a true append is read incrementally.
public struct ContentHash: Sendable, Equatable {
    /// Four running states: word `j` (eight bytes from offset 8j) is mixed into lane `j % 4`.
    public struct Lanes: Sendable, Equatable {
        public var a, b, c, d: UInt64
    }
    /// The state after the whole eight-byte words (`size` rounded down to 8).
    public var words: Lanes
    /// The lanes joined, finished with the last `size % 8` bytes and the length.
    public var value: UInt64
    public var size: Int

    static let seed = Lanes(a: 0x9E37_79B9_7F4A_7C15, b: 0xC2B2_AE3D_27D4_EB4F, c: 0x1656_67B1_9E37_79F9, d: 0x85EB_CA77_C2B2_AE63)

    @inline(__always)
    static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let m = (h ^ w) &* 0xff51_afd7_ed55_8ccd
        return m ^ (m >> 29)
    }

    /// Finishes `words` with the bytes of `bytes` after the last whole word before `size`.
    init(words: Lanes, size: Int, bytes: FileData) {
        self.words = words
        self.size = size
        var h = ContentHash.mix(ContentHash.mix(ContentHash.mix(words.a, words.b), words.c), words.d) ^ UInt64(size)
        for i in (size & ~7)..<size { h = (h ^ UInt64(bytes[i])) &* 0xc4ce_b9fe_1a85_ec53 }
        value = h
    }
}

/// How a file's rows are shared among parsing workers.
public struct ChunkSplit: Sendable {
    /// Chunks (one per worker).
    public var workers: Int
    /// Files with fewer data bytes than this are read by one worker.
    public var minimumBytes: Int
    /// Plain lines split by `CSVTable.splitPlainLine` and common rows read by the loader's
    /// fast row readers; false reads every row the general way (the simple path).
    public var fastRows: Bool

    public init(workers: Int, minimumBytes: Int, fastRows: Bool = true) {
        self.workers = workers
        self.minimumBytes = minimumBytes
        self.fastRows = fastRows
    }

    /// One chunk per core, for files over 1 MiB; `ARDASH_SPLIT=workers:minimumBytes` in
    /// the environment overrides it, and `ARDASH_FASTROWS=0` turns the fast row readers
    /// off (to compare from the command line).
    public static var cores: ChunkSplit {
        let env = ProcessInfo.processInfo.environment
        let fast = env["ARDASH_FASTROWS"] != "0"
        if let v = env["ARDASH_SPLIT"] {
            let parts = v.split(separator: ":").compactMap { Int($0) }
            if parts.count == 2, parts[0] >= 1, parts[1] >= 0 { return ChunkSplit(workers: parts[0], minimumBytes: parts[1], fastRows: fast) }
        }
        return ChunkSplit(workers: ProcessInfo.processInfo.activeProcessorCount, minimumBytes: 1 << 20, fastRows: fast)
    }
    /// Everything read by one worker, the general way (the simple path the split and the
    /// fast row readers are tested against).
    public static let single = ChunkSplit(workers: 1, minimumBytes: .max, fastRows: false)
}

extension String {
    /// The text of `bytes[range]`, invalid UTF-8 repaired as `String(decoding:as:)`
    /// repairs it. Text of up to 15 bytes (most ids, references, codes) is written
    /// straight into a small string: ~12 ns a field where decoding took ~17 (millions
    /// of fields a load).
    @inline(__always)
    init(field bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let source = UnsafeBufferPointer(rebasing: bytes[range])
        if range.count <= 15 {
            self.init(unsafeUninitializedCapacity: range.count) { out in
                _ = out.initialize(fromContentsOf: source)
                return source.count
            }
        } else {
            self.init(decoding: source, as: UTF8.self)
        }
    }

    /// Removes leading and trailing ASCII spaces and tabs.
    func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
