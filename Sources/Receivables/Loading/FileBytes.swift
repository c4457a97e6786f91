import Glibc

/// Reading a file's bytes and bringing them to UTF-8.
enum FileBytes {
    /// Result of scanning bytes for UTF-8 validity.
    struct UTF8Scan {
        var isASCII = true
        /// Well-formed multi-byte sequences seen.
        var multibyteSequences = 0
        /// Offsets of bytes that start no well-formed sequence, ascending.
        var invalidOffsets: [Int] = []
    }

    /// Validates UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    static func scanUTF8(_ b: UnsafeBufferPointer<UInt8>) -> UTF8Scan {
        var scan = UTF8Scan()
        let n = b.count
        var i = 0
        while i < n {
            // Fast path: 32, then 8 ASCII bytes at a time.
            if i + 32 <= n {
                let p = UnsafeRawPointer(b.baseAddress! + i)
                let w = p.loadUnaligned(as: UInt64.self) | p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 { i += 32; continue }
            }
            if i + 8 <= n {
                let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            scan.isASCII = false
            var len = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: len = 3
            case 0xED: len = 3; hi = 0x9F
            case 0xF0: len = 4; lo = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; hi = 0x8F
            default: len = 0
            }
            var ok = len > 0 && i + len <= n
            if ok {
                for k in 1..<len {
                    let x = b[i + k]
                    if k == 1 { if x < lo || x > hi { ok = false; break } }
                    else if x < 0x80 || x > 0xBF { ok = false; break }
                }
            }
            if ok { scan.multibyteSequences += 1; i += len } else { scan.invalidOffsets.append(i); i += 1 }
        }
        return scan
    }

    /// Windows-1252 to UTF-8. Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D (undefined) map to the C1
    /// controls of the same value, as the WHATWG encoding standard does.
    static func windows1252ToUTF8(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        for c in b {
            if c < 0x80 { out.append(c); continue }
            let scalar: UInt32 = c >= 0xA0 ? UInt32(c) : cp1252High[Int(c - 0x80)]
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 { out.append(UInt8(v)) }
        else if v < 0x800 { out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F)) }
        else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Unicode scalars of Windows-1252 bytes 0x80–0x9F.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
