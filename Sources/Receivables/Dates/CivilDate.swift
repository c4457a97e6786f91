import Glibc

/// A calendar date with no time and no time zone: the date printed on an invoice.
///
/// Stored as the count of days since 1970-01-01 (proleptic Gregorian), so differences are
/// plain integer subtraction and a date costs 4 bytes. Conversions use Howard Hinnant's
/// `days_from_civil` / `civil_from_days` algorithms
/// (https://howardhinnant.github.io/date_algorithms.html). Nothing here ever consults a
/// time zone except `today(…)`, which asks for the local calendar day of an instant.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Strideable {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a date from its parts; nil when the day does not exist (2023-02-29).
    /// A day whose parts are known to be valid (a month and a day in it), in any year:
    /// arithmetic may pass 9999 (an SAP "no end" date of 9999-12-31 plus terms), which a
    /// date read from a file never does.
    init(validYear year: Int, month: Int, day: Int) {
        self.daysSinceEpoch = Int32(clamping: CivilDate.daysFromCivil(year, month, day))
    }

    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1 && year <= 9999, month >= 1 && month <= 12, day >= 1,
              day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.daysSinceEpoch = Int32(CivilDate.daysFromCivil(year, month, day))
    }

    /// Parses "yyyy-MM-dd".
    public init?(iso text: String) {
        guard let d = DateFormat.isoDate.parse(text) else { return nil }
        self = d
    }

    public var year: Int { parts.year }
    public var month: Int { parts.month }
    public var day: Int { parts.day }

    /// (year, month 1–12, day 1–31).
    public var parts: (year: Int, month: Int, day: Int) { CivilDate.civilFromDays(Int(daysSinceEpoch)) }

    /// "yyyy-MM-dd".
    public var description: String {
        let p = parts
        return CivilDate.pad(p.year, 4) + "-" + CivilDate.pad(p.month, 2) + "-" + CivilDate.pad(p.day, 2)
    }

    /// "yyyy-MM", the month's label in monthly series.
    public var monthLabel: String { CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
    public func distance(to other: CivilDate) -> Int { Int(other.daysSinceEpoch) - Int(daysSinceEpoch) }
    public func advanced(by n: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + Int32(n)) }

    /// Days from `self` to `later` (negative when `later` is earlier).
    public func days(until later: CivilDate) -> Int { distance(to: later) }

    /// The same day `n` months later (or earlier), clamped to the end of a shorter month:
    /// 2024-01-31 + 1 month = 2024-02-29, 2023-01-31 + 1 month = 2023-02-28.
    public func addingMonths(_ n: Int) -> CivilDate {
        let p = parts
        let total = p.year * 12 + (p.month - 1) + n
        let y = total / 12, m = total % 12 + 1
        let d = min(p.day, CivilDate.daysInMonth(year: y, month: m))
        return CivilDate(validYear: y, month: m, day: d)
    }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        let p = parts
        return CivilDate(validYear: p.year, month: p.month, day: CivilDate.daysInMonth(year: p.year, month: p.month))
    }

    /// The first day of this date's month.
    public var startOfMonth: CivilDate { CivilDate(validYear: year, month: month, day: 1) }

    /// Number of days in this date's month (28–31).
    public var daysInMonth: Int { CivilDate.daysInMonth(year: year, month: month) }

    /// ISO weekday: 1 = Monday … 7 = Sunday. (1970-01-01 was a Thursday.)
    public var isoWeekday: Int {
        let w = (Int(daysSinceEpoch) % 7 + 7 + 3) % 7   // 0 = Monday
        return w + 1
    }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The calendar date, in the process's local time zone (`TZ`), of the instant
    /// `epochSeconds` (default: now). This is "today" for a credit controller: at
    /// 22:00 in São Paulo it is still today there, whatever the date in UTC.
    public static func today(epochSeconds: Int? = nil) -> CivilDate {
        var t = time_t(epochSeconds ?? Int(time(nil)))
        var tmv = tm()
        localtime_r(&t, &tmv)
        return CivilDate(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday))!
    }

    /// The local calendar day of a UTC time written "YYYY-MM-DDTHH:MM:SSZ" (the journal's
    /// `at`), nil when it is not in that form.
    public static func localDay(ofUTC text: String) -> CivilDate? {
        let b = Array(text.utf8)
        guard b.count >= 19, let day = CivilDate(iso: String(text.prefix(10))) else { return nil }
        func n(_ i: Int) -> Int? {
            guard b[i] >= 48 && b[i] <= 57 && b[i + 1] >= 48 && b[i + 1] <= 57 else { return nil }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard let h = n(11), let m = n(14), let s = n(17) else { return nil }
        return today(epochSeconds: Int(day.daysSinceEpoch) * 86_400 + h * 3600 + m * 60 + s)
    }

    /// `CivilDate(year:month:day:)` for the years 1970–2099 without a division: every
    /// fourth year from 1972 is a leap year there (2000 is one by the 400 rule), and the
    /// days before each month are constants. The loader reads three dates a row with it.
    /// Other years, and any invalid date, go to the general initialiser.
    @inline(__always)
    static func modern(year y: Int, month m: Int, day d: Int) -> CivilDate? {
        guard y >= 1970 && y <= 2099, d >= 1 else { return CivilDate(year: y, month: m, day: d) }
        let leap = y & 3 == 0
        let before: Int, length: Int
        switch m {
        case 1: before = 0; length = 31
        case 2: before = 31; length = leap ? 29 : 28
        case 3: before = 59; length = 31
        case 4: before = 90; length = 30
        case 5: before = 120; length = 31
        case 6: before = 151; length = 30
        case 7: before = 181; length = 31
        case 8: before = 212; length = 31
        case 9: before = 243; length = 30
        case 10: before = 273; length = 31
        case 11: before = 304; length = 30
        case 12: before = 334; length = 31
        default: return nil
        }
        guard d <= length else { return nil }
        // Leap days before 1 January of y: one for each of 1972, 1976, … below y.
        let days = 365 * (y - 1970) + (y - 1969) >> 2 + before + (leap && m > 2 ? 1 : 0) + d - 1
        return CivilDate(daysSinceEpoch: Int32(days))
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
