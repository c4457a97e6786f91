/// Everything credit control derives from one ledger, one as-of date and the journal's
/// annotations: standings, payment history, risk scores, predictions, promise records.
/// Built in O(documents + settlements + open items + journal events).
public struct CreditControl: Sendable {
    public let ledger: Ledger
    public let aging: AgingReport
    public let annotations: Annotations
    public let rows: CustomerRows
    public let history: PaymentHistory
    public let standings: [CustomerStanding]
    public let riskInputs: [RiskInputs]
    /// Risk score (0–100) per customer index.
    public let riskScores: [Int]
    public let predictor: PaymentPredictor
    /// Promises made and broken per customer index.
    public let promises: [Int32: (made: Int, broken: Int)]

    public var asOf: CivilDate { aging.asOf }

    /// - Parameters:
    ///   - rows, history, predictor: what the caller already has (they do not depend on
    ///     the annotations, so a dashboard keeps them across journal changes).
    public init(_ ledger: Ledger, aging: AgingReport, annotations: Annotations, rows: CustomerRows? = nil,
                history: PaymentHistory? = nil, predictor: PaymentPredictor? = nil) {
        self.ledger = ledger
        self.aging = aging
        self.annotations = annotations
        var laps = TraceLaps("credit control:")
        let rows = rows ?? CustomerRows(ledger: ledger, aging: aging)
        self.rows = rows
        laps.lap("rows")
        let history = history ?? PaymentHistory(ledger, asOf: aging.asOf, weightCurrency: CreditControl.weightCurrency(aging))
        self.history = history
        laps.lap("history")
        standings = CustomerStandings.all(ledger, aging: aging, annotations: annotations, nearLimitPercent: ledger.config.nearLimitPercent)
        laps.lap("standings")
        promises = annotations.promiseRecord(ledger, asOf: aging.asOf, payments: { rows.payments($0) })
        riskInputs = RiskModel.inputs(history: history, standings: standings, asOf: aging.asOf,
                                      brokenPromises: promises.mapValues(\.broken))
        riskScores = riskInputs.map(RiskModel.total)
        laps.lap("promises, risk")
        self.predictor = predictor ?? PaymentPredictor(history)
        laps.lap("predictor")
    }

    /// The currency payment habits are weighted in: the report's.
    public static func weightCurrency(_ aging: AgingReport) -> Currency? { aging.reportingCurrency ?? aging.sections.first?.currency }

    /// The full risk score of one customer, with its factors.
    public func risk(_ customer: Int32) -> RiskScore { RiskModel.score(riskInputs[Int(customer)]) }

    /// Whether a promise is broken, looking at the customer's own payments only.
    public func isBroken(_ p: PromiseToPay, customer: Int32, document: Int32?) -> Bool {
        Annotations.isBroken(p, customer: customer, document: document, ledger: ledger, asOf: asOf, candidates: rows.payments(customer))
    }

    /// Today's worklist (see `Worklist`).
    public func worklist(actedToday: Set<String>) -> Worklist.Result {
        Worklist.build(ledger, standings: standings, risks: riskScores, annotations: annotations, today: asOf,
                       actedToday: actedToday, inCredit: Set(dunning().lazy.filter(\.inCredit).map(\.customer)),
                       isBroken: { isBroken($0, customer: $1, document: $2) })
    }

    /// Dunning cases with the ledger's configured levels.
    public func dunning() -> [DunningCase] {
        Dunning.cases(ledger, aging: aging, annotations: annotations, levels: ledger.config.dunning.levels,
                      isBroken: { isBroken($0, customer: $1, document: $2) })
    }

    /// Expected receipts of the open documents (predictions and promises).
    public func receipts() -> [ExpectedReceipt] {
        CashForecasting.receipts(ledger, aging: aging, predictor: predictor, annotations: annotations)
    }

    /// The weekly cash forecast, nil when the aging is split by currency.
    public func forecast(weeks: Int = 13) -> CashForecast? {
        guard let cur = aging.reportingCurrency ?? (aging.sections.count == 1 ? aging.sections[0].currency : nil) else { return nil }
        return CashForecasting.weekly(receipts(), asOf: asOf, currency: cur, weeks: weeks)
    }
}

/// What credit control says about one customer: shown in the drill-down and `report customer`.
public struct CustomerCredit: Sendable, Equatable {
    public var risk: RiskScore
    public var limitState: CreditLimitState
    public var utilisation: DayCount?
    /// Highest dunning level reached (0 = none), and whether reminders are paused by a promise.
    public var dunningLevel: Int
    /// The customer's dunning case as the dunning run sees it (the letter level that
    /// would go out, the last letter recorded, paused, in credit); nil below level 1.
    public var dunning: DunningCase?
    public var dunningPaused: Bool { dunningPausedBy != nil }
    /// What holds reminders back, as `Dunning.cases` decides: an open promise, or the
    /// account flagged dispute or legal.
    public var dunningPausedBy: DunningCase.PauseReason?
    /// Expected payment date of each open document (by document index); absent = not
    /// expected. A promise to pay that covers it, in whole or part, gives its date (basis
    /// `promise` or `promisePart`), as the cash forecast counts it; else the prediction.
    public var predicted: [Int32: (date: CivilDate, basis: PaymentPredictor.Basis)]
    /// Statutory interest to date on the open late documents, per currency (minor units),
    /// and the fixed compensation in EUR minor units.
    public var interest: [Currency: Int64]
    public var compensationEUR: Int64
    /// The longest term beyond the legal maximum (days from invoice to due date), if any.
    public var termsBeyondLawDays: Int?
    public var creditHold: Bool

    public static func == (a: CustomerCredit, b: CustomerCredit) -> Bool {
        a.risk == b.risk && a.limitState == b.limitState && a.dunningLevel == b.dunningLevel && a.interest == b.interest
            && a.predicted.count == b.predicted.count && a.predicted.allSatisfy { k, v in b.predicted[k].map { $0.date == v.date && $0.basis == v.basis } ?? false }
    }
}

extension CustomerCredit {
    /// The expected payment date of open document `doc` as shown in lists: the date, then
    /// " P" when a promise to pay covers the document, " p" when it covers part of it; "—"
    /// when no payment is expected.
    public func expectedText(_ doc: Int32) -> String {
        guard let e = predicted[doc] else { return "—" }
        switch e.basis {
        case .promise: return "\(e.date) P"
        case .promisePart: return "\(e.date) p"
        case .customer, .ledger: return e.date.description
        }
    }
}

extension CreditControl {
    /// The credit view of one customer (cost: that customer's items and documents).
    public func customerCredit(_ c: Int32, rates: ReferenceRates, marginBasisPoints: Int) -> CustomerCredit {
        let cust = ledger.customers[Int(c)]
        var predicted: [Int32: (date: CivilDate, basis: PaymentPredictor.Basis)] = [:]
        var interest: [Currency: Int64] = [:]
        var compensation: Int64 = 0
        let levels = ledger.config.dunning.levels
        var receipts: [ExpectedReceipt] = []
        for k in rows.openItems(c) {
            let it = aging.items[Int(k)]
            guard it.kind == .document, it.open.minorUnits > 0 else { continue }
            let d = ledger.documents[Int(it.index)]
            if let p = predictor.predict(customer: c, due: d.dueDate, asOf: asOf) { predicted[it.index] = p }
            if it.reportingMinor > 0 { receipts.append(CashForecasting.receipt(it, ledger, asOf: asOf, predictor: predictor, annotations: annotations)) }
            if ledger.config.interest.law.claimsInterest,
               let x = StatutoryInterest.document(ledger, it.index, asOf: asOf, rates: rates, marginBasisPoints: marginBasisPoints) {
                interest[d.amount.currency, default: 0] += x.interest
                compensation += x.compensationEUR
            }
        }
        // Promises move the expected dates, as the forecast counts them.
        let own = receipts.count
        CashForecasting.applyCustomerPromise(c, to: Array(receipts.indices), in: &receipts, ledger, aging: aging, annotations: annotations)
        for (k, r) in receipts.enumerated() where r.fromPromise {
            let whole = k < own && !receipts[own...].contains { $0.document == r.document }
            predicted[r.document] = (r.date!, whole ? .promise : .promisePart)
        }
        // Level, letter, pause and credits exactly as the dunning run has them (the card
        // had said level 3 where the run's first letter is level 1).
        let dunning = Dunning.customerCase(c, ledger, aging: aging, openItems: rows.openItems(c), annotations: annotations,
                                           levels: levels, isBroken: { isBroken($0, customer: $1, document: $2) })
        var beyond: Int? = nil
        if let t = cust.terms, TermsCompliance.exceeds(t) {
            let d = CivilDate(year: 2023, month: 1, day: 31)!
            beyond = d.days(until: t.dueDate(for: d))
        }
        for i in rows.documents(c) {
            let d = ledger.documents[Int(i)]
            if d.amount.minorUnits > 0 && d.dueDate > TermsCompliance.latestLawfulDueDate(d.date) {
                beyond = max(beyond ?? 0, d.date.days(until: d.dueDate))
            }
        }
        let s = standings[Int(c)]
        return CustomerCredit(risk: risk(c), limitState: s.limitState, utilisation: s.utilisation, dunningLevel: dunning?.level ?? 0,
                              dunning: dunning, dunningPausedBy: dunning?.pausedBy, predicted: predicted, interest: interest, compensationEUR: compensation,
                              termsBeyondLawDays: beyond, creditHold: annotations.customer(cust.id)?.flags.contains(.creditHold) ?? false)
    }
}
