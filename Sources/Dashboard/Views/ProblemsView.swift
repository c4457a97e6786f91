import DisplayText
import Receivables
import TerminalUI

/// Every problem behind the header's "N rejected" and the status line (`e`): the
/// status message whole, then the loader's problems as `ardash check` prints them
/// (`file:line: field: reason`), errors first. The header and the status line only have
/// room to say that something is wrong; this says where.
enum ProblemsView {
    enum Kind { case title, error, warning, notice, text }

    /// The screen's lines, wrapped to `width` columns (continuations indented).
    static func lines(_ s: AppState, width: Int) -> [(kind: Kind, text: String)] {
        var out: [(Kind, String)] = []
        func add(_ kind: Kind, _ text: String) {
            var first = true
            for part in DisplayWidth.wrap(Sanitizer.clean(text, ascii: s.ascii), to: max(10, width - 4)) {
                out.append((kind, first ? part : "  " + part)); first = false
            }
        }
        if let w = s.reloadError { add(.error, "reload failed, showing the last good data: " + w) }
        if !s.stillWriting.isEmpty {
            add(.warning, s.stillWriting.joined(separator: ", ") + " being written: the figures are from before; they change when its writer closes it")
        }
        if let j = s.journalBroken { add(.error, "journal altered: " + j) }
        if let m = s.message { add(.text, m) }
        if let why = s.model.aging.notConvertedReason, s.model.ledger.reportingCurrency != nil {
            add(.notice, "not converted into \(s.model.ledger.reportingCurrency!.code), figures split by currency: " + why)
        }
        if !out.isEmpty { out.append((.text, "")) }
        let all = s.model.ledger.problems + s.model.ratesProblems
        if all.isEmpty { out.append((.text, "The files loaded without a problem.")); return out }
        // Errors first, each severity in file order; at most `shown` of them (a file of
        // 100,000 bad rows would be wrapped again on every frame).
        var picked: [LedgerProblem] = []
        for severity in [LedgerProblem.Severity.error, .warning, .notice] where picked.count < shown {
            picked += all.lazy.filter { $0.severity == severity }.prefix(shown - picked.count)
        }
        for p in picked {
            add(p.severity == .error ? .error : p.severity == .warning ? .warning : .notice, p.severity.label + ": " + p.description)
        }
        if all.count > picked.count { add(.text, "… and \(all.count - picked.count) more: ardash check lists them all") }
        return out
    }

    /// Problems listed at most.
    static let shown = 1_000

    static func visibleRows(height: Int) -> Int { height - 4 }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let lines = Self.lines(s, width: c.width)
        let problems = s.model.ledger.problems + s.model.ratesProblems
        let count = { (v: LedgerProblem.Severity) in problems.filter { $0.severity == v }.count }
        let (e, w, n) = (count(.error), count(.warning), count(.notice))
        func plural(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
        let sep = s.ascii ? " | " : " · "
        c.put("Problems" + sep + [plural(e, "error"), plural(w, "warning"), plural(n, "notice")].joined(separator: ", ")
              + sep + "ardash check lists the same", x: 1, y: 1, style: t.title, maxWidth: c.width - 2, ascii: s.ascii)
        let rows = visibleRows(height: c.height)
        let start = min(s.detailScroll, max(0, lines.count - rows))
        for (i, l) in lines.dropFirst(start).prefix(rows).enumerated() {
            let style: Style = l.kind == .error ? t.negative : l.kind == .warning ? t.warning : l.kind == .notice ? t.dim : Style()
            c.put(l.text, x: 2, y: 3 + i, style: style, maxWidth: c.width - 3, ascii: s.ascii)
        }
    }
}
