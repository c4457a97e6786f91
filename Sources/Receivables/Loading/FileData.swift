import Foundation
import Glibc

/// The bytes of a file being loaded, shared without copying: a large file is mapped
/// read-only from the page cache (`mmap` with `MAP_POPULATE`: 2 ms for a 70 MB file,
/// where `read` into fresh memory took 31 ms, half of it the kernel handing out pages),
/// a small one read into memory; transcoded bytes are held the same way.
///
/// A mapped file that another program truncates while it is read would raise SIGBUS on
/// the pages past its new end. `MappedPages` catches that: the pages read as zeros and
/// `MappedPages.faults` grows, and the loader then reads the folder again
/// (`LedgerLoader.load`), so a rewrite during a load costs a second load, not a crash.
struct FileData: @unchecked Sendable {   // read-only once made
    private final class Storage: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let length: Int
        let mapped: Bool
        init(base: UnsafeMutableRawPointer, length: Int, mapped: Bool) {
            self.base = base; self.length = length; self.mapped = mapped
        }
        deinit {
            if mapped {
                MappedPages.unregister(base)
                munmap(base, length)
            } else {
                free(base)
            }
        }
    }

    private let storage: Storage?
    /// The bytes in use: `start..<end` of the storage (a BOM or a held-back last line left out).
    private var start = 0, end = 0

    /// No bytes.
    init() { storage = nil }

    /// A copy of `bytes` (transcoded text, tests).
    init(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, let p = malloc(bytes.count) else { storage = nil; return }
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        storage = Storage(base: p, length: bytes.count, mapped: false)
        end = bytes.count
    }

    private init(storage: Storage, count: Int) {
        self.storage = storage
        end = count
    }

    var count: Int { end - start }
    var isEmpty: Bool { end == start }
    var last: UInt8? { isEmpty ? nil : self[count - 1] }

    subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count, "byte \(i) of \(count)")
        return storage!.base.load(fromByteOffset: start + i, as: UInt8.self)
    }

    /// Runs `body` over the bytes (valid only inside `body`, as for an array).
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let storage else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let p = (storage.base + start).assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: p, count: count))
    }

    /// Leaves out the first `k` bytes (a byte order mark).
    mutating func removeFirst(_ k: Int) { precondition(k <= count); start += k }
    /// Leaves out the last `k` bytes (an unterminated last line held back).
    mutating func removeLast(_ k: Int) { precondition(k <= count); end -= k }

    /// Files smaller than this are read: mapping costs a few system calls and a page-table
    /// set-up that copying a few hundred KiB does not.
    static let mapFrom = 1 << 20

    /// Reads a whole regular file: mapped when large (see the type), else read. Returns
    /// nil when it cannot be opened or read (the reason in `error`).
    static func read(_ path: String) -> (data: FileData?, error: String?) {
        // O_NONBLOCK so that a FIFO cannot hang the load; only regular files are read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { return (nil, String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return (nil, String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return (nil, "is a directory") }
        if (st.st_mode & S_IFMT) != S_IFREG { return (nil, "not a regular file") }
        let size = max(Int(st.st_size), 0)
        if size >= mapFrom && !noMapping {
            // MAP_POPULATE maps every page of the page cache now (no fault per 4 KiB later).
            let p = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
            if let p, p != MAP_FAILED {
                if MappedPages.register(p, length: size) {
                    return (FileData(storage: Storage(base: p, length: size, mapped: true), count: size), nil)
                }
                munmap(p, size)   // no free slot to watch it: read instead
            }
        }
        return readIntoMemory(fd, size: size)
    }

    /// `ARDASH_NOMAP=1`: every file read into memory (A/B timing, or a file system whose
    /// mapping misbehaves).
    static let noMapping = getenv("ARDASH_NOMAP") != nil

    /// Reads `fd` into fresh memory: `size` bytes (from fstat) and on, in further blocks,
    /// while the file still grows.
    private static func readIntoMemory(_ fd: Int32, size: Int) -> (data: FileData?, error: String?) {
        var capacity = size + 1   // one spare byte shows EOF
        guard var p = malloc(capacity) else { return (nil, "out of memory") }
        Prefault.pages(p, bytes: capacity)
        var got = 0
        while true {
            if got == capacity {
                capacity *= 2
                guard let q = realloc(p, capacity) else { free(p); return (nil, "out of memory") }
                p = q
            }
            let n = Glibc.read(fd, p + got, capacity - got)
            if n < 0 {
                if errno == EINTR { continue }
                let why = String(cString: strerror(errno))
                free(p)
                return (nil, why)
            }
            if n == 0 { break }
            got += n
        }
        return (FileData(storage: Storage(base: p, length: capacity, mapped: false), count: got), nil)
    }
}

/// The file mappings being read, and a SIGBUS handler for them (see `FileData`).
enum MappedPages {
    private static let slotCount = 64
    /// (start, end) address pairs; 0 = free slot. Written under `lock`, read by the handler.
    nonisolated(unsafe) private static let ranges: UnsafeMutablePointer<Int> = {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 2 * 64)
        p.initialize(repeating: 0, count: 2 * 64)
        return p
    }()
    nonisolated(unsafe) private static let faultCount: UnsafeMutablePointer<Int> = {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// SIGBUS faults caught on mapped file pages since the process started: a mapped file
    /// was truncated while it was read (its pages past the new end now read as zeros).
    static var faults: Int { faultCount.pointee }

    static func register(_ p: UnsafeMutableRawPointer, length: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if !installed { installHandler(); installed = true }
        for k in 0..<slotCount where ranges[2 * k] == 0 {
            ranges[2 * k + 1] = Int(bitPattern: p) + length
            ranges[2 * k] = Int(bitPattern: p)
            return true
        }
        return false
    }

    static func unregister(_ p: UnsafeMutableRawPointer) {
        lock.lock(); defer { lock.unlock() }
        for k in 0..<slotCount where ranges[2 * k] == Int(bitPattern: p) {
            ranges[2 * k] = 0
            ranges[2 * k + 1] = 0
        }
    }

    private static func installHandler() {
        // Everything the handler reads is made now: a lazy global's first use takes a lock.
        _ = (faultCount, ranges, pageSize, slotCount)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            let address = Int(bitPattern: info?.pointee._sifields._sigfault.si_addr)
            let page = MappedPages.pageSize
            for k in 0..<MappedPages.slotCount {
                let lo = MappedPages.ranges[2 * k], hi = MappedPages.ranges[2 * k + 1]
                guard lo != 0, address >= lo, address < hi else { continue }
                // Zero pages from the faulting one to the mapping's end, where the file
                // was cut; the read goes on and the loader starts again.
                let from = address & ~(page - 1)
                _ = mmap(UnsafeMutableRawPointer(bitPattern: from), hi - from, PROT_READ,
                         MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0)
                MappedPages.faultCount.pointee += 1
                return
            }
            // Not a file being read: the default action (the fault happens again and stops the process).
            signal(SIGBUS, SIG_DFL)
        }
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }
}
