extension LoadState {
    /// payments.csv: `payment_id`*, `customer_id`*, `payment_date`*, `currency`, `amount`*,
    /// `document_id` (empty = unapplied cash). Rows may share a payment_id (split receipt);
    /// rows identical in every field are a re-import and count once (BR-29).
    func preparePayments() -> PreparedFile {
        prepare(.payments, required: ["payment_id", "customer_id", "payment_date", "amount"],
                dateColumns: ["payment_date"], amountColumns: ["amount"])
    }

    mutating func loadPayments(_ file: PreparedFile) {
        guard let (table, dateFormat, amountFormats) = adopt(.payments, file) else { return }
        // Identical rows are found by a hash of their bytes, confirmed field by field.
        var seen: [UInt64: Int] = [:]
        let cols = PaymentColumns(table)
        payments.reserveCapacity(payments.count + table.bytes.count / 48)
        rows(table) { s, row in s.paymentRow(row, table, cols, dateFormat, amountFormats["amount"]!, &seen) }
    }

    struct PaymentColumns {
        let id, customer, date, currency, amount, document, reference: CSVTable.Column
        init(_ t: CSVTable) {
            id = t.column("payment_id"); customer = t.column("customer_id"); date = t.column("payment_date")
            currency = t.column("currency"); amount = t.column("amount"); document = t.column("document_id")
            reference = t.column("reference")
        }
    }

    private mutating func paymentRow(_ row: CSVTable.Row, _ table: CSVTable, _ col: PaymentColumns, _ dateFormat: DateFormat,
                                     _ amountFormat: AmountFormat, _ seen: inout [UInt64: Int]) {
        func reject(_ field: String?, _ why: String) {
            problem(.error, table, row.line, field, why + "; row rejected")
            rejected += 1
        }
        let id = row.text(col.id)
        guard !id.isEmpty else { return reject("payment_id", "empty payment id") }
        guard row.has(col.customer) else { return reject("customer_id", "empty customer id") }
        let (d, dText) = date(row, col.date, dateFormat)
        guard let day = d else {
            return reject("payment_date", dText.isEmpty ? "empty payment date" : "\"\(dText)\" is not a date (\(dateFormat.rawValue))")
        }
        var target: Int32 = -1
        let hasDocument = row.has(col.document)
        if hasDocument {
            if let t = lookupDocument(row, col.document) { target = t }
            else {
                let docId = row.text(col.document)
                problem(.warning, table, row.line, "document_id", "document \"\(docId)\" not found: kept as unapplied cash")
            }
        }
        let existing = lookupCustomer(row, col.customer)
        let (c, ok) = currency(row, table, col.currency)
        guard ok else { rejected += 1; return }
        let cur: Currency
        if let c { cur = c }
        else if target >= 0 { cur = documents[Int(target)].amount.currency }
        else if let e = existing, let cc = customers[Int(e)].currency { cur = cc }
        else if let r = config.reportingCurrency { cur = r }
        else { cur = Currency(code: "XXX")!; noCurrencyRows += 1 }

        let minor: Int64
        switch amount(row, table, col.amount, cur, amountFormat) {
        case .value(let v, _): minor = v
        case .empty: return reject("amount", "empty amount")
        case .invalid(let why): return reject("amount", "\"\(row.text(col.amount))\": \(why)")
        }
        let money = Money(minorUnits: minor, currency: cur)
        let hash = row.recordHash
        if let first = seen[hash] {
            let p = payments[first]
            if p.id == id && p.customer == existing && p.date == day && p.amount == money && p.document == target {
                problem(.warning, table, row.line, "payment_id", "duplicate row (same as line \(p.line)): counted once")
                return
            }
        }
        seen[hash] = payments.count

        if target >= 0 {
            let doc = documents[Int(target)]
            let docId = doc.id
            if doc.amount.currency != cur {
                problem(.warning, table, row.line, "currency",
                        "payment in \(cur.code) cannot settle \(docId) in \(doc.amount.currency.code): kept as unapplied cash")
                target = -1
            } else if let e = existing, doc.customer != e {
                let customerId = customers[Int(e)].id
                problem(.warning, table, row.line, "customer_id",
                        "document \(docId) belongs to customer \(customers[Int(doc.customer)].id), not \(customerId): applied to the document anyway")
            }
        }
        let customer = existing ?? self.customer(row.text(col.customer), table: table, line: row.line)
        payments.append(Payment(id: id, customer: customer, date: day, amount: money, document: target,
                                reference: row.text(col.reference), line: Int32(row.line)))
    }
}
