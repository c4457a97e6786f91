import DisplayText
import Receivables
import TerminalUI

/// Every customer with an open balance: balance, overdue, oldest, buckets; largest first
/// unless sorted otherwise (`s`: balance, overdue, oldest, name; `r` reverses).
enum CustomerListView {
    /// "Name (id)" in `width` columns: the name gives way, the id always shows.
    static func nameWithId(_ c: Customer, width: Int, ascii: Bool) -> String {
        if c.name == c.id { return c.id }
        let id = " (\(Sanitizer.clean(c.id, ascii: ascii)))"
        let room = max(1, width - DisplayWidth.of(id))
        return DisplayWidth.truncate(Sanitizer.clean(c.name, ascii: ascii), to: room, ellipsis: ascii ? "~" : "…") + id
    }

    /// Credit limit use: "140%" with a mark when over (">") or near ("~") the limit, so
    /// that colour is never the only sign.
    static func limitText(_ st: (CreditLimitState, DayCount?)) -> String {
        guard let u = st.1 else { return st.0 == .over ? "over" : "" }   // a zero limit, and money owed
        let p = u >= DayCount(1000) ? "999" : u.formatted(decimals: 0)
        switch st.0 {
        case .over: return ">" + p + "%"
        case .near: return "~" + p + "%"
        default: return p + "%"
        }
    }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let m = s.model
        let multi = m.aging.sections.count > 1
        let cur = m.currency
        var title = "Customers · \(m.customerLines.count) with open items" + (multi ? " · by currency" : " · \(cur.code)")
        // As on the overdue list: ▼ largest first, ▲ from A.
        let ascending = (s.customerSort == .name) != s.customersReversed
        title += " · sort: \(s.customerSort.rawValue) " + (s.ascii ? (ascending ? "^" : "v") : (ascending ? "▲" : "▼"))
        if s.editingFilter || !s.filter.isEmpty { title += " · \(s.visibleCustomers.count) match · filter: \(s.filter)\(s.editingFilter ? "▏" : "")" }
        c.put(title, x: 1, y: 1, style: t.title, maxWidth: c.width - 2, ascii: s.ascii)
        var cols = [Column(title: "Customer", width: 0), Column(title: "Balance", width: 14, right: true),
                    Column(title: "Overdue", width: 14, right: true), Column(title: "Oldest", width: 6, right: true),
                    Column(title: "Limit", width: 5, right: true), Column(title: "Flags", width: 6)]
        let bucketCols = c.width >= 140 ? m.aging.labels.map { Column(title: $0, width: 12, right: true) } : []
        cols += bucketCols
        let widths = TableDraw.widths(cols, total: c.width - 2)
        TableDraw.row(&c, y: 2, x: 1, cells: cols.map(\.title), cols: cols, widths: widths, style: t.dim, ascii: s.ascii)
        let rows = Layout.listRows(s)
        var scroll = s.listScroll
        if s.listCursor < scroll { scroll = s.listCursor }
        if s.listCursor >= scroll + rows { scroll = s.listCursor - rows + 1 }
        for r in 0..<rows {
            let k = scroll + r
            guard k < s.visibleCustomers.count else { break }
            let line = m.customerLines[s.visibleCustomers[k]]
            let cust = m.ledger.customers[Int(line.customer)]
            let lc = line.currency
            let suffix = multi ? " " + lc.code : ""
            var cells = [nameWithId(cust, width: widths[0], ascii: s.ascii), AmountText.fitted(line.balance, lc, width: widths[1], suffix: suffix),
                         AmountText.fitted(line.overdue, lc, width: widths[2], suffix: suffix), line.oldest > 0 ? String(line.oldest) : "",
                         limitText(m.limitStanding(line.customer)), s.flagLetters(customer: line.customer, document: nil)]
            let firstBucket = cells.count
            if !bucketCols.isEmpty { cells += line.buckets.enumerated().map { AmountText.fitted($1, lc, width: widths[min(firstBucket + $0, widths.count - 1)]) } }
            TableDraw.row(&c, y: 3 + r, x: 1, cells: cells, cols: cols, widths: widths, style: line.balance < 0 ? t.negative : .plain, ascii: s.ascii)
            if k == s.listCursor { c.restyle(x: 1, y: 3 + r, width: c.width - 2, style: t.selection) }
        }
    }
}
