/// Output format of a headless report.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned text for people (grouped amounts, sanitised names).
    case table
    /// RFC 4180 CSV with plain `1234.56` amounts.
    case csv
    /// JSON with amounts as decimal strings (DESIGN/issue shapes).
    case json
}
