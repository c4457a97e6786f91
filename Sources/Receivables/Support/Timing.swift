import Foundation

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


/// Moments of the live reload printed to stderr with the monotonic clock when
/// `ARDASH_TRACE` is set ("at 1234.567 s: what"), so that the time from a file's close to
/// the frame can be followed across threads.
public enum TraceMark {
    public static func mark(_ what: @autoclosure () -> String) {
        guard trace else { return }
        let line = String(format: "at %.3f s: ", Monotonic.seconds()) + what() + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}

/// Laps of a loading step printed to stderr when `ARDASH_TRACE` is set (for profiling;
/// silent and nearly free otherwise).
public struct TraceLaps {
    private var last = trace ? Monotonic.seconds() : 0
    private let prefix: String
    public init(_ prefix: String) { self.prefix = prefix }

    /// Prints the milliseconds since the previous lap under `name`.
    public mutating func lap(_ name: @autoclosure () -> String) {
        guard trace else { return }
        let now = Monotonic.seconds()
        let line = "\(prefix) \(name()) \(Int((now - last) * 1000)) ms  (RSS \(Self.status("VmRSS:")) peak \(Self.status("VmHWM:")))\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        last = now
    }

    /// A line of /proc/self/status ("VmRSS:"), its value only.
    static func status(_ key: String) -> String {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return "?" }
        return line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
    }
}
