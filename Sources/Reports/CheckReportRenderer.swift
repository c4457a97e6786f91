import Receivables
import DisplayText

/// The output of `ardash check`: every problem as `file:line: field: reason`, then a summary.
public struct CheckReportRenderer {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .json:
            let problems = JSON.array(ledger.problems.map { p in
                .object([("severity", .string(p.severity.label)), ("file", .string(p.file)),
                         ("line", p.line.map { .number(String($0)) } ?? .null), ("field", p.field.map { .string($0) } ?? .null),
                         ("reason", .string(p.reason))])
            })
            let c = ledger.problemCounts
            return JSON.object([("ledger", .string(ledger.name)), ("customers", .number(String(ledger.customers.count))),
                                ("documents", .number(String(ledger.documents.count))),
                                ("payments", .number(String(ledger.payments.count))),
                                ("rejected_rows", .number(String(ledger.rejectedRows))),
                                ("errors", .number(String(c.errors))), ("warnings", .number(String(c.warnings))),
                                ("notices", .number(String(c.notices))), ("problems", problems)]).rendered() + "\n"
        case .csv:
            var out = CSVWriter.row(["severity", "file", "line", "field", "reason"])
            for p in ledger.problems {
                out += CSVWriter.row([p.severity.label, p.file, p.line.map(String.init) ?? "", p.field ?? "", p.reason])
            }
            return out
        case .table:
            var out = ""
            for p in ledger.problems.sorted(by: { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }) {
                out += DisplayWidth.pad(p.severity.label, to: 8) + Sanitizer.clean(p.description) + "\n"
            }
            out += summary() + "\n"
            return out
        }
    }

    /// One line: counts of what loaded and of the problems.
    public func summary() -> String {
        let c = ledger.problemCounts
        let fromFile = ledger.payments.filter { !$0.fromPaidDate }.count
        let paidDates = ledger.payments.count - fromFile
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var s = "\(ledger.name): \(n(ledger.customers.count, "customer")), \(n(ledger.documents.count, "document")), \(n(fromFile, "payment"))"
        if paidDates > 0 { s += " (+\(paidDates) settlements from paid_date)" }
        if !ledger.fx.isEmpty { s += ", fx rates for \(ledger.fx.currencies.map(\.code).sorted().joined(separator: ", "))" }
        s += "; \(ledger.rejectedRows) row\(ledger.rejectedRows == 1 ? "" : "s") rejected; \(c.errors) error\(c.errors == 1 ? "" : "s"), \(c.warnings) warning\(c.warnings == 1 ? "" : "s"), \(c.notices) notice\(c.notices == 1 ? "" : "s")"
        return s
    }
}
