/// A JSON value with ordered object keys, written deterministically (scripts and tests
/// compare outputs byte for byte).
public indirect enum JSON: Sendable, Equatable {
    case string(String)
    /// A number written as is (already formatted: "12", "61.0").
    case number(String)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.rendered() == b.rendered() }

    /// Compact text, or indented with two spaces when `pretty`.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(&out, indent: pretty ? 0 : -1)
        return out
    }

    /// Two spaces per level, made once: a report of 50,000 customers writes ~10 values each.
    private static let pads: [String] = (0..<16).map { String(repeating: "  ", count: $0) }
    private static func pad(_ depth: Int) -> String { depth < pads.count ? pads[depth] : String(repeating: "  ", count: depth) }

    private func write(_ out: inout String, indent: Int) {
        let pretty = indent >= 0
        let pad = pretty ? JSON.pad(indent + 1) : ""
        let closePad = pretty ? JSON.pad(indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .string(let s): JSON.escape(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            // Arrays of scalars stay on one line.
            if items.allSatisfy({ if case .array = $0 { return false }; if case .object = $0 { return false }; return true }) {
                out += "["
                for (i, v) in items.enumerated() { if i > 0 { out += pretty ? ", " : "," }; v.write(&out, indent: -1) }
                out += "]"
                return
            }
            out += "[" + nl
            for (i, v) in items.enumerated() {
                out += pad
                v.write(&out, indent: pretty ? indent + 1 : -1)
                if i < items.count - 1 { out += "," }
                out += nl
            }
            out += closePad + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in fields.enumerated() {
                out += pad
                JSON.escape(k, into: &out)
                out += pretty ? ": " : ":"
                v.write(&out, indent: pretty ? indent + 1 : -1)
                if i < fields.count - 1 { out += "," }
                out += nl
            }
            out += closePad + "}"
        }
    }

    /// RFC 8259 escaping; C0, DEL, C1 and bidi controls are written as \uXXXX so that
    /// printing JSON to a terminal can never drive it, while the data stays exact.
    static func escape(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: most strings need no escaping. Beyond ASCII only C1 controls (lead
        // byte C2), U+061C (D8) and the bidi controls U+200E–U+2069 (E2) ever do, so
        // accented names ("Négoce") are copied whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = u.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x061C || v == 0x200E || v == 0x200F
                    || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    let hex = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
