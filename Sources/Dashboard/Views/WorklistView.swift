import DisplayText
import Receivables
import TerminalUI

/// Today's actions: one line per customer, most urgent first, with the reason.
enum WorklistView {
    /// The overdue amount: bare in the report's currency; else (or with none: a ledger split
    /// by currency) with its code, the largest first and "+N" for the other currencies (the
    /// drill-down lists them all). Compact when the full amount does not fit in `width`.
    static func overdueText(_ amounts: [Money], _ report: Currency?, width: Int = .max) -> String {
        if amounts.count == 1, let report, amounts[0].currency == report { return AmountText.fitted(amounts[0].minorUnits, report, width: width) }
        let sorted = amounts.sorted { $0.faceValueHundredths > $1.faceValueHundredths }
        guard let first = sorted.first else { return "" }
        return AmountText.fitted(first.minorUnits, first.currency, width: width,
                                 suffix: " \(first.currency.code)" + (sorted.count > 1 ? " +\(sorted.count - 1)" : ""))
    }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let m = s.model
        let w = s.worklist
        let sep = s.ascii ? " | " : " · "
        // Actions count on the real day (`actionDay`); with a past --as-of that day is named,
        // or "done today" would read as done on the as-of date.
        let done = m.actionDay == m.asOf ? "done today" : "done \(m.actionDay)"
        c.put("Worklist\(sep)\(m.asOf)\(sep)\(w.entries.count) to act on\(sep)\(done) \(w.doneToday)\(sep)waiting \(w.snoozed)",
              x: 1, y: 1, style: t.title, maxWidth: c.width - 2, ascii: s.ascii)
        // Without exchange rates each row's overdue is in its own currency (code shown).
        let split = m.aging.reportingCurrency == nil && m.aging.sections.count > 1
        var cols = [Column(title: "#", width: 3, right: true), Column(title: "Customer", width: c.width >= 160 ? 40 : c.width >= 100 ? 26 : 22),
                    Column(title: "Overdue", width: split ? 18 : 12, right: true), Column(title: "Days", width: 5, right: true),
                    Column(title: "Risk", width: 4, right: true), Column(title: "Flags", width: 5), Column(title: "Reason", width: 0)]
        if c.width >= 120 { cols.insert(Column(title: "Why first", width: 14), at: 2) }
        let widths = TableDraw.widths(cols, total: c.width - 2)
        TableDraw.row(&c, y: 2, x: 1, cells: cols.map(\.title), cols: cols, widths: widths, style: t.dim, ascii: s.ascii)
        if w.entries.isEmpty {
            c.put(w.doneToday > 0 ? "Nothing left for today." : "Nothing to do: no broken promise, follow-up due, overdue or over-limit account.",
                  x: 1, y: 3, style: t.dim, maxWidth: c.width - 2, ascii: s.ascii)
            return
        }
        let rows = Layout.listRows(s)
        // An action done elsewhere can shorten the list under the cursor.
        let cursor = s.workIndex
        var scroll = s.workScroll
        if cursor < scroll { scroll = cursor }
        if cursor >= scroll + rows { scroll = cursor - rows + 1 }
        for r in 0..<rows {
            let k = scroll + r
            guard k < w.entries.count else { break }
            let e = w.entries[k]
            let cust = m.ledger.customers[Int(e.customer)]
            var cells = [String(k + 1), CustomerListView.nameWithId(cust, width: widths[1], ascii: s.ascii),
                         overdueText(e.overdue, split ? nil : m.currency, width: widths[c.width >= 120 ? 3 : 2]),
                         e.oldest > 0 ? String(e.oldest) : "", String(e.risk),
                         s.flagLetters(customer: e.customer, document: nil), e.reasons.joined(separator: "; ")]
            if c.width >= 120 { cells.insert(e.tier.label, at: 2) }
            let urgent = e.tier == .brokenPromise || e.tier == .followUpDue
            let reasonColumn = cols.count - 1
            TableDraw.row(&c, y: 3 + r, x: 1, cells: cells, cols: cols, widths: widths, style: .plain,
                          styles: Array(repeating: nil, count: reasonColumn) + [urgent ? t.warning : nil], ascii: s.ascii)
            if k == cursor { c.restyle(x: 1, y: 3 + r, width: c.width - 2, style: t.selection) }
        }
    }
}
