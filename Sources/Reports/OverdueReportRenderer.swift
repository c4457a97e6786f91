import Receivables

/// Text, CSV and JSON renderings of the overdue list.
public struct OverdueReportRenderer {
    public let ledger: Ledger
    public let asOf: CivilDate
    public let items: [OverdueItem]
    public var style: NumberStyle

    public init(ledger: Ledger, asOf: CivilDate, items: [OverdueItem], style: NumberStyle = .english) {
        self.ledger = ledger; self.asOf = asOf; self.items = items; self.style = style
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table:
            let out = "Overdue as of \(asOf) · ledger \(ledger.name) · \(items.count) document\(items.count == 1 ? "" : "s")\n"
            var t = TextTable([.init("Id"), .init("Customer", maxWidth: 28), .init("Document"), .init("Due"),
                               .init("Days", .right), .init("Open", .right), .init("Cur")])
            var totals: [Currency: Int64] = [:]
            for it in items {
                let d = ledger.documents[Int(it.document)], c = ledger.customers[Int(it.customer)]
                t.add([c.id, c.name == c.id ? "" : c.name, d.id, it.dueDate.description, String(it.daysPastDue), style.format(it.open), it.open.currency.code])
                totals[it.open.currency, default: 0] += it.open.minorUnits
            }
            if !items.isEmpty { t.rule() }
            for (c, v) in totals.sorted(by: { $0.key < $1.key }) {
                t.add(["Total", "", "", "", "", style.format(v, digits: c.minorDigits), c.code])
            }
            return out + t.rendered()
        case .csv:
            var out = CSVWriter.row(["document_id", "customer_id", "customer_name", "due_date", "days_past_due", "open_amount", "currency"])
            for it in items {
                let d = ledger.documents[Int(it.document)], c = ledger.customers[Int(it.customer)]
                out += CSVWriter.row([d.id, c.id, c.name, it.dueDate.description, String(it.daysPastDue), it.open.decimalString, it.open.currency.code])
            }
            return out
        case .json:
            let rows = items.map { it -> JSON in
                let d = ledger.documents[Int(it.document)], c = ledger.customers[Int(it.customer)]
                return .object([("document_id", .string(d.id)), ("customer_id", .string(c.id)), ("customer_name", .string(c.name)),
                                ("due_date", .string(it.dueDate.description)), ("days_past_due", .number(String(it.daysPastDue))),
                                ("open_amount", .string(it.open.decimalString)), ("currency", .string(it.open.currency.code))])
            }
            return JSON.object([("as_of", .string(asOf.description)), ("items", .array(rows))]).rendered() + "\n"
        }
    }
}
