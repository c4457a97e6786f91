import DisplayText
import Receivables
import TerminalUI

/// The KPI panel: DSO over 24 months as block bars whose lower, shaded part is the best
/// possible DSO (so the solid top is ADD), then the current DSO, BPDSO, ADD and CEI.
enum DSOTrend {
    /// Tenths of a day, rounded half-to-even (chart heights).
    static func tenths(_ v: DayCount?) -> Int? { v.map { Int(roundedHalfEven($0.numerator * 10, $0.denominator)) } }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let x0 = Layout.agingWidth(s) + 1
        let w = c.width - x0 - 1
        let rows = Layout.agingRows(s) - 3
        guard w >= 10 else { return }
        let solid = s.ascii ? "#" : "█", shade = s.ascii ? "=" : "▒"
        let split = s.model.aging.reportingCurrency == nil && s.model.aging.sections.count > 1
        c.put("DSO \(solid) BPDSO \(shade) (countback)" + (split ? " \(s.model.currency(section: s.section).code)" : ""), x: x0, y: 1, style: t.title, maxWidth: w, ascii: s.ascii)
        guard let series = s.model.kpi(section: s.section), !series.isEmpty else {
            let why = s.model.ledger.documents.isEmpty ? "n/a: no documents" : "n/a: an exchange rate is missing"
            c.put(DisplayWidth.truncate(why, to: w, ellipsis: s.ascii ? "~" : "…"), x: x0, y: 2, style: t.dim, maxWidth: w, ascii: s.ascii); return
        }
        let dso = series.map { tenths($0.dso) }, best = series.map { tenths($0.bpdso) }
        let top = max(10, dso.compactMap { $0 }.max() ?? 10)
        let shown = Array(dso.indices.suffix(min(dso.count, w)))
        let levels = rows * 8
        func height(_ v: Int) -> Int { v > 0 ? max(1, Int((Int64(v) * Int64(levels) + Int64(top) / 2) / Int64(top))) : 0 }
        for (k, i) in shown.enumerated() {
            let x = x0 + k
            guard let v = dso[i] else { c.put(s.ascii ? "." : "·", x: x, y: 1 + rows, style: t.dim); continue }
            let h = height(v)
            // Whole cells under the BPDSO height are shaded: the best possible part.
            let shadedCells = best[i].map { (min(height($0), h) + 4) / 8 } ?? 0
            for r in 0..<rows {
                let fill = min(8, max(0, h - r * 8))
                guard fill > 0 else { break }
                if r < shadedCells {
                    c.put(shade, x: x, y: 1 + rows - r, style: t.bucket(0))
                } else {
                    let glyph = s.ascii ? (fill >= 4 ? "#" : ".") : ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"][fill]
                    c.put(glyph, x: x, y: 1 + rows - r, style: t.bucket(2))
                }
            }
        }
        let last = series.last!
        func f(_ v: DayCount?) -> String { v?.formatted(decimals: 1) ?? "n/a" }
        let sep = s.ascii ? " | " : " · "
        if !last.isConverted {
            c.put(last.tooLarge ? "n/a: converted sums too large at \(last.date)"
                                : "n/a: no \(last.missingRates.map(\.code).joined(separator: ", ")) rate at \(last.date) (fx.csv)", x: x0, y: 2 + rows, style: t.dim, maxWidth: w, ascii: s.ascii)
            return
        }
        c.put("DSO \(f(last.dso))\(sep)BPDSO \(f(last.bpdso))", x: x0, y: 2 + rows, style: t.dim, maxWidth: w, ascii: s.ascii)
        // The quarter's CEI is the steadier figure; the month's when the quarter is undefined.
        let cei = last.ceiQuarter.map { "CEI 3m \($0.formatted(decimals: 0))%" } ?? last.ceiMonth.map { "CEI 1m \($0.formatted(decimals: 0))%" } ?? "CEI n/a"
        c.put("ADD \(f(last.add))\(sep)\(cei)", x: x0, y: 3 + rows, style: t.dim, maxWidth: w, ascii: s.ascii)
    }
}
