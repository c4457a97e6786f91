import Foundation

/// The loader's working state: the rows accepted so far and the problems found.
struct LoadState {
    let folder: String
    let config: LedgerConfig
    var customers: [Customer] = []
    var customerIndex = IDIndex()
    var documents: [Document] = []
    var documentIndex = IDIndex()
    var payments: [Payment] = []
    var fx = FxTable()
    var problems: [LedgerProblem] = []
    var rejected = 0
    var extraColumns: [LedgerFileKind: [String]] = [:]
    /// customers.csv existed: a customer id not in it is worth a warning.
    var hasCustomerFile = false
    /// Credit-note targets to resolve once every document is known: (doc index, target id, line).
    var pendingCreditTargets: [(Int32, String, Int)] = []
    /// Rows whose currency came from nowhere (reported once per file).
    var noCurrencyRows = 0
    /// Documents due on their date for want of a due date or terms.
    var dueOnDocumentDate: [(file: String, line: Int)] = []
    var timings: LoadTimings?

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
    }

    /// Opens a file with format detection settled for its date and amount columns.
    /// Pure (no state touched) so that several files can be prepared at once.
    func prepare(_ kind: LedgerFileKind, required: [String], dateColumns: [String],
                 amountColumns: [String]) -> PreparedFile {
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
        let t0 = Monotonic.seconds()
        let opened = CSVTable.open(path: loc.path, displayName: loc.display, kind: kind, config: config.file(kind),
                                   format: format, required: required, problems: &out.problems)
        out.readSeconds = Monotonic.seconds() - t0
        guard let table = opened else { return out }
        // Detection pass, only for what the config leaves open.
        let detectDates = format.dateFormat == nil && dateColumns.contains { table.columnIndex[$0] != nil }
        let detectAmounts = format.decimalSeparator == nil ? amountColumns.filter { table.columnIndex[$0] != nil } : []
        var dateDetector = DateFormatDetector()
        var amountDetectors = [String: DecimalSeparatorDetector]()
        if detectDates || !detectAmounts.isEmpty {
            let dateCols = dateColumns.map(table.column)
            let amountCols = detectAmounts.map(table.column)
            var detectors = [DecimalSeparatorDetector](repeating: DecimalSeparatorDetector(), count: amountCols.count)
            table.forEachRow { event in
                guard case .row(let row) = event else { return }
                if detectDates {
                    for c in dateCols { if let r = row.range(c) { dateDetector.add(row.buffer, r, line: row.line) } }
                }
                for (k, c) in amountCols.enumerated() {
                    if let r = row.range(c) { detectors[k].add(row.buffer, r, line: row.line) }
                }
            }
            for (k, c) in detectAmounts.enumerated() { amountDetectors[c] = detectors[k] }
        }
        var dateFormat = format.dateFormat ?? .isoDate
        if detectDates {
            switch dateDetector.decide(file: kind.rawValue) {
            case .format(let f, let notice):
                dateFormat = f
                if let notice { out.problems.append(LedgerProblem(.notice, file: loc.display, line: nil, field: nil, notice)) }
            case .ambiguous(let why):
                out.problems.append(LedgerProblem(.error, file: loc.display, line: nil, field: dateColumns.first { table.columnIndex[$0] != nil }, why + "; the file was not loaded"))
                return out
            }
        }
        var amountFormats: [String: AmountFormat] = [:]
        for c in amountColumns {
            var decimal = format.decimalSeparator ?? UInt8(ascii: ".")
            if format.decimalSeparator == nil, let det = amountDetectors[c] {
                let (sep, conflict) = det.decide()
                if let conflict {
                    out.problems.append(LedgerProblem(.error, file: loc.display, line: nil, field: c, conflict))
                }
                if let sep {
                    decimal = sep
                    if sep == UInt8(ascii: ",") {
                        out.problems.append(LedgerProblem(.notice, file: loc.display, line: nil, field: c,
                            "amounts read with ',' as decimal separator (\(det.commaExample), line \(det.commaLine ?? 0))"))
                    }
                }
            }
            var af = AmountFormat(decimalSeparator: decimal)
            let undecided = format.decimalSeparator == nil && amountDetectors[c]?.decide().separator == nil
            switch format.thousandsSeparator {
            case .none where undecided:
                // The values did not settle the decimal mark: read neither ',' nor '.' as a
                // group separator, so "1,234" is rejected rather than guessed.
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
            amountFormats[c] = af
        }
        out.table = table
        out.dateFormat = dateFormat
        out.amountFormats = amountFormats
        return out
    }

    /// Takes a prepared file's problems and timings into the state; nil when unusable.
    mutating func adopt(_ kind: LedgerFileKind, _ file: PreparedFile) -> (CSVTable, DateFormat, [String: AmountFormat])? {
        problems += file.problems
        timings?.read += file.readSeconds
        guard let table = file.table else { return nil }
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
    func lookupCustomer(_ row: CSVTable.Row, _ c: CSVTable.Column) -> Int32? {
        if let r = row.range(c), !r.isEmpty, !row.fields[c.index].hasEscapedQuotes {
            return customerIndex.find(hash: IDIndex.hash(row.buffer, r)) { customers[Int($0)].id.utf8Equals(row.buffer, r) }
        }
        return lookupCustomer(row.text(c))
    }

    func lookupCustomer(_ id: String) -> Int32? {
        customerIndex.find(hash: IDIndex.hash(id)) { customers[Int($0)].id == id }
    }

    /// Index of the document whose id is in this cell.
    func lookupDocument(_ row: CSVTable.Row, _ c: CSVTable.Column) -> Int32? {
        if let r = row.range(c), !r.isEmpty, !row.fields[c.index].hasEscapedQuotes {
            return documentIndex.find(hash: IDIndex.hash(row.buffer, r)) { documents[Int($0)].id.utf8Equals(row.buffer, r) }
        }
        return lookupDocument(row.text(c))
    }

    func lookupDocument(_ id: String) -> Int32? {
        documentIndex.find(hash: IDIndex.hash(id)) { documents[Int($0)].id == id }
    }

    /// Index of customer `id`, creating a placeholder (named by its id) when unknown.
    mutating func customer(_ id: String, table: CSVTable, line: Int) -> Int32 {
        if let i = lookupCustomer(id) { return i }
        if hasCustomerFile {
            problem(.warning, table, line, "customer_id",
                    "customer \"\(id)\" is not in customers.csv; loaded under a placeholder customer")
        }
        let i = Int32(customers.count)
        customers.append(Customer(id: id, name: id, isPlaceholder: true))
        customerIndex.insert(hash: IDIndex.hash(id), index: i)
        return i
    }

    /// Parses a date cell with the file's format; on failure also returns the text.
    func date(_ row: CSVTable.Row, _ column: CSVTable.Column, _ format: DateFormat) -> (CivilDate?, text: String) {
        let d = row.withBytes(column) { b, r in format.parse(b, r) }
        return d != nil ? (d, "") : (nil, row.text(column))
    }

    /// Parses an amount cell into minor units of `currency`, reporting problems.
    mutating func amount(_ row: CSVTable.Row, _ table: CSVTable, _ column: CSVTable.Column, _ currency: Currency,
                         _ format: AmountFormat) -> ParsedAmount {
        let result = row.withBytes(column) { b, r in
            AmountParser.parse(b, r, digits: currency.minorDigits, format: format)
        }
        if case .value(_, true) = result {
            problem(.notice, table, row.line, column.name,
                    "\(row.text(column)) has more decimals than \(currency.code) allows (\(currency.minorDigits)); rounded half-to-even")
        }
        return result
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

    mutating func finish() {
        if noCurrencyRows > 0 {
            problems.append(LedgerProblem(.warning, file: locate(.invoices).display, line: nil, field: "currency",
                "\(noCurrencyRows) row(s) have no currency anywhere (column, customer, [files.X.values] or reporting_currency): shown as XXX"))
        }
        if !dueOnDocumentDate.isEmpty {
            let first = dueOnDocumentDate[0]
            problems.append(LedgerProblem(.notice, file: first.file, line: first.line, field: "due_date",
                "\(dueOnDocumentDate.count) document(s) have no due date and no payment terms: due on their document date"))
        }
        fx.sortByDate()
    }
}
