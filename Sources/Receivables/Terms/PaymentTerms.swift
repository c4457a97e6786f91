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
    /// Read as ASCII bytes: a customers file gives every row's terms (a `String` version
    /// cost 60 ms at 50,000 customers).
    public init?(_ text: String) {
        var t: [UInt8] = []
        t.reserveCapacity(text.utf8.count)
        for b in text.utf8 where b != 0x20 { t.append(b >= 0x61 && b <= 0x7A ? b - 0x20 : b) }
        guard let terms = PaymentTerms.parse(t[...]) else { return nil }
        self = terms
    }

    private static let immediate: [[UInt8]] = ["DUEONRECEIPT", "DUEUPONRECEIPT", "ONRECEIPT", "UPONRECEIPT", "RECEIPT", "PAYABLEONRECEIPT",
                                               "PAYABLEUPONRECEIPT", "IMMEDIATE", "IMMEDIATELY", "SOFORT", "COMPTANT"].map { Array($0.utf8) }
    private static let dayWords: [[UInt8]] = ["DAYSNET", "DAYNET", "DAYS", "DAY", "TAGE", "JOURS", "NET", "D"].map { Array($0.utf8) }
    private static let net = Array("NET".utf8), netto = Array("NETTO".utf8), eom = Array("EOM".utf8), eomPlus = Array("EOM+".utf8)

    /// `t`: the text uppercased (ASCII), without spaces.
    private static func parse(_ text: ArraySlice<UInt8>) -> PaymentTerms? {
        var t = text
        while t.last == UInt8(ascii: ".") { t = t.dropLast() }
        // ERP wordings of the same rules: the net part, without a word for days.
        if immediate.contains(where: { $0.elementsEqual(t) }) { return .netDays(0) }
        func find(_ word: [UInt8]) -> Int? { t.indices.first { t[$0...].starts(with: word) } }
        var wordedNet = false
        if let at = find(netto) {   // "30 Tage netto", "netto 30"
            let after = at + netto.count
            t = after < t.endIndex ? t[after...] : t[..<at]; wordedNet = true
        } else if let at = find(net) {   // "Net 30", "2/10 Net 30", "30 days net"
            let after = at + net.count
            t = after < t.endIndex ? t[after...] : t[..<at]; wordedNet = true
        } else if let at = find([UInt8(ascii: "N"), UInt8(ascii: "/")]) {   // "n/30", "2/10, n/30"
            t = t[(at + 2)...]; wordedNet = true
        } else if let at = t.lastIndex(of: UInt8(ascii: "N")), at + 1 < t.endIndex,
                  t[(at + 1)...].allSatisfy({ (0x30...0x39).contains($0) }),
                  at == t.startIndex || !(0x41...0x5A).contains(t[at - 1]) {   // "N30", "2/10 N30"
            t = t[(at + 1)...]; wordedNet = true
        }
        for word in dayWords where t.count > word.count && t.suffix(word.count).elementsEqual(word) {
            t = t.dropLast(word.count); break
        }
        // "Net 30 EOM" means +30 then month end in some ledgers, month end then +30 in
        // others: not guessed (the short forms 30EOM and EOM30 say which).
        if wordedNet && find(eom) != nil { return nil }
        func int(_ s: ArraySlice<UInt8>) -> Int? {
            guard !s.isEmpty, s.count <= 4, s.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return s.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        if let n = int(t) { return .netDays(n) }
        if t.starts(with: eomPlus) {
            let rest = t.dropFirst(4)
            if rest.last == UInt8(ascii: "M"), let n = int(rest.dropLast()) { return .endOfMonthPlusMonths(n) }
            if let n = int(rest), n >= 1, n <= 31 { return .dayOfNextMonth(n) }
            return nil
        }
        if t.starts(with: eom), let n = int(t.dropFirst(3)) { return .endOfMonthThenDays(n) }
        if t.count > 3 && t.suffix(3).elementsEqual(eom), let n = int(t.dropLast(3)) { return .daysThenEndOfMonth(n) }
        if t.last == UInt8(ascii: "M"), let n = int(t.dropLast()), n > 0 { return .months(n) }
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
            // (Past 9999 too: SAP's "no end" date 9999-12-31 under EOM+10 is due 10000-01-10.)
            return CivilDate(validYear: next.year, month: next.month, day: min(d, next.daysInMonth))
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
