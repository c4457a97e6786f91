import Foundation

/// Flags a credit controller puts on a customer or a document.
public enum AccountFlag: String, Sendable, CaseIterable, Hashable {
    case dispute, promise, creditHold = "credit_hold", escalated, legal, watch

    /// The letter shown in lists (meaning never carried by colour alone).
    public var letter: Character {
        switch self {
        case .dispute: return "D"
        case .promise: return "P"
        case .creditHold: return "H"
        case .escalated: return "E"
        case .legal: return "L"
        case .watch: return "W"
        }
    }

    public var label: String {
        switch self {
        case .dispute: return "dispute"
        case .promise: return "promise to pay"
        case .creditHold: return "credit hold"
        case .escalated: return "escalated"
        case .legal: return "legal"
        case .watch: return "watch"
        }
    }
}

/// What an event does.
public enum JournalEventKind: String, Sendable, CaseIterable {
    case flagSet = "flag_set", flagClear = "flag_clear", note, followUp = "follow_up", assign
    /// A dunning reminder was sent (`ardash dunning --record`), at `level`.
    case reminder = "dunning_reminder"
}

/// One line of the annotation journal: who did what, when, to which account or document.
/// Events are never rewritten; a correction is a new event.
public struct JournalEvent: Sendable, Equatable {
    /// Unique id (a random UUID).
    public var id: String
    /// UTC time, ISO 8601 to the second: "2026-11-29T14:05:00Z".
    public var at: String
    /// OS user who wrote it.
    public var user: String
    public var kind: JournalEventKind
    public var customerId: String
    /// nil: the event is about the whole customer.
    public var documentId: String?
    public var flag: AccountFlag?
    /// Note text (may hold line breaks; never other control characters).
    public var text: String?
    /// Promise date or follow-up date.
    public var date: CivilDate?
    /// Promised amount as decimal text, with `currency`.
    public var amount: String?
    public var currency: String?
    /// Collector assigned.
    public var collector: String?
    /// Dunning level of a reminder.
    public var level: Int?
    /// The day a promise to pay was made, when not the day of `at` (`ardash flag --as-of`,
    /// replaying a promise made earlier): payments count toward it from that day.
    public var madeOn: CivilDate?

    public init(kind: JournalEventKind, customerId: String, documentId: String? = nil, flag: AccountFlag? = nil,
                text: String? = nil, date: CivilDate? = nil, amount: String? = nil, currency: String? = nil,
                collector: String? = nil, user: String = JournalEvent.currentUser(), at: String = JournalEvent.nowUTC(),
                id: String = UUID().uuidString.lowercased()) {
        self.id = id; self.at = at; self.user = user; self.kind = kind
        self.customerId = customerId; self.documentId = documentId; self.flag = flag
        self.text = text.map(JournalEvent.cleanText); self.date = date; self.amount = amount
        self.currency = currency; self.collector = collector.map(JournalEvent.cleanText)
    }

    /// Text as stored: line breaks kept (as "\n"), tabs as spaces, every other control
    /// character (C0, DEL, C1, bidi overrides) removed, so nothing typed or pasted can
    /// reach a terminal or the journal as a control sequence.
    public static func cleanText(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var lastCR = false
        for u in s.unicodeScalars {
            defer { lastCR = u.value == 13 }
            switch u.value {
            case 10: if !lastCR { out.append("\n") }
            case 13: out.append("\n")
            case 9: out.append(" ")
            case 0..<32, 0x7F, 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// The OS user name of this process.
    public static func currentUser() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }

    /// Now, UTC, to the second.
    public static func nowUTC() -> String {
        var t = time(nil)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        func p(_ v: Int32, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(p(tmv.tm_year + 1900, 4))-\(p(tmv.tm_mon + 1, 2))-\(p(tmv.tm_mday, 2))T\(p(tmv.tm_hour, 2)):\(p(tmv.tm_min, 2)):\(p(tmv.tm_sec, 2))Z"
    }

    /// The JSON line (without newline), keys in a fixed order, `prev` last.
    func line(prev: String) -> String {
        var fields: [(String, String?)] = [("id", id), ("at", at), ("user", user), ("kind", kind.rawValue),
                                           ("customer_id", customerId), ("document_id", documentId)]
        if let flag { fields.append(("flag", flag.rawValue)) }
        if let text { fields.append(("text", text)) }
        if let date { fields.append(("date", date.description)) }
        if let amount { fields.append(("amount", amount)) }
        if let currency { fields.append(("currency", currency)) }
        if let collector { fields.append(("collector", collector)) }
        if let level { fields.append(("level", String(level))) }
        if let madeOn { fields.append(("made_on", madeOn.description)) }
        fields.append(("prev", prev))
        return "{" + fields.map { k, v in "\"\(k)\":" + (v.map(JournalEvent.quote) ?? "null") }.joined(separator: ",") + "}"
    }

    /// A JSON string literal; controls escaped as \uXXXX.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// Parses a journal line; nil when it is not a complete event. `prev` is returned too.
    static func parse(_ line: Data) -> (JournalEvent, prev: String)? {
        guard let obj = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let id = obj["id"] as? String, let at = obj["at"] as? String, let user = obj["user"] as? String,
              let k = obj["kind"] as? String, let kind = JournalEventKind(rawValue: k),
              let customer = obj["customer_id"] as? String, let prev = obj["prev"] as? String else { return nil }
        var e = JournalEvent(kind: kind, customerId: customer, documentId: obj["document_id"] as? String,
                             flag: (obj["flag"] as? String).flatMap(AccountFlag.init(rawValue:)),
                             text: nil, date: (obj["date"] as? String).flatMap { CivilDate(iso: $0) },
                             amount: obj["amount"] as? String, currency: obj["currency"] as? String,
                             collector: obj["collector"] as? String, user: user, at: at, id: id)
        e.text = obj["text"] as? String
        e.level = (obj["level"] as? String).flatMap { Int($0) }
        e.madeOn = (obj["made_on"] as? String).flatMap { CivilDate(iso: $0) }
        return (e, prev)
    }
}

extension JournalEvent {
    /// What the event did, in words, as the card's timeline and `report customer` give
    /// it: the kind, then its flag, date, amount and collector ("flag set dispute",
    /// "promise set 2026-12-07 20000.00 USD", "assign → zoé"). The note text is apart.
    public var summary: String {
        var what = kind.rawValue.replacingOccurrences(of: "_", with: " ")
        if let f = flag { what += " " + f.label }
        if let d = date { what += " " + d.description }
        if let a = amount { what += " " + a + (currency.map { " " + $0 } ?? "") }
        if let c = collector { what += " → " + c }
        return what
    }

    /// "2026-11-30 09:15 amelie on F0000046" (UTC, to the minute).
    public var stamp: String {
        "\(String(at.prefix(16)).replacingOccurrences(of: "T", with: " ")) \(user)\(documentId.map { " on \($0)" } ?? "")"
    }
}
