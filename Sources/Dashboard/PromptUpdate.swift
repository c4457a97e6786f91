import Receivables
import TerminalUI

/// Keys while a dialog is open.
enum PromptUpdate {

    /// A known ISO 4217 code at the start or end of `text` ("18.00 EUR", "eur 18.00"),
    /// upper-cased, and the rest trimmed; nil when there is none.
    static func currencyToken(_ text: String) -> (String, String)? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2 else { return nil }
        for (word, rest) in [(words.first!, words.dropFirst()), (words.last!, words.dropLast())] {
            if word.count == 3, word.allSatisfy({ $0.isASCII && $0.isLetter }), let c = Currency(code: word.uppercased()), c.isKnownISO4217 {
                return (c.code, rest.joined(separator: " "))
            }
        }
        return nil
    }
    static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard let prompt = state.prompt else { return [] }
        // Promises and follow-ups are about the real calendar, even on a past as-of date.
        let today = state.model.actionDay
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
                // A promise made today for a day already past would be broken at once.
                guard let d = dateFromToday(field.string, today: today, what: "a promise to pay", state: &state) else {
                    state.prompt = .promiseDate(t, field); return []
                }
                state.prompt = .promiseAmount(t, d, TextField())
            default: _ = field.edit(key); state.prompt = .promiseDate(t, field)
            }
        case .promiseAmount(let t, let d, var field):
            switch key {
            case .escape: state.prompt = field.text.isEmpty ? nil : .confirmDiscard(Prompt.Box(prompt))   // typed: ask first
            case .enter:
                var text = field.string.trimmingCharacters(in: .whitespaces)
                // A currency code before or after the amount ("18.00 EUR", "EUR 18.00") is
                // the promise's; else the customer's (a GBP customer may promise in EUR).
                var currency = t.currency
                if let (code, rest) = PromptUpdate.currencyToken(text) { currency = code; text = rest }
                // A currency the customer's payments cannot be set against could never be judged.
                if let c = currency.flatMap(Currency.init(code:)), let own = t.currency.flatMap(Currency.init(code:)),
                   !state.model.ledger.canCompare(c, own) {
                    state.message = "no exchange rate sets \(c.code) against \(own.code) in fx.csv: give the promise in \(own.code)"
                    state.prompt = .promiseAmount(t, d, field); return []
                }
                let digits = currency.flatMap { Currency(code: $0)?.minorDigits } ?? 2
                var amount: String? = nil
                if !text.isEmpty {
                    guard let v = parseAmount(text, digits: digits) else {
                        let sample = AmountText.style.format(123_456, digits: 2)
                        state.message = "not an amount: \(text) (write it as \(sample) or 1234.56)"; state.prompt = .promiseAmount(t, d, field); return []
                    }
                    guard v > 0 else { state.message = "a promised amount is more than zero"; state.prompt = .promiseAmount(t, d, field); return [] }
                    amount = Money.decimalString(v, digits: digits)
                }
                state.prompt = nil
                return [.record(JournalEvent(kind: .flagSet, customerId: t.customerId, documentId: t.documentId, flag: .promise,
                                             date: d, amount: amount, currency: amount == nil ? nil : currency))]
            default: _ = field.edit(key); state.prompt = .promiseAmount(t, d, field)
            }
        case .followUp(let t, var field):
            switch key {
            case .escape: state.prompt = nil
            case .enter:
                guard let d = dateFromToday(field.string, today: today, what: "a follow-up", state: &state) else {
                    state.prompt = .followUp(t, field); return []
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

    /// A typed date (2026-12-05, +7, fri) that is today or later; nil, with the reason in
    /// the status line, otherwise.
    static func dateFromToday(_ text: String, today: CivilDate, what: String, state: inout AppState) -> CivilDate? {
        guard let d = RelativeDate.parse(text, today: today) else { state.message = "not a date: try 2026-12-05, +7, fri"; return nil }
        guard d >= today else { state.message = "\(what) is for today or later (\(d) is past)"; return nil }
        return d
    }

    /// A typed amount in minor units: grouped as the screens show it ("1,234.56" or
    /// "1 234,56", per the user's number style), or plain "1234.56". Anything else, and
    /// digits the currency does not have, is refused rather than guessed: "1,000" under
    /// an English style is one thousand, never one.
    static func parseAmount(_ text: String, digits: Int) -> Int64? {
        let style = AmountText.style
        var t = text.filter { $0 != " " && $0 != "\u{A0}" && $0 != "\u{202F}" && $0 != "\u{2009}" }
        let spaceGroups = style.groupSeparator.isEmpty || style.groupSeparator.allSatisfy { $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" || $0 == "\u{2009}" }
        let group: Character? = spaceGroups ? nil : style.groupSeparator.first
        let decimal = Character(style.decimalSeparator)
        // Grouped as the style writes it: 1–3 digits, then groups of exactly 3.
        var intPart = t, frac = ""
        if let k = t.lastIndex(of: decimal) { intPart = String(t[..<k]); frac = String(t[t.index(after: k)...]) }
        let groups = group.map { g in intPart.split(separator: g, omittingEmptySubsequences: false).map(String.init) } ?? [intPart]
        let grouped = !groups.isEmpty && groups.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && groups.dropFirst().allSatisfy { $0.count == 3 } && groups[0].count <= (groups.count > 1 ? 3 : 18)
            && frac.allSatisfy { $0.isASCII && $0.isNumber } && (frac.isEmpty == !t.contains(decimal))
        if grouped { t = groups.joined() + (frac.isEmpty ? "" : "." + frac) }
        else if let k = t.firstIndex(of: ","), t.filter({ $0 == "," }).count == 1, !t.contains("."),
                (1...2).contains(t.distance(from: k, to: t.endIndex) - 1) {
            t.replaceSubrange(k...k, with: ".")   // "950,5": a decimal comma (a group has three digits)
        }
        if !t.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) { return nil }   // else plain 1234.56 only
        // "1.000" is a thousand to half of Europe: more decimals than the currency has,
        // even zeros, are refused rather than read as 1.00.
        if let dot = t.firstIndex(of: "."), t.distance(from: dot, to: t.endIndex) - 1 > digits { return nil }
        guard case .value(let v, let rounded) = AmountParser.parse(t, digits: digits), !rounded else { return nil }
        return v
    }

    static func currentFlags(_ s: AppState, _ t: AnnotationTarget) -> Set<AccountFlag> {
        if let d = t.documentId { return s.annotations.document(customer: t.customerId, d)?.flags ?? [] }
        return s.annotations.customer(t.customerId)?.flags ?? []
    }
}
