import Receivables

/// One cell: the text people read (grouped per locale) and the plain value for CSV/JSON.
public struct ReportCell: Sendable {
    public var text: String
    public var value: JSON
    /// What CSV holds when it is not the plain value (a number where JSON holds objects).
    public var csv: String?

    /// A cell showing `text` to people and `value` to machines.
    public init(_ text: String, _ value: JSON) { self.text = text; self.value = value }
    /// Text that is its own value.
    public static func text(_ s: String) -> ReportCell { ReportCell(s, .string(s)) }
    /// An integer (days, counts, points).
    public static func int(_ n: Int) -> ReportCell { ReportCell(String(n), .number(String(n))) }
    /// An amount: grouped for people, plain "1234.56" for machines.
    public static func money(_ minor: Int64, _ digits: Int, _ style: NumberStyle) -> ReportCell {
        ReportCell(style.format(minor, digits: digits), .string(Money.decimalString(minor, digits: digits)))
    }
    /// An exact ratio with `decimals` digits, "n/a" (null) when undefined: with the
    /// style's decimal mark for people ("74,6" under number_format = "1 234,56"), a
    /// point for machines.
    public static func ratio(_ v: DayCount?, _ decimals: Int = 1, suffix: String = "", style: NumberStyle = .english) -> ReportCell {
        guard let v else { return ReportCell("n/a", .null) }
        let s = v.formatted(decimals: decimals)
        return ReportCell(style.decimal(s) + suffix, .string(s))
    }
    /// A date ("—", null when none).
    public static func date(_ d: CivilDate?) -> ReportCell { d.map { .text($0.description) } ?? ReportCell("—", .null) }
    public static let empty = ReportCell("", .null)
}

/// A report that is one table: a title and notes for people, the same rows as CSV, and a
/// JSON object with the metadata and one object per row. Every report of issue 5 uses it.
public struct TabularReport: Sendable {
    /// A column: its CSV/JSON key, its title in the table, alignment and width cap.
    public struct Column: Sendable {
        public var key: String
        public var title: String
        public var align: TextTable.Align
        public var maxWidth: Int
        /// - Parameters:
        ///   - key: CSV header and JSON member name.
        ///   - title: table header.
        public init(_ key: String, _ title: String, _ align: TextTable.Align = .left, maxWidth: Int = 40) {
            self.key = key; self.title = title; self.align = align; self.maxWidth = maxWidth
        }
    }

    public var title: String
    /// Lines printed under the title in the table format (method, sources, caveats).
    public var notes: [String] = []
    /// Top-level JSON members, before the rows.
    public var meta: [(String, JSON)] = []
    public var columns: [Column]
    public var rows: [[ReportCell]] = []
    /// A totals row: after a rule in the table, "totals" in JSON, not in CSV.
    public var totals: [ReportCell]?
    /// Name of the rows array in JSON.
    public var rowsKey = "rows"

    /// An empty report with a title and its columns.
    public init(title: String, columns: [Column]) { self.title = title; self.columns = columns }

    /// The report as an aligned text table, CSV (header then rows; totals left out), or JSON.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table:
            let out = title + "\n" + notes.map { $0 + "\n" }.joined()
            var t = TextTable(columns.map { .init($0.title, $0.align, maxWidth: $0.maxWidth) })
            for r in rows { t.add(r.map(\.text)) }
            if let totals { t.rule(); t.add(totals.map(\.text)) }
            return out + (rows.isEmpty && totals == nil ? "(none)\n" : "\n" + t.rendered())
        case .csv:
            var out = CSVWriter.row(columns.map(\.key))
            for r in rows { out += CSVWriter.row(r.map { $0.csv ?? TabularReport.plain($0.value) }) }
            return out
        case .json:
            func object(_ r: [ReportCell]) -> JSON { .object(zip(columns, r).map { ($0.key, $1.value) }) }
            var members = meta
            members.append((rowsKey, .array(rows.map(object))))
            if let totals { members.append(("totals", object(totals))) }
            return JSON.object(members).rendered() + "\n"
        }
    }

    static func plain(_ v: JSON) -> String {
        switch v {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        // A cell holding several values (amounts in several currencies): readable text,
        // "50.00 EUR + 70000 JPY", not JSON inside a spreadsheet cell.
        case .array(let xs): return xs.map(plain).joined(separator: " + ")
        case .object(let members): return members.map { plain($0.1) }.joined(separator: " ")
        }
    }
}
