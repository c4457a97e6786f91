import Foundation

/// Slots written by parallel workers, one each, and read after they have all finished.
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    func set(_ i: Int, _ v: T) { slots[i] = v }
    /// Moves slot `i`'s value out (so the caller holds the only reference).
    func take(_ i: Int) -> T {
        let v = slots[i]!
        slots[i] = nil
        return v
    }
}

/// Work shared among the cores (2 on the machine ardash is budgeted for).
///
/// Work already running on one of several threads (inside `both` or `ranges`) is not
/// split again: on two cores, nested splits only add threads that wait for each other.
public enum Parallel {
    /// Runs two closures at once on two threads and returns both results.
    public static func both<A: Sendable, B: Sendable>(_ a: @escaping @Sendable () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
        if isNested { return (a(), b()) }
        let box = PairBox<A, B>()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            nested { if i == 0 { box.a = a() } else { box.b = b() } }
        }
        return (box.a!, box.b!)
    }

    /// Whether this thread is one of several sharing a piece of work.
    static var isNested: Bool { pthread_getspecific(nestedKey) != nil }

    /// Runs `body` marked as one of several threads sharing a piece of work.
    static func nested<T>(_ body: () -> T) -> T {
        let old = pthread_getspecific(nestedKey)
        pthread_setspecific(nestedKey, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(nestedKey, old) }
        return body()
    }
}

/// Thread-specific mark of `Parallel.nested`.
private let nestedKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// Results of `Parallel.both`; each slot is written by one thread, read after the join.
private final class PairBox<A, B>: @unchecked Sendable {
    var a: A?
    var b: B?
}

extension Parallel {
    /// Below this many rows `ranges` uses one core (threads cost more than they save).
    /// Tests set it to 1 to check that the split gives what one pass gives.
    /// `ARDASH_PARALLEL_MIN` in the environment overrides it.
    nonisolated(unsafe) static var minimumRows = ProcessInfo.processInfo.environment["ARDASH_PARALLEL_MIN"].flatMap { Int($0) } ?? 65_536

    /// Splits `0..<count` into one range per core (a single range below `minimum`) and
    /// runs `body` on each at once; the results come back in range order.
    static func ranges<T>(_ count: Int, minimum: Int = Parallel.minimumRows, _ body: (Range<Int>) -> T) -> [T] {
        let shares = Parallel.shares(count, minimum: minimum)
        if shares.count == 1 { return [body(0..<count)] }
        let results = ResultSlots<T>(count: shares.count)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: shares.count) { k in
                results.set(k, nested { box.value(shares[k]) })
            }
        }
        return shares.indices.map { results.take($0) }
    }

    /// `0..<count` in one even range per core, or a single range below `minimum` rows
    /// or on a thread already sharing work.
    static func shares(_ count: Int, minimum: Int = Parallel.minimumRows) -> [Range<Int>] {
        let parts = count < minimum || isNested ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        return (0..<parts).map { count * $0 / parts..<count * ($0 + 1) / parts }
    }
}

/// Hands values to `concurrentPerform` workers that use them without overlapping writes
/// (buffers split between workers, closures that only read).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension Parallel {
    /// `ranges` over a ledger's rows: each core gets an even share of the documents and
    /// the same share of the payments (runs of both contiguous, in order, covering every
    /// row once), results in order. Even in both, because a document costs far more than
    /// a payment where its settlements are walked: a split of documents-then-payments left
    /// nearly every document on one core.
    static func ledgerRows<T>(_ ledger: Ledger, _ body: (_ documents: Range<Int>, _ payments: Range<Int>) -> T) -> [T] {
        let (d, p) = (ledger.documents.count, ledger.payments.count)
        guard d > 0 else { return [body(0..<0, 0..<p)] }
        return ranges(d, minimum: max(1, minimumRows / 2)) { r in
            body(r, p * r.lowerBound / d..<p * r.upperBound / d)
        }
    }
}

extension Parallel {
    /// Initialises `count` slots from `destination` on with copies of `source`'s rows,
    /// the copy split among the cores: for rows another value still shares (the ledger on
    /// screen when rows are appended), where on one core the copy was a quarter of the
    /// reload at a million documents.
    static func initialize<T>(_ destination: UnsafeMutablePointer<T>, from source: [T]) {
        source.withUnsafeBufferPointer { src in
            guard let from = src.baseAddress else { return }
            let ranges = Parallel.shares(src.count)
            // Each share's pages are mapped in one call before it is written (a fresh
            // buffer of 80 MB faulted 20,000 times, one 4 KiB page at a time).
            if ranges.count == 1 {
                Prefault.pages(UnsafeMutableRawPointer(destination), bytes: src.count * MemoryLayout<T>.stride)
                destination.initialize(from: from, count: src.count)
                return
            }
            let dest = UncheckedSendable(destination), source = UncheckedSendable(from)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                let r = ranges[k]
                Prefault.pages(UnsafeMutableRawPointer(dest.value + r.lowerBound), bytes: r.count * MemoryLayout<T>.stride)
                (dest.value + r.lowerBound).initialize(from: source.value + r.lowerBound, count: r.count)
            }
        }
    }
}
