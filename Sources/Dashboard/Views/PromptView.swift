import DisplayText
import Receivables
import TerminalUI

/// The open dialog, drawn as a box above the hint bar.
enum PromptView {
    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        guard let p = s.prompt else { return }
        var title = "", lines: [String] = [], field: TextField?
        switch p {
        case .flags(let target):
            title = "Flag \(target.label): press a letter to set or clear"
            let on = PromptUpdate.currentFlags(s, target)
            lines = AccountFlag.allCases.map { f in "\(f.letter.lowercased())  \(on.contains(f) ? "[x]" : "[ ]") \(f.label)" } + ["Esc  close"]
        case .note(let target, let f):
            title = "Note on \(target.label) · Enter saves · Ctrl-J new line · Esc cancels"; field = f
        case .promiseDate(let target, let f):
            title = "Promise to pay, \(target.label): date (2026-12-05, +7, fri)"; field = f
        case .promiseAmount(let target, let d, let f):
            title = "Promise to pay, \(target.label), by \(d): amount\(target.currency.map { " in \($0) (or another: 100.00 \($0 == "EUR" ? "USD" : "EUR"))" } ?? "") (empty: none)"; field = f
        case .followUp(let target, let f):
            title = "Follow up \(target.label) on: date (2026-12-05, +7, fri)"; field = f
        case .assign(let target, let f):
            title = "Assign \(target.label) to collector:"; field = f
        case .confirmDiscard:
            title = "Discard what you typed? y / n"
        }
        if let f = field, f.text.count >= TextField.limit { title = "limit of \(TextField.limit) characters reached · " + title }
        let isNote: Bool = { if case .note = p { return true }; return false }()
        let width = isNote ? c.width - 4 : min(c.width - 4, max(50, DisplayWidth.of(title) + 4))
        var cursorLine = 0
        if let f = field {
            // Every line wrapped to the box, so a long note is read whole while typed; the
            // window follows the cursor.
            let mark: Character = s.ascii ? "|" : "▏"
            var text = f.text
            text.insert(mark, at: f.cursor)
            lines = []
            for raw in String(text).split(separator: "\n", omittingEmptySubsequences: false) {
                for l in DisplayWidth.wrap(Sanitizer.clean(String(raw), ascii: s.ascii), to: width - 4) {
                    if l.contains(mark) { cursorLine = lines.count }
                    lines.append(l)
                }
            }
            if lines.isEmpty { lines = [""] }
        }
        let height = min(c.height - 3, max(3, lines.count + 2))
        let x = (c.width - width) / 2, y = c.height - 1 - height
        // The rows behind the box are cleared edge to edge: the first letters of a list
        // showing at its left read as part of the dialog (trials saw "B", "T", "C" there).
        c.fill(x: 0, y: y, width: c.width, height: height)
        c.fill(x: x, y: y, width: width, height: height, style: t.header)
        // A title too long for the box ends in an ellipsis, never mid-word without a sign.
        c.put(DisplayWidth.truncate(" " + title, to: width, ellipsis: s.ascii ? "~" : "…"), x: x, y: y, style: t.header, maxWidth: width, ascii: s.ascii)
        let shown = height - 2
        let first = max(0, min(cursorLine - shown + 1, lines.count - shown))
        for (i, l) in lines.dropFirst(first).prefix(shown).enumerated() {
            c.fill(x: x + 1, y: y + 1 + i, width: width - 2, height: 1)
            c.put(l, x: x + 2, y: y + 1 + i, maxWidth: width - 4, ascii: s.ascii)
        }
    }
}
