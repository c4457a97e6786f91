/// Sums of one currency section of an aging report.
public struct AgingSection: Sendable, Equatable {
    /// One customer's line.
    public struct CustomerLine: Sendable, Equatable {
        public var customer: Int32
        /// Minor units per bucket.
        public var buckets: [Int64]
        public var total: Int64
        /// Open items of the customer in this section.
        public var itemCount: Int
    }

    public var currency: Currency
    /// Minor units per bucket.
    public var buckets: [Int64]
    /// Open items per bucket.
    public var counts: [Int]
    public var total: Int64
    /// Customers with at least one open item, by customer index.
    public var customers: [CustomerLine]
}

/// A broken invariant: the buckets do not add up to the ledger balance. Never expected;
/// reports refuse to print rather than show figures that do not reconcile.
public struct ReconciliationError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Aging of a ledger as of a date (DESIGN.md, Definitions).
///
/// As of D, documents dated after D do not exist and payments dated after D have not
/// arrived, so any past date is aged exactly as it stood (BR-06). Every open item falls in
/// exactly one bucket; `verify()` proves the buckets add up to the balance computed
/// independently as Σ documents − Σ payments dated ≤ D, per currency.
public struct AgingReport: Sendable {
    public let asOf: CivilDate
    public let scheme: AgingBuckets
    /// The currency of `sections[0]` when converted; nil when split by currency.
    public let reportingCurrency: Currency?
    /// One section in the reporting currency, or one per currency.
    public let sections: [AgingSection]
    /// Every open item, in ledger order (documents, then unapplied cash).
    public let items: [OpenItem]
    /// Why the report is split by currency (missing fx rates), when it is.
    public let notConvertedReason: String?
    /// Σ documents − Σ payments dated ≤ D per currency, computed without the items.
    public let ledgerBalance: [Currency: Int64]

    public var labels: [String] { scheme.labels }

    /// Checks that, per currency, the open items add up to the ledger balance, and that in
    /// each section buckets, customers and total agree.
    /// - Throws: `ReconciliationError` naming the first difference.
    public func verify() throws {
        // Summed in a short array, one slot per currency (rows of one currency run long):
        // a dictionary update per open item was most of this check.
        var codes: [Currency] = [], sums: [Int64] = []
        var last: Currency? = nil, k = -1
        for it in items {
            let c = it.open.currency
            if c != last {
                last = c
                if let i = codes.firstIndex(of: c) { k = i } else { codes.append(c); sums.append(0); k = codes.count - 1 }
            }
            sums[k] += it.open.minorUnits
        }
        let byCurrency = Dictionary(uniqueKeysWithValues: zip(codes, sums))
        for (c, bal) in ledgerBalance where (byCurrency[c] ?? 0) != bal {
            throw ReconciliationError(description: "open items in \(c.code) sum to \(Money.decimalString(byCurrency[c] ?? 0, digits: c.minorDigits)) but the ledger balance is \(Money.decimalString(bal, digits: c.minorDigits))")
        }
        for (c, v) in byCurrency where ledgerBalance[c] == nil && v != 0 {
            throw ReconciliationError(description: "open items in \(c.code) without a ledger balance")
        }
        for s in sections {
            let sumBuckets = s.buckets.reduce(0, +)
            let sumCustomers = s.customers.reduce(Int64(0)) { $0 + $1.total }
            var itemSum: Int64 = 0   // summed in place: a filtered copy of the items was 10 MB at 1M
            for it in items where reportingCurrency != nil || it.open.currency == s.currency { itemSum += it.reportingMinor }
            guard sumBuckets == s.total, sumCustomers == s.total, itemSum == s.total,
                  s.customers.allSatisfy({ $0.buckets.reduce(0, +) == $0.total }) else {
                throw ReconciliationError(description: "\(s.currency.code): buckets \(sumBuckets), customers \(sumCustomers), items \(itemSum), total \(s.total) disagree")
            }
        }
    }

    /// The section of `currency` (or the only section when converted).
    public func section(_ currency: Currency? = nil) -> AgingSection? {
        guard let currency else { return sections.first }
        return sections.first { $0.currency == currency }
    }
}

/// Computes aging reports.
public enum Aging {
    /// The open items and their aging as of `asOf`.
    ///
    /// - Parameters:
    ///   - ledger: the ledger snapshot.
    ///   - asOf: the report date D.
    ///   - scheme: buckets; default from the ledger's config.
    /// - Returns: the report (not yet verified: call `verify()`).
    /// - Complexity: O(documents + payments + settlements).
    ///   - scan: the rows already read as of `asOf` (`LedgerScan` with the open items);
    ///     read here when nil.
    public static func report(_ ledger: Ledger, asOf: CivilDate, scheme: AgingBuckets? = nil, scan: LedgerScan? = nil) -> AgingReport {
        let scheme = scheme ?? AgingBuckets(basis: ledger.config.agingBasis, edges: ledger.config.agingEdges)
        // `balance` is the ledger's, Σ documents − Σ payments dated ≤ D, summed apart from
        // the open items (only the pass over the rows is shared): `verify` checks they agree.
        let read = scan ?? LedgerScan(ledger, asOf: asOf, openItems: true)
        precondition(read.asOf == asOf, "a scan of another date")
        var items = read.takeOpenItems()
        if ledger.config.allocateCredits { allocateOldestFirst(&items, ledger: ledger) }
        return report(ledger, asOf: asOf, scheme: scheme, items: items, balance: read.balance)
    }

    /// The report of `ledger`, which is `previous`'s ledger with the documents
    /// `newDocuments` appended and nothing else changed (no payment, no credit note that
    /// settles a document: the old documents' open amounts stand), as of the same date:
    /// the old open items are taken over and only the new documents read. Equal to
    /// `report(ledger, asOf:)` (tested). nil when that does not hold as far as can be seen
    /// here (credits allocated oldest first, a new document that settles another).
    /// - Complexity: O(open items + new documents), not O(documents + settlements).
    public static func report(_ ledger: Ledger, extending previous: AgingReport, newDocuments: Range<Int>) -> AgingReport? {
        let asOf = previous.asOf
        guard !ledger.config.allocateCredits, newDocuments.upperBound == ledger.documents.count else { return nil }
        var added: [OpenItem] = []
        var balance = previous.ledgerBalance
        for i in newDocuments {
            let d = ledger.documents[i]
            guard d.appliesTo < 0, ledger.settlements.of(i).isEmpty else { return nil }
            guard d.date <= asOf else { continue }
            balance[d.amount.currency, default: 0] += d.amount.minorUnits
            if d.amount.minorUnits == 0 { continue }
            added.append(OpenItem(kind: .document, index: Int32(i), customer: d.customer, date: d.date, dueDate: d.dueDate,
                                  days: 0, bucket: 0, open: d.amount, reportingMinor: 0))
        }
        // Documents' items first, then unapplied cash, as a scan gives them.
        let old = previous.items
        let split = old.firstIndex { $0.kind != .document } ?? old.count
        func joined(_ new: [OpenItem]) -> [OpenItem] {
            var items: [OpenItem] = []
            items.reserveCapacity(old.count + new.count)
            items += old[..<split]
            items += new
            items += old[split...]
            return items
        }
        // The old items keep their class and converted amount when the new ones change
        // nothing of how the report is made (the same currencies, each new item converted
        // within the row limit): only the new are classified and added to the sums.
        if let classified = classifyAdded(added, previous: previous, ledger: ledger, balance: balance) {
            return AgingReport(asOf: asOf, scheme: previous.scheme, reportingCurrency: previous.reportingCurrency,
                               sections: adding(classified, to: previous.sections, converted: previous.reportingCurrency != nil,
                                                buckets: previous.scheme.count),
                               items: joined(classified), notConvertedReason: previous.notConvertedReason, ledgerBalance: balance)
        }
        return report(ledger, asOf: asOf, scheme: previous.scheme, items: joined(added), balance: balance)
    }

    /// The new items classified and converted as `previous` classifies and converts its
    /// own, or nil when they would change how the report is made: a currency it did not
    /// have (or a balance in one), or an item that converts past the row limit.
    private static func classifyAdded(_ added: [OpenItem], previous: AgingReport, ledger: Ledger,
                                      balance: [Currency: Int64]) -> [OpenItem]? {
        // Converted: the same currencies need the same rates (a new one in the balance
        // would need its own). Split: the sections stay those the items and the non-zero
        // balances make (no new currency, no section left with neither).
        guard Set(balance.keys) == Set(previous.ledgerBalance.keys) else { return nil }
        if previous.reportingCurrency == nil {
            let sections = Set(previous.sections.map(\.currency))
            var wanted = Set(added.map(\.open.currency)).union(balance.filter { $0.value != 0 }.keys)
            for s in previous.sections where s.counts.reduce(0, +) > 0 { wanted.insert(s.currency) }
            guard wanted == sections else { return nil }
        }
        var out = added
        classify(&out, asOf: previous.asOf, scheme: previous.scheme)
        for k in out.indices {
            let c = out[k].open.currency
            if let r = previous.reportingCurrency, c != r {
                guard let rate = ledger.fx.rate(c, on: previous.asOf),
                      let v = rate.convert(out[k].open.minorUnits, fromDigits: c.minorDigits, toDigits: r.minorDigits),
                      v.magnitude <= Money.maxMinorUnits.magnitude else { return nil }
                out[k].reportingMinor = v
            } else {
                out[k].reportingMinor = out[k].open.minorUnits
            }
        }
        return out
    }

    /// `sections` with `items` (classified, converted) added to their buckets, counts,
    /// totals and customer lines (lines stay in customer order).
    private static func adding(_ items: [OpenItem], to sections: [AgingSection], converted: Bool, buckets n: Int) -> [AgingSection] {
        var out = sections
        for s in out.indices {
            var perCustomer: [Int32: (buckets: [Int64], count: Int)] = [:]
            for it in items where converted || it.open.currency == out[s].currency {
                out[s].buckets[it.bucket] += it.reportingMinor
                out[s].counts[it.bucket] += 1
                out[s].total += it.reportingMinor
                perCustomer[it.customer, default: ([Int64](repeating: 0, count: n), 0)].buckets[it.bucket] += it.reportingMinor
                perCustomer[it.customer]!.count += 1
            }
            guard !perCustomer.isEmpty else { continue }
            var lines: [AgingSection.CustomerLine] = []
            lines.reserveCapacity(out[s].customers.count + perCustomer.count)
            let newCustomers = perCustomer.keys.sorted()
            var k = 0
            for line in out[s].customers {
                while k < newCustomers.count && newCustomers[k] < line.customer {
                    let d = perCustomer[newCustomers[k]]!
                    lines.append(.init(customer: newCustomers[k], buckets: d.buckets, total: d.buckets.reduce(0, +), itemCount: d.count))
                    k += 1
                }
                var l = line
                if k < newCustomers.count && newCustomers[k] == line.customer {
                    let d = perCustomer[line.customer]!
                    for b in 0..<n { l.buckets[b] += d.buckets[b] }
                    l.total = l.buckets.reduce(0, +)
                    l.itemCount += d.count
                    k += 1
                }
                lines.append(l)
            }
            while k < newCustomers.count {
                let d = perCustomer[newCustomers[k]]!
                lines.append(.init(customer: newCustomers[k], buckets: d.buckets, total: d.buckets.reduce(0, +), itemCount: d.count))
                k += 1
            }
            out[s].customers = lines
        }
        return out
    }

    /// Days and bucket of each item as of `asOf`.
    private static func classify(_ items: inout [OpenItem], asOf: CivilDate, scheme: AgingBuckets) {
        for k in items.indices {
            let it = items[k]
            let days: Int
            if it.open.minorUnits >= 0 && it.kind == .document {
                days = scheme.basis == .dueDate ? it.dueDate.days(until: asOf) : it.date.days(until: asOf)
            } else {
                days = it.date.days(until: asOf)
            }
            items[k].days = days
            items[k].bucket = scheme.index(days: days)
        }
    }

    /// Classifies, converts and sums `items` (a scan's open items, credits allocated) into
    /// the report; `balance` is the ledger's, for `verify`.
    private static func report(_ ledger: Ledger, asOf: CivilDate, scheme: AgingBuckets, items: [OpenItem],
                               balance: [Currency: Int64]) -> AgingReport {
        var items = items
        classify(&items, asOf: asOf, scheme: scheme)

        // Currencies of the open items (one pass; rows of one currency run long).
        var itemCurrencies = Set<Currency>()
        var lastSeen: Currency? = nil
        for it in items where it.open.currency != lastSeen { lastSeen = it.open.currency; itemCurrencies.insert(it.open.currency) }

        // Convert when every currency has a rate on D.
        var reporting = ledger.reportingCurrency
        var reason: String? = nil
        if let r = reporting {
            let needed = itemCurrencies.union(balance.keys).subtracting([r])
            let missing = needed.filter { ledger.fx.rate($0, on: asOf) == nil }.sorted()
            if !missing.isEmpty {
                reason = "no exchange rate into \(r.code) on or before \(asOf) for \(missing.map(\.code).joined(separator: ", ")) (fx.csv)"
                reporting = nil
            }
        } else if itemCurrencies.count > 1 || balance.count > 1 {
            reason = ledger.fx.isEmpty ? "documents are in several currencies and there is no fx.csv"
                                       : "several currencies and no reporting_currency in ardash.toml"
        }
        var rates: [Currency: ExchangeRate] = [:]
        if let r = reporting {
            for c in itemCurrencies where c != r { rates[c] = ledger.fx.rate(c, on: asOf) }
        }
        for k in items.indices {
            let c = items[k].open.currency
            if let r = reporting, c != r {
                // A converted item stays within the one-row limit, so that bucket and
                // customer sums cannot overflow; past it the report is split by currency.
                let v = rates[c]!.convert(items[k].open.minorUnits, fromDigits: c.minorDigits, toDigits: r.minorDigits)
                guard let v, v.magnitude <= Money.maxMinorUnits.magnitude else {
                    reason = Self.tooLargeToConvert(items[k], ledger: ledger, into: r, rate: rates[c]!)
                    reporting = nil
                    for j in items.indices { items[j].reportingMinor = items[j].open.minorUnits }
                    break
                }
                items[k].reportingMinor = v
            } else {
                items[k].reportingMinor = items[k].open.minorUnits
            }
        }

        // Sum into sections.
        var currencies: [Currency] = reporting.map { [$0] }
            ?? itemCurrencies.union(balance.filter { $0.value != 0 }.keys).sorted()
        if currencies.isEmpty { currencies = [ledger.currencies.first ?? Currency(code: "XXX")!] }   // nothing open
        var sections: [AgingSection] = []
        for c in currencies {
            let n = scheme.count
            var buckets = [Int64](repeating: 0, count: n)
            var counts = [Int](repeating: 0, count: n)
            // Per customer, flat: sums[customer × n + bucket] (no dictionary of arrays, which
            // would copy a bucket array for every item).
            var sums = [Int64](repeating: 0, count: ledger.customers.count * n)
            var itemCounts = [Int32](repeating: 0, count: ledger.customers.count)
            for it in items where reporting != nil || it.open.currency == c {
                buckets[it.bucket] += it.reportingMinor
                counts[it.bucket] += 1
                sums[Int(it.customer) * n + it.bucket] += it.reportingMinor
                itemCounts[Int(it.customer)] += 1
            }
            var lines: [AgingSection.CustomerLine] = []
            for k in itemCounts.indices where itemCounts[k] > 0 {
                let b = Array(sums[k * n..<(k + 1) * n])
                lines.append(.init(customer: Int32(k), buckets: b, total: b.reduce(0, +), itemCount: Int(itemCounts[k])))
            }
            sections.append(AgingSection(currency: c, buckets: buckets, counts: counts, total: buckets.reduce(0, +), customers: lines))
        }
        return AgingReport(asOf: asOf, scheme: scheme, reportingCurrency: reporting, sections: sections, items: items,
                           notConvertedReason: reason, ledgerBalance: balance)
    }

    /// Why a report stays split by currency when `item` would convert past the one-row
    /// limit (`Money.maxMinorUnits` minor units of `target`).
    static func tooLargeToConvert(_ item: OpenItem, ledger: Ledger, into target: Currency, rate: ExchangeRate) -> String {
        let limit = Money(minorUnits: Money.maxMinorUnits, currency: target)
        let what = item.kind == .document ? "document \(ledger.documents[Int(item.index)].id)"
                                          : "payment \(ledger.payments[Int(item.index)].id)"
        return "\(what) (\(item.open)) at the rate \(rate.plainText) converts to more than \(limit), "
            + "the largest amount one row may carry"
    }

    /// `[aging] allocate_credits = true`: each customer's credits (unapplied cash,
    /// unallocated credit notes) settle its oldest open documents of the same currency
    /// first (by due date, then document date), as of the report date.
    static func allocateOldestFirst(_ items: inout [OpenItem], ledger: Ledger) {
        struct Key: Hashable { var customer: Int32; var currency: Currency }
        var debts: [Key: [Int]] = [:], credits: [Key: [Int]] = [:]
        for (k, it) in items.enumerated() {
            let key = Key(customer: it.customer, currency: it.open.currency)
            if it.open.minorUnits > 0 { debts[key, default: []].append(k) } else { credits[key, default: []].append(k) }
        }
        for (key, cs) in credits {
            guard var ds = debts[key] else { continue }
            ds.sort { (items[$0].dueDate, items[$0].date, $0) < (items[$1].dueDate, items[$1].date, $1) }
            let ordered = cs.sorted { (items[$0].date, $0) < (items[$1].date, $1) }
            var di = 0
            for c in ordered {
                var available = -items[c].open.minorUnits
                while available > 0 && di < ds.count {
                    let d = ds[di]
                    let take = min(available, items[d].open.minorUnits)
                    items[d].open.minorUnits -= take
                    available -= take
                    if items[d].open.minorUnits == 0 { di += 1 }
                }
                items[c].open.minorUnits = -available
            }
        }
        items.removeAll { $0.open.minorUnits == 0 }
    }
}
