extension LoadState {
    /// customers.csv: `customer_id`*, `name`*, `currency`, `credit_limit`, `payment_terms`,
    /// `collector`, `country`, `email`, `phone`.
    mutating func loadCustomers() {
        guard let (table, _, amountFormats) = open(.customers, required: ["customer_id", "name"], dateColumns: [],
                                                   amountColumns: ["credit_limit"]) else { return }
        hasCustomerFile = true
        var conflicting = Set<String>()
        let cols = CustomerColumns(table)
        // Room for every line at once (50,000 customers of ~190 bytes: no regrowth copies).
        let lines = table.rowBound([table.wholeChunk], 0)
        customers.reserveCapacity(lines)
        if customerIndex.count == 0 { customerIndex = IDIndex(capacity: lines) }
        var terms = TermsCache()
        let limitFormat = amountFormats["credit_limit"]!   // looked up once, not per row
        rows(table) { s, row in s.customerRow(row, table, cols, limitFormat, &conflicting, &terms) }
        if !conflicting.isEmpty {
            // The first row of a conflicting id goes too: neither version can be trusted.
            rejected += conflicting.count
            customers.removeAll { conflicting.contains($0.id) }
            customerIndex = IDIndex(keys: customers.map(\.id))
        }
    }

    struct CustomerColumns {
        let id, name, currency, creditLimit, terms, collector, country, email, phone: CSVTable.Column
        init(_ t: CSVTable) {
            id = t.column("customer_id"); name = t.column("name"); currency = t.column("currency")
            creditLimit = t.column("credit_limit"); terms = t.column("payment_terms"); collector = t.column("collector")
            country = t.column("country"); email = t.column("email"); phone = t.column("phone")
        }
    }

    /// The terms of the last few distinct texts: a customers file repeats a handful of
    /// terms ("Net 30", "EOM+1M"), and reading one took a tenth of the file's load.
    struct TermsCache {
        private var entries: [(text: String, terms: PaymentTerms?)] = []
        mutating func terms(_ text: String) -> PaymentTerms? {
            if let hit = entries.first(where: { $0.text == text }) { return hit.terms }
            let t = PaymentTerms(text)
            if entries.count < 16 { entries.append((text, t)) }
            return t
        }
    }

    private mutating func customerRow(_ row: CSVTable.Row, _ table: CSVTable, _ col: CustomerColumns,
                                      _ limitFormat: AmountFormat, _ conflicting: inout Set<String>,
                                      _ termsCache: inout TermsCache) {
            let id = row.text(col.id)
            guard !id.isEmpty else {
                problem(.error, table, row.line, "customer_id", "empty customer id; row rejected"); rejected += 1; return
            }
            let (cur, ok) = currency(row, table, col.currency)
            guard ok else { rejected += 1; return }
            var limit: Money? = nil
            if row.has(col.creditLimit) {
                let c = cur ?? config.reportingCurrency ?? Currency(code: "XXX")!
                switch amount(row, table, col.creditLimit, c, limitFormat) {
                case .value(let v, _) where v < 0:
                    problem(.warning, table, row.line, "credit_limit", "\"\(row.text(col.creditLimit))\": a credit limit cannot be negative; no limit kept")
                case .value(let v, _):
                    limit = Money(minorUnits: v, currency: c)
                    // Read in the customer's one currency later; said once, in `finish`,
                    // and only when the documents are in more than one currency.
                    if cur == nil && config.reportingCurrency == nil {
                        limitsWithoutCurrency.count += 1
                        if limitsWithoutCurrency.count == 1 { limitsWithoutCurrency.firstLine = row.line }
                    }
                case .empty: break
                case .invalid(let why):
                    // The customer keeps its name, terms and documents (trial 14: "$300" with
                    // no currency had rejected the whole row).
                    problem(.warning, table, row.line, "credit_limit", "\"\(row.text(col.creditLimit))\": \(why); loaded without a credit limit")
                }
            }
            var terms: PaymentTerms? = nil
            let termsText = row.text(col.terms)
            if !termsText.isEmpty {
                // Unknown terms leave the customer without terms, not out of the ledger (a
                // trial's customer lost its name and limit over "ZB30").
                if let t = termsCache.terms(termsText) { terms = t } else {
                    problem(.warning, table, row.line, "payment_terms",
                            "unknown payment terms \"\(termsText)\" (e.g. 30, Net 30, 1M, 45EOM, EOM45, EOM+1M, EOM+10): the customer is loaded without terms; documents with no due date are due on their date")
                }
            }
            let customer = Customer(id: id, name: row.text(col.name), currency: cur, creditLimit: limit, terms: terms,
                                    collector: row.text(col.collector), country: row.text(col.country),
                                    email: row.text(col.email), phone: row.text(col.phone),
                                    line: Int32(row.line), extras: row.extras)
            // The id's key, from the cell's bytes once, for the look-up and the insert.
            let key = row.withBytes(col.id) { IDIndex.hash($0, $1) }
            if let i = customerIndex.find(hash: key, matches: { customers[Int($0)].id == id }) {
                var a = customers[Int(i)], b = customer
                a.line = 0; b.line = 0
                if a == b {
                    problem(.warning, table, row.line, "customer_id", "duplicate row (same as line \(customers[Int(i)].line)): counted once")
                } else {
                    conflicting.insert(id)
                    problem(.error, table, row.line, "customer_id",
                            "customer id \(id) is also on line \(customers[Int(i)].line) with different values; both rows rejected")
                    rejected += 1
                }
                return
            }
            customerIndex.insert(hash: key, index: Int32(customers.count))
            customers.append(customer)
    }

    /// Decimals an fx rate is read with, and the mantissa of a rate of 1.
    static let rateDecimals = 12
    static let rateOne: Int64 = 1_000_000_000_000

    /// fx.csv: `date`, `currency`, `rate` (units of the reporting currency per unit).
    mutating func loadFx() {
        guard let (table, dateFormat, amountFormats) = open(.fx, required: ["date", "currency", "rate"],
                                                            dateColumns: ["date"], amountColumns: ["rate"]) else { return }
        let cols = (date: table.column("date"), currency: table.column("currency"), rate: table.column("rate"))
        var selfRateLines: [Int] = []
        rows(table) { s, row in s.fxRow(row, table, cols, dateFormat, amountFormats, selfRateLines: &selfRateLines) }
        // A rate other than 1 for the reporting currency itself means the file is written in another
        // base (the reporting currency was changed in ardash.toml, the file was not): every
        // conversion through it would be wrong, so none is made.
        if let first = selfRateLines.first, let r = config.reportingCurrency {
            let ledger = Set(documents.map(\.amount.currency)).union(payments.map(\.amount.currency))
            let base = ledger.filter { !fx.currencies.contains($0) || fx.isUnit($0) }.filter { $0 != r }.sorted()
            let guess = base.count == 1 ? " (it looks written for \(base[0].code): the one currency it has no rate for, or a rate of 1)" : ""
            let lines = selfRateLines.count == 1 ? "line \(first)" : "\(selfRateLines.count) lines from line \(first)"
            problem(.error, table, first, "currency",
                    "rates for \(r.code), the reporting currency in ardash.toml, on \(lines): the rates are not in units of \(r.code)\(guess); \(table.displayName) is not used, amounts stay in their own currency")
            fx = FxTable()
            fxLines = [:]
        }
    }

    private mutating func fxRow(_ row: CSVTable.Row, _ table: CSVTable,
                                _ col: (date: CSVTable.Column, currency: CSVTable.Column, rate: CSVTable.Column), _ dateFormat: DateFormat,
                                _ amountFormats: [String: AmountFormat], selfRateLines: inout [Int]) {
            let (c, ok) = currency(row, table, col.currency)
            guard ok, let cur = c else {
                if ok { problem(.error, table, row.line, "currency", "empty currency; row rejected") }
                rejected += 1; return
            }
            // Rates are read with up to 12 decimals, exactly (1 VND = 0.000039123456 EUR needs
            // 12; 10^6 with 12 decimals still fits 64 bits). More are rounded, and said.
            let one = Self.rateOne
            let parsed = row.withBytes(col.rate) { b, r in AmountParser.parse(b, r, digits: Self.rateDecimals, format: amountFormats["rate"]!, limit: 1_000_000 * one) }
            guard case .value(let m, let rounded) = parsed, m > 0, m <= 1_000_000 * one else {
                var why = "not a rate between 0 and 1,000,000"
                if case .value(0, true) = parsed { why = "below 0.000000000001, the smallest rate read (12 decimals)" }
                if case .invalid(let w) = parsed { why = w.replacingOccurrences(of: "set decimal_separator in ardash.toml", with: "set decimal_separator in [files.fx] of ardash.toml") }
                problem(.error, table, row.line, "rate", "\"\(row.text(col.rate))\": \(why); row rejected")
                rejected += 1; return
            }
            if let r = config.reportingCurrency, r == cur {
                // 1 is the base's own rate, as some exports list it; any other is another
                // base, whatever the row's date says.
                if m != one { selfRateLines.append(row.line) }
                return
            }
            let (d, dText) = date(row, col.date, dateFormat)
            guard let day = d else {
                problem(.error, table, row.line, "date", "\"\(dText)\" is not a date (\(dateFormat.label)); row rejected")
                rejected += 1; return
            }
            // Exactly 1 for a foreign currency: the file may be written in that currency.
            if m == one, let r = config.reportingCurrency, !fx.currencies.contains(cur) {
                problem(.warning, table, row.line, "rate",
                        "\(cur.code) at exactly 1 \(r.code): if the rates are in units of \(cur.code), set reporting_currency = \"\(cur.code)\" in ardash.toml (rates are units of \(r.code) per unit)")
            }
            if let prev = fxLines[FxKey(currency: cur, date: day)] {
                problem(.warning, table, row.line, "date", "a second \(cur.code) rate for \(day) (first on line \(prev)): this later line is used")
            }
            fxLines[FxKey(currency: cur, date: day)] = row.line
            let rate = ExchangeRate(mantissa: m, scale: Self.rateDecimals)
            if rounded {
                problem(.warning, table, row.line, "rate",
                        "\"\(row.text(col.rate))\" has more than \(Self.rateDecimals) decimals: rounded half-to-even to \(rate.plainText)")
            }
            fx.add(cur, day, rate)
    }
}
