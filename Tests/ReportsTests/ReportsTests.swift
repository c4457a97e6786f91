import Foundation
import XCTest
import DisplayText
@testable import Receivables
@testable import Reports

final class ReportsTests: XCTestCase {
    func ledger(_ files: [String: String]) throws -> Ledger {
        let dir = NSTemporaryDirectory() + "ardash-rep-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (n, t) in files { try t.write(toFile: dir + "/" + n, atomically: true, encoding: .utf8) }
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return try LedgerLoader.load(folder: dir)
    }

    /// The JSON shape scripts rely on (issue 2), byte for byte.
    func testAgingJSONShape() throws {
        let l = try ledger(["customers.csv": "customer_id,name,currency\nC1,Client Alpha,EUR\n",
                            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD0,C1,2024-03-31,2024-03-31,EUR,100.00\nD31,C1,2024-02-29,2024-02-29,EUR,100.00\n"])
        let r = Aging.report(l, asOf: CivilDate(iso: "2024-03-31")!)
        let json = AgingReportRenderer(ledger: l, report: r).json().rendered(pretty: false)
        XCTAssertEqual(json, #"{"as_of":"2024-03-31","currency":"EUR","basis":"due_date","buckets":[{"label":"Current","amount":"100.00","count":1},{"label":"1-30","amount":"0.00","count":0},{"label":"31-60","amount":"100.00","count":1},{"label":"61-90","amount":"0.00","count":0},{"label":"91-120","amount":"0.00","count":0},{"label":"120+","amount":"0.00","count":0}],"total":"200.00","customers":[{"customer_id":"C1","name":"Client Alpha","buckets":["100.00","0.00","100.00","0.00","0.00","0.00"],"total":"200.00"}]}"#)
        // And it parses as JSON.
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(AgingReportRenderer(ledger: l, report: r).render(.json).utf8)))
    }

    /// `report customer` names the collector the journal assigns, as the dashboard's card
    /// and the letters do (a trial saw customers.csv's "ann" beside the card's "carol").
    func testCustomerReportNamesTheAssignedCollector() throws {
        let l = try ledger(["customers.csv": "customer_id,name,currency,collector\nA,Alpha,EUR,ann\n",
                            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nA1,A,2024-01-01,2024-01-31,EUR,10.00\n"])
        let r = Aging.report(l, asOf: CivilDate(iso: "2024-03-01")!)
        let p = CustomerProfiles.profile(l, customer: 0, aging: r)
        let assigned = CustomerReportRenderer(ledger: l, aging: r, profile: p, assignedCollector: "carol")
        XCTAssertTrue(assigned.render(.table).contains("Collector            carol"), assigned.render(.table))
        XCTAssertTrue(assigned.render(.json).contains(#""collector": "carol""#))
        XCTAssertTrue(CustomerReportRenderer(ledger: l, aging: r, profile: p).render(.json).contains(#""collector": "ann""#))
    }

    func testAgingByCurrencyWithoutFx() throws {
        let l = try ledger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nA,C1,2024-01-01,2024-01-31,EUR,1.00\nB,C1,2024-01-01,2024-01-31,JPY,500\n"])
        let r = Aging.report(l, asOf: CivilDate(iso: "2024-03-01")!)
        let obj = try JSONSerialization.jsonObject(with: Data(AgingReportRenderer(ledger: l, report: r).render(.json).utf8)) as! [String: Any]
        XCTAssertTrue(obj["currency"] is NSNull)
        let by = obj["by_currency"] as! [[String: Any]]
        XCTAssertEqual(by.map { $0["currency"] as! String }, ["EUR", "JPY"])
        XCTAssertEqual(by.map { $0["total"] as! String }, ["1.00", "500"])
    }

    func testOverdueAndDSOJSON() throws {
        let l = try ledger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,2024-03-10,2024-04-09,EUR,1000.00\n"])
        let asOf = CivilDate(iso: "2024-04-30")!
        let r = Aging.report(l, asOf: asOf)
        let overdue = OverdueReportRenderer(ledger: l, asOf: asOf, items: Overdue.list(l, aging: r)).render(.json)
        let o = try JSONSerialization.jsonObject(with: Data(overdue.utf8)) as! [String: Any]
        let item = (o["items"] as! [[String: Any]])[0]
        XCTAssertEqual(item["document_id"] as? String, "D1")
        XCTAssertEqual(item["customer_id"] as? String, "C1")
        XCTAssertEqual(item["due_date"] as? String, "2024-04-09")
        XCTAssertEqual(item["days_past_due"] as? Int, 21)
        XCTAssertEqual(item["open_amount"] as? String, "1000.00")
        XCTAssertEqual(item["currency"] as? String, "EUR")
        let series = DSO.series(l, asOf: asOf, months: 3, method: .period)!
        let dso = DSOReportRenderer(ledger: l, asOf: asOf, method: .period, series: [(Currency.EUR, series)], converted: true).render(.json)
        let d = try JSONSerialization.jsonObject(with: Data(dso.utf8)) as! [String: Any]
        let points = d["series"] as! [[String: Any]]
        XCTAssertEqual(points.map { $0["month"] as! String }, ["2024-02", "2024-03", "2024-04"])
        XCTAssertTrue(points[0]["dso"] is NSNull)
        XCTAssertEqual(points[1]["dso"] as? String, "31.0")
        XCTAssertTrue(points[2]["dso"] is NSNull)
    }

    /// BR-38: data never drives the terminal; JSON keeps it exact but escaped.
    func testControlCharactersAreNeutralised() {
        XCTAssertEqual(Sanitizer.clean("Evil\u{1B}]0;pwned\u{07} SA"), "Evil␛]0;pwned␇ SA")
        XCTAssertEqual(Sanitizer.clean("C1csi\u{9B}31m SA"), "C1csi\u{FFFD}31m SA")
        XCTAssertEqual(Sanitizer.clean("Bidi \u{202E}AS elpmaxE"), "Bidi \u{FFFD}AS elpmaxE")
        XCTAssertEqual(Sanitizer.clean("Exemple SARL\r\nService"), "Exemple SARL⏎Service")
        XCTAssertEqual(Sanitizer.clean("a\u{7F}b", ascii: true), "a^?b")
        XCTAssertEqual(Sanitizer.clean("a\u{1B}b", ascii: true), "a^[b")
        XCTAssertEqual(Sanitizer.clean("Société"), "Société")
        XCTAssertEqual(Sanitizer.clean("Société Ça 日本", ascii: true), "Societe Ca ????")
        var out = ""
        JSON.escape("a\u{1B}[2J\u{9B}\u{202E}\"é", into: &out)
        XCTAssertEqual(out, #""a\u001b[2J\u009b\u202e\"é""#)
        // Each control the fast path must not miss, alone in an otherwise plain name; and
        // letters beyond ASCII kept as they are ("«", "€", "日" share lead bytes with them).
        for (raw, escaped) in [("x\u{85}y", #""x\u0085y""#), ("x\u{061C}y", #""x\u061cy""#), ("x\u{200F}y", #""x\u200fy""#),
                               ("x\u{2066}y", #""x\u2066y""#), ("Négoce «€» 日本 ؟", #""Négoce «€» 日本 ؟""#)] {
            var o = ""
            JSON.escape(raw, into: &o)
            XCTAssertEqual(o, escaped)
        }
        var table = TextTable([.init("Name")])
        table.add(["Clear\u{1B}[2J\u{1B}[H SA"])
        XCTAssertFalse(table.rendered().unicodeScalars.contains { $0.value == 0x1B })
    }

    /// Emoji sequences are reduced to what every terminal draws alike; letters of other
    /// scripts are never touched, even with an emoji elsewhere in the text (a trial saw
    /// "क्षत्रिय 👍🏽" become "क् 👍" and "ශ්‍රී ලංකා" lose its vowel signs).
    func testClustersOfLettersAreKeptWhole() {
        XCTAssertEqual(Sanitizer.clean("क्षत्रिय 👍🏽"), "क्षत्रिय 👍")
        XCTAssertEqual(Sanitizer.clean("ශ්\u{200D}රී ලංකා 👍"), "ශ්\u{200D}රී ලංකා 👍")   // the joiner inside the conjunct stays
        XCTAssertEqual(Sanitizer.clean("a\u{200D}b 👍"), "ab 👍")                       // a joiner joining nothing goes
        XCTAssertEqual(Sanitizer.clean("👨\u{200D}👩\u{200D}👧 🇫🇷 ❤\u{FE0F}"), "👨 FR ❤")
        XCTAssertEqual(Sanitizer.clean("Café e\u{301} 👍"), "Café e\u{301} 👍")
    }

    func testDisplayWidthAndTruncation() {
        XCTAssertEqual(DisplayWidth.of("Société"), 7)
        XCTAssertEqual(DisplayWidth.of("株式会社"), 8)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)              // combining accent
        XCTAssertEqual(DisplayWidth.truncate("株式会社 東京", to: 5), "株式…")
        XCTAssertEqual(DisplayWidth.truncate("株式会社", to: 4), "株…")   // never half a wide character
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("abc", to: 4), "abc")
        XCTAssertEqual(DisplayWidth.pad("日本", to: 6, right: true), "  日本")
        var t = TextTable([.init("Name"), .init("Amount", .right)])
        t.add(["株式会社", "1.00"])
        t.add(["Alpha", "10.00"])
        let lines = t.rendered().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.map { DisplayWidth.of($0) }, [16, 16, 16, 16])
    }

    func testNumberStyles() {
        XCTAssertEqual(NumberStyle(sample: "1 234,56")?.format(123456789, digits: 2), "1 234 567,89")
        XCTAssertEqual(NumberStyle(sample: "1.234,56")?.format(-123456789, digits: 2), "-1.234.567,89")
        XCTAssertEqual(NumberStyle(sample: "1,234.56")?.format(100, digits: 2), "1.00")
        XCTAssertEqual(NumberStyle(sample: "1'234.56")?.format(123456, digits: 0), "123'456")
        XCTAssertEqual(NumberStyle(sample: "1234.56")?.format(123456789, digits: 2), "1234567.89")
        XCTAssertNil(NumberStyle(sample: "1,234,56"))
        XCTAssertNil(NumberStyle(sample: "EUR"))
    }

    func testCheckListsProblemsAsFileLineFieldReason() throws {
        let l = try ledger(["invoices.csv": "document_id,customer_id,document_date,amount,currency\nD1,C1,2024-01-10,abc,EUR\nD2,C1,2024-01-10,1.00,EUR\n"])
        let text = CheckReportRenderer(ledger: l).render(.table)
        XCTAssertTrue(text.contains("error   invoices.csv:2: amount: \"abc\": not a number; row rejected"), text)
        XCTAssertTrue(text.contains("1 row rejected; 1 error"), text)
    }
}

/// Spreadsheet formulas in CSV output are neutralised; numbers are not.
final class CSVInjectionTests: XCTestCase {
    func testFormulasGetAnApostropheNumbersDoNot() {
        XCTAssertEqual(CSVWriter.field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"")
        XCTAssertEqual(CSVWriter.field("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSVWriter.field("+33 1 00 00"), "'+33 1 00 00")
        XCTAssertEqual(CSVWriter.field("-500.00"), "-500.00")
        XCTAssertEqual(CSVWriter.field("+3"), "+3")
        XCTAssertEqual(CSVWriter.field("Société"), "Société")
        XCTAssertEqual(CSVWriter.row(["-", "="]), "'-,'=\n")
    }
}
