import Receivables

/// Text, CSV and JSON renderings of a DSO series. `series` holds one entry per currency
/// when the ledger cannot be converted into one reporting currency.
public struct DSOReportRenderer {
    public let ledger: Ledger
    public let asOf: CivilDate
    public let method: DSOMethod
    public let series: [(currency: Currency, points: [DSOPoint])]
    /// True when `series` has one converted series in the reporting currency.
    public let converted: Bool
    public var style: NumberStyle

    public init(ledger: Ledger, asOf: CivilDate, method: DSOMethod, series: [(currency: Currency, points: [DSOPoint])],
                converted: Bool, style: NumberStyle = .english) {
        self.ledger = ledger; self.asOf = asOf; self.method = method; self.series = series
        self.converted = converted; self.style = style
    }

    var methodName: String { method == .countback ? "countback" : "period (standard)" }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table:
            var out = "DSO by the \(methodName) method, monthly, as of \(asOf) · ledger \(ledger.name)\n"
            for (c, points) in series {
                out += "\n\(c.code)\n"
                var t = TextTable([.init("Month"), .init("Date"), .init("Receivables", .right), .init("Sales", .right), .init("DSO (days)", .right)])
                var notes: [String] = []
                for p in points {
                    if let why = p.notConvertedReason(into: c) {
                        t.add([p.date.monthLabel, p.date.description, "n/a", "n/a", "n/a"])
                        notes.append(why)
                        continue
                    }
                    t.add([p.date.monthLabel, p.date.description, style.format(p.receivables, digits: c.minorDigits),
                           style.format(p.sales, digits: c.minorDigits), p.dso.map { style.decimal($0.formatted(decimals: 1)) } ?? "n/a"])
                }
                out += t.rendered()
                for n in notes { out += n + "\n" }
            }
            return out
        case .csv:
            var out = CSVWriter.row(["month", "date", "currency", "receivables", "sales", "dso"])
            for (c, points) in series {
                for p in points {
                    let converted = p.isConverted
                    out += CSVWriter.row([p.date.monthLabel, p.date.description, c.code,
                                          converted ? Money.decimalString(p.receivables, digits: c.minorDigits) : "",
                                          converted ? Money.decimalString(p.sales, digits: c.minorDigits) : "", p.dso?.formatted(decimals: 1) ?? ""])
                }
            }
            return out
        case .json:
            func points(_ c: Currency, _ ps: [DSOPoint]) -> JSON {
                .array(ps.map { p in
                    .object([("month", .string(p.date.monthLabel)), ("date", .string(p.date.description)),
                             ("dso", p.dso.map { .string($0.formatted(decimals: 1)) } ?? .null),
                             ("receivables", p.isConverted ? .string(Money.decimalString(p.receivables, digits: c.minorDigits)) : .null),
                             ("sales", p.isConverted ? .string(Money.decimalString(p.sales, digits: c.minorDigits)) : .null),
                             ("missing_rates", .array(p.missingRates.map { .string($0.code) }))])
                })
            }
            if converted, let (c, ps) = series.first {
                return JSON.object([("as_of", .string(asOf.description)), ("method", .string(method.rawValue)),
                                    ("currency", .string(c.code)), ("series", points(c, ps))]).rendered() + "\n"
            }
            return JSON.object([("as_of", .string(asOf.description)), ("method", .string(method.rawValue)), ("currency", .null),
                                ("by_currency", .array(series.map { c, ps in
                                    .object([("currency", .string(c.code)), ("series", points(c, ps))]) }))]).rendered() + "\n"
        }
    }
}
