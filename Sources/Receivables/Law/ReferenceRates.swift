import Foundation

/// Reference interest rates by date: the ECB main refinancing operations rate, in force
/// from each date until the next.
///
/// Directive 2011/7/EU art. 2(7) and French Code de commerce L441-10 both take the rate in
/// force on the first calendar day of the half-year (1 January, 1 July) for that whole
/// half-year; `halfYearRate(on:)` applies that rule.
public struct ReferenceRates: Sendable, Equatable {
    /// (from, rate in hundredths of a percent), sorted by date.
    public private(set) var entries: [(from: CivilDate, basisPoints: Int)]
    /// Where the table came from ("rates.csv", or the built-in table).
    public var source: String

    /// - Parameters:
    ///   - entries: rate changes (hundredths of a percent from that date), any order.
    ///   - source: where they come from, shown in reports.
    public init(entries: [(from: CivilDate, basisPoints: Int)], source: String) {
        self.entries = entries.sorted { $0.from < $1.from }
        self.source = source
    }

    public static func == (a: ReferenceRates, b: ReferenceRates) -> Bool {
        a.source == b.source && a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.from == $1.from && $0.basisPoints == $1.basisPoints }
    }

    /// The rate in force on `date` (the latest dated on or before it), nil before the first.
    public func rate(on date: CivilDate) -> Int? {
        var lo = 0, hi = entries.count
        while lo < hi { let mid = (lo + hi) / 2; if entries[mid].from <= date { lo = mid + 1 } else { hi = mid } }
        return lo == 0 ? nil : entries[lo - 1].basisPoints
    }

    /// First day of the half-year containing `date` (1 January or 1 July).
    public static func halfYearStart(_ date: CivilDate) -> CivilDate {
        CivilDate(year: date.year, month: date.month <= 6 ? 1 : 7, day: 1)!
    }

    /// The reference rate for `date`'s half-year: the rate in force on its first day.
    public func halfYearRate(on date: CivilDate) -> Int? { rate(on: ReferenceRates.halfYearStart(date)) }

    /// The date of the last entry, to say how current the table is.
    public var lastChange: CivilDate? { entries.last?.from }

    /// ECB main refinancing operations rate (fixed-rate tenders from 15 October 2008),
    /// from ecb.europa.eu "Key ECB interest rates", as of June 2025. Put a `rates.csv` in
    /// the ledger folder to add later changes.
    public static let ecbBuiltIn = ReferenceRates(entries: [
        ("2008-07-09", 425), ("2008-10-15", 375), ("2008-11-12", 325), ("2008-12-10", 250), ("2009-01-21", 200),
        ("2009-03-11", 150), ("2009-04-08", 125), ("2009-05-13", 100), ("2011-04-13", 125), ("2011-07-13", 150),
        ("2011-11-09", 125), ("2011-12-14", 100), ("2012-07-11", 75), ("2013-05-08", 50), ("2013-11-13", 25),
        ("2014-06-11", 15), ("2014-09-10", 5), ("2016-03-16", 0), ("2022-07-27", 50), ("2022-09-14", 125),
        ("2022-11-02", 200), ("2022-12-21", 250), ("2023-02-08", 300), ("2023-03-22", 350), ("2023-05-10", 375),
        ("2023-06-21", 400), ("2023-08-02", 425), ("2023-09-20", 450), ("2024-06-12", 425), ("2024-09-18", 365),
        ("2024-10-23", 340), ("2024-12-18", 315), ("2025-02-05", 290), ("2025-03-12", 265), ("2025-04-23", 240),
        ("2025-06-11", 215),
    ].map { (CivilDate(iso: $0.0)!, $0.1) }, source: "built-in ECB table (last change 2025-06-11)")

    /// Parses a rates file: a header `date,rate`, then one line per change, the date as
    /// YYYY-MM-DD (or in `dateFormat`, the ledger's `[format] date_format`) and the rate
    /// in percent with at most two decimals ("4.25"; "4,25" in a file separated by `;`).
    /// A date given twice takes the later line's rate, with a warning.
    /// - Returns: the table and a problem per line that could not be read (file, line, field).
    public static func parse(_ text: String, file: String, dateFormat: DateFormat? = nil) -> (ReferenceRates, [LedgerProblem]) {
        var entries: [(from: CivilDate, basisPoints: Int)] = []
        var problems: [LedgerProblem] = []
        var lineOf: [CivilDate: (entry: Int, line: Int)] = [:]
        // Split on any line break: "\r\n" is one Character in Swift, never equal to "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"]))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let semicolons = line.contains(";")
            let f = line.split(separator: semicolons ? ";" : ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if entries.isEmpty && problems.isEmpty && f.first?.lowercased() == "date" { continue }   // header (optional)
            guard f.count >= 2 else {
                problems.append(LedgerProblem(.error, file: file, line: n + 1, field: nil, "expected date,rate"))
                continue
            }
            let other = dateFormat.flatMap { fmt in fmt == .isoDate ? nil : Array(f[0].utf8).withUnsafeBufferPointer { fmt.parse($0, 0..<$0.count) } }
            guard let d = other ?? (f[0].count == 10 ? CivilDate(iso: f[0]) : nil) else {
                let expected = dateFormat.map { $0 == .isoDate ? "YYYY-MM-DD" : "\($0.rawValue) or YYYY-MM-DD" } ?? "YYYY-MM-DD"
                problems.append(LedgerProblem(.error, file: file, line: n + 1, field: "date", "expected \(expected), found \"\(f[0])\""))
                continue
            }
            // A file separated by ';' writes its decimals with a comma ("1,90").
            let rateText = semicolons && !f[1].contains(".") ? f[1].replacingOccurrences(of: ",", with: ".") : f[1]
            guard case .value(let bp, let rounded) = AmountParser.parse(rateText, digits: 2), !rounded, (-1000...10_000).contains(bp) else {
                problems.append(LedgerProblem(.error, file: file, line: n + 1, field: "rate", "expected a rate in percent such as 4.25, found \"\(f[1])\""))
                continue
            }
            if let k = lineOf[d] {
                // As fx.csv does: the later line is used, and said so.
                problems.append(LedgerProblem(.warning, file: file, line: n + 1, field: "date",
                                              "a second rate for \(d) (first on line \(k.line)): this later line is used"))
                entries[k.entry].basisPoints = Int(bp)
                lineOf[d] = (k.entry, n + 1)
                continue
            }
            lineOf[d] = (entries.count, n + 1)
            entries.append((d, Int(bp)))
        }
        return (ReferenceRates(entries: entries, source: file), problems)
    }
}

extension ReferenceRates {
    /// The built-in ECB table with the rates file named by `[interest] rates` added on top
    /// (a date in the file replaces the built-in rate of that date; later dates extend it),
    /// so the file only needs the changes since the built-in table's last one. Unreadable
    /// lines, and a named file that is absent, come back as problems.
    public static func load(folder: String, config: LedgerConfig) -> (ReferenceRates, [LedgerProblem]) {
        let name = config.interest.rates
        let path = name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else {
            // Absent by default is the ordinary case; a file the user named must be there.
            guard config.interest.ratesFile != nil else { return (.ecbBuiltIn, []) }
            return (.ecbBuiltIn, [LedgerProblem(.warning, file: name, line: nil, field: nil,
                "not found (named by [interest] rates in ardash.toml): using the \(ecbBuiltIn.source)")])
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (.ecbBuiltIn, [LedgerProblem(.error, file: name, line: nil, field: nil, "cannot read it as UTF-8 text; using the built-in ECB table")])
        }
        let (rates, problems) = parse(text, file: name, dateFormat: config.format.dateFormat)
        if rates.entries.isEmpty {
            return (.ecbBuiltIn, problems + [LedgerProblem(.error, file: name, line: nil, field: nil, "no rate could be read from it")])
        }
        return (ecbBuiltIn.merging(rates), problems)
    }

    /// These rates with `other`'s added; on the same date `other` wins.
    public func merging(_ other: ReferenceRates) -> ReferenceRates {
        var byDate: [CivilDate: Int] = [:]
        for e in entries { byDate[e.from] = e.basisPoints }
        for e in other.entries { byDate[e.from] = e.basisPoints }
        return ReferenceRates(entries: byDate.map { ($0.key, $0.value) }, source: "built-in ECB table + \(other.source)")
    }
}
