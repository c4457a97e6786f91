import Foundation
import Glibc

/// Checkpoints of the journal kept beside it (`journal.jsonl.head`): where the last event
/// written by ardash ended, and that event line's SHA-256.
///
/// The hash chain catches an event removed, changed or inserted *before* another one, but
/// not at the end: removing or editing the last line, truncating or emptying the file all
/// leave a valid chain. Each writer therefore records, under the journal's lock, the byte
/// size after its events and the hash of its last line; a reader checks that the line
/// ending there is still that line. A writer that finds a checkpoint no longer matching
/// keeps it (beside its own), so a change is reported until the journal is restored,
/// however many events are added after it.
///
/// One line per checkpoint: `<size> <sha256 hex>`. A journal with no head file (written
/// before heads existed, or the head removed) is checked by its chain alone.
struct JournalHead {
    struct Checkpoint: Equatable {
        /// Bytes of the journal up to and including the event line's line end.
        var size: Int
        /// SHA-256 of that event line (without its line end), lowercase hex.
        var hash: String
    }
    var checkpoints: [Checkpoint] = []

    static func path(of journal: String) -> String { journal + ".head" }

    /// The head beside `journal`; empty when there is none or it cannot be read.
    static func read(journal: String) -> JournalHead {
        var st = stat()
        guard stat(path(of: journal), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return JournalHead() }
        guard let data = FileManager.default.contents(atPath: path(of: journal)),
              let text = String(data: data, encoding: .utf8) else { return JournalHead() }
        var head = JournalHead()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let size = Int(parts[0]), size > 0, parts[1].count == 64 else { continue }
            head.checkpoints.append(Checkpoint(size: size, hash: String(parts[1])))
        }
        head.checkpoints.sort { $0.size < $1.size }
        return head
    }

    /// Replaces the head beside `journal` (a temporary file renamed into place, so a reader
    /// never sees half of it), group-shared like the journal. Best effort: the events are
    /// already written and synced; a head that cannot be written only weakens the check.
    static func write(_ head: JournalHead, journal: String, group: gid_t?) {
        let target = path(of: journal)
        let temp = target + ".\(getpid()).tmp"
        let text = head.checkpoints.map { "\($0.size) \($0.hash)\n" }.joined()
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o660)
        guard fd >= 0 else { return }
        let ok = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) == $0.count }
        if let group { _ = fchown(fd, uid_t.max, group) }
        _ = fchmod(fd, 0o660)
        // No fsync: the journal itself is synced first, so after a crash the head can only
        // be older than the journal (still true) or empty (no check), never ahead of it.
        close(fd)
        if !ok || rename(temp, target) != 0 { unlink(temp) }
    }

    /// Whether the line of `fd` ending at `cp.size` (with its line end) is still the event
    /// line whose hash `cp` holds.
    static func holds(_ cp: Checkpoint, fd: Int32, fileSize: Int) -> Bool {
        guard cp.size <= fileSize else { return false }
        var window = 4096
        while true {
            let start = max(0, cp.size - window)
            var buf = [UInt8](repeating: 0, count: cp.size - start)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(start)) }
            guard n == buf.count, buf.last == 10 else { return false }
            if let nl = buf.dropLast().lastIndex(of: 10) {
                return Journal.hash(buf[(nl + 1)..<(buf.count - 1)]) == cp.hash
            }
            if start == 0 { return Journal.hash(buf.dropLast()) == cp.hash }
            window *= 4
        }
    }
}
