/// A hash index from id text to a row index, looked up straight from file bytes.
///
/// Loading a million documents and payments spends most of its time finding ids; a Swift
/// `Dictionary<String, Int32>` needs a `String` per lookup and SipHash per key. Here the
/// key is hashed from the bytes (64-bit FNV-1a with a final mix), stored with the index in
/// open-addressing slots (linear probing, ≤ 50 % full), and confirmed by comparing the
/// caller's key for that index — ids stay exact text ("007" ≠ "7").
public struct IDIndex: Sendable {
    private var hashes: [UInt64]
    /// Row index + 1; 0 marks an empty slot.
    private var slots: [Int32]
    private var mask: Int
    public private(set) var count = 0

    /// An index sized for about `capacity` keys (it grows as needed).
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Hash of `bytes[range]`.
    @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        return h ^ (h >> 32)
    }

    /// Hash of a string's UTF-8 bytes (equal to the byte hash of the same text).
    public static func hash(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { hash($0, 0..<$0.count) }
    }

    /// The index stored under `hash` for which `matches` is true.
    @inline(__always)
    public func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 {
            if hashes[i] == hash && matches(slots[i] - 1) { return slots[i] - 1 }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Adds `index` under `hash` (the caller has checked the key is new).
    public mutating func insert(hash: UInt64, index: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        hashes[i] = hash
        slots[i] = index + 1
        count += 1
    }

    private mutating func grow() {
        let oldHashes = hashes, oldSlots = slots
        hashes = [UInt64](repeating: 0, count: oldSlots.count * 2)
        slots = [Int32](repeating: 0, count: oldSlots.count * 2)
        mask = slots.count - 1
        count = 0
        for k in oldSlots.indices where oldSlots[k] != 0 { insert(hash: oldHashes[k], index: oldSlots[k] - 1) }
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
    /// Whether this string's UTF-8 bytes equal `bytes[range]`.
    @inline(__always)
    func utf8Equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
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
