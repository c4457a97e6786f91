/// How dates in one CSV column are written. Decided once per file (config or detection),
/// never per value.
///
/// Day and month accept one or two digits in the separated formats. A time part after
/// the date ("2024-01-10 23:00:00", "2024-01-10T23:00:00Z") is ignored: the civil date is
/// the one written, never shifted by a zone.
public enum DateFormat: String, Sendable, CaseIterable, Equatable {
    case isoDate = "yyyy-MM-dd"
    case dayMonthYear = "dd/MM/yyyy"
    case monthDayYear = "MM/dd/yyyy"
    case compact = "yyyyMMdd"
    case excelSerial = "excel"

    /// How a row's message names the format: the day-first and month-first forms read
    /// '/', '.' and '-' alike, and a file of dotted dates was said to be "dd/MM/yyyy".
    public var label: String {
        switch self {
        case .dayMonthYear: return "day first: dd/MM/yyyy, dd.MM.yyyy or dd-MM-yyyy"
        case .monthDayYear: return "month first: MM/dd/yyyy or MM-dd-yyyy"   // dotted dates are day first
        default: return rawValue
        }
    }

    /// Parses a config value: `yyyy-MM-dd`, `dd/MM/yyyy` (also `d/M/yyyy`, `dd.MM.yyyy`,
    /// `dd-MM-yyyy`), `MM/dd/yyyy` (also `M/d/yyyy`), `yyyyMMdd`, `excel`.
    public init?(config: String) {
        switch config {
        case "yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd": self = .isoDate
        case "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "d.M.yyyy", "dd-MM-yyyy", "d-M-yyyy": self = .dayMonthYear
        case "MM/dd/yyyy", "M/d/yyyy", "MM-dd-yyyy", "M-d-yyyy", "MM.dd.yyyy": self = .monthDayYear
        case "yyyyMMdd": self = .compact
        case "excel": self = .excelSerial
        default: return nil
        }
    }

    /// Parses `bytes[range]`; nil when the text is not a valid date in this format.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> CivilDate? {
        // The common cell, "2026-06-30" alone: read in place (three dates a row at a
        // million rows; the general path below trims, looks for a time and splits).
        if self == .isoDate && range.count == 10, let d = Self.plainISO(bytes, range.lowerBound) { return d }
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && bytes[lo] == 0x20 { lo += 1 }
        while hi > lo && bytes[hi - 1] == 0x20 { hi -= 1 }
        // Drop a time part: the first ' ' or 'T' after the date digits.
        var end = lo
        while end < hi && bytes[end] != 0x20 && bytes[end] != UInt8(ascii: "T") { end += 1 }
        if end < hi && end - lo < 6 { return nil }
        hi = end
        guard lo < hi else { return nil }
        switch self {
        case .excelSerial:
            // A time of day is a fraction: "45292.5" is noon on 2024-01-01. Serials below 61
            // fall before Excel's phantom 1900-02-29 and are refused rather than shifted.
            var end = lo
            while end < hi && bytes[end] != UInt8(ascii: ".") && bytes[end] != UInt8(ascii: ",") { end += 1 }
            if end < hi { for k in (end + 1)..<hi where !(bytes[k] >= 0x30 && bytes[k] <= 0x39) { return nil } }
            guard let n = Self.number(bytes, lo, end), n >= 61, n <= 2_958_465 else { return nil }
            // Serial day 0 = 1899-12-30 (Excel's 1900 system, which counts the phantom
            // 1900-02-29, so serials from 61 on line up with this epoch).
            return CivilDate(daysSinceEpoch: Int32(n - 25569))
        case .compact:
            guard hi - lo == 8, let y = Self.number(bytes, lo, lo + 4), let m = Self.number(bytes, lo + 4, lo + 6),
                  let d = Self.number(bytes, lo + 6, hi) else { return nil }
            return CivilDate(year: y, month: m, day: d)
        case .isoDate:
            guard let (a, b, c) = Self.threeParts(bytes, lo, hi), a.count == 4 else { return nil }
            return CivilDate(year: a.value, month: b.value, day: c.value)
        case .dayMonthYear, .monthDayYear:
            guard let (a, b, c) = Self.threeParts(bytes, lo, hi), c.count == 4, a.count <= 2, b.count <= 2
            else { return nil }
            // Dates written with dots are day first wherever they are written; none is read
            // month first (one "03.13.2024" had flipped a whole dotted file: trial 14).
            if self == .monthDayYear && bytes[lo + a.count] == UInt8(ascii: ".") { return nil }
            return self == .dayMonthYear ? CivilDate(year: c.value, month: b.value, day: a.value)
                                         : CivilDate(year: c.value, month: a.value, day: b.value)
        }
    }

    /// Convenience for tests and small inputs.
    public func parse(_ text: String) -> CivilDate? {
        let b = Array(text.utf8)
        return b.withUnsafeBufferPointer { parse($0, 0..<$0.count) }
    }

    /// "yyyy-MM-dd" at `lo` (ten bytes): the date, or nil for anything else, which the
    /// general path then reads (and rejects the same way).
    @inline(__always)
    static func plainISO(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int) -> CivilDate? {
        guard b[lo + 4] == UInt8(ascii: "-"), b[lo + 7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? { let d = Int(b[lo + i]) &- 0x30; return d >= 0 && d <= 9 ? d : nil }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9) else { return nil }
        return CivilDate.modern(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int? {
        guard lo < hi, hi - lo <= 9 else { return nil }
        var v = 0
        for i in lo..<hi {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    /// Splits "a/b/c" (separator '/', '-' or '.', the same twice) into three numbers with
    /// their digit counts, without allocating.
    @inline(__always)
    static func threeParts(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int)
        -> ((value: Int, count: Int), (value: Int, count: Int), (value: Int, count: Int))? {
        var values = (0, 0, 0), counts = (0, 0, 0)
        var part = 0, sep: UInt8 = 0, value = 0, count = 0
        var i = lo
        while i < hi {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                value = value * 10 + Int(c - 0x30); count += 1
                if count > 9 { return nil }
            } else if c == UInt8(ascii: "/") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") {
                if sep == 0 { sep = c } else if sep != c { return nil }
                guard count > 0, part < 2 else { return nil }
                if part == 0 { values.0 = value; counts.0 = count } else { values.1 = value; counts.1 = count }
                part += 1; value = 0; count = 0
            } else {
                return nil
            }
            i += 1
        }
        guard part == 2, count > 0 else { return nil }
        values.2 = value; counts.2 = count
        return ((values.0, counts.0), (values.1, counts.1), (values.2, counts.2))
    }
}
