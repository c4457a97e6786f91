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
    ///   - rows: the ledger grouped by customer, when the caller has it.
    public init(_ ledger: Ledger, aging: AgingReport, annotations: Annotations, rows: CustomerRows? = nil) {
        self.ledger = ledger
        self.aging = aging
        self.annotations = annotations
        let rows = rows ?? CustomerRows(ledger: ledger, aging: aging)
        self.rows = rows
        let cur = aging.reportingCurrency ?? aging.sections.first?.currency
        history = PaymentHistory(ledger, asOf: aging.asOf, weightCurrency: cur)
        standings = CustomerStandings.all(ledger, aging: aging, annotations: annotations, nearLimitPercent: ledger.config.nearLimitPercent)
        promises = annotations.promiseRecord(ledger, asOf: aging.asOf, payments: { rows.payments($0) })
        riskInputs = RiskModel.inputs(history: history, standings: standings, asOf: aging.asOf,
                                      brokenPromises: promises.mapValues(\.broken))
        riskScores = riskInputs.map { RiskModel.score($0).score }
        predictor = PaymentPredictor(history)
    }

    /// The full risk score of one customer, with its factors.
    public func risk(_ customer: Int32) -> RiskScore { RiskModel.score(riskInputs[Int(customer)]) }

    /// Whether a promise is broken, looking at the customer's own payments only.
    public func isBroken(_ p: PromiseToPay, customer: Int32, document: Int32?) -> Bool {
        Annotations.isBroken(p, customer: customer, document: document, ledger: ledger, asOf: asOf, candidates: rows.payments(customer))
    }

    /// Today's worklist (see `Worklist`). `money` formats reporting-currency minor units.
    public func worklist(actedToday: Set<String>, money: (Int64) -> String) -> Worklist.Result {
        Worklist.build(ledger, standings: standings, risks: riskScores, annotations: annotations, today: asOf,
                       actedToday: actedToday, isBroken: { isBroken($0, customer: $1, document: $2) }, money: money)
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
