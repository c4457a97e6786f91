/// Display width of text in terminal columns, and cutting text to a width.
///
/// Our own table rather than the C library's `wcwidth`, so that widths do not depend on
/// the process locale (`wcwidth` returns -1 for every non-ASCII character under `LANG=C`)
/// and tests give the same result everywhere. East Asian Wide and Fullwidth ranges
/// (Unicode 15 UAX #11) and emoji presentation blocks are 2 columns; combining marks,
/// format characters and variation selectors are 0; everything else 1.
public enum DisplayWidth {
    /// Columns taken by one scalar (0, 1 or 2). Control characters count 1 here because
    /// `Sanitizer` draws each as a one-column placeholder.
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return v == 0x00AD ? 1 : 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if (0x1160...0x11FF).contains(v) { return 0 }   // Hangul medial vowels / final consonants
        return isWide(v) ? 2 : 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F320,
             0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3,
             0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D,
             0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A, 0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F,
             0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC,
             0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Columns taken by `text` once sanitised.
    public static func of(_ text: String) -> Int {
        var w = 0
        for s in text.unicodeScalars { w += of(s) }
        return w
    }

    /// `text` cut to at most `width` columns, ending with "…" when cut. Never splits a
    /// character: a wide character that would straddle the edge is dropped whole, and a
    /// combining mark stays with its base.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let ew = of(ellipsis)
        guard width >= ew else { return String(repeating: ".", count: width) }
        var out = ""
        var used = 0
        for ch in text {
            let w = min(2, ch.unicodeScalars.reduce(0) { $0 + of($1) })
            if used + w > width - ew { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns; `right` aligns right.
    /// `text` (one line) cut into lines of at most `width` display columns, at a space
    /// when there is one in the line, else between characters (never inside one).
    public static func wrap(_ text: String, to width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = [], line = "", lineWidth = 0
        var lastSpace: String.Index? = nil
        for ch in text {
            let w = of(String(ch))
            if lineWidth + w > width && !line.isEmpty {
                if let sp = lastSpace, sp > line.startIndex {
                    lines.append(String(line[..<sp]))
                    line = String(line[line.index(after: sp)...])
                } else {
                    lines.append(line); line = ""
                }
                lineWidth = of(line)
                lastSpace = nil
            }
            line.append(ch)
            lineWidth += w
            if ch == " " { lastSpace = line.index(before: line.endIndex) }
        }
        lines.append(line)
        return lines
    }

    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let t = truncate(text, to: width)
        let gap = max(0, width - of(t))
        let spaces = String(repeating: " ", count: gap)
        return right ? spaces + t : t + spaces
    }
}
