#!/usr/bin/env bash
# Process-level tests of the shared annotation journal: 8 concurrent writers, writers
# killed with SIGKILL, a torn last line, tampering, file modes, a read-only ledger folder.
# Prints "N passed, N failed" last.
source "$(dirname "$0")/common.sh"
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -10 | sed 's/^/     /'; }
fresh() { rm -rf "$WORK/L"; mkdir -p "$WORK/L"; cp "$CASES/BR-34/"*.csv "$WORK/L/"; J="$WORK/L/.ardash/journal.jsonl"; }

# 1. Eight writers, 1,000 events each, at once (BR-34): every event exactly once, chain valid.
fresh
start=$(date +%s.%N)
for i in 1 2 3 4 5 6 7 8; do "$BIN" journal stress "$WORK/L" --events 1000 --tag "w$i" & done; wait
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
out=$("$BIN" journal verify "$WORK/L")
[ $? -eq 0 ] && grep -q "intact, 8000 events" <<<"$out" && ok "8 writers × 1000: chain intact, 8000 events" || bad "8 writers × 1000" "$out"
missing=0
for i in 1 2 3 4 5 6 7 8; do
  n=$(grep -c "\"text\":\"w$i " "$J"); [ "$n" -eq 1000 ] || missing=$((missing + 1))
done
dups=$(grep -o '"text":"w[0-9]* [0-9]*"' "$J" | sort | uniq -d | wc -l)
[ $missing -eq 0 ] && [ "$dups" -eq 0 ] && ok "each writer's 1000 events present exactly once" || bad "events once each ($missing writers short, $dups duplicates)"
echo "     append throughput, 8 writers with fsync: $(awk -v s="$secs" 'BEGIN { printf "%d", 8000 / s }') events/s ($secs s)"
[ "$(wc -l < "$J")" -eq 8000 ] && ok "no torn or extra lines" || bad "line count $(wc -l < "$J")"

# 2. Writers killed with SIGKILL at random moments, many times: still verifies; each
#    killed writer loses at most the event it was writing (its events are 0..n-1, no gap).
fresh
for k in $(seq 1 20); do
  "$BIN" journal stress "$WORK/L" --events 100000 --tag "k$k" & p=$!
  sleep 0.$((RANDOM % 3 + 1))
  kill -9 $p; wait $p 2>/dev/null
done
out=$("$BIN" journal verify "$WORK/L"); rc=$?
[ $rc -eq 0 ] && ok "after 20 SIGKILLs the journal verifies ($out)" || bad "verify after SIGKILL" "$out"
gaps=0
for k in $(seq 1 20); do
  nums=$(grep -o "\"text\":\"k$k [0-9]*\"" "$J" | grep -o '[0-9]*"$' | tr -d '"' | sort -n)
  n=$(wc -l <<<"$nums"); last=$(tail -1 <<<"$nums")
  [ -z "$nums" ] || [ "$last" -eq $((n - 1)) ] || gaps=$((gaps + 1))
done
[ $gaps -eq 0 ] && ok "killed writers lost nothing but their last event (no gaps)" || bad "$gaps writers have gaps"
"$BIN" note "$WORK/L" --customer C2 "after the kills" >/dev/null && "$BIN" journal verify "$WORK/L" >/dev/null && ok "a writer after the kills appends fine" || bad "append after kills"

# 3. A torn last line (a writer killed mid-line) is ignored by readers and closed off by
#    the next writer; the chain stays valid.
fresh
"$BIN" note "$WORK/L" --customer C1 "first" >/dev/null
printf '{"id":"deadbeef","at":"2026-11-29T10:00:00Z","user":"x","kind":"no' >> "$J"
n=$("$BIN" journal log "$WORK/L" --format json | wc -l)
[ "$n" -eq 1 ] && ok "readers ignore an unterminated last line" || bad "reader saw $n events"
"$BIN" note "$WORK/L" --customer C1 "second" >/dev/null
out=$("$BIN" journal verify "$WORK/L"); rc=$?
[ $rc -eq 0 ] && grep -q "intact, 2 events" <<<"$out" && grep -q "interrupted writer skipped (lines 2)" <<<"$out" && ok "next writer closes it off; chain intact" || bad "torn line" "$out"
texts=$("$BIN" journal log "$WORK/L" --format json | jq -r .text | tr '\n' ,)
[ "$texts" = "first,second," ] && ok "both notes readable" || bad "texts: $texts"

# 4. Tampering is detected and named.
fresh
for t in one two three four; do "$BIN" note "$WORK/L" --customer C1 "$t" >/dev/null; done
cp "$J" "$WORK/j.bak"
sed -i '2d' "$J"
out=$("$BIN" journal verify "$WORK/L" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "journal.jsonl:2:" <<<"$out" && ok "a removed event is detected at line 2" || bad "removed line" "$out"
cp "$WORK/j.bak" "$J"; sed -i '2s/"two"/"TWO"/' "$J"
out=$("$BIN" journal verify "$WORK/L" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "journal.jsonl:3:" <<<"$out" && ok "an altered event is detected (at the next line)" || bad "altered line" "$out"
# Every command that reads the journal says so, and still uses every event.
err=$("$BIN" journal log "$WORK/L" 2>&1 >/dev/null); n=$("$BIN" journal log "$WORK/L" --format json 2>/dev/null | wc -l)
grep -q "line 3: its prev hash does not match" <<<"$err" && [ "$n" -eq 4 ] && ok "journal log warns of the altered line and lists all 4 events" || bad "log on altered journal" "$err / $n"
err=$("$BIN" report worklist "$WORK/L" --as-of 2024-03-01 2>&1 >/dev/null)
grep -q "journal.jsonl: line 3" <<<"$err" && ok "the worklist warns of the altered journal" || bad "worklist on altered journal" "$err"

# A FIFO at the journal's path: named, never waited on for ever.
cp -r "$CASES/BR-34" "$WORK/fifo"; mkfifo "$WORK/fifo/pipe"; printf '[journal]\npath = "pipe"\n' > "$WORK/fifo/ardash.toml"
out=$(timeout 10 "$BIN" journal verify "$WORK/fifo" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "not a regular file" <<<"$out" && ok "a FIFO as journal is named, not read for ever" || bad "FIFO journal" "rc $rc: $out"

# 5. Mode 0660 and the folder's group, whatever the writer's umask.
fresh
(umask 077; "$BIN" flag "$WORK/L" --customer C1 dispute >/dev/null)
[ "$(stat -c %a "$J")" = "660" ] && ok "journal file mode 0660 under umask 077" || bad "mode $(stat -c %a "$J")"
[ "$(stat -c %a "$WORK/L/.ardash")" = "2770" ] && ok ".ardash folder mode 2770 (setgid)" || bad "dir mode $(stat -c %a "$WORK/L/.ardash")"

# 6. Control characters never reach the journal; a read-only export folder uses [journal] path.
fresh
"$BIN" note "$WORK/L" --customer C1 $'pasted \e[31mred\a\nsecond line' >/dev/null
grep -q $'\x1b' "$J" && bad "ESC stored in the journal" || ok "control characters stripped from notes"
[ "$("$BIN" journal log "$WORK/L" --format json | jq -r .text)" = $'pasted [31mred\nsecond line' ] && ok "line breaks kept" || bad "note text"
mkdir -p "$WORK/ro" && cp "$CASES/BR-34/"*.csv "$WORK/ro/" && chmod 555 "$WORK/ro"
printf '[journal]\npath = "%s/shared/journal.jsonl"\n' "$WORK" > "$WORK/ro.toml"
"$BIN" note "$WORK/ro" --config "$WORK/ro.toml" --customer C1 "kept elsewhere" >/dev/null && [ -f "$WORK/shared/journal.jsonl" ] && ok "read-only folder: journal at [journal] path" || bad "journal path"
chmod 755 "$WORK/ro"

summary
