import Foundation
import XCTest
@testable import Receivables

/// Faults found by trying to break the loader: each test pins the whole kind.
final class RobustnessTests: XCTestCase {
    let header = "document_id,customer_id,document_date,due_date,currency,amount\n"

    /// A documents file of zeros (an export cut short while written, or a file the loader
    /// found truncated under it) has no header: one error naming its length, and the
    /// customers still load. (Its 35 MB "header" was matched letter by letter for minutes.)
    func testAFirstLineOfMegabytesIsNotAHeader() throws {
        let t = TempLedger(["customers.csv": "customer_id,name\nC1,One\n"])
        t.write("invoices.csv", Data(count: 200_000))
        let ledger = try t.load()
        XCTAssertEqual(ledger.customers.count, 1)
        XCTAssertEqual(ledger.problems.map { "\($0.file):\($0.line ?? 0): \($0.reason)" },
                       ["invoices.csv:1: the first line is 200000 bytes long: not a header row (at most 65536 bytes); the file was not loaded"])
    }

    func testHugeAmountsAreRejectedNotOverflowed() throws {
        let l = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-01,2024-01-31,EUR,50000000000000000.00\nI2,C1,2024-01-01,2024-01-31,EUR,10000000000.00\nI3,C2,2024-01-01,2024-01-31,EUR,10000000000.01\n"]).load()
        XCTAssertEqual(l.documents.map(\.id), ["I2"])
        XCTAssertEqual(l.problems(.error).map(\.line), [2, 4])
        XCTAssertTrue(l.problems(.error)[0].reason.contains("too large"))
        let r = Aging.report(l, asOf: date("2024-03-01"))
        XCTAssertNoThrow(try r.verify())
        XCTAssertEqual(r.totalText, "10000000000.00")
        // Rates above the money limit still load (a JPY reporting currency).
        let fx = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-01,2024-01-31,USD,10.00\n",
                                 "fx.csv": "date,currency,rate\n2024-01-01,USD,151.25\n"]).load(config: "reporting_currency = \"JPY\"\n")
        XCTAssertEqual(Aging.report(fx, asOf: date("2024-03-01")).totalText, "1512")
    }

    /// One stray quote costs one line, never the rest of the file.
    func testUnbalancedQuoteRejectsOneLineOnly() throws {
        let l = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-01,2024-01-31,EUR,1.00\nI2,C1,2024-01-01,2024-01-31,EUR,\"2.00\nI3,C1,2024-01-01,2024-01-31,EUR,3.00\nI4,C1,2024-01-01,2024-01-31,EUR,4.00\n"]).load()
        XCTAssertEqual(l.documents.map(\.id), ["I1", "I3", "I4"])
        XCTAssertEqual(l.problems(.error).map(\.line), [3])
        XCTAssertEqual(l.rejectedRows, 1)
        // A quote that closes several lines later.
        let m = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-01,2024-01-31,EUR,\"1.00\nI2,C1,2024-01-01,2024-01-31,EUR,2.00\nI3,C1,2024-01-01,2024-01-31,EUR,3.00\"\nI4,C1,2024-01-01,2024-01-31,EUR,4.00\n"]).load()
        XCTAssertEqual(m.documents.map(\.id), ["I2", "I4"])
        XCTAssertEqual(m.problems(.error).map(\.line), [2, 4])
    }

    /// A short last row is a short row, whether or not the file ends with a line end (it
    /// was taken for an unbalanced quote when it did).
    func testShortLastRowIsReportedAsSuch() throws {
        for end in ["\n", "\r\n", ""] {
            let l = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-01,2024-01-31,EUR,1.00\nI2,C1,2024-01-01,2024-01-31,EUR" + end]).load()
            XCTAssertEqual(l.documents.map(\.id), ["I1"])
            XCTAssertEqual(l.problems(.error).map(\.description), ["invoices.csv:3: row has 5 fields, the header has 6; row rejected"], end.debugDescription)
        }
    }

    func testUndecidedDecimalMarkRefusesDotsToo() throws {
        let l = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-01,2024-01-31,JPY,1.500\nI2,C1,2024-01-01,2024-01-31,JPY,2.000\nI3,C1,2024-01-01,2024-01-31,JPY,7\n"]).load()
        XCTAssertEqual(l.documents.map(\.id), ["I3"])
        XCTAssertTrue(l.problems(.error).contains { $0.line == nil && $0.reason.contains("decimal_separator") })
        XCTAssertTrue(l.problems(.error).contains { $0.line == 2 && $0.reason.contains("decimal or a thousands separator") })
    }

    func testPaidDateYieldsToThePaymentsFile() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount,paid_date\nI1,C1,2024-01-01,2024-01-31,EUR,100.00,2024-01-20\nI2,C1,2024-01-01,2024-01-31,EUR,50.00,2024-01-25\n",
            "payments.csv": "payment_id,customer_id,payment_date,amount,document_id\nP1,C1,2024-01-20,100.00,I1\n"]).load()
        XCTAssertEqual(l.open("I1", asOf: "2024-03-01"), "0.00")   // not −100.00
        XCTAssertEqual(l.open("I2", asOf: "2024-03-01"), "0.00")   // its paid_date still counts
        XCTAssertEqual(l.problems(.warning).map(\.field), ["paid_date"])
    }

    func testMoneyNeverMovesSilently() throws {
        let l = try TempLedger([
            "customers.csv": "customer_id,name\nC1,A\nC2,B\n",
            "invoices.csv": "document_id,customer_id,type,document_date,due_date,currency,amount,applies_to\nI1,C1,invoice,2024-01-01,2024-01-31,EUR,100.00,\nCN1,C2,credit_note,2024-01-05,,EUR,10.00,I1\nCN2,C1,credit_note,2024-01-06,,EUR,5.00,\nCN3,C1,credit_note,2024-01-07,,EUR,5.00,CN2\n",
            "payments.csv": "payment_id,customer_id,payment_date,amount,document_id\nP1,C1,2024-01-10,100.00,CN2\nP2,C9,2024-01-11,8.00,I1\n"]).load()
        let w = l.problems(.warning)
        XCTAssertTrue(w.contains { $0.file == "invoices.csv" && $0.line == 3 && $0.reason.contains("belongs to customer C1") })
        XCTAssertTrue(w.contains { $0.line == 5 && $0.reason.contains("itself a credit") })
        XCTAssertTrue(w.contains { $0.file == "payments.csv" && $0.line == 2 && $0.reason.contains("cannot settle credit note") })
        XCTAssertTrue(w.contains { $0.file == "payments.csv" && $0.line == 3 && $0.reason.contains("belongs to customer C1, not C9") })
        XCTAssertEqual(l.open("CN2", asOf: "2024-03-01"), "-5.00")   // not −105.00
        let r = Aging.report(l, asOf: date("2024-03-01"))
        try r.verify()
        XCTAssertEqual(r.totalText, "-28.00")   // 100 − 10 − 5 − 5 − 100 − 8
    }

    func testFxConflictsAreReported() throws {
        let l = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-05,2024-01-31,USD,10.00\n",
                                "fx.csv": "date,currency,rate\n2024-01-04,USD,0.9\n2024-01-04,USD,0.95\n2024-01-05,EUR,1\n"])
            .load(config: "reporting_currency = \"EUR\"\n")
        XCTAssertEqual(l.problems(.warning).map(\.line), [3])   // EUR at 1 is the base's own rate
        XCTAssertEqual(Aging.report(l, asOf: date("2024-03-01")).totalText, "9.50")   // the later line
    }

    /// fx.csv written in USD (1 EUR = 1.10 USD, 1 GBP = 1.25 USD) after reporting_currency was
    /// set to EUR: read as EUR rates, the GBP 100.00 invoice would count EUR 125.00 — wrong.
    func testFxFileInAnotherBaseIsNotUsed() throws {
        let l = try TempLedger(["invoices.csv": header + "I1,C1,2024-01-05,2024-01-31,GBP,100.00\nI2,C1,2024-01-05,2024-01-31,EUR,50.00\n"
                                    + "I3,C1,2024-01-05,2024-01-31,USD,10.00\n",
                                "fx.csv": "date,currency,rate\n2024-01-01,EUR,1.10\n2024-01-01,GBP,1.25\n2024-02-01,EUR,1.12\n"])
            .load(config: "reporting_currency = \"EUR\"\n")
        let e = l.problems(.error)
        XCTAssertEqual(e.count, 1)
        XCTAssertEqual(e[0].file, "fx.csv"); XCTAssertEqual(e[0].line, 2); XCTAssertEqual(e[0].field, "currency")
        XCTAssertTrue(e[0].reason.contains("2 lines from line 2"), e[0].reason)
        XCTAssertTrue(e[0].reason.contains("looks written for USD"), e[0].reason)
        XCTAssertTrue(l.fx.isEmpty)
        // Nothing converted: each currency keeps its own section (EUR, GBP, USD by code).
        let r = Aging.report(l, asOf: date("2024-03-01"))
        XCTAssertEqual(r.sections.map(\.currency.code), ["EUR", "GBP", "USD"])
        XCTAssertEqual(r.sections.map { Money.decimalString($0.total, digits: 2) }, ["50.00", "100.00", "10.00"])
    }

    /// Found by a trial: a self-rate row whose date is bad still shows the file's base, and a
    /// base listed at exactly 1 is still the base.
    func testFxBaseEvidenceBeyondTheObviousCase() throws {
        let files = ["invoices.csv": header + "E1,C1,2024-01-05,2024-01-31,EUR,100.00\nU1,C1,2024-01-05,2024-01-31,USD,1080.00\n"
                        + "G1,C1,2024-01-05,2024-01-31,GBP,500.00\n"]
        // Written for USD (EUR 1.08, GBP 1.27, USD 1) with reporting_currency EUR: refused,
        // though the EUR line's date is not a date.
        var t = files; t["fx.csv"] = "date,currency,rate\n2024-01-32,EUR,1.08\n2024-01-01,GBP,1.27\n2024-01-01,USD,1\n"
        let usd = try TempLedger(t).load(config: "reporting_currency = \"EUR\"\n")
        XCTAssertTrue(usd.fx.isEmpty)
        XCTAssertEqual(usd.problems(.error).count, 1)
        XCTAssertTrue(usd.problems(.error)[0].reason.contains("looks written for USD"), usd.problems(.error)[0].reason)
        XCTAssertTrue(usd.problems(.warning).contains { $0.line == 4 && $0.field == "rate" && $0.reason.contains("USD at exactly 1 EUR") })
        // No reporting_currency, EUR listed at 1: EUR is the base. 100.00 + 1,080.00 × 0.9 +
        // 500.00 × 1.2 = 100.00 + 972.00 + 600.00 = 1,672.00 EUR.
        t["fx.csv"] = "date,currency,rate\n2024-01-01,EUR,1\n2024-01-01,USD,0.9\n2024-01-01,GBP,1.2\n"
        let eur = try TempLedger(t).load()
        XCTAssertEqual(eur.reportingCurrency?.code, "EUR")
        let r = Aging.report(eur, asOf: date("2024-03-01"))
        XCTAssertEqual(r.sections.map(\.currency.code), ["EUR"])
        XCTAssertEqual(r.totalText, "1672.00")
    }

    /// A trial's export spelled "Due Date" and "Applies To": both were left unread, I1 fell
    /// due on its terms (01-31) and the credit note stayed unallocated, with no warning.
    /// I1 100.00 due 03-01 less CN1 40.00 = 60.00, 30 days past due on 03-31: bucket 1-30.
    func testHeaderSpellingsOfANativeColumnAreRead() throws {
        let l = try TempLedger(["customers.csv": "customer_id,name,payment_terms\nC1,Alpha,30\n",
                                "invoices.csv": "Document ID,customer-id,TYPE,DocumentDate,Due Date,currency,amount,Applies To\n"
                                    + "I1,C1,invoice,2024-01-01,2024-03-01,EUR,100.00,\nCN1,C1,credit_note,2024-03-20,,EUR,40.00,I1\n"]).load()
        XCTAssertEqual(l.problems.count, 0, l.problems.map(\.description).joined(separator: "; "))
        XCTAssertEqual(l.documents[0].dueDate, date("2024-03-01"))
        XCTAssertEqual(Aging.report(l, asOf: date("2024-03-31")).bucketTexts, ["0.00", "60.00", "0.00", "0.00", "0.00", "0.00"])
    }

    func testFilesThatAreNotCSVAreRefusedClearly() throws {
        let t = TempLedger([:])
        t.write("invoices.csv", Data([0xFF, 0xFE] + Array("d\0o\0c\0".utf8)))
        XCTAssertTrue(try t.load().problems(.error)[0].reason.contains("UTF-16"))
        let f = TempLedger(["customers.csv": "customer_id,name\nC1,A\n"])
        XCTAssertEqual(mkfifo(f.path + "/invoices.csv", 0o600), 0)
        let l = try f.load()   // must not hang
        XCTAssertTrue(l.problems(.error)[0].reason.contains("not a regular file"))
    }

    func testExcelSerialsWithTimesAndTheirRange() {
        XCTAssertEqual(DateFormat.excelSerial.parse("45292.5")?.description, "2024-01-01")
        XCTAssertEqual(DateFormat.excelSerial.parse("45292,75")?.description, "2024-01-01")
        XCTAssertNil(DateFormat.excelSerial.parse("60"))
        XCTAssertNil(DateFormat.excelSerial.parse("45292.x"))
    }

    func testConfigValuesAreCheckedWithTheirLine() {
        XCTAssertThrowsError(try ConfigParser.parse("[display]\nnumber_format = \"garbage\"\n")) { e in
            XCTAssertEqual((e as! ConfigError).line, 2)
        }
        XCTAssertThrowsError(try ConfigParser.parse("[aging]\nedges = []\n")) { e in
            XCTAssertTrue((e as! ConfigError).message.contains("at least one edge"))
        }
        XCTAssertNoThrow(try ConfigParser.parse("[display]\nnumber_format = \"1 234,56\"\n"))
    }
}
