import XCTest
@testable import Receivables

/// One test per case in ../shared/cases (copied into Fixtures/cases), asserting the
/// values worked out by hand in each EXPECTED.md.
final class CasesTests: XCTestCase {
    func load(_ name: String, config: String? = nil) throws -> Ledger {
        if let config {
            return LedgerLoader.load(folder: Fixture.caseFolder(name), config: try ConfigParser.parse(config))
        }
        return try LedgerLoader.load(folder: Fixture.caseFolder(name))
    }

    /// BR-01: a document exactly on an edge is in the bucket that edge closes.
    func testBR01BucketEdges() throws {
        let l = try load("BR-01")
        let r = Aging.report(l, asOf: date("2024-03-31"))
        try r.verify()
        XCTAssertEqual(r.labels, ["Current", "1-30", "31-60", "61-90", "91-120", "120+"])
        XCTAssertEqual(r.bucketTexts, ["100.00", "100.00", "200.00", "200.00", "200.00", "100.00"])
        XCTAssertEqual(r.totalText, "900.00")
        let expected = ["D0": (0, 0), "D30": (30, 1), "D31": (31, 2), "D60": (60, 2), "D61": (61, 3), "D90": (90, 3),
                        "D91": (91, 4), "D120": (120, 4), "D121": (121, 5)]
        for (doc, (dpd, bucket)) in expected {
            let it = r.item(l, document: doc)!
            XCTAssertEqual(it.days, dpd, doc)
            XCTAssertEqual(it.bucket, bucket, doc)
        }
        // The 5-bucket scheme (…, 61-90, 90+).
        let five = Aging.report(l, asOf: date("2024-03-31"), scheme: AgingBuckets(edges: [30, 60, 90]))
        XCTAssertEqual(five.labels, ["Current", "1-30", "31-60", "61-90", "90+"])
        XCTAssertEqual(five.bucketTexts, ["100.00", "100.00", "200.00", "200.00", "300.00"])
    }

    /// BR-02: partial payments age the open amount, by the due date.
    func testBR02PartialPayments() throws {
        let l = try load("BR-02")
        let r = Aging.report(l, asOf: date("2017-04-04"))
        try r.verify()
        XCTAssertEqual(r.bucketTexts, ["0.00", "0.00", "5500.00", "0.00", "0.00", "0.00"])
        XCTAssertEqual(r.item(l, document: "D1")?.days, 35)
        XCTAssertEqual(Overdue.list(l, aging: r).map(\.open.decimalString), ["5500.00"])
        // Before D1 exists, P1 is unapplied cash aged by its own date.
        let early = Aging.report(l, asOf: date("2016-11-20"))
        try early.verify()
        XCTAssertEqual(early.items.count, 1)
        XCTAssertEqual(early.items[0].kind, .unappliedPayment)
        XCTAssertEqual(early.items[0].open.decimalString, "-1500.00")
        XCTAssertEqual(early.items[0].days, 11)
        XCTAssertEqual(early.bucketTexts[1], "-1500.00")
        // 2016-12-31: P3 has not arrived; D1 is Current at −59 days.
        let mid = Aging.report(l, asOf: date("2016-12-31"))
        XCTAssertEqual(mid.totalText, "7500.00")
        XCTAssertEqual(mid.item(l, document: "D1")?.days, -59)
        XCTAssertEqual(mid.item(l, document: "D1")?.bucket, 0)
    }

    /// BR-04: credit notes lower the balance whatever sign the export used.
    func testBR04CreditNotesAndCreditBalances() throws {
        let l = try load("BR-04")
        XCTAssertEqual(l.documents.map(\.amount.decimalString), ["500.00", "-120.00", "-50.00"])
        XCTAssertEqual(l.documents.map(\.type), [.invoice, .creditNote, .creditNote])
        let r = Aging.report(l, asOf: date("2024-06-30"))
        try r.verify()
        XCTAssertEqual(r.totalText, "330.00")
        let lines = Dictionary(uniqueKeysWithValues: r.sections[0].customers.map { (l.customers[Int($0.customer)].id, $0.total) })
        XCTAssertEqual(lines["C1"], 38000)
        XCTAssertEqual(lines["C2"], -5000)   // listed, not hidden
        XCTAssertEqual(r.item(l, document: "D2")?.days, 15)
        XCTAssertEqual(r.item(l, document: "D2")?.bucket, 1)
        XCTAssertEqual(r.item(l, document: "D3")?.days, 10)
        XCTAssertEqual(r.item(l, document: "D1")?.bucket, 0)
        XCTAssertEqual(r.bucketTexts, ["500.00", "-170.00", "0.00", "0.00", "0.00", "0.00"])
    }

    /// BR-06: payments after the as-of date have not arrived.
    func testBR06AsOfIgnoresLaterPayments() throws {
        let l = try load("BR-06")
        XCTAssertEqual(l.open("D1", asOf: "2020-05-31"), "1000.00")
        XCTAssertEqual(Aging.report(l, asOf: date("2020-05-31")).item(l, document: "D1")?.bucket, 2)
        XCTAssertEqual(l.open("D1", asOf: "2020-06-29"), "1000.00")
        XCTAssertEqual(Aging.report(l, asOf: date("2020-06-29")).item(l, document: "D1")?.days, 60)
        XCTAssertEqual(l.open("D1", asOf: "2020-06-15"), "1000.00")   // post-dated cheque
        let paid = Aging.report(l, asOf: date("2020-06-30"))
        XCTAssertTrue(paid.items.isEmpty)
        XCTAssertTrue(Overdue.list(l, aging: paid).isEmpty)
    }

    /// BR-08: conversion to the reporting currency at the latest rate ≤ as-of.
    func testBR08MultiCurrency() throws {
        let l = try load("BR-08")
        XCTAssertEqual(l.reportingCurrency?.code, "USD")   // the one fx.csv has no rate for
        let r = Aging.report(l, asOf: date("2026-01-01"))
        try r.verify()
        XCTAssertEqual(r.reportingCurrency?.code, "USD")
        XCTAssertEqual(r.bucketTexts, ["85.00", "220.00", "0.00", "0.00", "0.00", "0.00"])
        XCTAssertEqual(r.totalText, "305.00")
        let lines = Dictionary(uniqueKeysWithValues: r.sections[0].customers.map { (l.customers[Int($0.customer)].id, $0.buckets) })
        XCTAssertEqual(lines["C1"], [8500, 15000, 0, 0, 0, 0])
        XCTAssertEqual(lines["C2"], [0, 7000, 0, 0, 0, 0])
        // The document currency is never lost.
        XCTAssertEqual(r.item(l, document: "D1")?.open.description, "EUR 100.00")
        XCTAssertEqual(r.item(l, document: "D1")?.reportingMinor, 15000)
        // Explicit config gives the same.
        let c = try load("BR-08", config: "reporting_currency = \"USD\"\n")
        XCTAssertEqual(Aging.report(c, asOf: date("2026-01-01")).totalText, "305.00")
        // Before the first rate there is no conversion: split by currency, never face values summed.
        let t = TempLedger(["customers.csv": try String(contentsOfFile: Fixture.caseFolder("BR-08") + "/customers.csv", encoding: .utf8),
                            "invoices.csv": try String(contentsOfFile: Fixture.caseFolder("BR-08") + "/invoices.csv", encoding: .utf8),
                            "fx.csv": "date,currency,rate\n2025-12-15,EUR,1.5\n"])
        let late = try t.load()
        let before = Aging.report(late, asOf: date("2025-12-10"))
        try before.verify()
        XCTAssertNil(before.reportingCurrency)
        XCTAssertEqual(before.sections.map(\.currency.code), ["EUR", "USD"])
        XCTAssertEqual(before.sections.map(\.total), [10000, 7000])
        XCTAssertTrue(before.notConvertedReason?.contains("EUR") ?? false)
    }

    /// BR-10: EOM+1M lands on the last day of the target month.
    func testBR10EndOfMonthTerms() throws {
        let l = try load("BR-10")
        XCTAssertEqual(l.documents.map(\.dueDate.description), ["2025-03-31", "2020-07-31", "2024-02-29"])
        XCTAssertEqual(l.documents.map(\.dueDateSource), [.terms, .terms, .terms])
        let r = Aging.report(l, asOf: date("2025-03-30"))
        XCTAssertEqual(r.item(l, document: "D1")?.days, -1)
        XCTAssertEqual(r.item(l, document: "D1")?.bucket, 0)
        XCTAssertEqual(r.item(l, document: "D2")?.days, 1703)
        XCTAssertEqual(r.item(l, document: "D3")?.days, 395)
        XCTAssertEqual(r.item(l, document: "D3")?.bucket, 5)
    }

    /// BR-13: civil dates as written; the as-of date is a calendar day.
    func testBR13CivilDates() throws {
        let l = try load("BR-13")
        XCTAssertEqual(l.documents.map(\.dueDate.description), ["2025-11-20", "2025-11-19"])
        let r = Aging.report(l, asOf: date("2025-11-20"))
        XCTAssertEqual(r.item(l, document: "D1")?.bucket, 0)
        XCTAssertEqual(r.item(l, document: "D2")?.days, 1)
        let kiritimati = Aging.report(l, asOf: date("2025-11-21"))
        XCTAssertEqual(kiritimati.item(l, document: "D1")?.days, 1)
        XCTAssertEqual(kiritimati.item(l, document: "D2")?.days, 2)
    }

    /// BR-16: DSO with no sales is defined, never NaN or infinite.
    func testBR16DSOWithoutSales() throws {
        let l = try load("BR-16")
        XCTAssertTrue(l.problems.isEmpty)   // header-only payments.csv is valid
        let cb = DSO.series(l, asOf: date("2024-04-30"), months: 3)!
        XCTAssertEqual(cb.map(\.date.description), ["2024-02-29", "2024-03-31", "2024-04-30"])
        XCTAssertEqual(cb.map(\.receivables), [0, 100000, 100000])
        XCTAssertEqual(cb.map { $0.dso?.formatted(decimals: 1) }, ["0.0", "31.0", "61.0"])
        let period = DSO.series(l, asOf: date("2024-04-30"), months: 3, method: .period)!
        XCTAssertEqual(period.map { $0.dso?.formatted(decimals: 1) }, [nil, "31.0", nil])
    }

    /// BR-17: a UTF-8 BOM before a quoted header.
    func testBR17BOMBeforeQuotedHeader() throws {
        let l = try load("BR-17")
        XCTAssertTrue(l.problems.isEmpty, "\(l.problems)")
        XCTAssertEqual(l.customers.map(\.id), ["C1"])
        XCTAssertEqual(l.documents.map(\.id), ["D1", "D2"])
        let r = Aging.report(l, asOf: date("2024-02-29"))
        XCTAssertEqual(r.items.map(\.days), [20, 19])
        XCTAssertEqual(r.totalText, "300.00")
    }

    /// BR-19: a ';' file with commas inside values; decimal comma detected.
    func testBR19SemicolonFileWithCommas() throws {
        let l = try load("BR-19")
        XCTAssertEqual(l.customers.first?.name, "Exemple, Fils & Cie")
        XCTAssertEqual(l.documents.map(\.amount.decimalString), ["1234.56", "99.90"])
        XCTAssertEqual(Aging.report(l, asOf: date("2024-03-01")).totalText, "1334.46")
        XCTAssertTrue(l.problems(.notice).contains { $0.reason.contains("','") })
    }

    /// BR-21: French thousands separators of every width.
    func testBR21FrenchThousandsSeparators() throws {
        let config = "[format]\ndecimal_separator = \",\"\nthousands_separator = \" \"\n"
        for l in [try load("BR-21"), try load("BR-21", config: config)] {
            XCTAssertEqual(l.documents.map(\.amount.decimalString), ["1234.56", "1234.56", "1234.56", "1234.56", "12345678.90"])
            XCTAssertEqual(Aging.report(l, asOf: date("2024-03-01")).totalText, "12350617.14")
            XCTAssertTrue(l.problems(.error).isEmpty)
        }
    }

    /// BR-23: dd/mm settled by the values; an ambiguous file asks for the config.
    func testBR23DayMonthOrder() throws {
        let l = try load("BR-23")
        XCTAssertEqual(l.documents.map(\.date.description), ["2015-05-12", "2015-05-18", "2015-06-01"])
        XCTAssertEqual(l.documents.map(\.dueDate.description), ["2015-06-11", "2015-06-17", "2015-07-01"])
        XCTAssertTrue(l.problems(.notice).contains { $0.reason.contains("dd/MM/yyyy") && $0.reason.contains("18/05/2015") })
        let r = Aging.report(l, asOf: date("2015-06-30"))
        XCTAssertEqual(r.items.map(\.days), [19, 13, -1])
        XCTAssertEqual(r.totalText, "300.00")

        let amb = try load("BR-23/ambiguous")
        XCTAssertTrue(amb.documents.isEmpty)
        let err = amb.problems(.error)
        XCTAssertEqual(err.count, 1)
        XCTAssertEqual(err.first?.file, "invoices.csv")
        XCTAssertEqual(err.first?.field, "document_date")
        XCTAssertTrue(err.first!.reason.contains("date_format"))
        let fixed = try load("BR-23/ambiguous", config: "[format]\ndate_format = \"dd/MM/yyyy\"\n")
        XCTAssertEqual(fixed.documents.map(\.date.description), ["2015-04-03", "2015-06-05"])
        XCTAssertEqual(fixed.documents.map(\.dueDate.description), ["2015-05-03", "2015-07-05"])
    }

    /// BR-25: quoted newlines and doubled quotes.
    func testBR25QuotedNewlines() throws {
        let l = try load("BR-25", config: "[format]\ndelimiter = \";\"\ndecimal_separator = \",\"\n")
        XCTAssertTrue(l.problems.isEmpty, "\(l.problems)")
        XCTAssertEqual(l.customers.map(\.name), ["Exemple SARL\nService comptabilité", "Beta \"Trading\" Ltd"])
        XCTAssertEqual(l.customers.map(\.email), ["compta@example.invalid", "ar@example.invalid"])
        let r = Aging.report(l, asOf: date("2024-03-01"))
        XCTAssertEqual(r.sections[0].customers.map(\.total), [10000, 20000])
    }

    /// BR-27: CRLF, LF and no final newline in one file.
    func testBR27MixedLineEnds() throws {
        let l = try load("BR-27")
        XCTAssertEqual(l.documents.count, 3)
        XCTAssertEqual(l.currencies.map(\.code), ["EUR"])
        XCTAssertEqual(Aging.report(l, asOf: date("2024-03-01")).totalText, "600.00")
    }

    /// BR-29: identical rows count once; conflicting ids are rejected; identical payments
    /// with different ids both count; a split receipt settles two documents.
    func testBR29Duplicates() throws {
        let l = try load("BR-29")
        let warnings = l.problems(.warning), errors = l.problems(.error)
        XCTAssertEqual(warnings.map(\.line), [3])
        XCTAssertTrue(warnings[0].reason.contains("duplicate row"))
        XCTAssertEqual(errors.map(\.line), [5])
        XCTAssertTrue(errors[0].reason.contains("4, 5"))
        XCTAssertNil(l.document(id: "D2"))
        XCTAssertEqual(l.rejectedRows, 2)
        let r = Aging.report(l, asOf: date("2024-01-31"))
        try r.verify()
        XCTAssertEqual(l.open("D1", asOf: "2024-01-31"), "100.00")
        XCTAssertEqual(r.item(l, document: "D1")?.days, 29)
        XCTAssertEqual(l.open("D3", asOf: "2024-01-31"), "0.00")
        XCTAssertEqual(l.open("D4", asOf: "2024-01-31"), "0.00")
        XCTAssertEqual(l.open("D5", asOf: "2024-01-31"), "0.00")
        XCTAssertEqual(r.totalText, "100.00")
    }

    /// BR-38: control characters load as data (kept exactly); screens sanitise them.
    func testBR38ControlCharactersLoadExactly() throws {
        let l = try load("BR-38")
        XCTAssertEqual(l.documents.count, 6)
        XCTAssertEqual(l.customers[0].name, "Evil\u{1B}]0;pwned\u{07} SA")
        XCTAssertEqual(l.documents[0].reference, "PO\u{1B}[31mRED")
        XCTAssertEqual(Aging.report(l, asOf: date("2024-03-01")).totalText, "600.00")
    }

    /// BR-40 and BR-31/34/36 inputs load (their terminal behaviour is tested with the dashboard).
    func testTerminalCaseLedgersLoad() throws {
        XCTAssertEqual(Aging.report(try load("BR-40"), asOf: date("2024-03-01")).totalText, "183000.00")
        XCTAssertEqual(Aging.report(try load("BR-31"), asOf: date("2024-03-01")).totalText, "100.00")
        XCTAssertEqual(Aging.report(try load("BR-34"), asOf: date("2024-03-01")).totalText, "300.00")
        XCTAssertEqual(Aging.report(try load("BR-36"), asOf: date("2024-03-01")).totalText, "100.00")
    }
}
