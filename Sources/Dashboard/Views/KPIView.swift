import DisplayText
import Receivables
import TerminalUI

/// Monthly KPIs over 24 months, newest first: AR, DSO, BPDSO, ADD, CEI, days to pay and late.
enum KPIView {
    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let m = s.model
        let sep = s.ascii ? " | " : " · "
        let cur = m.currency(section: s.section)
        let split = m.aging.reportingCurrency == nil && m.aging.sections.count > 1
        let title = "Monthly KPIs\(sep)\(cur.code)\(split ? " (x: next currency)" : "")\(sep)countback\(sep)ADD = DSO - BPDSO\(sep)CEI (CRF, 3m rolling)\(sep)days to pay and late of the documents paid"
        c.put(DisplayWidth.truncate(Sanitizer.clean(title, ascii: s.ascii), to: c.width - 2, ellipsis: s.ascii ? "~" : "…"), x: 1, y: 1, style: t.title, maxWidth: c.width - 2, ascii: s.ascii)
        guard let series = m.kpi(section: s.section) else {
            c.put("n/a: an exchange rate is missing at a month-end (fx.csv)", x: 1, y: 3, style: t.dim, maxWidth: c.width - 2, ascii: s.ascii)
            return
        }
        var cols = [Column(title: "Month", width: 7), Column(title: "AR", width: 16, right: true), Column(title: "DSO", width: 6, right: true),
                    Column(title: "BPDSO", width: 6, right: true), Column(title: "ADD", width: 6, right: true),
                    Column(title: "CEI m%", width: 6, right: true), Column(title: "CEI 3m%", width: 7, right: true),
                    Column(title: "To pay", width: 6, right: true), Column(title: "Late", width: 5, right: true)]
        if c.width >= 120 {
            cols.insert(Column(title: "Current", width: 14, right: true), at: 2)
            cols.insert(Column(title: "Sales", width: 14, right: true), at: 3)
        }
        let widths = TableDraw.widths(cols, total: c.width - 2)
        TableDraw.row(&c, y: 2, x: 1, cells: cols.map(\.title), cols: cols, widths: widths, style: t.dim, ascii: s.ascii)
        func f(_ v: DayCount?) -> String { v?.formatted(decimals: 1) ?? "n/a" }
        let rows = c.height - 4
        // From the ledger's first month on (earlier months have nothing to show).
        let firstActive = series.firstIndex { $0.receivables != 0 || $0.sales != 0 || !$0.isConverted } ?? series.count
        let newestFirst = Array(series.dropFirst(firstActive).reversed())
        let start = min(s.detailScroll, max(0, newestFirst.count - rows))
        for (k, p) in newestFirst.dropFirst(start).prefix(rows).enumerated() {
            var cells = [p.date.monthLabel, AmountText.fitted(p.receivables, cur, width: widths[1]), f(p.dso), f(p.bpdso), f(p.add),
                         f(p.ceiMonth), f(p.ceiQuarter), f(p.habit.averageDaysToPay), f(p.habit.averageDaysLate)]
            if c.width >= 120 {
                cells.insert(AmountText.fitted(p.current, cur, width: widths[2]), at: 2)
                cells.insert(AmountText.fitted(p.sales, cur, width: widths[3]), at: 3)
            }
            if !p.isConverted {
                // No rate at this month-end (or sums past 64 bits): nothing converted, and the row says why.
                cells = [p.date.monthLabel, "n/a", p.tooLarge ? "converted sums too large at \(p.date)"
                                                              : "no \(p.missingRates.map(\.code).joined(separator: ", ")) rate at \(p.date) (fx.csv)"]
                TableDraw.row(&c, y: 3 + k, x: 1, cells: cells, cols: [cols[0], cols[1], Column(title: "", width: 0)],
                              widths: [widths[0], widths[1], c.width - 4 - widths[0] - widths[1]], style: t.dim, ascii: s.ascii)
                continue
            }
            TableDraw.row(&c, y: 3 + k, x: 1, cells: cells, cols: cols, widths: widths, style: .plain, ascii: s.ascii)
        }
    }
}
