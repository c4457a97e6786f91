/// Payment terms: the rule that turns a document date into a due date.
///
/// Syntax (DESIGN.md, "Payment terms"), case-insensitive, spaces ignored:
/// - `30` — net 30 days: document date + 30 days.
/// - `1M`, `2M` — calendar months, clamped to month end (31 Jan + 1M = 28/29 Feb).
/// - `45EOM` — document date + 45 days, then to the end of that month.
/// - `EOM45` — end of the document's month, then + 45 days.
/// - `EOM+1M` — end of the document's month, then the end of the month N months later.
/// - `EOM+10` — the 10th of the month after the document's month (a fixed day, 1–31,
///   clamped to the month's end).
/// - ERP wordings of net days: `Net 30`, `N30`, `30 days`, `30 days net`, `2/10 Net 30`
///   (the net part; a cash discount does not move the due date), `30 Tage`, `30 jours`;
///   `Due on receipt`, `Immediate`, `Sofort` = 0 days. `Net 30 EOM` = `30EOM`.
/// A due date exported with the document is always used as is; terms only fill a gap.
public enum PaymentTerms: Hashable, Sendable, CustomStringConvertible {
    case netDays(Int)
    case months(Int)
    case daysThenEndOfMonth(Int)
    case endOfMonthThenDays(Int)
    case endOfMonthPlusMonths(Int)
    case dayOfNextMonth(Int)

    /// Parses the terms syntax above; nil for anything else (reported, never guessed).
    public init?(_ text: String) {
        var t = Substring(text.uppercased().filter { $0 != " " })
        // ERP wordings of the same rules: the net part, without a word for days.
        if ["DUEONRECEIPT", "ONRECEIPT", "RECEIPT", "IMMEDIATE", "IMMEDIATELY", "SOFORT", "COMPTANT"].contains(t) { self = .netDays(0); return }
        if let net = t.range(of: "NET") { t = net.upperBound < t.endIndex ? t[net.upperBound...] : t[..<net.lowerBound] }
        else if t.hasPrefix("N"), t.dropFirst().first?.isNumber == true { t = t.dropFirst() }
        for word in ["DAYSNET", "DAYNET", "DAYS", "DAY", "TAGE", "JOURS", "NET"] where t.hasSuffix(word) && t.count > word.count {
            t = t.dropLast(word.count); break
        }
        func int(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.count <= 4, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        if let n = int(t) { self = .netDays(n); return }
        if t.hasPrefix("EOM+") {
            let rest = t.dropFirst(4)
            if rest.hasSuffix("M"), let n = int(rest.dropLast()) { self = .endOfMonthPlusMonths(n); return }
            if let n = int(rest), n >= 1, n <= 31 { self = .dayOfNextMonth(n); return }
            return nil
        }
        if t.hasPrefix("EOM"), let n = int(t.dropFirst(3)) { self = .endOfMonthThenDays(n); return }
        if t.hasSuffix("EOM"), let n = int(t.dropLast(3)) { self = .daysThenEndOfMonth(n); return }
        if t.hasSuffix("M"), let n = int(t.dropLast()), n > 0 { self = .months(n); return }
        return nil
    }

    /// The due date of a document dated `date` under these terms.
    public func dueDate(for date: CivilDate) -> CivilDate {
        switch self {
        case .netDays(let n): return date.advanced(by: n)
        case .months(let n): return date.addingMonths(n)
        case .daysThenEndOfMonth(let n): return date.advanced(by: n).endOfMonth
        case .endOfMonthThenDays(let n): return date.endOfMonth.advanced(by: n)
        case .endOfMonthPlusMonths(let n): return date.startOfMonth.addingMonths(n).endOfMonth
        case .dayOfNextMonth(let d):
            let next = date.startOfMonth.addingMonths(1)
            return CivilDate(year: next.year, month: next.month, day: min(d, next.daysInMonth))!
        }
    }

    /// The canonical text of these terms ("30", "45EOM", "EOM+1M"…).
    public var description: String {
        switch self {
        case .netDays(let n): return "\(n)"
        case .months(let n): return "\(n)M"
        case .daysThenEndOfMonth(let n): return "\(n)EOM"
        case .endOfMonthThenDays(let n): return "EOM\(n)"
        case .endOfMonthPlusMonths(let n): return "EOM+\(n)M"
        case .dayOfNextMonth(let n): return "EOM+\(n)"
        }
    }
}
