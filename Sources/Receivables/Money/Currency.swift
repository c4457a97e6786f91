/// An ISO 4217 currency: a three-letter code and the number of minor-unit digits.
///
/// The code is stored packed in a `UInt32` (three ASCII letters), so a currency is a
/// trivially copyable 8-byte value that costs nothing to store per document.
/// Minor digits come from the ISO 4217 list (JPY 0, EUR 2, BHD 3, CLF 4…); a well-formed
/// code that is not in the list is accepted with 2 digits and reported by the loader.
public struct Currency: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The three ASCII letters packed big-endian into the low 24 bits.
    public let packed: UInt32
    /// Number of digits after the decimal point in the minor unit (0…4); one byte so
    /// that `Money` stays 16 bytes.
    private let digits: UInt8
    /// Number of digits after the decimal point in the minor unit (0…4).
    public var minorDigits: Int { Int(digits) }

    /// Creates a currency from a three-letter code ("EUR", "jpy" is uppercased).
    /// Returns nil unless the code is exactly three ASCII letters.
    public init?(code: String) {
        var bytes = Array(code.utf8)
        guard bytes.count == 3 else { return nil }
        for i in 0..<3 {
            if bytes[i] >= 0x61 && bytes[i] <= 0x7A { bytes[i] -= 0x20 }
            guard bytes[i] >= 0x41 && bytes[i] <= 0x5A else { return nil }
        }
        self.init(asciiUppercase: bytes[0], bytes[1], bytes[2])
    }

    init(asciiUppercase a: UInt8, _ b: UInt8, _ c: UInt8) {
        let p = UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
        packed = p
        digits = Currency.digitsBySlot[Currency.slot(p)]
    }

    /// Position of a code of three uppercase ASCII letters in 26³ (a flat table is read
    /// per loaded row: no hashing).
    @inline(__always)
    static func slot(_ p: UInt32) -> Int {
        (Int(p >> 16 & 0xFF) - 65) * 676 + (Int(p >> 8 & 0xFF) - 65) * 26 + (Int(p & 0xFF) - 65)
    }

    /// Minor digits per slot (2 for a code not in the list).
    private static let digitsBySlot: [UInt8] = {
        var t = [UInt8](repeating: 2, count: 26 * 26 * 26)
        for (p, d) in digitsTable { t[slot(p)] = d }
        return t
    }()

    /// Whether each slot is an ISO 4217 code in `known`.
    private static let knownBySlot: [Bool] = {
        var t = [Bool](repeating: false, count: 26 * 26 * 26)
        for p in known { t[slot(p)] = true }
        return t
    }()

    /// The three-letter code, e.g. "EUR".
    public var code: String {
        String(decoding: [UInt8(packed >> 16 & 0xFF), UInt8(packed >> 8 & 0xFF), UInt8(packed & 0xFF)],
               as: UTF8.self)
    }

    public var description: String { code }

    /// Whether the code is in the ISO 4217 list of active codes known to ardash.
    public var isKnownISO4217: Bool { Currency.knownBySlot[Currency.slot(packed)] }

    /// 10^minorDigits: the number of minor units in one major unit.
    public var minorPerMajor: Int64 { Currency.powersOfTen[minorDigits] }

    public static func < (a: Currency, b: Currency) -> Bool { a.packed < b.packed }

    /// 10^0 … 10^18 (the largest power of ten an Int64 holds).
    static let powersOfTen: [Int64] = (0...18).map { n in (0..<n).reduce(Int64(1)) { a, _ in a * 10 } }

    private static func pack(_ s: String) -> UInt32 {
        let b = Array(s.utf8)
        return UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
    }

    /// Codes whose minor unit is not 2 digits (ISO 4217 list one, 2024 edition).
    private static let digitsTable: [UInt32: UInt8] = {
        var t: [UInt32: UInt8] = [:]
        for c in ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                  "UYI", "VND", "VUV", "XAF", "XOF", "XPF"] { t[pack(c)] = 0 }
        for c in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] { t[pack(c)] = 3 }
        for c in ["CLF", "UYW"] { t[pack(c)] = 4 }
        return t
    }()

    /// Active ISO 4217 codes (list one, 2024 edition).
    private static let known: Set<UInt32> = Set("""
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN \
        BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
        ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD \
        JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT \
        MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG \
        QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT \
        TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF \
        XPF YER ZAR ZMW ZWG
        """.split(separator: " ").map { pack(String($0)) })

    public static let EUR = Currency(code: "EUR")!
    public static let USD = Currency(code: "USD")!
}
