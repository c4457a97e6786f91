import Receivables
import TerminalUI

/// Who an annotation is about: a customer, or one of its documents.
public struct AnnotationTarget: Equatable, Sendable {
    public var customerId: String
    public var documentId: String?
    public var currency: String?

    public var label: String { documentId.map { "\(customerId) / \($0)" } ?? customerId }
}

/// A text being typed, with a cursor, edited with the usual readline keys.
public struct TextField: Equatable, Sendable {
    public var text: [Character] = []
    public var cursor = 0
    /// Line breaks allowed (the note editor).
    public var multiline = false
    /// Longest text accepted (characters); the dialog says when it is reached.
    public static let limit = 20_000

    public var string: String { String(text) }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            // Never a control character from the keyboard or a paste.
            guard c.unicodeScalars.allSatisfy({ !Sanitizable.isControl($0) }) else { return true }
            guard text.count < TextField.limit else { return true }
            text.insert(c, at: cursor); cursor += 1
        case .control("j") where multiline:
            guard text.count < TextField.limit else { return true }
            text.insert("\n", at: cursor); cursor += 1
        case .backspace, .control("h"): if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .control("d"): if cursor < text.count { text.remove(at: cursor) }
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = lineStart()
        case .end, .control("e"): cursor = lineEnd()
        case .control("u"): let s = lineStart(); text.removeSubrange(s..<cursor); cursor = s
        case .control("k"): let e = lineEnd(); text.removeSubrange(cursor..<e)
        case .control("w"):
            var s = cursor
            while s > 0 && text[s - 1] == " " { s -= 1 }
            while s > 0 && text[s - 1] != " " && text[s - 1] != "\n" { s -= 1 }
            text.removeSubrange(s..<cursor); cursor = s
        default: return false
        }
        return true
    }

    private func lineStart() -> Int { var i = cursor; while i > 0 && text[i - 1] != "\n" { i -= 1 }; return i }
    private func lineEnd() -> Int { var i = cursor; while i < text.count && text[i] != "\n" { i += 1 }; return i }
}

/// The small dialogs of the annotation keys.
public enum Prompt: Equatable, Sendable {
    /// `f`: a letter toggles a flag.
    case flags(AnnotationTarget)
    /// `n`: a note; Enter saves, Ctrl-J adds a line, Esc cancels (asks when text was typed).
    case note(AnnotationTarget, TextField)
    /// `p`: promise date, then amount.
    case promiseDate(AnnotationTarget, TextField)
    case promiseAmount(AnnotationTarget, CivilDate, TextField)
    /// `u`: follow-up date.
    case followUp(AnnotationTarget, TextField)
    /// `a`: collector.
    case assign(AnnotationTarget, TextField)
    /// Esc with text typed: discard it?
    case confirmDiscard(Box)

    /// Text typed into the dialog that quitting would throw away.
    public var hasTypedText: Bool {
        switch self {
        case .note(_, let f), .promiseDate(_, let f), .promiseAmount(_, _, let f), .followUp(_, let f), .assign(_, let f): return !f.text.isEmpty
        case .flags, .confirmDiscard: return false
        }
    }

    /// Indirection so a prompt can hold the prompt it would return to.
    public final class Box: Equatable, @unchecked Sendable {
        public let prompt: Prompt
        init(_ p: Prompt) { prompt = p }
        public static func == (a: Box, b: Box) -> Bool { a.prompt == b.prompt }
    }
}

/// Dates as a person types them: "2026-12-05", "+7" (days), "today", "tomorrow", or a
/// weekday ("fri", "friday": the next one after today).
public enum RelativeDate {
    public static func parse(_ text: String, today: CivilDate) -> CivilDate? {
        let t = text.lowercased().filter { $0 != " " }
        if let d = CivilDate(iso: t), t.count == 10 { return d }
        if t == "today" { return today }
        if t == "tomorrow" { return today.advanced(by: 1) }
        if t.hasPrefix("+"), let n = Int(t.dropFirst()), (0...3650).contains(n) { return today.advanced(by: n) }
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        if t.count >= 3, let i = days.firstIndex(where: { t.hasPrefix($0) }) {
            let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][i]
            guard full.hasPrefix(t) else { return nil }
            var ahead = (i + 1) - today.isoWeekday
            if ahead <= 0 { ahead += 7 }
            return today.advanced(by: ahead)
        }
        return nil
    }
}
