import Foundation
import Glibc
import Receivables
import TerminalUI

/// Keeps the dashboard in step with its folder: reloads data files after they settle,
/// off the UI thread, and tails the annotation journal. The event loop asks it for its
/// file descriptors and its next deadline and hands it what they report.
final class LiveLedger {
    let folder: String
    let configFile: String?
    /// Fixed as-of date (`--as-of`), or nil for today (rolls over at local midnight).
    let fixedAsOf: CivilDate?
    let watcher: FolderWatcher
    /// The journal notes go to; follows `[journal] path` when the config changes.
    private(set) var journal: Journal
    private(set) var journalOffset = 0
    private var journalLines = 1
    private var journalHash = Journal.genesis
    /// The first break in the journal's hash chain, once found (until the file is replaced):
    /// "line N: why". The events are applied all the same; the break is shown.
    private(set) var journalBroken: String?
    /// Inode of the journal read: another file at its path (the folder replaced) is read
    /// again from its start, not from the old file's offset.
    private var journalInode: UInt64 = 0
    /// Read end of the pipe the background loader writes to when it is done.
    let wakeFD: Int32
    private let wakeWrite: Int32
    private let box = ResultBox()
    /// The ledger on screen: a reload reads only the rows appended to it when it can.
    var current: Ledger
    /// The last model shown: a reload reuses what did not change (the customers' search
    /// and sort keys). Set by the app; read by the loading thread (only its constants).
    var lastModel: DashboardModel?

    /// A data file changed: reload once sizes and times have been still for `quiet` s.
    private var dirtySince: Double?
    private var settleStamps: [String: FolderWatcher.FileStamp] = [:]
    private var loading = false
    private var loadAgain = false
    private var nextPoll: Double?
    private var midnight: Double?
    static let quiet = 0.25
    /// How long a data file still open for writing (with inotify: changed and not closed;
    /// without: smaller than when last read) must be still: a writer that paused half-way
    /// would otherwise be shown half-written (a trial saw AR −793M for a second).
    static let rewriteQuiet = 2.0
    /// The quiet period in force for the pending change.
    private var quietFor = LiveLedger.quiet
    /// A reload left out a last line with no line end yet: when the files have not moved
    /// for `heldBackWait` s since, that line is read as it is (its writer is done).
    private var heldBack: (since: Double, stamps: [String: FolderWatcher.FileStamp])?
    static let heldBackWait = 2.0
    /// Data files changed since the last load started.
    private var changedSinceLoad = Set<String>()
    /// Data files the last load read while their writer still had them open (no close or
    /// rename seen since they changed; inotify only): its figures may be partial, and the
    /// header says so until a load after the writer is done.
    private var writingAtLoad = Set<String>()
    private(set) var stillWriting: [String] = []

    init(ledger: Ledger, folder: String, configFile: String?, fixedAsOf: CivilDate?, poll: Double?) {
        let config = ledger.config
        current = ledger
        self.folder = folder
        self.configFile = configFile
        self.fixedAsOf = fixedAsOf
        journal = Journal(folder: folder, config: config)
        // Make sure the journal's folder exists so that it can be watched.
        try? journal.prepareDirectory()
        watcher = FolderWatcher(files: LiveLedger.watched(folder: folder, configFile: configFile, config: config), poll: poll)
        var p: [Int32] = [0, 0]
        _ = pipe(&p)
        for f in p { _ = fcntl(f, F_SETFL, fcntl(f, F_GETFL) | O_NONBLOCK); _ = fcntl(f, F_SETFD, FD_CLOEXEC) }
        wakeFD = p[0]; wakeWrite = p[1]
        if let i = watcher.pollInterval { nextPoll = Monotonic.seconds() + i }
        scheduleMidnight()
    }

    deinit { close(wakeFD); close(wakeWrite) }

    /// The files a change of which matters: data files, config, reference rates, journal.
    static func watched(folder: String, configFile: String?, config: LedgerConfig) -> [String] {
        var files = LedgerFileKind.allCases.map { kind -> String in
            let rel = config.file(kind).path ?? kind.defaultFileName
            return rel.hasPrefix("/") ? rel : (folder as NSString).appendingPathComponent(rel)
        }
        files.append(configFile ?? (folder as NSString).appendingPathComponent("ardash.toml"))
        // The reference rates file changes the interest shown: a change reloads.
        let rates = config.interest.rates
        files.append(rates.hasPrefix("/") ? rates : (folder as NSString).appendingPathComponent(rates))
        files.append(Journal(folder: folder, config: config).path)
        return files
    }

    /// A reloaded config may name other files: watch them, and move to another journal
    /// (notes written here must land where the team's other copies read them).
    private func follow(_ config: LedgerConfig, into out: inout [Outcome]) {
        watcher.add(LiveLedger.watched(folder: folder, configFile: configFile, config: config))
        let moved = Journal(folder: folder, config: config)
        guard moved.path != journal.path else { return }
        journal = moved
        journalEvents = 0   // another journal: its own count
        try? journal.prepareDirectory()
        watcher.add([journal.path])
        let c = journal.read()
        took(c, fresh: true)
        journalInode = FolderWatcher.inode(journal.path)
        out.append(.journalReplaced(c.events))
    }

    var fds: [Int32] { watcher.fd >= 0 ? [watcher.fd, wakeFD] : [wakeFD] }

    /// Milliseconds until the next thing to do, -1 when nothing is pending.
    func timeout() -> Int32 {
        let now = Monotonic.seconds()
        // A folder moved away or replaced: look for it again every second.
        let lost = watcher.lostFolders.isEmpty ? nil : now + 1
        let deadlines = [dirtySince.map { $0 + quietFor }, nextPoll, midnight,
                         heldBack.map { $0.since + LiveLedger.heldBackWait }, lost].compactMap { $0 }
        guard let next = deadlines.min() else { return -1 }
        return Int32(max(0, min(3_600_000, (next - now) * 1000)).rounded(.up))
    }

    /// The journal so far (at start).
    func readJournal() -> Annotations {
        let c = journal.read()
        took(c, fresh: true)
        journalInode = FolderWatcher.inode(journal.path)
        return Annotations(c.events)
    }

    /// Where the next tail read continues, and whether the chain still holds.
    private func took(_ c: Journal.Contents, fresh: Bool) {
        journalOffset = c.offset
        journalLines = c.nextLine
        journalHash = c.lastHash
        if fresh {
            journalBroken = nil
            // Fewer events than this dashboard has read: removed with the file (and its
            // head, which could have said so), or the file replaced by an older copy.
            if c.events.count < journalEvents {
                journalBroken = "the journal holds \(c.events.count) events, this dashboard had read \(journalEvents): events were removed (the file deleted or replaced)"
            } else {
                journalEvents = c.events.count
            }
        } else {
            journalEvents += c.events.count
        }
        if journalBroken == nil, let b = c.broken { journalBroken = "line \(b.line): \(b.reason)" }
    }
    /// The most events read from this journal (a fresh read with fewer means some went).
    private var journalEvents = 0

    /// What the loop should do after an event.
    enum Outcome {
        case nothing
        case journal([JournalEvent])
        /// The journal file was replaced: these are all its events.
        case journalReplaced([JournalEvent])
        case reloaded(Ledger, DashboardModel)
        case reloadFailed(String)
        /// Data files being rewritten by a writer that still has them open: the figures
        /// on screen stay, and the header names the files.
        case unfinished([String])
    }

    /// Handles a readable descriptor or a timeout.
    func handle(readable fd: Int32?, state: AppState) -> [Outcome] {
        var out: [Outcome] = []
        var changed = Set<String>()
        if fd == watcher.fd && watcher.fd >= 0 { changed = watcher.drain() }
        changed.formUnion(watcher.rewatch())
        let now = Monotonic.seconds()
        if let p = nextPoll, now >= p {
            changed.formUnion(watcher.pollChanges())
            nextPoll = now + (watcher.pollInterval ?? 2)
        }
        // The ledger folder moved away or deleted: its journal is not read as empty (the
        // notes stay on screen, like the last good data); it is read again once back.
        var isDir: ObjCBool = false
        let folderThere = FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) && isDir.boolValue
        if folderThere && (changed.contains(journal.path) || (watcher.fd < 0 && fd == nil)) {
            let inode = FolderWatcher.inode(journal.path)
            var st = stat()
            let size = stat(journal.path, &st) == 0 ? Int(st.st_size) : 0
            // Another file, a shorter one, one changed without growing (an edit in place of
            // the same size), or one found altered (a restored copy clears it): read whole.
            if inode != journalInode || size <= journalOffset || journalBroken != nil {
                // Another journal (the folder was replaced): its events replace the old.
                let c = journal.read()
                took(c, fresh: true)
                journalInode = inode
                out.append(.journalReplaced(c.events))
            } else {
                let c = journal.read(from: journalOffset, firstLine: journalLines, after: journalHash)
                took(c, fresh: false)
                if !c.events.isEmpty || c.broken != nil { out.append(.journal(c.events)) }
            }
        }
        let changedData = changed.subtracting([journal.path])
        if !changedData.isEmpty {
            TraceMark.mark("live: changed \(changedData.map { ($0 as NSString).lastPathComponent }.sorted())")
            dirtySince = now
            settleStamps = watcher.stamps()
            // Every file that changed was closed by its writer (or renamed into place):
            // no need to wait for quiet. A writer that comes back makes the result stale,
            // and a stale result is thrown away and read again (below).
            changedSinceLoad.formUnion(changedData)
            // With inotify, a file changed and not closed still has its writer: give it the
            // longer quiet a writer pausing half-way needs (a trial showed 15 of 30 rows
            // after a 0.8 s pause). Without inotify nothing says so: shrunk files only.
            let open = watcher.fd >= 0 && !changedData.isSubset(of: watcher.completed)
            quietFor = open || rewrittenInPlace(changedData) ? LiveLedger.rewriteQuiet : LiveLedger.quiet
            if changedData.isSubset(of: watcher.completed) { dirtySince = now - quietFor }
        }
        if let d = dirtySince, now >= d + quietFor {
            let stamps = watcher.stamps()
            if stamps != settleStamps {
                // Still being written: wait for it to settle.
                settleStamps = stamps; dirtySince = now
            } else {
                dirtySince = nil
                startLoad()
            }
        }
        if let h = heldBack, now >= h.since + LiveLedger.heldBackWait {
            heldBack = nil
            // Still as it was: the line without a line end is complete; read it. (Had the
            // files moved, the change itself would have started a reload.)
            if watcher.stamps() == h.stamps { startLoad(holdBack: false) }
        }
        if let m = midnight, now >= m, fixedAsOf == nil {
            scheduleMidnight()
            startLoad()
        }
        if fd == wakeFD {
            var b: UInt8 = 0
            while read(wakeFD, &b, 1) > 0 {}
            if let r = box.take() {
                loading = false
                switch r {
                case .ok(let ledger, let model, let stamps):
                    if stamps != watcher.stamps() || loadAgain {
                        // Files changed while loading: that result may be half-written.
                        loadAgain = false; startLoad()
                    } else {
                        current = ledger
                        lastModel = model
                        follow(ledger.config, into: &out)
                        stillWriting = writingAtLoad.map { ($0 as NSString).lastPathComponent }.sorted()
                        heldBack = ledger.loadInfo.heldBack ? (now, stamps) : nil
                        out.append(.reloaded(ledger, model))
                    }
                case .unfinished(let files, let stamps):
                    if stamps != watcher.stamps() || loadAgain { loadAgain = false; startLoad() }
                    else {
                        // Read again once the writer closes the file (its close is a change).
                        stillWriting = files
                        out.append(.unfinished(files))
                    }
                case .failed(let message, let stamps):
                    if stamps != watcher.stamps() || loadAgain { loadAgain = false; startLoad() }
                    else {
                        // A writer that emptied the file and has not finished: say so first.
                        let open = writingAtLoad.map { ($0 as NSString).lastPathComponent }.sorted()
                        out.append(.reloadFailed(open.isEmpty ? message : "\(open.joined(separator: ", ")) being written · " + message))
                    }
                }
            }
        }
        return out
    }

    /// Whether one of `files`, not closed by its writer yet, is smaller than when last
    /// read: it is being rewritten in place, not appended to.
    private func rewrittenInPlace(_ files: Set<String>) -> Bool {
        current.loadInfo.sources.values.contains { src in
            files.contains(src.path) && !watcher.completed.contains(src.path)
                && (FolderWatcher.stamp(src.path).size.map { Int($0) < src.size } ?? false)
        }
    }

    /// Loads the folder on a background thread; the result arrives through `wakeFD`.
    ///
    /// - Parameter holdBack: leave out a last line with no line end yet (a writer that
    ///   paused mid-line must not show a truncated amount).
    func startLoad(holdBack: Bool = true) {
        if loading { loadAgain = true; return }
        loading = true
        TraceMark.mark("live: reload starts")
        writingAtLoad = watcher.fd >= 0 ? changedSinceLoad.subtracting(watcher.completed) : []
        changedSinceLoad = writingAtLoad   // still open: a later close must count as new
        watcher.takeCompleted()
        let folder = self.folder, configFile = self.configFile, box = self.box, wake = wakeWrite, previous = current
        let previousModel = lastModel
        let asOf = fixedAsOf ?? CivilDate.today()
        let stamps = watcher.stamps()
        let writing = writingAtLoad
        Thread.detachNewThread {
            let result: ResultBox.Result
            do {
                let (ledger, appendedOnly) = try LedgerLoader.reload(previous, folder: folder, configFile: configFile,
                                                                     holdBackUnterminated: holdBack)
                TraceMark.mark("live: ledger read")
                // A data file its writer still has open, and rewritten rather than appended
                // to: what is there so far is part of a new export (a trial's writer paused
                // after 120 kB and AR read −9.19M). The last figures stay until it is closed.
                let rewriting = appendedOnly ? [] : writing.filter { path in
                    previous.loadInfo.sources.values.contains { $0.path == path }
                        && !LedgerLoader.stillExtends(previous, path: path, folder: folder)
                }
                if !rewriting.isEmpty {
                    result = .unfinished(rewriting.map { ($0 as NSString).lastPathComponent }.sorted(), stamps)
                } else if let p = ledger.wholeFileProblem {
                    // A file failed as a whole (as reports refuse to start on): the last good
                    // figures stay, with the reason.
                    result = .failed(p.description, stamps)
                } else if let why = LedgerLoader.lostSource(previous: previous, reloaded: ledger, folder: folder) {
                    result = .failed(why, stamps)
                } else {
                    let model = DashboardModel(ledger: ledger, asOf: asOf, reusing: previousModel, appended: appendedOnly)
                    (model.rates, model.ratesProblems) = ReferenceRates.load(folder: folder, config: ledger.config)
                    model.actionDay = CivilDate.today()
                    result = .ok(ledger, model, stamps)
                }
            } catch {
                result = .failed("\(error)", stamps)
            }
            TraceMark.mark("live: reload and model done")
            box.put(result)
            var b: UInt8 = 1
            _ = write(wake, &b, 1)
        }
    }

    private func scheduleMidnight() {
        guard fixedAsOf == nil else { midnight = nil; return }
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        tmv.tm_hour = 24; tmv.tm_min = 0; tmv.tm_sec = 1
        midnight = Double(mktime(&tmv))
        // The loop's deadlines are monotonic; convert.
        midnight = midnight.map { Monotonic.seconds() + ($0 - Date().timeIntervalSince1970) }
    }
}

/// The background loader's result, handed over under a lock.
final class ResultBox: @unchecked Sendable {
    enum Result {
        case ok(Ledger, DashboardModel, [String: FolderWatcher.FileStamp])
        case failed(String, [String: FolderWatcher.FileStamp])
        /// Files still being rewritten (their names): the reload is not shown.
        case unfinished([String], [String: FolderWatcher.FileStamp])
    }
    private let lock = NSLock()
    private var value: Result?
    func put(_ r: Result) { lock.lock(); value = r; lock.unlock() }
    func take() -> Result? { lock.lock(); defer { lock.unlock() }; let v = value; value = nil; return v }
}
