import Receivables

/// Text, CSV and JSON renderings of an `AgingReport`.
public struct AgingReportRenderer {
    public let ledger: Ledger
    public let report: AgingReport
    public var style: NumberStyle

    public init(ledger: Ledger, report: AgingReport, style: NumberStyle = .english) {
        self.ledger = ledger; self.report = report; self.style = style
    }

    /// Customers of a section in report order: by name, then id.
    func orderedLines(_ s: AgingSection) -> [AgingSection.CustomerLine] {
        let keyed = s.customers.map { line -> (String, String, AgingSection.CustomerLine) in
            let c = ledger.customers[Int(line.customer)]
            return (c.name.lowercased(), c.id, line)
        }
        return keyed.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.2)
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: return table()
        case .csv: return csv()
        case .json: return json().rendered() + "\n"
        }
    }

    public func table() -> String {
        var out = "Aging as of \(report.asOf) · ledger \(ledger.name) · basis \(report.scheme.basis == .dueDate ? "days past due" : "days since document date")\n"
        if let why = report.notConvertedReason { out += "Split by currency: \(why).\n" }
        for s in report.sections {
            let d = s.currency.minorDigits
            out += "\n\(s.currency.code)\n"
            // The id in a column of its own: a long name is cut, the id never (two customers
            // may share a name).
            var t = TextTable([.init("Id"), .init("Customer", maxWidth: 28)] + report.labels.map { .init($0, .right) } + [.init("Total", .right)])
            for line in orderedLines(s) {
                let c = ledger.customers[Int(line.customer)]
                t.add([c.id, c.name == c.id ? "" : c.name] + line.buckets.map { style.format($0, digits: d) } + [style.format(line.total, digits: d)])
            }
            t.rule()
            t.add(["Total", ""] + s.buckets.map { style.format($0, digits: d) } + [style.format(s.total, digits: d)])
            t.add(["Share", ""] + s.buckets.map { percent($0, of: s.total) } + [s.total == 0 ? "" : style.decimal("100.0") + "%"])
            t.add(["Open items", ""] + s.counts.map(String.init) + [String(s.counts.reduce(0, +))])
            out += t.rendered()
        }
        return out
    }

    func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole != 0 else { return "" }
        return style.decimal(DayCount(Int128(part) * 100, over: Int128(whole)).formatted(decimals: 1)) + "%"
    }

    public func csv() -> String {
        var out = CSVWriter.row(["customer_id", "name", "currency"] + report.labels + ["total"])
        for s in report.sections {
            let d = s.currency.minorDigits
            for line in orderedLines(s) {
                let c = ledger.customers[Int(line.customer)]
                out += CSVWriter.row([c.id, c.name, s.currency.code] + line.buckets.map { Money.decimalString($0, digits: d) }
                                     + [Money.decimalString(line.total, digits: d)])
            }
        }
        return out
    }

    func sectionJSON(_ s: AgingSection) -> [(String, JSON)] {
        let d = s.currency.minorDigits
        let buckets = JSON.array(zip(report.labels, zip(s.buckets, s.counts)).map { label, v in
            .object([("label", .string(label)), ("amount", .string(Money.decimalString(v.0, digits: d))), ("count", .number(String(v.1)))])
        })
        let customers = JSON.array(orderedLines(s).map { line in
            let c = ledger.customers[Int(line.customer)]
            return .object([("customer_id", .string(c.id)), ("name", .string(c.name)),
                            ("buckets", .array(line.buckets.map { .string(Money.decimalString($0, digits: d)) })),
                            ("total", .string(Money.decimalString(line.total, digits: d)))])
        })
        return [("as_of", .string(report.asOf.description)), ("currency", .string(s.currency.code)),
                ("basis", .string(report.scheme.basis.rawValue)), ("buckets", buckets),
                ("total", .string(Money.decimalString(s.total, digits: d))), ("customers", customers)]
    }

    public func json() -> JSON {
        if report.reportingCurrency != nil || report.sections.count == 1 {
            var fields = sectionJSON(report.sections[0])
            if let why = report.notConvertedReason { fields.append(("note", .string(why))) }
            return .object(fields)
        }
        return .object([("as_of", .string(report.asOf.description)), ("currency", .null),
                         ("note", .string(report.notConvertedReason ?? "")),
                         ("by_currency", .array(report.sections.map { .object(sectionJSON($0)) }))])
    }
}
