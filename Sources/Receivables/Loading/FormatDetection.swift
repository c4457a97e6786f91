/// Decides the decimal separator of one amount column from all its values.
///
/// A value settles the question when only one reading is possible: `1.234,56` (both
/// signs: the last is the decimal), `99,90` or `12.5` (one separator not followed by
/// exactly three digits), `1,234,567` (repeated: a group separator). `1,234` alone fits
/// both and settles nothing.
struct DecimalSeparatorDetector {
    private(set) var commaLine: Int?
    private(set) var dotLine: Int?
    private(set) var commaExample = ""
    private(set) var dotExample = ""
    private(set) var ambiguousLine: Int?
    private(set) var ambiguousExample = ""

    mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, line: Int) {
        var lastDot = -1, lastComma = -1, dots = 0, commas = 0
        for i in r {
            if b[i] == UInt8(ascii: ".") { lastDot = i; dots += 1 }
            else if b[i] == UInt8(ascii: ",") { lastComma = i; commas += 1 }
        }
        if dots == 0 && commas == 0 { return }
        func digitsAfter(_ i: Int) -> Int {
            var k = i + 1, n = 0
            while k < r.upperBound && b[k] >= 0x30 && b[k] <= 0x39 { k += 1; n += 1 }
            return n
        }
        /// Whether every group after a `mark` (up to the next mark or the end) has exactly
        /// three digits, as grouping writes them: "1.234.567" yes, "1.2.3" or "1.250.00" no.
        func groupedBy(_ mark: UInt8) -> Bool {
            var i = r.lowerBound
            while i < r.upperBound {
                if b[i] == mark {
                    let n = digitsAfter(i)
                    let end = i + 1 + n
                    if n != 3 || (end < r.upperBound && b[end] != mark && b[end] != UInt8(ascii: ",") && b[end] != UInt8(ascii: ".")) { return false }
                }
                i += 1
            }
            return true
        }
        /// Whether the digits before the mark at `i` start with 0 ("0.758", "-00,500"):
        /// thousands are never written so, and the mark is a decimal one.
        func zeroLed(_ i: Int) -> Bool {
            guard let first = (r.lowerBound..<i).first(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return false }
            return b[first] == 0x30
        }
        var vote: UInt8? = nil
        // A malformed value ("1.2.3": no grouping and no decimal mark) is no evidence either
        // way; its row is rejected by the parser. (It had decided a whole file's decimal
        // mark, and the conflict refused the file.)
        if dots > 0 && commas > 0 { vote = lastComma > lastDot ? UInt8(ascii: ",") : UInt8(ascii: ".") }
        else if commas > 1 { vote = groupedBy(UInt8(ascii: ",")) ? UInt8(ascii: ".") : nil }
        else if dots > 1 { vote = groupedBy(UInt8(ascii: ".")) ? UInt8(ascii: ",") : nil }
        else if commas == 1 { vote = digitsAfter(lastComma) == 3 && !zeroLed(lastComma) ? nil : UInt8(ascii: ",") }
        else { vote = digitsAfter(lastDot) == 3 && !zeroLed(lastDot) ? nil : UInt8(ascii: ".") }
        func text() -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }
        switch vote {
        case UInt8(ascii: ","): if commaLine == nil { commaLine = line; commaExample = text() }
        case UInt8(ascii: "."): if dotLine == nil { dotLine = line; dotExample = text() }
        default: if ambiguousLine == nil { ambiguousLine = line; ambiguousExample = text() }
        }
    }

    /// Adds the evidence of a later part of the same column.
    mutating func merge(_ o: DecimalSeparatorDetector) {
        if commaLine == nil, let l = o.commaLine { commaLine = l; commaExample = o.commaExample }
        if dotLine == nil, let l = o.dotLine { dotLine = l; dotExample = o.dotExample }
        if ambiguousLine == nil, let l = o.ambiguousLine { ambiguousLine = l; ambiguousExample = o.ambiguousExample }
    }

    /// The decision: the separator, or nil with the reason when the values do not settle it.
    /// - Parameter setting: where the reason says to set the mark.
    func decide(setting: String = "decimal_separator in ardash.toml") -> (separator: UInt8?, conflict: String?) {
        switch (commaLine, dotLine) {
        case (.some, nil): return (UInt8(ascii: ","), nil)
        case (nil, .some): return (UInt8(ascii: "."), nil)
        case let (.some(c), .some(d)):
            return (c < d ? UInt8(ascii: ",") : UInt8(ascii: "."),
                    "values use both ',' (\(commaExample), line \(c)) and '.' (\(dotExample), line \(d)) as decimal separator; set \(setting)")
        case (nil, nil):
            if let a = ambiguousLine {
                return (nil, "\(ambiguousExample) (line \(a)) could be read with ',' or '.' as decimal separator and no value settles it; set \(setting)")
            }
            return (UInt8(ascii: "."), nil)
        }
    }
}

/// Decides the date format of one file from the values of all its date columns.
///
/// Each format is tried on every value; the format that reads them all wins. When two do
/// (`03/04/2015` fits both dd/MM and MM/dd), the file is ambiguous and the user is asked to
/// say which in ardash.toml; nothing is guessed.
struct DateFormatDetector {
    private static let candidates: [DateFormat] = [.isoDate, .dayMonthYear, .monthDayYear, .compact, .excelSerial]
    private var parsed = [Int](repeating: 0, count: 5)
    private var settling: [(line: Int, text: String)?] = [nil, nil, nil, nil, nil]
    private(set) var total = 0
    private var firstExample: (line: Int, text: String)?

    mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, line: Int) {
        guard !r.isEmpty else { return }
        total += 1
        // An ISO date (four-digit year first) fits no other candidate: count it and stop.
        if r.count >= 10 && b[r.lowerBound + 4] == UInt8(ascii: "-") && DateFormat.isoDate.parse(b, r) != nil {
            parsed[0] += 1
            if firstExample == nil { firstExample = (line, String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)) }
            return
        }
        var ok = [Bool](repeating: false, count: 5)
        for (k, f) in Self.candidates.enumerated() where f.parse(b, r) != nil { ok[k] = true; parsed[k] += 1 }
        if firstExample == nil { firstExample = (line, String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)) }
        // A value read by dd/MM but not MM/dd (or the reverse) settles between the two.
        if ok[1] != ok[2] {
            let k = ok[1] ? 1 : 2
            if settling[k] == nil { settling[k] = (line, String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)) }
        }
    }

    /// Counts a value already read as an ISO date (it fits no other candidate).
    @inline(__always)
    mutating func addISO() { total += 1; parsed[0] += 1 }

    /// Adds the evidence of a later part of the same file.
    mutating func merge(_ o: DateFormatDetector) {
        total += o.total
        for k in parsed.indices {
            parsed[k] += o.parsed[k]
            if settling[k] == nil { settling[k] = o.settling[k] }
        }
        if firstExample == nil { firstExample = o.firstExample }
    }

    enum Decision {
        case format(DateFormat, notice: String?)
        case ambiguous(String)
    }

    func decide(file: String) -> Decision {
        guard total > 0 else { return .format(.isoDate, notice: nil) }
        let full = Self.candidates.indices.filter { parsed[$0] == total }
        if full.contains(0) { return .format(.isoDate, notice: nil) }
        if full.contains(1) && full.contains(2) {
            let ex = firstExample.map { "\($0.text) (line \($0.line))" } ?? "the dates"
            return .ambiguous("dates such as \(ex) fit both dd/MM/yyyy and MM/dd/yyyy and no value settles it; set date_format in ardash.toml ([format] or [files.\(file)])")
        }
        let pick = full.first ?? parsed.indices.max { parsed[$0] < parsed[$1] }!
        let f = Self.candidates[pick]
        var why = "every value fits it"
        if (pick == 1 || pick == 2), let s = settling[pick] { why = "\(s.text) (line \(s.line)) fits no other format" }
        if full.isEmpty { why = "it reads \(parsed[pick]) of the \(total) dates checked, more than any other format" }
        // The default format needs no notice: the values it cannot read are errors of their own.
        if f == .isoDate { return .format(f, notice: nil) }
        // Dotted dates are day first (MM/dd reads none of them): say the form they have.
        let dotted = f == .dayMonthYear && (settling[1]?.text ?? firstExample?.text ?? "").contains(".")
        return .format(f, notice: "dates read as \(dotted ? "dd.MM.yyyy" : f.rawValue): \(why)")
    }
}
