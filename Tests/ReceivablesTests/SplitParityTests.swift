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
