import DisplayText
import Receivables
import TerminalUI

/// The overdue list: customer, document, due date, days past due, open amount, flags.
enum OverdueList {
    static let columns = [Column(title: "Customer", width: 0), Column(title: "Document", width: 12),
                          Column(title: "Due", width: 10), Column(title: "Days", width: 5, right: true),
                          Column(title: "Open", width: 14, right: true), Column(title: "Cur", width: 3),
                          Column(title: "Bucket", width: 7), Column(title: "Flags", width: 5)]

    /// Wide terminals also show the document date and the reference (PO number).
    static func columns(width: Int) -> [Column] {
        guard width >= 140 else { return columns }
        var cols = columns
        cols.insert(Column(title: "Date", width: 10), at: 2)
        cols.insert(Column(title: "Reference", width: 16), at: 3)
        return cols
    }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let top = Layout.overdueTop(s)
        let columns = Self.columns(width: c.width)
        let wide = columns.count > Self.columns.count
        let m = s.model
        // The arrow shows the direction of the values: ▼ largest or latest first (days,
        // amount), ▲ from A or from the oldest (customer, due date); `r` turns it over.
        let ascending = (s.sort == .customer || s.sort == .dueDate) != s.reversed
        let arrow = s.ascii ? (ascending ? "^" : "v") : (ascending ? "▲" : "▼")
        let n = { (v: Int) in AmountText.style.format(Int64(v), digits: 0) }
        var title = "Overdue documents · \(n(s.visible.count)) of \(n(m.overdue.count)) · sort: \(s.sort.rawValue) \(arrow)"
        if let b = s.bucketFilter {
            title += " · bucket \(m.aging.labels[b])"
            // The panel's figure for the bucket nets its credits; the list shows documents.
            let sec = min(s.section, max(0, m.aging.sections.count - 1))
            let credits = sec < m.creditCounts.count ? m.creditCounts[sec][b] : 0
            if credits > 0 {
                // Whole or shorter, never cut mid-word.
                let long = " (its figure also nets \(n(credits)) credit\(credits == 1 ? "" : "s"))"
                let short = " (nets \(n(credits)) credit\(credits == 1 ? "" : "s"))"
                let filter = s.editingFilter || !s.filter.isEmpty ? DisplayWidth.of(" · filter: \(s.filter)") + 1 : 0
                let room = c.width - 2 - DisplayWidth.of(title) - filter
                title += DisplayWidth.of(long) <= room ? long : DisplayWidth.of(short) <= room ? short : ""
            }
        }
        if s.editingFilter || !s.filter.isEmpty { title += " · filter: \(s.filter)\(s.editingFilter ? "▏" : "")" }
        c.put(title, x: 1, y: top, style: s.focus == .overdue ? t.focusedTitle : t.title, maxWidth: c.width - 2, ascii: s.ascii)
        let widths = TableDraw.widths(columns, total: c.width - 2)
        TableDraw.row(&c, y: top + 1, x: 1, cells: columns.map(\.title), cols: columns, widths: widths, style: t.dim, ascii: s.ascii)
        let rows = Layout.listRows(s)
        var scroll = s.scroll
        if s.cursor < scroll { scroll = s.cursor }
        if s.cursor >= scroll + rows { scroll = s.cursor - rows + 1 }
        if s.visible.isEmpty {
            c.put(m.overdue.isEmpty ? "Nothing is overdue as of \(m.asOf)." : "No overdue document matches.", x: 1, y: top + 2, style: t.dim, ascii: s.ascii)
        }
        for r in 0..<rows {
            let k = scroll + r
            guard k < s.visible.count else { break }
            let o = m.overdue[Int(s.visible[k])]
            let d = m.ledger.documents[Int(o.document)]
            let bucket = m.overdueBucket[Int(s.visible[k])]
            let flags = s.flagLetters(customer: o.customer, document: o.document)
            let selected = s.focus == .overdue && k == s.cursor
            let y = top + 2 + r
            var cells = [m.ledger.customers[Int(o.customer)].name, d.id, o.dueDate.description, String(o.daysPastDue),
                         AmountText.full(o.open.minorUnits, o.open.currency), o.open.currency.code, m.aging.labels[bucket], flags]
            var styles: [Style?] = [nil, nil, nil, nil, nil, nil, t.bucket(bucket), t.flag]
            if wide { cells.insert(contentsOf: [d.date.description, d.reference], at: 2); styles.insert(contentsOf: [nil, t.dim], at: 2) }
            let amountColumn = wide ? 6 : 4
            cells[amountColumn] = AmountText.fitted(o.open.minorUnits, o.open.currency, width: widths[amountColumn])
            TableDraw.row(&c, y: y, x: 1, cells: cells, cols: columns, widths: widths, style: .plain, styles: styles, ascii: s.ascii)
            if selected { c.restyle(x: 1, y: y, width: c.width - 2, style: t.selection) }
            else if k == s.cursor { c.put(s.ascii ? ">" : "▸", x: 0, y: y, style: t.dim) }   // where you were, while the other panel has the keys
        }
    }
}
