/// The four CSV files of a ledger folder.
public enum LedgerFileKind: String, Sendable, CaseIterable, Hashable {
    case customers, invoices, payments, fx

    /// Native file name in the ledger folder ("invoices.csv").
    public var defaultFileName: String { rawValue + ".csv" }
}

/// Aging basis: which date days are counted from.
public enum AgingBasis: String, Sendable, Equatable {
    /// Days past due = as-of − due date; ≤ 0 is Current (DESIGN.md, Definitions).
    case dueDate = "due_date"
    /// Age = as-of − document date; the first bucket is 0…first edge.
    case documentDate = "document_date"
}

/// Text encoding of a file.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
}

/// How the values in one file are written. Every member is optional: nil means
/// "inherit from [format], else detect or use the default".
public struct FileFormat: Sendable, Equatable {
    /// ASCII delimiter byte.
    public var delimiter: UInt8?
    /// '.' or ','.
    public var decimalSeparator: UInt8?
    /// nil = not configured; `.some(nil)` = explicitly none.
    public var thousandsSeparator: UInt8??
    public var dateFormat: DateFormat?
    public var encoding: TextEncoding?

    public init(delimiter: UInt8? = nil, decimalSeparator: UInt8? = nil, thousandsSeparator: UInt8?? = nil,
                dateFormat: DateFormat? = nil, encoding: TextEncoding? = nil) {
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
        self.dateFormat = dateFormat
        self.encoding = encoding
    }

    /// `self` with gaps filled from `base`.
    public func overriding(_ base: FileFormat) -> FileFormat {
        FileFormat(delimiter: delimiter ?? base.delimiter,
                   decimalSeparator: decimalSeparator ?? base.decimalSeparator,
                   thousandsSeparator: thousandsSeparator ?? base.thousandsSeparator,
                   dateFormat: dateFormat ?? base.dateFormat,
                   encoding: encoding ?? base.encoding)
    }
}

/// `[files.X]`: where one file is and how its columns map to native columns.
public struct FileConfig: Sendable, Equatable {
    /// Path relative to the ledger folder (or absolute); nil = the native file name.
    public var path: String?
    public var format = FileFormat()
    /// native column name → column name in the file.
    public var columns: [String: String] = [:]
    /// native column name → constant value for every row (for columns the export lacks).
    public var values: [String: String] = [:]
    /// `[files.payments] receipts = "negative"`: the export writes money received as a
    /// negative amount (SAP line items, QuickBooks), so every payment amount is read with
    /// its sign turned. Only for the payments file.
    public var receiptsNegative = false
    /// `skip_lines = N`: lines above the header (a report title, an export date) that
    /// are not read; line numbers in messages stay the file's own.
    public var skipLines = 0

    public init(path: String? = nil, format: FileFormat = FileFormat(), columns: [String: String] = [:],
                values: [String: String] = [:]) {
        self.path = path
        self.format = format
        self.columns = columns
        self.values = values
    }
}

/// Everything `ardash.toml` can say (DESIGN.md, "ardash.toml"); every key has a default.
public struct LedgerConfig: Sendable, Equatable {
    /// Currency of reports and panels; nil = the ledger's only currency, or the one fx.csv
    /// converts into.
    public var reportingCurrency: Currency?
    public var agingBasis: AgingBasis = .dueDate
    /// Right-inclusive upper edges in days: [30, 60, 90, 120] gives Current, 1–30, 31–60,
    /// 61–90, 91–120, 120+. Strictly increasing, all > 0.
    public var agingEdges: [Int] = [30, 60, 90, 120]
    /// Unapplied cash and unallocated credit notes settle the customer's oldest open
    /// documents first (as of the report date) instead of staying as negative items.
    public var allocateCredits = false
    /// `[format]`: defaults for every file.
    public var format = FileFormat()
    public var files: [LedgerFileKind: FileConfig] = [:]
    /// `[display] number_format`, e.g. "1 234,56"; nil = from the locale.
    public var numberFormat: String?
    /// `[journal] path` (used by the journal, issue 4); nil = `.ardash/journal.jsonl`.
    public var journalPath: String?
    /// `[credit] near_limit_percent`: utilisation from which a customer is "near" its
    /// credit limit (over it from 100 %).
    public var nearLimitPercent = 80
    /// `[dunning]`: levels and templates.
    public var dunning = DunningConfig()
    /// `[interest]`: late-payment law.
    public var interest = InterestConfig()
    /// `[provision] rates`: IFRS 9 loss rate per aging bucket, hundredths of a percent
    /// (2.2 % = 220); nil = no matrix configured. As many rates as aging buckets.
    public var provisionRates: [Int]?

    public init() {}

    /// The file config for `kind` (empty when not configured).
    public func file(_ kind: LedgerFileKind) -> FileConfig { files[kind] ?? FileConfig() }

    /// The effective format of `kind`: its own keys over `[format]`.
    public func effectiveFormat(_ kind: LedgerFileKind) -> FileFormat {
        var f = file(kind).format.overriding(format)
        // fx.csv is most often kept by hand or from a rates feed, not in the ERP's
        // locale: its decimal mark is read from its own rates unless [files.fx] sets it.
        // [format]'s decimal comma read "0.758" as 758 (a trial: AR 2,834,000.00 for
        // 3,833.00), and rates, never grouped, do not take [format]'s thousands mark.
        if kind == .fx && file(kind).format.decimalSeparator == nil {
            f.decimalSeparator = nil
            if file(kind).format.thousandsSeparator == nil { f.thousandsSeparator = nil }
        }
        return f
    }
}

/// `[dunning]` in ardash.toml.
public struct DunningConfig: Sendable, Equatable {
    /// Days past due from which each level is reached, inclusive and strictly increasing:
    /// [7, 21, 45] = level 1 from 7 days past due, level 2 from 21, level 3 from 45.
    public var levels: [Int] = [7, 21, 45]
    /// Folder of the templates `level-1.txt`, `level-2.txt`, …, relative to the ledger
    /// folder, as named by `[dunning] templates`; nil when not named (then `dunning`).
    public var templatesFolder: String?
    /// The templates' folder in use: the one named, else `dunning`.
    public var templates: String { templatesFolder ?? "dunning" }
    /// The defaults: levels at 7, 21 and 45 days past due; templates in `dunning/`.
    public init() {}
}

/// Which late-payment law sets the statutory interest rate.
public enum LatePaymentLaw: String, Sendable, Equatable, CaseIterable {
    /// Directive 2011/7/EU art. 2(6)–(7): ECB reference rate + 8 points (the minimum).
    case eu
    /// France, Code de commerce L441-10: ECB rate + 10 points.
    case fr
    /// No statutory interest or fixed compensation is claimed (a ledger outside the EU,
    /// or a business that does not claim them).
    case none
    /// Margin over the reference rate, hundredths of a percent.
    public var marginBasisPoints: Int { self == .eu ? 800 : self == .fr ? 1000 : 0 }
    /// Whether interest and the fixed compensation are claimed.
    public var claimsInterest: Bool { self != .none }
    /// The law's name in reports and letters.
    public var name: String {
        switch self {
        case .eu: return "Directive 2011/7/EU"
        case .fr: return "Code de commerce L441-10"
        case .none: return "no statutory interest"
        }
    }
}

/// `[interest]` in ardash.toml.
public struct InterestConfig: Sendable, Equatable {
    public var law: LatePaymentLaw = .eu
    /// Margin over the reference rate in hundredths of a percent; nil = the law's.
    public var marginBasisPoints: Int?
    /// Reference rates file (`date,rate`), relative to the ledger folder, as named by
    /// `[interest] rates`; nil when not named (then `rates.csv`, if present).
    public var ratesFile: String?
    /// The rates file in use: the one named, else `rates.csv`. When the default is absent
    /// the built-in ECB table is used; a named file that is absent is reported.
    public var rates: String { ratesFile ?? "rates.csv" }
    /// The defaults: EU law (ECB rate + 8 points), reference rates from `rates.csv` when present.
    public init() {}
    /// The margin in force: the configured one, else the law's.
    public var margin: Int { marginBasisPoints ?? law.marginBasisPoints }
}
