/// An exact amount of money: a signed count of minor units of one ISO 4217 currency.
///
/// `Money(minorUnits: 12345, currency: .EUR)` is €123.45. There is no floating point on
/// any money path: parsing, arithmetic, conversion and formatting are all integer.
/// Adding two amounts of different currencies is a programming error (precondition).
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// Signed amount in minor units (cents for EUR, yen for JPY, fils for BHD).
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// The largest amount one row may carry, in minor units (10^12: ten billion euros,
    /// a trillion yen). Sums of up to a million such rows still fit in 64 bits, so no
    /// total can overflow; larger values are rejected at load with a message.
    public static let maxMinorUnits: Int64 = 1_000_000_000_000

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }

    public static func + (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "adding \(a.currency) to \(b.currency)")
        return Money(minorUnits: a.minorUnits + b.minorUnits, currency: a.currency)
    }
    public static func - (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "subtracting \(b.currency) from \(a.currency)")
        return Money(minorUnits: a.minorUnits - b.minorUnits, currency: a.currency)
    }
    public static prefix func - (a: Money) -> Money { Money(minorUnits: -a.minorUnits, currency: a.currency) }
    public static func += (a: inout Money, b: Money) { a = a + b }
    public static func -= (a: inout Money, b: Money) { a = a - b }

    /// Plain decimal text with exactly the currency's minor digits and a '.' separator,
    /// no grouping, '-' for negatives: "1234.50", "-7", "0.125". Used by CSV and JSON.
    public var decimalString: String { Money.decimalString(minorUnits, digits: currency.minorDigits) }

    /// "EUR 1234.50"
    public var description: String { "\(currency.code) \(decimalString)" }

    /// Formats `minor` with `digits` decimals: `decimalString(-5, digits: 2)` is "-0.05".
    public static func decimalString(_ minor: Int64, digits: Int) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        guard digits > 0 else { return (negative ? "-" : "") + String(magnitude) }
        let scale = UInt64(Currency.powersOfTen[digits])
        var frac = String(magnitude % scale)
        if frac.count < digits { frac = String(repeating: "0", count: digits - frac.count) + frac }
        return (negative ? "-" : "") + String(magnitude / scale) + "." + frac
    }

    /// Grouped display text: `grouped(separator: " ", decimal: ",")` of 1234567.5 EUR is
    /// "1 234 567,50". Used by screens and table reports; never by CSV/JSON.
    public func grouped(separator: String = ",", decimal: String = ".") -> String {
        Money.grouped(minorUnits, digits: currency.minorDigits, separator: separator, decimal: decimal)
    }

    /// See `grouped(separator:decimal:)`.
    public static func grouped(_ minor: Int64, digits: Int, separator: String = ",",
                               decimal: String = ".") -> String {
        let plain = decimalString(minor, digits: digits)
        var sign = ""
        var body = Substring(plain)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = Array(parts[0])
        var out = ""
        for (i, ch) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        if parts.count > 1 { out += decimal + parts[1] }
        return sign + out
    }
}

/// Rounding of an exact quotient to an integer, half to even ("banker's rounding"),
/// the default of IEEE 754 and of most accounting systems for currency conversion.
///
/// - Returns: `numerator / denominator` rounded half-to-even; `denominator` must be > 0.
@inlinable
public func roundedHalfEven(_ numerator: Int128, _ denominator: Int128) -> Int128 {
    precondition(denominator > 0)
    var q = numerator / denominator
    var r = numerator - q * denominator             // the remainder, without a second division
    if r < 0 { q -= 1; r += denominator }          // floor division
    let twice = r * 2
    if twice > denominator || (twice == denominator && q & 1 != 0) { q += 1 }
    return q
}

extension Money {
    /// The amount in hundredths of its currency's unit, at face value (70,000 JPY →
    /// 7,000,000; 1.500 BHD → 150): for ranking amounts in currencies that cannot be
    /// converted, never for adding them up or showing them.
    public var faceValueHundredths: Int64 {
        var v = minorUnits
        var d = currency.minorDigits
        while d < 2 { v = v.multipliedReportingOverflow(by: 10).overflow ? Int64.max / 4 : v * 10; d += 1 }
        while d > 2 { v /= 10; d -= 1 }
        return v
    }
}
