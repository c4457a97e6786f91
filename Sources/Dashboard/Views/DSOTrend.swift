import Receivables
import TerminalUI

/// DSO over 24 months as a block-element chart, with the current value and the method.
enum DSOTrend {
    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let x0 = Layout.agingWidth(s) + 1
        let w = c.width - x0 - 1
        let rows = Layout.agingRows(s) - 2
        guard w >= 10 else { return }
        c.put("DSO, 24 months (countback)", x: x0, y: 1, style: t.title, maxWidth: w, ascii: s.ascii)
        guard let series = s.model.dso, !series.isEmpty else {
            let why = s.model.ledger.documents.isEmpty ? "n/a: no documents" : "n/a: several currencies and no fx rates"
            c.put(why, x: x0, y: 2, style: t.dim, maxWidth: w, ascii: s.ascii); return
        }
        let values = series.map { $0.dso.map { Int(roundedHalfEven($0.numerator * 10, $0.denominator)) } }
        let top = max(10, values.compactMap { $0 }.max() ?? 10)
        let shown = Array(values.suffix(min(values.count, w)))
        let levels = rows * 8
        for (k, v) in shown.enumerated() {
            let x = x0 + k
            guard let v else { c.put(s.ascii ? "." : "·", x: x, y: 1 + rows, style: t.dim); continue }
            var h = Int((Int64(v) * Int64(levels) + Int64(top) / 2) / Int64(top))
            if v > 0 { h = max(h, 1) }
            for r in 0..<rows {
                let fill = min(8, max(0, h - r * 8))
                guard fill > 0 else { break }
                let glyph = s.ascii ? (fill >= 4 ? "#" : ".") : ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"][fill]
                c.put(glyph, x: x, y: 1 + rows - r, style: t.bucket(2))
            }
        }
        let current = series.last?.dso.map { "\($0.formatted(decimals: 1)) days" } ?? "n/a"
        let peak = series.compactMap(\.dso).max()
        let peakText = peak.map { $0 > DayCount(0) ? " · peak \($0.formatted(decimals: 1))" : "" } ?? ""
        c.put("now \(current)" + peakText, x: x0, y: 2 + rows, style: t.dim, maxWidth: w, ascii: s.ascii)
    }
}
