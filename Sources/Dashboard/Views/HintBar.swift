import DisplayText
import TerminalUI

/// Bottom line: the key hints, generated from the keymap; or the filter prompt.
enum HintBar {
    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let y = c.height - 1
        if s.editingFilter {
            c.put(s.screen == .customers ? " filter: type a customer name or id · Enter keep · Esc clear"
                                         : " filter: type a customer name, id or document · Enter keep · Esc clear",
                  x: 0, y: y, style: t.hint, maxWidth: c.width, ascii: s.ascii)
            return
        }
        if let msg = s.message ?? s.reloadError.map({ "reload failed, showing the last good data: " + $0 }) {
            // A long reason ends in an ellipsis; `ardash check` prints it whole.
            // One column short: the terminal's bottom-right cell is left unwritten (writing
            // it would scroll), and the ellipsis was lost there.
            // Cut short, it says where it is whole (the problems screen, `e`).
            var text = " " + Sanitizer.clean(msg, ascii: s.ascii)
            if DisplayWidth.of(text) > c.width - 1 && s.screen != .problems {
                let more = (s.ascii ? " | " : " · ") + "e: all of it"
                text = DisplayWidth.truncate(text, to: max(10, c.width - 1 - DisplayWidth.of(more)), ellipsis: s.ascii ? "~" : "…") + more
            }
            c.put(DisplayWidth.truncate(text, to: c.width - 1, ellipsis: s.ascii ? "~" : "…"),
                  x: 0, y: y, style: t.warning, maxWidth: c.width, ascii: s.ascii); return
        }
        var x = 1
        var first = true
        // Help and quit always fit: they are drawn first from the right.
        let tail = (s.ascii ? " | " : " · ") + "? help" + (s.ascii ? " | " : " · ") + "q quit"
        let tailWidth = tail.count
        for b in Keymap.bindings where b.applies(to: s.screen) && b.action != .help && b.action != .quit {
            guard let hint = b.hint, let key = b.keys.first else { continue }
            if x + key.label.count + hint.count + 4 + tailWidth > c.width { break }
            let label = key.label
            if x + label.count + hint.count + 4 > c.width { break }
            if !first { x += c.put(s.ascii ? " | " : " · ", x: x, y: y, style: t.dim, ascii: s.ascii) }
            first = false
            x += c.put(label, x: x, y: y, style: t.hintKey, ascii: s.ascii)
            x += c.put(" " + hint, x: x, y: y, style: t.hint, ascii: s.ascii)
        }
        for (i, (k, h)) in [("?", "help"), ("q", "quit")].enumerated() {
            if !first || i > 0 { x += c.put(s.ascii ? " | " : " · ", x: x, y: y, style: t.dim, ascii: s.ascii) }
            x += c.put(k, x: x, y: y, style: t.hintKey, ascii: s.ascii)
            x += c.put(" " + h, x: x, y: y, style: t.hint, ascii: s.ascii)
        }
    }
}
