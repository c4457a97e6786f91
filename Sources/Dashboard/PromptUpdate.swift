import Receivables
import TerminalUI

/// Keys while a dialog is open.
enum PromptUpdate {
    static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard let prompt = state.prompt else { return [] }
        let today = state.model.asOf
        // Release the stored dialog so the text being edited is uniquely referenced and
        // each key edits it in place (a long paste stays linear, not quadratic).
        state.prompt = nil
        switch prompt {
        case .flags(let t):
            state.prompt = prompt
            if key == .escape { state.prompt = nil; return [] }
            guard case .character(let c) = key, let flag = AccountFlag.allCases.first(where: { Character($0.letter.lowercased()) == c }) else { return [] }
            if flag == .promise && !currentFlags(state, t).contains(.promise) {
                state.prompt = .promiseDate(t, TextField()); return []
            }
            state.prompt = nil
            let set = !currentFlags(state, t).contains(flag)
            return [.record(JournalEvent(kind: set ? .flagSet : .flagClear, customerId: t.customerId, documentId: t.documentId, flag: flag))]
        case .note(let t, var field):
            switch key {
            case .enter:
                let text = field.string.trimmingCharacters(in: .whitespacesAndNewlines)
                state.prompt = nil
                return text.isEmpty ? [] : [.record(JournalEvent(kind: .note, customerId: t.customerId, documentId: t.documentId, text: text))]
            case .escape:
                state.prompt = field.text.isEmpty ? nil : .confirmDiscard(Prompt.Box(prompt))
            default:
                _ = field.edit(key); state.prompt = .note(t, field)
            }
        case .promiseDate(let t, var field):
            switch key {
            case .escape: state.prompt = nil
            case .enter:
                guard let d = RelativeDate.parse(field.string, today: today) else {
                    state.message = "not a date: try 2026-12-05, +7, fri"; state.prompt = .promiseDate(t, field); return []
                }
                state.prompt = .promiseAmount(t, d, TextField())
            default: _ = field.edit(key); state.prompt = .promiseDate(t, field)
            }
        case .promiseAmount(let t, let d, var field):
            switch key {
            case .escape: state.prompt = nil
            case .enter:
                let text = field.string.trimmingCharacters(in: .whitespaces)
                let digits = t.currency.flatMap { Currency(code: $0)?.minorDigits } ?? 2
                var amount: String? = nil
                if !text.isEmpty {
                    guard case .value(let v, _) = AmountParser.parse(text, digits: digits,
                                                                    format: AmountFormat(decimalSeparator: UInt8(ascii: text.contains(",") && !text.contains(".") ? "," : "."))) else {
                        state.message = "not an amount: \(text)"; state.prompt = .promiseAmount(t, d, field); return []
                    }
                    guard v > 0 else { state.message = "a promised amount is more than zero"; state.prompt = .promiseAmount(t, d, field); return [] }
                    amount = Money.decimalString(v, digits: digits)
                }
                state.prompt = nil
                return [.record(JournalEvent(kind: .flagSet, customerId: t.customerId, documentId: t.documentId, flag: .promise,
                                             date: d, amount: amount, currency: amount == nil ? nil : t.currency))]
            default: _ = field.edit(key); state.prompt = .promiseAmount(t, d, field)
            }
        case .followUp(let t, var field):
            switch key {
            case .escape: state.prompt = nil
            case .enter:
                guard let d = RelativeDate.parse(field.string, today: today) else {
                    state.message = "not a date: try 2026-12-05, +7, fri"; state.prompt = .followUp(t, field); return []
                }
                state.prompt = nil
                return [.record(JournalEvent(kind: .followUp, customerId: t.customerId, documentId: t.documentId, date: d))]
            default: _ = field.edit(key); state.prompt = .followUp(t, field)
            }
        case .assign(let t, var field):
            switch key {
            case .escape: state.prompt = nil
            case .enter:
                let name = field.string.trimmingCharacters(in: .whitespaces)
                state.prompt = nil
                return name.isEmpty ? [] : [.record(JournalEvent(kind: .assign, customerId: t.customerId, documentId: t.documentId, collector: name))]
            default: _ = field.edit(key); state.prompt = .assign(t, field)
            }
        case .confirmDiscard(let back):
            state.prompt = prompt
            switch key {
            case .character("y"), .character("Y"): state.prompt = nil
            case .character("n"), .character("N"), .escape: state.prompt = back.prompt
            default: break
            }
        }
        return []
    }

    static func currentFlags(_ s: AppState, _ t: AnnotationTarget) -> Set<AccountFlag> {
        if let d = t.documentId { return s.annotations.document(customer: t.customerId, d)?.flags ?? [] }
        return s.annotations.customer(t.customerId)?.flags ?? []
    }
}
