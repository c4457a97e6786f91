import Receivables
import TerminalUI

/// Monthly KPIs over 24 months, newest first: AR, DSO, BPDSO, ADD, CEI, days to pay and late.
enum KPIView {
    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let m = s.model
        let sep = s.ascii ? " | " : " · "
        c.put("Monthly KPIs\(sep)\(m.currency.code)\(sep)countback\(sep)ADD = DSO - BPDSO\(sep)CEI (CRF)\(sep)days to pay, late: docs paid",
              x: 1, y: 1, style: t.title, maxWidth: c.width - 2, ascii: s.ascii)
        guard let series = m.kpi else {
            c.put("n/a: the ledger cannot be converted into one currency (fx.csv, reporting_currency)", x: 1, y: 3, style: t.dim, maxWidth: c.width - 2, ascii: s.ascii)
            return
        }
        var cols = [Column(title: "Month", width: 7), Column(title: "AR", width: 0, right: true), Column(title: "DSO", width: 6, right: true),
                    Column(title: "BPDSO", width: 6, right: true), Column(title: "ADD", width: 6, right: true),
                    Column(title: "CEI m%", width: 6, right: true), Column(title: "CEI q%", width: 6, right: true),
                    Column(title: "To pay", width: 6, right: true), Column(title: "Late", width: 5, right: true)]
        if c.width >= 120 {
            cols.insert(Column(title: "Current", width: 14, right: true), at: 2)
            cols.insert(Column(title: "Sales", width: 14, right: true), at: 3)
        }
        let widths = TableDraw.widths(cols, total: c.width - 2)
        TableDraw.row(&c, y: 2, x: 1, cells: cols.map(\.title), cols: cols, widths: widths, style: t.dim, ascii: s.ascii)
        func f(_ v: DayCount?) -> String { v?.formatted(decimals: 1) ?? "n/a" }
        let rows = c.height - 4
        let newestFirst = Array(series.reversed())
        let start = min(s.detailScroll, max(0, newestFirst.count - rows))
        for (k, p) in newestFirst.dropFirst(start).prefix(rows).enumerated() {
            var cells = [p.date.monthLabel, AmountText.full(p.receivables, m.currency), f(p.dso), f(p.bpdso), f(p.add),
                         f(p.ceiMonth), f(p.ceiQuarter), f(p.habit.averageDaysToPay), f(p.habit.averageDaysLate)]
            if c.width >= 120 {
                cells.insert(AmountText.full(p.current, m.currency), at: 2)
                cells.insert(AmountText.full(p.sales, m.currency), at: 3)
            }
            TableDraw.row(&c, y: 3 + k, x: 1, cells: cells, cols: cols, widths: widths, style: .plain, ascii: s.ascii)
        }
    }
}
