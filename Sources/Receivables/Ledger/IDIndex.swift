import Foundation
import CPrefetch
/// A hash index from id text to a row index, looked up straight from file bytes.
///
/// Loading a million documents and payments spends most of its time finding ids; a Swift
/// `Dictionary<String, Int32>` needs a `String` per lookup and SipHash per key. Here each
/// key becomes a 64-bit value stored with the row index in open-addressing slots (linear
/// probing, ≤ 50 % full), placed by the value's multiplicative hash:
/// - an ASCII id of at most 8 bytes *is* its value (its bytes, zero-padded, top bit 0), so
///   equal values mean equal ids and the row is never read to confirm (the cache miss
///   that dominated look-ups);
/// - any other id is hashed (64-bit FNV-1a with a final mix, top bit set) and confirmed by
///   comparing the caller's key for that index.
/// Ids stay exact text ("007" ≠ "7").
///
/// The slots are two halves, and a probe wraps within the half of its key's home slot,
/// so that the halves can be filled at once on two cores (`build`).
public struct IDIndex: Sendable {
    private var hashes: [UInt64]
    /// Row index + 1; 0 marks an empty slot.
    private var slots: [Int32]
    private var mask: Int
    /// Keys whose home is in the first / second half (each kept ≤ 3/4 full).
    private var halfCounts = (0, 0)
    public var count: Int { halfCounts.0 + halfCounts.1 }

    /// An index sized for about `capacity` keys (it grows as needed).
    public init(capacity: Int = 16) { self.init(capacity: capacity, zeroed: true) }

    /// With `zeroed` false the slots are not initialised: the caller must zero every
    /// one before use (`build` does, half per worker).
    private init(capacity: Int, zeroed: Bool) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        if zeroed {
            hashes = [UInt64](repeating: 0, count: size)
            slots = [Int32](repeating: 0, count: size)
        } else {
            hashes = [UInt64](unsafeUninitializedCapacity: size) { _, n in n = size }
            slots = [Int32](unsafeUninitializedCapacity: size) { _, n in n = size }
        }
        mask = size - 1
    }

    /// The slot after `i` in the same half.
    @inline(__always)
    private func next(_ i: Int) -> Int {
        let halfMask = mask >> 1
        return (i & ~halfMask) | ((i + 1) & halfMask)
    }

    /// Key value of `bytes[range]`: the bytes themselves for an ASCII id of 1–8 bytes
    /// (top bit clear), else a hash with the top bit set.
    @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let n = range.count
        if n <= 8 && n > 0 && range.lowerBound + 8 <= bytes.count {
            // One load of eight bytes, the id's kept (little-endian: its first byte lowest,
            // as the loop below packs it): an id was read a byte at a time, ~2 % of a load.
            let w = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + range.lowerBound).loadUnaligned(as: UInt64.self))
            let mask: UInt64 = n == 8 ? ~0 : (1 << UInt64(8 * n)) &- 1
            let v = w & mask
            // Exact when no byte of the id has its top bit set and none is zero (bytes
            // past it are made non-zero for the zero-byte test).
            let filled = v | (~mask & 0x0101_0101_0101_0101)
            if v & 0x8080_8080_8080_8080 == 0 && (filled &- 0x0101_0101_0101_0101) & ~filled & 0x8080_8080_8080_8080 == 0 {
                return v
            }
        } else if n <= 8 && n > 0 {
            var packed: UInt64 = 0, shift: UInt64 = 0, exact = true
            for i in range {
                let b = bytes[i]
                if b == 0 || b >= 0x80 { exact = false; break }
                packed |= UInt64(b) << shift
                shift += 8
            }
            if exact { return packed }
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        return (h ^ (h >> 32)) | Self.hashed
    }

    /// The top bit: set on every hashed key value (`hash`, or a caller's own hash, which
    /// must set it), clear on an exact short id.
    public static let hashed: UInt64 = 1 << 63

    /// Slot of a key value: the high bits of a multiplicative hash (the low bits of an
    /// exact short id are its first letters, the same for every id).
    @inline(__always)
    private func home(_ key: UInt64) -> Int { Self.home(key, mask: mask) }

    @inline(__always)
    private static func home(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Hash of a string's UTF-8 bytes (equal to the byte hash of the same text).
    public static func hash(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { hash($0, 0..<$0.count) }
    }

    /// The index stored under key value `hash` for which `matches` is true (`matches`
    /// is not called for an exact short id: equal values are equal ids).
    @inline(__always)
    public func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        var i = home(hash)
        let exact = hash & Self.hashed == 0
        while slots[i] != 0 {
            if hashes[i] == hash && (exact || matches(slots[i] - 1)) { return slots[i] - 1 }
            i = next(i)
        }
        return nil
    }

    /// Starts loading the slot a look-up of `hash` begins at, for a look-up a little
    /// later (the row's other fields are read meanwhile).
    @inline(__always)
    public func prefetch(hash: UInt64) {
        let i = home(hash)
        slots.withUnsafeBufferPointer { ardash_prefetch($0.baseAddress! + i) }
        hashes.withUnsafeBufferPointer { ardash_prefetch($0.baseAddress! + i) }
    }

    /// Adds `index` under `hash` (the caller has checked the key is new).
    public mutating func insert(hash: UInt64, index: Int32) {
        var i = home(hash)
        let second = i > mask >> 1
        if (count + 1) * 2 > slots.count || ((second ? halfCounts.1 : halfCounts.0) + 1) * 8 > slots.count * 3 {
            grow()
            i = home(hash)
        }
        while slots[i] != 0 { i = next(i) }
        hashes[i] = hash
        slots[i] = index + 1
        if i > mask >> 1 { halfCounts.1 += 1 } else { halfCounts.0 += 1 }
    }

    /// Indexes rows `0..<count` whose `key` is not nil, on two cores (one per half),
    /// each row taking its key unless an earlier row holds the same id (`matches(first,
    /// row)`, asked only of hashed keys): those rows come back as duplicates, by row.
    /// `key` and `matches` are called from both threads and must only read.
    public static func build(count n: Int, key: (Int) -> UInt64?, matches: (Int32, Int32) -> Bool)
        -> (index: IDIndex, duplicates: [(row: Int32, first: Int32)]) {
        // The slots are left uninitialised here and zeroed by the worker that fills them:
        // a million keys take 24 MB of slots, whose first touch was ~10 ms on one core.
        var index = IDIndex(capacity: n, zeroed: false)
        let size = index.slots.count, mask = index.mask, halfMask = mask >> 1, limit = size * 3 / 8
        let parts = ResultSlots<(count: Int, duplicates: [(row: Int32, first: Int32)])?>(count: 2)
        index.hashes.withUnsafeMutableBufferPointer { hp in
            index.slots.withUnsafeMutableBufferPointer { sp in
                let buffers = UncheckedSendable((hp, sp))
                withoutActuallyEscaping(key) { key in
                    withoutActuallyEscaping(matches) { matches in
                        let closures = UncheckedSendable((key, matches))
                        DispatchQueue.concurrentPerform(iterations: 2) { part in
                            let (hp, sp) = buffers.value, (key, matches) = closures.value
                            let half = part * (size / 2)..<(part + 1) * (size / 2)
                            UnsafeMutableBufferPointer(rebasing: hp[half]).initialize(repeating: 0)
                            UnsafeMutableBufferPointer(rebasing: sp[half]).initialize(repeating: 0)
                            var placed = 0
                            var duplicates: [(row: Int32, first: Int32)] = []
                            for r in 0..<n {
                                guard let k = key(r) else { continue }
                                var i = home(k, mask: mask)
                                guard (i > halfMask ? 1 : 0) == part else { continue }
                                let exact = k & hashed == 0
                                var first: Int32 = -1
                                while sp[i] != 0 {
                                    if hp[i] == k && (exact || matches(sp[i] - 1, Int32(r))) { first = sp[i] - 1; break }
                                    i = (i & ~halfMask) | ((i + 1) & halfMask)
                                }
                                if first >= 0 { duplicates.append((Int32(r), first)); continue }
                                guard placed < limit else { parts.set(part, nil); return }   // too skewed: see below
                                hp[i] = k
                                sp[i] = Int32(r) + 1
                                placed += 1
                            }
                            parts.set(part, (placed, duplicates))
                        }
                    }
                }
            }
        }
        guard let a = parts.take(0), let b = parts.take(1) else {
            // One half would be over 3/4 full (never with a fair hash): one core, growing.
            var one = IDIndex(capacity: n)
            var duplicates: [(row: Int32, first: Int32)] = []
            for r in 0..<n {
                guard let k = key(r) else { continue }
                if let first = one.find(hash: k, matches: { matches($0, Int32(r)) }) { duplicates.append((Int32(r), first)); continue }
                one.insert(hash: k, index: Int32(r))
            }
            return (one, duplicates)
        }
        index.halfCounts = (a.count, b.count)
        return (index, (a.duplicates + b.duplicates).sorted { $0.row < $1.row })
    }

    private mutating func grow() {
        let oldHashes = hashes, oldSlots = slots
        hashes = [UInt64](repeating: 0, count: oldSlots.count * 2)
        slots = [Int32](repeating: 0, count: oldSlots.count * 2)
        mask = slots.count - 1
        halfCounts = (0, 0)
        for k in oldSlots.indices where oldSlots[k] != 0 { insert(hash: oldHashes[k], index: oldSlots[k] - 1) }
    }

    /// Whether the key values are all exact short ids (`hash`), each after the one before
    /// in byte order: then no two are equal, which a pass of one compare a key shows
    /// without an index (exports number their receipts in order: the index a payments
    /// file's duplicate check built for a million ids took 23 ms on two cores).
    public static func strictlyIncreasing(_ keys: UnsafeBufferPointer<UInt64>) -> Bool {
        // An exact key holds its first byte lowest: byte-swapped, the first byte is the
        // most significant and a shorter id's zero padding sorts it before its extensions.
        var previous: UInt64 = 0
        for k in keys {
            let ordered = k.byteSwapped
            guard k & hashed == 0, ordered > previous else { return false }
            previous = ordered
        }
        return true
    }

    /// Builds an index over `keys`, later duplicates ignored.
    public init(keys: [String]) {
        self.init(capacity: keys.count)
        for (i, k) in keys.enumerated() {
            let h = IDIndex.hash(k)
            if find(hash: h, matches: { keys[Int($0)] == k }) == nil { insert(hash: h, index: Int32(i)) }
        }
    }
}

extension String {
    /// Whether this string's UTF-8 bytes equal `bytes[range]` (one `memcmp`; ids are
    /// native or small strings, whose UTF-8 is contiguous).
    @inline(__always)
    func utf8Equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if let equal = utf8.withContiguousStorageIfAvailable({ own in
            own.count == range.count && (own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress! + range.lowerBound, own.count) == 0)
        }) { return equal }
        let u = utf8
        guard u.count == range.count else { return false }
        var j = range.lowerBound
        for b in u {
            if b != bytes[j] { return false }
            j += 1
        }
        return true
    }
}
