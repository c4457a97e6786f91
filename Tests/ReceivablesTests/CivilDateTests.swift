import XCTest
import Glibc
@testable import Receivables

final class CivilDateTests: XCTestCase {
    /// The loader's division-free reading of 1970–2099 gives what the general one gives
    /// for every year, month and day number from 1968 to 2101, valid or not (2000-02-29
    /// exists, 2100-02-29 does not; 1972-03-01 is day 790: 730 + 31 + 29).
    func testModernDatesAgreeWithTheGeneralInitialiser() {
        for y in 1968...2101 {
            for m in 0...13 {
                for d in 0...32 {
                    XCTAssertEqual(CivilDate.modern(year: y, month: m, day: d), CivilDate(year: y, month: m, day: d), "\(y)-\(m)-\(d)")
                }
            }
        }
        XCTAssertEqual(CivilDate.modern(year: 1972, month: 3, day: 1)?.daysSinceEpoch, 790)
        XCTAssertNotNil(CivilDate.modern(year: 2000, month: 2, day: 29))
        XCTAssertNil(CivilDate.modern(year: 2100, month: 2, day: 29))
    }

    func testRoundTripsAndArithmetic() {
        XCTAssertEqual(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch, 0)
        XCTAssertEqual(date("2024-03-31").days(until: date("2024-03-31")), 0)
        XCTAssertEqual(date("2024-02-29").days(until: date("2024-03-31")), 31)   // leap year
        XCTAssertEqual(date("2023-12-01").days(until: date("2024-03-31")), 121)
        XCTAssertEqual(date("2020-07-31").days(until: date("2025-03-30")), 1703)
        XCTAssertNil(CivilDate(year: 2023, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 2024, month: 13, day: 1))
        XCTAssertEqual(date("1899-12-30").description, "1899-12-30")
        XCTAssertEqual(date("2000-02-29").addingMonths(12).description, "2001-02-28")
        XCTAssertEqual(date("2024-11-29").isoWeekday, 5)   // a Friday
    }

    func testMonthArithmeticClampsToMonthEnd() {
        XCTAssertEqual(date("2024-01-31").addingMonths(1).description, "2024-02-29")
        XCTAssertEqual(date("2023-01-31").addingMonths(1).description, "2023-02-28")
        XCTAssertEqual(date("2024-03-31").addingMonths(-1).description, "2024-02-29")
        XCTAssertEqual(date("2024-12-15").addingMonths(2).description, "2025-02-15")
        XCTAssertEqual(date("2024-02-10").endOfMonth.description, "2024-02-29")
        XCTAssertEqual(date("2100-02-10").endOfMonth.description, "2100-02-28")   // not a leap year
    }

    /// BR-13: "today" is the calendar day where the user is, never a UTC instant.
    func testTodayIsTheLocalCalendarDay() {
        let saved = getenv("TZ").map { String(cString: $0) }
        defer { if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }; tzset() }
        // 2025-11-21 01:00 UTC = 2025-11-20 22:00 in São Paulo (UTC−3).
        let t1 = (Int(date("2025-11-21").daysSinceEpoch) * 86400) + 3600
        setenv("TZ", "America/Sao_Paulo", 1); tzset()
        XCTAssertEqual(CivilDate.today(epochSeconds: t1).description, "2025-11-20")
        // 2025-11-20 19:00 UTC = 2025-11-21 09:00 at Kiritimati (UTC+14).
        let t2 = (Int(date("2025-11-20").daysSinceEpoch) * 86400) + 19 * 3600
        setenv("TZ", "Pacific/Kiritimati", 1); tzset()
        XCTAssertEqual(CivilDate.today(epochSeconds: t2).description, "2025-11-21")
        setenv("TZ", "UTC", 1); tzset()
        XCTAssertEqual(CivilDate.today(epochSeconds: (Int(date("2025-11-20").daysSinceEpoch) * 86400) + 12 * 3600).description, "2025-11-20")
    }

    func testDateFormats() {
        XCTAssertEqual(DateFormat.isoDate.parse("2024-01-10")?.description, "2024-01-10")
        XCTAssertEqual(DateFormat.dayMonthYear.parse("18/05/2015")?.description, "2015-05-18")
        XCTAssertEqual(DateFormat.dayMonthYear.parse("1.6.2015")?.description, "2015-06-01")
        XCTAssertEqual(DateFormat.monthDayYear.parse("1/26/2013")?.description, "2013-01-26")
        XCTAssertNil(DateFormat.monthDayYear.parse("26/1/2013"))
        XCTAssertEqual(DateFormat.compact.parse("20240229")?.description, "2024-02-29")
        XCTAssertNil(DateFormat.compact.parse("20230229"))
        // Excel serials count from 1899-12-30: 45000 is 2023-03-15, 60 is 1900-02-28.
        XCTAssertEqual(DateFormat.excelSerial.parse("45000")?.description, "2023-03-15")
        XCTAssertEqual(DateFormat.excelSerial.parse("61")?.description, "1900-03-01")
        // A time part never shifts the civil date (BR-13).
        XCTAssertEqual(DateFormat.isoDate.parse("2025-11-20T23:30:00-03:00")?.description, "2025-11-20")
        XCTAssertEqual(DateFormat.isoDate.parse("2025-11-20 00:00:00")?.description, "2025-11-20")
        XCTAssertNil(DateFormat.isoDate.parse("2025-11-31"))
        XCTAssertNil(DateFormat.isoDate.parse("yesterday"))
        // Ten bytes read in place, else by the general path: the same answers.
        XCTAssertEqual(DateFormat.isoDate.parse("2024-02-29")?.daysSinceEpoch, 19782)   // 54 years of 365 days + 13 leap days + 59
        XCTAssertNil(DateFormat.isoDate.parse("2023-02-29"))
        XCTAssertNil(DateFormat.isoDate.parse("2024-13-01"))
        XCTAssertNil(DateFormat.isoDate.parse("2024-00-10"))
        XCTAssertNil(DateFormat.isoDate.parse("2024-1a-10"))
        XCTAssertNil(DateFormat.isoDate.parse("0000-01-10"))
        XCTAssertEqual(DateFormat.isoDate.parse("2024/01/10")?.description, "2024-01-10")
        XCTAssertEqual(DateFormat.isoDate.parse(" 2024-1-10")?.description, "2024-01-10")
        XCTAssertNil(DateFormat.dayMonthYear.parse("12/05/15"))
        XCTAssertEqual(DateFormat(config: "d/M/yyyy"), .dayMonthYear)
        XCTAssertEqual(DateFormat(config: "M/d/yyyy"), .monthDayYear)
        XCTAssertNil(DateFormat(config: "dd-MMM-yy"))
    }

    /// BR-10 and the terms syntax of DESIGN.md.
    func testPaymentTerms() {
        func due(_ terms: String, _ d: String) -> String { PaymentTerms(terms)!.dueDate(for: date(d)).description }
        XCTAssertEqual(due("30", "2024-01-10"), "2024-02-09")
        XCTAssertEqual(due("1M", "2024-01-31"), "2024-02-29")
        XCTAssertEqual(due("1M", "2023-01-31"), "2023-02-28")
        XCTAssertEqual(due("45EOM", "2024-01-20"), "2024-03-31")      // +45 = 03-05, then month end
        XCTAssertEqual(due("EOM45", "2024-01-20"), "2024-03-16")      // 01-31 + 45
        XCTAssertEqual(due("EOM+1M", "2025-02-10"), "2025-03-31")     // BR-10 D1
        XCTAssertEqual(due("EOM+1M", "2020-06-11"), "2020-07-31")     // BR-10 D2
        XCTAssertEqual(due("EOM+1M", "2024-01-31"), "2024-02-29")     // BR-10 D3
        XCTAssertEqual(due("EOM+10", "2024-01-20"), "2024-02-10")
        XCTAssertEqual(due("EOM+31", "2024-01-20"), "2024-02-29")
        XCTAssertEqual(due("eom + 1m", "2025-02-10"), "2025-03-31")
        XCTAssertNil(PaymentTerms("net thirty"))
        XCTAssertNil(PaymentTerms("EOM+"))
        XCTAssertNil(PaymentTerms("ZB30"))
        XCTAssertNil(PaymentTerms("NET"))
        // ERP wordings of net days (a trial's "Net 30" rejected every customer row).
        for t in ["Net 30", "NET30", "N30", "30 days", "30 Days Net", "Net 30 days", "2/10 Net 30", "30 Tage", "30 jours"] {
            XCTAssertEqual(PaymentTerms(t), .netDays(30), t)
        }
        XCTAssertEqual(PaymentTerms("Due on receipt"), .netDays(0))
        // Not guessed: "Net 30 EOM" is +30 then month end in some ledgers, month end then
        // +30 in others (trial 14); 30EOM and EOM30 say which.
        XCTAssertNil(PaymentTerms("Net 30 EOM"))
        for t in ["2/10 N30", "n/30", "N/30", "2/10, n/30", "30 Tage netto", "netto 30 Tage", "30D", "Net 30."] {
            XCTAssertEqual(PaymentTerms(t), .netDays(30), t)
        }
        XCTAssertEqual(PaymentTerms("Due upon receipt"), .netDays(0))
        XCTAssertEqual(PaymentTerms("Payable on receipt"), .netDays(0))
        XCTAssertEqual(PaymentTerms("45eom")!.description, "45EOM")
    }

    /// Arithmetic past 9999 (SAP writes 9999-12-31 for "no end"): a document of that date
    /// crashed the customer card, whose lawful-terms check looks 45 days past the month's
    /// end. 10000 is a leap year (divisible by 400).
    func testArithmeticPastTheYear9999() {
        let last = date("9999-12-31")
        XCTAssertEqual(last.advanced(by: 45).description, "10000-02-14")
        XCTAssertEqual(last.advanced(by: 45).endOfMonth.description, "10000-02-29")
        XCTAssertEqual(last.addingMonths(2).description, "10000-02-29")
        XCTAssertEqual(last.advanced(by: 1).startOfMonth.description, "10000-01-01")
        // max(d + 60, (d + 45).endOfMonth, d.endOfMonth + 45) = max(10000-02-29, 10000-02-29, 10000-02-14)
        XCTAssertEqual(TermsCompliance.latestLawfulDueDate(last).description, "10000-02-29")
        XCTAssertEqual(PaymentTerms("EOM+1M")!.dueDate(for: last).description, "10000-01-31")
        // Every kind of terms (trial 19: EOM+10 crashed every command on such a document).
        XCTAssertEqual(PaymentTerms("EOM+10")!.dueDate(for: last).description, "10000-01-10")
        XCTAssertEqual(PaymentTerms("EOM45")!.dueDate(for: last).description, "10000-02-14")
        XCTAssertEqual(PaymentTerms("45EOM")!.dueDate(for: last).description, "10000-02-29")
        XCTAssertEqual(PaymentTerms("2M")!.dueDate(for: last).description, "10000-02-29")
        XCTAssertEqual(PaymentTerms("30")!.dueDate(for: last).description, "10000-01-30")
        XCTAssertNil(CivilDate(year: 10000, month: 1, day: 1))   // never read from a file
    }
}
