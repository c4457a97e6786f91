import CNcursesw
import Glibc

/// Why the terminal could not be used.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The real terminal, through ncursesw: set-up with fallbacks, drawing a `Canvas` by
/// writing only the cells that changed, reading keys, and restoring the terminal.
///
/// Follows shared/TERMINAL-NOTES.md: UTF-8 locale fallback, `newterm` (not `initscr`,
/// which exits on an unknown TERM) with xterm fallbacks, no clear after the first frame,
/// `use_default_colors` so the user's background shows, signals read from a signalfd.
public final class NcursesScreen {
    /// Colours in use after set-up.
    public private(set) var depth: ColorDepth
    /// The locale could not give UTF-8 output: draw ASCII placeholders and glyphs.
    public private(set) var asciiOnly: Bool
    /// A file descriptor that becomes readable on SIGINT, SIGTERM, SIGHUP, SIGQUIT.
    public let signalFD: Int32
    private var previous: Canvas?
    private var pairs: [PairKey: Int32] = [:]
    private var ended = false

    private struct PairKey: Hashable { var fg: Int, bg: Int }

    /// Takes over the terminal.
    /// - Parameter colors: forced colour depth (`--colors`); nil = what the terminal offers,
    ///   none when `NO_COLOR` is set.
    /// - Throws: `TerminalError` when no terminal description works (TERM=dumb, not a tty).
    public init(colors: ColorDepth? = nil) throws {
        guard isatty(0) != 0, isatty(1) != 0 else { throw TerminalError(description: "not a terminal: standard input and output must be a terminal (use `ardash report …` for text output)") }
        // Locale: UTF-8 or fall back to C.UTF-8 for the character type (TERMINAL-NOTES §4).
        let loc = setlocale(LC_ALL, "")
        var utf8 = loc != nil && String(cString: cn_codeset()) == "UTF-8"
        if !utf8, setlocale(LC_CTYPE, "C.UTF-8") != nil { utf8 = String(cString: cn_codeset()) == "UTF-8" }
        asciiOnly = !utf8
        setlocale(LC_NUMERIC, "C")
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        if term == "dumb" || term.isEmpty {
            throw TerminalError(description: "TERM=\(term.isEmpty ? "(unset)" : term) cannot show a full-screen dashboard; set TERM (e.g. xterm-256color) or use `ardash report …`")
        }
        var screen = newterm(nil, cn_stdout(), cn_stdin())
        if screen == nil {
            let wants256 = term.contains("256") || getenv("COLORTERM") != nil
            for fallback in (wants256 ? ["xterm-256color", "xterm"] : ["xterm", "xterm-256color"]) where screen == nil {
                screen = newterm(fallback, cn_stdout(), cn_stdin())
            }
        }
        guard screen != nil else {
            throw TerminalError(description: "no terminal description for TERM=\(term) (nor xterm); install ncurses-term or set TERM=xterm-256color")
        }
        signalFD = cn_signalfd()
        cbreak(); noecho(); nonl()
        keypad(cn_stdscr(), true)
        nodelay(cn_stdscr(), true)
        curs_set(0)
        // How long after an Esc byte the rest of a key's sequence may come: 100 ms (as
        // vim's ttimeoutlen), since at 50 ms a trial on a jittery link had arrow keys read as
        // Esc; the ESCDELAY environment variable (ms), as ncurses reads it, overrides.
        let escDelay = getenv("ESCDELAY").flatMap { Int32(String(cString: $0)) }.map { min(max($0, 10), 2000) } ?? 100
        _ = cn_set_escdelay(escDelay)
        // Colours.
        let noColor = (getenv("NO_COLOR").map { String(cString: $0) } ?? "").isEmpty == false
        var d: ColorDepth = .none
        if has_colors() && !noColor {
            start_color(); use_default_colors()
            d = cn_colors() >= 256 ? .c256 : .c8
        }
        if let forced = colors {
            if forced != .none && !has_colors() { d = .none } else {
                if forced != .none && d == .none && has_colors() { start_color(); use_default_colors() }
                d = forced == .c256 && cn_colors() < 256 ? .c8 : forced
            }
        }
        depth = d
        cn_bracketed_paste(1)
    }

    /// Terminal size (columns, rows).
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(cn_stdscr())), Int(getmaxy(cn_stdscr())))
    }

    /// Shows `canvas`, writing only cells that differ from the last frame. The screen is
    /// cleared only on the first frame, a size change, or `repaint`.
    public func draw(_ canvas: Canvas, repaint: Bool = false) {
        let full = repaint || previous == nil || previous!.width != canvas.width || previous!.height != canvas.height
        if full { erase(); if repaint { clearok(cn_stdscr(), true) } }
        let (w, h) = size
        for y in 0..<min(canvas.height, h) {
            for x in 0..<min(canvas.width, w) {
                let c = canvas[x, y]
                if c.width == 0 { continue }
                if !full, let p = previous, p[x, y] == c, x + 1 >= canvas.width || p[x + 1, y] == canvas[x + 1, y] { continue }
                // The bottom-right cell scrolls some terminals: never write it.
                if y == h - 1 && x + Int(c.width) >= w { continue }
                put(c, x: x, y: y)
            }
        }
        previous = canvas
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    private func put(_ c: Cell, x: Int, y: Int) {
        var attrs = CN_A_NORMAL
        if c.style.bold { attrs |= CN_A_BOLD }
        if c.style.underline { attrs |= CN_A_UNDERLINE }
        if c.style.reverse { attrs |= CN_A_REVERSE }
        if c.style.dim { attrs |= CN_A_DIM }
        let pair = pairNumber(c.style)
        var chars: [wchar_t] = c.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        if chars.isEmpty { chars = [32] }
        chars.append(0)
        _ = cn_put(Int32(y), Int32(x), chars, attrs, pair)
    }

    private func pairNumber(_ s: Style) -> Int32 {
        guard depth != .none else { return 0 }
        let fg = s.foreground.index(for: depth) ?? -1, bg = s.background.index(for: depth) ?? -1
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let n = Int32(pairs.count + 1)
        guard n < cn_color_pairs() else { return 0 }
        init_extended_pair(n, Int32(fg), Int32(bg))
        pairs[key] = n
        return n
    }

    /// Keys waiting on the terminal (non-blocking); `.resize` when the size changed.
    public func readKeys() -> [Key] {
        var keys: [Key] = []
        var wint: wint_t = 0
        while true {
            let r = get_wch(&wint)
            if r == ERR { break }
            if r == KEY_CODE_YES { keys.append(Self.key(code: Int32(wint))); continue }
            let v = UInt32(wint)
            switch v {
            case 13: keys.append(.enter)
            case 10: keys.append(.control("j"))   // Ctrl-J: a line break in multi-line text
            case 27: keys.append(.escape)
            case 9: keys.append(.tab)
            case 127, 8: keys.append(.backspace)
            case 1...26: keys.append(.control(Character(Unicode.Scalar(v + 96)!)))
            default:
                if let s = Unicode.Scalar(v) { keys.append(.character(Character(s))) } else { keys.append(.unknown(Int32(bitPattern: v))) }
            }
        }
        return keys
    }

    static func key(code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_RESIZE: return .resize
        case CN_KEY_PASTE_START: return .pasteStart
        case CN_KEY_PASTE_END: return .pasteEnd
        default:
            for n in 1...12 where code == cn_key_f(Int32(n)) { return .function(n) }
            return .unknown(code)
        }
    }

    /// Which signal arrived on `signalFD` (0 if none).
    public func readSignal() -> Int32 { cn_read_signal(signalFD) }

    /// Ctrl-Z: gives the terminal back as `end` does (bracketed paste off too, which
    /// ncurses' own handler left on), stops the process, and takes the terminal again once
    /// the shell continues it (`fg`). The caller repaints.
    public func suspend() {
        cn_bracketed_paste(0)
        curs_set(1)
        endwin()
        fflush(cn_stdout())
        // Stop as for Ctrl-Z (the shell says "Stopped", not "Stopped (signal)"): SIGTSTP with
        // its default action, unblocked for the moment (it is otherwise read from signalFD).
        var tstp = sigset_t()
        sigemptyset(&tstp)
        sigaddset(&tstp, SIGTSTP)
        signal(SIGTSTP, SIG_DFL)
        sigprocmask(SIG_UNBLOCK, &tstp, nil)
        raise(SIGTSTP)
        sigprocmask(SIG_BLOCK, &tstp, nil)
        // Continued.
        refresh()
        curs_set(0)
        cn_bracketed_paste(1)
    }

    /// Restores the terminal (echo, cursor, cooked mode). Safe to call twice.
    public func end() {
        guard !ended else { return }
        ended = true
        cn_bracketed_paste(0)
        curs_set(1)
        endwin()
        fflush(cn_stdout())
    }

    deinit { end() }
}
