extension LoadState {
    /// invoices.csv (documents): `document_id`*, `customer_id`*, `type`, `document_date`*,
    /// `due_date`, `currency`, `amount`*, `reference`, `disputed`, `paid_date`,
    /// `payment_terms`, `applies_to`.
    func prepareDocuments() -> PreparedFile {
        prepare(.invoices, required: ["document_id", "customer_id", "document_date", "amount"],
                dateColumns: ["document_date", "due_date", "paid_date"], amountColumns: ["amount"], speculative: true)
    }

    /// Reads the documents' rows on every core, then checks and merges them here.
    mutating func loadDocuments(_ file: PreparedFile) {
        guard let (table, _, _) = adopt(.invoices, file) else { return }
        var paidDates: [(doc: Int32, date: CivilDate, line: Int)] = []
        let cols = DocumentColumns(table)
        let appending = appendOnly[.invoices] != nil
        let firstNew = documents.count
        // Rows are parsed on every core, each worker writing them in place after the
        // earlier ones (an appended read's; none on a full load).
        let firstProblem = problems.count
        guard let (all, parsed) = parseAll(file, table, amountColumn: "amount", after: documents, { s, row, dateFormat, amountFormat, batch in
            s.documentRow(row, table, cols, dateFormat, amountFormat, into: &batch)
        }) else { return }
        table.releaseBytes()
        var laps = TraceLaps("  documents:")
        laps.lap("parse")
        // Moved, not copied: a second reference to the rows would make the first change
        // below copy all of them (12 ms at a million documents, for the credit notes).
        documents = consume all
        var extras: [DocumentBatch.Pending] = []
        var idHashes: [UInt64] = []
        idHashes.reserveCapacity(documents.count - firstNew)
        var base = Int32(firstNew)
        for batch in parsed {
            loadInfo.fastRows[.invoices, default: 0] += batch.fastRows
            idHashes += batch.idHashes
            extras += batch.pending.lazy.map { var p = $0; p.doc += base; return p }
            base += Int32(batch.rows.count)
        }
        laps.lap("concat")
        // Placeholder customers, in file order. A full load makes the documents' before the
        // payments': a new one from an appended document after one from a payment would
        // take another place than a fresh load gives it.
        if appending && loadInfo.paymentPlaceholders && extras.contains(where: { $0.pendingCustomer != nil }) {
            appendFailed = true; return
        }
        for e in extras {
            if let id = e.pendingCustomer { documents[Int(e.doc)].customer = customer(id, table: table, line: Int(documents[Int(e.doc)].line)) }
        }
        // Duplicate ids: the index is built with every new row (on both cores for a full
        // load, sized once the rows are counted), a row whose id an earlier row holds
        // coming back as a duplicate.
        var duplicates: [(row: Int32, first: Int32)] = []
        if appending && !loadInfo.conflictingDocumentIDs.isEmpty
            && documents[firstNew...].contains(where: { loadInfo.conflictingDocumentIDs.contains($0.id) }) {
            appendFailed = true; return
        }
        if !appending {
            let docs = documents, hashes = idHashes
            (documentIndex, duplicates) = IDIndex.build(count: docs.count, key: { hashes[$0] },
                                                        matches: { docs[Int($0)].id == docs[Int($1)].id })
        } else {
            for i in firstNew..<documents.count {
                let id = documents[i].id
                let h = idHashes[i - firstNew]
                if let first = documentIndex.find(hash: h, matches: { documents[Int($0)].id == id }) {
                    duplicates.append((Int32(i), first))
                } else {
                    documentIndex.insert(hash: h, index: Int32(i))
                }
            }
        }
        // Identical rows count once; different rows are all rejected.
        var drop = Set<Int32>()
        var conflicting: [String: [Int]] = [:]
        for (row, first) in duplicates {
            let i = Int(row), id = documents[i].id
            var a = documents[Int(first)], b = documents[i]
            a.line = 0; b.line = 0
            let line = Int(documents[i].line)
            if a == b && conflicting[id] == nil {
                problem(.warning, table, line, "document_id", "duplicate row (same as line \(documents[Int(first)].line)): counted once")
            } else {
                conflicting[id, default: [Int(documents[Int(first)].line)]].append(line)
                let lines = conflicting[id]!.map(String.init).joined(separator: ", ")
                problem(.error, table, line, "document_id",
                        "document id \(id) is on lines \(lines) with different values; all its rows rejected, it is left out of every total")
                rejected += 1
                drop.insert(first)
            }
            drop.insert(row)
        }
        laps.lap("duplicates")
        rejected += conflicting.count
        loadInfo.conflictingDocumentIDs.formUnion(conflicting.keys)
        // Rejecting an earlier row would renumber documents others already point to: only
        // a full load handles that exactly.
        if appending && drop.contains(where: { $0 < Int32(firstNew) }) { appendFailed = true; return }
        var remap: [Int32]? = nil
        if !drop.isEmpty {
            var map = [Int32](repeating: -1, count: documents.count)
            var kept: [Document] = []
            kept.reserveCapacity(documents.count - drop.count)
            for i in documents.indices where !drop.contains(Int32(i)) { map[i] = Int32(kept.count); kept.append(documents[i]) }
            documents = kept
            documentIndex = IDIndex(keys: documents.map(\.id))
            remap = map
        }
        for e in extras {
            let doc = remap.map { $0[Int(e.doc)] } ?? e.doc
            guard doc >= 0 else { continue }
            let line = Int(documents[Int(doc)].line)
            if !e.appliesTo.isEmpty {
                if documents[Int(doc)].type == .creditNote { pendingCreditTargets.append((doc, e.appliesTo, line)) }
                else { problem(.warning, table, line, "applies_to", "only a credit note can settle another document: ignored") }
            }
            if let paid = e.paid { paidDates.append((doc, paid, line)) }
        }
        sortProblemsByLine(from: firstProblem)
        laps.lap("extras")
        // Credit notes that name the document they settle.
        for (doc, target, line) in pendingCreditTargets {
            guard let t = lookupDocument(target) else {
                let why = loadInfo.conflictingDocumentIDs.contains(target)
                    ? "document \"\(target)\" was rejected (rows with different values share its id)" : "document \"\(target)\" not found"
                problem(.warning, table, line, "applies_to", why + ": the credit note stays unallocated")
                continue
            }
            let credit = documents[Int(doc)], debt = documents[Int(t)]
            if debt.amount.minorUnits <= 0 {
                problem(.warning, table, line, "applies_to", "\(target) is itself a credit: the credit note stays unallocated")
            } else if credit.amount.currency != debt.amount.currency {
                problem(.warning, table, line, "applies_to",
                        "credit note in \(credit.amount.currency.code) cannot settle \(target) in \(debt.amount.currency.code): stays unallocated")
            } else if t == doc {
                problem(.warning, table, line, "applies_to", "a document cannot settle itself: ignored")
            } else {
                if credit.customer != debt.customer {
                    problem(.warning, table, line, "applies_to",
                            "\(target) belongs to customer \(customers[Int(debt.customer)].id), not \(customers[Int(credit.customer)].id): applied to it anyway")
                }
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

    /// A class, not a struct: the row parser is handed the columns once per row, and a
    /// struct of a dozen `Column`s (two `String`s each) was copied and destroyed per row.
    final class DocumentColumns: Sendable {
        let id, customer, type, date, due, currency, amount, reference, disputed, paid, terms, appliesTo: CSVTable.Column
        /// No column has a `[files.invoices.values]` constant and the id, customer, dates,
        /// currency and amount are columns: `fastDocumentRow` may read the rows.
        let plain: Bool
        init(_ t: CSVTable) {
            id = t.column("document_id"); customer = t.column("customer_id"); type = t.column("type")
            date = t.column("document_date"); due = t.column("due_date"); currency = t.column("currency")
            amount = t.column("amount"); reference = t.column("reference"); disputed = t.column("disputed")
            paid = t.column("paid_date"); terms = t.column("payment_terms"); appliesTo = t.column("applies_to")
            plain = [id, customer, type, date, due, currency, amount, reference, disputed, paid, terms, appliesTo].allSatisfy { $0.constant.isEmpty }
                && [id, customer, date, due, currency, amount].allSatisfy { $0.index >= 0 }
        }
    }

    /// Document rows read by one worker, before the ledger-wide checks.
    struct DocumentBatch: RowBatch {
        var rows: RowRegion<Document>
        /// `IDIndex.hash` of each document's id, computed on the worker.
        var idHashes: [UInt64] = []
        /// What a row left for the ledger-wide pass (rare): `doc` indexes `documents`.
        struct Pending: Sendable {
            var doc: Int32
            /// The customer id when the customer is not known yet (a placeholder is made in order).
            var pendingCustomer: String?
            var paid: CivilDate?
            var appliesTo: String
        }
        var pending: [Pending] = []
        /// The fast reader's last date, due date and currency (`LoadState.Memo`).
        var dateMemo = Memo<CivilDate>(), dueMemo = Memo<CivilDate>(), currencyMemo = Memo<Currency>()
        /// Rows `fastDocumentRow` took.
        var fastRows = 0

        init(region: RowRegion<Document>) {
            rows = region
            idHashes.reserveCapacity(region.capacity)
        }
    }

    /// Reads one row; nil (with a problem) when it is rejected. Safe on a worker copy:
    /// reads `customers`, writes only problems and counters.
    private mutating func documentRow(_ row: CSVTable.Row, _ table: CSVTable, _ col: DocumentColumns,
                                      _ dateFormat: DateFormat, _ amountFormat: AmountFormat, into batch: inout DocumentBatch) {
        if split.fastRows && fastDocumentRow(row, col, dateFormat, amountFormat, into: &batch) { return }
        func reject(_ field: String?, _ why: String) {
            problem(.error, table, row.line, field, why + "; row rejected")
            rejected += 1
        }
        let id = row.text(col.id)
        guard !id.isEmpty else { return reject("document_id", "empty document id") }
        guard row.has(col.customer) else { return reject("customer_id", "empty customer id") }

        var type = DocumentType.invoice
        var typeGiven = false
        let typeText = row.isASCII(col.type, "invoice") ? "" : row.text(col.type)
        // Case, spaces, '-' and '_' ignored: "Credit Memo", "credit-note", "CREDIT_NOTE".
        switch String(typeText.lowercased().unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "_" }) {
        case "", "invoice", "inv", "facture", "rechnung", "factura", "fattura": break
        case "creditnote", "creditmemo", "credit", "cn", "cm", "avoir", "gutschrift", "notadecredito", "notadecrédito", "notadicredito":
            type = .creditNote; typeGiven = true
        case "debitnote", "debitmemo", "debit", "dn", "dm", "notedebit", "notededébit", "notededebit": type = .debitNote; typeGiven = true
        case "payment", "receipt", "pmt", "zahlung", "paiement", "règlement", "reglement":
            return reject("type", "\"\(typeText)\" is a payment: payments are read from the payments file ([files.payments]), not the documents file")
        default: return reject("type", "unknown document type \"\(typeText)\" (invoice, credit note, credit memo, debit note; see the README)")
        }

        let (dd, ddText) = date(row, col.date, dateFormat)
        guard let docDate = dd else {
            return reject("document_date", ddText.isEmpty ? "empty document date" : "\"\(ddText)\" is not a date (\(dateFormat.label))")
        }

        var cur: Currency
        let (c, ok) = currency(row, table, col.currency)
        guard ok else { rejected += 1; return }
        let existing = lookupCustomer(row, col.customer)
        if let c { cur = c }
        else if let e = existing, let cc = customers[Int(e)].currency { cur = cc }
        else if let r = config.reportingCurrency { cur = r }
        else { cur = Currency(code: "XXX")!; noCurrencyRows[.invoices, default: RowTally()].add(line: row.line) }

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
        // A spreadsheet's error value where a due date would be (#N/A from a lookup that
        // failed) is no due date: the document keeps its money (a trial's were rejected).
        let dueError = row.startsWithHash(col.due) && Self.isSpreadsheetError(row.text(col.due))
        if dueError {
            problem(.warning, table, row.line, "due_date", "\"\(row.text(col.due))\" (a spreadsheet error) read as no due date")
        }
        // A date of zeros (SAP's 00.00.0000) is no date, as written.
        if row.has(col.due) && !dueError && !row.isZeroDate(col.due) {
            let (d, t) = date(row, col.due, dateFormat)
            guard let d else { return reject("due_date", "\"\(t)\" is not a date (\(dateFormat.label))") }
            due = d
        } else {
            let termsText = row.text(col.terms)
            let own = termsText.isEmpty ? nil : PaymentTerms(termsText)
            if !termsText.isEmpty && own == nil {
                // The document stays in the totals (rejecting it lost its money), due as if
                // it named no terms.
                problem(.warning, table, row.line, "payment_terms",
                        "unknown payment terms \"\(termsText)\" (e.g. 30, Net 30, 1M, 45EOM, EOM45, EOM+1M, EOM+10): due by the customer's terms, else on the document date")
            }
            if let terms = own {
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
        if row.startsWithHash(col.paid) && Self.isSpreadsheetError(row.text(col.paid)) {
            problem(.warning, table, row.line, "paid_date", "\"\(row.text(col.paid))\" (a spreadsheet error) read as not paid")
        } else if row.has(col.paid) && !row.isZeroDate(col.paid) {
            let (p, t) = date(row, col.paid, dateFormat)
            guard let p else { return reject("paid_date", "\"\(t)\" is not a date (\(dateFormat.label))") }
            paid = p
        }

        let doc = Document(id: id, customer: existing ?? -1, type: type, date: docDate, dueDate: due, dueDateSource: source,
                           amount: Money(minorUnits: minor, currency: cur), reference: row.text(col.reference),
                           disputed: disputed, appliesTo: -1, line: Int32(row.line), extras: row.extras)
        let target = col.appliesTo.index >= 0 || !col.appliesTo.constant.isEmpty ? row.text(col.appliesTo) : ""
        if existing == nil || paid != nil || !target.isEmpty {
            batch.pending.append(DocumentBatch.Pending(doc: Int32(batch.rows.count), pendingCustomer: existing == nil ? row.text(col.customer) : nil,
                                                       paid: paid, appliesTo: target))
        }
        batch.rows.append(doc)
        batch.idHashes.append(row.withBytes(col.id) { IDIndex.hash($0, $1) })   // = IDIndex.hash(id), from the bytes
    }

    /// A spreadsheet's error value (`#N/A`, `#VALUE!`, `#REF!`, …), which a formula
    /// column exported as text leaves where a value failed.
    /// `#` then capitals, digits, `/` or `_`, ending in `!` or `?` or not: #N/A,
    /// #VALUE!, #SPILL!, #CALC!, #GETTING_DATA and those of later versions.
    static func isSpreadsheetError(_ text: String) -> Bool {
        let u = Array(text.uppercased().utf8)
        guard u.count >= 3, u.count <= 20, u[0] == UInt8(ascii: "#") else { return false }
        let body = u.dropFirst().filter { $0 != UInt8(ascii: "!") && $0 != UInt8(ascii: "?") && $0 != 0x20 }
        return !body.isEmpty && body.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "_") }
    }
}
