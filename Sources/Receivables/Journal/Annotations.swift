/// A promise to pay: by `date`, `amount` (decimal text) in `currency`, made at `madeAt`.
public struct PromiseToPay: Sendable, Equatable {
    public var date: CivilDate
    public var amount: String?
    public var currency: String?
    /// The day the promise was made: the UTC date it was recorded, or the `--as-of` day
    /// of `ardash flag` (payments from that day on count toward it).
    public var madeOn: CivilDate
    public var by: String

    /// The promise a `flagSet` promise event records; nil without a date.
    init?(_ e: JournalEvent) {
        guard let d = e.date else { return nil }
        self.init(date: d, amount: e.amount, currency: e.currency,
                  madeOn: e.madeOn ?? CivilDate(iso: String(e.at.prefix(10))) ?? d, by: e.user)
    }

    init(date: CivilDate, amount: String?, currency: String?, madeOn: CivilDate, by: String) {
        self.date = date; self.amount = amount; self.currency = currency; self.madeOn = madeOn; self.by = by
    }

    /// The amount with its currency ("20,000.00 USD"), grouped as amounts are in lists (a
    /// trial read "20000.00" beside grouped balances), as lists show it: a bare 18.00
    /// beside a USD customer's balances read as dollars. nil without an amount.
    public var amountText: String? { amountText { Money.grouped($0, digits: $1) } }

    /// The amount with its currency, the number written by `format(minor units, decimals)`
    /// (a screen's number style); the text as recorded when it is not a plain decimal.
    public func amountText(_ format: (Int64, Int) -> String) -> String? {
        amount.map { a in
            var shown = a
            let decimals = a.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
            if decimals <= 4, case .value(let minor, false) = AmountParser.parse(a, digits: decimals, format: .plain) {
                shown = format(minor, decimals)
            }
            return currency.map { "\(shown) \($0)" } ?? shown
        }
    }
}

/// What the team has said about one customer or one document.
public struct AccountNotes: Sendable, Equatable {
    public var flags: Set<AccountFlag> = []
    public var promise: PromiseToPay?
    public var followUp: CivilDate?
    public var collector: String?
    /// The last dunning reminder recorded: its level and UTC day.
    public var lastReminder: (level: Int, on: CivilDate)? {
        get { reminderLevel.map { ($0, reminderDay!) } }
    }
    var reminderLevel: Int?
    var reminderDay: CivilDate?
    /// Every event about it, oldest first (the timeline).
    public var timeline: [JournalEvent] = []

    /// The dunning reminders recorded for a day up to `asOf`, in journal order, as (level,
    /// day): later ones (from a run with a later `--as-of`) do not count.
    public func reminders(upTo asOf: CivilDate) -> [(level: Int, on: CivilDate)] {
        timeline.compactMap { e in
            guard e.kind == .reminder, let on = e.date ?? CivilDate(iso: String(e.at.prefix(10))), on <= asOf else { return nil }
            return (e.level ?? 1, on)
        }
    }

    /// Flag letters in a fixed order, e.g. "DP".
    public var letters: String { String(AccountFlag.allCases.filter { flags.contains($0) }.map(\.letter)) }
}

/// The state of all annotations, folded from journal events in order.
public struct Annotations: Sendable, Equatable {
    public private(set) var customers: [String: AccountNotes] = [:]
    /// Keyed by customer id + "\u{1F}" + document id.
    public private(set) var documents: [String: AccountNotes] = [:]
    public private(set) var count = 0
    /// Journal order of each event id (events in one second keep the order written).
    public private(set) var sequence: [String: Int] = [:]

    public init() {}

    public init(_ events: [JournalEvent]) { for e in events { apply(e) } }

    public static func key(customer: String, document: String) -> String { customer + "\u{1F}" + document }

    public func customer(_ id: String) -> AccountNotes? { customers[id] }

    /// Every event on customer `id` and on its documents, newest first (ties in journal
    /// order, later first).
    public func timeline(customer id: String) -> [JournalEvent] {
        var events = customers[id]?.timeline ?? []
        let prefix = Annotations.key(customer: id, document: "")
        for (key, n) in documents where key.hasPrefix(prefix) { events += n.timeline }
        return events.sorted { ($0.at, sequence[$0.id] ?? 0) > ($1.at, sequence[$1.id] ?? 0) }
    }
    public func document(customer: String, _ id: String) -> AccountNotes? { documents[Annotations.key(customer: customer, document: id)] }

    /// Folds one event in.
    public mutating func apply(_ e: JournalEvent) {
        count += 1
        sequence[e.id] = count
        if let d = e.documentId {
            let k = Annotations.key(customer: e.customerId, document: d)
            var n = documents[k] ?? AccountNotes()
            Annotations.fold(&n, e)
            documents[k] = n
        } else {
            var n = customers[e.customerId] ?? AccountNotes()
            Annotations.fold(&n, e)
            customers[e.customerId] = n
        }
    }

    static func fold(_ n: inout AccountNotes, _ e: JournalEvent) {
        n.timeline.append(e)
        switch e.kind {
        case .flagSet:
            guard let f = e.flag else { return }
            n.flags.insert(f)
            if f == .promise, let p = PromiseToPay(e) { n.promise = p }
        case .flagClear:
            guard let f = e.flag else { return }
            n.flags.remove(f)
            if f == .promise { n.promise = nil }
        case .followUp: n.followUp = e.date
        case .assign: n.collector = e.collector
        case .note: break
        case .reminder:
            n.reminderLevel = e.level ?? 1
            n.reminderDay = e.date ?? CivilDate(iso: String(e.at.prefix(10)))
        }
    }

    /// Whether a customer's promise is broken as of `asOf`: its date has passed and the
    /// payments received from the day it was made to its date fall short of the amount.
    ///
    /// Payments in the promise's currency count as they are. When one is in another
    /// currency (a GBP customer promising in EUR), every payment counts at its value in the
    /// report's currency on the day it was received, against the promised amount at the
    /// promise's date (fx.csv rates). Without the rates the promise cannot be judged and is
    /// not called broken: a broken promise raises the risk score and lifts the dunning
    /// pause, and a letter to a customer who paid is worse than a follow-up missed while
    /// fx.csv is broken (which the header shows). Recording a promise in a currency fx.csv
    /// cannot convert is refused. (A trial saw 15.00 GBP, 18.00 EUR at the ledger's rate,
    /// counted as 15.00 EUR against an 18.00 EUR promise, and 100,000 JPY as 1,000.00 EUR.)
    /// - Parameters:
    ///   - document: for a promise on one document, only payments applied to it count.
    ///   - candidates: the customer's payments (indices), when the caller has them grouped;
    ///     nil scans every payment of the ledger.
    public static func isBroken(_ p: PromiseToPay, customer: Int32, document: Int32? = nil, ledger: Ledger, asOf: CivilDate,
                                candidates: ArraySlice<Int32>? = nil) -> Bool {
        guard p.date < asOf else { return false }
        var counted: [Money] = [], days: [CivilDate] = []
        let indices = candidates.map(Array.init) ?? ledger.payments.indices.map { Int32($0) }
        for i in indices {
            let pay = ledger.payments[Int(i)]
            guard pay.date >= p.madeOn && pay.date <= p.date && (document.map { pay.document == $0 } ?? (pay.customer == customer)) else { continue }
            counted.append(pay.amount); days.append(pay.date)
        }
        // The promise's currency as recorded; else (events written without one) the
        // payments' when they share one; else the report's.
        let shared = counted.first.map { first in counted.allSatisfy { $0.currency == first.currency } ? first.currency : nil } ?? nil
        guard let text = p.amount, let cur = p.currency.flatMap(Currency.init(code:)) ?? shared ?? ledger.config.reportingCurrency ?? Currency(code: "EUR"),
              case .value(let promised, _) = AmountParser.parse(text, digits: cur.minorDigits) else {
            return counted.reduce(0) { $0 + $1.minorUnits } <= 0   // a promise without an amount: anything received keeps it
        }
        if counted.allSatisfy({ $0.currency == cur }) { return counted.reduce(0) { $0 + $1.minorUnits } < promised }
        guard let rc = ledger.reportingCurrency else { return false }
        func inReporting(_ m: Money, on day: CivilDate) -> Int64? {
            m.currency == rc ? m.minorUnits : ledger.fx.rate(m.currency, on: day)?.convert(m.minorUnits, fromDigits: m.currency.minorDigits, toDigits: rc.minorDigits)
        }
        var received: Int64 = 0
        for (m, day) in zip(counted, days) {
            guard let v = inReporting(m, on: day), let sum = MonthConversion.add(received, v) else { return false }
            received = sum
        }
        guard let want = inReporting(Money(minorUnits: promised, currency: cur), on: p.date) else { return false }
        return received < want
    }
}
