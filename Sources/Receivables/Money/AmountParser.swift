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
            if bytes[lo] == UInt8(ascii: "-") { negative.toggle() }
            lo += 1
        } else if lo < hi && bytes[hi - 1] == UInt8(ascii: "-") {
            negative.toggle(); hi -= 1
        }
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
