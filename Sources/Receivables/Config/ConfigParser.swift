import Foundation
import TOMLKit

/// An `ardash.toml` that cannot be used: a TOML syntax error, an unknown key, a value of
/// the wrong type or out of range. `line` is 1-based when known.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reads `ardash.toml` (TOML 1.0, parsed by TOMLKit/toml++) into a `LedgerConfig`.
///
/// Unknown keys are errors naming their line, so a typo ("delimeter") never silently
/// falls back to a default.
public enum ConfigParser {
    /// Native columns of each file, the keys `[files.X.columns]` and `[files.X.values]` accept.
    public static let nativeColumns: [LedgerFileKind: [String]] = [
        .customers: ["customer_id", "name", "currency", "credit_limit", "payment_terms", "collector",
                     "country", "email", "phone"],
        .invoices: ["document_id", "customer_id", "type", "document_date", "due_date", "currency", "amount",
                    "reference", "disputed", "paid_date", "payment_terms", "applies_to"],
        .payments: ["payment_id", "customer_id", "payment_date", "currency", "amount", "document_id", "reference"],
        .fx: ["date", "currency", "rate"],
    ]

    /// Parses the file at `url`.
    /// - Throws: `ConfigError` (file name, line, reason).
    public static func load(_ url: URL) throws -> LedgerConfig {
        let name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError(file: url.path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: name, line: nil, message: "not UTF-8 text")
        }
        return try parse(text, fileName: name)
    }

    /// Parses TOML text. `fileName` names the file in errors.
    /// - Throws: `ConfigError`.
    public static func parse(_ text: String, fileName: String = "ardash.toml") throws -> LedgerConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: fileName, line: e.source.begin.line, message: e.description)
        }
        let locator = KeyLocator(text: text)
        func fail(_ path: [String], _ key: String, _ message: String) -> ConfigError {
            ConfigError(file: fileName, line: locator.line(of: key, in: path), message: message)
        }
        var config = LedgerConfig()

        for key in table.keys {
            let value = table[key]!
            switch key {
            case "reporting_currency":
                guard let s = value.string, let c = Currency(code: s) else {
                    throw fail([], key, "reporting_currency: expected a three-letter ISO 4217 code such as \"EUR\"")
                }
                // An unknown code (a typo) would only show as "split by currency" later.
                guard c.isKnownISO4217 else {
                    throw fail([], key, "reporting_currency: \"\(s)\" is not an ISO 4217 currency code (EUR, USD, GBP…)")
                }
                config.reportingCurrency = c
            case "aging":
                guard let t = value.table else { throw fail([], key, "[aging] must be a table") }
                for k in t.keys {
                    let v = t[k]!
                    switch k {
                    case "basis":
                        guard let s = v.string, let b = AgingBasis(rawValue: s) else {
                            throw fail(["aging"], k, "aging.basis: expected \"due_date\" or \"document_date\"")
                        }
                        config.agingBasis = b
                    case "edges":
                        guard let a = v.array else { throw fail(["aging"], k, "aging.edges: expected a list of days such as [30, 60, 90, 120]") }
                        var edges: [Int] = []
                        for e in a {
                            guard let n = e.int, n > 0, n <= 36_500 else {
                                throw fail(["aging"], k, "aging.edges: every edge must be a whole number of days from 1 to 36500")
                            }
                            edges.append(n)
                        }
                        guard !edges.isEmpty else { throw fail(["aging"], k, "aging.edges: give at least one edge, e.g. [30, 60, 90, 120]") }
                        guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                            throw fail(["aging"], k, "aging.edges: edges must be strictly increasing, e.g. [30, 60, 90, 120]")
                        }
                        config.agingEdges = edges
                    case "allocate_credits":
                        guard let b = v.bool else { throw fail(["aging"], k, "aging.allocate_credits: expected true or false") }
                        config.allocateCredits = b
                    default:
                        throw fail(["aging"], k, "unknown key aging.\(k) (known: basis, edges, allocate_credits)")
                    }
                }
            case "format":
                guard let t = value.table else { throw fail([], key, "[format] must be a table") }
                config.format = try parseFormat(t, path: ["format"], fail: fail)
            case "display":
                guard let t = value.table else { throw fail([], key, "[display] must be a table") }
                for k in t.keys {
                    guard k == "number_format" else { throw fail(["display"], k, "unknown key display.\(k) (known: number_format)") }
                    guard let s = t[k]!.string, Self.numberSample(s) != nil else {
                        throw fail(["display"], k, "display.number_format: write 1234.56 as it should look, e.g. \"1 234,56\", \"1.234,56\", \"1,234.56\"")
                    }
                    config.numberFormat = s
                }
            case "journal":
                guard let t = value.table else { throw fail([], key, "[journal] must be a table") }
                for k in t.keys {
                    guard k == "path", let s = t[k]!.string else {
                        throw fail(["journal"], k, "unknown key journal.\(k) (known: path)")
                    }
                    // A file name is needed: "" or "dir/" would name a folder.
                    guard !s.trimmingCharacters(in: .whitespaces).isEmpty, !s.hasSuffix("/") else {
                        throw fail(["journal"], k, "journal.path must name a file (e.g. \"/srv/ar/journal.jsonl\")")
                    }
                    config.journalPath = s
                }
            case "files":
                guard let t = value.table else { throw fail([], key, "[files] must be a table") }
                for fileKey in t.keys {
                    guard let kind = LedgerFileKind(rawValue: fileKey) else {
                        throw fail(["files"], fileKey, "unknown file files.\(fileKey) (known: customers, invoices, payments, fx)")
                    }
                    guard let ft = t[fileKey]!.table else { throw fail(["files"], fileKey, "[files.\(fileKey)] must be a table") }
                    config.files[kind] = try parseFile(ft, kind: kind, fail: fail)
                }
            case "credit":
                guard let t = value.table else { throw fail([], key, "[credit] must be a table") }
                for k in t.keys {
                    guard k == "near_limit_percent" else { throw fail(["credit"], k, "unknown key credit.\(k) (known: near_limit_percent)") }
                    guard let n = t[k]!.int, (1...100).contains(n) else {
                        throw fail(["credit"], k, "credit.near_limit_percent: expected a whole percentage from 1 to 100, e.g. 80")
                    }
                    config.nearLimitPercent = n
                }
            case "dunning":
                guard let t = value.table else { throw fail([], key, "[dunning] must be a table") }
                for k in t.keys {
                    let v = t[k]!
                    switch k {
                    case "levels":
                        let levels = v.array.map { $0.compactMap { $0.int } } ?? []
                        guard let a = v.array, levels.count == a.count, !levels.isEmpty, levels.count <= 9,
                              levels.allSatisfy({ (1...3650).contains($0) }), zip(levels, levels.dropFirst()).allSatisfy({ $0 < $1 }) else {
                            throw fail(["dunning"], k, "dunning.levels: expected 1 to 9 strictly increasing days past due, e.g. [7, 21, 45]")
                        }
                        config.dunning.levels = levels
                    case "templates":
                        guard let s = v.string, !s.isEmpty else { throw fail(["dunning"], k, "dunning.templates: expected a folder name") }
                        config.dunning.templatesFolder = s
                    default:
                        throw fail(["dunning"], k, "unknown key dunning.\(k) (known: levels, templates)")
                    }
                }
            case "interest":
                guard let t = value.table else { throw fail([], key, "[interest] must be a table") }
                for k in t.keys {
                    let v = t[k]!
                    switch k {
                    case "law":
                        guard let s = v.string, let law = LatePaymentLaw(rawValue: s.lowercased()) else {
                            throw fail(["interest"], k, "interest.law: expected \"eu\" (reference rate + 8 points), \"fr\" (+ 10 points) or \"none\" (no statutory interest)")
                        }
                        config.interest.law = law
                    case "margin":
                        guard let bp = Self.basisPoints(v, allowNegative: true) else {
                            throw fail(["interest"], k, "interest.margin: expected percentage points with at most two decimals, e.g. 8 or 10.5")
                        }
                        guard (0...5000).contains(bp) else {
                            throw fail(["interest"], k, "interest.margin: \(Money.decimalString(Int64(bp), digits: 2)) points is out of range (0 to 50; the EU minimum is 8)")
                        }
                        config.interest.marginBasisPoints = bp
                    case "rates":
                        guard let s = v.string, !s.isEmpty else { throw fail(["interest"], k, "interest.rates: expected a file name") }
                        config.interest.ratesFile = s
                    default:
                        throw fail(["interest"], k, "unknown key interest.\(k) (known: law, margin, rates)")
                    }
                }
            case "provision":
                guard let t = value.table else { throw fail([], key, "[provision] must be a table") }
                for k in t.keys {
                    guard k == "rates" else { throw fail(["provision"], k, "unknown key provision.\(k) (known: rates)") }
                    let rates = t[k]!.array.map { $0.compactMap { Self.basisPoints($0, allowNegative: true) } } ?? []
                    guard let a = t[k]!.array, rates.count == a.count, !rates.isEmpty else {
                        throw fail(["provision"], k, "provision.rates: expected loss rates in percent per aging bucket, at most two decimals, e.g. [0.5, 2.2, 2.7, 4.5, 10]")
                    }
                    guard rates.allSatisfy({ (0...10_000).contains($0) }) else {
                        throw fail(["provision"], k, "provision.rates: every loss rate must be from 0 to 100 percent")
                    }
                    config.provisionRates = rates
                }
            default:
                throw fail([], key, "unknown key \(key) (known: reporting_currency, [aging], [format], [display], [journal], [credit], [dunning], [interest], [provision], [files.*])")
            }
        }
        if let r = config.provisionRates, r.count != config.agingEdges.count + 2 {
            throw fail(["provision"], "rates", "provision.rates has \(r.count) rates but the aging has \(config.agingEdges.count + 2) buckets (Current, one up to each of the [aging] edges, and one beyond the last)")
        }
        return config
    }

    /// A percentage written as a TOML number or string with at most two decimals, in
    /// hundredths of a percent: 2.2 → 220. TOML hands a written 2.2 over as a binary
    /// float; its shortest decimal text ("2.2", what was written) is parsed exactly, with
    /// no float arithmetic, and anything with more decimals (or an exponent) is refused.
    static func basisPoints(_ v: TOMLValueConvertible, allowNegative: Bool = false) -> Int? {
        let floor: Int64 = allowNegative ? -1_000_000 : 0
        if let i = v.int { return i.multipliedReportingOverflow(by: 100).overflow || Int64(i) * 100 < floor ? nil : i * 100 }
        if let s = v.string {
            guard case .value(let m, let rounded) = AmountParser.parse(s, digits: 2), !rounded, m >= floor, m <= 1_000_000 else { return nil }
            return Int(m)
        }
        if let d = v.double, d.isFinite {
            guard case .value(let m, let rounded) = AmountParser.parse(String(d), digits: 2), !rounded, m >= floor, m <= 1_000_000 else { return nil }
            return Int(m)
        }
        return nil
    }

    /// Reads a `[display] number_format` sample: 1234.56 as it should look ("1 234,56",
    /// "1.234,56", "1,234.56", "1'234.56", "1234.56").
    /// - Returns: the group separator (possibly empty) and the decimal mark, or nil.
    public static func numberSample(_ s: String) -> (group: String, decimal: String)? {
        guard s.hasPrefix("1"), s.hasSuffix("56") else { return nil }
        var body = s.dropFirst().dropLast(2)
        guard let dec = body.last, dec == "," || dec == "." else { return nil }
        body = body.dropLast()
        guard body.hasSuffix("234") else { return nil }
        let group = String(body.dropLast(3))
        guard ["", " ", "\u{00A0}", "\u{202F}", "\u{2009}", ",", ".", "'"].contains(group), group != String(dec) else { return nil }
        return (group, String(dec))
    }

    private static func parseFile(_ t: TOMLTable, kind: LedgerFileKind,
                                  fail: ([String], String, String) -> ConfigError) throws -> FileConfig {
        var fc = FileConfig()
        let path = ["files", kind.rawValue]
        let natives = nativeColumns[kind]!
        let formatKeys = TOMLTable()
        for k in t.keys {
            let v = t[k]!
            switch k {
            case "path":
                guard let s = v.string, !s.isEmpty else { throw fail(path, k, "files.\(kind.rawValue).path: expected a file name") }
                fc.path = s
            case "columns", "values":
                guard let sub = v.table else { throw fail(path, k, "[files.\(kind.rawValue).\(k)] must be a table") }
                for c in sub.keys {
                    guard natives.contains(c) else {
                        throw fail(path + [k], c, "unknown column \(c) in files.\(kind.rawValue).\(k) (native columns: \(natives.joined(separator: ", ")))")
                    }
                    guard let s = sub[c]!.string else { throw fail(path + [k], c, "files.\(kind.rawValue).\(k).\(c): expected a string") }
                    if k == "columns" { fc.columns[c] = s } else { fc.values[c] = s }
                }
            case "delimiter", "decimal_separator", "thousands_separator", "date_format", "encoding":
                formatKeys[k] = v
            case "skip_lines":
                guard let n = v.int, (0...1000).contains(n) else { throw fail(path, k, "files.\(kind.rawValue).skip_lines: expected a number of lines from 0 to 1000") }
                fc.skipLines = n
            case "receipts" where kind == .payments:
                guard let s = v.string, ["positive", "negative"].contains(s) else {
                    throw fail(path, k, "files.payments.receipts: expected \"positive\" (the default) or \"negative\" (money received written as a negative amount)")
                }
                fc.receiptsNegative = s == "negative"
            default:
                throw fail(path, k, "unknown key files.\(kind.rawValue).\(k) (known: path, columns, values, skip_lines, delimiter, decimal_separator, thousands_separator, date_format, encoding\(kind == .payments ? ", receipts" : ""))")
            }
        }
        fc.format = try parseFormat(formatKeys, path: path, fail: fail)
        return fc
    }

    private static func parseFormat(_ t: TOMLTable, path: [String],
                                    fail: ([String], String, String) -> ConfigError) throws -> FileFormat {
        var f = FileFormat()
        let prefix = path.joined(separator: ".")
        for k in t.keys {
            let v = t[k]!
            if ["skip_lines", "receipts", "path", "columns", "values"].contains(k) {
                throw fail(path, k, "\(prefix).\(k): \(k) is set per file, in [files.invoices], [files.payments], … (see the README)")
            }
            guard let s = v.string else { throw fail(path, k, "\(prefix).\(k): expected a string") }
            switch k {
            case "delimiter":
                let b = s == "\\t" ? [UInt8(9)] : Array(s.utf8)
                guard b.count == 1, [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")].contains(b[0]) else {
                    throw fail(path, k, "\(prefix).delimiter: expected \",\", \";\", \"|\" or \"\\t\"")
                }
                f.delimiter = b[0]
            case "decimal_separator":
                guard s == "." || s == "," else { throw fail(path, k, "\(prefix).decimal_separator: expected \".\" or \",\"") }
                f.decimalSeparator = Array(s.utf8)[0]
            case "thousands_separator":
                switch s {
                case "": f.thousandsSeparator = .some(nil)
                case " ", "\u{00A0}", "\u{202F}", "\u{2009}": f.thousandsSeparator = .some(0x20)
                case ",", ".", "'": f.thousandsSeparator = .some(Array(s.utf8)[0])
                default: throw fail(path, k, "\(prefix).thousands_separator: expected \"\", \" \", \",\", \".\" or \"'\"")
                }
            case "date_format":
                guard let d = DateFormat(config: s) else {
                    throw fail(path, k, "\(prefix).date_format: unknown format \"\(s)\" (known: yyyy-MM-dd, dd/MM/yyyy, d/M/yyyy, dd.MM.yyyy, MM/dd/yyyy, M/d/yyyy, yyyyMMdd, excel)")
                }
                f.dateFormat = d
            case "encoding":
                switch s.lowercased() {
                case "utf-8", "utf8": f.encoding = .utf8
                case "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1": f.encoding = .windows1252
                default: throw fail(path, k, "\(prefix).encoding: expected \"utf-8\" or \"windows-1252\"")
                }
            default:
                throw fail(path, k, "unknown key \(prefix).\(k) (known: delimiter, decimal_separator, thousands_separator, date_format, encoding)")
            }
        }
        if let d = f.decimalSeparator, let t = f.thousandsSeparator, let tt = t, tt == d {
            throw fail(path, "thousands_separator", "\(prefix): thousands_separator and decimal_separator are the same")
        }
        return f
    }
}

/// Finds the line of a key in TOML text, for error messages (toml++ via TOMLKit does not
/// expose key positions). Follows `[table]` headers; dotted headers are matched exactly.
struct KeyLocator {
    private var entries: [(table: [String], key: String, line: Int)] = []

    init(text: String) {
        var table: [String] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let inner = line.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
                table = inner.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces.union(["\""])) }
                entries.append((Array(table.dropLast()), table.last ?? "", i + 1))
                continue
            }
            if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = line[..<eq].trimmingCharacters(in: .whitespaces.union(["\""]))
                entries.append((table, key, i + 1))
            }
        }
    }

    func line(of key: String, in table: [String]) -> Int? {
        entries.first(where: { $0.table == table && $0.key == key })?.line
            ?? entries.first(where: { $0.key == key })?.line
    }
}
