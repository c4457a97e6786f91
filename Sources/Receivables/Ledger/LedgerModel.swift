/// A customer (debtor) of the ledger.
public struct Customer: Sendable, Equatable {
    /// Customer id exactly as written ("007" and "7" are two customers).
    public var id: String
    public var name: String
    /// Default currency of the customer's documents.
    public var currency: Currency?
    public var creditLimit: Money?
    public var terms: PaymentTerms?
    public var collector: String
    public var country: String
    public var email: String
    public var phone: String
    /// Not in customers.csv: inferred from a document or payment (named by its id).
    public var isPlaceholder: Bool
    /// Line in customers.csv, 0 for a placeholder.
    public var line: Int32
    /// Values of the file's unknown columns, in the file's order (`Ledger.extraColumns`).
    public var extras: [String]

    public init(id: String, name: String, currency: Currency? = nil, creditLimit: Money? = nil,
                terms: PaymentTerms? = nil, collector: String = "", country: String = "", email: String = "",
                phone: String = "", isPlaceholder: Bool = false, line: Int32 = 0, extras: [String] = []) {
        self.id = id; self.name = name; self.currency = currency; self.creditLimit = creditLimit
        self.terms = terms; self.collector = collector; self.country = country; self.email = email
        self.phone = phone; self.isPlaceholder = isPlaceholder; self.line = line; self.extras = extras
    }
}

extension Customer {
    /// The currency a credit limit is read in: its own, or for a limit written without
    /// one ("XXX": no currency column and no reporting currency) the customer's one
    /// currency, when all of `balances` (open amounts by currency, minor units) is in a
    /// single currency with the same minor digits; nil when it cannot be compared.
    public static func limitCurrency(_ limit: Money, balances: [Currency: Int64]) -> Currency? {
        guard limit.currency.code == "XXX" else { return limit.currency }
        guard balances.count == 1, let only = balances.keys.first, only.minorDigits == limit.currency.minorDigits else { return nil }
        return only
    }
}

/// Kind of a document. A credit note's amount is always negative in the ledger.
public enum DocumentType: UInt8, Sendable, Equatable {
    case invoice, creditNote, debitNote

    public var label: String {
        switch self {
        case .invoice: return "invoice"
        case .creditNote: return "credit note"
        case .debitNote: return "debit note"
        }
    }
}

/// Where a document's due date came from.
public enum DueDateSource: UInt8, Sendable, Equatable {
    /// Exported with the document; used as is, never recomputed.
    case exported
    /// Computed from payment terms (the document's, else the customer's).
    case terms
    /// No due date and no terms: due on the document date (reported as a notice).
    case documentDate
}

/// An invoice, credit note or debit note.
///
/// The stored properties are declared widest first: Swift lays them out in declaration
/// order, and this order packs a document into 80 bytes instead of 96 (a million of them
/// are written, copied and scanned on every load).
public struct Document: Sendable, Equatable {
    /// Document id exactly as written.
    public var id: String
    public var reference: String
    /// Values of the file's unknown columns (`Ledger.extraColumns[.invoices]`).
    public var extras: [String]
    /// Signed amount in the document's currency: negative for credit notes.
    public var amount: Money
    public var type: DocumentType
    public var dueDateSource: DueDateSource
    public var disputed: Bool
    /// Index into `Ledger.customers`.
    public var customer: Int32
    public var date: CivilDate
    public var dueDate: CivilDate
    /// For a credit note: index of the document it settles, -1 when unallocated.
    public var appliesTo: Int32
    /// Line in the documents file (0 when synthetic).
    public var line: Int32

    public init(id: String, customer: Int32, type: DocumentType, date: CivilDate, dueDate: CivilDate,
                dueDateSource: DueDateSource = .exported, amount: Money, reference: String = "",
                disputed: Bool = false, appliesTo: Int32 = -1, line: Int32 = 0, extras: [String] = []) {
        self.id = id; self.customer = customer; self.type = type; self.date = date; self.dueDate = dueDate
        self.dueDateSource = dueDateSource; self.amount = amount; self.reference = reference
        self.disputed = disputed; self.appliesTo = appliesTo; self.line = line; self.extras = extras
    }
}

/// A receipt (or one part of a receipt split over several documents).
///
/// Stored properties widest first, as `Document`'s: 72 bytes instead of 80.
public struct Payment: Sendable, Equatable {
    /// Payment id as written; several rows may share one (a split receipt).
    public var id: String
    public var reference: String
    /// Hash of the row's other fields as written: `document_id` (the text, whether or not
    /// it names a document), `reference` and any extra column. Two rows sharing a
    /// payment_id are one re-imported row only when these match too (64-bit FNV-1a).
    public var otherFieldsHash: UInt64
    /// Positive for money received; negative for a refund.
    public var amount: Money
    /// Made from an invoice row's `paid_date` (exports without a payment file).
    public var fromPaidDate: Bool
    public var customer: Int32
    public var date: CivilDate
    /// Index of the document it settles; -1 = unapplied cash.
    public var document: Int32
    /// Line in payments.csv; 0 for a payment made from an invoice's `paid_date`.
    public var line: Int32

    public init(id: String, customer: Int32, date: CivilDate, amount: Money, document: Int32 = -1,
                reference: String = "", line: Int32 = 0, fromPaidDate: Bool = false, otherFieldsHash: UInt64 = 0) {
        self.id = id; self.customer = customer; self.date = date; self.amount = amount
        self.document = document; self.reference = reference; self.line = line; self.fromPaidDate = fromPaidDate
        self.otherFieldsHash = otherFieldsHash
    }
}

/// An exact decimal exchange rate: `mantissa / 10^scale` units of the reporting currency
/// per unit of the foreign currency.
public struct ExchangeRate: Sendable, Equatable, CustomStringConvertible {
    public var mantissa: Int64
    public var scale: Int

    public init(mantissa: Int64, scale: Int) { self.mantissa = mantissa; self.scale = scale }

    public var description: String { Money.decimalString(mantissa, digits: scale) }

    /// The rate without trailing zeros: "100000", "1.05", "0.000039123456".
    public var plainText: String {
        var t = description
        if t.contains(".") {
            while t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
        }
        return t
    }

    /// Converts `minor` units of a currency with `fromDigits` minor digits into minor units
    /// of a currency with `toDigits`, rounding half-to-even once, at the end.
    ///
    /// Returns nil when the exact result does not fit in 64 bits: a rate of up to 10^6
    /// times an amount of up to `Money.maxMinorUnits` can reach 10^21 minor units, and a
    /// figure is never clamped to a wrong one. The product is formed in 128 bits (an
    /// amount of ≤ 2^63 × a mantissa of ≤ 2^63 × 10^≤4 fits).
    public func convert(_ minor: Int64, fromDigits: Int, toDigits: Int) -> Int64? {
        let (num, o1) = (Int128(minor) * Int128(mantissa)).multipliedReportingOverflow(by: Self.tenTo(toDigits))
        guard !o1 else { return nil }
        let v = roundedHalfEven(num, Self.tenTo(scale + fromDigits))
        return v > Int128(Int64.max) || v < Int128(Int64.min) ? nil : Int64(v)
    }
}

extension ExchangeRate {
    /// 10^k (a table: this runs once per converted document at a million documents).
    @inline(__always)
    static func tenTo(_ k: Int) -> Int128 {
        k >= 0 && k < tens.count ? tens[k] : (0..<k).reduce(Int128(1)) { p, _ in p * 10 }
    }
    private static let tens: [Int128] = (0...30).map { k in (0..<k).reduce(Int128(1)) { p, _ in p * 10 } }
}

/// Exchange rates by currency and date (fx.csv). A rate applies from its date until the
/// next rate of that currency: the rate used on day D is the latest dated ≤ D.
public struct FxTable: Sendable, Equatable {
    /// currency → rates sorted by date.
    public private(set) var rates: [Currency: [(date: CivilDate, rate: ExchangeRate)]] = [:]

    public init() {}

    public var isEmpty: Bool { rates.isEmpty }
    /// Whether every rate of `currency` is exactly 1 (a base currency listed at its own rate).
    public func isUnit(_ currency: Currency) -> Bool {
        rates[currency].map { list in
            !list.isEmpty && list.allSatisfy { r in (0..<r.rate.scale).reduce(Int64(1)) { p, _ in p * 10 } == r.rate.mantissa }
        } ?? false
    }
    public var currencies: Set<Currency> { Set(rates.keys) }

    public mutating func add(_ currency: Currency, _ date: CivilDate, _ rate: ExchangeRate) {
        rates[currency, default: []].append((date, rate))
    }

    /// Sorts each currency's rates by date; of two rates on one date the later line wins.
    mutating func sortByDate() {
        for k in rates.keys {
            let sorted = rates[k]!.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
            var out: [(date: CivilDate, rate: ExchangeRate)] = []
            for r in sorted { if let last = out.last, last.date == r.date { out[out.count - 1] = r } else { out.append(r) } }
            rates[k] = out
        }
    }

    /// The rate of `currency` in force on `date`, nil when none is dated ≤ `date`.
    public func rate(_ currency: Currency, on date: CivilDate) -> ExchangeRate? {
        guard let list = rates[currency] else { return nil }
        return Self.rate(in: list, on: date)
    }

    /// The rate in force on `date` in one currency's `list` (sorted by date, as `rates`
    /// holds it), nil when none is dated ≤ `date`.
    public static func rate(in list: [(date: CivilDate, rate: ExchangeRate)], on date: CivilDate) -> ExchangeRate? {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].date <= date { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : list[lo - 1].rate
    }

    public static func == (a: FxTable, b: FxTable) -> Bool {
        a.rates.keys == b.rates.keys && a.rates.allSatisfy { k, v in
            let w = b.rates[k]!
            return v.count == w.count && zip(v, w).allSatisfy { $0.date == $1.date && $0.rate == $1.rate }
        }
    }
}
