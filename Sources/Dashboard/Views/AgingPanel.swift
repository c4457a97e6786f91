import Receivables
import TerminalUI

/// Aging buckets: label, bar, amount, open items, share; Enter filters the overdue list.
enum AgingPanel {
    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let m = s.model
        let w = Layout.agingWidth(s)
        let basis = m.aging.scheme.basis == .dueDate ? "days past due" : "days since document date"
        guard !m.aging.sections.isEmpty else { return }
        let sec = m.aging.sections[min(s.section, m.aging.sections.count - 1)]
        let which = m.aging.sections.count > 1 ? " · \(sec.currency.code), \(s.section + 1) of \(m.aging.sections.count) (x: next)" : " · \(sec.currency.code)"
        c.put("Aging (\(basis))" + which, x: 1, y: 1, style: s.focus == .aging ? t.focusedTitle : t.title, maxWidth: w - 2, ascii: s.ascii)
        let total = sec.total
        let maxAbs = max(1, sec.buckets.map { abs($0) }.max() ?? 1)
        let amountWidth = 16, countWidth = 7, shareWidth = 5, labelWidth = 8
        let barWidth = max(4, w - 2 - labelWidth - amountWidth - countWidth - shareWidth - 4)
        for (i, label) in m.aging.labels.enumerated() {
            let y = 2 + i
            let selected = s.focus == .aging && s.bucketCursor == i
            let filtered = s.bucketFilter == i
            var x = 1
            let marker = filtered ? (s.ascii ? ">" : "▸") : " "
            c.put(marker + label, x: x, y: y, style: selected ? t.selection : t.bucket(i), maxWidth: labelWidth, ascii: s.ascii)
            x += labelWidth + 1
            let amount = sec.buckets[i]
            let cells = Int((Int128(abs(amount)) * Int128(barWidth * 8) + Int128(maxAbs) / 2) / Int128(maxAbs))
            // A credit balance is drawn with a light shade, never as a debt.
            let glyphs = amount < 0 ? String(repeating: s.ascii ? "-" : "░", count: (cells + 4) / 8) : bar(eighths: cells, ascii: s.ascii)
            c.put(glyphs, x: x, y: y, style: amount < 0 ? t.negative : t.bucket(i), maxWidth: barWidth)
            x += barWidth + 1
            let text = AmountText.fitted(amount, sec.currency, width: amountWidth)
            c.put(pad(text, amountWidth), x: x, y: y, style: amount < 0 ? t.negative : .plain, maxWidth: amountWidth)
            x += amountWidth + 1
            c.put(pad(AmountText.style.format(Int64(sec.counts[i]), digits: 0), countWidth), x: x, y: y, style: t.dim, maxWidth: countWidth)
            x += countWidth + 1
            c.put(pad(AmountText.percent(amount, total), shareWidth), x: x, y: y, maxWidth: shareWidth)
            if selected { c.restyle(x: 1, y: y, width: w - 1, style: t.selection) }
        }
    }

    /// A horizontal bar of `eighths`/8 cells with block elements (ASCII: '#').
    static func bar(eighths: Int, ascii: Bool) -> String {
        if ascii { return String(repeating: "#", count: (eighths + 4) / 8) }
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
}
