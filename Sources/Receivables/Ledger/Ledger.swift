import Dispatch
/// An immutable snapshot of a ledger folder: what the files said, validated, with the
/// problems found. Built by `LedgerLoader`; read by `Aging` and the reports.
public struct Ledger: Sendable {
    /// The folder's name, shown in headers ("acme-fr").
    public var name: String
    public var customers: [Customer]
    public var documents: [Document]
    public var payments: [Payment]
    public var fx: FxTable
    public var problems: [LedgerProblem]
    public var config: LedgerConfig
    /// Rows rejected while loading (each has an error in `problems`).
    public var rejectedRows: Int
    /// customer id → index in `customers` (see `customer(id:)`).
    public let customerIndex: IDIndex
    /// document id → index in `documents` (see `document(id:)`).
    public let documentIndex: IDIndex
    /// Names of unknown columns kept for display, per file.
    public var extraColumns: [LedgerFileKind: [String]]
    /// Settlements of each document (payments and credit notes applied to it), built once.
    public let settlements: Settlements
    /// What the files looked like when read, so that rows appended later can be read alone.
    public var loadInfo = LoadInfo()

    /// Builds a ledger; `customerIndex`, `documentIndex` and `settlements` are built when
    /// not given (a caller that gives them vouches they are those of these rows).
    public init(name: String, customers: [Customer], documents: [Document], payments: [Payment],
                fx: FxTable = FxTable(), problems: [LedgerProblem] = [], config: LedgerConfig = LedgerConfig(),
                rejectedRows: Int = 0, extraColumns: [LedgerFileKind: [String]] = [:],
                customerIndex: IDIndex? = nil, documentIndex: IDIndex? = nil, settlements: Settlements? = nil) {
        self.name = name
        self.customers = customers
        self.documents = documents
        self.payments = payments
        self.fx = fx
        self.problems = problems
        self.config = config
        self.rejectedRows = rejectedRows
        self.extraColumns = extraColumns
        self.customerIndex = customerIndex ?? IDIndex(keys: customers.map(\.id))
        self.documentIndex = documentIndex ?? IDIndex(keys: documents.map(\.id))
        self.settlements = settlements ?? Settlements(documents: documents, payments: payments)
    }

    /// Index of the customer with this id (exact text), nil when none.
    public func customer(id: String) -> Int32? {
        customerIndex.find(hash: IDIndex.hash(id)) { customers[Int($0)].id == id }
    }

    /// Index of the document with this id (exact text), nil when none.
    public func document(id: String) -> Int32? {
        documentIndex.find(hash: IDIndex.hash(id)) { documents[Int($0)].id == id }
    }

    /// Every currency a document or payment is in, sorted by code.
    public var currencies: [Currency] {
        var s = Set<Currency>()
        for d in documents { s.insert(d.amount.currency) }
        for p in payments { s.insert(p.amount.currency) }
        return s.sorted()
    }

    /// The currency reports are in: the config's; else the only currency; else, when
    /// fx.csv is there, the one currency it has no rate for, or only rates of exactly 1
    /// (rates are "units of the reporting currency per unit"); else nil (reports split by
    /// currency).
    public var reportingCurrency: Currency? {
        if let c = config.reportingCurrency { return c }
        let all = currencies
        if all.count <= 1 { return all.first }
        if !fx.isEmpty {
            // The base has no rate, or only rates of exactly 1 (some exports list it so).
            let base = all.filter { !fx.currencies.contains($0) || fx.isUnit($0) }
            if base.count == 1 { return base[0] }
        }
        return nil
    }

    /// The first problem that makes every figure wrong: an error on no line or on the
    /// header of the documents, payments or customers file (unreadable, not CSV, a
    /// required column missing, a column named in ardash.toml not found, dates or amounts
    /// that cannot be read in one format); nil when there is none. Reports and letters
    /// refuse to start on one, and a live reload keeps the last good figures.
    public var wholeFileProblem: LedgerProblem? {
        let kinds = [LedgerFileKind.invoices, .payments, .customers]
        let files = kinds.map { config.file($0).path ?? $0.defaultFileName }
        // An error on no line, or on the header's (after `skip_lines`), is the file's.
        let headerLines = Dictionary(zip(files, kinds.map { 1 + config.file($0).skipLines }), uniquingKeysWith: max)
        if let p = problems.first(where: { $0.severity == .error && files.contains($0.file) && ($0.line == nil || $0.line! <= headerLines[$0.file]!) }) { return p }
        // A file whose every row was rejected (a header that does not match its rows, a
        // format none of them fits) gave figures of zero with a trial's exit 0.
        let loaded = [!documents.isEmpty, payments.contains { !$0.fromPaidDate }, customers.contains { !$0.isPlaceholder }]
        for (k, file) in files.enumerated() where !loaded[k] {
            if let first = problems.first(where: { $0.severity == .error && $0.file == file }) {
                return LedgerProblem(.error, file: file, line: nil, field: nil,
                                     "no row could be read (the first: \(first.description.replacingOccurrences(of: file + ":", with: "line ")))")
            }
        }
        return nil
    }

    /// Whether amounts in `a` and in `b` can be set against each other: the same
    /// currency, or both convertible into the report's currency through fx.csv (a promise
    /// in GBP from a customer paying in EUR needs a GBP rate).
    public func canCompare(_ a: Currency, _ b: Currency) -> Bool {
        if a == b { return true }
        guard let rc = reportingCurrency else { return false }
        return (a == rc || fx.rates[a] != nil) && (b == rc || fx.rates[b] != nil)
    }

    /// Counts of problems by severity.
    public var problemCounts: (errors: Int, warnings: Int, notices: Int) {
        var e = 0, w = 0, n = 0
        for p in problems {
            switch p.severity { case .error: e += 1; case .warning: w += 1; case .notice: n += 1 }
        }
        return (e, w, n)
    }
}

/// The state of the files a ledger was read from (see `LedgerLoader.reload`).
public struct LoadInfo: Sendable {
    /// A data file read in full: where it ended and how its values were written.
    public struct Source: Sendable {
        public var path: String
        public var size: Int
        /// Modification time (ns) when read: a rewrite of the same size changes it.
        public var mtime: Int64 = 0
        /// Hash of every byte read: an append leaves it unchanged, any other edit does not.
        public var hash: ContentHash
        /// Line number of the first byte after `size`.
        public var endLine: Int
        public var headerHash: UInt64
        public var dateFormat: DateFormat
        public var amountFormat: AmountFormat
        /// What the values said about the formats, when they were detected.
        var dateEvidence: DateFormatDetector?
        var amountEvidence: DecimalSeparatorDetector?
    }
    public var sources: [LedgerFileKind: Source] = [:]
    /// Size and mtime of every other file that matters (customers, fx, ardash.toml).
    public var otherStamps: [String: [Int64]] = [:]
    /// Rows of each file the fast row readers took (the rest were read the general way),
    /// over the full load and the appends since.
    public internal(set) var fastRows: [LedgerFileKind: Int] = [:]
    var noCurrencyRows: [LedgerFileKind: RowTally] = [:]
    /// Credit limits written with no currency (none in the row, no reporting currency),
    /// and the line of the first.
    var limitsWithoutCurrency = (count: 0, firstLine: 0)
    /// The folder has a customers file: a customer not in it is worth saying.
    public internal(set) var hasCustomerFile = false
    var dueOnDocumentDate: [(file: String, line: Int)] = []
    /// A payment row named a customer that nothing before it did (a placeholder).
    var paymentPlaceholders = false
    /// Document ids rejected because rows with different values share them: a row with
    /// one of them appended later joins the rejected ones, which only a full load does.
    var conflictingDocumentIDs = Set<String>()
    /// A last line with no line end yet was left out (`LedgerLoader.reload(…,
    /// holdBackUnterminated: true)`): load again once the file is still.
    public var heldBack = false
    /// Whether an append could change how earlier rows resolve (a credit note or payment
    /// naming a document not found): then only a full load is exact.
    public var unresolvedReferences = false
    public init() {}
}

/// What settles each document, and what is left unapplied, independent of any as-of date.
///
/// A settlement moves value from a *source* (a payment row, or a credit note that names
/// the document it settles) to a *target* document. It takes effect on the later of the
/// source's date and the target's date: a payment received before its invoice exists is
/// unapplied cash until the invoice is dated (BR-02).
public struct Settlements: Sendable {
    public struct Entry: Sendable, Equatable {
        /// Date the settlement takes effect: max(source date, target date).
        public var effective: CivilDate
        /// Date of the source (payment date, credit note date).
        public var sourceDate: CivilDate
        /// Amount moved, in the target's currency minor units (positive settles a debt).
        public var amount: Int64
        /// Payment index (≥ 0) or −(credit note index) − 1.
        public var source: Int32
    }

    /// Entries grouped by target document: `entries[offsets[d]..<offsets[d+1]]`, by date.
    public let offsets: [Int32]
    public let entries: [Entry]
    /// Credit notes that settle another document (their own open amount is 0 once effective).
    public let settlingCreditNotes: Set<Int32>
    /// Each document's date, packed (4 bytes a document): passes over the payments read
    /// their target's date here, not from the 80-byte document (a cache miss a payment).
    public let documentDates: [CivilDate]
    /// The earliest document or payment date, in days since 1970-01-01 (Int32.max for an
    /// empty ledger): monthly series start from it, found here in passes already made
    /// rather than in one more pass over every row per series.
    public let earliestDay: Int32

    init(documents: [Document], payments: [Payment]) {
        var laps = TraceLaps("  settlements:")
        // The documents' pass and the payments' on one core each: the targets' dates,
        // packed (reading them from the documents themselves was a cache miss per
        // payment: a document is 80 bytes, a date 4), and the credit notes that settle a
        // document; the number of payments per document.
        // Payments are placed by two workers at once, each its half of the rows (the pass
        // is bound by reading 80-byte payments): a document's slots take its payments from
        // the first half, then from the second, then its credit notes (row order each).
        let half = Parallel.shares(payments.count).count > 1 ? payments.count / 2 : payments.count
        let ((dates, credits, firstDocument), (paid, paidInFirstHalf, firstPayment)) = Parallel.both({
            var dates = [CivilDate](repeating: CivilDate(daysSinceEpoch: 0), count: documents.count)
            var credits: [Int32] = []
            var first = Int32.max
            documents.withUnsafeBufferPointer { docs in
                dates.withUnsafeMutableBufferPointer { out in
                    for i in docs.indices {
                        out[i] = docs[i].date
                        first = min(first, docs[i].date.daysSinceEpoch)
                        if docs[i].appliesTo >= 0 { credits.append(Int32(i)) }
                    }
                }
            }
            return (dates, credits, first)
        }, {
            var counts = [Int32](repeating: 0, count: documents.count + 1)
            var inFirstHalf: [Int32] = []
            var first = Int32.max
            payments.withUnsafeBufferPointer { pays in
                for (rows, last) in [(0..<half, true), (half..<pays.count, false)] {
                    counts.withUnsafeMutableBufferPointer { c in
                        for i in rows {
                            first = min(first, pays[i].date.daysSinceEpoch)
                            if pays[i].document >= 0 { c[Int(pays[i].document) + 1] += 1 }
                        }
                    }
                    if last { inFirstHalf = counts }
                }
            }
            return (counts, inFirstHalf, first)
        })
        earliestDay = min(firstDocument, firstPayment)
        laps.lap("dates ∥ counts")
        var counts = paid
        for i in credits { counts[Int(documents[Int(i)].appliesTo) + 1] += 1 }
        let creditSources = Set(credits)
        counts.withUnsafeMutableBufferPointer { c in for i in 1..<c.count { c[i] += c[i - 1] } }
        laps.lap("offsets")
        // Every slot is written once below (a payment or a credit note per slot): no
        // zeroing first. Written through pointers: the array's checks were most of the pass.
        let total = Int(counts.last!)
        let n = documents.count
        var entries = [Entry](unsafeUninitializedCapacity: total) { out, count in
            let target = UncheckedSendable(out)
            let offsets = counts, dates = dates, credits = credits
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let out = target.value
                // Where each document's next slot is for this worker.
                var fill = [Int32](unsafeUninitializedCapacity: n) { f, k in
                    for t in 0..<n { f[t] = offsets[t] + (part == 0 ? 0 : paidInFirstHalf[t + 1]) }
                    k = n
                }
                fill.withUnsafeMutableBufferPointer { fill in
                    dates.withUnsafeBufferPointer { dates in
                        payments.withUnsafeBufferPointer { pays in
                            for i in part == 0 ? 0..<half : half..<pays.count where pays[i].document >= 0 {
                                let t = Int(pays[i].document), date = pays[i].date
                                out[Int(fill[t])] = Entry(effective: max(date, dates[t]), sourceDate: date,
                                                          amount: pays[i].amount.minorUnits, source: Int32(i))
                                fill[t] += 1
                            }
                        }
                        guard part == 1 else { return }
                        documents.withUnsafeBufferPointer { docs in
                            for c in credits {
                                let i = Int(c), t = Int(docs[i].appliesTo), date = docs[i].date
                                out[Int(fill[t])] = Entry(effective: max(date, dates[t]), sourceDate: date,
                                                          amount: -docs[i].amount.minorUnits, source: -Int32(i) - 1)
                                fill[t] += 1
                            }
                        }
                    }
                }
            }
            count = total
        }
        laps.lap("fill")
        // Each document's settlements in order (most have one or two), half the documents per core.
        entries.withUnsafeMutableBufferPointer { e in
            let all = UncheckedSendable(e)
            counts.withUnsafeBufferPointer { c in
                _ = Parallel.ranges(n) { docs in
                    let e = all.value
                    for d in docs {
                        let lo = Int(c[d]), hi = Int(c[d + 1])
                        if hi - lo < 2 { continue }
                        if hi - lo == 2 {
                            if Settlements.precedes(e[lo + 1], e[lo]) { e.swapAt(lo, lo + 1) }
                        } else {
                            var run = UnsafeMutableBufferPointer(rebasing: e[lo..<hi])
                            run.sort(by: Settlements.precedes)
                        }
                    }
                }
            }
        }
        laps.lap("sort")
        offsets = counts
        self.entries = entries
        settlingCreditNotes = creditSources
        documentDates = dates
    }

    /// The order of a document's settlements: by effective date; on one date payments
    /// (by row) before credit notes (by row). A total order, so that the settlements come
    /// out the same however they were gathered (a refund before or after a receipt of the
    /// same day decides the day a document was paid in full).
    static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.effective != b.effective { return a.effective < b.effective }
        if (a.source >= 0) != (b.source >= 0) { return a.source >= 0 }
        return a.source >= 0 ? a.source < b.source : a.source > b.source
    }

    /// The settlements of `documents` and `payments` when they only add rows to those
    /// `previous` was built from (the first `documentsBefore` documents and
    /// `paymentsBefore` payments unchanged): the old entries are moved in runs and only
    /// the new sources are placed. Equal to a build from scratch (tested); O(documents)
    /// for the offsets plus a copy of the entries, instead of a pass over every row.
    init(extending previous: Settlements, documents: [Document], payments: [Payment], documentsBefore: Int, paymentsBefore: Int) {
        let n = documents.count
        // New sources by target, in the order a build from scratch meets them.
        var added: [(target: Int32, entry: Entry)] = []
        var creditSources = previous.settlingCreditNotes
        for i in paymentsBefore..<payments.count where payments[i].document >= 0 {
            let t = Int(payments[i].document), date = payments[i].date
            added.append((Int32(t), Entry(effective: max(date, documents[t].date), sourceDate: date,
                                          amount: payments[i].amount.minorUnits, source: Int32(i))))
        }
        for i in documentsBefore..<n where documents[i].appliesTo >= 0 {
            let t = Int(documents[i].appliesTo), date = documents[i].date
            added.append((Int32(t), Entry(effective: max(date, documents[t].date), sourceDate: date,
                                          amount: -documents[i].amount.minorUnits, source: -Int32(i) - 1)))
            creditSources.insert(Int32(i))
        }
        settlingCreditNotes = creditSources
        documentDates = previous.documentDates + documents[previous.documentDates.count...].lazy.map(\.date)
        earliestDay = min(previous.earliestDay,
                          documents[documentsBefore...].lazy.map(\.date.daysSinceEpoch).min() ?? .max,
                          payments[paymentsBefore...].lazy.map(\.date.daysSinceEpoch).min() ?? .max)
        let oldCount = previous.offsets.count - 1
        if added.isEmpty {
            // Nothing new settles anything (documents appended, no payment, no credit note
            // naming one): the entries are the old ones, shared rather than copied (22 MB at
            // a million documents), and the new documents have none.
            self.entries = previous.entries
            self.offsets = previous.offsets + repeatElement(previous.offsets[oldCount], count: n - oldCount)
            return
        }
        added.sort { $0.target < $1.target }   // each target's entries are put in order below
        var offsets = [Int32](repeating: 0, count: n + 1)
        var entries: [Entry] = []
        entries.reserveCapacity(previous.entries.count + added.count)
        var k = 0      // next added entry
        var copied = 0 // old documents whose entries are in `entries`
        // Runs of documents with nothing new are copied whole, then each touched one merged.
        func copyOld(upTo end: Int) {
            guard end > copied else { return }
            let shift = Int32(entries.count) - previous.offsets[copied]
            entries.append(contentsOf: previous.entries[Int(previous.offsets[copied])..<Int(previous.offsets[end])])
            for d in copied..<end { offsets[d + 1] = previous.offsets[d + 1] + shift }
            copied = end
        }
        while k < added.count {
            let t = Int(added[k].target)
            copyOld(upTo: min(t, oldCount))
            if t >= oldCount { for d in copied..<t { offsets[d + 1] = Int32(entries.count) }; copied = max(copied, t) }
            let start = entries.count
            if t < oldCount { entries.append(contentsOf: previous.entries[Int(previous.offsets[t])..<Int(previous.offsets[t + 1])]) }
            while k < added.count && Int(added[k].target) == t { entries.append(added[k].entry); k += 1 }
            if entries.count - start > 1 { entries[start...].sort(by: Settlements.precedes) }
            offsets[t + 1] = Int32(entries.count)
            copied = t + 1
        }
        copyOld(upTo: oldCount)
        for d in copied..<n { offsets[d + 1] = Int32(entries.count) }
        self.offsets = offsets
        self.entries = entries
    }

    /// Settlements of document `d`, by effective date.
    public func of(_ d: Int) -> ArraySlice<Entry> { entries[Int(offsets[d])..<Int(offsets[d + 1])] }

    /// The settlements read through buffers, for loops over every document: `of(_:)`
    /// retains the entries per call, and two cores retaining one buffer fight over its
    /// reference count.
    public struct View {
        let offsets: UnsafeBufferPointer<Int32>
        let entries: UnsafeBufferPointer<Entry>
        /// `Settlements.documentDates`.
        public let documentDates: UnsafeBufferPointer<CivilDate>
        /// Settlements of document `d`, by effective date.
        @inline(__always)
        public func of(_ d: Int) -> Slice<UnsafeBufferPointer<Entry>> { entries[Int(offsets[d])..<Int(offsets[d + 1])] }
    }

    /// Runs `body` with a `View` valid only inside it.
    public func withView<R>(_ body: (View) -> R) -> R {
        offsets.withUnsafeBufferPointer { o in
            entries.withUnsafeBufferPointer { e in
                documentDates.withUnsafeBufferPointer { d in body(View(offsets: o, entries: e, documentDates: d)) }
            }
        }
    }
}
