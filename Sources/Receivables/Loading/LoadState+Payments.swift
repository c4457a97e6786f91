extension LoadState {
    /// payments.csv: `payment_id`*, `customer_id`*, `payment_date`*, `currency`, `amount`*,
    /// `document_id` (empty = unapplied cash). Rows may share a payment_id (split receipt);
    /// rows identical in every field are a re-import and count once (BR-29).
    mutating func loadPayments() {
        guard let (table, dateFormat, amountFormats) = open(.payments,
            required: ["payment_id", "customer_id", "payment_date", "amount"],
            dateColumns: ["payment_date"], amountColumns: ["amount"]) else { return }
        var seen: [PaymentKey: Int] = [:]
        rows(table) { s, row in s.paymentRow(row, table, dateFormat, amountFormats["amount"]!, &seen) }
    }

    struct PaymentKey: Hashable {
        var id: String, customer: String, document: String, date: CivilDate, amount: Money
    }

    private mutating func paymentRow(_ row: CSVTable.Row, _ table: CSVTable, _ dateFormat: DateFormat,
                                     _ amountFormat: AmountFormat, _ seen: inout [PaymentKey: Int]) {
        func reject(_ field: String?, _ why: String) {
            problem(.error, table, row.line, field, why + "; row rejected")
            rejected += 1
        }
        let id = row.text("payment_id")
        guard !id.isEmpty else { return reject("payment_id", "empty payment id") }
        let customerId = row.text("customer_id")
        guard !customerId.isEmpty else { return reject("customer_id", "empty customer id") }
        let (d, dText) = date(row, "payment_date", dateFormat)
        guard let day = d else {
            return reject("payment_date", dText.isEmpty ? "empty payment date" : "\"\(dText)\" is not a date (\(dateFormat.rawValue))")
        }
        let docId = row.text("document_id")
        var target: Int32 = -1
        if !docId.isEmpty {
            if let t = documentIndex[docId] { target = t }
            else {
                problem(.warning, table, row.line, "document_id", "document \"\(docId)\" not found: kept as unapplied cash")
            }
        }
        let (c, ok) = currency(row, table)
        guard ok else { rejected += 1; return }
        let cur: Currency
        if let c { cur = c }
        else if target >= 0 { cur = documents[Int(target)].amount.currency }
        else if let e = customerIndex[customerId], let cc = customers[Int(e)].currency { cur = cc }
        else if let r = config.reportingCurrency { cur = r }
        else { cur = Currency(code: "XXX")!; noCurrencyRows += 1 }

        let minor: Int64
        switch amount(row, table, "amount", cur, amountFormat) {
        case .value(let v, _): minor = v
        case .empty: return reject("amount", "empty amount")
        case .invalid(let why): return reject("amount", "\"\(row.text("amount"))\": \(why)")
        }
        let money = Money(minorUnits: minor, currency: cur)
        let key = PaymentKey(id: id, customer: customerId, document: docId, date: day, amount: money)
        if let first = seen[key] {
            problem(.warning, table, row.line, "payment_id", "duplicate row (same as line \(first)): counted once")
            return
        }
        seen[key] = row.line

        if target >= 0 {
            let doc = documents[Int(target)]
            if doc.amount.currency != cur {
                problem(.warning, table, row.line, "currency",
                        "payment in \(cur.code) cannot settle \(docId) in \(doc.amount.currency.code): kept as unapplied cash")
                target = -1
            } else if customers[Int(doc.customer)].id != customerId {
                problem(.warning, table, row.line, "customer_id",
                        "document \(docId) belongs to customer \(customers[Int(doc.customer)].id), not \(customerId): applied to the document anyway")
            }
        }
        let customer = self.customer(customerId, table: table, line: row.line)
        payments.append(Payment(id: id, customer: customer, date: day, amount: money, document: target,
                                reference: row.text("reference"), line: Int32(row.line)))
    }
}
