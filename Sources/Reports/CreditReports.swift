import Receivables

/// The reports of issue 5, each built as a `TabularReport` from domain results.
public enum CreditReports {
    static func name(_ l: Ledger, _ c: Int32) -> String {
        let cu = l.customers[Int(c)]
        return cu.name == cu.id ? cu.id : cu.name
    }

    /// `report kpi`: the monthly KPI series.
    public static func kpi(_ l: Ledger, asOf: CivilDate, currency: Currency, method: DSOMethod, points: [KPIPoint], style: NumberStyle) -> TabularReport {
        var r = TabularReport(title: "Credit KPIs by month as of \(asOf) · ledger \(l.name) · \(currency.code)", columns: [
            .init("month", "Month"), .init("receivables", "AR", .right), .init("current", "Current", .right),
            .init("sales", "Sales", .right), .init("dso", "DSO", .right), .init("bpdso", "BPDSO", .right), .init("add", "ADD", .right),
            .init("cei_month", "CEI m %", .right), .init("cei_quarter", "CEI 3m %", .right),
            .init("avg_days_to_pay", "Days to pay", .right), .init("avg_days_late", "Days late", .right), .init("paid_documents", "Paid docs", .right)])
        r.notes = ["DSO and BPDSO by the \(method == .countback ? "countback" : "period (one month)") method; ADD = DSO − BPDSO (Credit Research Foundation).",
                   "CEI = (opening AR + sales − closing AR) / (opening AR + sales − closing current AR) × 100 (CRF), with the sales of the whole period for the quarter: the three months ending with the month (rolling, as the dashboard's \"3m rolling\"; key cei_quarter).",
                   "Days to pay and days late: amount-weighted, over the documents paid in full in the month."]
        r.meta = [("as_of", .string(asOf.description)), ("currency", .string(currency.code)), ("method", .string(method.rawValue)),
                  ("cei_quarter_variant", .string(CEIVariant.periodSales.rawValue))]
        let d = currency.minorDigits
        for p in points {
            if let why = p.notConvertedReason(into: currency) {
                let na = ReportCell("n/a", .null)
                r.rows.append([.text(p.date.monthLabel), na, na, na, na, na, na, na, na,
                               .ratio(p.habit.averageDaysToPay, style: style), .ratio(p.habit.averageDaysLate, style: style), .int(p.habit.count)])
                r.notes.append(why + ".")
                continue
            }
            r.rows.append([.text(p.date.monthLabel), .money(p.receivables, d, style), .money(p.current, d, style), .money(p.sales, d, style),
                           .ratio(p.dso, style: style), .ratio(p.bpdso, style: style), .ratio(p.add, style: style), .ratio(p.ceiMonth, style: style), .ratio(p.ceiQuarter, style: style),
                           .ratio(p.habit.averageDaysToPay, style: style), .ratio(p.habit.averageDaysLate, style: style), .int(p.habit.count)])
        }
        r.rowsKey = "months"
        return r
    }

    /// `report kpi --customer ID`: one customer's payment habit month by month.
    public static func customerHabit(_ l: Ledger, customer: Int32, asOf: CivilDate, series: [(month: CivilDate, habit: PaymentHabit)],
                                     style: NumberStyle = .english) -> TabularReport {
        let cu = l.customers[Int(customer)]
        var r = TabularReport(title: "Payment habit of \(cu.name.replacingOccurrences(of: "\n", with: " ")) (\(cu.id)) by month as of \(asOf) · ledger \(l.name)", columns: [
            .init("month", "Month"), .init("paid_documents", "Paid docs", .right), .init("avg_days_to_pay", "Days to pay", .right),
            .init("avg_days_late", "Days late", .right), .init("paid_late_percent", "Late %", .right)])
        r.notes = ["Documents paid in full in each month; averages weighted by amount; early payment counts as 0 days late."]
        for (m, h) in series {
            r.rows.append([.text(m.monthLabel), .int(h.count), .ratio(h.averageDaysToPay, style: style), .ratio(h.averageDaysLate, style: style), .ratio(h.sharePaidLate, style: style)])
        }
        r.meta = [("as_of", .string(asOf.description)), ("customer_id", .string(cu.id))]
        r.rowsKey = "months"
        return r
    }

    /// `report kpi --customers`: payment behaviour, risk and credit limit per customer.
    public static func customerKPIs(_ cc: CreditControl, style: NumberStyle, termsExceeding: [Int32: Int]) -> TabularReport {
        let l = cc.ledger
        var r = TabularReport(title: "Payment behaviour and risk per customer as of \(cc.asOf) · ledger \(l.name)", columns: [
            .init("customer_id", "Id"), .init("name", "Customer", maxWidth: 28), .init("paid_documents", "Paid", .right),
            .init("avg_days_to_pay", "Days to pay", .right), .init("avg_days_late", "Days late", .right),
            .init("paid_late_percent", "Late %", .right), .init("risk", "Risk", .right), .init("risk_band", "Band"),
            .init("utilisation_percent", "Limit use %", .right), .init("credit_limit_state", "Limit"), .init("terms_over_legal_max_days", "Terms > law")])
        r.notes = ["Averages are amount-weighted over every document paid in full by the as-of date; risk factors: `ardash report customer ID`."]
        r.meta = [("as_of", .string(cc.asOf.description))]
        var habit = [[PaymentHistory.Settled]](repeating: [], count: l.customers.count)
        for e in cc.history.settled { habit[Int(e.customer)].append(e) }
        let order = l.customers.indices.sorted { (cc.riskScores[$0], l.customers[$1].id) > (cc.riskScores[$1], l.customers[$0].id) }
        for i in order {
            let h = PaymentHabit(habit[i]), s = cc.standings[i], score = cc.risk(Int32(i))
            r.rows.append([.text(l.customers[i].id), .text(name(l, Int32(i))), .int(h.count), .ratio(h.averageDaysToPay, style: style), .ratio(h.averageDaysLate, style: style),
                           .ratio(h.sharePaidLate, style: style), .int(score.score), .text(score.band), .ratio(s.utilisation, style: style),
                           .text(s.limitState.rawValue), termsExceeding[Int32(i)].map { .int($0) } ?? ReportCell("", .null)])
        }
        r.rowsKey = "customers"
        return r
    }

    /// `report forecast`: expected receipts per week.
    public static func forecast(_ l: Ledger, _ f: CashForecast, style: NumberStyle) -> TabularReport {
        let d = f.currency.minorDigits
        var r = TabularReport(title: "Cash-collection forecast, \(f.weeks.count) weeks from \(f.asOf) · ledger \(l.name) · \(f.currency.code)", columns: [
            .init("week", "Week", .right), .init("start", "From"), .init("end", "To"), .init("expected", "Expected", .right),
            .init("promised", "of which promised", .right), .init("cumulative", "Cumulative", .right)])
        r.notes = ["Each open document is expected at its customer's amount-weighted days late among past documents paid later than it is already late",
                   "(the ledger's history when the customer has fewer than 3); open promises to pay come first."]
        var cum: Int64 = 0
        for (k, w) in f.weeks.enumerated() {
            cum += w.expected
            r.rows.append([.int(k + 1), .date(w.start), .date(w.end), .money(w.expected, d, style), .money(w.promised, d, style), .money(cum, d, style)])
        }
        r.totals = [.text("Total"), .empty, .empty, .money(cum, d, style), .money(f.weeks.reduce(0) { $0 + $1.promised }, d, style), .empty]
        r.notes.append("Not expected within \(f.weeks.count) weeks: \(style.format(f.beyondHorizon, digits: d)) \(f.currency.code), of which \(style.format(f.unpredicted, digits: d)) later than any payment on record.")
        r.meta = [("as_of", .string(f.asOf.description)), ("currency", .string(f.currency.code)),
                  ("beyond_horizon", .string(Money.decimalString(f.beyondHorizon, digits: d))),
                  ("unpredicted", .string(Money.decimalString(f.unpredicted, digits: d)))]
        r.rowsKey = "weeks"
        return r
    }

    /// `report forecast --backtest`: the forecast as of past dates against what was paid.
    public static func backtest(_ l: Ledger, runs: [BacktestRun], style: NumberStyle) -> TabularReport {
        var r = TabularReport(title: "Forecast back-test · ledger \(l.name) · \(runs.first?.weeks ?? 13) weeks after each origin", columns: [
            .init("origin", "As of"), .init("currency", "Cur"), .init("actual", "Received", .right), .init("model", "Forecast", .right),
            .init("naive", "Naive", .right), .init("model_wape", "WAPE %", .right), .init("naive_wape", "Naive WAPE %", .right),
            .init("model_bias", "Bias %", .right), .init("naive_bias", "Naive bias %", .right)])
        r.notes = ["WAPE = Σ|forecast − received| / Σ received over the weeks (lower is better); bias = (Σ forecast − Σ received) / Σ received.",
                   "Naive: every document paid on its due date (already overdue at the origin: week 1). Received: what settled the documents open at the origin."]
        func sum(_ a: [Int64]) -> Int64 { a.reduce(0, +) }
        for run in runs {
            let d = run.currency.minorDigits
            r.rows.append([.date(run.origin), .text(run.currency.code), .money(sum(run.actual), d, style), .money(sum(run.model), d, style),
                           .money(sum(run.naive), d, style), .ratio(run.modelWAPE, style: style), .ratio(run.naiveWAPE, style: style),
                           .ratio(BacktestRun.bias(run.model, run.actual), style: style), .ratio(BacktestRun.bias(run.naive, run.actual), style: style)])
        }
        // Pooled over every origin: Σ|error| / Σ received.
        let pooled = { (pick: (BacktestRun) -> [Int64]) -> DayCount? in
            BacktestRun.wape(runs.flatMap(pick), runs.flatMap(\.actual))
        }
        if runs.count > 1 {
            r.totals = [.text("All"), .empty, .empty, .empty, .empty, .ratio(pooled(\.model), style: style), .ratio(pooled(\.naive), style: style), .empty, .empty]
        }
        r.meta = [("weeks", .number(String(runs.first?.weeks ?? 13))),
                  ("detail", .array(runs.map { run in
                      .object([("origin", .string(run.origin.description)),
                               ("actual", .array(run.actual.map { .string(Money.decimalString($0, digits: run.currency.minorDigits)) })),
                               ("model", .array(run.model.map { .string(Money.decimalString($0, digits: run.currency.minorDigits)) })),
                               ("naive", .array(run.naive.map { .string(Money.decimalString($0, digits: run.currency.minorDigits)) }))])
                  }))]
        r.rowsKey = "origins"
        return r
    }

    /// `report provision`: the IFRS 9 simplified-approach allowance per aging bucket.
    public static func provision(_ l: Ledger, aging: AgingReport, rates: [Int], style: NumberStyle) -> TabularReport {
        var r = TabularReport(title: "Expected credit loss allowance (IFRS 9 simplified approach, provision matrix) as of \(aging.asOf) · ledger \(l.name)", columns: [
            .init("currency", "Cur"), .init("bucket", "Bucket"), .init("balance", "Gross owed", .right), .init("loss_rate_percent", "Loss rate %", .right),
            .init("allowance", "Allowance", .right)])
        r.notes = ["Allowance = gross receivable of the bucket (open items owed; credits are not netted against other customers' debts) × loss rate, rounded half-to-even."]
        var totals: [(Currency, Int64, Int64)] = []
        for s in aging.sections {
            let d = s.currency.minorDigits
            // Gross: only amounts owed, so one customer's unapplied cash does not shrink
            // another's provision.
            var gross = [Int64](repeating: 0, count: aging.labels.count)
            for it in aging.items where it.reportingMinor > 0 && (aging.reportingCurrency != nil || it.open.currency == s.currency) {
                gross[it.bucket] += it.reportingMinor
            }
            let a = ProvisionMatrix.allowance(buckets: gross, rateBasisPoints: rates)
            for (k, label) in aging.labels.enumerated() {
                r.rows.append([.text(s.currency.code), .text(label), .money(gross[k], d, style),
                               .ratio(DayCount(Int128(rates[k]), over: 100), 2, style: style), .money(a.perBucket[k], d, style)])
            }
            totals.append((s.currency, gross.reduce(0, +), a.total))
        }
        if totals.count == 1, let (c, bal, all) = totals.first {
            r.totals = [.text(c.code), .text("Total"), .money(bal, c.minorDigits, style), .empty, .money(all, c.minorDigits, style)]
        } else {
            for (c, bal, all) in totals {
                r.rows.append([.text(c.code), .text("Total"), .money(bal, c.minorDigits, style), .empty, .money(all, c.minorDigits, style)])
            }
        }
        r.meta = [("as_of", .string(aging.asOf.description))]
        r.rowsKey = "buckets"
        return r
    }

    /// `report interest`: statutory interest per late document.
    public static func interest(_ l: Ledger, asOf: CivilDate, items: [DocumentInterest], law: LatePaymentLaw, margin: Int,
                                rates: ReferenceRates, termsExceeding: [Int32: Int], style: NumberStyle) -> TabularReport {
        let lawName = law.name
        var r = TabularReport(title: "Late-payment interest as of \(asOf) · ledger \(l.name) · \(lawName)", columns: [
            .init("customer_id", "Customer"), .init("document_id", "Document"), .init("due_date", "Due"), .init("status", "Status"),
            .init("days_late", "Days", .right), .init("late_amount", "Late amount", .right), .init("currency", "Cur"),
            .init("rate_percent", "Rate % (last)", .right), .init("interest", "Interest", .right), .init("compensation_eur", "Comp. EUR", .right)])
        r.notes = ["Interest = late amount × (reference rate of each half-year + \(DayCount(Int128(margin), over: 100).formatted(decimals: 2)) points) × days / 365 (Actual/365), from the day after the due date.",
                   "Reference rates: \(rates.source); the rate in force on 1 January or 1 July applies to the whole half-year (a delay across half-years uses each one's rate; the column shows the last). Fixed compensation: EUR 40.00 per late invoice."]
        if !law.claimsInterest {
            r.notes = ["[interest] law = \"none\": no statutory interest or fixed compensation is claimed."]
        }
        var byCurrency: [Currency: (Int64, Int64)] = [:]
        var compensation: Int64 = 0
        var missing = Set<CivilDate>()
        for x in items {
            let d = l.documents[Int(x.document)]
            let c = d.amount.currency
            r.rows.append([.text(l.customers[Int(x.customer)].id), .text(d.id), .date(d.dueDate), .text(x.stillOpen ? "open" : "paid late"),
                           .int(x.daysLate), .money(x.lateAmount, c.minorDigits, style), .text(c.code),
                           .ratio(DayCount(Int128(x.rateBasisPoints), over: 100), 2, style: style), .money(x.interest, c.minorDigits, style),
                           .money(x.compensationEUR, 2, style)])
            byCurrency[c, default: (0, 0)].0 += x.lateAmount
            byCurrency[c, default: (0, 0)].1 += x.interest
            compensation += x.compensationEUR
            missing.formUnion(x.missingRates)
        }
        if byCurrency.count == 1, let (c, v) = byCurrency.first {
            r.totals = [.text("Total"), .text("\(items.count) document\(items.count == 1 ? "" : "s")"), .empty, .empty, .empty, .money(v.0, c.minorDigits, style), .text(c.code),
                        .empty, .money(v.1, c.minorDigits, style), .money(compensation, 2, style)]
        } else if !byCurrency.isEmpty {
            r.notes.append("Totals: " + byCurrency.sorted { $0.key < $1.key }.map { "\(style.format($0.value.1, digits: $0.key.minorDigits)) \($0.key.code)" }.joined(separator: " + ")
                           + " interest, \(style.format(compensation, digits: 2)) EUR compensation.")
        }
        if !missing.isEmpty {
            r.notes.append("No reference rate for the half-year(s) starting \(missing.sorted().map(\.description).joined(separator: ", ")): no interest counted for those days; add them to \(rates.source).")
        }
        if !termsExceeding.isEmpty {
            r.notes.append("Terms beyond 60 days or 45 days end of month (L441-10 I; 2011/7/EU art. 3(5)): "
                           + termsExceeding.sorted { l.customers[Int($0.key)].id < l.customers[Int($1.key)].id }
                               .map { "\(l.customers[Int($0.key)].id) (\($0.value) days)" }.joined(separator: ", "))
        }
        r.meta = [("as_of", .string(asOf.description)), ("law", .string(law.rawValue)),
                  ("margin_percent", .string(DayCount(Int128(margin), over: 100).formatted(decimals: 2))),
                  ("day_count", .string("Actual/365")), ("rates_source", .string(rates.source)),
                  ("terms_over_legal_max", .array(termsExceeding.keys.sorted().map { .string(l.customers[Int($0)].id) }))]
        r.rowsKey = "documents"
        return r
    }

    /// `report worklist`: today's actions.
    /// `currency`: the report's, or nil when the ledger is split by currency (`notConverted`
    /// says why: the aging's `notConvertedReason`).
    public static func worklist(_ l: Ledger, asOf: CivilDate, result: Worklist.Result, currency: Currency?, notConverted: String? = nil,
                                style: NumberStyle) -> TabularReport {
        var r = TabularReport(title: "Worklist for \(asOf) · ledger \(l.name) · \(result.entries.count) customer\(result.entries.count == 1 ? "" : "s") to act on", columns: [
            .init("rank", "#", .right), .init("customer_id", "Id"), .init("name", "Customer", maxWidth: 26), .init("tier", "Why first"),
            .init("overdue", "Overdue", .right), .init("overdue_currency", "Cur"), .init("oldest_days", "Oldest", .right),
            .init("risk", "Risk", .right), .init("reasons", "Reasons", maxWidth: 70)])
        r.notes = ["Order: broken promises, follow-ups due, overdue, over limit; then amount overdue × days past due × risk score.",
                   "Done today: \(result.doneToday) · waiting on a promise or a later follow-up: \(result.snoozed)."]
        for (k, e) in result.entries.enumerated() {
            // One currency (the usual case): the amount as a number and its code in a
            // column of its own, so that a spreadsheet can add them up; several: the sum
            // written out ("50.00 EUR + 70000 JPY").
            let single = e.overdue.count <= 1
            // Nothing overdue (a customer over its limit only): blank, as on screen; CSV says 0.
            var overdue = ReportCell(e.overdue.isEmpty ? "" : e.overdue.map { single ? style.format($0) : "\(style.format($0)) \($0.currency.code)" }.joined(separator: " + "),
                                     .array(e.overdue.map { .object([("amount", .string($0.decimalString)), ("currency", .string($0.currency.code))]) }))
            if single { overdue.csv = e.overdue.first?.decimalString ?? "0" }
            let code: ReportCell = single ? .text(e.overdue.first?.currency.code ?? currency?.code ?? "") : ReportCell("", .null)
            r.rows.append([.int(k + 1), .text(l.customers[Int(e.customer)].id), .text(name(l, e.customer)), .text(e.tier.label),
                           overdue, code, .int(e.oldest), .int(e.risk), .text(e.reasons.joined(separator: "; "))])
        }
        if currency == nil {
            r.notes.append("Several currencies, not converted (\(notConverted ?? "no exchange rates")): amounts overdue are ranked at face value.")
        }
        r.meta = [("as_of", .string(asOf.description)), ("currency", currency.map { .string($0.code) } ?? .null),
                  ("done_today", .number(String(result.doneToday))), ("snoozed", .number(String(result.snoozed)))]
        r.rowsKey = "actions"
        return r
    }
}

extension BacktestRun {
    /// Weeks in the run.
    public var weeks: Int { actual.count }
}
