import XCTest
@testable import Receivables

/// Issue 5 on a ledger small enough to work by hand (values in the comments).
final class CreditControlTests: XCTestCase {
    let eur = Currency(code: "EUR")!
    func eur(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: eur) }

    /// A (limit 1,000): A1 100 paid 10 days late, A2 300 paid on the due date, A3 200 paid 20
    /// days late, A4 400 open, due 2024-05-01. B (limit 500): B1 600 on 90-day terms, not
    /// yet due at 2024-05-31. C (no limit): C1 50 due 2024-05-20.
    func sample() -> Ledger {
        let customers = [Customer(id: "A", name: "Alpha", creditLimit: eur(100_000)),
                         Customer(id: "B", name: "Beta", creditLimit: eur(50_000)),
                         Customer(id: "C", name: "Gamma")]
        let docs = [
            Document(id: "A1", customer: 0, type: .invoice, date: date("2024-01-01"), dueDate: date("2024-01-31"), amount: eur(10_000)),
            Document(id: "A2", customer: 0, type: .invoice, date: date("2024-02-01"), dueDate: date("2024-03-02"), amount: eur(30_000)),
            Document(id: "A3", customer: 0, type: .invoice, date: date("2024-03-01"), dueDate: date("2024-03-31"), amount: eur(20_000)),
            Document(id: "A4", customer: 0, type: .invoice, date: date("2024-04-01"), dueDate: date("2024-05-01"), amount: eur(40_000)),
            Document(id: "B1", customer: 1, type: .invoice, date: date("2024-03-15"), dueDate: date("2024-06-13"), amount: eur(60_000)),
            Document(id: "C1", customer: 2, type: .invoice, date: date("2024-04-20"), dueDate: date("2024-05-20"), amount: eur(5_000)),
        ]
        let pays = [Payment(id: "P1", customer: 0, date: date("2024-02-10"), amount: eur(10_000), document: 0),
                    Payment(id: "P2", customer: 0, date: date("2024-03-02"), amount: eur(30_000), document: 1),
                    Payment(id: "P3", customer: 0, date: date("2024-04-20"), amount: eur(20_000), document: 2)]
        return Ledger(name: "sample", customers: customers, documents: docs, payments: pays)
    }

    func event(_ kind: JournalEventKind, _ customer: String, doc: String? = nil, flag: AccountFlag? = nil, date d: String? = nil,
               amount: String? = nil, at: String = "2024-05-30T10:00:00Z", level: Int? = nil) -> JournalEvent {
        var e = JournalEvent(kind: kind, customerId: customer, documentId: doc, flag: flag, date: d.map(date), amount: amount,
                             currency: amount == nil ? nil : "EUR", user: "test", at: at)
        e.level = level
        return e
    }

    func testPaymentHabitIsAmountWeighted() {
        let l = sample()
        let h = PaymentHistory(l, asOf: date("2024-05-31"))
        XCTAssertEqual(h.settled.map(\.daysLate), [10, 0, 20])
        XCTAssertEqual(h.settled.map(\.daysToPay), [40, 30, 50])
        let a = PaymentHabit(h.settled.filter { $0.customer == 0 })
        // (40×100 + 30×300 + 50×200) / 600 = 38.33; (10×100 + 0 + 20×200) / 600 = 8.33; (100 + 200) / 600 = 50 %.
        XCTAssertEqual(a.averageDaysToPay?.formatted(decimals: 2), "38.33")
        XCTAssertEqual(a.averageDaysLate?.formatted(decimals: 2), "8.33")
        XCTAssertEqual(a.sharePaidLate?.formatted(decimals: 2), "50.00")
        // As of 2024-03-01 only A1 was paid.
        XCTAssertEqual(PaymentHistory(l, asOf: date("2024-03-01")).settled.map(\.document), [0])
        let monthly = KPISeries.customerHabit(h, customer: 0, asOf: date("2024-05-31"), months: 4)
        XCTAssertEqual(monthly.map { $0.habit.averageDaysLate?.formatted(decimals: 1) }, ["10.0", "0.0", "20.0", nil])
    }

    func testStandingsAndCreditLimits() {
        let l = sample()
        let aging = Aging.report(l, asOf: date("2024-05-31"))
        let s = CustomerStandings.all(l, aging: aging, annotations: Annotations(), nearLimitPercent: 80)
        XCTAssertEqual(s[0].overdue, 40_000)
        XCTAssertEqual(s[0].oldest, 30)
        XCTAssertEqual(s[0].overdueDays, 40_000 * 30)
        XCTAssertEqual(s[0].utilisation?.formatted(decimals: 1), "40.0")
        XCTAssertEqual(s[0].limitState, .within)
        XCTAssertEqual(s[1].utilisation?.formatted(decimals: 1), "120.0")
        XCTAssertEqual(s[1].limitState, .over)
        XCTAssertEqual(s[2].limitState, .none)
        XCTAssertEqual(CreditLimitState.of(DayCount(80), nearPercent: 80), .near)
        XCTAssertEqual(CreditLimitState.of(DayCount(7999, over: 100), nearPercent: 80), .within)
        XCTAssertEqual(CreditLimitState.of(DayCount(100), nearPercent: 80), .over)
    }

    func testRiskScoreFactors() {
        let l = sample()
        let cc = CreditControl(l, aging: Aging.report(l, asOf: date("2024-05-31")), annotations: Annotations())
        let a = cc.risk(0)
        // Days late 8.33 → 8.33 × 25 / 60 = 3.47 → 3; trend: recent (A2, A3) 8.0 vs A1 10.0 → falling, 0;
        // paid late 50 % → 10; no disputes, no broken promises; 40 % of the limit → 0.
        XCTAssertEqual(a.factors.map(\.points), [3, 0, 10, 0, 0, 0])
        XCTAssertEqual(a.factors[1].value, "-2.0 days vs the 3 months before")
        XCTAssertEqual(a.score, 13)
        XCTAssertEqual(a.band, "low")
        // B: over its limit, 15. C never paid anything: its open C1 is 11 days past due,
        // 11 × 25 / 60 = 4.58 → 5 points instead of the days late it has no record of.
        XCTAssertEqual(cc.riskScores, [13, 15, 5])
        XCTAssertEqual(cc.risk(2).factors[0].value, "none paid in full; open items 11.0 days past due")
        let worst = RiskModel.score(RiskInputs(daysLate12m: DayCount(90), daysLateRecent: DayCount(60), daysLatePrevious: DayCount(10),
                                               sharePaidLate: DayCount(100), disputes: 3, brokenPromises: 1, limitState: .over))
        XCTAssertEqual(worst.factors.map(\.points), [25, 10, 20, 10, 10, 15])
        XCTAssertEqual(worst.score, 90)
        XCTAssertEqual(worst.band, "very high")
        // A zero limit is no credit at all, never "no limit" (read as unlimited by a trial).
        XCTAssertEqual(worst.factors[5].value, "no credit allowed, money owed")
        XCTAssertEqual(RiskModel.score(RiskInputs(limitState: .within)).factors[5].value, "no credit allowed")
        XCTAssertEqual(RiskModel.score(RiskInputs(limitState: .none)).factors[5].value, "no limit")
        XCTAssertEqual(a.factors[5].value, "40.0 % used")
    }

    func testBrokenPromiseCountsInRisk() {
        let l = sample()
        // Promised 100.00 by 2024-05-10 on 2024-05-01: nothing paid by then.
        let ann = Annotations([event(.flagSet, "C", flag: .promise, date: "2024-05-10", amount: "100.00", at: "2024-05-01T09:00:00Z")])
        let cc = CreditControl(l, aging: Aging.report(l, asOf: date("2024-05-31")), annotations: ann)
        XCTAssertEqual(cc.promises[2]?.made, 1)
        XCTAssertEqual(cc.promises[2]?.broken, 1)
        XCTAssertEqual(cc.risk(2).factors[4].points, 10)
    }

    func testPredictionIsConditionalOnHowLateItAlreadyIs() {
        let l = sample()
        let p = PaymentPredictor(PaymentHistory(l, asOf: date("2024-05-31")))
        let asOf = date("2024-05-31")
        // C1 is 11 days late; C has no history; in the ledger only A3 (20 days) was later → due + 20.
        XCTAssertEqual(p.predict(customer: 2, due: date("2024-05-20"), asOf: asOf)?.date, date("2024-06-09"))
        XCTAssertEqual(p.predict(customer: 2, due: date("2024-05-20"), asOf: asOf)?.basis, .ledger)
        // B1 is not due (−13): all three count; by weight 0 days (300), 10 (100), 20 (200): half
        // of 600 is reached at 0 days → the weighted median is 0 → due date 2024-06-13.
        XCTAssertEqual(p.predict(customer: 1, due: date("2024-06-13"), asOf: asOf)?.date, date("2024-06-13"))
        // A4 is 30 days late: nothing in the history was paid that late.
        XCTAssertNil(p.predict(customer: 0, due: date("2024-05-01"), asOf: asOf))
        // A customer's own history once it has 3 documents: A, for a document due tomorrow → median 0.
        XCTAssertEqual(p.predict(customer: 0, due: date("2024-06-01"), asOf: asOf)?.basis, .customer)
        XCTAssertEqual(p.predict(customer: 0, due: date("2024-06-01"), asOf: asOf)?.date, date("2024-06-01"))
        // For a document 5 days late: A1 (10) and A3 (20) count, 100 and 200 → median 20 days, but
        // A has only 2 such documents, so the ledger's (the same two) → 2024-05-26 + 20 = 2024-06-15.
        XCTAssertEqual(p.predict(customer: 0, due: date("2024-05-26"), asOf: asOf)?.date, date("2024-06-15"))
        XCTAssertEqual(p.predict(customer: 0, due: date("2024-05-26"), asOf: asOf)?.basis, .ledger)
    }

    func testWeeklyForecastWithPromise() throws {
        let l = sample()
        let asOf = date("2024-05-31")
        var cc = CreditControl(l, aging: Aging.report(l, asOf: asOf), annotations: Annotations())
        var f = try XCTUnwrap(cc.forecast())
        XCTAssertEqual(f.weeks.count, 13)
        XCTAssertEqual(f.weeks[0].start, date("2024-06-01"))
        XCTAssertEqual(f.weeks[0].end, date("2024-06-07"))
        XCTAssertEqual(f.weeks.map(\.expected).prefix(4), [0, 65_000, 0, 0])   // C1 on 06-09, B1 on 06-13
        XCTAssertEqual(f.unpredicted, 40_000)                                    // A4
        // A promises 150.00 by 2024-06-05: week 1 gets 150, A4's other 250 stays unpredicted.
        cc = CreditControl(l, aging: Aging.report(l, asOf: asOf),
                           annotations: Annotations([event(.flagSet, "A", flag: .promise, date: "2024-06-05", amount: "150.00")]))
        f = try XCTUnwrap(cc.forecast())
        XCTAssertEqual(f.weeks[0].expected, 15_000)
        XCTAssertEqual(f.weeks[0].promised, 15_000)
        XCTAssertEqual(f.unpredicted, 25_000)
    }

    func testBacktestComparesWithWhatWasPaid() throws {
        let l = sample()
        // As of 2024-03-01: A2 (due 03-02) and A3 (not dated until 03-01, due 03-31) are open;
        // history is A1 only (10 days late, so the median is 10). A2 is predicted 03-12 (week 2), A3 04-10 (week 6).
        // Actually paid: A2 on 03-02 (week 1), A3 on 04-20 (week 8).
        let run = try XCTUnwrap(ForecastBacktest.run(l, origin: date("2024-03-01"), weeks: 13))
        XCTAssertEqual(Array(run.actual.prefix(8)), [30_000, 0, 0, 0, 0, 0, 0, 20_000])
        XCTAssertEqual(Array(run.model.prefix(8)), [0, 30_000, 0, 0, 0, 20_000, 0, 0])
        XCTAssertEqual(Array(run.naive.prefix(8)), [30_000, 0, 0, 0, 20_000, 0, 0, 0])   // due dates 03-02, 03-31
        // |errors| model 30+30+20+20 = 100 of 50 → 200 %; naive 20+20 = 40 of 50 → 80 %.
        XCTAssertEqual(run.modelWAPE?.formatted(decimals: 1), "200.0")
        XCTAssertEqual(run.naiveWAPE?.formatted(decimals: 1), "80.0")
        XCTAssertEqual(BacktestRun.bias([10, 0], [5, 5])?.formatted(decimals: 1), "0.0")
    }

    func testWorklistOrderAndCompletion() {
        let l = sample()
        let asOf = date("2024-05-31")
        var cc = CreditControl(l, aging: Aging.report(l, asOf: asOf), annotations: Annotations())
        var w = cc.worklist(actedToday: [])
        // A: 400 × 30 days × risk 13; C: 50 × 11 × risk 5; B over its limit only.
        XCTAssertEqual(w.entries.map { l.customers[Int($0.customer)].id }, ["A", "C", "B"])
        XCTAssertEqual(w.entries[0].priority, 40_000 * 30 * 13)
        XCTAssertEqual(w.entries[0].reasons, ["1 document overdue"])
        XCTAssertEqual(w.entries[2].tier, .overLimit)
        XCTAssertEqual(w.entries[2].reasons, ["over credit limit 120 %"])
        // A follow-up due on C puts it first; a note on A today takes A off the list.
        let ann = Annotations([event(.followUp, "C", date: "2024-05-31"), event(.note, "A", at: "2024-05-31T08:00:00Z")])
        cc = CreditControl(l, aging: Aging.report(l, asOf: asOf), annotations: ann)
        let acted = ann.customersActed(on: asOf) { CivilDate(iso: String($0.prefix(10))) }
        XCTAssertEqual(acted, ["A"])   // the follow-up on C was set the day before
        w = cc.worklist(actedToday: acted)
        XCTAssertEqual(w.entries.map { l.customers[Int($0.customer)].id }, ["C", "B"])
        XCTAssertEqual(w.entries[0].tier, .followUpDue)
        XCTAssertEqual(w.doneToday, 1)
        // A broken promise comes before everything.
        cc = CreditControl(l, aging: Aging.report(l, asOf: asOf),
                           annotations: Annotations([event(.flagSet, "B", flag: .promise, date: "2024-05-20", amount: "600.00", at: "2024-05-10T09:00:00Z")]))
        w = cc.worklist(actedToday: [])
        XCTAssertEqual(w.entries.first.map { l.customers[Int($0.customer)].id }, "B")
        XCTAssertEqual(w.entries.first?.reasons.first, "broken promise 600.00 EUR by 2024-05-20")
        // An open promise (not yet due) snoozes A.
        cc = CreditControl(l, aging: Aging.report(l, asOf: asOf),
                           annotations: Annotations([event(.flagSet, "A", flag: .promise, date: "2024-06-10", amount: "400.00")]))
        w = cc.worklist(actedToday: [])
        XCTAssertEqual(w.entries.map { l.customers[Int($0.customer)].id }, ["C", "B"])
        XCTAssertEqual(w.snoozed, 1)
    }

    func testDunningLevelsPauseAndReminders() {
        let l = sample()
        XCTAssertEqual(Dunning.level(daysPastDue: 6, levels: [7, 21, 45]), 0)
        XCTAssertEqual(Dunning.level(daysPastDue: 7, levels: [7, 21, 45]), 1)   // inclusive
        XCTAssertEqual(Dunning.level(daysPastDue: 44, levels: [7, 21, 45]), 2)
        XCTAssertEqual(Dunning.level(daysPastDue: 400, levels: [7, 21, 45]), 3)
        let asOf = date("2024-05-31")
        func cases(_ events: [JournalEvent]) -> [DunningCase] {
            CreditControl(l, aging: Aging.report(l, asOf: asOf), annotations: Annotations(events)).dunning()
        }
        var c = cases([])
        // A4: 30 days → level 2; C1: 11 days → level 1; B1 not due.
        XCTAssertEqual(c.map(\.level), [2, 1])
        XCTAssertEqual(c.map(\.letterLevel), [1, 1])   // never reminded: a first letter, not a second
        XCTAssertEqual(c.map(\.due), [true, true])
        // An open promise pauses A; a broken one does not.
        c = cases([event(.flagSet, "A", flag: .promise, date: "2024-06-10", amount: "400.00")])
        XCTAssertEqual(c[0].paused, true)
        XCTAssertEqual(c[0].due, false)
        c = cases([event(.flagSet, "A", flag: .promise, date: "2024-05-20", amount: "400.00", at: "2024-05-10T09:00:00Z")])
        XCTAssertEqual(c[0].paused, false)
        XCTAssertEqual(c[0].due, true)
        // Level 2 sent on 05-25 (A4 reached it on 05-22): not due again; C's level 1 sent on
        // 05-26 (reached 05-27): due.
        c = cases([event(.reminder, "A", at: "2024-05-25T09:00:00Z", level: 2), event(.reminder, "C", at: "2024-05-26T09:00:00Z", level: 1)])
        XCTAssertEqual(c.map(\.due), [false, true])
        XCTAssertEqual(c[0].lastLevel, 2)
        // A level-1 letter on 05-20: level 2 (A4 reached it on 05-22) only from 05-20 + (21 − 7) = 06-03.
        c = cases([event(.reminder, "A", doc: "A4", at: "2024-05-20T09:00:00Z", level: 1)])
        XCTAssertEqual([c[0].level, c[0].letterLevel], [2, 1])
        XCTAssertEqual(c[0].due, false)
        c = CreditControl(l, aging: Aging.report(l, asOf: date("2024-06-03")),
                          annotations: Annotations([event(.reminder, "A", doc: "A4", at: "2024-05-20T09:00:00Z", level: 1)])).dunning()
        XCTAssertEqual([c[0].level, c[0].letterLevel], [2, 2])
        XCTAssertEqual(c[0].due, true)
        XCTAssertEqual(c[0].items.map(\.reminderLevel), [2])
    }

    /// Reminders recorded per document: a document posted late (already at a level) is due
    /// even when the customer was reminded after that level's date.
    func testDunningRemindersPerDocument() {
        var l = sample()
        // A5: posted on 05-28 but dated 04-10, due 05-10: level 1 (21 days) on 05-31.
        l = Ledger(name: "s", customers: l.customers, documents: l.documents + [
            Document(id: "A5", customer: 0, type: .invoice, date: date("2024-04-10"), dueDate: date("2024-05-10"), amount: eur(7_000))],
                   payments: l.payments)
        func cases(_ events: [JournalEvent]) -> [DunningCase] {
            CreditControl(l, aging: Aging.report(l, asOf: date("2024-05-31")), annotations: Annotations(events)).dunning()
        }
        // A4 reminded at level 2 on 05-25 (per document); A5 never: due.
        var c = cases([event(.reminder, "A", doc: "A4", at: "2024-05-25T09:00:00Z", level: 2)])
        XCTAssertEqual(c[0].due, true)
        // With both reminded at their levels: not due.
        c = cases([event(.reminder, "A", doc: "A4", at: "2024-05-25T09:00:00Z", level: 2),
                   event(.reminder, "A", doc: "A5", at: "2024-05-29T09:00:00Z", level: 2)])
        XCTAssertEqual(c[0].due, false)
        XCTAssertEqual(c[0].lastLevel, 2)
    }

    /// The card's expected dates follow promises as the forecast does: A's promise of 500.00 on
    /// 06-10 is taken in predicted-date order, so it covers A5 (300.00, due 06-15, predicted)
    /// in whole and 200.00 of A4 (400.00, 30 days late: later than A ever paid, not predicted).
    func testPromisesMoveTheExpectedDatesOfTheDocumentsTheyCover() {
        var l = sample()
        l = Ledger(name: "s", customers: l.customers, documents: l.documents + [
            Document(id: "A5", customer: 0, type: .invoice, date: date("2024-05-16"), dueDate: date("2024-06-15"), amount: eur(30_000))],
                   payments: l.payments)
        let a4 = l.document(id: "A4")!, a5 = l.document(id: "A5")!
        func credit(_ events: [JournalEvent]) -> CustomerCredit {
            CreditControl(l, aging: Aging.report(l, asOf: date("2024-05-31")), annotations: Annotations(events))
                .customerCredit(0, rates: .ecbBuiltIn, marginBasisPoints: 800)
        }
        // Without a promise: nothing in the ledger was paid 30 days late (10, 0, 20), so A4 is
        // not expected; A5 is predicted from its own history.
        let plain = credit([])
        XCTAssertEqual(plain.expectedText(a4), "—")
        XCTAssertEqual(plain.predicted[a5]?.basis, .customer)   // A has three payments on record
        let promised = credit([event(.flagSet, "A", flag: .promise, date: "2024-06-10", amount: "500.00")])
        XCTAssertEqual(promised.expectedText(a5), "2024-06-10 P")
        XCTAssertEqual(promised.expectedText(a4), "2024-06-10 p")
        // A promise on the document itself covers it whole.
        let onDoc = credit([event(.flagSet, "A", doc: "A5", flag: .promise, date: "2024-06-20")])
        XCTAssertEqual(onDoc.expectedText(a5), "2024-06-20 P")
        XCTAssertEqual(onDoc.expectedText(a4), "—")
    }

    /// Escalation counts from the first letter at a level: a letter for a newer document at
    /// the same level does not restart the clock (a trial saw 18 level-1 letters in a row).
    /// Levels 7, 21, 45; S0 due 01-01, S1 due 01-11, S2 due 01-21, 100.00 each.
    func testDunningEscalatesFromTheFirstLetterAtALevel() {
        let c = [Customer(id: "S", name: "Steady")]
        let docs = (0..<3).map { k in
            Document(id: "S\(k)", customer: 0, type: .invoice, date: date("2023-12-01").advanced(by: 10 * k),
                     dueDate: date("2024-01-01").advanced(by: 10 * k), amount: eur(10_000))
        }
        let l = Ledger(name: "s", customers: c, documents: docs, payments: [])
        func cases(_ asOf: String, _ events: [JournalEvent]) -> DunningCase {
            CreditControl(l, aging: Aging.report(l, asOf: date(asOf)), annotations: Annotations(events)).dunning()[0]
        }
        // Level-1 letters: S0 on 01-08; S0 and S1 on 01-18 (S1 reached level 1 that day).
        let sent = [event(.reminder, "S", doc: "S0", date: "2024-01-08", level: 1),
                    event(.reminder, "S", doc: "S0", date: "2024-01-18", level: 1), event(.reminder, "S", doc: "S1", date: "2024-01-18", level: 1)]
        // 01-21: S0 is 20 days late (level 1 reached only), S2 not yet at level 1: nothing new.
        XCTAssertEqual(cases("2024-01-21", sent).due, false)
        // 01-22: S0 reaches level 2, and 01-08 + (21 − 7) = 01-22: the level-2 letter is due
        // (counted from 01-18, the last letter, it would wait until 02-01).
        let d = cases("2024-01-22", sent)
        XCTAssertEqual([d.level, d.letterLevel], [2, 2])
        XCTAssertEqual(d.due, true)
        XCTAssertEqual(d.items.map(\.reminderLevel), [2, 1])   // S1 (11 days late) stays at level 1
        // A reminder recorded for a later day (a run with a later --as-of) does not count.
        let future = [event(.reminder, "S", doc: "S0", date: "2024-12-31", level: 3)]
        let f = cases("2024-01-08", future)
        XCTAssertEqual([f.letterLevel, f.lastLevel ?? 0], [1, 0])
        XCTAssertEqual(f.due, true)
    }

    /// Credits that cover the overdue amount leave nothing to claim: no letter.
    func testDunningSkipsCustomersWhoseCreditsCoverTheOverdue() {
        let c = [Customer(id: "D", name: "Delta")]
        let docs = [Document(id: "N1", customer: 0, type: .invoice, date: date("2024-03-01"), dueDate: date("2024-04-01"), amount: eur(10_000))]
        func dunning(_ unapplied: Int64) -> DunningCase {
            let l = Ledger(name: "s", customers: c, documents: docs,
                           payments: [Payment(id: "U", customer: 0, date: date("2024-04-21"), amount: eur(unapplied))])
            return CreditControl(l, aging: Aging.report(l, asOf: date("2024-05-31")), annotations: Annotations()).dunning()[0]
        }
        let covered = dunning(15_000)   // 100.00 overdue, 150.00 unapplied: 50.00 in credit
        XCTAssertEqual(covered.credits, [Currency(code: "EUR")!: 15_000])
        XCTAssertEqual([covered.inCredit, covered.due], [true, false])
        let partly = dunning(6_000)    // 40.00 left to claim
        XCTAssertEqual([partly.inCredit, partly.due], [false, true])
    }

    /// The card's habit is weighted in the report's currency, as the risk factors are (a
    /// trial): USD at 0.5 EUR until 02-01, then 1.0. D1 1,000 USD (weight 500) paid after 40
    /// days, 10 late; D2 1,000 USD (weight 1,000) after 30, on time:
    /// (500 × 40 + 1,000 × 30) / 1,500 = 33.3 days to pay; 500 × 10 / 1,500 = 3.3 days late.
    func testCardHabitIsWeightedInTheReportCurrency() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\n"
                + "D1,C1,2024-01-10,2024-02-09,USD,1000.00\nD2,C1,2024-02-10,2024-03-11,USD,1000.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\n"
                + "P1,C1,2024-02-19,USD,1000.00,D1\nP2,C1,2024-03-11,USD,1000.00,D2\n",
            "fx.csv": "date,currency,rate\n2024-01-01,USD,0.5\n2024-02-01,USD,1.0\n"]).load(config: "reporting_currency = \"EUR\"\n")
        let p = CustomerProfiles.profile(l, customer: 0, aging: Aging.report(l, asOf: date("2024-03-31")))
        XCTAssertEqual(p.averageDaysToPay?.formatted(decimals: 1), "33.3")
        XCTAssertEqual(p.averageDaysLate?.formatted(decimals: 1), "3.3")
    }

    /// With rates, a credit in one currency covers a debt in another: USD 1,000.00 overdue
    /// at 0.9 = EUR 900.00, against an EUR 2,000.00 credit note: EUR 1,100.00 in credit.
    func testDunningNetsCreditsAcrossCurrenciesWhenTheAgingConverts() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,type,document_date,due_date,currency,amount\n"
                + "K1,K,invoice,2023-12-11,2024-01-10,USD,1000.00\nCN,K,credit_note,2024-01-20,,EUR,-2000.00\n",
            "fx.csv": "date,currency,rate\n2023-01-01,USD,0.9\n"]).load(config: "reporting_currency = \"EUR\"\n")
        let c = CreditControl(l, aging: Aging.report(l, asOf: date("2024-02-24")), annotations: Annotations()).dunning()[0]
        XCTAssertEqual([c.inCredit, c.due], [true, false])
    }

    func testDunningTemplatePlaceholders() throws {
        let t = try DunningTemplate(text: "Dear {customer_name},\n{{not a field}} total {total_overdue} {currency}\n", file: "level-1.txt")
        XCTAssertEqual(try t.render(["customer_name": "Alpha", "total_overdue": "400.00", "currency": "EUR"]),
                       "Dear Alpha,\n{not a field} total 400.00 EUR\n")
        XCTAssertThrowsError(try DunningTemplate(text: "a\nb {customer_nme}\n", file: "level-2.txt")) { e in
            XCTAssertEqual((e as? DunningTemplate.Problem)?.line, 2)
            XCTAssertTrue("\(e)".hasPrefix("level-2.txt:2: unknown placeholder {customer_nme}"))
        }
        XCTAssertThrowsError(try DunningTemplate(text: "x {level\n", file: "t")) { e in XCTAssertEqual((e as? DunningTemplate.Problem)?.line, 1) }
        XCTAssertNoThrow(try DunningTemplate(text: DunningTemplate.builtIn(level: 2, of: 3), file: "built-in"))
    }

    func testStatutoryInterest() throws {
        // The worked check: €12,000 due 2024-09-15 paid 2024-10-15, France (ECB 4.25 % on
        // 1 July 2024 + 10 points = 14.25 %): 30 days → €140.55, plus €40.
        let cust = [Customer(id: "X", name: "X")]
        let doc = [Document(id: "F1", customer: 0, type: .invoice, date: date("2024-08-16"), dueDate: date("2024-09-15"), amount: eur(1_200_000))]
        let l = Ledger(name: "x", customers: cust, documents: doc,
                       payments: [Payment(id: "P", customer: 0, date: date("2024-10-15"), amount: eur(1_200_000), document: 0)])
        let r = try XCTUnwrap(StatutoryInterest.document(l, 0, asOf: date("2024-12-31"), rates: .ecbBuiltIn, marginBasisPoints: LatePaymentLaw.fr.marginBasisPoints))
        XCTAssertEqual(r.daysLate, 30)
        XCTAssertEqual(r.rateBasisPoints, 1425)
        XCTAssertEqual(r.interest, 14_055)
        XCTAssertEqual(r.compensationEUR, 4_000)
        XCTAssertFalse(r.stillOpen)
        // EU minimum: 4.25 + 8 = 12.25 % → 12,000 × 12.25 % × 30 / 365 = 120.82.
        XCTAssertEqual(StatutoryInterest.document(l, 0, asOf: date("2024-12-31"), rates: .ecbBuiltIn, marginBasisPoints: 800)?.interest, 12_082)

        let s = sample()
        // A4: 400.00 open, 30 days to 2024-05-31 at 4.50 + 10 = 14.50 %: 40,000 × 1450 × 30 / 3,650,000 = 476.7 → 4.77.
        XCTAssertEqual(StatutoryInterest.document(s, 3, asOf: date("2024-05-31"), rates: .ecbBuiltIn, marginBasisPoints: 1000)?.interest, 477)
        // A3: 200.00 paid 20 days late: 20,000 × 1450 × 20 / 3,650,000 = 158.9 → 1.59; A2 paid on the due date: none.
        XCTAssertEqual(StatutoryInterest.document(s, 2, asOf: date("2024-05-31"), rates: .ecbBuiltIn, marginBasisPoints: 1000)?.interest, 159)
        XCTAssertNil(StatutoryInterest.document(s, 1, asOf: date("2024-05-31"), rates: .ecbBuiltIn, marginBasisPoints: 1000))
        // Across a half-year: 1,000.00 due 2024-06-20, open at 2024-07-10: 10 days at 14.50 %
        // and 10 at 14.25 %: (1,450 + 1,425) × 100,000 × 10 / 3,650,000 = 787.67 → 7.88.
        let h = Ledger(name: "h", customers: cust, documents: [Document(id: "H", customer: 0, type: .invoice, date: date("2024-05-21"), dueDate: date("2024-06-20"), amount: eur(100_000))], payments: [])
        XCTAssertEqual(StatutoryInterest.document(h, 0, asOf: date("2024-07-10"), rates: .ecbBuiltIn, marginBasisPoints: 1000)?.interest, 788)
        XCTAssertEqual(ReferenceRates.ecbBuiltIn.halfYearRate(on: date("2025-03-01")), 315)   // in force on 2025-01-01
        XCTAssertEqual(ReferenceRates.ecbBuiltIn.halfYearRate(on: date("2024-12-31")), 425)
        // A user's table; bad lines are named, good ones kept.
        let (rates, problems) = ReferenceRates.parse("date,rate\n2024-01-01,4.50\n2024-07-01,4.2x\n2024-13-01,1\n", file: "rates.csv")
        XCTAssertEqual(rates.entries.count, 1)
        XCTAssertEqual(problems.map(\.line), [3, 4])
        XCTAssertEqual(problems.map(\.field), ["rate", "date"])
        XCTAssertTrue(problems[0].description.contains("rates.csv:3"), problems[0].description)
    }

    func testRatesFileAddsToTheBuiltInTable() throws {
        // Windows line ends.
        XCTAssertEqual(ReferenceRates.parse("date,rate\r\n2026-02-04,1.90\r\n2026-03-01,1.80\r\n", file: "r").0.entries.count, 2)
        // A file of one line, no header: the README's own example.
        let (file, problems) = ReferenceRates.parse("2025-06-11,2.15\n", file: "rates.csv")
        XCTAssertTrue(problems.isEmpty)
        XCTAssertEqual(file.entries.count, 1)
        let merged = ReferenceRates.ecbBuiltIn.merging(ReferenceRates.parse("2026-02-04,1.90\n2024-07-01,4.00\n", file: "r").0)
        XCTAssertEqual(merged.halfYearRate(on: date("2024-03-01")), 450)    // built-in, untouched
        XCTAssertEqual(merged.halfYearRate(on: date("2024-09-01")), 400)    // the file's 1 July 2024 wins
        XCTAssertEqual(merged.halfYearRate(on: date("2026-09-01")), 190)    // the file extends the table
        XCTAssertEqual(merged.entries.count, ReferenceRates.ecbBuiltIn.entries.count + 2)
    }

    /// A limit in another currency than the converted report is set against the converted
    /// balance (a trial found a USD limit compared with the USD items only).
    func testLimitInAnotherCurrencyUsesTheConvertedBalance() {
        let eur = Currency(code: "EUR")!, usd = Currency(code: "USD")!
        var fx = FxTable(); fx.add(usd, date("2024-01-01"), ExchangeRate(mantissa: 9, scale: 1))   // 1 USD = 0.9 EUR
        var config = LedgerConfig(); config.reportingCurrency = eur
        let l = Ledger(name: "m", customers: [Customer(id: "M", name: "M", creditLimit: Money(minorUnits: 100_000, currency: usd))],
                       documents: [Document(id: "E", customer: 0, type: .invoice, date: date("2024-03-01"), dueDate: date("2024-03-31"), amount: Money(minorUnits: 200_000, currency: eur)),
                                   Document(id: "U", customer: 0, type: .invoice, date: date("2024-03-01"), dueDate: date("2024-03-31"), amount: Money(minorUnits: 50_000, currency: usd))],
                       payments: [], fx: fx, config: config)
        let s = CustomerStandings.all(l, aging: Aging.report(l, asOf: date("2024-04-10")), annotations: Annotations(), nearLimitPercent: 80)
        // 2,000.00 EUR + 500.00 USD × 0.9 = 2,450.00 EUR against 1,000 USD × 0.9 = 900.00 EUR: 272.2 %.
        XCTAssertEqual(s[0].utilisation?.formatted(decimals: 1), "272.2")
        XCTAssertEqual(s[0].limitState, .over)
    }

    func testTermsCompliance() {
        XCTAssertFalse(TermsCompliance.exceeds(PaymentTerms("60")!))
        XCTAssertTrue(TermsCompliance.exceeds(PaymentTerms("61")!))
        XCTAssertFalse(TermsCompliance.exceeds(PaymentTerms("45EOM")!))
        XCTAssertFalse(TermsCompliance.exceeds(PaymentTerms("EOM45")!))
        XCTAssertTrue(TermsCompliance.exceeds(PaymentTerms("EOM60")!))
        // 2024-03-15: latest lawful due date max(05-14, 04-30, 05-15) = 05-15; B1 is due 06-13 (90 days).
        XCTAssertEqual(TermsCompliance.latestLawfulDueDate(date("2024-03-15")), date("2024-05-15"))
        XCTAssertEqual(TermsCompliance.customersExceeding(sample()), [1: 90])
    }

    func testKPISeriesWorkedExample() throws {
        // Oct 167, Nov 158, Dec 205; 125 of October's paid on 2023-11-20: AR 405 at 31 Dec.
        let cust = [Customer(id: "K", name: "K")]
        let docs = [Document(id: "O", customer: 0, type: .invoice, date: date("2023-10-15"), dueDate: date("2023-11-14"), amount: eur(16_700)),
                    Document(id: "N", customer: 0, type: .invoice, date: date("2023-11-15"), dueDate: date("2023-12-15"), amount: eur(15_800)),
                    Document(id: "D", customer: 0, type: .invoice, date: date("2023-12-15"), dueDate: date("2024-01-14"), amount: eur(20_500))]
        let l = Ledger(name: "k", customers: cust, documents: docs,
                       payments: [Payment(id: "P", customer: 0, date: date("2023-11-20"), amount: eur(12_500), document: 0)])
        let s = try XCTUnwrap(KPISeries.monthly(l, asOf: date("2023-12-31"), months: 3))
        XCTAssertEqual(s.map(\.receivables), [16_700, 20_000, 40_500])
        XCTAssertEqual(s.map(\.current), [16_700, 15_800, 20_500])
        let dec = s[2]
        XCTAssertEqual(dec.dso?.formatted(decimals: 2), "68.80")
        XCTAssertEqual(dec.bpdso?.formatted(decimals: 2), "31.00")     // 205 current against December's 205
        XCTAssertEqual(dec.add?.formatted(decimals: 2), "37.80")
        XCTAssertEqual(dec.ceiMonth?.formatted(decimals: 2), "0.00")  // (200 + 205 − 405) / (200 + 205 − 205)
        XCTAssertEqual(s[1].ceiMonth?.formatted(decimals: 2), "74.85") // (167 + 158 − 200) / (167 + 158 − 158)
        // Quarter Oct–Dec on its sales: (0 + 530 − 405) / (0 + 530 − 205) = 125/325 = 38.46 %
        // (on sales / 3 the denominator 0 + 176.67 − 205 is negative: undefined).
        XCTAssertEqual(dec.ceiQuarter?.formatted(decimals: 2), "38.46")
        XCTAssertNil(CreditKPIs.collectionEffectiveness(beginning: 0, sales: 53_000, months: 3, endingTotal: 40_500, endingCurrent: 20_500, variant: .monthlyAverage))
        let period = try XCTUnwrap(KPISeries.monthly(l, asOf: date("2023-12-31"), months: 1, method: .period))
        XCTAssertEqual(period[0].dso?.formatted(decimals: 2), "61.24")  // 405 / 205 × 31
        XCTAssertEqual(period[0].bpdso?.formatted(decimals: 2), "31.00")
    }

    func testCEIVariantsOnTheCreditguruSample() {
        // Jan–Mar: beginning 6,200, sales 10,890, ending total 6,340, ending current 3,590.
        XCTAssertEqual(CreditKPIs.collectionEffectiveness(beginning: 620_000, sales: 1_089_000, months: 3, endingTotal: 634_000,
                                                          endingCurrent: 359_000, variant: .periodSales)?.formatted(decimals: 2), "79.63")
        XCTAssertEqual(CreditKPIs.collectionEffectiveness(beginning: 620_000, sales: 1_089_000, months: 3, endingTotal: 634_000,
                                                          endingCurrent: 359_000, variant: .monthlyAverage)?.formatted(decimals: 2), "55.93")
    }
}

/// The new `ardash.toml` sections.
final class CreditControlConfigTests: XCTestCase {
    func testSectionsParse() throws {
        let c = try ConfigParser.parse("""
        [aging]
        edges = [30, 60, 90]
        [credit]
        near_limit_percent = 90
        [dunning]
        levels = [10, 30]
        templates = "letters"
        [interest]
        law = "fr"
        rates = "ecb.csv"
        [provision]
        rates = [0.5, 2.2, "2.7", 4.5, 10]
        """)
        XCTAssertEqual(c.nearLimitPercent, 90)
        XCTAssertEqual(c.dunning.levels, [10, 30])
        XCTAssertEqual(c.dunning.templates, "letters")
        XCTAssertEqual(c.interest.law, .fr)
        XCTAssertEqual(c.interest.margin, 1000)
        XCTAssertEqual(c.interest.rates, "ecb.csv")
        XCTAssertEqual(c.provisionRates, [50, 220, 270, 450, 1000])
    }

    func testErrorsNameTheLine() {
        func message(_ text: String) -> String {
            do { _ = try ConfigParser.parse(text); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message("[provision]\nrates = [1, 2]\n"),
                       "ardash.toml:2: provision.rates has 2 rates but the aging has 6 buckets (Current, one up to each of the [aging] edges, and one beyond the last)")
        XCTAssertTrue(message("[dunning]\nlevels = [30, 10]\n").hasPrefix("ardash.toml:2: dunning.levels"))
        XCTAssertTrue(message("[interest]\nlaw = \"us\"\n").hasPrefix("ardash.toml:2: interest.law"))
        XCTAssertTrue(message("[provision]\nrates = [0.555, 1, 1, 1, 1, 1]\n").hasPrefix("ardash.toml:2: provision.rates"))
        XCTAssertTrue(message("[credit]\nnear = 3\n").hasPrefix("ardash.toml:2: unknown key credit.near"))
        XCTAssertEqual(message("[interest]\nmargin = -5\n"), "ardash.toml:2: interest.margin: -5.00 points is out of range (0 to 50; the EU minimum is 8)")
        XCTAssertEqual(message("[provision]\nrates = [150, 1, 1, 1, 1, 1]\n"), "ardash.toml:2: provision.rates: every loss rate must be from 0 to 100 percent")
    }
}

/// A one-currency KPI series counts only that currency's paid documents (a trial found the
/// days to pay of every currency mixed in, yen weighted like cents).
final class KPICurrencyTests: XCTestCase {
    func testOneCurrencySeriesHabitCountsThatCurrencyOnly() throws {
        let eur = Currency(code: "EUR")!, jpy = Currency(code: "JPY")!
        let customers = [Customer(id: "K", name: "K")]
        // EUR invoice paid 10 days after its date; JPY invoice paid 40 days after.
        let docs = [Document(id: "E", customer: 0, type: .invoice, date: date("2024-01-01"), dueDate: date("2024-01-31"), amount: Money(minorUnits: 10_000, currency: eur)),
                    Document(id: "J", customer: 0, type: .invoice, date: date("2024-01-01"), dueDate: date("2024-01-31"), amount: Money(minorUnits: 1_000_000, currency: jpy))]
        let pays = [Payment(id: "P1", customer: 0, date: date("2024-01-11"), amount: Money(minorUnits: 10_000, currency: eur), document: 0),
                    Payment(id: "P2", customer: 0, date: date("2024-01-11").advanced(by: 30), amount: Money(minorUnits: 1_000_000, currency: jpy), document: 1)]
        let l = Ledger(name: "k", customers: customers, documents: docs, payments: pays)
        let e = try XCTUnwrap(KPISeries.monthly(l, asOf: date("2024-02-29"), months: 2, currency: eur))
        XCTAssertEqual(e.map(\.habit.count), [1, 0])
        XCTAssertEqual(e[0].habit.averageDaysToPay?.formatted(decimals: 1), "10.0")
        let j = try XCTUnwrap(KPISeries.monthly(l, asOf: date("2024-02-29"), months: 2, currency: jpy))
        XCTAssertEqual(j.map(\.habit.count), [0, 1])
        XCTAssertEqual(j[1].habit.averageDaysToPay?.formatted(decimals: 1), "40.0")
    }

    /// A customer whose unapplied cash covers its overdue invoice is listed last in its
    /// tier, with the task said (allocate), not among the calls to make: V owes 100.00 for
    /// 30 days and has 100.00 unapplied, and 500.00 not yet due (so its balance is 500.00:
    /// "covered" is the dunning run's in credit, overdue net of credits); W owes 10.00 for
    /// 5 days.
    func testWorklistPutsCoveredAccountsLast() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nV1,V,2024-04-01,2024-05-01,EUR,100.00\nW1,W,2024-04-01,2024-05-26,EUR,10.00\nV2,V,2024-05-20,2024-06-19,EUR,500.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nPV,V,2024-05-10,EUR,100.00,\n"]).load()
        let cc = CreditControl(l, aging: Aging.report(l, asOf: date("2024-05-31")), annotations: Annotations())
        let w = cc.worklist(actedToday: [])
        XCTAssertEqual(w.entries.map { l.customers[Int($0.customer)].id }, ["W", "V"])
        XCTAssertEqual(w.entries.last?.reasons, ["1 document overdue", "its credits cover it: allocate them"])
        XCTAssertEqual(cc.dunning().first { l.customers[Int($0.customer)].id == "V" }?.inCredit, true)
    }
}
