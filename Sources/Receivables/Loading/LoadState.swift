import Foundation

/// How many rows of a file something was said of, and the first one's line (the
/// workers' counts add up).
struct RowTally: Sendable, Equatable {
    var count = 0
    var firstLine = 0
    mutating func add(line: Int) { merge(RowTally(count: 1, firstLine: line)) }
    mutating func merge(_ o: RowTally) {
        guard o.count > 0 else { return }
        if count == 0 || o.firstLine < firstLine { firstLine = o.firstLine }
        count += o.count
    }
}

/// `ARDASH_TRACE` is set: print timings to stderr.
let trace = ProcessInfo.processInfo.environment["ARDASH_TRACE"] != nil

/// The loader's working state: the rows accepted so far and the problems found.
struct LoadState: Sendable {
    let folder: String
    let config: LedgerConfig
    var customers: [Customer] = []
    var customerIndex = IDIndex()
    var documents: [Document] = []
    var documentIndex = IDIndex()
    var payments: [Payment] = []
    var fx = FxTable()
    /// Payments read before (an append) were dropped: the rows no longer extend the old ones.
    var earlierPaymentsDropped = false
    var problems: [LedgerProblem] = []
    var rejected = 0
    var extraColumns: [LedgerFileKind: [String]] = [:]
    /// customers.csv existed: a customer id not in it is worth a warning.
    var hasCustomerFile = false
    /// Credit-note targets to resolve once every document is known: (doc index, target id, line).
    var pendingCreditTargets: [(Int32, String, Int)] = []
    /// Rows of each file whose currency came from nowhere (reported once per file).
    var noCurrencyRows: [LedgerFileKind: RowTally] = [:]
    /// Date cells that did not read in the file's format (each rejects its row): a
    /// configured format that rejects dates is checked over the whole file.
    var unreadDates = 0
    /// customers.csv limits with no currency (reported once, by `finish`).
    var limitsWithoutCurrency = (count: 0, firstLine: 0)
    /// Documents due on their date for want of a due date or terms.
    var dueOnDocumentDate: [(file: String, line: Int)] = []
    var timings: LoadTimings?
    /// How rows are shared among parsing workers.
    var split = ChunkSplit.cores
    /// Leave out a last line of the documents or payments file that has no line end yet
    /// (a reload while a writer may still be writing it).
    var holdBackUnterminated = false
    /// Facts for reading appended rows later (`LedgerLoader.reload`).
    var loadInfo = LoadInfo()

    /// Records where a data file ended and how it was read (for `LedgerLoader.reload`).
    ///
    /// - Parameter evidence: what the values said about the formats, when they were
    ///   detected (rows appended later add to it; a different decision means a full load).
    mutating func recordSource(_ table: CSVTable, _ date: DateFormat, _ amount: AmountFormat,
                               evidence: (dates: DateFormatDetector?, amounts: DecimalSeparatorDetector?) = (nil, nil)) {
        let path = locate(table.kind).path
        // A file that ends inside an open quote: appended bytes could close it, which only
        // a full read sees.
        guard endsOpen[table.kind] != true,
              var src = table.source(path: path, dateFormat: date, amountFormat: amount) else { loadInfo.sources[table.kind] = nil; return }
        src.mtime = FolderWatcher.stamp(path).mtime ?? 0
        src.dateEvidence = evidence.dates
        src.amountEvidence = evidence.amounts
        loadInfo.sources[table.kind] = src
    }
    /// Files whose last record was still inside quotes at the end (`parallelRows`).
    var endsOpen: [LedgerFileKind: Bool] = [:]
    /// Start of the notice for a last line left out (`holdBackUnterminated`).
    static let heldBackNotice = "the last line has no line end yet"
    /// Reading only appended rows: the chunk, and the formats the first read decided.
    var appendOnly: [LedgerFileKind: (chunk: CSVTable.RowChunk, date: DateFormat, amount: AmountFormat)] = [:]
    /// An append met something only a full load handles exactly (a conflicting id).
    var appendFailed = false
    /// Line of each (currency, date) rate in fx.csv, to report a second one.
    var fxLines: [FxKey: Int] = [:]
    struct FxKey: Hashable, Sendable { var currency: Currency; var date: CivilDate }
    /// While formats are speculative: evidence from every date and amount value parsed.
    var detectDates = false
    var dateDetector = DateFormatDetector()
    var detectAmounts = false
    var amountDetector = DecimalSeparatorDetector()

    init(folder: String, config: LedgerConfig) {
        self.folder = folder
        self.config = config
    }

    /// Path of a file and whether it exists (an explicitly configured path that is missing
    /// is an error; a missing optional native file is not).
    func locate(_ kind: LedgerFileKind) -> (path: String, display: String, exists: Bool, configured: Bool) {
        let fc = config.file(kind)
        let rel = fc.path ?? kind.defaultFileName
        let path = rel.hasPrefix("/") ? rel : (folder as NSString).appendingPathComponent(rel)
        return (path, rel, FileManager.default.fileExists(atPath: path), fc.path != nil)
    }

    /// A file opened and its formats settled, ready for row parsing.
    struct PreparedFile: @unchecked Sendable {
        var table: CSVTable?
        var dateFormat: DateFormat = .isoDate
        var amountFormats: [String: AmountFormat] = [:]
        var problems: [LedgerProblem] = []
        var readSeconds = 0.0
        /// Formats are a guess from the first rows: the row parse collects the evidence of
        /// every value and the formats are settled (and the rows parsed again if the guess
        /// was wrong) once all rows are read.
        var speculative = false
        var format = FileFormat()
        var dateColumns: [String] = []
    }

    /// Opens a file and settles the formats of its date and amount columns. Pure (no
    /// state touched) so that several files can be prepared at once.
    ///
    /// - Parameters:
    ///   - speculative: decide from the first 2,000 rows only (see `PreparedFile`).
    ///   - scanFrom: file offset from which bytes are checked to be UTF-8 (appended rows).
    func prepare(_ kind: LedgerFileKind, required: [String], dateColumns: [String],
                 amountColumns: [String], speculative: Bool = false, scanFrom: Int = 0) -> PreparedFile {
        var out = PreparedFile()
        let loc = locate(kind)
        if !loc.exists {
            if loc.configured || kind == .invoices {
                out.problems.append(LedgerProblem(.error, file: loc.display, line: nil, field: nil,
                    kind == .invoices && !loc.configured
                        ? "no documents file: put invoices.csv in the folder or name the export in ardash.toml ([files.invoices] path)"
                        : "file named in ardash.toml does not exist"))
            }
            return out
        }
        let format = config.effectiveFormat(kind)
        out.format = format
        out.dateColumns = dateColumns
        let t0 = Monotonic.seconds()
        let opened = CSVTable.open(path: loc.path, displayName: loc.display, kind: kind, config: config.file(kind),
                                   format: format, required: required, scanFrom: scanFrom,
                                   holdBack: holdBackUnterminated && (kind == .invoices || kind == .payments), problems: &out.problems)
        out.readSeconds = Monotonic.seconds() - t0
        guard let table = opened else { return out }
        // Detection, only for what the config leaves open.
        let detectDates = format.dateFormat == nil && dateColumns.contains { table.columnIndex[$0] != nil }
        let detectAmounts = format.decimalSeparator == nil ? amountColumns.filter { table.columnIndex[$0] != nil } : []
        var dateDetector = DateFormatDetector()
        var amountDetectors = [String: DecimalSeparatorDetector]()
        if detectDates || !detectAmounts.isEmpty {
            let dateCols = dateColumns.map(table.column)
            let amountCols = detectAmounts.map(table.column)
            var detectors = [DecimalSeparatorDetector](repeating: DecimalSeparatorDetector(), count: amountCols.count)
            table.forEachRow(limit: speculative ? 2000 : Int.max) { event in
                guard case .row(let row) = event else { return }
                if detectDates {
                    for c in dateCols { if let r = row.range(c) { dateDetector.add(row.buffer, r, line: row.line) } }
                }
                for (k, c) in amountCols.enumerated() {
                    if let r = row.range(c) { detectors[k].add(row.buffer, r, line: row.line) }
                }
            }
            for (k, c) in detectAmounts.enumerated() { amountDetectors[c] = detectors[k] }
            out.speculative = speculative
        }
        if let configured = format.dateFormat, let why = Self.misfit(configured, table, dateColumns: dateColumns) {
            // The format named in ardash.toml does not read the dates, which read in another:
            // half the rows would be rejected and the rest loaded with day and month swapped.
            out.problems.append(LedgerProblem(.error, file: table.displayName, line: nil, field: dateColumns.first { table.columnIndex[$0] != nil },
                                              why + "; the file was not loaded"))
            return out
        }
        let settled = settleFormats(table, format: format, dateColumns: dateColumns, amountColumns: amountColumns,
                                    dates: detectDates ? dateDetector : nil, amounts: amountDetectors)
        if out.speculative {
            // A guess: keep it, whatever the sample said; the full evidence decides later.
            out.dateFormat = settled.dateFormat ?? .isoDate
        } else {
            out.problems += settled.problems
            guard let d = settled.dateFormat else { return out }
            out.dateFormat = d
        }
        out.table = table
        out.amountFormats = settled.amountFormats
        return out
    }

    /// Why `configured` (ardash.toml's date_format) is wrong for this file: some of the
    /// first 2,000 rows' dates do not read in it, and every one of them reads in one other
    /// format. nil when it fits, or when no other format does better (those rows are
    /// rejected one by one).
    static func misfit(_ configured: DateFormat, _ table: CSVTable, dateColumns: [String], limit: Int = 2000) -> String? {
        let cols = dateColumns.filter { table.columnIndex[$0] != nil }.map(table.column)
        guard !cols.isEmpty else { return nil }
        var detector = DateFormatDetector()
        var failed = 0, seen = 0
        var example: (text: String, line: Int)?
        table.forEachRow(limit: limit) { event in
            guard case .row(let row) = event else { return }
            for c in cols {
                guard let r = row.range(c), !r.isEmpty else { continue }
                seen += 1
                detector.add(row.buffer, r, line: row.line)
                if configured.parse(row.buffer, r) == nil {
                    failed += 1
                    if example == nil { example = (row.text(c), row.line) }
                }
            }
        }
        guard failed > 0, let ex = example else { return nil }
        let which = limit == .max ? "\(failed) of the \(seen) dates" : "\(failed) of the first \(seen) dates"
        // Where to say it: the file's own section when the format is set for every file.
        let key = "[files.\(table.kind.rawValue)] date_format"
        if case .format(let other, _) = detector.decide(file: table.kind.rawValue), other != configured {
            return "the date_format in ardash.toml (read as \(configured.rawValue)) does not read \(which) (\"\(ex.text)\", line \(ex.line)); they all read as \(other.rawValue): set \(key) = \"\(other.rawValue)\""
        }
        // None reads at all, and they fit more than one other format (03/04/2026).
        guard failed == seen else { return nil }
        return "the date_format in ardash.toml (read as \(configured.rawValue)) reads none of \(limit == .max ? "the" : "the first") \(seen) dates (\"\(ex.text)\", line \(ex.line)); set \(key) to the format they are written in"
    }

    /// Formats decided from detectors, with the notices or errors that say so.
    struct SettledFormats {
        /// nil when the dates are ambiguous: the file cannot be loaded.
        var dateFormat: DateFormat?
        var amountFormats: [String: AmountFormat]
        var problems: [LedgerProblem]
    }

    /// Turns the evidence of the detectors (nil/absent = not detected) into formats.
    func settleFormats(_ table: CSVTable, format: FileFormat, dateColumns: [String], amountColumns: [String],
                       dates: DateFormatDetector?, amounts: [String: DecimalSeparatorDetector]) -> SettledFormats {
        var out = SettledFormats(dateFormat: format.dateFormat ?? .isoDate, amountFormats: [:], problems: [])
        let file = table.displayName
        if let dates {
            switch dates.decide(file: table.kind.rawValue) {
            case .format(let f, let notice):
                out.dateFormat = f
                if let notice { out.problems.append(LedgerProblem(.notice, file: file, line: nil, field: nil, notice)) }
            case .ambiguous(let why):
                out.dateFormat = nil
                out.problems.append(LedgerProblem(.error, file: file, line: nil, field: dateColumns.first { table.columnIndex[$0] != nil }, why + "; the file was not loaded"))
            }
        }
        for c in amountColumns {
            var decimal = format.decimalSeparator ?? UInt8(ascii: ".")
            var undecided = false
            if format.decimalSeparator == nil, let det = amounts[c] {
                // fx.csv's mark is its own ([format]'s does not apply): say where to set it.
                let (sep, conflict) = det.decide(setting: table.kind == .fx ? "decimal_separator in [files.fx] of ardash.toml" : "decimal_separator in ardash.toml")
                if let conflict { out.problems.append(LedgerProblem(.error, file: file, line: nil, field: c, conflict)) }
                if let sep {
                    decimal = sep
                    if sep == UInt8(ascii: ",") {
                        out.problems.append(LedgerProblem(.notice, file: file, line: nil, field: c,
                            "amounts read with ',' as decimal separator (\(det.commaExample), line \(det.commaLine ?? 0))"))
                    }
                } else {
                    undecided = true
                }
            }
            var af = AmountFormat(decimalSeparator: undecided ? AmountFormat.undecided : decimal)
            switch format.thousandsSeparator {
            case .none where undecided:
                // The values did not settle the decimal mark: read neither ',' nor '.', so
                // "1,234" and "1.234" are rejected rather than guessed.
                af.groupingPunctuation = nil
                af.spaceGrouping = true
            case .none:
                // Not configured: accept the other punctuation mark in strict 3-digit groups.
                af.groupingPunctuation = decimal == UInt8(ascii: ".") ? UInt8(ascii: ",") : UInt8(ascii: ".")
                af.spaceGrouping = true
            case .some(.none):
                af.groupingPunctuation = nil; af.spaceGrouping = false
            case .some(.some(let t)):
                af.groupingPunctuation = t == 0x20 ? nil : t
                af.spaceGrouping = t == 0x20
            }
            out.amountFormats[c] = af
        }
        return out
    }

    /// Takes a prepared file's problems and timings into the state; nil when unusable.
    mutating func adopt(_ kind: LedgerFileKind, _ file: PreparedFile) -> (CSVTable, DateFormat, [String: AmountFormat])? {
        problems += file.problems
        timings?.read += file.readSeconds
        guard let table = file.table else { return nil }
        if table.heldBack > 0 {
            problems.append(LedgerProblem(.notice, file: table.displayName, line: table.endLine, field: nil,
                LoadState.heldBackNotice + " (still being written?): read once it has one, or once the file has been still for a few seconds"))
            loadInfo.heldBack = true
        }
        extraColumns[kind] = table.extraColumns.map(\.name)
        return (table, file.dateFormat, file.amountFormats)
    }

    /// Prepares and adopts one file (for files loaded one at a time).
    mutating func open(_ kind: LedgerFileKind, required: [String], dateColumns: [String],
                       amountColumns: [String]) -> (CSVTable, DateFormat, [String: AmountFormat])? {
        adopt(kind, prepare(kind, required: required, dateColumns: dateColumns, amountColumns: amountColumns))
    }

    mutating func problem(_ s: LedgerProblem.Severity, _ table: CSVTable, _ line: Int, _ field: String?, _ reason: String) {
        problems.append(LedgerProblem(s, file: table.displayName, line: line, field: field, reason))
    }

    /// Reads a currency cell (or constant); nil with no problem when empty.
    mutating func currency(_ row: CSVTable.Row, _ table: CSVTable, _ column: CSVTable.Column) -> (Currency?, ok: Bool) {
        // Fast path: three ASCII letters in the row.
        if let r = row.range(column), r.count == 3 {
            let b = row.buffer
            let a = b[r.lowerBound] & 0xDF, m = b[r.lowerBound + 1] & 0xDF, z = b[r.lowerBound + 2] & 0xDF
            if (0x41...0x5A).contains(a) && (0x41...0x5A).contains(m) && (0x41...0x5A).contains(z)
                && b[r.lowerBound] >= 0x41 && b[r.lowerBound + 1] >= 0x41 && b[r.lowerBound + 2] >= 0x41 {
                let c = Currency(asciiUppercase: a, m, z)
                if c.isKnownISO4217 { return (c, true) }
            }
        }
        let t = row.text(column)
        if t.isEmpty { return (nil, true) }
        guard let c = Currency(code: t) else {
            problem(.error, table, row.line, "currency", "\"\(t)\" is not a three-letter currency code; row rejected")
            return (nil, false)
        }
        if !c.isKnownISO4217 {
            problem(.warning, table, row.line, "currency", "\(c.code) is not an ISO 4217 code; 2 decimals assumed")
        }
        return (c, true)
    }

    /// Index of the customer whose id is in this cell, without making a `String`.
    func lookupCustomer(_ row: CSVTable.Row, _ c: CSVTable.Column) -> Int32? { Self.lookup(customerIndex, row, c) { customers[Int($0)].id } }
    func lookupCustomer(_ id: String) -> Int32? { Self.lookup(customerIndex, id) { customers[Int($0)].id } }

    /// Index of the document whose id is in this cell.
    func lookupDocument(_ row: CSVTable.Row, _ c: CSVTable.Column) -> Int32? { Self.lookup(documentIndex, row, c) { documents[Int($0)].id } }
    func lookupDocument(_ id: String) -> Int32? { Self.lookup(documentIndex, id) { documents[Int($0)].id } }

    /// Finds an id in `index`, straight from the cell's bytes when they are the text;
    /// `key` gives the id stored at an index, to confirm a hash match.
    @inline(__always)
    static func lookup(_ index: IDIndex, _ row: CSVTable.Row, _ c: CSVTable.Column, key: (Int32) -> String) -> Int32? {
        if let r = row.range(c), !r.isEmpty, !row.fields[c.index].hasEscapedQuotes {
            return index.find(hash: IDIndex.hash(row.buffer, r)) { key($0).utf8Equals(row.buffer, r) }
        }
        return lookup(index, row.text(c), key: key)
    }

    static func lookup(_ index: IDIndex, _ id: String, key: (Int32) -> String) -> Int32? {
        index.find(hash: IDIndex.hash(id)) { key($0) == id }
    }

    /// Index of customer `id`, creating a placeholder (named by its id) when unknown.
    mutating func customer(_ id: String, table: CSVTable, line: Int) -> Int32 {
        if let i = lookupCustomer(id) { return i }
        if hasCustomerFile {
            problem(.warning, table, line, "customer_id",
                    "customer \"\(id)\" is not in \(locate(.customers).display); loaded under a placeholder customer")
        }
        let i = Int32(customers.count)
        if table.kind == .payments { loadInfo.paymentPlaceholders = true }
        customers.append(Customer(id: id, name: id, isPlaceholder: true))
        customerIndex.insert(hash: IDIndex.hash(id), index: i)
        return i
    }

    /// Parses a date cell with the file's format; on failure also returns the text.
    mutating func date(_ row: CSVTable.Row, _ column: CSVTable.Column, _ format: DateFormat) -> (CivilDate?, text: String) {
        let d = row.withBytes(column) { b, r in format.parse(b, r) }
        if detectDates, let r = row.range(column), !r.isEmpty {
            if d != nil && format == .isoDate && r.count >= 10 && row.buffer[r.lowerBound + 4] == UInt8(ascii: "-") {
                dateDetector.addISO()
            } else {
                dateDetector.add(row.buffer, r, line: row.line)
            }
        }
        if d != nil { return (d, "") }
        let text = row.text(column)
        if !text.isEmpty { unreadDates += 1 }
        return (nil, text)
    }

    /// Parses an amount cell into minor units of `currency`, reporting problems.
    mutating func amount(_ row: CSVTable.Row, _ table: CSVTable, _ column: CSVTable.Column, _ currency: Currency,
                         _ format: AmountFormat) -> ParsedAmount {
        var result = row.withBytes(column) { b, r in
            let plain = AmountParser.parse(b, r, digits: currency.minorDigits, format: format)
            // Refused: read again without a currency sign or in scientific notation.
            guard case .invalid = plain, let decorated = AmountParser.parseDecorated(b, r, currency: currency, format: format) else { return plain }
            return decorated
        }
        if case .value = result, let next = Self.splitGroup(row, table, column) {
            result = .invalid("then \"\(next)\" in the next field: a thousands separator written without quotes? (quote the amount, or write it ungrouped)")
        }
        // A value in another currency than its row's is no evidence for the column's mark
        // (trial 14: a rejected "$1.5E+03" in a EUR file made "1.500" read as 1.50); one
        // with the row's own sign or code is ("$2,070.11" settles '.', trial 16).
        if detectAmounts && column.name == "amount", let r = row.range(column), !AmountParser.isCurrencyMismatch(result) {
            amountDetector.add(row.buffer, r, line: row.line)
        }
        if case .value(_, true) = result {
            problem(.notice, table, row.line, column.name,
                    "\(row.text(column)) has more decimals than \(currency.code) allows (\(currency.minorDigits)); rounded half-to-even")
        }
        return result
    }

    /// The next field's text when an amount looks cut at an unquoted thousands separator
    /// (comma-separated files only): the amount is 1–3 digits (a sign allowed, not starting
    /// with 0, not quoted), and the next field is three digits with decimals, or three
    /// digits where no field was expected (a longer row in a file whose rows are not all
    /// padded, or a column with no name). "1,234.56" unquoted read as 1 and a reference
    /// "234.56" without a word (a trial); nil otherwise.
    static func splitGroup(_ row: CSVTable.Row, _ table: CSVTable, _ column: CSVTable.Column) -> String? {
        let k = column.index
        // Only a comma delimiter cuts a grouped number.
        guard table.delimiter == UInt8(ascii: ","), k >= 0, k + 1 < row.fields.count,
              let a = row.range(column), !row.fields[k].hasEscapedQuotes else { return nil }
        let buf = row.buffer
        func digits(_ r: Range<Int>) -> Int { r.prefix { (0x30...0x39).contains(buf[$0]) }.count }
        // The amount's own shape first, which nearly every amount fails at once (this runs on
        // every row): 1–3 bare digits, a sign allowed, not starting with 0 (a grouped number
        // never does), not quoted (a quoted amount was written whole).
        var first = a
        if let s = first.first, buf[s] == UInt8(ascii: "-") || buf[s] == UInt8(ascii: "+") { first = first.dropFirst() }
        guard (1...3).contains(first.count), digits(first) == first.count, buf[first.lowerBound] != UInt8(ascii: "0"),
              a.lowerBound == 0 || buf[a.lowerBound - 1] != UInt8(ascii: "\"") else { return nil }
        let b = row.range(at: k + 1)
        guard digits(b) == 3 else { return nil }
        let rest = b.dropFirst(3)
        guard rest.isEmpty || ((buf[rest.lowerBound] == UInt8(ascii: ".") || buf[rest.lowerBound] == UInt8(ascii: ","))
                               && rest.count > 1 && digits(rest.dropFirst()) == rest.count - 1) else { return nil }
        // A three-digit group with decimals after the bare digits ("1" then "234.56") is a
        // cut amount wherever it lands (a trial's payment of 1,500.00 loaded as 1.00 with
        // "500.00" taken for its document id); a bare group ("345") only where no field was
        // expected: a row longer than the header, in a file whose rows are not all padded
        // past it with a trailing delimiter, or a column with no name.
        let unexpected = !table.paddedRows && (row.fields.count > table.header.count || table.header[k + 1].isEmpty)
        guard unexpected || (!rest.isEmpty && rest.count <= 4) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[b]), as: UTF8.self)
    }

    /// Runs `body` over the file's rows; unreadable rows are recorded as rejected.
    mutating func rows(_ table: CSVTable, _ body: (inout LoadState, CSVTable.Row) -> Void) {
        table.forEachRow { event in
            switch event {
            case .row(let row): body(&self, row)
            case .unreadable(let p): problems.append(p); rejected += 1
            }
        }
    }

    /// Parses the rows of `table` on every core: each worker is a copy of this state that
    /// reads customers and documents, collects its own problems, and writes its rows to
    /// its own region of `sink` (one region per chunk, in file order, each with room for
    /// its chunk's lines: `CSVTable.rowBound`). Batches come back in file order and the
    /// workers' problems and counters are added here.
    mutating func parallelRows<B: RowBatch>(_ table: CSVTable, only: CSVTable.RowChunk? = nil, into sink: RowSink<B.Row>,
                                            _ parse: @escaping @Sendable (inout LoadState, CSVTable.Row, inout B) -> Void) -> [B] {
        let t0 = Monotonic.seconds()
        var chunks = only.map { [$0] } ?? table.chunks(split)
        let t1 = Monotonic.seconds()
        var base = self
        base.problems = []; base.rejected = 0; base.noCurrencyRows = [:]; base.unreadDates = 0; base.dueOnDocumentDate = []
        base.dateDetector = DateFormatDetector(); base.amountDetector = DecimalSeparatorDetector()
        let template = base
        let quick = split.fastRows
        var results = ResultSlots<(batch: B, state: LoadState)>(count: chunks.count)
        var fileEndsOpen = false
        func run(_ chunks: [CSVTable.RowChunk]) -> CSVTable.ChunkOutcome {
            let regions = sink.regions(chunks.indices.map { table.rowBound(chunks, $0) })
            let outcomes = ResultSlots<CSVTable.ChunkOutcome>(count: chunks.count)
            let lastEndsOpen = ResultSlots<Bool>(count: 1)
            let work: @Sendable (Int) -> Void = { [results] k in
                var worker = template
                regions[k].prefault()
                var batch = B(region: regions[k])
                let (outcome, endsOpen) = table.forEachRow(in: chunks[k], quick: quick) { event in
                    switch event {
                    case .row(let row): parse(&worker, row, &batch)
                    case .unreadable(let p): worker.problems.append(p); worker.rejected += 1
                    }
                }
                outcomes.set(k, outcome)
                if k == chunks.count - 1 { lastEndsOpen.set(0, endsOpen) }
                results.set(k, (batch, worker))
            }
            if chunks.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks.count, execute: work) }
            let all = chunks.indices.map { outcomes.take($0) }
            fileEndsOpen = lastEndsOpen.take(0)
            // The last chunk ends where the file does: what it met there is the file's.
            return chunks.count == 1 ? .clean
                : all.contains(.resynchronised) ? .resynchronised : all.dropLast().contains(.openAtEnd) ? .openAtEnd : .clean
        }
        /// Throws away a run's rows before the file is read again.
        func discard(_ count: Int) {
            for k in 0..<count { var r = results.take(k); r.batch.rows.discard() }
        }
        var outcome = run(chunks)
        if outcome == .openAtEnd, let exact = table.quoteAwareChunks(split) {
            // A quick cut fell inside a quoted field: cut again where quotes allow.
            var laps = TraceLaps("  \(table.displayName): a cut fell inside a quoted field, split again after")
            laps.lap("")
            discard(chunks.count)
            results = ResultSlots(count: exact.count)
            chunks = exact
            outcome = run(chunks)
        }
        if outcome != .clean {
            // An unbalanced quote: a front-to-back read may cut records elsewhere than the
            // split did, so the file is read again by one worker (exact, and rare).
            var laps = TraceLaps("  \(table.displayName): an unbalanced quote, read again by one worker after")
            laps.lap("")
            discard(chunks.count)
            chunks = [CSVTable.RowChunk(start: chunks[0].start, end: chunks.last!.end, line: chunks[0].line)]
            results = ResultSlots(count: 1)
            _ = run(chunks)
        }
        endsOpen[table.kind] = fileEndsOpen
        if trace { FileHandle.standardError.write(Data(String(format: "%@: chunks %.3f s, parse %.3f s\n", table.displayName, t1 - t0, Monotonic.seconds() - t1).utf8)) }
        var out: [B] = []
        for k in chunks.indices {
            let r = results.take(k)
            problems += r.state.problems
            rejected += r.state.rejected
            for (kind, t) in r.state.noCurrencyRows { noCurrencyRows[kind, default: RowTally()].merge(t) }
            unreadDates += r.state.unreadDates
            dueOnDocumentDate += r.state.dueOnDocumentDate
            dateDetector.merge(r.state.dateDetector)
            amountDetector.merge(r.state.amountDetector)
            out.append(r.batch)
        }
        return out
    }

    /// Parses every row of a prepared file on all cores, each worker writing its rows
    /// straight into the array returned (`RowRegion`), after `earlier` (rows already
    /// loaded: the earlier rows of a file read for its appended rows, or the payments
    /// made from `paid_date`s, copied here on every core).
    ///
    /// - Returns: `earlier` followed by the file's rows, with the workers' batches in file
    ///   order (their `rows` only count the rows now moved to the array); nil when the
    ///   file is refused.
    mutating func parseAll<B: RowBatch>(_ file: PreparedFile, _ table: CSVTable, amountColumn: String, after earlier: [B.Row],
                                        _ parse: @escaping @Sendable (inout LoadState, CSVTable.Row, DateFormat, AmountFormat, inout B) -> Void)
        -> (rows: [B.Row], batches: [B])? {
        let whole = appendOnly[table.kind]?.chunk ?? table.wholeChunk
        let slots = table.rowBound([whole], 0) + split.workers + 1
        var batches: [B]?
        var overflowed: [B.Row] = []
        let rows = [B.Row](unsafeUninitializedCapacity: earlier.count + slots) { buffer, count in
            count = 0
            guard let start = buffer.baseAddress else { return }
            Parallel.initialize(start, from: earlier)
            let sink = RowSink(base: start + earlier.count, capacity: slots)
            batches = parseBatches(file, table, amountColumn: amountColumn, into: sink, parse)
            guard let b = batches else { start.deinitialize(count: earlier.count); return }
            let regions = b.map(\.rows)
            if let n = RowRegion.compact(regions, to: sink.base) { count = earlier.count + n }
            else { overflowed = RowRegion.gather(regions); count = earlier.count }
        }
        guard let batches else { return nil }
        return (overflowed.isEmpty ? rows : rows + overflowed, batches)
    }

    /// The parse of `parseAll`, into `sink`. When the file's formats were guessed
    /// (`PreparedFile.speculative`), the evidence of all values settles them afterwards; a
    /// wrong guess means a second parse with the settled formats, an ambiguous file none.
    ///
    /// - Returns: the batches in file order, or nil (nothing left in `sink`) when the
    ///   file is refused.
    private mutating func parseBatches<B: RowBatch>(_ file: PreparedFile, _ table: CSVTable, amountColumn: String, into sink: RowSink<B.Row>,
                                                    _ parse: @escaping @Sendable (inout LoadState, CSVTable.Row, DateFormat, AmountFormat, inout B) -> Void) -> [B]? {
        func discard(_ batches: inout [B]) { for k in batches.indices { batches[k].rows.discard() }; batches = [] }
        if let a = appendOnly[table.kind] {
            // The appended values add to the evidence the formats were decided on: should
            // they tip the decision, only a full load reads every row the new way.
            let before = loadInfo.sources[table.kind]
            detectDates = before?.dateEvidence != nil
            detectAmounts = before?.amountEvidence != nil
            dateDetector = DateFormatDetector(); amountDetector = DecimalSeparatorDetector()
            let parsed = parallelRows(table, only: a.chunk, into: sink) { s, row, b in parse(&s, row, a.date, a.amount, &b) }
            var evidence: (dates: DateFormatDetector?, amounts: DecimalSeparatorDetector?) = (nil, nil)
            if detectDates || detectAmounts {
                if var d = before?.dateEvidence { d.merge(dateDetector); evidence.dates = d }
                if var m = before?.amountEvidence { m.merge(amountDetector); evidence.amounts = m }
                let settled = settleFormats(table, format: file.format, dateColumns: file.dateColumns, amountColumns: [amountColumn],
                                            dates: evidence.dates, amounts: evidence.amounts.map { [amountColumn: $0] } ?? [:])
                if settled.dateFormat != a.date || settled.amountFormats[amountColumn] != a.amount { appendFailed = true }
                detectDates = false; detectAmounts = false
            }
            recordSource(table, a.date, a.amount, evidence: evidence)
            return parsed
        }
        var laps = TraceLaps("  \(table.displayName):")
        defer { laps.lap("parseAll tail") }
        let guessDate = file.dateFormat, guessAmount = file.amountFormats[amountColumn]!
        let mark = (problems.count, rejected, noCurrencyRows, dueOnDocumentDate.count)
        let datesBefore = unreadDates
        func rollback(_ s: inout LoadState) {
            s.problems.removeSubrange(mark.0...)
            s.rejected = mark.1; s.noCurrencyRows = mark.2; s.unreadDates = datesBefore
            s.dueOnDocumentDate.removeSubrange(mark.3...)
        }
        guard file.speculative else {
            var parsed = parallelRows(table, into: sink) { s, row, b in parse(&s, row, guessDate, guessAmount, &b) }
            if let why = misfitOverFile(file, table, datesBefore: datesBefore) { discard(&parsed); rollback(&self); problems.append(why); return nil }
            recordSource(table, guessDate, guessAmount)
            return parsed
        }
        let dateColumnsPresent = file.dateColumns.contains { table.columnIndex[$0] != nil }
        detectDates = file.format.dateFormat == nil && dateColumnsPresent
        detectAmounts = file.format.decimalSeparator == nil && table.columnIndex[amountColumn] != nil
        dateDetector = DateFormatDetector(); amountDetector = DecimalSeparatorDetector()
        var parsed = parallelRows(table, into: sink) { s, row, b in parse(&s, row, guessDate, guessAmount, &b) }
        let evidence = (dates: detectDates ? dateDetector : nil, amounts: detectAmounts ? amountDetector : nil)
        let settled = settleFormats(table, format: file.format, dateColumns: file.dateColumns, amountColumns: [amountColumn],
                                    dates: evidence.dates, amounts: evidence.amounts.map { [amountColumn: $0] } ?? [:])
        detectDates = false; detectAmounts = false
        guard let date = settled.dateFormat else {
            discard(&parsed)
            rollback(&self)
            problems += settled.problems
            return nil
        }
        let amount = settled.amountFormats[amountColumn]!
        if date != guessDate || amount != guessAmount {
            rollback(&self)
            discard(&parsed)   // free the first parse before the second
            parsed = parallelRows(table, into: sink) { s, row, b in parse(&s, row, date, amount, &b) }
        }
        if let why = misfitOverFile(file, table, datesBefore: datesBefore) { discard(&parsed); rollback(&self); problems.append(why); return nil }
        problems += settled.problems
        laps.lap("parse")
        recordSource(table, date, amount, evidence: evidence)
        return parsed
    }

    /// The configured date format rejected rows (dates unread since `datesBefore`) and every date of
    /// the whole file reads in one other format, or none reads: the format is wrong, not
    /// the rows, and the file is refused with this problem. The sample `prepare` checks is
    /// the first 2,000 rows only; a trial's later rows were read day for month. (The whole
    /// file is read again only when a date was rejected.)
    private func misfitOverFile(_ file: PreparedFile, _ table: CSVTable, datesBefore: Int) -> LedgerProblem? {
        guard let configured = file.format.dateFormat, unreadDates > datesBefore,
              let why = Self.misfit(configured, table, dateColumns: file.dateColumns, limit: .max) else { return nil }
        return LedgerProblem(.error, file: table.displayName, line: nil, field: file.dateColumns.first { table.columnIndex[$0] != nil },
                             why + "; the file was not loaded")
    }

    /// Orders the problems added since `start` by line (file-level ones first), keeping
    /// the order of problems on the same line.
    mutating func sortProblemsByLine(from start: Int) {
        guard start < problems.count else { return }
        let tail = problems[start...].enumerated().sorted { a, b in
            let la = a.element.line ?? 0, lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        problems.replaceSubrange(start..., with: tail)
    }

    mutating func finish() {
        // Problems in one order whatever the path (full load or appended rows): by file,
        // then line, keeping the order within a line.
        let rank: [String: Int] = Dictionary(LedgerFileKind.allCases.enumerated().map { (locate($0.element).display, $0.offset) },
                                             uniquingKeysWith: { a, _ in a })
        problems = problems.enumerated().sorted { a, b in
            let ra = rank[a.element.file] ?? 9, rb = rank[b.element.file] ?? 9
            if ra != rb { return ra < rb }
            let la = a.element.line ?? 0, lb = b.element.line ?? 0
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        loadInfo.noCurrencyRows = noCurrencyRows
        loadInfo.limitsWithoutCurrency = limitsWithoutCurrency
        loadInfo.hasCustomerFile = hasCustomerFile
        loadInfo.dueOnDocumentDate = dueOnDocumentDate
        loadInfo.unresolvedReferences = problems.contains { ($0.field == "applies_to" || $0.field == "document_id") && ($0.reason.contains("not found") || $0.reason.contains("was rejected (rows")) }
        for kind in [LedgerFileKind.invoices, .payments] {
            guard let t = noCurrencyRows[kind], t.count > 0 else { continue }
            problems.append(LedgerProblem(.warning, file: locate(kind).display, line: t.firstLine, field: "currency",
                "\(t.count) row(s) have no currency anywhere (column, customer, [files.X.values] or reporting_currency), this one the first: shown as XXX"))
        }
        if limitsWithoutCurrency.count > 0, let first = documents.first?.amount.currency,
           documents.contains(where: { $0.amount.currency != first }) {
            let n = limitsWithoutCurrency.count
            problems.append(LedgerProblem(.warning, file: locate(.customers).display, line: limitsWithoutCurrency.firstLine, field: "credit_limit",
                "\(n) credit limit\(n == 1 ? " has" : "s have") no currency (currency column or reporting_currency) and the documents are in several: a limit is checked only for a customer whose balance is in one currency"))
        }
        if !dueOnDocumentDate.isEmpty {
            let first = dueOnDocumentDate[0]
            problems.append(LedgerProblem(.notice, file: first.file, line: first.line, field: "due_date",
                "\(dueOnDocumentDate.count) document(s) have no due date and no payment terms: due on their document date"))
        }
        fx.sortByDate()
    }
}
