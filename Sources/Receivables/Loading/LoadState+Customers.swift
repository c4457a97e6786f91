extension LoadState {
    /// customers.csv: `customer_id`*, `name`*, `currency`, `credit_limit`, `payment_terms`,
    /// `collector`, `country`, `email`, `phone`.
    mutating func loadCustomers() {
        guard let (table, _, amountFormats) = open(.customers, required: ["customer_id", "name"], dateColumns: [],
                                                   amountColumns: ["credit_limit"]) else { return }
        hasCustomerFile = true
        var firstLine: [String: Int] = [:]
        var conflicting = Set<String>()
        rows(table) { s, row in s.customerRow(row, table, amountFormats, &firstLine, &conflicting) }
        if !conflicting.isEmpty {
            // The first row of a conflicting id goes too: neither version can be trusted.
            rejected += conflicting.count
            customers.removeAll { conflicting.contains($0.id) }
            customerIndex = [:]
            for (i, c) in customers.enumerated() { customerIndex[c.id] = Int32(i) }
        }
    }

    private mutating func customerRow(_ row: CSVTable.Row, _ table: CSVTable, _ amountFormats: [String: AmountFormat],
                                      _ firstLine: inout [String: Int], _ conflicting: inout Set<String>) {
            let id = row.text("customer_id")
            guard !id.isEmpty else {
                problem(.error, table, row.line, "customer_id", "empty customer id; row rejected"); rejected += 1; return
            }
            let (cur, ok) = currency(row, table)
            guard ok else { rejected += 1; return }
            var limit: Money? = nil
            if row.has("credit_limit") {
                let c = cur ?? config.reportingCurrency ?? Currency(code: "XXX")!
                switch amount(row, table, "credit_limit", c, amountFormats["credit_limit"]!) {
                case .value(let v, _): limit = Money(minorUnits: v, currency: c)
                case .empty: break
                case .invalid(let why):
                    problem(.error, table, row.line, "credit_limit", "\"\(row.text("credit_limit"))\": \(why); row rejected")
                    rejected += 1; return
                }
            }
            var terms: PaymentTerms? = nil
            let termsText = row.text("payment_terms")
            if !termsText.isEmpty {
                guard let t = PaymentTerms(termsText) else {
                    problem(.error, table, row.line, "payment_terms",
                            "unknown payment terms \"\(termsText)\" (e.g. 30, 1M, 45EOM, EOM45, EOM+1M, EOM+10); row rejected")
                    rejected += 1; return
                }
                terms = t
            }
            let customer = Customer(id: id, name: row.text("name"), currency: cur, creditLimit: limit, terms: terms,
                                    collector: row.text("collector"), country: row.text("country"),
                                    email: row.text("email"), phone: row.text("phone"),
                                    line: Int32(row.line), extras: row.extras)
            if let i = customerIndex[id] {
                var a = customers[Int(i)], b = customer
                a.line = 0; b.line = 0
                if a == b {
                    problem(.warning, table, row.line, "customer_id", "duplicate row (same as line \(firstLine[id]!)): counted once")
                } else {
                    conflicting.insert(id)
                    problem(.error, table, row.line, "customer_id",
                            "customer id \(id) is also on line \(firstLine[id]!) with different values; both rows rejected")
                    rejected += 1
                }
                return
            }
            firstLine[id] = row.line
            customerIndex[id] = Int32(customers.count)
            customers.append(customer)
    }

    /// fx.csv: `date`, `currency`, `rate` (units of the reporting currency per unit).
    mutating func loadFx() {
        guard let (table, dateFormat, amountFormats) = open(.fx, required: ["date", "currency", "rate"],
                                                            dateColumns: ["date"], amountColumns: ["rate"]) else { return }
        rows(table) { s, row in s.fxRow(row, table, dateFormat, amountFormats) }
    }

    private mutating func fxRow(_ row: CSVTable.Row, _ table: CSVTable, _ dateFormat: DateFormat,
                                _ amountFormats: [String: AmountFormat]) {
            let (d, dText) = date(row, "date", dateFormat)
            guard let day = d else {
                problem(.error, table, row.line, "date", "\"\(dText)\" is not a date (\(dateFormat.rawValue)); row rejected")
                rejected += 1; return
            }
            let (c, ok) = currency(row, table)
            guard ok, let cur = c else {
                if ok { problem(.error, table, row.line, "currency", "empty currency; row rejected") }
                rejected += 1; return
            }
            // Rates are read with up to 10 decimals, exactly.
            let parsed = row.withBytes("rate") { b, r in AmountParser.parse(b, r, digits: 10, format: amountFormats["rate"]!) }
            guard case .value(let m, _) = parsed, m > 0 else {
                problem(.error, table, row.line, "rate", "\"\(row.text("rate"))\" is not a positive rate; row rejected")
                rejected += 1; return
            }
            fx.add(cur, day, ExchangeRate(mantissa: m, scale: 10))
    }
}
