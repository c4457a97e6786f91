/// Expected receipts of one week of the forecast.
public struct ForecastWeek: Sendable, Equatable {
    /// First and last day of the week (week 1 starts the day after the as-of date).
    public var start: CivilDate
    public var end: CivilDate
    /// Expected receipts, reporting-currency minor units.
    public var expected: Int64
    /// The part of `expected` that comes from promises to pay.
    public var promised: Int64
}

/// A cash-collection forecast by week.
public struct CashForecast: Sendable, Equatable {
    public var asOf: CivilDate
    public var currency: Currency
    public var weeks: [ForecastWeek]
    /// Open amount expected after the horizon, or never (no history that late).
    public var beyondHorizon: Int64
    /// Open documents with no prediction (nothing in the history is that late).
    public var unpredicted: Int64
}

/// One document's expected receipt.
public struct ExpectedReceipt: Sendable, Equatable {
    public var document: Int32
    public var customer: Int32
    /// Reporting-currency minor units.
    public var amount: Int64
    /// nil when not expected (no history that late).
    public var date: CivilDate?
    public var fromPromise: Bool
}

/// Expected receipts of open documents and their weekly sums.
public enum CashForecasting {
    /// Expected receipt of every open document (positive open amount) of an aging report.
    ///
    /// Promises to pay (from the journal, not broken, dated today or later) come first: a
    /// promise on a document moves that document to the promise date; a promise on a
    /// customer with an amount takes that amount, at the promise date, from the customer's
    /// documents in predicted-date order (a promise without an amount covers them all).
    /// Everything else is predicted by `PaymentPredictor`.
    public static func receipts(_ ledger: Ledger, aging: AgingReport, predictor: PaymentPredictor,
                                annotations: Annotations = Annotations()) -> [ExpectedReceipt] {
        var out: [ExpectedReceipt] = []
        var byCustomer: [Int32: [Int]] = [:]
        for it in aging.items where it.kind == .document && it.open.minorUnits > 0 && it.reportingMinor > 0 {
            byCustomer[it.customer, default: []].append(out.count)
            out.append(receipt(it, ledger, asOf: aging.asOf, predictor: predictor, annotations: annotations))
        }
        for (c, idx) in byCustomer { applyCustomerPromise(c, to: idx, in: &out, ledger, aging: aging, annotations: annotations) }
        return out
    }

    /// The expected receipt of one open document: at its promise date when a promise on the
    /// document holds (dated today or later), else at the predicted date (nil = not expected).
    static func receipt(_ it: OpenItem, _ ledger: Ledger, asOf: CivilDate, predictor: PaymentPredictor,
                        annotations: Annotations) -> ExpectedReceipt {
        let d = ledger.documents[Int(it.index)]
        var r = ExpectedReceipt(document: it.index, customer: it.customer, amount: it.reportingMinor, date: nil, fromPromise: false)
        if let p = annotations.document(customer: ledger.customers[Int(it.customer)].id, d.id)?.promise, p.date >= asOf {
            r.date = max(p.date, asOf.advanced(by: 1)); r.fromPromise = true
        } else {
            r.date = predictor.predict(customer: it.customer, due: d.dueDate, asOf: asOf)?.date
        }
        return r
    }

    /// A promise on customer `c` takes its amount (all, without one), at the promise date,
    /// from the receipts `idx` of `out` not already promised, in predicted-date order; a
    /// receipt partly covered is split (the promised part appended to `out`).
    static func applyCustomerPromise(_ c: Int32, to idx: [Int], in out: inout [ExpectedReceipt], _ ledger: Ledger,
                                     aging: AgingReport, annotations: Annotations) {
        let asOf = aging.asOf
        guard let p = annotations.customer(ledger.customers[Int(c)].id)?.promise, p.date >= asOf else { return }
        let when = max(p.date, asOf.advanced(by: 1))
        var left: Int64 = .max
        if let text = p.amount, let cur = Currency(code: p.currency ?? aging.sections[0].currency.code),
           case .value(let v, _) = AmountParser.parse(text, digits: cur.minorDigits) {
            left = v
            if let rc = aging.reportingCurrency, cur != rc {
                guard let rate = ledger.fx.rate(cur, on: asOf) else { return }
                // A promise past 64 bits once converted covers every receipt (as no amount does).
                left = rate.convert(v, fromDigits: cur.minorDigits, toDigits: rc.minorDigits) ?? .max
            }
        }
        let order = idx.filter { !out[$0].fromPromise }.sorted {
            (out[$0].date ?? .distantFuture, out[$0].document) < (out[$1].date ?? .distantFuture, out[$1].document)
        }
        for k in order where left > 0 {
            let take = min(left, out[k].amount)
            left -= take
            if take == out[k].amount {
                out[k].date = when; out[k].fromPromise = true
            } else {
                out[k].amount -= take
                out.append(ExpectedReceipt(document: out[k].document, customer: c, amount: take, date: when, fromPromise: true))
            }
        }
    }

    /// Sums receipts into `weeks` weeks after `asOf` (week w: days 7(w−1)+1 … 7w after it).
    public static func weekly(_ receipts: [ExpectedReceipt], asOf: CivilDate, currency: Currency, weeks: Int = 13) -> CashForecast {
        var ws = (0..<weeks).map { w in
            ForecastWeek(start: asOf.advanced(by: 7 * w + 1), end: asOf.advanced(by: 7 * w + 7), expected: 0, promised: 0)
        }
        var beyond: Int64 = 0, none: Int64 = 0
        for r in receipts {
            guard let d = r.date else { none += r.amount; beyond += r.amount; continue }
            let w = (asOf.days(until: d) - 1) / 7
            guard w >= 0 && w < weeks else { beyond += r.amount; continue }
            ws[w].expected += r.amount
            if r.fromPromise { ws[w].promised += r.amount }
        }
        return CashForecast(asOf: asOf, currency: currency, weeks: ws, beyondHorizon: beyond, unpredicted: none)
    }
}

extension CivilDate {
    /// A date after any ledger date, for sorting "never" last.
    public static let distantFuture = CivilDate(daysSinceEpoch: Int32.max)
}
