extension LoadState {
    /// payments.csv: `payment_id`*, `customer_id`*, `payment_date`*, `currency`, `amount`*,
    /// `document_id` (empty = unapplied cash). Rows may share a payment_id (split receipt);
    /// rows identical in every field are a re-import and count once (BR-29).
    func preparePayments() -> PreparedFile {
        prepare(.payments, required: ["payment_id", "customer_id", "payment_date", "amount"],
                dateColumns: ["payment_date"], amountColumns: ["amount"], speculative: true)
    }

    mutating func loadPayments(_ file: PreparedFile) {
        guard let (table, _, _) = adopt(.payments, file) else { return }
        let cols = PaymentColumns(table, receiptsNegative: config.file(.payments).receiptsNegative)
        let firstProblem = problems.count
        let start = payments.count
        guard let (all, parsed) = parseAll(file, table, amountColumn: "amount", after: payments, { s, row, dateFormat, amountFormat, batch in
            s.paymentRow(row, table, cols, dateFormat, amountFormat, into: &batch)
        }) else { return }
        table.releaseBytes()
        var laps = TraceLaps("  payments:")
        laps.lap("parse")
        // Moved, not copied: a second reference to the rows would make the first change
        // below copy all of them (12 ms at a million documents, for the credit notes).
        payments = consume all
        var pending: [(Int, String)] = []
        var newHashes: [UInt64] = []
        newHashes.reserveCapacity(payments.count - start)
        var base = start
        for batch in parsed {
            loadInfo.fastRows[.payments, default: 0] += batch.fastRows
            newHashes += batch.recordHashes
            pending += batch.pendingCustomers.lazy.map { (base + Int($0.row), $0.customer) }
            base += batch.rows.count
        }
        laps.lap("concat")
        for (i, id) in pending { payments[i].customer = customer(id, table: table, line: Int(payments[i].line)) }
        // Rows sharing a payment_id are grouped (the index is keyed by the id alone, so a
        // short id is its own key and no row is read to confirm a hit). Within a group, a
        // row identical in every field to an earlier one is a re-import: counted once. A
        // split receipt has one payer, one date and one currency: a row that differs from
        // the id's first row in those is reported (and counted as written). Earlier rows
        // (from a previous read, when only appended rows are new) are in the index too,
        // and only new rows are reported, as a fresh load reports them.
        let pays = payments, hashes = newHashes
        // Ids in order (and no rows of the file before these) share nothing: no index.
        let inOrder = !pays[..<start].contains { !$0.fromPaidDate } && hashes.withUnsafeBufferPointer(IDIndex.strictlyIncreasing)
        let sharing = inOrder ? [] : IDIndex.build(count: pays.count, key: { i in
            pays[i].fromPaidDate ? nil : i >= start ? hashes[i - start] : IDIndex.hash(pays[i].id)
        }, matches: { k, r in pays[Int(k)].id == pays[Int(r)].id }).duplicates
        var drop: [Int] = []
        var seen: [Int32: [PaymentRecord: Int32]] = [:]   // per first row: each distinct record's first row
        for (row, first) in sharing {
            let p = pays[Int(row)], f = pays[Int(first)]
            let record = PaymentRecord(p)
            if seen[first] == nil { seen[first] = [PaymentRecord(f): first] }
            if let same = seen[first]![record] {
                if Int(row) >= start {
                    problem(.warning, table, Int(p.line), "payment_id", "duplicate row (same as line \(pays[Int(same)].line)): counted once")
                }
                drop.append(Int(row))
                continue
            }
            seen[first]![record] = row
            guard Int(row) >= start else { continue }
            let differs: (field: String, here: String, there: String, why: String)?
            if p.customer != f.customer {
                differs = ("customer_id", "for customer \(customers[Int(p.customer)].id)", customers[Int(f.customer)].id,
                           "one receipt split across customers, or two receipts sharing an id?")
            } else if p.date != f.date {
                differs = ("payment_date", "dated \(p.date)", "\(f.date)", "two receipts sharing an id?")
            } else if p.amount.currency != f.amount.currency {
                differs = ("currency", "in \(p.amount.currency.code)", f.amount.currency.code, "two receipts sharing an id?")
            } else { differs = nil }
            if let d = differs {
                problem(.warning, table, Int(p.line), d.field,
                        "payment \(p.id) is \(d.here) here but \(d.there) on line \(f.line): \(d.why) counted as written")
            }
        }
        laps.lap("duplicates")
        // A document settled both by its paid_date and by rows of payments.csv would be
        // settled twice: the payments file is the detailed record, so paid_date yields.
        // (Only when some document has a paid_date: otherwise there is nothing to check.)
        var paidByFile = Set<Int32>()
        let fromPaidDates = payments[0..<start].contains { $0.fromPaidDate }
        if fromPaidDates { for i in start..<payments.count where payments[i].document >= 0 { paidByFile.insert(payments[i].document) } }
        for i in 0..<start where fromPaidDates && payments[i].fromPaidDate && paidByFile.contains(payments[i].document) {
            let d = documents[Int(payments[i].document)]
            problems.append(LedgerProblem(.warning, file: locate(.invoices).display, line: Int(d.line), field: "paid_date",
                "\(d.id) also has payments in \(table.displayName): its paid_date is ignored so it is not settled twice"))
            drop.append(i)
        }
        if !drop.isEmpty {
            if drop.contains(where: { $0 < start }) { earlierPaymentsDropped = true }
            let dropSet = Set(drop)
            payments = payments.indices.filter { !dropSet.contains($0) }.map { payments[$0] }
        }
        signTurnedReceipts(from: start, table)
        sortProblemsByLine(from: firstProblem)
        laps.lap("rest")
    }

    /// Negative payments (refunds) on an invoice or debit note that its payments do not
    /// cover: the document is left open above its own amount, as a receipt exported with
    /// its sign turned would leave it (a trial's -100.00 receipt made a 100.00 invoice
    /// owe 200.00, unsaid). Counted as written; said on the row, or once for the file
    /// when there are many (the export's sign convention).
    mutating func signTurnedReceipts(from start: Int, _ table: CSVTable) {
        guard payments[start...].contains(where: { $0.amount.minorUnits < 0 && !$0.fromPaidDate }) else { return }
        // The whole file decides, as a fresh load would: with appended rows, the earlier
        // rows count too (an append judged alone had refused what a full read took,
        // trial 14); only new rows are warned about.
        let appending = appendOnly[.payments] != nil
        let file = appending ? 0 : start
        var suspect: [Int32: Int] = [:]   // document → first negative payment on it
        var onNoDocument: [Int] = []      // negative payments applied to nothing
        for i in file..<payments.count where payments[i].amount.minorUnits < 0 && !payments[i].fromPaidDate {
            let d = payments[i].document
            if d < 0 { onNoDocument.append(i) }
            else if documents[Int(d)].amount.minorUnits > 0 && suspect[d] == nil { suspect[d] = i }
        }
        var net: [Int32: Int64] = [:]
        if !suspect.isEmpty { for p in payments where suspect[p.document] != nil { net[p.document, default: 0] += p.amount.minorUnits } }
        let lines = suspect.filter { net[$0.key, default: 0] < 0 }.sorted { $0.value < $1.value }
        // Most of the payments negative (leaving documents over-open, or on no document):
        // the export's sign convention, not refunds. Counted as written, the receivables
        // grew ~18× in a trial (8.02M for 437K) with one warning: the file is refused,
        // naming the setting. From three such payments: one or two are refunds.
        let all = payments[file...].filter { !$0.fromPaidDate }.count
        // Every negative payment on an over-open document counts, not one per document
        // (trial 16: -150.00 and -50.00 on one invoice counted once).
        let overOpen = Set(lines.map(\.key))
        let onDocuments = payments[file...].filter { $0.amount.minorUnits < 0 && !$0.fromPaidDate && overOpen.contains($0.document) }.count
        let negatives = onDocuments + onNoDocument.count
        if negatives >= 3 && negatives * 2 > all {
            if appending { appendFailed = true; return }   // a full load refuses it, as a fresh start does
            let firstLine = payments[min(lines.first?.value ?? Int.max, onNoDocument.first ?? Int.max)].line
            let what = "\(negatives) of the \(all) payments are negative (\(onDocuments) applied to documents they leave open above their own amount, \(onNoDocument.count) on no document; the first on line \(firstLine))"
            let why = config.file(.payments).receiptsNegative
                ? "read with receipts = \"negative\" in [files.payments], \(what): the export writes money received positive; remove that setting"
                : "\(what): the export writes money received as negative amounts; set receipts = \"negative\" in [files.payments] of ardash.toml"
            rejected += payments.count - start
            payments.removeSubrange(start...)
            problems.append(LedgerProblem(.error, file: table.displayName, line: nil, field: "amount", why + "; the file was not loaded"))
            return
        }
        let newLines = lines.filter { $0.value >= start }
        let newOnNoDocument = onNoDocument.filter { $0 >= start }
        // Past ten, a fresh load says them once for the file: only it says the same.
        if appending && (lines.count > 10 || onNoDocument.count > 10) { appendFailed = true; return }
        // Each row said, or once for the file past ten (the export's sign convention).
        func say(_ rows: [Int], many: String, one: (Int) -> String) {
            if rows.count > 10 { problem(.warning, table, Int(payments[rows[0]].line), "amount", "\(rows.count) " + many); return }
            for i in rows { problem(.warning, table, Int(payments[i].line), "amount", one(i)) }
        }
        let docOf = Dictionary(uniqueKeysWithValues: newLines.map { ($0.value, $0.key) })
        say(newLines.map(\.value), many: "negative amounts are applied to invoices their payments do not cover, leaving each open above its own amount; if the export writes receipts as negative amounts, they must be written positive (counted as refunds)") { i in
            let d = documents[Int(docOf[i]!)], p = payments[i]
            return "\(Money.decimalString(p.amount.minorUnits, digits: p.amount.currency.minorDigits)) applied to \(d.id), which its payments do not cover: a refund leaves it open above its amount (\(Money.decimalString(d.amount.minorUnits, digits: d.amount.currency.minorDigits))); a receipt must be written positive (counted as a refund)"
        }
        // A refund applied to nothing raises the balance.
        say(newOnNoDocument, many: "negative payments are applied to no document: each raises the customer's balance (counted as refunds)") { i in
            "\(Money.decimalString(payments[i].amount.minorUnits, digits: payments[i].amount.currency.minorDigits)) applied to no document: a refund raises the balance; a receipt must be written positive"
        }
    }

    /// What makes two rows sharing a payment_id one re-imported row: the same customer,
    /// date and amount (by value: "200.0" is "200.00"), and every other field as written
    /// (a document id that names no document still tells two rows apart).
    struct PaymentRecord: Hashable {
        let customer: Int32, date: CivilDate, amount: Money, document: Int32, otherFields: UInt64
        init(_ p: Payment) {
            customer = p.customer; date = p.date; amount = p.amount; document = p.document; otherFields = p.otherFieldsHash
        }
    }

    /// Payment rows read by one worker, before duplicate checks and placeholder customers.
    struct PaymentBatch: RowBatch {
        var rows: RowRegion<Payment>
        /// `IDIndex.hash` of each payment's id, computed on the worker.
        var recordHashes: [UInt64] = []
        /// Rows whose customer is not known yet (a placeholder is made in order).
        var pendingCustomers: [(row: Int32, customer: String)] = []
        /// Rows `fastPaymentRow` took.
        var fastRows = 0
        /// The fast reader's last date and currency (`LoadState.Memo`).
        var dateMemo = Memo<CivilDate>(), currencyMemo = Memo<Currency>()

        init(region: RowRegion<Payment>) {
            rows = region
            recordHashes.reserveCapacity(region.capacity)
        }
    }

    /// A class, not a struct: the row parser is handed the columns once per row, and a
    /// struct of a dozen `Column`s (two `String`s each) was copied and destroyed per row.
    final class PaymentColumns: Sendable {
        let id, customer, date, currency, amount, document, reference: CSVTable.Column
        /// The columns compared by value when telling a re-import (a bit per index < 64);
        /// every other field is compared as written (`Payment.otherFieldsHash`).
        let byValue: UInt64
        /// `[files.payments] receipts = "negative"`: amounts are read with their sign turned.
        let receiptsNegative: Bool
        /// No column has a `[files.payments.values]` constant and the id, customer, date,
        /// currency and amount are columns: `fastPaymentRow` may read the rows.
        let plain: Bool
        init(_ t: CSVTable, receiptsNegative: Bool) {
            self.receiptsNegative = receiptsNegative
            id = t.column("payment_id"); customer = t.column("customer_id"); date = t.column("payment_date")
            currency = t.column("currency"); amount = t.column("amount"); document = t.column("document_id")
            reference = t.column("reference")
            plain = [id, customer, date, currency, amount, document, reference].allSatisfy { $0.constant.isEmpty }
                && [id, customer, date, currency, amount].allSatisfy { $0.index >= 0 }
            byValue = [id, customer, date, currency, amount].reduce(0) { m, c in
                (0..<64).contains(c.index) ? m | (1 << UInt64(c.index)) : m
            }
        }
    }

    /// Reads one row on a worker copy; nil (with a problem) when rejected.
    private mutating func paymentRow(_ row: CSVTable.Row, _ table: CSVTable, _ col: PaymentColumns, _ dateFormat: DateFormat,
                                     _ amountFormat: AmountFormat, into batch: inout PaymentBatch) {
        if split.fastRows && fastPaymentRow(row, col, dateFormat, amountFormat, into: &batch) { return }
        func reject(_ field: String?, _ why: String) {
            problem(.error, table, row.line, field, why + "; row rejected")
            rejected += 1
        }
        let id = row.text(col.id)
        guard !id.isEmpty else { return reject("payment_id", "empty payment id") }
        guard row.has(col.customer) else { return reject("customer_id", "empty customer id") }
        let (d, dText) = date(row, col.date, dateFormat)
        guard let day = d else {
            return reject("payment_date", dText.isEmpty ? "empty payment date" : "\"\(dText)\" is not a date (\(dateFormat.label))")
        }
        var target: Int32 = -1
        // Said once the row is known to load: a rejected row is not also "kept as cash".
        var unknownDocument: String?
        if row.has(col.document) {
            if let t = lookupDocument(row, col.document) { target = t }
            else { unknownDocument = row.text(col.document) }
        }
        let existing = lookupCustomer(row, col.customer)
        let (c, ok) = currency(row, table, col.currency)
        guard ok else { rejected += 1; return }
        let cur: Currency
        if let c { cur = c }
        else if target >= 0 { cur = documents[Int(target)].amount.currency }
        else if let e = existing, let cc = customers[Int(e)].currency { cur = cc }
        else if let r = config.reportingCurrency { cur = r }
        else { cur = Currency(code: "XXX")!; noCurrencyRows[.payments, default: RowTally()].add(line: row.line) }

        var minor: Int64
        switch amount(row, table, col.amount, cur, amountFormat) {
        case .value(let v, _): minor = col.receiptsNegative ? -v : v
        case .empty: return reject("amount", "empty amount")
        case .invalid(let why): return reject("amount", "\"\(row.text(col.amount))\": \(why)")
        }
        let money = Money(minorUnits: minor, currency: cur)
        if let docId = unknownDocument {
            // A document rejected for conflicting rows is in the file: say why it is not found.
            let why = loadInfo.conflictingDocumentIDs.contains(docId)
                ? "document \"\(docId)\" was rejected (rows with different values share its id)"
                : "document \"\(docId)\" not found"
            problem(.warning, table, row.line, "document_id", why + ": kept as unapplied cash")
        }
        if target >= 0 {
            // The fields read one by one: a copy of the whole document (its strings
            // retained and released) per payment was a measurable part of the parse.
            let t = Int(target)
            let docAmount = documents[t].amount, docCustomer = documents[t].customer
            if docAmount.minorUnits < 0 && money.minorUnits > 0 {
                problem(.warning, table, row.line, "document_id",
                        "a receipt cannot settle credit note \(documents[t].id) (only a refund, a negative amount, can): kept as unapplied cash")
                target = -1
            } else if docAmount.currency != cur {
                problem(.warning, table, row.line, "currency",
                        "payment in \(cur.code) cannot settle \(documents[t].id) in \(docAmount.currency.code): kept as unapplied cash")
                target = -1
            } else if existing.map({ docCustomer != $0 }) ?? true {
                let customerId = row.text(col.customer)
                problem(.warning, table, row.line, "customer_id",
                        "document \(documents[t].id) belongs to customer \(customers[Int(docCustomer)].id), not \(customerId): applied to the document anyway")
            }
        }
        let pay = Payment(id: id, customer: existing ?? -1, date: day, amount: money, document: target,
                          reference: row.text(col.reference), line: Int32(row.line),
                          otherFieldsHash: row.hashFields(skipping: col.byValue))
        if existing == nil { batch.pendingCustomers.append((Int32(batch.rows.count), row.text(col.customer))) }
        batch.rows.append(pay)
        batch.recordHashes.append(row.withBytes(col.id) { IDIndex.hash($0, $1) })   // = IDIndex.hash(id), from the bytes
    }
}
