/// One thing wrong (or worth knowing) in the ledger's files, tied to a place in them.
///
/// Printed as `file:line: field: reason`, the form editors and `grep` understand.
public struct LedgerProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: Int, Sendable, Comparable {
        /// A decision the loader made that the user should know of (a detected format, a
        /// rounded amount); nothing was lost.
        case notice
        /// The row loaded, but something is odd (a duplicate identical row counted once,
        /// an unknown customer given a placeholder).
        case warning
        /// The row (or file) was rejected and is not in the ledger.
        case error

        public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
        public var label: String { ["notice", "warning", "error"][rawValue] }
    }

    public var severity: Severity
    /// File name relative to the ledger folder ("invoices.csv").
    public var file: String
    /// 1-based physical line; nil for a problem with the whole file.
    public var line: Int?
    /// Native column name ("amount"), or nil.
    public var field: String?
    public var reason: String

    public init(_ severity: Severity, file: String, line: Int?, field: String?, _ reason: String) {
        self.severity = severity; self.file = file; self.line = line; self.field = field; self.reason = reason
    }

    /// "invoices.csv:12: amount: not a number" (severity not included).
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "\(field): " }
        return s + reason
    }
}
