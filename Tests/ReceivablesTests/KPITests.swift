import XCTest
@testable import Receivables

/// The worked checks of issue 5 that are pure arithmetic.
final class KPITests: XCTestCase {
    func testLatePaymentInterestWorkedCheck() {
        // €12,000 due 2024-09-15, paid 2024-10-15 (30 days) at 14.25 %: €140.55, plus €40.
        let days = date("2024-09-15").days(until: date("2024-10-15"))
        XCTAssertEqual(days, 30)
        XCTAssertEqual(LatePaymentInterest.interest(amountMinor: 1_200_000, rateBasisPoints: 1425, daysLate: days), 14055)
        XCTAssertEqual(LatePaymentInterest.recoveryCompensationEUR, 4000)
        XCTAssertEqual(LatePaymentInterest.interest(amountMinor: 1_200_000, rateBasisPoints: 1425, daysLate: 0), 0)
    }

    func testProvisionMatrixWorkedCheck() {
        // 15,000 / 7,500 / 4,000 / 2,500 / 1,000 at 0.5 / 2.2 / 2.7 / 4.5 / 10 %: 560.50.
        let r = ProvisionMatrix.allowance(buckets: [1_500_000, 750_000, 400_000, 250_000, 100_000], rateBasisPoints: [50, 220, 270, 450, 1000])
        XCTAssertEqual(r.perBucket, [7500, 16500, 10800, 11250, 10000])
        XCTAssertEqual(r.total, 56050)
        XCTAssertEqual(ProvisionMatrix.allowance(buckets: [-500], rateBasisPoints: [1000]).total, 0)
    }

    func testBPDSOAndAverageDaysDelinquent() {
        // AR 405 at 31 Dec of which 150 current, sales Oct–Dec 530 over 92 days:
        // DSO (period) 70.30, BPDSO 150/530 × 92 = 26.04, ADD = 44.26.
        let dso = DSO.period(receivables: 40500, sales: 53000, days: 92)
        let bp = CreditKPIs.bestPossibleDSO(currentReceivables: 15000, sales: 53000, days: 92)
        XCTAssertEqual(bp?.formatted(decimals: 2), "26.04")
        XCTAssertEqual(CreditKPIs.averageDaysDelinquent(dso: dso, bpdso: bp)?.formatted(decimals: 2), "44.26")
        XCTAssertNil(CreditKPIs.averageDaysDelinquent(dso: nil, bpdso: bp))
    }

    func testCollectionEffectivenessIndex() {
        // Beginning 1,000 + sales 500 − ending 900, over 1,000 + 500 − current 600: 66.67 %.
        XCTAssertEqual(CreditKPIs.collectionEffectiveness(beginning: 100_000, sales: 50_000, endingTotal: 90_000, endingCurrent: 60_000)?.formatted(decimals: 2), "66.67")
        XCTAssertNil(CreditKPIs.collectionEffectiveness(beginning: 0, sales: 0, endingTotal: 0, endingCurrent: 0))
    }

    /// A month-end before a currency's first rate: that month is n/a (naming the
    /// currency), the later month with the rate is computed. Worked: EUR 1,000.00 of
    /// 2026-05-01 and CHF 100.00 of 2026-05-10, CHF at 1.05 EUR from 2026-06-01. June:
    /// AR 1,000.00 + 105.00 = 1,105.00; countback: June sales 0 (30 days), May sales
    /// 1,105.00 cover the rest: 30 + 31 × 1,105 / 1,105 = 61.0 days.
    func testAMonthEndWithoutARateIsNotApplicableAndTheNextIsComputed() throws {
        let t = TempLedger([
            "ardash.toml": "reporting_currency = \"EUR\"\n",
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nE1,C1,2026-05-01,2026-05-31,EUR,1000.00\nH1,C1,2026-05-10,2026-06-09,CHF,100.00\n",
            "fx.csv": "date,currency,rate\n2026-06-01,CHF,1.05\n"])
        let series = try XCTUnwrap(KPISeries.monthly(try t.load(), asOf: date("2026-06-30"), months: 2))
        XCTAssertEqual(series.map(\.missingRates), [[Currency(code: "CHF")!], []])
        XCTAssertEqual(series[0].receivables, 0)
        XCTAssertNil(series[0].dso)
        XCTAssertEqual(series[1].receivables, 110_500)
        XCTAssertEqual(series[1].dso?.formatted(decimals: 1), "61.0")
    }
    /// The KPI's current receivables are the aging's Current bucket: an invoice paid more
    /// than in full before it is due is a credit aged by its own date, not negative current
    /// AR (a trial saw the KPI screen's Current 2,450.23 below the aging panel's).
    /// I1 100.00 due 07-31, paid 150.00 on 06-20; I2 200.00 due 07-15, unpaid. As of 06-30:
    /// Current = 200.00 (I2), the −50.00 in 1-30 (10 days since 06-20); total 150.00.
    func testKPICurrentIsTheAgingsCurrentBucket() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nI1,C1,2026-06-01,2026-07-31,EUR,100.00\n"
                + "I2,C1,2026-06-15,2026-07-15,EUR,200.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,C1,2026-06-20,EUR,150.00,I1\n"]).load()
        let aging = Aging.report(l, asOf: date("2026-06-30"))
        XCTAssertEqual(aging.bucketTexts, ["200.00", "-50.00", "0.00", "0.00", "0.00", "0.00"])
        let last = try XCTUnwrap(KPISeries.monthly(l, asOf: date("2026-06-30"), months: 1)?.last)
        XCTAssertEqual(last.current, 20_000)
        XCTAssertEqual(last.receivables, 15_000)
    }
    /// The dashboard gathers the KPI sums in its ledger scan (`MonthlyFrame`); the series
    /// must equal the one `KPISeries.monthly` makes in a pass of its own, on a demo ledger
    /// in three currencies (converted into EUR at fx.csv's rates), at several dates, with
    /// both DSO methods, and per currency.
    func testSeriesFromTheScanEqualsTheSeriesFromItsOwnPass() throws {
        let dir = NSTemporaryDirectory() + "ardash-kpiscan-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DemoLedger(customers: 40, documents: 3000, seed: 5, end: date("2026-06-30")).write(to: dir)
        let ledger = try LedgerLoader.load(folder: dir)
        XCTAssertGreaterThan(Set(ledger.documents.map(\.amount.currency)).count, 1)
        for asOf in ["2025-03-31", "2026-01-15", "2026-06-30"].map(date) {
            for method in [DSOMethod.countback, .period] {
                let frame = MonthlyFrame(ledger, asOf: asOf, months: 24, currency: nil)
                let scan = LedgerScan(ledger, asOf: asOf, openItems: true, history: true, weightCurrency: ledger.reportingCurrency, monthly: frame)
                let own = try XCTUnwrap(KPISeries.monthly(ledger, asOf: asOf, months: 24, method: method))
                XCTAssertEqual(KPISeries.monthly(ledger, asOf: asOf, months: 24, method: method, sums: scan.monthly), own, "\(asOf) \(method)")
                XCTAssertTrue(own.contains { $0.receivables != 0 })
            }
            // A frame for another currency or length is not taken for this one.
            let usd = Currency(code: "USD")!
            let scan = LedgerScan(ledger, asOf: asOf, openItems: true, monthly: MonthlyFrame(ledger, asOf: asOf, months: 24, currency: nil))
            XCTAssertEqual(KPISeries.monthly(ledger, asOf: asOf, months: 24, currency: usd, sums: scan.monthly),
                           KPISeries.monthly(ledger, asOf: asOf, months: 24, currency: usd))
            XCTAssertEqual(KPISeries.monthly(ledger, asOf: asOf, months: 12, sums: scan.monthly), KPISeries.monthly(ledger, asOf: asOf, months: 12))
        }
    }
}
