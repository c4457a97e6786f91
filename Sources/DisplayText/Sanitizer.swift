/// Makes text from data safe to show: no control character ever reaches a terminal.
///
/// C0 controls become their Unicode control pictures (ESC → ␛, BEL → ␇), DEL becomes ␡,
/// a line break becomes ⏎ (BR-25), C1 controls (U+0080–U+009F, e.g. the one-byte CSI) and
/// bidirectional overrides/isolates (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C)
/// become "�" so that no row is reordered (BR-38). Each placeholder is one column wide.
public enum Sanitizer {
    /// Sanitised text; `ascii` gives pure ASCII for terminals whose locale is not UTF-8:
    /// `^[` for controls, accented Latin letters without their accents, "?" for the rest.
    public static func clean(_ text: String, ascii: Bool = false) -> String {
        // Fast path: nothing to replace.
        if !text.unicodeScalars.contains(where: { needsReplacement($0) || (!$0.isASCII && (ascii || $0.value >= 0x200D)) }) { return text }
        let text = ascii ? text : simplifyClusters(text)
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            defer { previousCR = s.value == 0x0D }
            if !needsReplacement(s) {
                if ascii && !s.isASCII {
                    if let base = Transliteration.base(of: s) { out.append(base) }
                    else if DisplayWidth.of(s) > 0 { out.append(contentsOf: String(repeating: "?", count: DisplayWidth.of(s)).unicodeScalars) }
                    continue
                }
                out.append(s); continue
            }
            switch s.value {
            case 0x0A where previousCR: continue                  // CRLF is one break
            case 0x0A, 0x0D, 0x2028, 0x2029: out.append(contentsOf: (ascii ? " " : "⏎").unicodeScalars)
            case 0x09: out.append(" ")
            case 0x00...0x1F:
                if ascii { out.append(contentsOf: "^\(Character(Unicode.Scalar(s.value + 0x40)!))".unicodeScalars) }
                else { out.append(Unicode.Scalar(0x2400 + s.value)!) }
            case 0x7F: out.append(contentsOf: (ascii ? "^?" : "␡").unicodeScalars)
            default: out.append(contentsOf: (ascii ? "?" : "\u{FFFD}").unicodeScalars)
            }
        }
        return String(out)
    }

    /// Characters whose width terminals disagree on are reduced to a form every terminal
    /// draws in the columns we count: emoji sequences joined by ZWJ keep their first
    /// emoji, skin-tone modifiers and variation selectors are dropped, a flag (a pair of
    /// regional indicators) becomes its two letters ("🇫🇷" → "FR"). Plain text is untouched.
    public static func simplifyClusters(_ text: String) -> String {
        var out = ""
        for ch in text {
            let scalars = ch.unicodeScalars
            if scalars.count == 1 {
                if let u = scalars.first, (0x1F1E6...0x1F1FF).contains(u.value) {
                    out.unicodeScalars.append(Unicode.Scalar(u.value - 0x1F1E6 + 0x41)!)
                } else if let u = scalars.first, (0xFE00...0xFE0F).contains(u.value) || (0x1F3FB...0x1F3FF).contains(u.value) || u.value == 0x200D {
                    continue
                } else {
                    out.append(ch)
                }
                continue
            }
            if scalars.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }) {
                for u in scalars { out.unicodeScalars.append(Unicode.Scalar(u.value - 0x1F1E6 + 0x41)!) }
                continue
            }
            // A cluster of letters (an Indic conjunct "क्ष", a vowel sign, a joiner inside a
            // Sinhala "ශ්‍රී") is text, kept whole: only a joiner after an ASCII letter goes. (A trial
            // saw "क्षत्रिय" lose letters whenever an emoji was elsewhere in the name.)
            if !scalars.contains(where: isEmojiPart) {
                var k = Array(scalars)
                // A joiner shapes the next letter in scripts such as Sinhala; after an ASCII letter it joins nothing.
                while k.count > 1, k.last!.value == 0x200D, k[0].isASCII { k.removeLast() }
                out.unicodeScalars.append(contentsOf: k)
                continue
            }
            // Emoji: keep the base and its combining marks; stop at a joiner; drop modifiers.
            var kept = String.UnicodeScalarView()
            for (i, u) in scalars.enumerated() {
                if u.value == 0x200D { break }
                if (0xFE00...0xFE0F).contains(u.value) || (0x1F3FB...0x1F3FF).contains(u.value) || (0xE0020...0xE007F).contains(u.value) { continue }
                if i > 0 && DisplayWidth.of(u) > 0 { break }   // a second spacing scalar in one cluster
                kept.append(u)
            }
            out.unicodeScalars.append(contentsOf: kept)
        }
        return out
    }

    /// Scalars of emoji sequences: pictographs and symbols, skin tones, variation
    /// selector 16, the keycap, tags.
    static func isEmojiPart(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x2190...0x2BFF, 0x1F000...0x1FAFF, 0xFE0F, 0x20E3, 0xE0020...0xE007F: return true
        default: return false
        }
    }

    /// Whether a scalar must not be sent to a terminal as is.
    public static func needsReplacement(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        switch v {
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

/// Latin letters with diacritics and their base letters (Latin-1 Supplement and
/// Latin Extended-A): for accent-insensitive search and ASCII-only terminals.
public enum Transliteration {
    /// The base letter of `s` ("é" → "e", "Ç" → "C"), nil when it is not such a letter.
    public static func base(of s: Unicode.Scalar) -> Unicode.Scalar? {
        table[s.value].map { Unicode.Scalar($0)! }
    }

    private static let table: [UInt32: UInt32] = {
        var m: [UInt32: UInt32] = [:]
        let groups: [(String, String)] = [("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
                                          ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
                                          ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"),
                                          ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z")]
        // Typographic marks of the screens, so an ASCII terminal shows them legibly.
        for (mark, ascii) in [("·", "|"), ("—", "-"), ("–", "-"), ("…", "~"), ("▏", "|"), ("×", "x"), ("▼", "v"), ("▲", "^"),
                              ("▸", ">"), ("←", "<"), ("→", ">"), ("↑", "^"), ("↓", "v"), ("’", "'"), ("“", "\""), ("”", "\"")] {
            m[mark.unicodeScalars.first!.value] = ascii.unicodeScalars.first!.value
        }
        for (letters, base) in groups {
            for u in letters.unicodeScalars { m[u.value] = base.unicodeScalars.first!.value }
            for u in letters.uppercased().unicodeScalars where u.value > 0x7F {
                m[u.value] = base.uppercased().unicodeScalars.first!.value
            }
        }
        return m
    }()
}
