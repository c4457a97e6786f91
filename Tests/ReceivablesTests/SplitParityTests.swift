import Foundation
import XCTest
@testable import Receivables

/// The fast path (rows split among workers at record boundaries, chunk split and file
/// hash worked out ahead, bytes freed after parsing) must give exactly the ledger the
/// simple path (one worker reading the file front to back) gives: on the demo ledger, on
/// every fixture, and on files whose quoted line breaks and bad rows fall on the cuts.
final class SplitParityTests: XCTestCase {
    /// Loads `folder` with one worker, then with 2, 3 and 7 chunks and no minimum size,
    /// and compares everything a report can see.
    func assertSplitsAgree(_ folder: String, configFile: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let config = try LedgerLoader.configOf(folder: folder, configFile: configFile)
        let simple = LedgerLoader.load(folder: folder, config: config, split: .single)
        for workers in [2, 3, 7] {
            let fast = LedgerLoader.load(folder: folder, config: config, split: ChunkSplit(workers: workers, minimumBytes: 0))
            let what = "\(folder) split in \(workers)"
            XCTAssertEqual(fast.documents, simple.documents, what, file: file, line: line)
            XCTAssertEqual(fast.payments, simple.payments, what, file: file, line: line)
            XCTAssertEqual(fast.customers, simple.customers, what, file: file, line: line)
            XCTAssertEqual(fast.problems, simple.problems, what, file: file, line: line)
            XCTAssertEqual(fast.rejectedRows, simple.rejectedRows, what, file: file, line: line)
            for kind in [LedgerFileKind.invoices, .payments] {
                let a = fast.loadInfo.sources[kind], b = simple.loadInfo.sources[kind]
                XCTAssertEqual(a?.endLine, b?.endLine, "\(what): \(kind) end line", file: file, line: line)
                XCTAssertEqual(a?.hash, b?.hash, "\(what): \(kind) hash", file: file, line: line)
                XCTAssertEqual(a?.size, b?.size, "\(what): \(kind) size", file: file, line: line)
            }
            for d in ["2024-12-31", "2026-06-30"] {
                XCTAssertEqual(Aging.report(fast, asOf: date(d)).sections, Aging.report(simple, asOf: date(d)).sections,
                               what, file: file, line: line)
            }
        }
    }

    func testDemoLedgerLoadsTheSameWhateverTheSplit() throws {
        let dir = NSTemporaryDirectory() + "ardash-split-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DemoLedger(customers: 40, documents: 3000, seed: 11, end: date("2026-06-30")).write(to: dir)
        let simple = try LedgerLoader.load(folder: dir)
        XCTAssertEqual(simple.documents.count, 3000)
        try assertSplitsAgree(dir)
    }

    func testEveryFixtureLoadsTheSameWhateverTheSplit() throws {
        let cases = try FileManager.default.contentsOfDirectory(atPath: Fixture.root + "/cases").sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for name in cases { try assertSplitsAgree(Fixture.caseFolder(name)) }
        try assertSplitsAgree(Fixture.ibmFolder, configFile: Fixture.ibmConfig)
    }

    /// Valid notes over several lines: most quick cuts fall inside one, and the split is
    /// redone where quotes allow (no row is lost or misnumbered).
    func testManyQuotedLineBreaksAcrossCuts() throws {
        var inv = "document_id,customer_id,document_date,due_date,currency,amount,reference\n"
        for i in 1...200 {
            inv += "D\(i),C\(i % 4),2026-01-05,2026-02-04,EUR,\(i).50,\"note \(i)\nsecond line\nthird, \"\"quoted\"\"\"\n"
        }
        let ledger = TempLedger(["invoices.csv": inv])
        let simple = try ledger.load()
        XCTAssertEqual(simple.documents.count, 200)
        XCTAssertEqual(simple.documents.last?.line, 2 + 199 * 3)
        XCTAssertTrue(simple.problems.isEmpty, "\(simple.problems)")
        try assertSplitsAgree(ledger.path)
    }

    /// Quoted line breaks, doubled quotes, an unbalanced quote, a wrong field count and a
    /// duplicate id, repeated so that with 2, 3 and 7 chunks some fall on or next to a cut.
    func testQuotesAndBadRowsAcrossCuts() throws {
        var inv = "document_id,customer_id,type,document_date,due_date,currency,amount,reference\n"
        for i in 1...60 {
            switch i % 6 {
            case 0: inv += "D\(i),C1,invoice,2026-01-05,2026-02-04,EUR,10.00,\"two\nlines, \"\"quoted\"\"\"\n"
            case 1: inv += "D\(i),C1,invoice,2026-01-05,2026-02-04,EUR,\"1,000.50\",ref\n"
            case 2: inv += "D\(i),C2,invoice,2026-01-06,2026-02-05,EUR,\"20.00,open quote\n"
            case 3: inv += "D\(i),C2,invoice,2026-01-07,EUR,30.00\n"
            case 4: inv += "D\(i - 3),C2,invoice,2026-01-07,2026-02-06,EUR,30.00,dup\n"
            default: inv += "D\(i),C3,credit_note,2026-01-08,2026-01-08,EUR,-5.00,\"\r\n\"\r\n"
            }
        }
        var pay = "payment_id,customer_id,payment_date,currency,amount,document_id\n"
        for i in 1...60 { pay += "P\(i),C\(i % 3 + 1),2026-03-0\(i % 9 + 1),EUR,\(i).00,D\(i)\n" }
        let ledger = TempLedger(["invoices.csv": inv, "payments.csv": pay])
        let simple = try ledger.load()
        // The bad rows are reported and the good ones load: the test has something to compare.
        XCTAssertTrue(simple.problems.contains { $0.reason.contains("unbalanced quote") })
        XCTAssertTrue(simple.problems.contains { $0.reason.contains("fields, the header has") })
        XCTAssertTrue(simple.problems.contains { $0.reason.contains("with different values") })
        XCTAssertTrue(simple.documents.contains { $0.reference == "two\nlines, \"quoted\"" })
        // Of each six rows only the multi-line one and the credit note load (the quoted
        // amount's id is taken again with other values, so both its rows go): 2 × 10.
        XCTAssertEqual(simple.documents.count, 20)
        XCTAssertEqual(simple.rejectedRows, 40)
        try assertSplitsAgree(ledger.path)
    }

    /// A line that starts with a vertical tab (0x0B, FileMaker's line break in a field):
    /// the eight-bytes-at-a-time count of line ends, which numbers each chunk's first
    /// line, must not take the byte after a line end for another one.
    func testVerticalTabAfterALineEndIsNotALineEnd() throws {
        var inv = "document_id,customer_id,document_date,due_date,currency,amount\n"
        for i in 1...300 { inv += "\u{0B}D\(i),C1,2026-01-05,2026-02-04,EUR,\(i).50\n" }
        inv += "D301,C1,2026-01-05,2026-02-04,EUR,12x\n"
        let ledger = TempLedger(["invoices.csv": inv])
        let simple = try ledger.load()
        XCTAssertEqual(simple.documents.count, 300)
        XCTAssertEqual(simple.problems.first { $0.field == "amount" }?.line, 302)
        XCTAssertEqual(simple.loadInfo.sources[.invoices]?.endLine, 303)
        try assertSplitsAgree(ledger.path)
    }

    /// Rows on each side of what the fast row readers take (`LoadState+FastRows`): those
    /// they take must load exactly as the general reader loads them, and the others fall
    /// to it. The values are worked out from the rows as written.
    func testRowsNearlyPlainLoadAsTheGeneralReaderLoadsThem() throws {
        let customers = """
            customer_id,name,currency,payment_terms
            C1,One,EUR,30
            C2,Two,USD,30
            C3,Three,JPY,30
            C4,Four,KWD,30

            """
        let invoices = """
            document_id,customer_id,type,document_date,due_date,currency,amount,reference,disputed,paid_date,applies_to,region
            D1,C1,invoice,2026-01-05,2026-02-04,EUR,1000.50,PO-1,no,,,north
            D2,C1,,2026-01-05,2026-02-04,EUR,2000,R2,,,,south
            D3,C1,invoice,2026-01-05,2026-02-04,EUR,150,R3,no,,,
            D4,C2,invoice,2026-01-05,2026-02-04,USD,0099.90,R4,false,,,
            D5,C1,invoice,2026-01-05,2026-02-04,EUR,5.999,R5,no,,,
            D6,C3,invoice,2026-01-05,2026-02-04,JPY,1500,R6,no,,,
            D7,C3,invoice,2026-01-05,2026-02-04,JPY,1500.5,R7,no,,,
            D8,C4,invoice,2026-01-05,2026-02-04,KWD,12.345,R8,no,,,
            D9,C1,credit_note,2026-01-06,2026-01-06,EUR,-50.00,R9,no,,D1,
            D10, C1,invoice,2026-01-05,2026-02-04,EUR,10.00,R10,no,,,
            "D""11",C1,invoice,2026-01-05,2026-02-04,EUR,11.00,R11,no,,,
            D12,C1,invoice,2026-01-05,2026-02-04,eur,12.00,R12,no,,,
            D13,C1,invoice,2026-01-05,2026-02-04,EUR,1300.00,R13,yes,,,
            D14,C9,invoice,2026-01-05,2026-02-04,EUR,14.00,R14,no,,,
            D15,C1,invoice,2026-01-05,,EUR,15.00,R15,no,,,
            D16,C1,invoice,2026-1-5,2026-02-04,EUR,16.00,R16,no,,,
            D17,C1,invoice,2026-01-05,2026-02-04,EUR,17.00,R17,no,2026-02-01,,
            D18,C1,invoice,2026-01-05,2026-02-04,EUR,-18.00,R18,no,,,
            D19,C1,invoice,2026-01-05,2026-02-04,EUR,"3000.00",R19,no,,,east
            D20,C1,invoice,2026-01-05,2026-02-04,EUR,100000000000,R20,no,,,

            """
        let payments = """
            payment_id,customer_id,payment_date,currency,amount,document_id,reference
            P1,C1,2026-02-01,EUR,500.25,D1,wire
            P2,C1,2026-02-02,EUR,100.00,,cash
            P3,C2,2026-02-03,USD,99.90,D4,x
            P4,C1,2026-02-04,EUR,10.00,D9,y
            P5,C2,2026-02-05,USD,10.00,D1,z
            P6,C1,2026-02-06,EUR,10.00,DX,z
            P7,C1,2026-02-07,EUR,-5.00,D2,
            P8,C3,2026-02-08,JPY,1000,D6,
            P9,C2,2026-02-09,EUR,20.00,D2,
            P1,C1,2026-02-01,EUR,500.25,D1,wire

            """
        let ledger = TempLedger(["customers.csv": customers, "invoices.csv": invoices, "payments.csv": payments])
        let fast = try ledger.load()
        // Taken fast: D1, D2, D4, D6, D8 and D19 (quoted, not escaped); P1, P2, P3, P8 and
        // P1 again (its duplicate is found after the parse, as for any row).
        XCTAssertEqual(fast.loadInfo.fastRows[.invoices], 6)
        XCTAssertEqual(fast.loadInfo.fastRows[.payments], 5)
        let simple = LedgerLoader.load(folder: ledger.path, config: try LedgerLoader.configOf(folder: ledger.path, configFile: nil), split: .single)
        XCTAssertEqual(simple.loadInfo.fastRows[.invoices], 0)
        func minor(_ l: Ledger, _ id: String) -> Int64? { l.documents.first { $0.id == id }?.amount.minorUnits }
        for l in [fast, simple] {
            // 1000.50 EUR; 2000 EUR; 150 EUR (short: the general reader); 99.90 USD; 5.999
            // rounded half-even to 6.00; 1500 JPY; 1500.5 JPY to 1500 (even); 12.345 KWD.
            XCTAssertEqual([minor(l, "D1"), minor(l, "D2"), minor(l, "D3"), minor(l, "D4"), minor(l, "D5"), minor(l, "D6"), minor(l, "D7"), minor(l, "D8")],
                           [100_050, 200_000, 15_000, 9_990, 600, 1_500, 1_500, 12_345])
            XCTAssertEqual(minor(l, "D\"11"), 1_100)
            XCTAssertEqual(minor(l, "D18"), -1_800)
            // Past the largest amount (10,000,000,000.00), without decimals: rejected (trial 17).
            XCTAssertNil(minor(l, "D20"))
            XCTAssertEqual(l.problems.first { $0.line == 21 }?.reason, "\"100000000000\": too large (at most 10,000,000,000.00); row rejected")
            XCTAssertEqual(l.documents.first { $0.id == "D13" }?.disputed, true)
            XCTAssertEqual(l.documents.first { $0.id == "D15" }?.dueDate, date("2026-02-04"))   // 30 days from 2026-01-05
            XCTAssertEqual(l.documents.first { $0.id == "D1" }?.extras, ["north"])
            // P4 (a receipt on a credit note), P5 (USD on a EUR invoice), P6 (no such
            // document) are unapplied cash; P9 is applied to D2 although C2 paid it.
            let applied = Dictionary(l.payments.map { ($0.id, $0.document) }, uniquingKeysWith: { a, _ in a })
            XCTAssertEqual(["P4", "P5", "P6"].map { applied[$0] }, [-1, -1, -1])
            XCTAssertEqual(applied["P9"].map { l.documents[Int($0)].id }, "D2")
            XCTAssertEqual(l.payments.filter { $0.id == "P1" }.count, 1)
        }
        try assertSplitsAgree(ledger.path)
    }
}

/// Aging, the ledger balance, DSO, the KPI series and the payment history give the same figures whether the
/// rows are summed on one core or split among cores (`Parallel.ranges`).
final class ParallelSumParityTests: XCTestCase {
    override func tearDown() { Parallel.minimumRows = 65_536 }

    func testAnalyticsAreTheSameSplitOrNot() throws {
        let dir = NSTemporaryDirectory() + "ardash-psum-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DemoLedger(customers: 30, documents: 2500, seed: 3, end: date("2026-06-30")).write(to: dir)
        let ledger = try LedgerLoader.load(folder: dir)
        func figures() throws -> (AgingReport, [DSOPoint]?, [DSOPoint]?, [KPIPoint]?, [String]) {
            let aging = Aging.report(ledger, asOf: date("2026-05-31"))
            try aging.verify()
            let history = PaymentHistory(ledger, asOf: date("2026-05-31"), weightCurrency: ledger.reportingCurrency)
            return (aging, DSO.series(ledger, asOf: date("2026-05-31"), months: 24),
                    DSO.series(ledger, asOf: date("2026-05-31"), months: 12, method: .period, currency: Currency(code: "USD")!),
                    KPISeries.monthly(ledger, asOf: date("2026-05-31"), months: 24),
                    history.settled.map { "\($0.document) \($0.paidOn) \($0.daysLate) \($0.weight)" })
        }
        Parallel.minimumRows = .max
        let (a1, d1, u1, k1, h1) = try figures()
        Parallel.minimumRows = 1
        let (a2, d2, u2, k2, h2) = try figures()
        XCTAssertEqual(k1, k2)
        XCTAssertEqual(k1?.count, 24)
        XCTAssertEqual(h1, h2)
        XCTAssertGreaterThan(h1.count, 1000)
        XCTAssertEqual(a1.sections, a2.sections)
        XCTAssertEqual(a1.items.map(\.index), a2.items.map(\.index))
        XCTAssertEqual(a1.ledgerBalance, a2.ledgerBalance)
        XCTAssertEqual(d1, d2)
        XCTAssertEqual(u1, u2)
        XCTAssertEqual(d1?.count, 24)
        XCTAssertGreaterThan(a1.items.count, 100)
    }
}

/// `Settlements` places the payments on two workers, each its half of the rows: a
/// document paid from both halves and by a credit note gets its settlements in the
/// order one pass gives (by effective date; on one date payments, then credit notes).
final class SettlementsSplitTests: XCTestCase {
    override func tearDown() { Parallel.minimumRows = 65_536 }

    func testPaymentsFromBothHalvesAndACreditNoteAreInDateOrder() {
        let eur = Currency(code: "EUR")!
        func money(_ m: Int64) -> Money { Money(minorUnits: m, currency: eur) }
        let documents = [
            Document(id: "D0", customer: 0, type: .invoice, date: date("2026-01-01"), dueDate: date("2026-01-31"), amount: money(100_000)),
            Document(id: "D1", customer: 0, type: .invoice, date: date("2026-01-05"), dueDate: date("2026-02-04"), amount: money(50_000)),
            Document(id: "CN", customer: 0, type: .creditNote, date: date("2026-02-01"), dueDate: date("2026-02-01"), amount: money(-10_000), appliesTo: 0),
        ]
        // Five rows: P0 and P1 are the first half, P2–P4 the second (P4 unapplied).
        let payments = [
            Payment(id: "P0", customer: 0, date: date("2026-02-10"), amount: money(30_000), document: 0),
            Payment(id: "P1", customer: 0, date: date("2026-01-02"), amount: money(20_000), document: 1),
            Payment(id: "P2", customer: 0, date: date("2026-02-01"), amount: money(25_000), document: 0),
            Payment(id: "P3", customer: 0, date: date("2026-01-20"), amount: money(10_000), document: 1),
            Payment(id: "P4", customer: 0, date: date("2026-01-20"), amount: money(5_000)),
        ]
        // D0: P2 (02-01, a payment), then CN (02-01, a credit note: source −2 − 1), then P0
        // (02-10). D1: P1, dated before its invoice, takes effect on 01-05; then P3 (01-20).
        let expected = [
            Settlements.Entry(effective: date("2026-02-01"), sourceDate: date("2026-02-01"), amount: 25_000, source: 2),
            Settlements.Entry(effective: date("2026-02-01"), sourceDate: date("2026-02-01"), amount: 10_000, source: -3),
            Settlements.Entry(effective: date("2026-02-10"), sourceDate: date("2026-02-10"), amount: 30_000, source: 0),
            Settlements.Entry(effective: date("2026-01-05"), sourceDate: date("2026-01-02"), amount: 20_000, source: 1),
            Settlements.Entry(effective: date("2026-01-20"), sourceDate: date("2026-01-20"), amount: 10_000, source: 3),
        ]
        for minimum in [Int.max, 1] {
            Parallel.minimumRows = minimum
            let s = Settlements(documents: documents, payments: payments)
            XCTAssertEqual(s.offsets, [0, 3, 5, 5], "split at \(minimum)")
            XCTAssertEqual(s.entries, expected, "split at \(minimum)")
            XCTAssertEqual(s.settlingCreditNotes, [2])
            XCTAssertEqual(s.earliestDay, date("2026-01-01").daysSinceEpoch)
        }
    }

    /// A demo ledger's settlements are the same split among the cores or not.
    func testDemoLedgerSettlementsAreTheSameSplitOrNot() throws {
        let dir = NSTemporaryDirectory() + "ardash-settle-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DemoLedger(customers: 40, documents: 3000, seed: 11, end: date("2026-06-30")).write(to: dir)
        let ledger = try LedgerLoader.load(folder: dir)
        Parallel.minimumRows = .max
        let one = Settlements(documents: ledger.documents, payments: ledger.payments)
        Parallel.minimumRows = 1
        let split = Settlements(documents: ledger.documents, payments: ledger.payments)
        XCTAssertGreaterThan(one.entries.count, 2000)
        XCTAssertGreaterThan(zip(one.offsets, one.offsets.dropFirst()).filter { $1 - $0 > 1 }.count, 10)   // documents paid in parts
        XCTAssertEqual(split.offsets, one.offsets)
        XCTAssertEqual(split.entries, one.entries)
    }
}
