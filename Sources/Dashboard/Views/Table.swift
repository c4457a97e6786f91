import DisplayText
import TerminalUI

/// A column of a list view: title, width (0 = takes the rest), alignment.
struct Column {
    var title: String
    var width: Int
    var right = false
}

/// Draws rows of cells in columns separated by one space, with a header row.
enum TableDraw {
    /// Resolves flexible widths for `total` columns of space.
    static func widths(_ cols: [Column], total: Int) -> [Int] {
        let fixed = cols.reduce(0) { $0 + $1.width } + cols.count - 1
        let flex = cols.filter { $0.width == 0 }.count
        let rest = max(6, (total - fixed) / max(1, flex))
        return cols.map { $0.width == 0 ? rest : $0.width }
    }

    static func row(_ c: inout Canvas, y: Int, x: Int, cells: [String], cols: [Column], widths: [Int], style: Style,
                    styles: [Style?] = [], ascii: Bool) {
        var xx = x
        for (i, col) in cols.enumerated() where i < cells.count {
            let w = widths[i]
            let text = DisplayWidth.truncate(Sanitizer.clean(cells[i], ascii: ascii), to: w, ellipsis: ascii ? "~" : "…")
            let pad = max(0, w - DisplayWidth.of(text))
            let st = (i < styles.count ? styles[i] : nil) ?? style
            c.put(col.right ? String(repeating: " ", count: pad) + text : text, x: xx, y: y, style: st, maxWidth: w, ascii: ascii)
            xx += w + 1
        }
    }
}
