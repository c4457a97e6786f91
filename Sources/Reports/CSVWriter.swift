/// RFC 4180 output: a field is quoted when it holds the delimiter, a quote, CR or LF.
///
/// A text field that a spreadsheet would run as a formula (it starts with =, +, -, @, a
/// tab or CR, and is not a number such as "-500.00") gets a leading apostrophe, the
/// OWASP "CSV injection" defence: a customer named "=HYPERLINK(…)" in an export opens in
/// Excel as text, not as a live link. Numbers are never touched.
public enum CSVWriter {
    public static func field(_ raw: String) -> String {
        var s = raw
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(s) { s = "'" + s }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// "-500.00", "+3", "-1.5e3" style plain numbers (what report columns hold).
    static func isNumber(_ s: String) -> Bool {
        var t = Substring(s)
        if t.first == "-" || t.first == "+" { t = t.dropFirst() }
        guard let f = t.first, f.isASCII, f.isNumber else { return false }
        return t.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." }
    }

    /// One line, LF-terminated.
    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
