import Glibc

/// Seconds spent in each loading phase (filled by `LedgerLoader.load(…, timings:)`).
public final class LoadTimings: @unchecked Sendable {
    /// Reading file bytes and bringing them to UTF-8.
    public var read = 0.0
    /// Tokenising, format detection and building rows.
    public var parse = 0.0
    /// Building the ledger's indexes and settlements (open-item matching).
    public var match = 0.0
    public init() {}
}

/// A monotonic clock in seconds, for timings and timers only: never a ledger date, never
/// money (those are `CivilDate` and `Money`).
public enum Monotonic {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

