import Glibc
import Reports

/// The user's number punctuation from the C library locale (LC_NUMERIC / LC_MONETARY).
enum LocaleNumbers {
    /// The style of the environment's locale; "1,234.56" when the locale says nothing
    /// (C/POSIX, or a locale not installed on this server).
    static func style() -> NumberStyle {
        guard setlocale(LC_NUMERIC, "") != nil || setlocale(LC_MONETARY, "") != nil, let lc = localeconv() else { return .english }
        setlocale(LC_MONETARY, "")
        let dec = lc.pointee.mon_decimal_point.map { String(cString: $0) } ?? ""
        let group = lc.pointee.mon_thousands_sep.map { String(cString: $0) } ?? ""
        setlocale(LC_NUMERIC, "C")   // keep the C library's own number parsing predictable
        guard !dec.isEmpty, !group.isEmpty else { return .english }
        return NumberStyle(groupSeparator: group, decimalSeparator: dec)
    }
}
