import Glibc

/// Something the event loop woke up for.
public enum TerminalEvent: Sendable {
    case key(Key)
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT: restore the terminal and leave.
    case signal(Int32)
    /// The timeout asked for by `nextTimeout` expired (clock tick, debounce).
    case timeout
    /// One of the extra file descriptors is readable.
    case readable(Int32)
}

/// The single-threaded loop of TERMINAL-NOTES §8: `poll(2)` on the terminal, the signal
/// descriptor and any extra descriptors, with the timeout of the next timer; it never
/// spins and does nothing while nothing happens.
public enum EventLoop {
    /// Runs until `handle` returns false.
    /// - Parameters:
    ///   - nextTimeout: milliseconds until the next timer, or -1 for none.
    ///   - handle: called for each event; return false to stop.
    ///   - flush: called once after each wake-up's events (draw once for a burst of keys:
    ///     a 100 KB paste is one frame, not a hundred thousand).
    public static func run(screen: NcursesScreen, extraFDs: [Int32] = [], nextTimeout: () -> Int32,
                           flush: () -> Void = {}, handle: (TerminalEvent) -> Bool) {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: screen.signalFD, events: Int16(POLLIN), revents: 0)]
        fds += extraFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            flush()
            for i in fds.indices { fds[i].revents = 0 }
            let n = poll(&fds, nfds_t(fds.count), nextTimeout())
            if n < 0 && errno != EINTR { return }
            if n == 0 { if !handle(.timeout) { return }; continue }
            if fds[1].revents != 0 {
                let s = screen.readSignal()
                if s == SIGTSTP {
                    screen.suspend()
                    if !handle(.key(.resize)) { return }   // back from fg: the size may have changed too
                } else if s != 0 && !handle(.signal(s)) { return }
            }
            // Keys: on input, and after EINTR (SIGWINCH makes ncurses queue KEY_RESIZE).
            if fds[0].revents != 0 || n < 0 {
                if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 && fds[0].revents & Int16(POLLIN) == 0 {
                    _ = handle(.signal(SIGHUP)); return
                }
                for k in screen.readKeys() { if !handle(.key(k)) { return } }
            }
            for i in fds.indices.dropFirst(2) where fds[i].revents != 0 {
                if !handle(.readable(fds[i].fd)) { return }
            }
        }
    }
}
