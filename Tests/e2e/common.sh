# Shared set-up of the end-to-end suites (sourced): the binary, the fixture cases, a work
# folder removed at exit (with any tmux server whose socket is in it), a private tmux
# command, and the pass/fail counters with the closing "N passed, N failed" line.
set -u
cd "$(dirname "${BASH_SOURCE[1]}")/../.."
BIN=$(realpath "${ARDASH:-.build/debug/ardash}")
CASES=$(realpath Tests/ReceivablesTests/Fixtures/cases)
WORK=$(mktemp -d)
T="tmux -S $WORK/tmux.sock -f /dev/null"
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
cleanup() {
  for s in "$WORK"/*.sock; do [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
# summary: the closing line; the exit status says whether everything passed.
summary() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
