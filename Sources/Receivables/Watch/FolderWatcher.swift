import Foundation
import Glibc

/// Notices changes to a ledger folder's files without reading them.
///
/// inotify on the *folders* (not the files), so saves by write-to-temp-then-rename are
/// seen (BR-31; hledger-ui #1617). When inotify is unavailable (no instances left) or the
/// folder is on NFS (remote writes are invisible to inotify), or when asked, it polls the
/// files' size and modification time instead. Only the named files matter: an editor's or
/// exporter's temporary file is never reported.
public final class FolderWatcher {
    /// Readable when inotify has events; -1 in polling mode.
    public let fd: Int32
    /// Seconds between polls in polling mode (nil with inotify).
    public let pollInterval: Double?
    /// Absolute paths of the files that matter.
    public private(set) var files: [String]
    private var watches: [Int32: (dir: String, inode: UInt64)] = [:]
    private var lastStats: [String: FileStamp] = [:]
    /// Folders whose watch was lost (moved away, deleted, replaced by another folder of
    /// that name): `rewatch` adds them back once the path holds a folder again.
    public private(set) var lostFolders = Set<String>()
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM | IN_ATTRIB
                                     | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Size and modification time of a file (nil fields when it does not exist).
    public struct FileStamp: Equatable, Sendable {
        public var size: Int64?
        public var mtime: Int64?
    }

    /// - Parameters:
    ///   - files: absolute paths of the ledger's files (and the journal).
    ///   - poll: force polling every `poll` seconds.
    public init(files: [String], poll: Double? = nil) {
        self.files = files
        var fd: Int32 = -1
        var interval = poll
        let dirs = Set(files.map { ($0 as NSString).deletingLastPathComponent })
        if poll == nil && !dirs.contains(where: FolderWatcher.isNetworkFileSystem) {
            fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if fd >= 0 {
                for d in dirs {
                    let wd = inotify_add_watch(fd, d, FolderWatcher.mask)
                    if wd >= 0 { watches[wd] = (d, FolderWatcher.inode(d)) }
                }
                if watches.isEmpty { close(fd); fd = -1 }
            }
            if fd < 0 { interval = 1 }
        }
        self.fd = fd
        self.pollInterval = fd < 0 ? (interval ?? 1) : nil
        for f in files { lastStats[f] = FolderWatcher.stamp(f) }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Watched files whose latest event was a close after writing, a rename into or out of
    /// place, or a removal: their writer is done with them (kept until the caller takes them).
    public private(set) var completed = Set<String>()

    /// Forgets `completed` (once a reload has been started for them).
    public func takeCompleted() { completed = [] }

    /// Reads pending inotify events; returns the watched files they touched.
    public func drain() -> Set<String> {
        guard fd >= 0 else { return [] }
        var changed = Set<String>()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            var off = 0
            while off + 16 <= n {
                let wd = buf.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: off, as: Int32.self) }
                let mask = buf.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: off + 4, as: UInt32.self) }
                let len = Int(buf.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: off + 12, as: UInt32.self) })
                let nameBytes = buf[(off + 16)..<min(n, off + 16 + len)].prefix { $0 != 0 }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                    // The folder itself went (or was moved away, and the watch with it):
                    // everything in it may have changed, and the path must be watched anew.
                    lose(wd)
                    changed.formUnion(revalidate())
                } else if let dir = watches[wd]?.dir {
                    let path = dir + "/" + String(decoding: nameBytes, as: UTF8.self)
                    if files.contains(path) {
                        changed.insert(path)
                        // A later write reopens the question; a close, a rename or a removal
                        // settles it (nothing more will be written at that path by that writer).
                        if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM) != 0 { completed.insert(path) }
                        else if mask & UInt32(IN_MODIFY | IN_CREATE) != 0 { completed.remove(path) }
                    }
                }
                off += 16 + len
            }
        }
        return changed
    }

    /// Drops watch `wd` (its folder is gone from its path) and reports its files changed.
    private func lose(_ wd: Int32) {
        guard let w = watches.removeValue(forKey: wd) else { return }
        inotify_rm_watch(fd, wd)
        lostFolders.insert(w.dir)
    }

    /// Every watched path that no longer holds the folder watched (a parent moved or
    /// replaced): dropped; returns the files under every lost folder.
    private func revalidate() -> Set<String> {
        for (wd, w) in watches where FolderWatcher.inode(w.dir) != w.inode { lose(wd) }
        let gone = Set(files.filter { lostFolders.contains(($0 as NSString).deletingLastPathComponent) })
        completed.formUnion(gone)   // gone with their folder: no writer is writing them
        return gone
    }

    /// Watches again the lost folders whose path holds a folder again; returns their files
    /// (to be read: the new folder may hold other data). Cheap: one stat per lost folder.
    public func rewatch() -> Set<String> {
        guard fd >= 0, !lostFolders.isEmpty else { return [] }
        var back = Set<String>()
        for d in lostFolders {
            var st = stat()
            guard stat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { continue }
            let wd = inotify_add_watch(fd, d, FolderWatcher.mask)
            guard wd >= 0 else { continue }
            watches[wd] = (d, FolderWatcher.inode(d))
            lostFolders.remove(d)
            back.formUnion(files.filter { ($0 as NSString).deletingLastPathComponent == d })
        }
        // Files of a folder put in place whole: no writer has them open (a trial saw
        // "ardash.toml +5 being written" for ever after swapping the folder).
        completed.formUnion(back)
        return back
    }
    /// Watches more files (a config that now names other ones): their folders are watched
    /// too when not already; in polling mode they join the poll.
    public func add(_ paths: [String]) {
        for p in paths where !files.contains(p) {
            files.append(p)
            lastStats[p] = FolderWatcher.stamp(p)
            let d = (p as NSString).deletingLastPathComponent
            guard fd >= 0, !watches.values.contains(where: { $0.dir == d }) else { continue }
            let wd = inotify_add_watch(fd, d, FolderWatcher.mask)
            if wd >= 0 { watches[wd] = (d, FolderWatcher.inode(d)) } else { lostFolders.insert(d) }
        }
    }

    /// Inode of a path (0 when absent).
    public static func inode(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    /// Polling mode: the files whose size or mtime changed since the last call.
    public func pollChanges() -> Set<String> {
        var changed = Set<String>()
        for f in files {
            let s = FolderWatcher.stamp(f)
            if s != lastStats[f] { changed.insert(f); lastStats[f] = s }
        }
        return changed
    }

    /// Current stamps of the watched files (to tell whether a file is still being written).
    public func stamps() -> [String: FileStamp] {
        Dictionary(uniqueKeysWithValues: files.map { ($0, FolderWatcher.stamp($0)) })
    }

    public static func stamp(_ path: String) -> FileStamp {
        var st = stat()
        guard stat(path, &st) == 0 else { return FileStamp(size: nil, mtime: nil) }
        return FileStamp(size: Int64(st.st_size), mtime: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    /// NFS, CIFS/SMB, sshfs and similar (from /proc/self/mounts): inotify does not see
    /// other machines' writes there.
    static func isNetworkFileSystem(_ dir: String) -> Bool {
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return false }
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        var best = "", type = ""
        for line in mounts.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 3 else { continue }
            let mp = String(f[1])
            if (real == mp || real.hasPrefix(mp == "/" ? "/" : mp + "/")) && mp.count > best.count { best = mp; type = String(f[2]) }
        }
        return ["nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs"].contains(type)
    }
}
