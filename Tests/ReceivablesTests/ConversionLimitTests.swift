import XCTest
@testable import Receivables

/// Conversions and converted sums that pass 64 bits are refused, never clamped or
/// crashed on (trial 17: 10^12 JPY at a rate of 100,000 printed 92,233,720,368,547,758.07
/// EUR, and ten invoices of 10,000,000,000.00 USD at 999,999 crashed `report aging`).
final class ConversionLimitTests: XCTestCase {
    /// Ten invoices of 10,000,000,000.00 USD (10^12 cents each) to C1, reported in EUR at
    /// the rates of `fx` (fx.csv's rows after its header).
    private func tenLargeUSDInvoices(dated: String, due: String, fx: String) throws -> Ledger {
        let rows = (1...10).map { "U\($0),C1,\(dated),\(due),USD,10000000000.00" }.joined(separator: "\n")
        return try TempLedger([
            "ardash.toml": "reporting_currency = \"EUR\"\n",
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\n" + rows + "\n",
            "fx.csv": "date,currency,rate\n" + fx]).load()
    }

    /// 10^12 yen × 100,000 × 10^2 (yen has no minor digits, euro two) = 10^19 cents,
    /// past Int64.max = 9,223,372,036,854,775,807: nil. 92,233,720,368 yen gives
    /// 922,337,203,680,000,000 cents, which fits, exactly.
    func testAConversionPast64BitsIsNilNotClamped() {
        let r = ExchangeRate(mantissa: 100_000, scale: 0)
        XCTAssertNil(r.convert(1_000_000_000_000, fromDigits: 0, toDigits: 2))
        XCTAssertNil(r.convert(-1_000_000_000_000, fromDigits: 0, toDigits: 2))
        XCTAssertEqual(r.convert(92_233_720_368, fromDigits: 0, toDigits: 2), 922_337_203_680_000_000)
        // Half-to-even still applies: 0.125 (3 digits) at 1.0 into 2 digits is 0.12.
        XCTAssertEqual(ExchangeRate(mantissa: 10, scale: 1).convert(125, fromDigits: 3, toDigits: 2), 12)
    }

    /// One JPY invoice that converts past the one-row limit (10^12 cents of EUR): the
    /// aging stays split by currency and names the document; nothing is clamped.
    func testAnItemPastTheRowLimitOnceConvertedSplitsTheAgingByCurrency() throws {
        let t = TempLedger([
            "ardash.toml": "reporting_currency = \"EUR\"\n",
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nE1,C1,2026-05-01,2026-05-31,EUR,100.00\nJ1,C1,2026-05-01,2026-05-31,JPY,1000000000000\n",
            "fx.csv": "date,currency,rate\n2026-01-01,JPY,100000\n"])
        let ledger = try t.load()
        let report = Aging.report(ledger, asOf: date("2026-06-30"))
        XCTAssertNil(report.reportingCurrency)
        XCTAssertEqual(report.sections.map(\.currency.code), ["EUR", "JPY"])
        XCTAssertEqual(report.sections.map(\.total), [10_000, 1_000_000_000_000])
        XCTAssertEqual(report.notConvertedReason,
                       "document J1 (JPY 1000000000000) at the rate 100000 converts to more than EUR 10000000000.00, the largest amount one row may carry")
    }

    /// Ten invoices of 10,000,000,000.00 USD (10^12 cents each) at 999,999 EUR: each
    /// converts past the row limit, so the aging is in USD: 10^13 cents, no overflow.
    func testTenLargeInvoicesAtAHugeRateAgeInTheirOwnCurrency() throws {
        let ledger = try tenLargeUSDInvoices(dated: "2026-05-01", due: "2026-05-31", fx: "2026-01-01,USD,999999\n")
        let report = Aging.report(ledger, asOf: date("2026-06-30"))
        XCTAssertNil(report.reportingCurrency)
        XCTAssertEqual(report.sections.map(\.total), [10_000_000_000_000])
        XCTAssertEqual(report.sections[0].buckets[1], 10_000_000_000_000)   // 30 days past due: 1-30
        let usd = try XCTUnwrap(DSO.series(ledger, asOf: date("2026-06-30"), months: 1, currency: Currency(code: "USD")!))
        XCTAssertEqual(usd[0].receivables, 10_000_000_000_000)
    }

    /// Items that fit at the as-of rate (USD at 1 EUR from 2026-06-01) but whose month-end
    /// sums do not at the earlier rate (999,999 until then): ten invoices of 10^12 cents
    /// dated 2026-04-15. April and May: 10^13 × 999,999 ≈ 10^19 cents, past 64 bits, so
    /// those months are "too large", not a wrong figure. June: AR 10^13 cents; countback
    /// June (no sales, 30 days) + May (none, 31) + April's sales 10^13 cover the rest
    /// (30 days × 10^13 / 10^13): 91.0 days.
    func testMonthEndSumsPast64BitsAreNotApplicable() throws {
        let ledger = try tenLargeUSDInvoices(dated: "2026-04-15", due: "2026-05-15", fx: "2026-01-01,USD,999999\n2026-06-01,USD,1\n")
        XCTAssertEqual(Aging.report(ledger, asOf: date("2026-06-30")).reportingCurrency?.code, "EUR")
        let eur = Currency(code: "EUR")!
        let dso = try XCTUnwrap(DSO.series(ledger, asOf: date("2026-06-30"), months: 3))
        XCTAssertEqual(dso.map(\.tooLarge), [true, true, false])
        XCTAssertEqual(dso.map(\.isConverted), [false, false, true])
        XCTAssertEqual(dso.map(\.receivables), [0, 0, 10_000_000_000_000])
        XCTAssertEqual(dso[2].dso?.formatted(decimals: 1), "91.0")
        XCTAssertEqual(dso[0].notConvertedReason(into: eur),
                       "2026-04: the sums converted into EUR at the rates of 2026-04-30 pass 2^63 minor units: the month cannot be converted")
        let kpi = try XCTUnwrap(KPISeries.monthly(ledger, asOf: date("2026-06-30"), months: 3))
        XCTAssertEqual(kpi.map(\.tooLarge), [true, true, false])
        XCTAssertEqual(kpi.map(\.receivables), [0, 0, 10_000_000_000_000])
        XCTAssertEqual(kpi[2].dso?.formatted(decimals: 1), "91.0")
    }
    /// Rates are read with 12 decimals (a trial's VND rate 0.000039123456 lost its last two
    /// and 10^12 VND came out 39,123,500.00 EUR): 10^12 × 0.000039123456 = 39,123,456.00 EUR.
    /// A 13th decimal is rounded half-to-even, with a warning on the row:
    /// 0.0000391234567 → 0.000039123457, so 39,123,457.00 EUR.
    func testRatesKeepTwelveDecimalsAndSayWhenRounded() throws {
        let files = ["ardash.toml": "reporting_currency = \"EUR\"\n",
                     "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nF1,C1,2026-01-10,2026-02-10,VND,1000000000000\n"]
        var exact = files; exact["fx.csv"] = "date,currency,rate\n2025-01-01,VND,0.000039123456\n"
        let a = try TempLedger(exact).load()
        XCTAssertEqual(Aging.report(a, asOf: date("2026-06-30")).sections.map(\.total), [3_912_345_600])
        XCTAssertTrue(a.problems.filter { $0.file == "fx.csv" }.isEmpty)
        var long = files; long["fx.csv"] = "date,currency,rate\n2025-01-01,VND,0.0000391234567\n"
        let b = try TempLedger(long).load()
        XCTAssertEqual(Aging.report(b, asOf: date("2026-06-30")).sections.map(\.total), [3_912_345_700])
        XCTAssertEqual(b.problems.filter { $0.file == "fx.csv" }.map { "\($0.line ?? 0) \($0.field ?? ""): \($0.reason)" },
                       ["2 rate: \"0.0000391234567\" has more than 12 decimals: rounded half-to-even to 0.000039123457"])
    }
}
