import Foundation

/// The loader's working state: the rows accepted so far and the problems found.
struct LoadState {
    let folder: String
    let config: LedgerConfig
    var customers: [Customer] = []
    var customerIndex: [String: Int32] = [:]
    var documents: [Document] = []
    var documentIndex: [String: Int32] = [:]
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

    /// Opens a file with format detection settled for its date and amount columns.
    mutating func open(_ kind: LedgerFileKind, required: [String], dateColumns: [String],
                       amountColumns: [String]) -> (CSVTable, DateFormat, [String: AmountFormat])? {
        let loc = locate(kind)
        if !loc.exists {
            if loc.configured || kind == .invoices {
                problems.append(LedgerProblem(.error, file: loc.display, line: nil, field: nil,
                    kind == .invoices && !loc.configured
                        ? "no documents file: put invoices.csv in the folder or name the export in ardash.toml ([files.invoices] path)"
                        : "file named in ardash.toml does not exist"))
            }
            return nil
        }
        let format = config.effectiveFormat(kind)
        let t0 = Monotonic.seconds()
        let opened = CSVTable.open(path: loc.path, displayName: loc.display, kind: kind, config: config.file(kind),
                                   format: format, required: required, problems: &problems)
        timings?.read += Monotonic.seconds() - t0
        guard let table = opened else { return nil }
        extraColumns[kind] = table.extraColumns.map(\.name)

        // Detection pass, only for what the config leaves open.
        let detectDates = format.dateFormat == nil && dateColumns.contains { table.columnIndex[$0] != nil }
        let detectAmounts = format.decimalSeparator == nil ? amountColumns.filter { table.columnIndex[$0] != nil } : []
        var dateDetector = DateFormatDetector()
        var amountDetectors = [String: DecimalSeparatorDetector]()
        if detectDates || !detectAmounts.isEmpty {
            table.forEachRow { event in
                guard case .row(let row) = event else { return }
                if detectDates {
                    for c in dateColumns { if let r = row.range(c) { dateDetector.add(row.buffer, r, line: row.line) } }
                }
                for c in detectAmounts {
                    if let r = row.range(c) { amountDetectors[c, default: DecimalSeparatorDetector()].add(row.buffer, r, line: row.line) }
                }
            }
        }
        var dateFormat = format.dateFormat ?? .isoDate
        if detectDates {
            switch dateDetector.decide(file: kind.rawValue) {
            case .format(let f, let notice):
                dateFormat = f
                if let notice { problems.append(LedgerProblem(.notice, file: loc.display, line: nil, field: nil, notice)) }
            case .ambiguous(let why):
                problems.append(LedgerProblem(.error, file: loc.display, line: nil, field: dateColumns.first { table.columnIndex[$0] != nil }, why + "; the file was not loaded"))
                return nil
            }
        }
        var amountFormats: [String: AmountFormat] = [:]
        for c in amountColumns {
            var decimal = format.decimalSeparator ?? UInt8(ascii: ".")
            if format.decimalSeparator == nil, let det = amountDetectors[c] {
                let (sep, conflict) = det.decide()
                if let conflict {
                    problems.append(LedgerProblem(.error, file: loc.display, line: nil, field: c, conflict))
                }
                if let sep {
                    decimal = sep
                    if sep == UInt8(ascii: ",") {
                        problems.append(LedgerProblem(.notice, file: loc.display, line: nil, field: c,
                            "amounts read with ',' as decimal separator (\(det.commaExample), line \(det.commaLine ?? 0))"))
                    }
                }
            }
            var af = AmountFormat(decimalSeparator: decimal)
            switch format.thousandsSeparator {
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
        return (table, dateFormat, amountFormats)
    }

    mutating func problem(_ s: LedgerProblem.Severity, _ table: CSVTable, _ line: Int, _ field: String?, _ reason: String) {
        problems.append(LedgerProblem(s, file: table.displayName, line: line, field: field, reason))
    }

    /// Reads a currency cell (or constant); nil with no problem when empty.
    mutating func currency(_ row: CSVTable.Row, _ table: CSVTable) -> (Currency?, ok: Bool) {
        let t = row.text("currency")
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

    /// Index of customer `id`, creating a placeholder (named by its id) when unknown.
    mutating func customer(_ id: String, table: CSVTable, line: Int) -> Int32 {
        if let i = customerIndex[id] { return i }
        if hasCustomerFile {
            problem(.warning, table, line, "customer_id",
                    "customer \"\(id)\" is not in customers.csv; loaded under a placeholder customer")
        }
        let i = Int32(customers.count)
        customers.append(Customer(id: id, name: id, isPlaceholder: true))
        customerIndex[id] = i
        return i
    }

    /// Parses a date cell with the file's format.
    func date(_ row: CSVTable.Row, _ column: String, _ format: DateFormat) -> (CivilDate?, text: String) {
        row.withBytes(column) { b, r in
            (format.parse(b, r), String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self))
        }
    }

    /// Parses an amount cell into minor units of `currency`, reporting problems.
    mutating func amount(_ row: CSVTable.Row, _ table: CSVTable, _ column: String, _ currency: Currency,
                         _ format: AmountFormat) -> ParsedAmount {
        let result = row.withBytes(column) { b, r in
            AmountParser.parse(b, r, digits: currency.minorDigits, format: format)
        }
        if case .value(_, true) = result {
            problem(.notice, table, row.line, column,
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
