/// A key press, as the dashboard sees it (terminal-independent).
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl plus a letter, e.g. `.control("l")`.
    case control(Character)
    case function(Int)
    /// The terminal was resized.
    case resize
    /// Pasted text starts / ends (bracketed paste): what comes between is text, not keys.
    case pasteStart, pasteEnd
    case unknown(Int32)

    /// The name shown in hints and help: "q", "Enter", "PgDn", "Ctrl-L".
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .control(let c): return "Ctrl-" + String(c).uppercased()
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .pasteStart: return "paste"
        case .pasteEnd: return "end of paste"
        case .unknown(let k): return "key \(k)"
        }
    }
}
