import Glibc

/// Maps the pages of a large buffer about to be written in one call to the kernel
/// (MADV_POPULATE_WRITE, Linux 5.14) instead of one page fault per 4 KiB on first write:
/// a million-document load wrote ~100,000 fresh pages, ~2 µs each in the kernel.
/// Best effort: where the kernel refuses it, the faults happen as before.
enum Prefault {
    /// Buffers smaller than this are left to fault page by page.
    static let minimumBytes = 1 << 20

    static let off = getenv("ARDASH_NOPREFAULT") != nil
    static func pages(_ base: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= minimumBytes, !off else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, 23)   // MADV_POPULATE_WRITE
    }
}
