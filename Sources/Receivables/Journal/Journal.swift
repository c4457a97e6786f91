import Crypto
import Foundation
import Glibc

/// Why the journal could not be written or read.
public struct JournalError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The shared, append-only annotation journal (DESIGN.md, "The annotation journal"):
/// JSON lines, each with the SHA-256 of the previous event line, so that `verify`
/// detects a removed or altered event.
///
/// Writers take `flock(LOCK_EX)`, close off a torn last line left by a writer that was
/// killed mid-write, append their line with one `write`, `fsync`, and unlock. Readers
/// never lock: they read complete lines and ignore an unterminated last one.
/// The file is mode 0660 in the ledger folder's group, whatever the writer's umask.
public struct Journal: Sendable {
    public let path: String
    /// The ledger folder it belongs to (nil for a bare path): never created by a writer, so
    /// a note saved while the folder is moved away cannot start a ghost folder.
    public let ledgerFolder: String?
    /// prev of the first event: 64 zeros.
    public static let genesis = String(repeating: "0", count: 64)

    public init(path: String) { self.path = path; ledgerFolder = nil }

    /// The journal of a ledger folder: `[journal] path` of its config (relative to the
    /// folder), else `.ardash/journal.jsonl`.
    public init(folder: String, config: LedgerConfig) {
        let rel = config.journalPath ?? ".ardash/journal.jsonl"
        path = rel.hasPrefix("/") ? rel : (folder as NSString).appendingPathComponent(rel)
        ledgerFolder = folder
    }

    /// SHA-256 of a line's bytes, lowercase hex.
    static func hash<D: DataProtocol>(_ bytes: D) -> String {
        SHA256.hash(data: bytes).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    /// Appends `event`.
    /// - Throws: `JournalError` when the folder or file cannot be created or written, or
    ///   the lock is not had within `lockTimeout` seconds.
    public func append(_ event: JournalEvent, lockTimeout: Double = 30) throws {
        try append([event], lockTimeout: lockTimeout)
    }

    /// Appends events in order under one lock (one fsync). Another writer holds the lock
    /// for a few milliseconds; one that holds it longer (a stuck process) makes this throw
    /// after `lockTimeout` seconds rather than freeze the caller (the dashboard keeps the
    /// text typed and says so).
    public func append(_ events: [JournalEvent], lockTimeout: Double = 30) throws {
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if let f = ledgerFolder, !(FileManager.default.fileExists(atPath: f, isDirectory: &isDir) && isDir.boolValue) {
            throw JournalError(description: "the ledger folder \(f) is gone (moved or deleted): not saved")
        }
        try ensureDirectory(dir)
        var fd: Int32 = -1
        defer { if fd >= 0 { close(fd) } }
        let deadline = Monotonic.seconds() + lockTimeout
        // Lock the file that is at the path once locked: one replaced meanwhile (a backup
        // restored with mv) would take the events into the unlinked old file.
        while true {
            fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o660)
            guard fd >= 0 else { throw JournalError(description: "\(path): \(String(cString: strerror(errno)))") }
            try lock(fd, until: deadline, lockTimeout)
            var mine = stat(), there = stat()
            if fstat(fd, &mine) == 0 && stat(path, &there) == 0 && mine.st_ino == there.st_ino && mine.st_dev == there.st_dev { break }
            close(fd); fd = -1
        }
        // Group-shared whatever the umask: rw for owner and group, nothing for others.
        var dst = stat()
        if stat(dir, &dst) == 0 { _ = fchown(fd, uid_t.max, dst.st_gid) }
        _ = fchmod(fd, 0o660)
        defer { _ = flock(fd, LOCK_UN) }
        var (prev, torn) = try lastHash(fd)
        // Checkpoints that no longer hold (the journal was changed at its end) are kept, so
        // the change stays reported after these events; the others give way to ours.
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError(description: "\(path): \(String(cString: strerror(errno)))") }
        let before = Int(st.st_size)
        let stale = JournalHead.read(journal: path).checkpoints.filter { !JournalHead.holds($0, fd: fd, fileSize: before) }
        var out = Data()
        if torn { out.append(10) }   // close off a line a killed writer left unterminated
        for e in events {
            let line = e.line(prev: prev)
            let bytes = Data(line.utf8)
            prev = Journal.hash(bytes)
            out.append(bytes)
            out.append(10)
        }
        try out.withUnsafeBytes { p in
            var done = 0
            while done < p.count {
                let n = write(fd, p.baseAddress! + done, p.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    let why = String(cString: strerror(errno))
                    // Take back the part written (a full disk): no fragment is left for readers.
                    _ = ftruncate(fd, off_t(before))
                    throw JournalError(description: "\(path): write failed: \(why)")
                }
                done += n
            }
        }
        guard fsync(fd) == 0 else { throw JournalError(description: "\(path): fsync failed: \(String(cString: strerror(errno)))") }
        JournalHead.write(JournalHead(checkpoints: stale + [.init(size: before + out.count, hash: prev)]), journal: path,
                          group: stat(dir, &dst) == 0 ? dst.st_gid : nil)
    }

    /// Whether a line that is not an event is what a writer killed mid-line leaves: the
    /// start of an event line, however short ("{", "{\"id\":\"3f…").
    static func looksTorn<C: Collection>(_ line: C) -> Bool where C.Element == UInt8 {
        let start = Array("{\"id\":\"".utf8)
        return line.starts(with: start) || (line.count < start.count && start.starts(with: line))
    }

    /// Takes and keeps, until the process ends, an exclusive lock on the file `name` beside
    /// the journal (created group-shared like it): a run that reads the journal, decides
    /// and writes (dunning --record) is not interleaved with another such run.
    /// - Throws: `JournalError` when the file cannot be made or the lock not had in time.
    public func holdLock(named name: String, timeout: Double = .infinity) throws {
        try prepareDirectory()
        let dir = (path as NSString).deletingLastPathComponent
        let lockPath = dir + "/" + name
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
        guard fd >= 0 else { throw JournalError(description: "\(lockPath): \(String(cString: strerror(errno)))") }
        var dst = stat()
        if stat(dir, &dst) == 0 { _ = fchown(fd, uid_t.max, dst.st_gid) }
        _ = fchmod(fd, 0o660)
        do { try lock(fd, until: Monotonic.seconds() + timeout, timeout) } catch { close(fd); throw error }
        // fd stays open: the lock goes when the process does.
    }

    /// Takes the writers' lock on `fd` without blocking, backing off, until `deadline`.
    private func lock(_ fd: Int32, until deadline: Double, _ timeout: Double) throws {
        var pause: useconds_t = 200
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK else { throw JournalError(description: "\(path): cannot lock: \(String(cString: strerror(errno)))") }
            guard !timeout.isFinite || Monotonic.seconds() < deadline else {
                throw JournalError(description: "\(path): locked by another process for \(Int(timeout.rounded())) s; not saved (try again)")
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// Hash of the last complete event line, and whether the file ends in a torn line.
    private func lastHash(_ fd: Int32) throws -> (String, torn: Bool) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError(description: "\(path): \(String(cString: strerror(errno)))") }
        let size = Int(st.st_size)
        if size == 0 { return (Journal.genesis, false) }
        // Read backwards in growing windows until a complete event line is found.
        var window = 4096
        while true {
            let start = max(0, size - window)
            var buf = [UInt8](repeating: 0, count: size - start)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(start)) }
            guard n == buf.count else { throw JournalError(description: "\(path): read failed") }
            let torn = buf.last != 10
            var lines = buf.split(separator: 10, omittingEmptySubsequences: true)
            // An unterminated last line that is a whole event lacks only its line end (cut
            // just before it): it is closed off and chained onto, like any event.
            if torn, let last = lines.last, JournalEvent.parse(Data(last)) != nil { return (Journal.hash(last), true) }
            if torn && !lines.isEmpty { lines.removeLast() }
            // The first piece may be cut by the window unless the window reached the start.
            let candidates = start == 0 ? lines[...] : lines.dropFirst()
            for line in candidates.reversed() where JournalEvent.parse(Data(line)) != nil {
                return (Journal.hash(line), torn)
            }
            if start == 0 { return (Journal.genesis, torn) }
            window *= 4
        }
    }

    /// Creates the journal's folder (mode 2770, the parent's group) if it is missing, so
    /// that every member of the team can add the journal file later.
    public func prepareDirectory() throws { try ensureDirectory((path as NSString).deletingLastPathComponent) }

    private func ensureDirectory(_ dir: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) { return }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != dir && !FileManager.default.fileExists(atPath: parent) { try ensureDirectory(parent) }
        guard mkdir(dir, 0o2770) == 0 || errno == EEXIST else {
            throw JournalError(description: "cannot create \(dir): \(String(cString: strerror(errno))) (set [journal] path in ardash.toml for a read-only folder)")
        }
        // Setgid and the parent's group, so files made later keep the team's group.
        var pst = stat()
        if stat(parent, &pst) == 0 { _ = chown(dir, uid_t.max, pst.st_gid) }
        _ = chmod(dir, 0o2770)
    }

    /// Everything the journal holds, read without a lock.
    public struct Contents: Sendable {
        public var events: [JournalEvent] = []
        /// Lines that are not events: torn lines closed off by a later writer (1-based).
        public var tornLines: [Int] = []
        /// Bytes of complete lines read (where a tail reader continues).
        public var offset = 0
        /// Number of the line after the last complete one read (where a tail reader continues).
        public var nextLine = 1
        /// SHA-256 of the last event line read, `genesis` before any: the `prev` the next
        /// event must carry (where a tail reader continues the chain check).
        public var lastHash = Journal.genesis
        /// The first line that breaks the chain (1-based), and why; nil while intact. The
        /// events are still all read: a broken chain is reported, never acted on.
        public var broken: (line: Int, reason: String)?
    }

    /// Reads complete lines from byte `offset` (0 = the start) and checks the hash chain
    /// as it goes; an unterminated last line is left for the next read.
    ///
    /// - Parameters:
    ///   - firstLine, after: the line number at `offset` and the hash of the last event
    ///     line before it (`Contents.nextLine` and `lastHash` of the read that ended there).
    public func read(from offset: Int = 0, firstLine: Int = 1, after: String = Journal.genesis) -> Contents {
        var c = Contents()
        c.offset = offset
        c.nextLine = firstLine
        c.lastHash = after
        func breaks(_ line: Int, _ reason: String) { if c.broken == nil { c.broken = (line, reason) } }
        // The head first: the journal read after it holds at least what it records.
        var checkpoints = JournalHead.read(journal: path).checkpoints.filter { $0.size > offset }[...]
        func finished() -> Contents {
            // Checkpoints beyond what is there: events were removed from the end.
            if let cp = checkpoints.first {
                breaks(c.nextLine, "the journal ends at byte \(c.offset), but an event was written up to byte \(cp.size): events were removed from its end (or the file emptied or replaced)")
            }
            return c
        }
        // A FIFO or a device at the journal's path would block the read for ever.
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            breaks(1, "not a regular file: no event read")
            return c
        }
        guard let fh = FileHandle(forReadingAtPath: path) else { return finished() }
        defer { try? fh.close() }
        try? fh.seek(toOffset: UInt64(offset))
        guard let data = try? fh.readToEnd(), !data.isEmpty else { return finished() }
        guard let lastNewline = data.lastIndex(of: 10) else { return finished() }
        var lineNo = firstLine
        var end = offset   // file offset after the line being read, with its line end
        var lastEventLine = 0
        for line in data[data.startIndex...lastNewline].split(separator: 10, omittingEmptySubsequences: false).dropLast() {
            defer {
                // A checkpoint ends here: this line must be the event recorded there.
                while let cp = checkpoints.first, cp.size <= end {
                    if cp.size < end || cp.hash != c.lastHash {
                        breaks(lineNo, "this is not the event last written here (the journal's head records another): it was changed, or events were removed or inserted")
                    }
                    checkpoints.removeFirst()
                }
                lineNo += 1
            }
            end += line.count + 1
            if line.isEmpty { breaks(lineNo, "empty line"); continue }
            guard let (e, prev) = JournalEvent.parse(Data(line)) else {
                // A writer killed mid-line leaves the start of an event, closed off by the next.
                if Journal.looksTorn(line) { c.tornLines.append(lineNo) } else { breaks(lineNo, "not a journal event") }
                continue
            }
            if prev != c.lastHash {
                breaks(lineNo, lastEventLine > 0
                    ? "its prev hash does not match the event line before it (line \(lastEventLine)): that line was changed, or a line was removed or inserted between"
                    : "its prev hash does not match the event line before it: that line was changed, or a line was removed or inserted")
            }
            lastEventLine = lineNo
            c.lastHash = Journal.hash(line)
            c.events.append(e)
        }
        c.offset = offset + (lastNewline - data.startIndex) + 1
        c.nextLine = lineNo
        return finished()
    }

    /// The result of checking the chain.
    public enum Verification: Equatable, Sendable {
        /// Every event links to the one before; `events` counted, `tornLines` skipped.
        case intact(events: Int, tornLines: [Int])
        /// The first line whose link is wrong (1-based), and why.
        case broken(line: Int, reason: String)
    }

    /// Checks every event's `prev` against the SHA-256 of the previous event line. Torn
    /// lines (an interrupted writer's partial line, closed off later) are skipped; any
    /// other line that is not an event breaks the chain.
    public func verify() -> Verification {
        let c = read()
        if let b = c.broken { return .broken(line: b.line, reason: b.reason) }
        return .intact(events: c.events.count, tornLines: c.tornLines)
    }
}
