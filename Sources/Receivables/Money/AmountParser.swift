/// How amounts in one CSV column are written: the decimal separator and which digit-group
/// separators are accepted. Decided once per column (config or detection), never per value.
public struct AmountFormat: Sendable, Equatable {
    /// ASCII byte of the decimal separator: `.` or `,`.
    public var decimalSeparator: UInt8
    /// ASCII punctuation accepted between groups of three digits (`,` `.` `'`), besides
    /// the space family when `spaceGrouping` is set.
    public var groupingPunctuation: UInt8?
    /// Accept U+0020, U+00A0 (NBSP), U+202F (narrow NBSP) and U+2009 (thin space) between
    /// digit groups (French and ISO 31-0 style).
    public var spaceGrouping: Bool

    public init(decimalSeparator: UInt8 = UInt8(ascii: "."), groupingPunctuation: UInt8? = nil,
                spaceGrouping: Bool = true) {
        self.decimalSeparator = decimalSeparator
        self.groupingPunctuation = groupingPunctuation
        self.spaceGrouping = spaceGrouping
    }

    /// A decimal separator byte that never occurs in UTF-8 text: the column's decimal mark
    /// could not be decided, so any '.' or ',' is refused rather than guessed.
    public static let undecided: UInt8 = 0xFF

    /// The default: '.' decimals; spaces (any width) accepted as digit-group separators,
    /// since they can never be mistaken for a decimal point.
    public static let plain = AmountFormat()
}

/// The outcome of parsing one amount field.
public enum ParsedAmount: Equatable, Sendable {
    /// Exact value in minor units; `rounded` is true when the text had more decimals than
    /// the currency allows and was rounded half-to-even (reported as a notice).
    case value(Int64, rounded: Bool)
    case empty
    case invalid(String)
}

/// Exact decimal parsing of money text into minor units. No floating point.
///
/// Accepts an optional sign (`-12.50`, `+3`, `12.50-` as SAP writes it, `(12.50)` as
/// spreadsheets write negatives), digits with the column's group separators in groups of
/// exactly three, and the column's decimal separator. Surrounding ASCII spaces are ignored.
public enum AmountParser {
    /// Parses `bytes[range]` for a currency with `digits` minor digits.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text.
    ///   - digits: minor digits of the currency (0…4).
    /// - Returns: `.value` in minor units, `.empty` for blank text, `.invalid(reason)`.
    ///   - limit: largest accepted magnitude in minor units (`Money.maxMinorUnits` for money).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, digits: Int,
                             format: AmountFormat, limit: Int64 = Money.maxMinorUnits) -> ParsedAmount {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        if lo == hi { return .empty }
        var negative = false
        if bytes[lo] == UInt8(ascii: "(") && bytes[hi - 1] == UInt8(ascii: ")") {
            negative = true; lo += 1; hi -= 1
        }
        if lo < hi && (bytes[lo] == UInt8(ascii: "-") || bytes[lo] == UInt8(ascii: "+")) {
            // Parentheses and a sign say it twice: "(-5.00)" is not +5.00 (trial 14).
            if negative { return .invalid("two signs (parentheses and '\(Character(Unicode.Scalar(bytes[lo])))')") }
            if bytes[lo] == UInt8(ascii: "-") { negative = true }
            lo += 1
        } else if lo < hi && bytes[hi - 1] == UInt8(ascii: "-") {
            if negative { return .invalid("two signs (parentheses and '-')") }
            negative = true; hi -= 1
        }
        // "- 5.00", "5.00 -": spaces between the sign and the digits.
        while lo < hi && bytes[lo] == 0x20 { lo += 1 }
        while hi > lo && bytes[hi - 1] == 0x20 { hi -= 1 }
        if lo == hi { return .invalid("no digits") }

        var integer: Int64 = 0       // integer part, as digits accumulate
        // Decimal digits as written: the first `digits` kept as a number, then the first
        // dropped digit and whether any later one is non-zero (enough to round half-even).
        var fracKept: Int64 = 0, fracCount = 0
        var firstDropped: UInt8 = 0, droppedNonZeroTail = false, droppedAny = false
        var sawDecimal = false
        var groupLen = 0             // digits since the last group separator
        var groups = 0               // separators seen
        var intDigits = 0
        var leadingZero = false      // the integer part starts with 0
        var i = lo
        while i < hi {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                if sawDecimal {
                    let d = b - 0x30
                    if fracCount < digits { fracKept = fracKept * 10 + Int64(d) }
                    else if fracCount == digits { firstDropped = d; droppedAny = true }
                    else if d != 0 { droppedNonZeroTail = true }
                    fracCount += 1
                } else {
                    let (m, o1) = integer.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int64(b - 0x30))
                    if o1 || o2 { return .invalid("too large") }
                    if intDigits == 0 && b == 0x30 { leadingZero = true }
                    integer = s; groupLen += 1; intDigits += 1
                }
                i += 1
                continue
            }
            if b == format.decimalSeparator && !sawDecimal {
                if groups > 0 && groupLen != 3 { return .invalid("digit groups must have three digits") }
                if intDigits == 0 && i + 1 >= hi { return .invalid("no digits") }
                sawDecimal = true; i += 1
                continue
            }
            // A group separator: ASCII punctuation or one of the space characters.
            var sepLen = 0
            if let p = format.groupingPunctuation, b == p { sepLen = 1 }
            else if format.spaceGrouping {
                if b == 0x20 { sepLen = 1 }
                else if b == 0xC2 && i + 1 < hi && bytes[i + 1] == 0xA0 { sepLen = 2 }
                else if b == 0xE2 && i + 2 < hi && bytes[i + 1] == 0x80
                            && (bytes[i + 2] == 0xAF || bytes[i + 2] == 0x89) { sepLen = 3 }
            }
            if sepLen > 0 && !sawDecimal {
                if intDigits == 0 || (groups == 0 && groupLen > 3) || (groups > 0 && groupLen != 3) {
                    return .invalid("misplaced digit-group separator")
                }
                // Thousands are never written "0.758" or "00.500": that is a decimal
                // written with the other mark (a trial's rate 0.758 read as 758).
                if leadingZero {
                    let dec = format.decimalSeparator == UInt8(ascii: ".") ? "'.'" : "','"
                    return .invalid("a number in thousands does not start with 0: a decimal written with another mark than this column's \(dec)?")
                }
                groups += 1; groupLen = 0; i += sepLen
                continue
            }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: ",") {
                let sep = b == UInt8(ascii: ".") ? "'.'" : "','"
                if format.decimalSeparator == AmountFormat.undecided {
                    return .invalid("\(sep) could be a decimal or a thousands separator here; set decimal_separator in ardash.toml")
                }
                let dec = format.decimalSeparator == UInt8(ascii: ".") ? "'.'" : "','"
                return .invalid("unexpected \(sep) (decimal separator of this column is \(dec))")
            }
            return .invalid("not a number")
        }
        if groups > 0 && groupLen != 3 { return .invalid("digit groups must have three digits") }
        if intDigits == 0 && fracCount == 0 { return .invalid("no digits") }

        // Scale to minor units, rounding half-to-even past the currency's digits.
        for _ in min(fracCount, digits)..<digits { fracKept *= 10 }
        let (m, o1) = integer.multipliedReportingOverflow(by: Currency.powersOfTen[digits])
        var (minor, o2) = m.addingReportingOverflow(fracKept)
        if o1 || o2 { return .invalid("too large") }
        var rounded = false
        if droppedAny && (firstDropped != 0 || droppedNonZeroTail) {
            rounded = true
            if firstDropped > 5 || (firstDropped == 5 && (droppedNonZeroTail || minor & 1 == 1)) { minor += 1 }
        }
        if minor > limit { return .invalid("too large (at most \(Money.grouped(limit, digits: digits)))") }
        return .value(negative ? -minor : minor, rounded: rounded)
    }

    /// Convenience for tests and small inputs: parses a Swift string.
    public static func parse(_ text: String, digits: Int, format: AmountFormat = .plain) -> ParsedAmount {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { parse($0, 0..<$0.count, digits: digits, format: format) }
    }
}

extension AmountParser {
    /// Currencies written with `$` (a `$` amount in any other currency is refused).
    static let dollarCurrencies: Set<String> = ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "CLP", "COP", "ARS", "BRL"]

    /// An amount the plain parse refused, read again without its decoration, as
    /// spreadsheets and accounting exports write them (a trial's QuickBooks and Excel
    /// files): a currency sign or code before or after it (`$2,070.11`, `1 234,56 €`,
    /// `EUR 1.234,56`, `-$5.00`), which must be the row's currency; or a scientific
    /// notation (`1.5E+03`), exact only (never rounded from a float).
    ///
    /// - Returns: nil when the text has neither (the plain parse's reason stands), else
    ///   the value or why it is refused.
    static func parseDecorated(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, currency: Currency,
                               format: AmountFormat) -> ParsedAmount? {
        var text = Array(bytes[range])
        while let f = text.first, f == 0x20 || f == 0x09 { text.removeFirst() }
        while let l = text.last, l == 0x20 || l == 0x09 { text.removeLast() }
        if let stripped = withoutCurrencyMark(text, currency) {
            switch stripped {
            case .failure(let e): return .invalid(e.why)
            case .success(let rest) where rest.allSatisfy({ $0 == 0x20 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }):
                return .invalid("no digits")
            case .success(let rest):
                let again = rest.withUnsafeBufferPointer { parse($0, 0..<$0.count, digits: currency.minorDigits, format: format) }
                if case .invalid = again, let sci = scientific(rest, currency: currency, format: format) { return sci }
                return again
            }
        }
        return scientific(text, currency: currency, format: format)
    }

    /// `text` without a currency sign or code at its start or end (inside a sign or
    /// parentheses, spaces around it dropped); nil when it has none.
    private static func withoutCurrencyMark(_ text: [UInt8], _ currency: Currency) -> Result<[UInt8], MarkError>? {
        // Longest first: "US$" before "$", "R$" before "$".
        let marks: [(bytes: [UInt8], fits: (Currency) -> Bool, name: String)] = [
            (Array(currency.code.utf8), { _ in true }, currency.code), (Array(currency.code.lowercased().utf8), { _ in true }, currency.code),
            (Array("US$".utf8), { $0.code == "USD" }, "US$"), (Array("R$".utf8), { $0.code == "BRL" }, "R$"),
            (Array("€".utf8), { $0.code == "EUR" }, "€"), (Array("£".utf8), { $0.code == "GBP" }, "£"),
            (Array("¥".utf8), { $0.code == "JPY" || $0.code == "CNY" }, "¥"), (Array("₹".utf8), { $0.code == "INR" }, "₹"),
            (Array("zł".utf8), { $0.code == "PLN" }, "zł"), (Array("kr".utf8), { ["SEK", "NOK", "DKK", "ISK"].contains($0.code) }, "kr"),
            (Array("$".utf8), { dollarCurrencies.contains($0.code) }, "$"),
        ]
        // Sign characters that may stand outside the mark: "-$5.00", "($5.00)", "5,00 €-".
        let outside: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")")]
        var lead = 0
        while lead < text.count && outside.contains(text[lead]) { lead += 1 }
        var trail = text.count
        while trail > lead && outside.contains(text[trail - 1]) { trail -= 1 }
        for m in marks {
            var cut: Range<Int>?
            if text[lead..<trail].starts(with: m.bytes) { cut = lead..<(lead + m.bytes.count) }
            else if trail - lead >= m.bytes.count && Array(text[(trail - m.bytes.count)..<trail]) == m.bytes { cut = (trail - m.bytes.count)..<trail }
            guard var c = cut else { continue }
            guard m.fits(currency) else { return .failure(MarkError(mismatchPrefix + "\(m.name), but the row's currency is \(currency.code)")) }
            while c.lowerBound > lead && text[c.lowerBound - 1] == 0x20 { c = (c.lowerBound - 1)..<c.upperBound }
            while c.upperBound < trail && text[c.upperBound] == 0x20 { c = c.lowerBound..<(c.upperBound + 1) }
            var rest = text
            rest.removeSubrange(c)
            return .success(rest)
        }
        // Another currency's code where this one's would be ("USD 5.00" in a EUR row).
        // A whole word of three capitals ("EURO" is not one: trial 16 read it as "URO").
        let isLetter = { (c: UInt8) in (0x41...0x5A).contains(c & 0xDF) }
        let letters = { (s: ArraySlice<UInt8>) in s.count == 3 && s.allSatisfy { (0x41...0x5A).contains($0) } }
        let leading = trail - lead > 3 && letters(text[lead..<(lead + 3)]) && !isLetter(text[lead + 3])
        let trailing = trail - lead > 3 && letters(text[(trail - 3)..<trail]) && !isLetter(text[trail - 4])
        if leading || trailing {
            let code = leading ? text[lead..<(lead + 3)] : text[(trail - 3)..<trail]
            return .failure(MarkError(mismatchPrefix + "\(String(decoding: code, as: UTF8.self)), but the row's currency is \(currency.code)"))
        }
        return nil
    }

    struct MarkError: Error { let why: String; init(_ why: String) { self.why = why } }

    /// The start of the reason given to an amount written in another currency than its row's.
    static let mismatchPrefix = "written in "

    /// Whether `result` refused an amount for being written in another currency.
    static func isCurrencyMismatch(_ result: ParsedAmount) -> Bool {
        if case .invalid(let why) = result { return why.hasPrefix(mismatchPrefix) }
        return false
    }

    /// `1.5E+03`, `-2,5e2`: the mantissa with the column's decimal mark, then E and a
    /// power of ten (at most 18), moved exactly; more decimals than the currency has are
    /// refused, not rounded (they would be float noise). nil when not of that shape.
    private static func scientific(_ text: [UInt8], currency: Currency, format: AmountFormat) -> ParsedAmount? {
        guard let e = text.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }), e > 0 else { return nil }
        var expText = Array(text[(e + 1)...])
        var expNegative = false
        if let s = expText.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { expNegative = s == UInt8(ascii: "-"); expText.removeFirst() }
        var mantissa = Array(text[..<e])
        var negative = false
        if let s = mantissa.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { negative = s == UInt8(ascii: "-"); mantissa.removeFirst() }
        // "(1.5E+03)" and "1.5E+03-", as the plain parse reads signs.
        if mantissa.first == UInt8(ascii: "("), expText.last == UInt8(ascii: ")") {
            guard !negative else { return nil }
            negative = true; mantissa.removeFirst(); expText.removeLast()
        } else if expText.last == UInt8(ascii: "-") && expText.count > 1 {
            guard !negative else { return nil }
            negative = true; expText.removeLast()
        }
        guard !expText.isEmpty, expText.count <= 2, expText.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let exp = (expNegative ? -1 : 1) * Int(String(decoding: expText, as: UTF8.self))!
        let point = mantissa.firstIndex(of: format.decimalSeparator)
        var digits = mantissa
        if let p = point { digits.remove(at: p) }
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }), abs(exp) <= 18 else { return nil }
        // Where the point falls once moved; then the plain decimal text, read as usual.
        let at = (point ?? digits.count) + exp
        var plain: [UInt8]
        if at <= 0 { plain = Array("0.".utf8) + [UInt8](repeating: 0x30, count: -at) + digits }
        else if at >= digits.count { plain = digits + [UInt8](repeating: 0x30, count: at - digits.count) }
        else { plain = Array(digits[..<at]) + [UInt8(ascii: ".")] + Array(digits[at...]) }
        if let dot = plain.firstIndex(of: UInt8(ascii: ".")) {
            while plain.count > dot + 1 && plain.last == 0x30 { plain.removeLast() }
            if plain.count - dot - 1 > currency.minorDigits {
                return .invalid("\(String(decoding: text, as: UTF8.self)) has more decimals than \(currency.code) allows once written out: not read from a scientific notation")
            }
            if plain.last == UInt8(ascii: ".") { plain.removeLast() }
        }
        if negative { plain.insert(UInt8(ascii: "-"), at: 0) }
        return plain.withUnsafeBufferPointer { parse($0, 0..<$0.count, digits: currency.minorDigits, format: .plain) }
    }
}
