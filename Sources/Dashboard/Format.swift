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
        let plain = NumberStyle(groupSeparator: "", decimalSeparator: style.decimalSeparator)
        let m = Int128(c.minorPerMajor)
        // Each unit serves up to what it rounds to below the next one: 999,949.99 is 999.9K,
        // 999,950.00 would be 1000.0K and is 1.00M.
        let thousands = roundedHalfEven(Int128(minor) * 10, m * 1_000)
        if thousands.magnitude < 100 { return full(minor, c) }
        if thousands.magnitude < 10_000 { return plain.format(Int64(thousands), digits: 1) + "K" }
        let millions = roundedHalfEven(Int128(minor) * 100, m * 1_000_000)
        // Below 10B, millions keep more digits: 1029.11M, not 1.03B.
        if millions.magnitude < 1_000_000 { return plain.format(Int64(millions), digits: 2) + "M" }
        let billions = roundedHalfEven(Int128(minor) * 100, m * 1_000_000_000)
        return plain.format(Int64(billions), digits: 2) + "B"
    }

    static func percent(_ part: Int64, _ whole: Int64) -> String {
        guard whole > 0 else { return "–" }
        return DayCount(Int128(part) * 100, over: Int128(whole)).formatted(decimals: 0) + "%"
    }
}
