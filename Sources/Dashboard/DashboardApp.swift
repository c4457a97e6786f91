import Dispatch
import Glibc
import Receivables
import Reports
import TerminalUI

/// Runs the interactive dashboard on a terminal until the user quits.
public enum DashboardApp {
    /// glibc's `malloc_trim` (not in Swift's Glibc module): returns freed heap pages to the system.
    static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(f, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// - Parameters:
    ///   - colors: forced colour depth, nil = what the terminal offers (`NO_COLOR` honoured).
    ///   - theme: the colour theme; the mono theme is used whenever there is no colour.
    ///   - numbers: grouping of amounts on screen.
    /// - Throws: `TerminalError` when the terminal cannot be used; `ReconciliationError`
    ///   when the aging does not add up to the ledger balance (no figures are shown).
    ///   - folder, configFile: watched for changes; the dashboard reloads by itself.
    ///   - fixedAsOf: `--as-of`; nil = today, rolling over at local midnight.
    ///   - poll: poll the files every N seconds instead of inotify.
    ///
    /// - Returns: the signal that ended it (SIGTERM, SIGHUP, SIGQUIT), nil for a quit
    ///   (`q`, Ctrl-C): the caller exits with 128 + the signal, as shells expect.
    @discardableResult
    public static func run(ledger: Ledger, folder: String, configFile: String?, fixedAsOf: CivilDate?, colors: ColorDepth?,
                           theme chosen: Theme, numbers: NumberStyle, poll: Double? = nil) throws -> Int32? {
        let asOf = fixedAsOf ?? CivilDate.today()
        AmountText.style = numbers
        let screen = try NcursesScreen(colors: colors)
        defer { screen.end() }
        let theme = screen.depth == .none ? ((try? ThemeLoader.load("mono", path: ThemeLoader.searchPath())) ?? .mono) : chosen
        let model = DashboardModel(ledger: ledger, asOf: asOf)
        try model.aging.verify()
        (model.rates, model.ratesProblems) = ReferenceRates.load(folder: folder, config: ledger.config)
        model.actionDay = CivilDate.today()
        let size = screen.size
        var state = AppState(model: model, width: size.width, height: size.height)
        state.ascii = screen.asciiOnly
        state.loadedAt = localTime()
        let live = LiveLedger(ledger: ledger, folder: folder, configFile: configFile, fixedAsOf: fixedAsOf, poll: poll)
        live.lastModel = model
        state.annotations = live.readJournal()
        state.journalBroken = live.journalBroken
        screen.draw(Render.canvas(state, theme: theme))
        TraceMark.mark("first frame drawn")
        model.prefetchCredit(state.annotations)
        var dirty = false, repaint = false
        // After a reload the old ledger and model are freed; glibc keeps their pages (the
        // loader's thread arena) unless asked: ~350 MB at a million documents.
        var trim = false
        var prefetch: DashboardModel?
        /// Models replaced by a reload, freed after the frame and off this thread: freeing
        /// a million documents one by one held the new figures back ~25 ms.
        var retired: [DashboardModel] = []
        func apply(_ outcomes: [LiveLedger.Outcome]) {
            guard !outcomes.isEmpty else { return }
            for o in outcomes {
                switch o {
                case .nothing: break
                case .journal(let events):
                    for e in events { state.annotations.apply(e) }
                    state.journalBroken = live.journalBroken
                case .journalReplaced(let events):
                    state.annotations = Annotations(events)
                    state.journalBroken = live.journalBroken
                case .reloaded(_, let model):
                    retired.append(state.model)
                    state.replaceModel(model)
                    state.stillWriting = live.stillWriting
                    trim = true
                    // Started once the new figures are drawn: it takes both cores for a
                    // while, and the frame came up to ~30 ms later at a million documents.
                    prefetch = model
                    state.loadedAt = localTime()
                    state.reloadError = nil
                case .reloadFailed(let why): state.reloadError = why
                case .unfinished(let files): state.stillWriting = files
                }
            }
            dirty = true
        }
        let flush = {
            if dirty {
                screen.draw(Render.canvas(state, theme: theme), repaint: repaint)
                if trim { TraceMark.mark("live: new figures drawn") }
            }
            dirty = false; repaint = false
            // Once the new figures are on screen, not before: the old model is freed on
            // another thread, then glibc is asked for the pages back.
            if trim {
                let old = UncheckedBox(retired)
                retired = []
                DispatchQueue.global(qos: .utility).async {
                    old.value.removeAll()
                    _ = Self.mallocTrim?(0)
                }
                trim = false
            }
            if let m = prefetch { m.prefetchCredit(state.annotations); prefetch = nil }
        }
        var endedBy: Int32?
        EventLoop.run(screen: screen, extraFDs: live.fds, nextTimeout: { live.timeout() }, flush: flush) { event in
            switch event {
            case .signal(let sig):
                if sig != SIGINT { endedBy = sig }
                // Ctrl-C with a note typed asks first, as Esc does; a second Ctrl-C quits.
                if sig == SIGINT, let p = state.prompt, p.hasTypedText {
                    state.prompt = .confirmDiscard(Prompt.Box(p))
                    dirty = true
                    return true
                }
                return false
            case .timeout: apply(live.handle(readable: nil, state: state)); return true
            case .readable(let fd): apply(live.handle(readable: fd, state: state)); return true
            case .key(let key):
                state.message = nil
                if key == .resize {
                    let s = screen.size
                    state.width = s.width; state.height = s.height
                }
                let before = state.prompt
                let effects = Update.handle(&state, key)
                if effects.contains(.quit) { return false }
                for case .record(let e) in effects {
                    // The journal tail brings the event back like anyone else's. If it
                    // cannot be written, the dialog stays open with what was typed.
                    // A lock held by a stuck process must not freeze the screen: 1 s, then say so.
                    do { try live.journal.append(e, lockTimeout: 1) } catch {
                        // The reason first (the journal's path is long and known): the line is cut at the screen's edge.
                        // ("…: not saved" already, from the journal, is not said twice.)
                        var why = "\(error)".replacingOccurrences(of: live.journal.path + ": ", with: "")
                        if why.hasSuffix(": not saved") { why.removeLast(": not saved".count) }
                        state.message = "not saved: \(why) · your text is kept, Esc drops it"
                        state.prompt = before
                    }
                }
                dirty = true
                if effects.contains(.repaint) { repaint = true }
                return true
            }
        }
        return endedBy
    }

    /// "HH:MM" of now in the local time zone.
    static func localTime() -> String {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return two(tmv.tm_hour) + ":" + two(tmv.tm_min) + ":" + two(tmv.tm_sec)
    }
}

/// Hands the retired models to the thread that frees them (the box is its only owner).
private final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
