import Receivables

/// Text and JSON renderings of one customer: card, open items, payments.
public struct CustomerReportRenderer {
    public let ledger: Ledger
    public let aging: AgingReport
    public let profile: CustomerProfile
    public var style: NumberStyle
    /// Risk, dunning, interest and predicted payment dates, when computed.
    public var credit: CustomerCredit?
    /// The collector the journal assigns (`a` in the dashboard, the letters' signature);
    /// nil = customers.csv's.
    public var assignedCollector: String?
    /// The shared journal: the customer's flags, promise to pay, follow-up and timeline,
    /// and its documents' flags, as the dashboard's card shows them (a trial's printed
    /// report left out the disputes and the promise recorded on screen).
    public var annotations: Annotations

    public init(ledger: Ledger, aging: AgingReport, profile: CustomerProfile, style: NumberStyle = .english, credit: CustomerCredit? = nil,
                assignedCollector: String? = nil, annotations: Annotations = Annotations()) {
        self.ledger = ledger; self.aging = aging; self.profile = profile; self.style = style; self.credit = credit
        self.assignedCollector = assignedCollector; self.annotations = annotations
    }

    /// The customer's journal notes, nil when it has none.
    var notes: AccountNotes? { annotations.customer(customer.id) }

    /// A document's flag letters: its journal flags, and D when the export marks it
    /// disputed ("" for unapplied cash).
    func flagLetters(_ it: OpenItem) -> String {
        guard it.kind == .document else { return "" }
        let d = ledger.documents[Int(it.index)]
        var flags = annotations.document(customer: customer.id, d.id)?.flags ?? []
        if d.disputed { flags.insert(.dispute) }
        return String(AccountFlag.allCases.filter { flags.contains($0) }.map(\.letter))
    }

    /// "20000.00 USD by 2026-12-07", with "BROKEN" once its date passed short of it.
    var promiseText: String? {
        notes?.promise.map { p in
            let broken = Annotations.isBroken(p, customer: profile.customer, ledger: ledger, asOf: aging.asOf)
            return "\(p.amountText { style.format($0, digits: $1) }.map { $0 + " " } ?? "")by \(p.date)\(broken ? " (BROKEN)" : "")"
        }
    }

    /// The collector as the dashboard and the letters have it.
    var collector: String { assignedCollector ?? customer.collector }

    func interestText(_ cr: CustomerCredit) -> String {
        let parts = cr.interest.sorted { $0.key < $1.key }.map { "\(style.format($0.value, digits: $0.key.minorDigits)) \($0.key.code)" }
        return (parts.isEmpty ? "none" : parts.joined(separator: " + ")) + (cr.compensationEUR > 0 ? " + \(style.format(cr.compensationEUR, digits: 2)) EUR compensation" : "")
    }

    var customer: Customer { ledger.customers[Int(profile.customer)] }
    var reportingCurrency: Currency { aging.sections.count == 1 ? aging.sections[0].currency : (profile.balances.first?.currency ?? Currency(code: "XXX")!) }

    func itemLabel(_ it: OpenItem) -> (id: String, kind: String, reference: String) {
        switch it.kind {
        case .document:
            let d = ledger.documents[Int(it.index)]
            let kind = it.open.minorUnits < 0 && d.amount.minorUnits > 0 ? "over-payment" : d.type.label
            return (d.id, kind, d.reference)
        case .unappliedPayment:
            let p = ledger.payments[Int(it.index)]
            return (p.id, "unapplied cash", p.reference)
        }
    }

    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .json: return json().rendered() + "\n"
        case .csv: return csv()
        case .table: return table()
        }
    }

    /// Overdue in each item's own currency, like the balance (minor units, by code).
    var overdueByCurrency: [(key: Currency, value: Int64)] {
        var by: [Currency: Int64] = [:]
        for it in profile.items where it.kind == .document && it.open.minorUnits > 0 && it.dueDate < aging.asOf {
            by[it.open.currency, default: 0] += it.open.minorUnits
        }
        return by.sorted { $0.key < $1.key }
    }

    public func table() -> String {
        let c = customer
        var out = "Customer \(c.id) · \(c.name.replacingOccurrences(of: "\n", with: " "))\(c.isPlaceholder ? " (not in customers.csv)" : "") · as of \(aging.asOf)\n"
        // Wide enough for the longest value (the dunning position, ~90 columns): a cut one
        // lost the next letter's level.
        var card = TextTable([.init(""), .init("", maxWidth: 100)])
        card.rows = []
        card.add(["Balance", profile.balances.isEmpty ? "0" : profile.balances.map { "\(style.format($0)) \($0.currency.code)" }.joined(separator: " + ")])
        let overdueBy = Dictionary(uniqueKeysWithValues: overdueByCurrency.map { ($0.key, $0.value) })
        var overdueText = overdueBy.isEmpty ? "none" : overdueBy.sorted { $0.key < $1.key }.map { "\(style.format($0.value, digits: $0.key.minorDigits)) \($0.key.code)" }.joined(separator: " + ")
        // Converted, the report's figure too, as the JSON's "overdue" gives it.
        if !overdueBy.isEmpty, aging.sections.count == 1, overdueBy.keys.contains(where: { $0 != reportingCurrency }) {
            overdueText += " (\(style.format(profile.reportingOverdue, digits: reportingCurrency.minorDigits)) \(reportingCurrency.code))"
        }
        card.add(["Overdue", overdueText])
        card.add(["Payment terms", c.terms?.description ?? "—"])
        if let l = c.creditLimit {
            card.add(["Credit limit", "\(style.format(l)) \(l.currency.code)" + (profile.utilisation.map { " · used \(style.decimal($0.formatted(decimals: 1)))%" } ?? "")])
        } else { card.add(["Credit limit", "—"]) }
        card.add(["Oldest overdue", profile.oldestDaysPastDue > 0 ? "\(profile.oldestDaysPastDue) days past due" : "none"])
        card.add(["Average days to pay", profile.averageDaysToPay.map { style.decimal($0.formatted(decimals: 1)) } ?? "n/a"])
        card.add(["Average days late", profile.averageDaysLate.map { style.decimal($0.formatted(decimals: 1)) } ?? "n/a"])
        for (k, v) in [("Collector", collector), ("Country", c.country), ("E-mail", c.email), ("Phone", c.phone)] where !v.isEmpty {
            card.add([k, v])
        }
        if let n = notes, !n.flags.isEmpty { card.add(["Flags (journal)", AccountFlag.allCases.filter { n.flags.contains($0) }.map(\.label).joined(separator: ", ")]) }
        if let p = promiseText { card.add(["Promise to pay", p]) }
        if let f = notes?.followUp { card.add(["Follow up", "\(f)\(f <= aging.asOf ? " (due)" : "")"]) }
        if let cr = credit {
            card.add(["Risk", "\(cr.risk.score)/100 (\(cr.risk.band))"])
            if cr.limitState == .over || cr.limitState == .near { card.add(["Credit limit state", cr.limitState.label]) }
            if cr.creditHold { card.add(["Credit hold", "yes (journal)"]) }
            card.add(["Dunning", cr.dunning?.positionText ?? "none"])
            card.add(["Late-payment interest (open items)", interestText(cr)])
            if let d = cr.termsBeyondLawDays { card.add(["Terms", "\(d) days: beyond 60 days / 45 days end of month (L441-10)"]) }
        }
        out += card.rendered().split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).filter { !$0.isEmpty }.map { $0 + "\n" }.joined()

        if let cr = credit {
            out += "\nRisk factors (score \(cr.risk.score) of 100)\n"
            var t = TextTable([.init("Factor"), .init("Measured", maxWidth: 50), .init("Points", .right), .init("Max", .right)])
            for f in cr.risk.factors { t.add([f.name, f.value, String(f.points), String(f.maxPoints)]) }
            out += t.rendered()
        }
        out += "\nOpen items (\(profile.items.count))\n"
        if !profile.items.isEmpty {
        var t = TextTable([.init("Item", maxWidth: 20), .init("Kind"), .init("Date"), .init("Due"), .init("Days", .right),
                           .init("Bucket"), .init("Open", .right), .init("Cur"), .init("Flags"), .init("Expected"), .init("Reference", maxWidth: 30)])
        let items = profile.items.sorted { ($0.dueDate, $0.date) < ($1.dueDate, $1.date) }
        for it in items {
            let l = itemLabel(it)
            // A credit ages from its own date (as on the dashboard): a due date would contradict its days.
            let isCredit = it.open.minorUnits < 0 || it.kind == .unappliedPayment
            t.add([l.id, l.kind, it.date.description, isCredit ? "—" : it.dueDate.description, String(it.days),
                   aging.labels[it.bucket], style.format(it.open), it.open.currency.code, flagLetters(it), expected(it), l.reference])
        }
        out += t.rendered()
        }
        // The journal's timeline, newest first, notes whole.
        let events = annotations.timeline(customer: c.id)
        if !events.isEmpty {
            out += "\nNotes and flags (\(events.count), newest first)\n"
            for e in events {
                out += "\(e.stamp): \(e.summary)\n"
                for line in (e.text ?? "").split(separator: "\n", omittingEmptySubsequences: false) where e.text != nil { out += "    \(line)\n" }
            }
        }

        out += "\nPayments received (\(profile.payments.count))\n"
        if profile.payments.isEmpty { return out }
        var p = TextTable([.init("Payment", maxWidth: 24), .init("Date"), .init("Amount", .right), .init("Cur"), .init("Settles", maxWidth: 20)])
        for i in profile.payments {
            let pay = ledger.payments[Int(i)]
            p.add([pay.fromPaidDate ? "(paid_date)" : pay.id, pay.date.description, style.format(pay.amount), pay.amount.currency.code,
                   pay.document >= 0 ? ledger.documents[Int(pay.document)].id : "unapplied"])
        }
        out += p.rendered()
        return out
    }

    /// The expected payment date of an open document (`CustomerCredit.expectedText`).
    func expected(_ it: OpenItem) -> String {
        guard let cr = credit, it.kind == .document, it.open.minorUnits > 0 else { return "" }
        return cr.expectedText(it.index)
    }

    public func csv() -> String {
        var out = CSVWriter.row(["item_id", "kind", "date", "due_date", "days", "bucket", "open_amount", "currency", "reference", "flags"])
        for it in profile.items {
            let l = itemLabel(it)
            out += CSVWriter.row([l.id, l.kind, it.date.description, it.kind == .document ? it.dueDate.description : "",
                                  String(it.days), aging.labels[it.bucket], it.open.decimalString, it.open.currency.code, l.reference, flagLetters(it)])
        }
        return out
    }

    /// The journal's flags, promise to pay, follow-up and timeline of this customer.
    func journalJSON() -> JSON {
        let flags: [JSON] = AccountFlag.allCases.filter { notes?.flags.contains($0) ?? false }.map { .string($0.rawValue) }
        var promise: JSON = .null
        if let p = notes?.promise {
            let broken = Annotations.isBroken(p, customer: profile.customer, ledger: ledger, asOf: aging.asOf)
            promise = .object([("date", .string(p.date.description)), ("amount", p.amount.map { JSON.string($0) } ?? .null),
                               ("currency", p.currency.map { JSON.string($0) } ?? .null), ("broken", .bool(broken))])
        }
        let timeline: [JSON] = annotations.timeline(customer: customer.id).map { e in
            let doc: JSON = e.documentId.map { .string($0) } ?? .null
            let text: JSON = e.text.map { .string($0) } ?? .null
            return .object([("at", .string(e.at)), ("user", .string(e.user)), ("document_id", doc), ("event", .string(e.summary)), ("text", text)])
        }
        let followUp: JSON = notes?.followUp.map { .string($0.description) } ?? .null
        return .object([("flags", .array(flags)), ("promise_to_pay", promise), ("follow_up", followUp), ("timeline", .array(timeline))])
    }

    public func json() -> JSON {
        let c = customer
        let items = JSON.array(profile.items.map { it in
            let l = itemLabel(it)
            return .object([("item_id", .string(l.id)), ("kind", .string(l.kind)), ("date", .string(it.date.description)),
                            ("due_date", it.kind == .document ? .string(it.dueDate.description) : .null),
                            ("days", .number(String(it.days))), ("bucket", .string(aging.labels[it.bucket])),
                            ("open_amount", .string(it.open.decimalString)), ("currency", .string(it.open.currency.code)),
                            ("reference", .string(l.reference)),
                            ("flags", .string(flagLetters(it))), ("disputed", .bool(flagLetters(it).contains("D"))),
                            ("expected_payment", credit.flatMap { $0.predicted[it.index].map { .string($0.date.description) } } ?? .null),
                            ("expected_basis", credit.flatMap { $0.predicted[it.index].map { .string($0.basis.rawValue) } } ?? .null)])
        })
        let creditJSON: JSON = credit.map { cr in
            .object([("risk_score", .number(String(cr.risk.score))), ("risk_band", .string(cr.risk.band)),
                     ("risk_factors", .array(cr.risk.factors.map { f in
                         .object([("factor", .string(f.name)), ("measured", .string(f.value)), ("points", .number(String(f.points))),
                                  ("max", .number(String(f.maxPoints)))]) })),
                     ("credit_limit_state", .string(cr.limitState.rawValue)), ("credit_hold", .bool(cr.creditHold)),
                     ("dunning_level", .number(String(cr.dunningLevel))),
                     ("dunning_letter_level", cr.dunning.map { .number(String($0.letterLevel)) } ?? .null),
                     ("dunning_letter_due", .bool(cr.dunning?.due ?? false)),
                     ("dunning_last_level", cr.dunning?.lastLevel.map { .number(String($0)) } ?? .null),
                     ("dunning_last_sent", cr.dunning?.lastSent.map { .string($0.description) } ?? .null),
                     ("dunning_paused", .bool(cr.dunningPaused)),
                     ("interest", .array(cr.interest.sorted { $0.key < $1.key }.map { .object([("currency", .string($0.key.code)),
                                                                                           ("amount", .string(Money.decimalString($0.value, digits: $0.key.minorDigits)))]) })),
                     ("compensation_eur", .string(Money.decimalString(cr.compensationEUR, digits: 2))),
                     ("terms_beyond_law_days", cr.termsBeyondLawDays.map { .number(String($0)) } ?? .null)])
        } ?? .null
        let pays = JSON.array(profile.payments.map { i in
            let p = ledger.payments[Int(i)]
            return .object([("payment_id", .string(p.id)), ("date", .string(p.date.description)),
                            ("amount", .string(p.amount.decimalString)), ("currency", .string(p.amount.currency.code)),
                            ("document_id", p.document >= 0 ? .string(ledger.documents[Int(p.document)].id) : .null)])
        })
        return .object([
            ("as_of", .string(aging.asOf.description)), ("customer_id", .string(c.id)), ("name", .string(c.name)),
            ("balances", .array(profile.balances.map { .object([("currency", .string($0.currency.code)), ("amount", .string($0.decimalString))]) })),
            ("overdue", aging.sections.count == 1 ? .string(Money.decimalString(profile.reportingOverdue, digits: reportingCurrency.minorDigits)) : .null),
            ("overdue_currency", aging.sections.count == 1 ? .string(reportingCurrency.code) : .null),
            // In each item's own currency, as the table and "balances" give it.
            ("overdue_by_currency", .array(overdueByCurrency.map { .object([("currency", .string($0.key.code)), ("amount", .string(Money.decimalString($0.value, digits: $0.key.minorDigits)))]) })),
            ("payment_terms", c.terms.map { .string($0.description) } ?? .null),
            ("collector", .string(collector)), ("country", .string(c.country)),
            ("email", .string(c.email)), ("phone", .string(c.phone)),
            ("credit_limit", c.creditLimit.map { .string($0.decimalString) } ?? .null),
            ("utilisation_percent", profile.utilisation.map { .string($0.formatted(decimals: 1)) } ?? .null),
            ("oldest_days_past_due", .number(String(profile.oldestDaysPastDue))),
            ("average_days_to_pay", profile.averageDaysToPay.map { .string($0.formatted(decimals: 1)) } ?? .null),
            ("average_days_late", profile.averageDaysLate.map { .string($0.formatted(decimals: 1)) } ?? .null),
            ("credit", creditJSON),
            ("journal", journalJSON()),
            ("open_items", items), ("payments", pays),
        ])
    }
}
