import Foundation
import XCTest
@testable import Receivables

/// `Aging.report(_:extending:newDocuments:)` (appended documents, the old open items taken
/// over) must give what a fresh report gives, converted or split by currency, when the new
/// documents bring a currency of their own, and past the conversion limit.
final class AgingExtendTests: XCTestCase {
    private let head = "document_id,customer_id,document_date,due_date,currency,amount\n"

    private func assertExtends(_ files: [String: String], appending rows: String, asOf: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let t = TempLedger(files)
        let before = try t.load()
        let previous = Aging.report(before, asOf: date(asOf))
        let h = FileHandle(forWritingAtPath: t.path + "/invoices.csv")!
        h.seekToEndOfFile(); h.write(Data(rows.utf8)); try h.close()
        let (after, appendedOnly) = try LedgerLoader.reload(before, folder: t.path)
        XCTAssertTrue(appendedOnly, file: file, line: line)
        let extended = try XCTUnwrap(Aging.report(after, extending: previous, newDocuments: before.documents.count..<after.documents.count),
                                     file: file, line: line)
        let fresh = Aging.report(after, asOf: date(asOf))
        XCTAssertEqual(extended.items, fresh.items, "items", file: file, line: line)
        XCTAssertEqual(extended.sections, fresh.sections, "sections", file: file, line: line)
        XCTAssertEqual(extended.ledgerBalance, fresh.ledgerBalance, file: file, line: line)
        XCTAssertEqual(extended.reportingCurrency, fresh.reportingCurrency, file: file, line: line)
        XCTAssertEqual(extended.notConvertedReason, fresh.notConvertedReason, file: file, line: line)
        XCTAssertNoThrow(try extended.verify(), file: file, line: line)
    }

    /// Split by currency (no fx.csv): EUR and USD appended to EUR and USD, a new customer
    /// line among the old ones; then JPY, a currency of its own (a new section).
    func testSplitByCurrency() throws {
        let files = ["customers.csv": "customer_id,name\nC1,One\nC2,Two\nC3,Three\n",
                     "invoices.csv": head + "E1,C1,2026-01-10,2026-02-09,EUR,100.00\nU1,C3,2026-03-01,2026-03-31,USD,50.00\n"]
        try assertExtends(files, appending: "E2,C2,2026-05-01,2026-05-31,EUR,30.00\nU2,C1,2026-06-01,2026-07-01,USD,7.50\nE3,C3,2026-07-15,2026-08-14,EUR,9.00\n",
                          asOf: "2026-06-30")
        try assertExtends(files, appending: "J1,C2,2026-05-01,2026-05-31,JPY,1000\n", asOf: "2026-06-30")
    }

    /// Converted into EUR: a USD document appended; then one that converts past the row
    /// limit, which splits the report (and names it), as a fresh report does.
    func testConverted() throws {
        let files = ["ardash.toml": "reporting_currency = \"EUR\"\n",
                     "customers.csv": "customer_id,name\nC1,One\nC2,Two\n",
                     "invoices.csv": head + "E1,C1,2026-01-10,2026-02-09,EUR,100.00\nU1,C2,2026-03-01,2026-03-31,USD,50.00\n",
                     "fx.csv": "date,currency,rate\n2026-01-01,USD,0.9\n"]
        try assertExtends(files, appending: "U2,C1,2026-06-01,2026-06-20,USD,10.00\nE2,C2,2026-04-01,2026-05-01,EUR,-5.00\n", asOf: "2026-06-30")
        var huge = files
        huge["fx.csv"] = "date,currency,rate\n2026-01-01,USD,999999\n"
        try assertExtends(huge, appending: "U3,C1,2026-06-01,2026-06-20,USD,9000000000.00\n", asOf: "2026-06-30")
    }
}
