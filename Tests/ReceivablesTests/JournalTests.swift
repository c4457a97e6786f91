import Foundation
import XCTest
@testable import Receivables

final class JournalTests: XCTestCase {
    func journal() -> (Journal, String) {
        let dir = NSTemporaryDirectory() + "ardash-journal-" + UUID().uuidString
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return (Journal(path: dir + "/.ardash/journal.jsonl"), dir)
    }

    func testChainLinksEachLineToThePrevious() throws {
        let (j, _) = journal()
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "a", at: "2026-01-01T00:00:00Z", id: "1"))
        try j.append(JournalEvent(kind: .flagSet, customerId: "C1", flag: .dispute, at: "2026-01-01T00:00:01Z", id: "2"))
        let text = try String(contentsOfFile: j.path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasSuffix("\"prev\":\"\(Journal.genesis)\"}"))
        // SHA-256 of the first line, computed independently.
        XCTAssertTrue(lines[1].hasSuffix("\"prev\":\"\(Journal.hash(Data(lines[0].utf8)))\"}"))
        XCTAssertEqual(j.verify(), .intact(events: 2, tornLines: []))
        XCTAssertEqual(Journal.hash(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")   // FIPS 180-2 test vector
    }

    func testTailReaderContinuesFromItsOffset() throws {
        let (j, _) = journal()
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "one"))
        let first = j.read()
        XCTAssertEqual(first.events.map(\.text), ["one"])
        try j.append(JournalEvent(kind: .note, customerId: "C2", text: "two"))
        let next = j.read(from: first.offset)
        XCTAssertEqual(next.events.map(\.text), ["two"])
        XCTAssertEqual(j.read(from: next.offset).events.count, 0)
    }

    /// The tail reader checks the chain across reads: a line appended by hand with the prev
    /// of an earlier line (a forged copy) is named, and its event is still read.
    func testTailReaderNamesALineThatBreaksTheChain() throws {
        let (j, _) = journal()
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "one", id: "1"))
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "two", id: "2"))
        let first = j.read()
        XCTAssertNil(first.broken)
        XCTAssertEqual(first.nextLine, 3)
        let lines = try String(contentsOfFile: j.path, encoding: .utf8).split(separator: "\n")
        let forged = lines[1].replacingOccurrences(of: "\"two\"", with: "\"TWO\"")   // prev = hash of line 1, not line 2
        let h = FileHandle(forWritingAtPath: j.path)!
        h.seekToEndOfFile(); h.write(Data((forged + "\n").utf8)); h.closeFile()
        let tail = j.read(from: first.offset, firstLine: first.nextLine, after: first.lastHash)
        XCTAssertEqual(tail.events.map(\.text), ["TWO"])
        XCTAssertEqual(tail.broken?.line, 3)
        XCTAssertEqual(j.verify(), .broken(line: 3, reason: "its prev hash does not match the event line before it (line 2): that line was changed, or a line was removed or inserted between"))
        // Read from the start without the chain's state, the tail would look intact.
        XCTAssertNil(j.read(from: first.offset, firstLine: 3, after: Journal.hash(Data(lines[0].utf8))).broken)
    }

    /// The chain cannot see its own end: the head file beside the journal does. Removing or
    /// editing the last event, or emptying the file, is named; restoring the file clears it.
    func testHeadCatchesChangesAtTheJournalsEnd() throws {
        let (j, _) = journal()
        for t in ["one", "two", "three"] { try j.append(JournalEvent(kind: .note, customerId: "C1", text: t)) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: j.path))
        XCTAssertEqual(j.verify(), .intact(events: 3, tornLines: []))
        func put(_ d: Data) throws { try d.write(to: URL(fileURLWithPath: j.path)) }
        let lines = whole.split(separator: 10)
        // The last event removed: the chain still holds; the head does not.
        try put(Data(lines[0] + [10] + lines[1] + [10]))
        guard case .broken(let line, let why) = j.verify() else { return XCTFail("removed last event not seen") }
        XCTAssertEqual(line, 3); XCTAssertTrue(why.contains("events were removed from its end"), why)
        // The last event edited, then a new event chained onto the edit: still named.
        var edited = whole
        edited.replaceSubrange(edited.range(of: Data("\"three\"".utf8))!, with: Data("\"THREE\"".utf8))
        try put(edited)
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "four"))
        guard case .broken(let l2, let why2) = j.verify() else { return XCTFail("edited last event not seen") }
        XCTAssertEqual(l2, 3); XCTAssertTrue(why2.contains("not the event last written here"), why2)
        // Emptied: named at line 1.
        try put(Data())
        guard case .broken(1, _) = j.verify() else { return XCTFail("emptied journal not seen") }
        // The original three restored: "four" is missing, and that is said too.
        try put(whole)
        guard case .broken(4, let why3) = j.verify() else { return XCTFail("lost fourth event not seen") }
        XCTAssertTrue(why3.contains("removed from its end"), why3)
        // Only the line end of the last event cut off: the next writer closes it, nothing lost.
        let (k, _) = journal()
        for t in ["a", "b"] { try k.append(JournalEvent(kind: .note, customerId: "C1", text: t)) }
        let kd = try Data(contentsOf: URL(fileURLWithPath: k.path))
        try kd.dropLast().write(to: URL(fileURLWithPath: k.path))
        try k.append(JournalEvent(kind: .note, customerId: "C1", text: "c"))
        XCTAssertEqual(k.verify(), .intact(events: 3, tornLines: []))
        XCTAssertEqual(k.read().events.map(\.text), ["a", "b", "c"])
    }

    /// A lock held by a stuck process: the writer gives up after its timeout and says so,
    /// instead of freezing (a trial froze the dashboard for 30 s with `flock … sleep 30`).
    func testAWriterGivesUpOnALockHeldTooLong() throws {
        let (j, _) = journal()
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "first"))
        let fd = open(j.path, O_RDONLY)
        defer { close(fd) }
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        XCTAssertThrowsError(try j.append(JournalEvent(kind: .note, customerId: "C1", text: "second"), lockTimeout: 0.3)) { e in
            XCTAssertTrue("\(e)".contains("locked by another process"), "\(e)")
        }
        XCTAssertEqual(flock(fd, LOCK_UN), 0)
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "second"), lockTimeout: 0.3)
        XCTAssertEqual(j.read().events.map(\.text), ["first", "second"])
    }

    /// A writer killed after writing only "{" (a file-size limit, a trial) leaves a fragment
    /// shorter than any event's start: it is a torn line, not a hand edit.
    func testAShortFragmentOfAKilledWriterIsATornLine() throws {
        let (j, _) = journal()
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "one"))
        let h = FileHandle(forWritingAtPath: j.path)!
        h.seekToEndOfFile(); h.write(Data("{\"id".utf8)); h.closeFile()
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "two"))
        XCTAssertEqual(j.verify(), .intact(events: 2, tornLines: [2]))
        XCTAssertTrue(Journal.looksTorn(Array("{".utf8)))
        XCTAssertFalse(Journal.looksTorn(Array("{x".utf8)))
    }

    /// A note saved while the ledger folder is moved away fails and says so: it does not
    /// create a ghost folder of the old name with a journal of its own (a trial).
    func testAWriterNeverCreatesTheLedgerFolder() throws {
        let dir = NSTemporaryDirectory() + "ardash-ghost-" + UUID().uuidString
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: dir + ".moved") }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let j = Journal(folder: dir, config: LedgerConfig())
        try j.append(JournalEvent(kind: .note, customerId: "C1", text: "before"))
        try FileManager.default.moveItem(atPath: dir, toPath: dir + ".moved")
        XCTAssertThrowsError(try j.append(JournalEvent(kind: .note, customerId: "C1", text: "after"))) { e in
            XCTAssertTrue("\(e)".contains("is gone (moved or deleted): not saved"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
    }

    func testAnnotationsFoldFlagsPromisesFollowUpsAndAssignments() {
        let events = [
            JournalEvent(kind: .flagSet, customerId: "C1", flag: .dispute, user: "amelie"),
            JournalEvent(kind: .flagSet, customerId: "C1", flag: .promise, date: date("2024-03-15"), amount: "500.00", currency: "EUR", user: "bruno", at: "2024-03-01T09:00:00Z"),
            JournalEvent(kind: .flagSet, customerId: "C1", documentId: "D1", flag: .creditHold),
            JournalEvent(kind: .flagClear, customerId: "C1", flag: .dispute),
            JournalEvent(kind: .followUp, customerId: "C1", date: date("2024-03-20")),
            JournalEvent(kind: .assign, customerId: "C1", collector: "chloe"),
            JournalEvent(kind: .note, customerId: "C1", text: "called"),
        ]
        let a = Annotations(events)
        let c = a.customer("C1")!
        XCTAssertEqual(c.flags, [.promise])
        XCTAssertEqual(c.letters, "P")
        XCTAssertEqual(c.promise?.date.description, "2024-03-15")
        XCTAssertEqual(c.promise?.madeOn.description, "2024-03-01")
        XCTAssertEqual(c.followUp?.description, "2024-03-20")
        XCTAssertEqual(c.collector, "chloe")
        XCTAssertEqual(c.timeline.count, 6)
        XCTAssertEqual(a.document(customer: "C1", "D1")?.letters, "H")
    }

    func testBrokenPromise() throws {
        let l = try TempLedger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,2024-01-01,2024-01-31,EUR,1000.00\n",
                                "payments.csv": "payment_id,customer_id,payment_date,amount,document_id\nP1,C1,2024-03-10,200.00,D1\n"]).load()
        let p = PromiseToPay(date: date("2024-03-15"), amount: "500.00", currency: "EUR", madeOn: date("2024-03-01"), by: "x")
        XCTAssertFalse(Annotations.isBroken(p, customer: 0, ledger: l, asOf: date("2024-03-15")))   // not yet passed
        XCTAssertTrue(Annotations.isBroken(p, customer: 0, ledger: l, asOf: date("2024-03-16")))    // 200 < 500
        let kept = PromiseToPay(date: date("2024-03-15"), amount: "200.00", currency: "EUR", madeOn: date("2024-03-01"), by: "x")
        XCTAssertFalse(Annotations.isBroken(kept, customer: 0, ledger: l, asOf: date("2024-03-16")))
    }

    /// A promise in another currency than the payments (a trial's GBP customer promising
    /// 18.00 EUR): payments count at their value in the report's currency on the day they
    /// came in. GBP at 1.20: 15.00 GBP = 18.00 EUR keeps it, 14.99 GBP = 17.99 EUR breaks
    /// it. JPY at 0.0062: 100,000 JPY = 620.00 EUR breaks a 1,000.00 EUR promise (it was
    /// read as 1,000.00 EUR, the same minor units).
    func testBrokenPromiseAcrossCurrencies() throws {
        func ledger(_ payments: String) throws -> Ledger {
            try TempLedger(["ardash.toml": "reporting_currency = \"EUR\"\n",
                            "fx.csv": "date,currency,rate\n2026-01-01,GBP,1.20\n2026-01-01,JPY,0.0062\n",
                            "customers.csv": "customer_id,name,currency\nG,Gulf,GBP\nJ,Juno,JPY\n",
                            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nG1,G,2026-10-01,2026-10-31,GBP,100.00\nJ1,J,2026-10-01,2026-10-31,JPY,300000\n",
                            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\n" + payments]).load()
        }
        let euros = PromiseToPay(date: date("2026-12-04"), amount: "18.00", currency: "EUR", madeOn: date("2026-12-01"), by: "x")
        XCTAssertFalse(Annotations.isBroken(euros, customer: 0, ledger: try ledger("PG,G,2026-12-03,GBP,15.00,G1\n"), asOf: date("2026-12-06")))
        XCTAssertTrue(Annotations.isBroken(euros, customer: 0, ledger: try ledger("PG,G,2026-12-03,GBP,14.99,G1\n"), asOf: date("2026-12-06")))
        let big = PromiseToPay(date: date("2026-12-04"), amount: "1000.00", currency: "EUR", madeOn: date("2026-12-01"), by: "x")
        XCTAssertTrue(Annotations.isBroken(big, customer: 1, ledger: try ledger("PJ,J,2026-12-03,JPY,100000,J1\n"), asOf: date("2026-12-06")))
        // 161,291 JPY × 0.0062 = 1,000.0042 EUR, 1,000.00 rounded: kept.
        XCTAssertFalse(Annotations.isBroken(big, customer: 1, ledger: try ledger("PJ,J,2026-12-03,JPY,161291,J1\n"), asOf: date("2026-12-06")))
        // No CHF rate: the promise cannot be judged and is not called broken (a broken one
        // lifts the dunning pause: a letter to a customer who paid, a trial's objection);
        // recording one is refused (`canCompare`).
        let francs = PromiseToPay(date: date("2026-12-04"), amount: "10.00", currency: "CHF", madeOn: date("2026-12-01"), by: "x")
        XCTAssertFalse(Annotations.isBroken(francs, customer: 0, ledger: try ledger("PG,G,2026-12-03,GBP,500.00,G1\n"), asOf: date("2026-12-06")))
        XCTAssertFalse(try ledger("").canCompare(Currency(code: "CHF")!, Currency(code: "GBP")!))
        XCTAssertTrue(try ledger("").canCompare(Currency(code: "EUR")!, Currency(code: "GBP")!))
        // In the payments' own currency nothing is converted: 15.00 GBP against 15.00 GBP.
        let pounds = PromiseToPay(date: date("2026-12-04"), amount: "15.00", currency: "GBP", madeOn: date("2026-12-01"), by: "x")
        XCTAssertFalse(Annotations.isBroken(pounds, customer: 0, ledger: try ledger("PG,G,2026-12-03,GBP,15.00,G1\n"), asOf: date("2026-12-06")))
    }

    func testTypedTextKeepsLineBreaksOnly() {
        XCTAssertEqual(JournalEvent.cleanText("a\u{1B}[31mb\u{07}\r\nc\td\u{202E}e\u{9B}"), "a[31mb\nc de")
    }

    /// A promise's amount is grouped as other amounts are ("20000.00" beside grouped
    /// balances read as another figure at a glance: trial 15), in the screen's style when
    /// given; text that is not a plain decimal is shown as recorded.
    func testPromiseAmountsAreGrouped() {
        func promise(_ a: String?, _ c: String? = "USD") -> PromiseToPay {
            PromiseToPay(date: date("2026-12-04"), amount: a, currency: c, madeOn: date("2026-12-01"), by: "x")
        }
        XCTAssertEqual(promise("20000.00").amountText, "20,000.00 USD")
        XCTAssertEqual(promise("1234567", "JPY").amountText, "1,234,567 JPY")
        XCTAssertEqual(promise("950.00", nil).amountText, "950.00")
        XCTAssertEqual(promise("12.345", "KWD").amountText, "12.345 KWD")
        XCTAssertEqual(promise("-5.00").amountText, "-5.00 USD")
        XCTAssertEqual(promise("about 20k").amountText, "about 20k USD")
        XCTAssertNil(promise(nil).amountText)
        XCTAssertEqual(promise("20000.00").amountText { Money.grouped($0, digits: $1, separator: "\u{202F}", decimal: ",") }, "20\u{202F}000,00 USD")
    }
}
