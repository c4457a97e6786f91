extension LoadState {
    /// invoices.csv (documents): `document_id`*, `customer_id`*, `type`, `document_date`*,
    /// `due_date`, `currency`, `amount`*, `reference`, `disputed`, `paid_date`,
    /// `payment_terms`, `applies_to`.
    func prepareDocuments() -> PreparedFile {
        prepare(.invoices, required: ["document_id", "customer_id", "document_date", "amount"],
                dateColumns: ["document_date", "due_date", "paid_date"], amountColumns: ["amount"], speculative: true)
    }

    mutating func loadDocuments(_ file: PreparedFile) {
        guard let (table, _, _) = adopt(.invoices, file) else { return }
        var conflicting: [String: [Int]] = [:]
        var paidDates: [(doc: Int32, date: CivilDate, line: Int)] = []
        let cols = DocumentColumns(table)
        documents.reserveCapacity(table.bytes.count / 64)
        documentIndex = IDIndex(capacity: table.bytes.count / 64)
        // Rows are parsed on every core, then accepted in file order here.
        let firstProblem = problems.count
        guard let parsed = parseAll(file, table, amountColumn: "amount", { s, row, dateFormat, amountFormat in
            s.documentRow(row, table, cols, dateFormat, amountFormat)
        }) else { return }
        for chunk in parsed {
            for p in chunk { acceptDocument(p, table, &conflicting, &paidDates) }
        }
        sortProblemsByLine(from: firstProblem)
        if !conflicting.isEmpty {
            rejected += conflicting.count
            var keep = [Bool](repeating: true, count: documents.count)
            for (i, d) in documents.enumerated() where conflicting[d.id] != nil { keep[i] = false }
            var remap = [Int32](repeating: -1, count: documents.count)
            var kept: [Document] = []
            kept.reserveCapacity(documents.count)
            for (i, d) in documents.enumerated() where keep[i] { remap[i] = Int32(kept.count); kept.append(d) }
            documents = kept
            documentIndex = IDIndex(keys: documents.map(\.id))
            pendingCreditTargets = pendingCreditTargets.compactMap { p in remap[Int(p.0)] >= 0 ? (remap[Int(p.0)], p.1, p.2) : nil }
            paidDates = paidDates.compactMap { p in remap[Int(p.doc)] >= 0 ? (remap[Int(p.doc)], p.date, p.line) : nil }
        }
        // Credit notes that name the document they settle.
        for (doc, target, line) in pendingCreditTargets {
            guard let t = lookupDocument(target) else {
                problem(.warning, table, line, "applies_to", "document \"\(target)\" not found: the credit note stays unallocated")
                continue
            }
            let credit = documents[Int(doc)], debt = documents[Int(t)]
            if credit.amount.currency != debt.amount.currency {
                problem(.warning, table, line, "applies_to",
                        "credit note in \(credit.amount.currency.code) cannot settle \(target) in \(debt.amount.currency.code): stays unallocated")
            } else if t == doc {
                problem(.warning, table, line, "applies_to", "a document cannot settle itself: ignored")
            } else {
                documents[Int(doc)].appliesTo = t
            }
        }
        // `paid_date`: the document was paid in full that day (exports without payments).
        for (doc, day, line) in paidDates {
            let d = documents[Int(doc)]
            guard d.amount.minorUnits > 0 else { continue }
            payments.append(Payment(id: "paid_date:\(d.id)", customer: d.customer, date: day, amount: d.amount,
                                    document: doc, reference: "", line: Int32(line), fromPaidDate: true))
        }
    }

    struct DocumentColumns {
        let id, customer, type, date, due, currency, amount, reference, disputed, paid, terms, appliesTo: CSVTable.Column
        init(_ t: CSVTable) {
            id = t.column("document_id"); customer = t.column("customer_id"); type = t.column("type")
            date = t.column("document_date"); due = t.column("due_date"); currency = t.column("currency")
            amount = t.column("amount"); reference = t.column("reference"); disputed = t.column("disputed")
            paid = t.column("paid_date"); terms = t.column("payment_terms"); appliesTo = t.column("applies_to")
        }
    }

    /// A document row read on a worker, before the ledger-wide checks.
    struct ParsedDocument: Sendable {
        var document: Document
        /// The customer id when the customer is not known yet (a placeholder is made in order).
        var pendingCustomer: String?
        var paidDate: CivilDate?
        var appliesTo: String
    }

    /// Reads one row; nil (with a problem) when it is rejected. Safe on a worker copy:
    /// reads `customers`, writes only problems and counters.
    private mutating func documentRow(_ row: CSVTable.Row, _ table: CSVTable, _ col: DocumentColumns,
                                      _ dateFormat: DateFormat, _ amountFormat: AmountFormat) -> ParsedDocument? {
        func reject(_ field: String?, _ why: String) -> ParsedDocument? {
            problem(.error, table, row.line, field, why + "; row rejected")
            rejected += 1
            return nil
        }
        let id = row.text(col.id)
        guard !id.isEmpty else { return reject("document_id", "empty document id") }
        guard row.has(col.customer) else { return reject("customer_id", "empty customer id") }

        var type = DocumentType.invoice
        var typeGiven = false
        let typeText = row.isASCII(col.type, "invoice") ? "" : row.text(col.type)
        switch typeText.lowercased() {
        case "", "invoice", "inv", "facture": break
        case "credit_note", "credit note", "creditnote", "credit", "cn", "avoir": type = .creditNote; typeGiven = true
        case "debit_note", "debit note", "debitnote", "dn": type = .debitNote; typeGiven = true
        default: return reject("type", "unknown document type \"\(typeText)\" (invoice, credit_note or debit_note)")
        }

        let (dd, ddText) = date(row, col.date, dateFormat)
        guard let docDate = dd else {
            return reject("document_date", ddText.isEmpty ? "empty document date" : "\"\(ddText)\" is not a date (\(dateFormat.rawValue))")
        }

        var cur: Currency
        let (c, ok) = currency(row, table, col.currency)
        guard ok else { rejected += 1; return nil }
        let existing = lookupCustomer(row, col.customer)
        if let c { cur = c }
        else if let e = existing, let cc = customers[Int(e)].currency { cur = cc }
        else if let r = config.reportingCurrency { cur = r }
        else { cur = Currency(code: "XXX")!; noCurrencyRows += 1 }

        let parsed = amount(row, table, col.amount, cur, amountFormat)
        var minor: Int64
        switch parsed {
        case .value(let v, _): minor = v
        case .empty: return reject("amount", "empty amount")
        case .invalid(let why): return reject("amount", "\"\(row.text(col.amount))\": \(why)")
        }
        // Sign rule (BR-04): a credit note lowers the balance whatever sign the export
        // uses; a negative amount with no type is a credit note.
        if type == .creditNote { minor = -abs(minor) }
        else if minor < 0 && !typeGiven { type = .creditNote }
        else if minor < 0 && type == .debitNote {
            problem(.warning, table, row.line, "amount", "negative debit note: kept as written (it lowers the balance)")
        }

        var due = docDate
        var source = DueDateSource.exported
        if row.has(col.due) {
            let (d, t) = date(row, col.due, dateFormat)
            guard let d else { return reject("due_date", "\"\(t)\" is not a date (\(dateFormat.rawValue))") }
            due = d
        } else {
            let termsText = row.text(col.terms)
            if !termsText.isEmpty {
                guard let terms = PaymentTerms(termsText) else {
                    return reject("payment_terms", "unknown payment terms \"\(termsText)\" (e.g. 30, 1M, 45EOM, EOM45, EOM+1M, EOM+10)")
                }
                due = terms.dueDate(for: docDate); source = .terms
            } else if let e = existing, let terms = customers[Int(e)].terms {
                due = terms.dueDate(for: docDate); source = .terms
            } else {
                source = .documentDate
                if type != .creditNote { dueOnDocumentDate.append((table.displayName, row.line)) }
            }
        }

        var disputed = false
        if row.isASCII(col.disputed, "no") || row.isASCII(col.disputed, "false") {
            disputed = false
        } else if row.has(col.disputed) {
            let disputedText = row.text(col.disputed)
            if let b = parseBool(disputedText) { disputed = b }
            else { problem(.warning, table, row.line, "disputed", "\"\(disputedText)\" is not yes/no: read as not disputed") }
        }

        var paid: CivilDate? = nil
        if row.has(col.paid) {
            let (p, t) = date(row, col.paid, dateFormat)
            guard let p else { return reject("paid_date", "\"\(t)\" is not a date (\(dateFormat.rawValue))") }
            paid = p
        }

        let doc = Document(id: id, customer: existing ?? -1, type: type, date: docDate, dueDate: due, dueDateSource: source,
                           amount: Money(minorUnits: minor, currency: cur), reference: row.text(col.reference),
                           disputed: disputed, appliesTo: -1, line: Int32(row.line), extras: row.extras)
        let target = col.appliesTo.index >= 0 || !col.appliesTo.constant.isEmpty ? row.text(col.appliesTo) : ""
        return ParsedDocument(document: doc, pendingCustomer: existing == nil ? row.text(col.customer) : nil,
                              paidDate: paid, appliesTo: target)
    }

    /// Takes a parsed row into the ledger, in file order: placeholder customers, duplicate
    /// ids (identical rows count once; different rows are all rejected), credit targets.
    private mutating func acceptDocument(_ p: ParsedDocument, _ table: CSVTable, _ conflicting: inout [String: [Int]],
                                         _ paidDates: inout [(doc: Int32, date: CivilDate, line: Int)]) {
        var doc = p.document
        let line = Int(doc.line)
        if let id = p.pendingCustomer { doc.customer = customer(id, table: table, line: line) }
        let id = doc.id
        let idHash = IDIndex.hash(id)
        if let i = documentIndex.find(hash: idHash, matches: { documents[Int($0)].id == id }) {
            var a = documents[Int(i)], b = doc
            a.line = 0; b.line = 0
            if a == b && conflicting[id] == nil {
                problem(.warning, table, line, "document_id", "duplicate row (same as line \(documents[Int(i)].line)): counted once")
            } else {
                conflicting[id, default: [Int(documents[Int(i)].line)]].append(line)
                let lines = conflicting[id]!.map(String.init).joined(separator: ", ")
                problem(.error, table, line, "document_id",
                        "document id \(id) is on lines \(lines) with different values; all its rows rejected, it is left out of every total")
                rejected += 1
            }
            return
        }
        let index = Int32(documents.count)
        documentIndex.insert(hash: idHash, index: index)
        documents.append(doc)
        if !p.appliesTo.isEmpty {
            if doc.type == .creditNote { pendingCreditTargets.append((index, p.appliesTo, line)) }
            else { problem(.warning, table, line, "applies_to", "only a credit note can settle another document: ignored") }
        }
        if let paid = p.paidDate { paidDates.append((index, paid, line)) }
    }
}
