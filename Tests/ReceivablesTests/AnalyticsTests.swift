import XCTest
@testable import Receivables

final class AnalyticsTests: XCTestCase {
    /// Worked check (issue 5, after the Credit Research Foundation's examples): AR 405 at
    /// 31 Dec, sales Dec 205, Nov 158, Oct 167.
    func testDSOWorkedExample() {
        let cb = DSO.countback(receivables: 40500, months: [(20500, 31), (15800, 30), (16700, 31)])
        XCTAssertEqual(cb?.formatted(decimals: 2), "68.80")   // 31 + 30 + 31 × 42/167
        XCTAssertEqual(cb, DayCount(61 * 167 + 31 * 42, over: 167))
        let period = DSO.period(receivables: 40500, sales: 20500 + 15800 + 16700, days: 92)
        XCTAssertEqual(period?.formatted(decimals: 2), "70.30")
        XCTAssertNil(DSO.period(receivables: 100, sales: 0, days: 30))
        XCTAssertNil(DSO.period(receivables: 100, sales: -5, days: 30))
        XCTAssertEqual(DSO.countback(receivables: -10, months: [])?.formatted(decimals: 1), "0.0")
        XCTAssertNil(DSO.countback(receivables: 500, months: [(100, 31)]))   // AR beyond all recorded sales
        XCTAssertEqual(DSO.countback(receivables: 100, months: [(0, 30), (-50, 31), (200, 31)])?.formatted(decimals: 1), "76.5")
    }

    /// The IBM Watson AR sample through the checked-in example config, against totals
    /// computed independently by scripts/verify_ibm_aging.py (plain Python, decimal).
    func testIBMWatsonSampleAgingMatchesIndependentCheck() throws {
        let l = try LedgerLoader.load(folder: Fixture.ibmFolder, configFile: Fixture.ibmConfig)
        XCTAssertTrue(l.problems.isEmpty, "\(l.problems.prefix(3))")
        XCTAssertEqual(l.documents.count, 2466)
        XCTAssertEqual(l.customers.count, 100)
        XCTAssertEqual(l.payments.count, 2466)   // one settlement per SettledDate
        let june = Aging.report(l, asOf: date("2013-06-30"))
        try june.verify()
        XCTAssertEqual(june.reportingCurrency?.code, "USD")
        XCTAssertEqual(june.totalText, "5119.85")
        XCTAssertEqual(june.bucketTexts, ["4284.29", "835.56", "0.00", "0.00", "0.00", "0.00"])
        XCTAssertEqual(june.items.count, 84)
        let september = Aging.report(l, asOf: date("2013-09-30"))
        try september.verify()
        XCTAssertEqual(september.totalText, "5029.22")
        XCTAssertEqual(september.bucketTexts, ["4563.74", "465.48", "0.00", "0.00", "0.00", "0.00"])
        XCTAssertEqual(september.items.count, 88)
        // First invoice of the file: 611365, 55.94, dated 1/2/2013, due 2/1/2013, settled 1/15/2013.
        let d = l.documents[Int(l.document(id: "611365")!)]
        XCTAssertEqual(d.date.description, "2013-01-02")
        XCTAssertEqual(d.dueDate.description, "2013-02-01")
        XCTAssertEqual(d.amount.description, "USD 55.94")
        XCTAssertEqual(l.open("611365", asOf: "2013-01-14"), "55.94")
        XCTAssertEqual(l.open("611365", asOf: "2013-01-15"), "0.00")
        // Disputed flag read from "Yes"/"No".
        XCTAssertTrue(l.documents[Int(l.document(id: "7900770")!)].disputed)
    }

    func testDemoLedgerIsDeterministicAndReconciles() throws {
        let a = NSTemporaryDirectory() + "ardash-demo-a-\(UUID().uuidString)"
        let b = NSTemporaryDirectory() + "ardash-demo-b-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let end = date("2026-06-30")
        let sa = try DemoLedger(customers: 60, documents: 2000, seed: 9, end: end).write(to: a)
        _ = try DemoLedger(customers: 60, documents: 2000, seed: 9, end: end).write(to: b)
        for f in ["customers.csv", "invoices.csv", "payments.csv", "fx.csv"] {
            XCTAssertEqual(FileManager.default.contents(atPath: a + "/" + f), FileManager.default.contents(atPath: b + "/" + f), f)
        }
        XCTAssertEqual(sa.documents, 2000)
        let l = try LedgerLoader.load(folder: a)
        XCTAssertTrue(l.problems(.error).isEmpty, "\(l.problems.prefix(3))")
        XCTAssertEqual(l.documents.count, 2000)
        XCTAssertEqual(Set(l.currencies.map(\.code)), ["EUR", "USD", "GBP", "JPY"])
        XCTAssertTrue(l.documents.contains { $0.type == .creditNote && $0.appliesTo >= 0 })
        XCTAssertTrue(l.documents.contains { $0.type == .creditNote && $0.appliesTo < 0 })
        XCTAssertTrue(l.payments.contains { $0.document < 0 })
        XCTAssertTrue(l.documents.contains { $0.disputed })
        XCTAssertTrue(l.customers.contains { $0.name.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
        // Every month-end of the history reconciles, in EUR.
        var d = end.startOfMonth.addingMonths(-23).endOfMonth
        while d <= end {
            let r = Aging.report(l, asOf: d)
            XCTAssertEqual(r.reportingCurrency?.code, "EUR")
            XCTAssertNoThrow(try r.verify(), "\(d)")
            d = d.addingMonths(1).endOfMonth
        }
        let series = DSO.series(l, asOf: end, months: 24)!
        XCTAssertEqual(series.count, 24)
        XCTAssertTrue(series.suffix(12).allSatisfy { $0.dso != nil })
    }

    func testCustomerProfile() throws {
        let l = try TempLedger([
            "customers.csv": "customer_id,name,credit_limit,currency\nC1,Alpha,1000.00,EUR\n",
            "invoices.csv": "document_id,customer_id,document_date,due_date,amount\nD1,C1,2024-01-01,2024-01-31,100.00\nD2,C1,2024-02-01,2024-03-02,300.00\nD3,C1,2024-03-01,2024-03-31,400.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,amount,document_id\nP1,C1,2024-01-21,100.00,D1\nP2,C1,2024-03-12,300.00,D2\n"]).load()
        let r = Aging.report(l, asOf: date("2024-04-10"))
        let p = CustomerProfiles.profile(l, customer: 0, aging: r)
        XCTAssertEqual(p.reportingBalance, 40000)
        XCTAssertEqual(p.reportingOverdue, 40000)
        XCTAssertEqual(p.oldestDaysPastDue, 10)
        XCTAssertEqual(p.utilisation?.formatted(decimals: 1), "40.0")
        // Days to pay: D1 20 days, D2 40 days; weighted by 100 and 300 → 35.0.
        XCTAssertEqual(p.averageDaysToPay?.formatted(decimals: 1), "35.0")
        // Days late: D1 0, D2 10 → (0×100 + 10×300)/400 = 7.5.
        XCTAssertEqual(p.averageDaysLate?.formatted(decimals: 1), "7.5")
        XCTAssertEqual(p.payments.map { l.payments[Int($0)].id }, ["P2", "P1"])
    }

    /// A credit limit with no currency anywhere (no column, no reporting currency) is read
    /// in the customer's one currency, on the card as in the standings, and that is said
    /// once only when the documents are in several currencies (a trial saw one warning per
    /// customer on a ledger all in EUR).
    func testCreditLimitWithoutCurrency() throws {
        let customers = "customer_id,name,credit_limit\nC1,Alpha,1000.00\nC2,Beta,500.00\n"
        let one = try TempLedger([
            "customers.csv": customers,
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,2024-01-01,2024-01-31,EUR,400.00\nD2,C2,2024-01-01,2024-01-31,EUR,600.00\n"]).load()
        XCTAssertEqual(one.problems.filter { $0.field == "credit_limit" }.map(\.description), [])
        let r = Aging.report(one, asOf: date("2024-02-10"))
        // 400.00 / 1,000.00 = 40.0 %; 600.00 / 500.00 = 120.0 %, over.
        XCTAssertEqual(CustomerProfiles.profile(one, customer: 0, aging: r).utilisation?.formatted(decimals: 1), "40.0")
        XCTAssertEqual(CustomerProfiles.profile(one, customer: 1, aging: r).utilisation?.formatted(decimals: 1), "120.0")
        let standings = CustomerStandings.all(one, aging: r, annotations: Annotations(), nearLimitPercent: 80)
        XCTAssertEqual(standings.map { $0.utilisation?.formatted(decimals: 1) }, ["40.0", "120.0"])
        XCTAssertEqual(standings.map(\.limitState), [.within, .over])

        let two = try TempLedger([
            "customers.csv": customers,
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,2024-01-01,2024-01-31,EUR,400.00\nD2,C2,2024-01-01,2024-01-31,USD,600.00\n"]).load()
        let said = two.problems.filter { $0.field == "credit_limit" }
        XCTAssertEqual(said.count, 1)
        XCTAssertEqual(said.first?.line, 2)
        XCTAssertTrue(said.first?.reason.hasPrefix("2 credit limits have no currency") == true, said.first?.reason ?? "")
    }

    /// The predictor's distribution (counting sort by days, packed sort for wide spans)
    /// answers as the plain definition does: sort (days, weight), then the weighted median
    /// of the entries beyond a lateness. Random histories with many equal days, both paths.
    func testPredictorDistributionMatchesTheDefinition() {
        var rng = SystemRandomNumberGenerator()
        func reference(_ pairs: [(Int, Int64)], beyond after: Int) -> (count: Int, days: Int)? {
            let kept = pairs.map { ($0.0, min(max($0.1, 0), (1 << 40) - 1)) }.filter { $0.0 > after }.sorted { $0 < $1 }
            let total = kept.reduce(Int64(0)) { $0 + $1.1 }
            guard total > 0 else { return nil }
            var run: Int64 = 0
            for (d, w) in kept { run += w; if 2 * run >= total { return (kept.count, d) } }
            return nil
        }
        for trial in 0..<40 {
            let n = trial % 2 == 0 ? 500 : 40
            let span = trial % 4 == 1 ? 200_000 : 120
            let pairs: [(Int, Int64)] = (0..<n).map { _ in (Int.random(in: -30...span, using: &rng), Int64.random(in: -5...9_000, using: &rng)) }
            let d = PaymentPredictor.Distribution(pairs)
            XCTAssertEqual(d.days, pairs.map(\.0).sorted())
            for after in [-31, -1, 0, 7, 30, 60, 119, span] {
                let got = d.beyond(after), want = reference(pairs, beyond: after)
                XCTAssertEqual(got?.count, want?.count, "trial \(trial) after \(after)")
                XCTAssertEqual(got?.days, want?.days, "trial \(trial) after \(after)")
            }
        }
    }

    /// An over-paid document is a credit aged from the day its settlements made it one;
    /// later receipts add to it without making it younger (README, Definitions; the
    /// DuckDB and polars versions of scripts/compare_engines.py agree on this ledger). F1 100.00; CN1
    /// 150.00 applied 2024-02-01 leaves −50.00 from then; P1 100.00 on 2024-06-20 makes it
    /// −150.00, still dated 2024-02-01: 150 days on 2024-06-30, bucket 120+ (it read 10
    /// days, 1-30, dated by P1).
    func testOverPaymentIsAgedFromTheSettlementThatMadeItACredit() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,type,document_date,due_date,currency,amount,applies_to\nF1,C1,invoice,2024-01-10,2024-02-09,EUR,100.00,\nCN1,C1,credit_note,2024-02-01,,EUR,150.00,F1\nF2,C1,invoice,2024-01-10,2024-02-09,EUR,100.00,\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,C1,2024-06-20,EUR,100.00,F1\nP2,C1,2024-03-01,EUR,130.00,F2\nP3,C1,2024-03-05,EUR,-40.00,F2\nP4,C1,2024-04-01,EUR,50.00,F2\n"]).load()
        let may = Aging.report(l, asOf: date("2024-05-31")), june = Aging.report(l, asOf: date("2024-06-30"))
        let a = may.item(l, document: "F1")!, b = june.item(l, document: "F1")!
        XCTAssertEqual(a.open.minorUnits, -5000)
        XCTAssertEqual(a.days, 120)
        XCTAssertEqual(may.labels[a.bucket], "91-120")
        XCTAssertEqual(b.open.minorUnits, -15000)
        XCTAssertEqual(b.date.description, "2024-02-01")
        XCTAssertEqual(b.days, 150)
        XCTAssertEqual(june.labels[b.bucket], "120+")
        // F2 went into credit on 03-01 (−30.00), back to owing on 03-05 (refund: +10.00),
        // and into credit again on 04-01 (−40.00): aged from 04-01, 90 days, 61-90.
        let c = june.item(l, document: "F2")!
        XCTAssertEqual(c.open.minorUnits, -4000)
        XCTAssertEqual(c.date.description, "2024-04-01")
        XCTAssertEqual(june.labels[c.bucket], "61-90")
        XCTAssertNoThrow(try june.verify())
    }
}

/// The overdue list's order: most days past due first, then the largest amount, then
/// the document id; placed by day first (a counting sort) when the list is long.
final class OverdueOrderTests: XCTestCase {
    /// 120 invoices due on one of four days, of one of three amounts: many ties on both,
    /// decided by id. As of 2026-03-31: due 03-01 is 30 days past due, 03-11 20, 03-21
    /// 10, 03-31 none (not overdue).
    func testTiesOnDaysAndAmountGoByDocumentId() throws {
        var csv = "document_id,customer_id,document_date,due_date,currency,amount\n"
        let dues = ["2026-03-01", "2026-03-11", "2026-03-21", "2026-03-31"]
        let amounts = ["100.00", "250.00", "100.00", "75.50", "250.00"]
        for i in 0..<120 {
            csv += String(format: "D%03d", (i * 37) % 120) + ",C\(i % 7),2026-01-01,\(dues[i % 4]),EUR,\(amounts[i % 5])\n"
        }
        let l = try TempLedger(["invoices.csv": csv]).load()
        let aging = Aging.report(l, asOf: date("2026-03-31"))
        let list = Overdue.list(l, aging: aging)
        XCTAssertEqual(list.count, 90)   // 30 rows on each of three past due dates
        // The same order as one sort by (days desc, amount desc, id asc).
        let reference = list.sorted {
            ($0.daysPastDue, $0.reportingMinor) != ($1.daysPastDue, $1.reportingMinor)
                ? ($0.daysPastDue, $0.reportingMinor) > ($1.daysPastDue, $1.reportingMinor)
                : l.documents[Int($0.document)].id < l.documents[Int($1.document)].id
        }
        XCTAssertEqual(list, reference)
        // Rows with i % 4 == 0 are due 03-01; of those, i % 5 ∈ {1, 4} carry 250.00: i = 4,
        // 24, 44, 64, 84, 104 and 16, 36, 56, 76, 96, 116, whose ids (i·37 mod 120) are 28,
        // 48, 68, 88, 108, 8 and 112, 12, 32, 52, 72, 92: in order D008 (i = 104), D012
        // (i = 36), D028 (i = 4).
        XCTAssertEqual(list.prefix(3).map { l.documents[Int($0.document)].id }, ["D008", "D012", "D028"])
        XCTAssertEqual(list.prefix(12).map(\.daysPastDue), Array(repeating: 30, count: 12))
        XCTAssertEqual(list.prefix(12).map(\.open.minorUnits), Array(repeating: 25_000, count: 12))
        XCTAssertEqual(list.last.map { $0.daysPastDue }, 10)
    }
}
