import Receivables
import Reports

/// Amount text for panels: grouped per the user's style, or compact (4.21M, 12.4K).
enum AmountText {
    nonisolated(unsafe) static var style = NumberStyle.english

    static func full(_ minor: Int64, _ c: Currency) -> String { style.format(minor, digits: c.minorDigits) }

    /// The full amount when it fits in `width` columns (with `suffix`), else compact
    /// (10,093,432,665.17 → 10.09B): an amount is never cut to fit, which would show
    /// another figure.
    static func fitted(_ minor: Int64, _ c: Currency, width: Int, suffix: String = "") -> String {
        let f = full(minor, c) + suffix
        return f.count <= width ? f : compact(minor, c) + suffix
    }

    /// Compact, with the decimal mark of the user's style; rounded half-to-even.
    static func compact(_ minor: Int64, _ c: Currency) -> String {
        let major = Int128(minor) / Int128(c.minorPerMajor)
        let mag = major.magnitude
        if mag >= 10_000_000_000 {   // below, millions keep more digits: 1029.11M, not 1.03B
            let v = roundedHalfEven(Int128(minor) * 100, Int128(c.minorPerMajor) * 1_000_000_000)
            return NumberStyle(groupSeparator: "", decimalSeparator: style.decimalSeparator).format(Int64(v), digits: 2) + "B"
        }
        if mag >= 1_000_000 {
            let v = roundedHalfEven(Int128(minor) * 100, Int128(c.minorPerMajor) * 1_000_000)
            return NumberStyle(groupSeparator: "", decimalSeparator: style.decimalSeparator).format(Int64(v), digits: 2) + "M"
        }
        if mag >= 10_000 {
            let v = roundedHalfEven(Int128(minor) * 10, Int128(c.minorPerMajor) * 1_000)
            return NumberStyle(groupSeparator: "", decimalSeparator: style.decimalSeparator).format(Int64(v), digits: 1) + "K"
        }
        return full(minor, c)
    }

    static func percent(_ part: Int64, _ whole: Int64) -> String {
        guard whole > 0 else { return "–" }
        return DayCount(Int128(part) * 100, over: Int128(whole)).formatted(decimals: 0) + "%"
    }
}
