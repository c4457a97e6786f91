import DisplayText
import TerminalUI

/// Every key and what it does, from the same table that dispatches them.
enum HelpView {
    /// The help's lines (key, text), wrapped to `width` columns.
    static func lines(width: Int) -> [(String, String)] {
        var entries: [(String, String)] = []
        for b in Keymap.bindings { entries.append((b.keys.map(\.label).joined(separator: ", "), b.description)) }
        entries.append(("", ""))
        entries.append(("Buckets", "Current = not yet due; 1-30 … = days past due (right-inclusive); credits age by their own date"))
        entries.append(("Flags", "D dispute, P promise to pay, H credit hold, E escalated, L legal, W watch; ! a broken promise"))
        entries.append(("Expected", "a document's expected payment date: P a promise to pay covers it, p part of it; else predicted from payment history"))
        entries.append(("Overdue", "header %: AR past due, net of credits (the aging panel); lists and card: past-due documents, before credits"))
        entries.append(("Limit", ">140% over the credit limit, ~85% near it (customer list)"))
        entries.append(("DSO", "countback method: months of sales walked back until the receivables are used up"))
        // Descriptions wrap at word boundaries to the screen's width.
        let textWidth = max(10, width - 27)
        var lines: [(String, String)] = []
        for (k, d) in entries {
            var line = "", first = true
            for word in d.split(separator: " ") {
                if !line.isEmpty && DisplayWidth.of(line) + 1 + DisplayWidth.of(String(word)) > textWidth {
                    lines.append((first ? k : "", line)); first = false; line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            lines.append((first ? k : "", line))
        }
        return lines
    }

    static func visibleRows(height: Int) -> Int { height - 4 }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        let lines = Self.lines(width: c.width)
        c.put("Help · keys", x: 1, y: 1, style: t.title, ascii: s.ascii)
        let rows = c.height - 4
        let start = min(s.detailScroll, max(0, lines.count - rows))
        for (i, l) in lines.dropFirst(start).prefix(rows).enumerated() {
            c.put(l.0, x: 2, y: 3 + i, style: t.hintKey, maxWidth: 22, ascii: s.ascii)
            c.put(l.1, x: 26, y: 3 + i, maxWidth: c.width - 27, ascii: s.ascii)
        }
    }
}
