import Foundation
import XCTest
@testable import Dashboard
@testable import Receivables

/// A model built for appended documents from the previous model (`DashboardModel.extending`)
/// must equal one computed afresh: the aging (items, sections, balance), the overdue
/// list, the customer lines, the KPI series and the payment history.
final class AppendedModelTests: XCTestCase {
    private func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    /// A demo ledger folder (removed by the caller), its ledger and the model on screen as of 2026-06-30.
    private func demo() throws -> (dir: String, ledger: Ledger, model: DashboardModel) {
        let dir = NSTemporaryDirectory() + "ardash-appended-" + UUID().uuidString
        try DemoLedger(customers: 40, documents: 3000, seed: 7, end: date("2026-06-30")).write(to: dir)
        let ledger = try LedgerLoader.load(folder: dir)
        return (dir, ledger, DashboardModel(ledger: ledger, asOf: date("2026-06-30")))
    }

    private func append(_ text: String, to path: String) throws {
        let h = FileHandle(forWritingAtPath: path)!
        h.seekToEndOfFile(); h.write(Data(text.utf8)); try h.close()
    }

    /// Appends `text` to `file` of `dir`, reloads `ledger` (appended rows only), builds the
    /// model from `previous` and checks whether it was carried over and that it equals a
    /// fresh model.
    private func appendAndCompare(_ text: String, to file: String, in dir: String, after ledger: Ledger, previous: DashboardModel,
                                  carried: Bool, line: UInt = #line) throws -> (Ledger, DashboardModel) {
        try append(text, to: dir + "/" + file)
        let (next, appendedOnly) = try LedgerLoader.reload(ledger, folder: dir)
        XCTAssertTrue(appendedOnly, line: line)
        let model = DashboardModel(ledger: next, asOf: previous.asOf, reusing: previous, appended: true)
        XCTAssertEqual(model.carriedOver, carried, line: line)
        assertSame(model, DashboardModel(ledger: next, asOf: previous.asOf), line: line)
        return (next, model)
    }

    private func assertSame(_ a: DashboardModel, _ b: DashboardModel, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.aging.items, b.aging.items, "items", file: file, line: line)
        XCTAssertEqual(a.aging.sections, b.aging.sections, "sections", file: file, line: line)
        XCTAssertEqual(a.aging.ledgerBalance, b.aging.ledgerBalance, "balance", file: file, line: line)
        XCTAssertEqual(a.aging.reportingCurrency, b.aging.reportingCurrency, file: file, line: line)
        XCTAssertEqual(a.aging.notConvertedReason, b.aging.notConvertedReason, file: file, line: line)
        XCTAssertEqual(a.overdue, b.overdue, "overdue", file: file, line: line)
        XCTAssertEqual(a.overdueBucket, b.overdueBucket, file: file, line: line)
        XCTAssertEqual(a.customerLines.map { "\($0.customer) \($0.currency) \($0.balance) \($0.overdue) \($0.oldest) \($0.buckets)" },
                       b.customerLines.map { "\($0.customer) \($0.currency) \($0.balance) \($0.overdue) \($0.oldest) \($0.buckets)" },
                       "lines", file: file, line: line)
        XCTAssertEqual(a.kpi, b.kpi, "kpi", file: file, line: line)
        XCTAssertEqual(a.history.settled.count, b.history.settled.count, file: file, line: line)
        XCTAssertNoThrow(try a.aging.verify(), file: file, line: line)
        // The rows by customer (drill-downs, promises).
        let ra = a.customerRowsCache!, rb = b.customerRowsCache!
        for c in 0..<Int32(a.ledger.customers.count) {
            XCTAssertEqual(Array(ra.documents(c)), Array(rb.documents(c)), "documents of \(c)", file: file, line: line)
            XCTAssertEqual(Array(ra.payments(c)), Array(rb.payments(c)), "payments of \(c)", file: file, line: line)
            XCTAssertEqual(Array(ra.openItems(c)), Array(rb.openItems(c)), "items of \(c)", file: file, line: line)
        }
    }

    /// 60 invoices and credit notes appended for many customers, in EUR, USD and GBP, overdue and not yet due,
    /// one dated after the as-of date, one of zero: carried over, and the same model as a
    /// fresh one (AR grows by exactly the new amounts dated by 2026-06-30).
    func testAppendedDocumentsGiveTheModelAFreshComputationGives() throws {
        let (dir, before, model0) = try demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let asOf = date("2026-06-30")
        let customer = before.customers[3].id
        var rows = ""
        for i in 0..<60 {
            let cur = ["EUR", "USD", "GBP"][i % 3]
            let type = i % 10 == 9 ? "credit note" : "invoice"
            let day = i == 59 ? "2026-07-15" : "2026-0\(1 + i % 6)-1\(i % 10)"
            let amount = i == 58 ? "0.00" : "\(100 + i).25"
            rows += "APP\(i),\(before.customers[(i * 7) % before.customers.count].id),\(type),\(day),2026-06-2\(i % 10),\(cur),\(amount),R\(i),no,\n"
        }
        try append(rows, to: dir + "/invoices.csv")
        let (after, appendedOnly) = try LedgerLoader.reload(before, folder: dir)
        XCTAssertTrue(appendedOnly)
        XCTAssertEqual(after.documents.count, before.documents.count + 60)
        let carried = DashboardModel(ledger: after, asOf: asOf, reusing: model0, appended: true)
        XCTAssertTrue(carried.carriedOver)
        let fresh = DashboardModel(ledger: after, asOf: asOf)
        XCTAssertFalse(fresh.carriedOver)
        assertSame(carried, fresh)
        XCTAssertNotEqual(carried.aging.sections, model0.aging.sections)
        // And again on top of the carried model.
        _ = try appendAndCompare("APP99,\(customer),invoice,2026-05-01,2026-05-31,EUR,1000.00,R99,no,\n", to: "invoices.csv",
                                 in: dir, after: after, previous: carried, carried: true)
    }

    /// A payment appended, a credit note naming a document, another as-of date: computed
    /// afresh (not carried over), and still the same as a fresh model.
    func testOtherAppendsAreComputedAfresh() throws {
        let (dir, before, model0) = try demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let doc = before.documents[100]
        let customer = before.customers[Int(doc.customer)].id
        let (withPayment, m1) = try appendAndCompare("PAPP1,\(customer),2026-06-01,\(doc.amount.currency.code),1.00,\(doc.id)\n",
                                                     to: "payments.csv", in: dir, after: before, previous: model0, carried: false)
        let (withCredit, m2) = try appendAndCompare(
            "CAPP1,\(customer),credit note,2026-06-02,2026-06-02,\(doc.amount.currency.code),1.00,R,no,\(doc.id)\n",
            to: "invoices.csv", in: dir, after: withPayment, previous: m1, carried: false)
        let otherDay = DashboardModel(ledger: withCredit, asOf: date("2026-06-29"), reusing: m2, appended: true)
        XCTAssertFalse(otherDay.carriedOver)
    }
}
