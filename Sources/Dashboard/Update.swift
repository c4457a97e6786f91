import Receivables
import TerminalUI

/// What the loop must do after an update (update itself touches no file or terminal).
public enum Effect: Equatable, Sendable {
    case quit
    /// Clear and repaint the whole terminal (Ctrl-L).
    case repaint
    /// Append this event to the shared journal (the loop does the file work).
    case record(JournalEvent)
}

/// The pure update function: a key or a resize changes the state.
public enum Update {
    /// Applies `key` to `state`.
    /// - Returns: effects for the loop to run.
    @discardableResult
    public static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        if key == .resize { return [] }
        if key == .pasteStart { state.pasting = true; state.pastedCR = false; return [] }
        if key == .pasteEnd { state.pasting = false; return [] }
        if state.pasting { return paste(&state, key) }
        // Below the minimum size only quitting makes sense (the screen says so), but for an
        // open dialog: what is typed goes on into it, Enter included (a trial's keys typed
        // into a note while the terminal was small were dropped without a word).
        if state.width < Layout.minWidth || state.height < Layout.minHeight {
            if state.prompt != nil { return PromptUpdate.handle(&state, key == .control("j") && !state.isNoteOpen ? .enter : key) }
            return key == .character("q") || key == .control("c") ? [.quit] : []
        }
        // A line feed is Enter except in a note, where Ctrl-J breaks the line: keys typed
        // while the dashboard was starting reach it with Enter made a line feed by the
        // terminal's cooked mode (a trial's "/C0001⏎w" became the filter "C0001w").
        var key = key
        if key == .control("j") {
            if case .note = state.prompt {} else { key = .enter }
        }
        if state.prompt != nil { return PromptUpdate.handle(&state, key) }
        // The worklist cursor index follows its customer before any key acts on it (the
        // list may have changed under it since the last key).
        if state.screen == .worklist { state.workCursor = state.workIndex }
        if state.editingFilter { return editFilter(&state, key) }
        guard let action = Keymap.action(for: key) else { return [] }
        switch action {
        case .quit: return [.quit]
        case .redraw: return [.repaint]
        case .help: if state.screen != .help { state.screens.append(.help) }
        case .dashboard: state.screens = [.dashboard]
        case .customers:
            if state.screen != .customers { state.screens.append(.customers); state.listCursor = 0; state.listScroll = 0 }
        case .worklist:
            if state.screen != .worklist { state.screens.append(.worklist); state.workCursor = 0; state.workScroll = 0; state.workCustomer = nil }
        case .kpi:
            if state.screen != .kpi { state.screens.append(.kpi); state.detailScroll = 0 }
        case .problems:
            if state.screen != .problems { state.screens.append(.problems); state.detailScroll = 0 }
        case .back:
            if state.screens.count > 1 { state.screens.removeLast() }
            else if !state.filter.isEmpty || state.bucketFilter != nil {
                state.filter = ""; state.bucketFilter = nil; state.refilter()
            }
        case .filter:
            if state.screen == .dashboard { state.editingFilter = true; state.focus = .overdue }
            else if state.screen == .customers { state.editingFilter = true }
            else { state.message = "filtering applies to the overdue list (d) and the customer list (c)" }
        case .sort where state.screen == .customers:
            let all = CustomerSort.allCases
            state.customerSort = all[(all.firstIndex(of: state.customerSort)! + 1) % all.count]
            state.customersReversed = false
            state.listCursor = 0; state.listScroll = 0
            state.refilter()
        case .reverseSort where state.screen == .customers:
            state.customersReversed.toggle(); state.listCursor = 0; state.listScroll = 0; state.refilter()
        case .sort where state.screen != .dashboard, .reverseSort where state.screen != .dashboard:
            state.message = "sorting applies to the overdue list (d: dashboard) and the customer list (c)"
        case .sort:
            let all = OverdueSort.allCases
            state.sort = all[(all.firstIndex(of: state.sort)! + 1) % all.count]
            state.reversed = false
            state.cursor = 0; state.scroll = 0
            state.refilter()
        case .reverseSort:
            state.reversed.toggle(); state.cursor = 0; state.scroll = 0; state.refilter()
        case .nextPanel, .previousPanel:
            if state.screen == .dashboard { state.focus = state.focus == .aging ? .overdue : .aging }
        case .open: open(&state)
        case .nextCurrency:
            let n = state.model.aging.sections.count
            if n > 1 { state.section = (state.section + 1) % n } else { state.message = "one currency: nothing to switch" }
        case .flag, .note, .promise, .followUp, .assign:
            guard let target = state.annotationTarget else {
                state.message = "select a document or a customer first"; return []
            }
            switch action {
            case .flag: state.prompt = .flags(target)
            case .note: state.prompt = .note(target, TextField(multiline: true))
            case .promise: state.prompt = .promiseDate(target, TextField())
            case .followUp: state.prompt = .followUp(target, TextField())
            default: state.prompt = .assign(target, TextField())
            }
        case .up, .down, .pageUp, .pageDown, .top, .bottom: move(&state, action)
        }
        return []
    }

    /// A pasted key: text goes into the open field (a line break only into a note), and
    /// nothing pasted ever runs a command or leaves a dialog.
    static func paste(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard case .character = key else {
            // A pasted CRLF is one line break (a trial's "A\r\nB" became A, a blank line, B).
            let afterCR = state.pastedCR
            state.pastedCR = key == .enter
            if key == .control("j") && afterCR { return [] }
            if key == .enter || key == .control("j"), case .note(let t, var f) = state.prompt {
                state.prompt = nil   // unique reference: edit in place
                _ = f.edit(.control("j")); state.prompt = .note(t, f)
            } else if key == .tab {
                return paste(&state, .character(" "))
            }
            return []
        }
        if state.editingFilter { return editFilter(&state, key) }
        if state.prompt != nil {
            if case .flags = state.prompt { return [] }
            if case .confirmDiscard = state.prompt { return [] }
            return PromptUpdate.handle(&state, key)
        }
        return []
    }

    static func editFilter(_ state: inout AppState, _ key: Key) -> [Effect] {
        switch key {
        case .enter: state.editingFilter = false
        case .escape: state.editingFilter = false; state.filter = ""
        case .backspace: if !state.filter.isEmpty { state.filter.removeLast() }
        case .control("u"): state.filter = ""
        case .character(let c):
            // Typed text never carries control characters.
            if c.unicodeScalars.allSatisfy({ !Sanitizable.isControl($0) }) && state.filter.count < 60 { state.filter.append(c) }
        default: return []
        }
        state.cursor = 0; state.scroll = 0
        state.refilter()
        return []
    }

    static func open(_ state: inout AppState) {
        switch state.screen {
        case .dashboard:
            if state.focus == .aging {
                state.bucketFilter = state.bucketFilter == state.bucketCursor ? nil : state.bucketCursor
                state.focus = .overdue
                state.cursor = 0; state.scroll = 0
                state.refilter()
            } else if state.cursor < state.visible.count {
                let o = state.model.overdue[Int(state.visible[state.cursor])]
                state.screens.append(.customer(o.customer)); state.detailScroll = 0
            }
        case .customers:
            if let line = state.selectedCustomerLine { state.screens.append(.customer(line.customer)); state.detailScroll = 0 }
        case .worklist:
            if let e = state.selectedWorkEntry { state.screens.append(.customer(e.customer)); state.detailScroll = 0 }
        case .customer, .help, .kpi, .problems: break
        }
    }

    static func move(_ state: inout AppState, _ action: Action) {
        let page = max(1, Layout.listRows(state) - 1)
        func step(_ value: inout Int, count: Int) {
            switch action {
            case .up: value -= 1
            case .down: value += 1
            case .pageUp: value -= page
            case .pageDown: value += page
            case .top: value = 0
            case .bottom: value = count - 1
            default: break
            }
            value = max(0, min(value, count - 1))
        }
        switch state.screen {
        case .dashboard:
            if state.focus == .aging { step(&state.bucketCursor, count: state.model.aging.scheme.count) }
            else { step(&state.cursor, count: state.visible.count) }
        case .customers: step(&state.listCursor, count: state.visibleCustomers.count)
        case .worklist:
            state.workCursor = state.workIndex
            step(&state.workCursor, count: state.worklist.entries.count)
            let w = state.worklist.entries
            state.workCustomer = state.workCursor < w.count ? w[state.workCursor].customer : nil
        // Scrolled screens stop at their last row, so that up moves at once after End.
        case .customer(let c):
            let total = CustomerView.rows(state, .standard, customer: c).count
            step(&state.detailScroll, count: max(1, total - CustomerView.visibleRows(height: state.height) + 1))
        case .help:
            step(&state.detailScroll, count: max(1, HelpView.lines(width: state.width).count - HelpView.visibleRows(height: state.height) + 1))
        case .problems:
            step(&state.detailScroll, count: max(1, ProblemsView.lines(state, width: state.width).count - ProblemsView.visibleRows(height: state.height) + 1))
        case .kpi:
            step(&state.detailScroll, count: max(1, (state.model.kpi(section: state.section)?.count ?? 0) - (state.height - 4) + 1))
        }
    }
}

/// Control-character test shared by typed text.
enum Sanitizable {
    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }
}
