// Shim for the wide-character ncurses API from Swift 6 (see shared TERMINAL-NOTES.md).
// SwiftPM drops pkg-config's -D flags, so the feature macros are set here, before the
// includes; mutable C globals and macro-only APIs get static inline accessors.
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <ncursesw/curses.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_set_escdelay(int ms) { return set_escdelay(ms); }
static inline FILE *cn_stdin(void) { return stdin; }
static inline FILE *cn_stdout(void) { return stdout; }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline const char *cn_codeset(void) { return nl_langinfo(CODESET); }

static const attr_t CN_A_NORMAL = A_NORMAL;
static const attr_t CN_A_BOLD = A_BOLD;
static const attr_t CN_A_REVERSE = A_REVERSE;
static const attr_t CN_A_UNDERLINE = A_UNDERLINE;
static const attr_t CN_A_DIM = A_DIM;

/// Puts one styled character (a base scalar and up to 4 combining ones) at y, x.
static inline int cn_put(int y, int x, const wchar_t *chars, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, (short)0, &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// Key codes for the start and end of a bracketed paste (xterm's ESC[200~ … ESC[201~).
static const int CN_KEY_PASTE_START = KEY_MAX + 1;
static const int CN_KEY_PASTE_END = KEY_MAX + 2;

/// Turns bracketed paste on (pasted text is framed so it is never taken for keys) and
/// teaches ncurses the two frame sequences.
static inline void cn_bracketed_paste(int on) {
    if (on) {
        define_key("\033[200~", CN_KEY_PASTE_START);
        define_key("\033[201~", CN_KEY_PASTE_END);
    }
    fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
    fflush(stdout);
}

/// Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGTSTP and returns a signalfd that reads
/// them, so the event loop can restore the terminal before exiting (an SSH drop sends
/// SIGHUP) or stopping (Ctrl-Z: bracketed paste off while the shell has the terminal).
static inline int cn_signalfd(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/// The signal number read from a signalfd, or 0.
static inline int cn_read_signal(int fd) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    return n == (ssize_t)sizeof info ? (int)info.ssi_signo : 0;
}

#endif
