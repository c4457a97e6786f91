import Foundation
import Receivables
import DisplayText
import TerminalUI

/// Top line: ledger, as-of date, total AR, share overdue, DSO, last load.
enum HeaderView {
    /// One piece of the line: its words, shorter ones if it has them, and its priority
    /// (0: never left out; the higher, the sooner it gives way).
    struct Segment {
        var text: String
        var short: String? = nil
        var priority: Int
    }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme) {
        c.fill(x: 0, y: 0, width: c.width, height: 1, style: t.header)
        let m = s.model
        // Segments by priority: the as-of date and the figures stay, the rest gives way.
        // Shorter words are tried before a segment is left out (or, for the segments never
        // left out, when they do not fit together).
        var parts = [Segment(text: "as of \(m.asOf)", short: "\(m.asOf)", priority: 0)]
        if let sec = m.aging.sections.first, m.aging.sections.count == 1 {
            // The same share the aging panel shows: everything past due over the balance.
            let current = m.aging.scheme.basis == .dueDate ? sec.buckets[0] : 0
            parts.append(Segment(text: "AR \(sec.currency.code) \(AmountText.compact(sec.total, sec.currency))", priority: 0))
            if m.aging.scheme.basis == .dueDate { parts.append(Segment(text: "overdue \(AmountText.percent(sec.total - current, sec.total))", priority: 2)) }
        } else {
            // With a reporting currency set, being split is news: `e` says why (trial 18's
            // header said only "AR in 3 currencies").
            let why = m.ledger.reportingCurrency != nil && m.aging.notConvertedReason != nil
            parts.append(Segment(text: "AR in \(m.aging.sections.count) currencies" + (why ? " (e)" : ""), priority: 0))
        }
        if let last = m.kpi(section: s.section)?.last, let d = last.dso {
            // Split by currency: say which currency's DSO this is.
            let split = m.aging.reportingCurrency == nil && m.aging.sections.count > 1
            parts.append(Segment(text: "DSO \(d.formatted(decimals: 1))" + (split ? " (\(m.currency(section: s.section).code))" : ""), priority: 3))
        }
        // On a bad-data day the load time says whether a fix was read: kept with the warnings.
        let problemsShown = m.ledger.rejectedRows > 0 || m.errorCount > 0
        if !s.loadedAt.isEmpty { parts.append(Segment(text: "loaded \(s.loadedAt)", priority: problemsShown ? 1 : 5)) }
        // Customers under placeholders have no terms or limit (a customers file cut short
        // gave hundreds of warnings that only `check` listed).
        if m.unknownCustomers > 0 {
            let file = ((m.ledger.config.file(.customers).path ?? LedgerFileKind.customers.defaultFileName) as NSString).lastPathComponent
            // Before the share overdue and the DSO in what stays on a narrow screen: their
            // due dates and limits may be wrong (a trial's 80-column header never showed it).
            parts.append(Segment(text: "\(m.unknownCustomers) customer\(m.unknownCustomers == 1 ? "" : "s") not in \(file)",
                                 short: "\(m.unknownCustomers) not in \(file)", priority: 1))
        }
        // Rows the loader rejected are not in these figures: say so where the figures are.
        let rejected = m.ledger.rejectedRows
        // Warnings come after the as-of date and the AR (index 2), and are never dropped.
        // (`e` lists them, with file, line and field.)
        if rejected > 0 { parts.insert(Segment(text: "\(rejected) rejected (e)", priority: 0), at: 2) }   // the figures leave them out
        // A file-level error (e.g. fx.csv refused) also changes the figures: say so.
        else if m.errorCount > 0 { parts.insert(Segment(text: "\(m.errorCount) error\(m.errorCount == 1 ? "" : "s") (e)", priority: 0), at: 2) }
        // Notes and flags may have been altered by hand: never dropped either.
        if s.journalBroken != nil { parts.insert(Segment(text: "journal altered", priority: 0), at: 2) }
        // Read while a writer still had the file open: say the figures may be partial.
        if let f = s.stillWriting.first {
            let files = "\(f)\(s.stillWriting.count > 1 ? " +\(s.stillWriting.count - 1)" : "")"
            parts.insert(Segment(text: files + " being written", short: "writing " + files, priority: 0), at: 2)
        }
        let sep = s.ascii ? " | " : " · "
        func width(_ ps: [Segment]) -> Int { ps.reduce(0) { $0 + DisplayWidth.of($1.text) + DisplayWidth.of(sep) } }
        // Segments are taken by priority, each in its full words, else its short ones, else
        // left out while a later one may still fit (a trial's 80 columns lost the unknown
        // customers, the share overdue and the DSO together, where the last two fitted).
        var left = c.width - 7 - 10 - width(parts.filter { $0.priority == 0 })
        var kept = Set<Int>()
        for i in parts.indices.sorted(by: { (parts[$0].priority, $0) < (parts[$1].priority, $1) }) where parts[i].priority > 0 {
            for text in [parts[i].text, parts[i].short].compactMap({ $0 }) where width([Segment(text: text, priority: 0)]) <= left {
                parts[i].text = text; left -= width([Segment(text: text, priority: 0)]); kept.insert(i); break
            }
        }
        parts = parts.indices.filter { parts[$0].priority == 0 || kept.contains($0) }.map { parts[$0] }
        // The segments never left out, in shorter words when they do not fit together at
        // 80 columns (a trial's "2 rejected (e)" went under "invoices.csv being written").
        // (A line is " ardash · " + at least 4 columns of name + the segments.)
        for i in parts.indices where width(parts) + 14 > c.width {
            if let shorter = parts[i].short { parts[i].text = shorter }
        }
        // The program's own name goes first when even that is not enough.
        let program = width(parts) + 14 > c.width ? "" : "ardash" + sep
        let room = c.width - 1 - width(parts) - DisplayWidth.of(program)
        let name = DisplayWidth.truncate(Sanitizer.clean(m.ledger.name, ascii: s.ascii), to: max(4, room), ellipsis: s.ascii ? "~" : "…")
        // Whatever still does not fit ends in an ellipsis, never mid-word without a sign.
        let line = DisplayWidth.truncate(" " + program + name + sep + parts.map(\.text).joined(separator: sep), to: c.width, ellipsis: s.ascii ? "~" : "…")
        c.put(line, x: 0, y: 0, style: t.header, maxWidth: c.width, ascii: s.ascii)
    }
}
