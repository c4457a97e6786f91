import DisplayText
import Foundation
import Receivables

/// What the dashboard shows for one ledger at one as-of date, computed once per load or
/// date change; every key press then works on these arrays without re-scanning the ledger.
public final class DashboardModel: @unchecked Sendable {
    public let ledger: Ledger
    public let asOf: CivilDate
    public let aging: AgingReport
    /// Overdue documents, most days past due first.
    public let overdue: [OverdueItem]
    /// 24 months of KPIs (DSO and BPDSO by countback, ADD, CEI), nil when the ledger
    /// cannot be converted into one currency.
    public let kpi: [KPIPoint]?
    /// Documents paid in full by the as-of date, and the payment-date predictor built on them.
    public let history: PaymentHistory
    /// Built on first use (drill-down, worklist): it sorts every paid document.
    public private(set) lazy var predictor = PaymentPredictor(history)
    /// Credit control for the annotations last asked for (rebuilt when the journal grows).
    private var creditCache: (count: Int, control: CreditControl)?
    /// The worklist for that state of the journal.
    private var worklistCache: (count: Int, result: Worklist.Result)?
    private var creditViewCache = RecentCache<CustomerCredit>()
    /// Customer names and ids folded for search: lowercased, accents removed ("societe"
    /// finds "Société"). Kept from the previous model when the customers are the same;
    /// else made on first use or by `prefetch` (15–25 ms at 50,000 customers, which the
    /// first frame does not wait for).
    var foldedCustomer: FoldedTexts {
        searchLock.lock(); defer { searchLock.unlock() }
        return foldedCustomerLocked
    }
    /// `foldedCustomer`, with `searchLock` held.
    private var foldedCustomerLocked: FoldedTexts {
        if let f = foldedCustomerCache { return f }
        let customers = ledger.customers
        let f = FoldedTexts(count: customers.count) { [customers[$0].name, customers[$0].id] }
        foldedCustomerCache = f
        return f
    }
    private var foldedCustomerCache: FoldedTexts?
    /// The folded customers if made already (a reload reuses them).
    private var keptFoldedCustomer: FoldedTexts? {
        searchLock.lock(); defer { searchLock.unlock() }
        return foldedCustomerCache
    }
    /// Overdue item index → bucket index.
    let overdueBucket: [Int]
    /// Overdue item index → folded document id (for the filter). Made on first use or by
    /// `prefetch`: the first frame does not wait for it.
    var foldedDocument: FoldedTexts {
        searchLock.lock(); defer { searchLock.unlock() }
        if let f = foldedDocumentCache { return f }
        let overdue = overdue, docs = ledger.documents
        let f = FoldedTexts(count: overdue.count) { [docs[Int(overdue[$0].document)].id] }
        foldedDocumentCache = f
        return f
    }
    private var foldedDocumentCache: FoldedTexts?
    /// Customer index → rank by name (for the customer sort). Kept from the previous model
    /// when the customers are the same; else made on first use or by `prefetch`.
    var nameRank: [Int32] {
        searchLock.lock(); defer { searchLock.unlock() }
        if let r = nameRankCache { return r }
        let r = foldedCustomerLocked.ranks()
        nameRankCache = r
        return r
    }
    private var nameRankCache: [Int32]?
    /// The name ranks if made already (a reload reuses them; it does not make them).
    private var keptNameRank: [Int32]? {
        searchLock.lock(); defer { searchLock.unlock() }
        return nameRankCache
    }
    /// Guards the two caches above (`prefetch` fills them on another thread).
    private let searchLock = NSLock()
    /// The ledger grouped by customer, for drill-downs (built on first use).
    private(set) var customerRowsCache: CustomerRows?
    /// The last drill-down computed, reused while the same customer is on screen.
    private var profileCache = RecentCache<CustomerProfile>()
    private var timelineCache: (customer: Int32, events: Int, width: Int, rows: [CustomerView.Row])?

    /// The drill-down's timeline rows, built by `build` once per customer, number of journal
    /// events and screen width (main thread only).
    func timelineRows(_ customer: Int32, events: Int, width: Int, _ build: () -> [CustomerView.Row]) -> [CustomerView.Row] {
        if let c = timelineCache, c.customer == customer, c.events == events, c.width == width { return c.rows }
        let rows = build()
        timelineCache = (customer, events, width, rows)
        return rows
    }
    /// Sort orders of `overdue`, computed on first use.
    private var orders: [OverdueSort: [Int32]] = [:]
    /// Per customer: balance, overdue and oldest days past due (reporting currency minor units).
    public let customerLines: [CustomerLine]

    public struct CustomerLine: Sendable {
        public var customer: Int32
        /// Currency of the amounts (the aging section's).
        public var currency: Currency
        public var balance: Int64
        public var overdue: Int64
        public var oldest: Int
        public var buckets: [Int64]
    }

    /// - Parameter previous: the model this one replaces (a reload): its customers' search
    ///   texts and name order are reused when the customers are the same.
    ///   - appended: `ledger` is `previous`'s with rows appended (`LedgerLoader.reload`'s
    ///     `appendedOnly`): when only documents were, none settling another, the aging
    ///     takes `previous`'s open items over and reads the new documents alone
    ///     (`Aging.report(_:extending:newDocuments:)`), and the KPI sums and the payment
    ///     history are carried over; else everything is computed afresh.
    public init(ledger: Ledger, asOf: CivilDate, reusing previous: DashboardModel? = nil, appended: Bool = false) {
        self.ledger = ledger
        self.asOf = asOf
        // The aging and the KPI series do not depend on each other: one core each. The
        // KPI side weights payment habits in the ledger's reporting currency; in the rare
        // case the aging settles on another (rates missing on the as-of date) it is redone.
        var laps = TraceLaps("model:")
        let guess = ledger.reportingCurrency
        // Customers' search texts are kept from the previous model when the customers are
        // the same (rows appended); else folded on the aging side, the shorter one.
        let sameCustomers = previous.map { p in
            p.ledger.customers.count == ledger.customers.count
                && zip(p.ledger.customers, ledger.customers).allSatisfy { $0.id == $1.id && $0.name == $1.name }
        } ?? false
        let keptFolds = sameCustomers ? previous!.keptFoldedCustomer : nil
        let aging: AgingReport, monthly: MonthlySums?
        var history: PaymentHistory, kpiSeries: [KPIPoint]?
        var previousRows: CustomerRows? = nil
        if appended, let p = previous, let carried = Self.extending(p, ledger: ledger, asOf: asOf) {
            (aging, monthly, history, kpiSeries) = carried
            previousRows = p.customerRowsCache
            carriedOver = true
            laps.lap("aging and KPI sums carried over, new documents read")
        } else {
            // The rows are read once, on both cores, for the open items and the documents
            // paid in full (the aging's and the payment history's passes were each most of
            // their side's time, reading the same million rows).
            // The KPI series' monthly sums in the same pass (a pass of their own over the
            // documents and their settlements was most of the KPI side).
            let frame = MonthlyFrame(ledger, asOf: asOf, months: 24, currency: nil)
            let scan = LedgerScan(ledger, asOf: asOf, openItems: true, history: true, weightCurrency: guess, monthly: frame)
            let scannedHistory = PaymentHistory(scan)   // taken here: each side takes its own part
            laps.lap("scan")
            let (agingSide, kpiSide) = Parallel.both({
                var l = TraceLaps("  model aging side:")
                let a = Aging.report(ledger, asOf: asOf, scan: scan)
                l.lap("aging")
                return a
            }, {
                var l = TraceLaps("  model kpi side:")
                let h = scannedHistory
                let k = KPISeries.monthly(ledger, asOf: asOf, months: 24, history: h, sums: scan.monthly)
                l.lap("kpi")
                return (h, k)
            })
            laps.lap("aging ∥ kpi")
            aging = agingSide
            monthly = scan.monthly
            carriedOver = false
            (history, kpiSeries) = kpiSide
            if CreditControl.weightCurrency(aging) != guess {
                history = PaymentHistory(ledger, asOf: asOf, weightCurrency: CreditControl.weightCurrency(aging))
                kpiSeries = KPISeries.monthly(ledger, asOf: asOf, months: 24, history: history)
            }
        }
        self.monthlySums = monthly
        let rowsToExtend = previousRows
        // What reads the aging: the overdue list and the lines on one core, the rows by
        // customer on the other.
        let a = aging
        let (listed, rows) = Parallel.both({
            var l = TraceLaps("  model list side:")
            let o = Overdue.list(ledger, aging: a)
            l.lap("overdue")
            let lines = DashboardModel.customerLines(a, o)
            let buckets = DashboardModel.overdueBuckets(a, o)
            l.lap("lines")
            return (overdue: o, lines: lines, buckets: buckets)
        }, {
            var l = TraceLaps("  model rows side:")
            let oldCount = previous?.ledger.documents.count ?? 0
            let r = rowsToExtend.map { CustomerRows(extending: $0, ledger: ledger, aging: a, newDocuments: oldCount..<ledger.documents.count) }
                ?? CustomerRows(ledger: ledger, aging: a)
            l.lap("rows")
            return r
        })
        laps.lap("overdue ∥ rows")
        self.aging = aging
        self.history = history
        kpi = kpiSeries
        overdue = listed.overdue
        foldedCustomerCache = keptFolds
        overdueBucket = listed.buckets
        // By folded name (accents and case ignored, so "Évian" sorts with "Evian"), then id.
        if sameCustomers { nameRankCache = previous!.keptNameRank }
        customerRowsCache = rows
        customerLines = listed.lines
        orders[.daysPastDue] = (0..<Int32(overdue.count)).map { $0 }
    }

    /// The KPI series' monthly sums of this model (carried over to the next when only
    /// documents are appended).
    let monthlySums: MonthlySums?
    /// Whether the aging and KPI sums were carried over from the previous model (`extending`).
    let carriedOver: Bool

    /// The aging, KPI sums, payment history and KPI series of `ledger`, which is
    /// `previous`'s with documents appended, from `previous`'s and the new documents alone;
    /// nil when anything else changed (payments, customers, the date, a new document that
    /// settles another or moves the series' first month, the report's currency), which a
    /// full computation handles. Equal to it otherwise (tested).
    static func extending(_ previous: DashboardModel, ledger: Ledger, asOf: CivilDate)
        -> (AgingReport, MonthlySums?, PaymentHistory, [KPIPoint]?)? {
        let old = previous.ledger
        guard previous.asOf == asOf, ledger.payments.count == old.payments.count, ledger.customers.count == old.customers.count,
              ledger.documents.count >= old.documents.count, let sums = previous.monthlySums,
              // (The model is of the ledger the rows were appended to: its last document stands.)
              old.documents.last.map({ ledger.documents[old.documents.count - 1] == $0 }) ?? true else { return nil }
        let new = old.documents.count..<ledger.documents.count
        guard let aging = Aging.report(ledger, extending: previous.aging, newDocuments: new),
              aging.reportingCurrency == previous.aging.reportingCurrency,
              CreditControl.weightCurrency(aging) == CreditControl.weightCurrency(previous.aging),
              let monthly = sums.adding(documents: new, of: ledger) else { return nil }
        // No document was paid in full by the new rows: the history stands.
        let history = previous.history
        // The same history: each month's payment habit stands too.
        return (aging, monthly, history, KPISeries.monthly(ledger, asOf: asOf, months: 24, history: history, sums: monthly,
                                                           habitsOf: previous.kpi))
    }

    /// Customer lines: one per customer and aging section (a currency when the ledger
    /// cannot be converted into one), largest balance first; across currencies that
    /// cannot be converted, at face value (9,780,000 JPY before 120,855.23 EUR), as the
    /// worklist ranks them.
    static func customerLines(_ aging: AgingReport, _ overdue: [OverdueItem]) -> [CustomerLine] {
        // Flat tables by (section, customer) instead of a dictionary: ~3× faster at
        // 50,000 customers.
        var lines: [CustomerLine] = []
        let customers = aging.sections.reduce(0) { m, sec in sec.customers.reduce(m) { max($0, Int($1.customer) + 1) } }
        var slot = [Int32](repeating: -1, count: customers * aging.sections.count)
        for (k, sec) in aging.sections.enumerated() {
            for c in sec.customers {
                slot[k * customers + Int(c.customer)] = Int32(lines.count)
                lines.append(CustomerLine(customer: c.customer, currency: sec.currency, balance: c.total, overdue: 0, oldest: 0, buckets: c.buckets))
            }
        }
        let converted = aging.reportingCurrency
        for o in overdue {
            let currency = converted ?? o.open.currency
            guard Int(o.customer) < customers, let k = aging.sections.firstIndex(where: { $0.currency == currency }) else { continue }
            let i = Int(slot[k * customers + Int(o.customer)])
            guard i >= 0 else { continue }
            lines[i].overdue += o.reportingMinor
            lines[i].oldest = max(lines[i].oldest, o.daysPastDue)
        }
        func faceValue(_ l: CustomerLine) -> Int64 { Money(minorUnits: l.balance, currency: l.currency).faceValueHundredths }
        return lines.sorted {
            let a = faceValue($0), b = faceValue($1)
            return a != b ? a > b : ($0.customer, $0.currency) < ($1.customer, $1.currency)
        }
    }

    /// Overdue item index → aging bucket index of its document.
    static func overdueBuckets(_ aging: AgingReport, _ overdue: [OverdueItem]) -> [Int] {
        // A flat table by document index (a dictionary of every open item cost ~15 ms at
        // a million documents); the first item of a document wins.
        let count = overdue.reduce(0) { max($0, Int($1.document) + 1) }
        var byDoc = [Int32](repeating: -1, count: count)
        for it in aging.items where it.kind == .document && Int(it.index) < count && byDoc[Int(it.index)] < 0 {
            byDoc[Int(it.index)] = Int32(it.bucket)
        }
        return overdue.map { max(0, Int(byDoc[Int($0.document)])) }
    }

    /// Lowercase without diacritics, for accent-insensitive search ("Société" → "societe").
    ///
    /// ASCII and the precomposed Latin letters (U+00C0–U+024F, U+1E00–U+1EFF: French,
    /// German, Vietnamese…) are folded letter by letter from a table made once by
    /// `foldSlow`, which gives the same result for them (tested) at a tenth of the cost;
    /// kana, CJK ideographs and Hangul syllables, which `foldSlow` leaves as they are
    /// (tested, every one), are kept; any other text (combining marks, jamo, fullwidth
    /// forms…) goes through `foldSlow` whole.
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                out.append(v >= 65 && v <= 90 ? Unicode.Scalar(UInt8(v + 32)) : u)
            } else if let folded = LatinFold.table(v) {
                out.append(contentsOf: folded.unicodeScalars)
            } else if LatinFold.unchanged(v) {
                out.append(u)
            } else {
                return foldSlow(s)
            }
        }
        return String(out)
    }

    /// Appends the UTF-8 of `fold(s)` to `out` (no intermediate String on the fast path).
    static func foldAppending(_ s: String, to out: inout [UInt8]) {
        let start = out.count
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                out.append(UInt8(v >= 65 && v <= 90 ? v + 32 : v))
            } else if let folded = LatinFold.bytes(v) {
                out.append(contentsOf: folded)
            } else if LatinFold.unchanged(v) {
                out.append(contentsOf: UTF8.encode(u)!)
            } else {
                out.removeSubrange(start...)
                out.append(contentsOf: foldSlow(s).utf8)
                return
            }
        }
    }

    /// The reference fold: Foundation's case, diacritic and width folding, a few letters
    /// it leaves alone spelled out, then canonical composition (so decomposed and
    /// composed text match).
    public static func foldSlow(_ s: String) -> String {
        var t = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if t.unicodeScalars.contains(where: { $0.value > 0x7F }) {
            for (a, b) in [("ß", "ss"), ("œ", "oe"), ("æ", "ae"), ("đ", "d"), ("ø", "o"), ("ł", "l"), ("ı", "i")] {
                t = t.replacingOccurrences(of: a, with: b)
            }
        }
        return t.precomposedStringWithCanonicalMapping
    }

    /// Overdue indices in `sort` order (descending = as listed first).
    func order(_ sort: OverdueSort) -> [Int32] {
        if let o = orders[sort] { return o }
        let docs = ledger.documents
        let split = aging.reportingCurrency == nil
        let rank = sort == .customer ? nameRank : []
        let idx = (0..<Int32(overdue.count)).sorted { a, b in
            let x = overdue[Int(a)], y = overdue[Int(b)]
            switch sort {
            case .daysPastDue: return x.daysPastDue != y.daysPastDue ? x.daysPastDue > y.daysPastDue : a < b
            case .amount:
                // Converted amounts compare as they are; without rates, at face value
                // (70,000 JPY is not 70,000 cents).
                let p = split ? x.open.faceValueHundredths : x.reportingMinor, q = split ? y.open.faceValueHundredths : y.reportingMinor
                return p != q ? p > q : a < b
            case .customer:
                let r1 = rank[Int(x.customer)], r2 = rank[Int(y.customer)]
                return r1 != r2 ? r1 < r2 : docs[Int(x.document)].id < docs[Int(y.document)].id
            case .dueDate: return x.dueDate != y.dueDate ? x.dueDate < y.dueDate : a < b
            }
        }
        orders[sort] = idx
        return idx
    }

    /// Customer list order for `sort` (indices into `customerLines`; computed on first
    /// use, main thread). Balance is the lines' own order; overdue compares as the balance
    /// does (face value across unconverted currencies); ties by that order.
    func customerOrder(_ sort: CustomerSort) -> [Int] {
        if let o = customerOrders[sort] { return o }
        let lines = customerLines
        func face(_ minor: Int64, _ c: Currency) -> Int64 { Money(minorUnits: minor, currency: c).faceValueHundredths }
        let rank = sort == .name ? nameRank : []
        let idx: [Int] = sort == .balance ? Array(lines.indices) : lines.indices.sorted { a, b in
            let x = lines[a], y = lines[b]
            switch sort {
            case .balance: return a < b
            case .overdue:
                let p = face(x.overdue, x.currency), q = face(y.overdue, y.currency)
                return p != q ? p > q : a < b
            case .oldest: return x.oldest != y.oldest ? x.oldest > y.oldest : a < b
            case .name:
                let r1 = rank[Int(x.customer)], r2 = rank[Int(y.customer)]
                return r1 != r2 ? r1 < r2 : a < b
            }
        }
        customerOrders[sort] = idx
        return idx
    }
    private var customerOrders: [CustomerSort: [Int]] = [:]

    /// Whether a promise is broken, looking only at that customer's payments (this runs
    /// for every flagged row drawn, so it must not scan the ledger).
    func isBroken(_ p: PromiseToPay, customer: Int32, document: Int32? = nil) -> Bool {
        Annotations.isBroken(p, customer: customer, document: document, ledger: ledger, asOf: asOf,
                             candidates: customerRowsCache?.payments(customer))
    }

    /// The drill-down of one customer, cached while it stays on screen.
    func profile(_ customer: Int32) -> CustomerProfile {
        if let p = profileCache.get(customer) { return p }
        if customerRowsCache == nil { customerRowsCache = CustomerRows(ledger: ledger, aging: aging) }
        let p = CustomerProfiles.profile(ledger, customer: customer, aging: aging, rows: customerRowsCache)
        profileCache.put(customer, p)
        return p
    }

    /// The open items of the drill-down's customer by due date, then date (sorted once).
    func sortedItems(_ customer: Int32) -> [OpenItem] {
        if let c = sortedItemsCache.get(customer) { return c }
        let items = profile(customer).items.sorted { ($0.dueDate, $0.date) < ($1.dueDate, $1.date) }
        sortedItemsCache.put(customer, items)
        return items
    }
    private var sortedItemsCache = RecentCache<[OpenItem]>()

    /// Credit control (standings, risk, promises) for `annotations`; cached until the
    /// journal changes. Cost: one pass over the open items and the customers.
    func credit(_ annotations: Annotations) -> CreditControl {
        creditLock.lock(); defer { creditLock.unlock() }
        if let c = creditCache, c.count == annotations.count { return c.control }
        if customerRowsCache == nil { customerRowsCache = CustomerRows(ledger: ledger, aging: aging) }
        let cc = CreditControl(ledger, aging: aging, annotations: annotations, rows: customerRowsCache, history: history, predictor: predictor)
        creditCache = (annotations.count, cc)
        return cc
    }

    /// Guards `creditCache` and `predictor`: `prefetchCredit` builds them on another thread.
    private let creditLock = NSLock()

    /// Builds credit control for `annotations` on another thread, so that the first
    /// worklist or drill-down after a load (0.5 s at a million documents) does not wait:
    /// called once the screen shows the new model. A key that needs it meanwhile waits for
    /// that build rather than starting a second.
    public func prefetchCredit(_ annotations: Annotations) {
        DispatchQueue.global(qos: .utility).async {
            // The search texts first (a few tens of ms at a million documents): the
            // filter or the name sort may be the next key.
            _ = self.foldedDocument
            _ = self.nameRank
            _ = self.credit(annotations)
        }
    }

    /// Credit limit state and use of a customer (independent of the journal).
    func limitStanding(_ customer: Int32) -> (CreditLimitState, DayCount?) {
        if limitCache == nil {
            limitCache = CustomerStandings.all(ledger, aging: aging, annotations: Annotations(), nearLimitPercent: ledger.config.nearLimitPercent)
                .map { ($0.limitState, $0.utilisation) }
        }
        return limitCache![Int(customer)]
    }
    private var limitCache: [(CreditLimitState, DayCount?)]?

    /// Today's worklist for `annotations` (cached until the journal changes).
    func worklist(_ annotations: Annotations) -> Worklist.Result {
        if let w = worklistCache, w.count == annotations.count { return w.result }
        let acted = annotations.customersActed(on: actionDay, dayOf: CivilDate.localDay(ofUTC:))
        let r = credit(annotations).worklist(actedToday: acted)
        worklistCache = (annotations.count, r)
        return r
    }

    /// The credit view of one customer (risk factors, predictions, dunning, interest).
    func creditView(_ customer: Int32, _ annotations: Annotations) -> CustomerCredit {
        if creditViewCache.version != annotations.count { creditViewCache = RecentCache(version: annotations.count) }
        if let v = creditViewCache.get(customer) { return v }
        let v = credit(annotations).customerCredit(customer, rates: rates, marginBasisPoints: ledger.config.interest.margin)
        creditViewCache.put(customer, v)
        return v
    }

    /// The calendar day whose actions count as done "today": the as-of date, except when
    /// the app shows a fixed past date (`--as-of`), where it sets the real today.
    public lazy var actionDay: CivilDate = asOf
    /// Errors found while loading (rows rejected and file-level ones, e.g. fx.csv refused).
    public lazy var errorCount: Int = ledger.problemCounts.errors
    /// Customers of documents or payments that the customers file does not list (0 when
    /// there is no such file): loaded under placeholders, without terms or credit limit.
    /// Many at once usually mean a customers file cut short.
    public lazy var unknownCustomers: Int = ledger.loadInfo.hasCustomerFile ? ledger.customers.reduce(0) { $0 + ($1.isPlaceholder ? 1 : 0) } : 0

    /// Reference rates for statutory interest: the folder's rates file (set by the app), else built-in.
    public var rates: ReferenceRates = .ecbBuiltIn
    /// What went wrong reading the rates file (absent though named, bad lines), shown
    /// with the interest so that a fall-back to the built-in table is never silent.
    public var ratesProblems: [LedgerProblem] = []

    /// The KPI series of aging section `section`: the converted series when the ledger
    /// converts, else that currency's own (built on first use, then kept).
    func kpi(section: Int) -> [KPIPoint]? {
        if aging.reportingCurrency != nil || aging.sections.count <= 1 { return kpi }
        let c = aging.sections[min(max(0, section), aging.sections.count - 1)].currency
        if let k = kpiByCurrency[c] { return k }
        let k = KPISeries.monthly(ledger, asOf: asOf, months: 24, currency: c, history: history)
        kpiByCurrency[c] = k
        return k
    }
    private var kpiByCurrency: [Currency: [KPIPoint]?] = [:]

    /// The currency of aging section `section`.
    func currency(section: Int) -> Currency {
        aging.sections.isEmpty ? currency : aging.sections[min(max(0, section), aging.sections.count - 1)].currency
    }

    /// Per aging section and bucket: the open items that are credits (unapplied cash,
    /// credit notes, over-payments), which the bucket's figure nets but the overdue list
    /// (documents) does not show. Made on first use (one pass over the open items).
    lazy var creditCounts: [[Int]] = {
        var out = aging.sections.map { _ in [Int](repeating: 0, count: aging.scheme.count) }
        let single = aging.reportingCurrency != nil || aging.sections.count == 1
        for it in aging.items where it.open.minorUnits < 0 {
            let k = single ? 0 : aging.sections.firstIndex { $0.currency == it.open.currency } ?? 0
            if k < out.count && it.bucket < out[k].count { out[k][it.bucket] += 1 }
        }
        return out
    }()

    /// Reporting currency of the panels (first section).
    public var currency: Currency { aging.sections.first?.currency ?? Currency(code: "XXX")! }
}

/// `foldSlow` of each precomposed Latin letter, computed once (thread-safe static).
enum LatinFold {
    static let ranges: [ClosedRange<UInt32>] = [0xC0...0x24F, 0x1E00...0x1EFF]
    /// Letters `foldSlow` leaves unchanged, one by one: hiragana and katakana (but the
    /// combining sound marks U+3099–U+309A), CJK ideographs (extension A and the unified
    /// block) and Hangul syllables. A letter that could compose with one of them (a
    /// combining mark, a jamo) is outside every range, so such text is folded whole.
    static let unchangedRanges: [ClosedRange<UInt32>] = [0x3040...0x3098, 0x309B...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3]

    @inline(__always)
    static func unchanged(_ v: UInt32) -> Bool {
        v >= 0x3040 && v <= 0xD7A3 && unchangedRanges.contains { $0.contains(v) }
    }
    private static let tables: [[String]] = ranges.map { r in
        r.map { Unicode.Scalar($0).map { DashboardModel.foldSlow(String($0)) } ?? "" }
    }

    private static let byteTables: [[[UInt8]]] = tables.map { $0.map { Array($0.utf8) } }

    static func table(_ v: UInt32) -> String? {
        for (k, r) in ranges.enumerated() where r.contains(v) { return tables[k][Int(v - r.lowerBound)] }
        return nil
    }

    static func bytes(_ v: UInt32) -> [UInt8]? {
        for (k, r) in ranges.enumerated() where r.contains(v) { return byteTables[k][Int(v - r.lowerBound)] }
        return nil
    }
}

/// The last few drill-downs (going back and forth between two big customers must not
/// recompute either), for one `version` of what they depend on.
struct RecentCache<Value> {
    var version = 0
    private var entries: [(key: Int32, value: Value)] = []

    init(version: Int = 0) { self.version = version }

    func get(_ key: Int32) -> Value? { entries.first { $0.key == key }?.value }

    mutating func put(_ key: Int32, _ value: Value) {
        entries.removeAll { $0.key == key }
        entries.insert((key, value), at: 0)
        if entries.count > 4 { entries.removeLast() }
    }
}

/// Many short folded texts in one buffer, searched byte-wise (no allocation, no
/// `String` comparison per row: a filter keystroke over 100,000 rows stays in milliseconds).
struct FoldedTexts: @unchecked Sendable {
    private var blob: [UInt8] = []
    private var offsets: [Int32] = [0]

    init(_ texts: [String]) {
        for t in texts { blob += Array(t.utf8); offsets.append(Int32(blob.count)) }
    }

    /// `count` texts, each folded (`DashboardModel.fold`) from the parts `parts(i)`
    /// joined by spaces, written straight into the buffer.
    init(count: Int, parts: (Int) -> [String]) {
        blob.reserveCapacity(count * 24)
        offsets.reserveCapacity(count + 1)
        for i in 0..<count {
            for (k, p) in parts(i).enumerated() {
                if k > 0 { blob.append(0x20) }
                DashboardModel.foldAppending(p, to: &blob)
            }
            offsets.append(Int32(blob.count))
        }
    }

    /// Ranks of the texts in byte order (ties by index): rank[i] = position of text i.
    func ranks() -> [Int32] {
        let order = blob.withUnsafeBufferPointer { b in
            (0..<(offsets.count - 1)).sorted { x, y in
                let a = UnsafeBufferPointer(rebasing: b[Int(offsets[x])..<Int(offsets[x + 1])])
                let c = UnsafeBufferPointer(rebasing: b[Int(offsets[y])..<Int(offsets[y + 1])])
                let n = min(a.count, c.count)
                let r = n == 0 ? 0 : memcmp(a.baseAddress!, c.baseAddress!, n)
                if r != 0 { return r < 0 }
                return a.count != c.count ? a.count < c.count : x < y
            }
        }
        var rank = [Int32](repeating: 0, count: order.count)
        for (r, i) in order.enumerated() { rank[i] = Int32(r) }
        return rank
    }

    /// For every text, whether it contains `needle` (UTF-8 bytes, already folded): one
    /// pass over the whole buffer (`memchr` to the needle's first byte, `memcmp` for the
    /// rest), hits mapped to their texts (a match across two texts does not count) and
    /// the rest of a matching text skipped, instead of a search per text.
    func matching(_ needle: [UInt8]) -> [Bool] {
        let count = offsets.count - 1
        if needle.isEmpty { return [Bool](repeating: true, count: count) }
        var hit = [Bool](repeating: false, count: count)
        blob.withUnsafeBufferPointer { b in
            needle.withUnsafeBufferPointer { n in
                guard let base = b.baseAddress, let first = n.baseAddress, b.count >= n.count else { return }
                var from = 0, text = 0
                while from + n.count <= b.count,
                      let found = memchr(base + from, Int32(n[0]), b.count - n.count + 1 - from) {
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    guard n.count == 1 || memcmp(base + at + 1, first + 1, n.count - 1) == 0 else { from = at + 1; continue }
                    while Int(offsets[text + 1]) <= at { text += 1 }
                    if at + n.count <= Int(offsets[text + 1]) {
                        hit[text] = true
                        from = Int(offsets[text + 1])   // the rest of this text cannot add anything
                    } else {
                        from = at + 1                   // straddles two texts: look on
                    }
                }
            }
        }
        return hit
    }
}

/// Sort keys of the overdue list.
/// Orders of the customer list (`s` cycles, `r` reverses).
public enum CustomerSort: String, CaseIterable, Sendable {
    case balance = "balance"
    case overdue = "overdue"
    case oldest = "oldest"
    case name = "name"
}

public enum OverdueSort: String, CaseIterable, Sendable {
    case daysPastDue = "days"
    case amount = "amount"
    case customer = "customer"
    case dueDate = "due date"
}
