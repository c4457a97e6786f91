/// Fast row readers: the common row of a documents or payments export (plain fields, a
/// known customer, ISO dates, a three-letter currency, an amount in the column's decimal
/// format with no more decimals than the currency has) read straight from its bytes.
///
/// Each reader either takes the row whole, giving exactly what the general reader
/// (`documentRow`, `paymentRow`) gives for it, or takes nothing and returns false: the
/// general reader then reads the row and says what is unusual about it. Nothing here
/// reports a problem. `SplitParityTests` loads every fixture and demo ledger both ways.
extension LoadState {
    /// A plain amount: digits, then optionally the column's decimal mark and 1…`digits`
    /// decimals (no sign, no grouping, no rounding); at least four integer digits when
    /// there are no decimals (a shorter one might be cut at an unquoted thousands
    /// separator, which `splitGroup` checks). Nil for anything else.
    ///
    /// - Returns: the value in minor units and how many decimals were written (-1: none).
    @inline(__always)
    static func plainAmount(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, digits: Int, decimal: UInt8)
        -> (minor: Int64, decimals: Int)? {
        var i = r.lowerBound
        let end = r.upperBound
        var integer: Int64 = 0
        while i < end, b[i] &- 0x30 < 10 { integer = integer &* 10 &+ Int64(b[i] &- 0x30); i += 1 }
        let intDigits = i - r.lowerBound
        guard intDigits >= 1, intDigits + digits <= 18 else { return nil }   // no overflow
        if i == end {
            let minor = integer * Currency.powersOfTen[digits]
            guard intDigits >= 4, minor <= Money.maxMinorUnits else { return nil }   // too large: the general reader says so
            return (minor, -1)
        }
        guard b[i] == decimal, decimal != AmountFormat.undecided else { return nil }
        i += 1
        var fraction: Int64 = 0
        let fracStart = i
        while i < end, b[i] &- 0x30 < 10 { fraction = fraction &* 10 &+ Int64(b[i] &- 0x30); i += 1 }
        let decimals = i - fracStart
        guard i == end, decimals >= 1, decimals <= digits else { return nil }
        let minor = integer * Currency.powersOfTen[digits] + fraction * Currency.powersOfTen[digits - decimals]
        guard minor <= Money.maxMinorUnits else { return nil }
        return (minor, decimals)
    }

    /// The field's bytes when they are its text, not empty and not padded with spaces or
    /// tabs (the general reader trims them and unescapes doubled quotes; the fast readers
    /// leave such a row to it).
    @inline(__always)
    static func bareField(_ row: CSVTable.Row, _ index: Int) -> Range<Int>? {
        guard index >= 0, index < row.fields.count, !row.fields[index].hasEscapedQuotes else { return nil }
        let r = row.fields[index].range
        guard !r.isEmpty else { return nil }
        let first = row.buffer[r.lowerBound], last = row.buffer[r.upperBound - 1]
        guard first != 0x20, first != 0x09, last != 0x20, last != 0x09 else { return nil }
        return r
    }

    /// Whether the column is missing from the file or empty in this row (its constants
    /// were ruled out when the file was found plain).
    @inline(__always)
    static func isBlank(_ row: CSVTable.Row, _ c: CSVTable.Column) -> Bool {
        row.range(c)?.isEmpty ?? true
    }

    /// The last cell a column's date or currency was read from, and what it read: exports
    /// run in date order, so most rows repeat the row before's date and currency, whose
    /// bytes are then compared instead of read again (each read was ~2 % of a load).
    struct Memo<Value: Sendable>: Sendable {
        var bytes: (UInt64, UInt16) = (0, 0)
        var value: Value?
    }

    /// A plain `yyyy-MM-dd` cell (the caller counts it as date evidence once the row is
    /// taken, as `date(_:_:_:)` counts it: `DateFormatDetector.addISO`).
    @inline(__always)
    static func plainDate(_ row: CSVTable.Row, _ index: Int, _ memo: inout Memo<CivilDate>) -> CivilDate? {
        guard let r = bareField(row, index), r.count == 10 else { return nil }
        let p = UnsafeRawPointer(row.buffer.baseAddress! + r.lowerBound)
        let key = (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if let d = memo.value, key == memo.bytes { return d }
        guard let d = DateFormat.plainISO(row.buffer, r.lowerBound) else { return nil }
        memo = Memo(bytes: key, value: d)
        return d
    }

    /// A known currency written as three capital letters.
    @inline(__always)
    static func plainCurrency(_ row: CSVTable.Row, _ index: Int, _ memo: inout Memo<Currency>) -> Currency? {
        guard let r = bareField(row, index), r.count == 3 else { return nil }
        let b = row.buffer
        let x = b[r.lowerBound], y = b[r.lowerBound + 1], z = b[r.lowerBound + 2]
        let key = (UInt64(x) | UInt64(y) << 8 | UInt64(z) << 16, UInt16(0))
        if let c = memo.value, key == memo.bytes { return c }
        guard x &- 0x41 < 26, y &- 0x41 < 26, z &- 0x41 < 26 else { return nil }
        let c = Currency(asciiUppercase: x, y, z)
        guard c.isKnownISO4217 else { return nil }
        memo = Memo(bytes: key, value: c)
        return c
    }

    /// A plain amount in `currency`, in minor units, and how many decimals it was written with.
    @inline(__always)
    static func plainAmount(_ row: CSVTable.Row, _ index: Int, _ currency: Currency, _ format: AmountFormat) -> (minor: Int64, decimals: Int)? {
        guard let r = bareField(row, index) else { return nil }
        return plainAmount(row.buffer, r, digits: currency.minorDigits, decimal: format.decimalSeparator)
    }

    /// Counts a taken row's dates and amount as evidence, as `date` and `amount` count
    /// them: `dates` ISO dates, and the amount in column `amountIndex` written with
    /// `decimals` decimals (`DecimalSeparatorDetector.add` is called only when the value
    /// could change what the detector holds: a mark followed by other than three digits
    /// votes for itself, and changes nothing once a line is held for that mark).
    @inline(__always)
    mutating func countEvidence(_ row: CSVTable.Row, dates: Int, amountIndex: Int, decimals: Int, _ format: AmountFormat) {
        if detectDates { for _ in 0..<dates { dateDetector.addISO() } }
        guard detectAmounts && decimals >= 0 else { return }
        let held = format.decimalSeparator == UInt8(ascii: ".") ? amountDetector.dotLine != nil : amountDetector.commaLine != nil
        if decimals == 3 || !held { amountDetector.add(row.buffer, row.fields[amountIndex].range, line: row.line) }
    }

    /// Reads a common documents row (see the top of this file); false leaves it to `documentRow`.
    @inline(__always)
    mutating func fastDocumentRow(_ row: CSVTable.Row, _ col: DocumentColumns, _ dateFormat: DateFormat,
                                  _ amountFormat: AmountFormat, into batch: inout DocumentBatch) -> Bool {
        guard col.plain, dateFormat == .isoDate,
              let idRange = Self.bareField(row, col.id.index), let customerRange = Self.bareField(row, col.customer.index)
        else { return false }
        let b = row.buffer
        // The customer's slot is loaded while the rest of the row is read (the look-up
        // waited on memory: the index is larger than a core's cache).
        let customerKey = IDIndex.hash(b, customerRange)
        customerIndex.prefetch(hash: customerKey)
        // An invoice: no type, or "invoice" as written (other words take the general path).
        guard Self.isBlank(row, col.type) || row.isASCII(col.type, "invoice") else { return false }
        guard let currency = Self.plainCurrency(row, col.currency.index, &batch.currencyMemo),
              Self.isBlank(row, col.paid), Self.isBlank(row, col.appliesTo),
              row.isASCII(col.disputed, "no") || row.isASCII(col.disputed, "false") || Self.isBlank(row, col.disputed),
              let date = Self.plainDate(row, col.date.index, &batch.dateMemo),
              let due = Self.plainDate(row, col.due.index, &batch.dueMemo),
              let (minor, decimals) = Self.plainAmount(row, col.amount.index, currency, amountFormat)
        else { return false }
        let id = String(field: b, idRange), reference = row.text(col.reference)
        guard let customer = customerIndex.find(hash: customerKey, matches: { customers[Int($0)].id.utf8Equals(b, customerRange) })
        else { return false }
        countEvidence(row, dates: 2, amountIndex: col.amount.index, decimals: decimals, amountFormat)
        batch.rows.append(Document(id: id, customer: customer, type: .invoice, date: date, dueDate: due, dueDateSource: .exported,
                                   amount: Money(minorUnits: minor, currency: currency), reference: reference,
                                   disputed: false, appliesTo: -1, line: Int32(row.line), extras: row.extras))
        batch.idHashes.append(IDIndex.hash(b, idRange))
        batch.fastRows += 1
        return true
    }

    /// Reads a common payments row (a receipt, applied to a document of the same customer
    /// and currency that it can settle, or to none); false leaves it to `paymentRow`.
    @inline(__always)
    mutating func fastPaymentRow(_ row: CSVTable.Row, _ col: PaymentColumns, _ dateFormat: DateFormat,
                                 _ amountFormat: AmountFormat, into batch: inout PaymentBatch) -> Bool {
        guard col.plain, dateFormat == .isoDate,
              let idRange = Self.bareField(row, col.id.index), let customerRange = Self.bareField(row, col.customer.index)
        else { return false }
        let b = row.buffer
        // The customer's and the document's slots are loaded while the rest of the row is
        // read (each look-up waited on memory).
        let customerKey = IDIndex.hash(b, customerRange)
        customerIndex.prefetch(hash: customerKey)
        let documentRange = Self.isBlank(row, col.document) ? nil : Self.bareField(row, col.document.index)
        let documentKey = documentRange.map { IDIndex.hash(b, $0) } ?? 0
        if documentRange != nil { documentIndex.prefetch(hash: documentKey) }
        guard let currency = Self.plainCurrency(row, col.currency.index, &batch.currencyMemo),
              let date = Self.plainDate(row, col.date.index, &batch.dateMemo),
              let (minor, decimals) = Self.plainAmount(row, col.amount.index, currency, amountFormat),
              let customer = customerIndex.find(hash: customerKey, matches: { customers[Int($0)].id.utf8Equals(b, customerRange) })
        else { return false }
        var target: Int32 = -1
        if !Self.isBlank(row, col.document) {
            guard let r = documentRange,
                  let t = documentIndex.find(hash: documentKey, matches: { documents[Int($0)].id.utf8Equals(b, r) })
            else { return false }
            // A receipt the document takes as it is: not a credit note, same currency and customer.
            let amount = documents[Int(t)].amount
            guard amount.minorUnits >= 0, amount.currency == currency, documents[Int(t)].customer == customer else { return false }
            target = t
        }
        countEvidence(row, dates: 1, amountIndex: col.amount.index, decimals: decimals, amountFormat)
        let id = String(field: b, idRange)
        batch.rows.append(Payment(id: id, customer: customer, date: date,
                                  amount: Money(minorUnits: col.receiptsNegative ? -minor : minor, currency: currency),
                                  document: target, reference: row.text(col.reference), line: Int32(row.line),
                                  otherFieldsHash: row.hashFields(skipping: col.byValue)))
        batch.recordHashes.append(IDIndex.hash(b, idRange))
        batch.fastRows += 1
        return true
    }
}
