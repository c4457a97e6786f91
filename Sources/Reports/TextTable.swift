import DisplayText

/// A plain-text table aligned by display width (CJK names take two columns per
/// character); every cell is sanitised, so data never drives the terminal.
public struct TextTable: Sendable {
    public enum Align: Sendable { case left, right }
    public struct Column: Sendable {
        public var title: String
        public var align: Align
        /// Maximum width; longer cells are cut with "…".
        public var maxWidth: Int
        public init(_ title: String, _ align: Align = .left, maxWidth: Int = 40) {
            self.title = title; self.align = align; self.maxWidth = maxWidth
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []
    /// Row indices after which a rule is drawn.
    public var rulesAfter: Set<Int> = []

    public init(_ columns: [Column]) { self.columns = columns }

    public mutating func add(_ row: [String]) { rows.append(row.map { Sanitizer.clean($0) }) }
    public mutating func rule() { rulesAfter.insert(rows.count - 1) }

    public func rendered() -> String {
        var widths = columns.map { DisplayWidth.of($0.title) }
        for r in rows {
            for (i, c) in r.enumerated() where i < widths.count {
                widths[i] = min(max(widths[i], DisplayWidth.of(c)), max(columns[i].maxWidth, DisplayWidth.of(columns[i].title)))
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, col) in columns.enumerated() {
                let c = i < cells.count ? cells[i] : ""
                parts.append(DisplayWidth.pad(c, to: widths[i], right: col.align == .right))
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s + "\n"
        }
        var out = line(columns.map(\.title))
        let ruleLine = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n"
        out += ruleLine
        for (i, r) in rows.enumerated() {
            out += line(r)
            if rulesAfter.contains(i) { out += ruleLine }
        }
        return out
    }
}
