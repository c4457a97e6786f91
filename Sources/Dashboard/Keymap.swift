import TerminalUI

/// Everything a key can do. One table (`Keymap.bindings`) drives dispatch, the hint bar
/// and the help screen, so they cannot drift apart (lazygit, k9s).
public enum Action: String, CaseIterable, Sendable {
    case up, down, pageUp, pageDown, top, bottom
    case nextPanel, previousPanel, open, back
    case filter, sort, reverseSort
    case dashboard, customers, worklist, kpi, problems, help, quit, redraw
    case flag, note, promise, followUp, assign
    case nextCurrency
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var description: String
    /// Shown in the hint bar (short label) when not nil.
    public var hint: String?

    /// Whether the action does something on `screen` (the hint bar shows only those).
    public func applies(to screen: Screen) -> Bool {
        switch (action, screen) {
        case (.nextPanel, .dashboard), (.filter, .dashboard), (.filter, .customers), (.sort, .dashboard), (.reverseSort, .dashboard),
             (.nextCurrency, .dashboard), (.nextCurrency, .kpi): return true
        case (.nextPanel, _), (.filter, _), (.sort, _), (.reverseSort, _), (.nextCurrency, _): return false
        case (.open, .customer), (.open, .help), (.open, .kpi), (.open, .problems): return false
        case (.flag, .problems), (.note, .problems), (.promise, .problems), (.followUp, .problems), (.assign, .problems): return false
        case (.flag, .help), (.note, .help), (.promise, .help), (.followUp, .help), (.assign, .help): return false
        case (.flag, .kpi), (.note, .kpi), (.promise, .kpi), (.followUp, .kpi), (.assign, .kpi): return false
        case (.back, .dashboard): return true
        default: return true
        }
    }
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.down, .character("j")], action: .down, description: "move down", hint: nil),
        Binding(keys: [.up, .character("k")], action: .up, description: "move up", hint: nil),
        Binding(keys: [.pageDown, .character("J"), .control("f")], action: .pageDown, description: "page down", hint: nil),
        Binding(keys: [.pageUp, .character("K"), .control("b")], action: .pageUp, description: "page up", hint: nil),
        Binding(keys: [.home, .character("g")], action: .top, description: "first row", hint: nil),
        Binding(keys: [.end, .character("G")], action: .bottom, description: "last row", hint: nil),
        Binding(keys: [.tab, .character("l"), .right], action: .nextPanel, description: "next panel", hint: "panel"),
        Binding(keys: [.backTab, .character("h"), .left], action: .previousPanel, description: "previous panel", hint: nil),
        Binding(keys: [.enter, .character("o")], action: .open, description: "open: a bucket filters the overdue list, a row opens its customer", hint: "open"),
        Binding(keys: [.escape, .character("b")], action: .back, description: "back / clear the filter", hint: "back"),
        Binding(keys: [.character("/")], action: .filter, description: "filter by customer name, id or document (accents and case ignored)", hint: "filter"),
        Binding(keys: [.character("s")], action: .sort, description: "next sort: days past due, open amount, customer, due date (customer list: balance, overdue, oldest, name)", hint: "sort"),
        Binding(keys: [.character("r")], action: .reverseSort, description: "reverse the sort", hint: nil),
        Binding(keys: [.character("f")], action: .flag, description: "flag the selected document or customer: dispute, promise, credit hold, escalated, legal, watch", hint: "flag"),
        Binding(keys: [.character("n")], action: .note, description: "write a note (Enter saves, Ctrl-J new line, Esc cancels)", hint: "note"),
        Binding(keys: [.character("p")], action: .promise, description: "record a promise to pay: date (2026-12-05, +7, fri) and amount", hint: nil),
        Binding(keys: [.character("u")], action: .followUp, description: "set a follow-up date", hint: nil),
        Binding(keys: [.character("a")], action: .assign, description: "assign to a collector", hint: nil),
        Binding(keys: [.character("x")], action: .nextCurrency, description: "next currency, when the ledger cannot be converted into one", hint: nil),
        Binding(keys: [.character("d")], action: .dashboard, description: "dashboard", hint: nil),
        Binding(keys: [.character("c")], action: .customers, description: "customer list", hint: "customers"),
        Binding(keys: [.character("w")], action: .worklist, description: "worklist: today's actions, broken promises and follow-ups first", hint: "worklist"),
        Binding(keys: [.character("m")], action: .kpi, description: "monthly KPIs: DSO, BPDSO, ADD, CEI, days to pay", hint: nil),
        Binding(keys: [.character("e")], action: .problems, description: "problems: the status message whole, and every row rejected or warned about (file:line: field: reason, as ardash check prints them)", hint: nil),
        Binding(keys: [.character("?")], action: .help, description: "help (this screen)", hint: "help"),
        Binding(keys: [.control("l")], action: .redraw, description: "redraw the screen", hint: nil),
        Binding(keys: [.character("q")], action: .quit, description: "quit", hint: "quit"),
    ]

    static let byKey: [Key: Action] = {
        var m: [Key: Action] = [:]
        for b in bindings { for k in b.keys where m[k] == nil { m[k] = b.action } }
        return m
    }()

    /// The action of a key, nil when unbound.
    public static func action(for key: Key) -> Action? { byKey[key] }
}
