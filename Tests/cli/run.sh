#!/usr/bin/env bash
# End-to-end checks of the ardash executable: exit codes, messages and report figures
# as a script or a person sees them. Run after `swift build` (uses .build/debug/ardash,
# or $ARDASH). Prints "N passed, N failed" last; exits 1 on any failure.
set -u
cd "$(dirname "$0")/../.."
BIN=${ARDASH:-.build/debug/ardash}
CASES=Tests/ReceivablesTests/Fixtures/cases
IBM=Tests/ReceivablesTests/Fixtures/ibm-watson-ar
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
pass=0; fail=0

ok()   { pass=$((pass + 1)); echo "ok   $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /' | head -20; }

# expect NAME EXIT_CODE GREP_PATTERN -- COMMAND...: runs it, checks the code and that
# stdout+stderr contains the fixed string.
expect() {
  local name=$1 code=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ]; then bad "$name (exit $rc, wanted $code)" "$out"; return; fi
  if [ -n "$pattern" ] && ! grep -qF -- "$pattern" <<<"$out"; then bad "$name (no \"$pattern\")" "$out"; return; fi
  ok "$name"
}

# json_eq NAME EXPR EXPECTED -- COMMAND...: evaluates a jq expression on the command's JSON.
json_eq() {
  local name=$1 expr=$2 want=$3; shift 4
  local got
  got=$("$@" 2>/dev/null | jq -c -r "$expr")
  if [ "$got" = "$want" ]; then ok "$name"; else bad "$name" "got:  $got"$'\n'"want: $want"; fi
}

[ -x "$BIN" ] || { echo "no executable at $BIN: run swift build first"; echo "0 passed, 1 failed"; exit 1; }

# check: problems as file:line: field: reason, exit 1 when rows were rejected.
expect "check: clean ledger exits 0" 0 "0 rows rejected" -- "$BIN" check "$CASES/BR-01"
expect "check: conflicting duplicate named by line" 1 "invoices.csv:5: document_id: document id D2 is on lines 4, 5" -- "$BIN" check "$CASES/BR-29"
expect "check: identical duplicate is a warning" 1 "warning invoices.csv:3: document_id: duplicate row (same as line 2): counted once" -- "$BIN" check "$CASES/BR-29"
expect "check: ambiguous dates ask for the config" 1 "set date_format in ardash.toml" -- "$BIN" check "$CASES/BR-23/ambiguous"
json_eq "check --format json counts" '[.documents,.rejected_rows,.errors]' '[4,2,1]' -- "$BIN" check "$CASES/BR-29" --format json

# report aging: the JSON shape and hand-worked figures.
json_eq "aging BR-01 buckets" '[.buckets[].amount]' '["100.00","100.00","200.00","200.00","200.00","100.00"]' -- "$BIN" report aging "$CASES/BR-01" --as-of 2024-03-31 --format json
json_eq "aging BR-01 total and currency" '[.as_of,.currency,.total,.customers[0].customer_id]' '["2024-03-31","EUR","900.00","C1"]' -- "$BIN" report aging "$CASES/BR-01" --as-of 2024-03-31 --format json
json_eq "aging BR-08 converts to USD" '[.currency,.buckets[0].amount,.buckets[1].amount,.total]' '["USD","85.00","220.00","305.00"]' -- "$BIN" report aging "$CASES/BR-08" --as-of 2026-01-01 --format json
json_eq "aging BR-02 partial payments" '[.buckets[2].amount,.total]' '["5500.00","5500.00"]' -- "$BIN" report aging "$CASES/BR-02" --as-of 2017-04-04 --format json
json_eq "aging IBM 2013-06-30 (independently checked)" '.total' '5119.85' -- "$BIN" report aging "$IBM" --config "$IBM/../ibm-watson-ar.toml" --as-of 2013-06-30 --format json
json_eq "aging IBM 2013-09-30 (independently checked)" '.total' '5029.22' -- "$BIN" report aging "$IBM" --config "$IBM/../ibm-watson-ar.toml" --as-of 2013-09-30 --format json
expect "aging csv header" 0 "customer_id,name,currency,Current,1-30,31-60,61-90,91-120,120+,total" -- "$BIN" report aging "$CASES/BR-01" --as-of 2024-03-31 --format csv
expect "aging table shows totals" 0 "Total" -- "$BIN" report aging "$CASES/BR-04" --as-of 2024-06-30

# Issue 5: credit control on hand-worked ledgers (Tests/cli/fixtures; values in CreditControlTests.swift).
CR=Tests/cli/fixtures
json_eq "kpi: countback DSO, BPDSO, ADD, CEI (worked check 68.80)" '.months[2]|[.dso,.bpdso,.add,.cei_month,.cei_quarter]' '["68.8","31.0","37.8","0.0","38.5"]' -- "$BIN" report kpi "$CR/kpi" --as-of 2023-12-31 --months 3 --format json
json_eq "kpi: CEI of November 125/167" '.months[1].cei_month' '74.9' -- "$BIN" report kpi "$CR/kpi" --as-of 2023-12-31 --months 3 --format json
json_eq "kpi: period method names itself" '[.method,.months[2].dso]' '["period","61.2"]' -- "$BIN" report kpi "$CR/kpi" --as-of 2023-12-31 --months 3 --method period --format json
# Ten invoices of 10,000,000,000.00 USD at 999,999 EUR (trial 17 crashed on these): each
# would convert past the one-row limit, so reports stay in USD (10^13 cents in 31-60).
TL=Tests/cli/fixtures/fx-too-large
expect "fx too large: aging splits by currency, naming the document" 0 "Split by currency: document U1 (USD 10000000000.00) at the rate 999999 converts to more than EUR 10000000000.00" -- "$BIN" report aging "$TL" --as-of 2026-06-30
json_eq "fx too large: aging total in USD, with the reason" '[.currency,.total,(.note|startswith("document U1"))]' '["USD","100000000000.00",true]' -- "$BIN" report aging "$TL" --as-of 2026-06-30 --format json
for r in dso kpi customer; do
  args=("$BIN" report "$r" "$TL" --as-of 2026-06-30); [ "$r" = customer ] && args=("$BIN" report customer C1 "$TL" --as-of 2026-06-30)
  expect "fx too large: report $r runs in USD" 0 "100,000,000,000.00" -- "${args[@]}"
done
# SAP's "no end" date 9999-12-31 with no due date, under EOM+10 terms (trial 19: every
# command crashed): due 10000-01-10, so not overdue on any day a file can hold.
expect "9999-12-31 under EOM+10: check runs" 0 "1 document" -- "$BIN" check Tests/cli/fixtures/no-end-date
json_eq "9999-12-31 under EOM+10: aging puts it nowhere yet (not dated by then)" '.total' '0.00' -- "$BIN" report aging Tests/cli/fixtures/no-end-date --as-of 2026-11-30 --format json

# EUR, JPY and KWD with rates, one KWD invoice of 1,000,000,000.000 at 1,000,000 EUR
# (trial 18): the worklist says why it ranks at face value, not "no exchange rates".
FS=Tests/cli/fixtures/fx-split
expect "fx split: aging names F3" 0 "Split by currency: document F3 (KWD 1000000000.000) at the rate 1000000" -- "$BIN" report aging "$FS" --as-of 2026-11-30
expect "fx split: worklist says why" 0 "Several currencies, not converted (document F3" -- "$BIN" report worklist "$FS" --as-of 2026-11-30
json_eq "kpi --customers: A amount-weighted habit" '.customers[]|select(.customer_id=="A")|[.avg_days_to_pay,.avg_days_late,.paid_late_percent,.risk]' '["38.3","8.3","50.0",13]' -- "$BIN" report kpi "$CR/credit" --customers --as-of 2024-05-31 --format json
json_eq "kpi --customer: A month by month" '[.months[]|.avg_days_late]' '["10.0","0.0","20.0",null]' -- "$BIN" report kpi "$CR/credit" --customer A --months 4 --as-of 2024-05-31 --format json
json_eq "provision: worked check 560.50" '[.buckets[].allowance,.totals.allowance]' '["75.00","165.00","108.00","112.50","100.00","560.50"]' -- "$BIN" report provision "$CR/provision" --as-of 2024-12-31 --format json
expect "provision: no rates says how to add them" 2 "[provision]" -- "$BIN" report provision "$CR/credit" --as-of 2024-05-31
json_eq "provision: --rates overrides" '.totals.allowance' '1500.00' -- "$BIN" report provision "$CR/provision" --as-of 2024-12-31 --rates 5,5,5,5,5 --format json
json_eq "interest: worked check 140.55 + 40 (France)" '.documents[0]|[.days_late,.rate_percent,.interest,.compensation_eur]' '[30,"14.25","140.55","40.00"]' -- "$BIN" report interest "$CR/credit" --as-of 2024-12-31 --customer X --format json
json_eq "interest: EU law 12.25 %" '.documents[0]|[.rate_percent,.interest]' '["12.25","120.82"]' -- "$BIN" report interest "$CR/credit" --as-of 2024-12-31 --customer X --law eu --format json
json_eq "interest: Actual/365 and terms beyond the law" '[.day_count,.terms_over_legal_max]' '["Actual/365",["B"]]' -- "$BIN" report interest "$CR/credit" --as-of 2024-12-31 --format json
json_eq "worklist: order and reasons" '[.actions[]|.customer_id]' '["A","C","B"]' -- "$BIN" report worklist "$CR/credit" --as-of 2024-05-31 --format json
expect "worklist: over its limit only, the overdue cell is blank as on screen (CSV says 0)" 0 "3  B   Beta      over limit           EUR       0    15" -- "$BIN" report worklist "$CR/credit" --as-of 2024-05-31
json_eq "worklist: B over its limit" '.actions[2]|[.tier,.reasons]' '["over limit","over credit limit 120 %"]' -- "$BIN" report worklist "$CR/credit" --as-of 2024-05-31 --format json
json_eq "forecast: weeks and unpredicted" '[.weeks[1].expected,.unpredicted]' '["650.00","400.00"]' -- "$BIN" report forecast "$CR/credit" --as-of 2024-05-31 --format json
json_eq "forecast --backtest: WAPE model and naive" '.origins[0]|[.model_wape,.naive_wape]' '["200.0","80.0"]' -- "$BIN" report forecast "$CR/credit" --backtest --origin 2024-03-01 --format json
json_eq "customer: risk and dunning" '.credit|[.risk_score,.dunning_level,.credit_limit_state]' '[13,2,"within"]' -- "$BIN" report customer A "$CR/credit" --as-of 2024-05-31 --format json
# A4 (due 05-01) is 30 days late on 05-31: level 2 reached, but a first letter is level 1.
json_eq "dunning --list: a first letter is level 1 whatever the level reached" '[.customers[]|[.customer_id,.level,.reached,.status]]' '[["A",1,2,"due"],["C",1,1,"due"]]' -- "$BIN" dunning "$CR/credit" --as-of 2024-05-31 --list --format json
# Letters escalate one level at a time, no sooner than the levels' spacing (21 − 7 = 14 days).
cp -r "$CR/credit" "$WORK/tpl2"
"$BIN" dunning "$WORK/tpl2" --as-of 2024-05-10 --record >/dev/null 2>&1   # A4 9 days late: level 1 letter
json_eq "dunning: level 2 reached on 05-22, but not 14 days after the level-1 letter yet" '[.customers[]|select(.customer_id=="A")|[.level,.reached,.status]]' '[[1,2,"reminded"]]' -- "$BIN" dunning "$WORK/tpl2" --as-of 2024-05-23 --list --format json
json_eq "dunning: the level-2 letter is due 14 days after the level-1 letter" '[.customers[]|select(.customer_id=="A")|[.level,.reached,.status]]' '[[2,2,"due"]]' -- "$BIN" dunning "$WORK/tpl2" --as-of 2024-05-24 --list --format json
expect "dunning: letter from the folder's template" 0 "Alpha (A) owes 400.00 EUR; interest 4.77 EUR (14.50 %, Code de commerce L441-10) and 40.00 EUR; level 2." -- "$BIN" dunning "$WORK/tpl2" --as-of 2024-05-31
cp -r "$CR/credit" "$WORK/credit"
expect "dunning --record" 0 "2 reminder(s) due as of 2024-05-31, recorded in the journal" -- "$BIN" dunning "$WORK/credit" --as-of 2024-05-31 --record
expect "dunning: not due again the same day" 0 "0 reminder(s) due" -- "$BIN" dunning "$WORK/credit" --as-of 2024-05-31
json_eq "dunning: A (level 3 reached at 45 days) escalates one level, to 2" '[.customers[]|[.customer_id,.level,.reached,.status]]' '[["A",2,3,"due"],["C",2,2,"due"]]' -- "$BIN" dunning "$WORK/credit" --as-of 2024-06-15 --list --format json
cp -r "$CR/credit" "$WORK/jpath"; printf '[journal]\npath = ""\n' > "$WORK/jpath/ardash.toml"
expect "[journal] path must name a file" 2 "ardash.toml:2: journal.path must name a file" -- "$BIN" check "$WORK/jpath"
# Letters that could not be written are not recorded as sent; two runs at once send them once.
cp -r "$CR/credit" "$WORK/full"
out=$("$BIN" dunning "$WORK/full" --as-of 2024-05-31 --record 2>&1 >/dev/full); rc=$?
[ $rc -eq 1 ] && grep -q "nothing recorded" <<<"$out" && [ ! -s "$WORK/full/.ardash/journal.jsonl" ] && ok "dunning --record to a full disk: exit 1, nothing recorded" || bad "dunning to /dev/full" "rc $rc: $out"
"$BIN" dunning "$WORK/full" --as-of 2024-05-31 --record >/dev/null 2>&1 & "$BIN" dunning "$WORK/full" --as-of 2024-05-31 --record >/dev/null 2>&1 & wait
n=$("$BIN" journal log "$WORK/full" --format json | jq -r .kind | grep -c dunning_reminder)
[ "$n" -eq 2 ] && ok "two dunning --record runs at once record A4 and C1 once (2 reminders)" || bad "concurrent dunning runs" "$n reminders"
# Money already on the account is never left out of a letter: A's unapplied 150.00.
cp -r "$CR/credit" "$WORK/credits"; rm -rf "$WORK/credits/dunning"
printf 'PU,A,2024-05-20,EUR,150.00,\n' >> "$WORK/credits/payments.csv"
expect "letter: unapplied cash is named" 0 "Also on your account, not yet allocated to an invoice: 150.00 EUR (payments, credit notes)." -- "$BIN" dunning "$WORK/credits" --as-of 2024-05-31
expect "letter: and the overdue net of it (400.00 − 150.00)" 0 "Net of them, the overdue amount is 250.00 EUR; please tell us" -- "$BIN" dunning "$WORK/credits" --as-of 2024-05-31
"$BIN" flag "$WORK/credit" --customer C promise --date 2024-06-20 --amount 50.00 --as-of 2024-06-15 >/dev/null 2>&1
json_eq "dunning: an open promise pauses C" '[.customers[]|select(.customer_id=="C")|.status]' '["paused (promise)"]' -- "$BIN" dunning "$WORK/credit" --as-of 2024-06-15 --list --format json
printf 'Dear {customer_nmae}\n' > "$WORK/credit/dunning/level-1.txt"
expect "dunning: unknown placeholder named with its line" 2 "level-1.txt:1: unknown placeholder {customer_nmae}" -- "$BIN" dunning "$WORK/credit" --as-of 2024-06-15

# Issue 5, defects found by a trial and fixed.
expect "--as-of beyond 9900 is refused, not a crash" 64 "give a date from 1900 to 9900" -- "$BIN" report interest "$CR/credit" --as-of 9999-12-31
expect "backtest origin whose weeks run past the data is refused" 64 "after the last payment or document on record (2024-10-15)" -- "$BIN" report forecast "$CR/credit" --backtest --origin 2024-09-01 --as-of 2024-12-31
expect "an unknown --theme is refused even when the output is not a terminal" 64 "--theme: " -- "$BIN" "$CASES/BR-01" --as-of 2024-03-31 --theme nosuch
expect "--origin needs --backtest" 64 "--origin applies to --backtest" -- "$BIN" report forecast "$CR/credit" --origin 2024-03-01
expect "letter: total claimed includes the EUR 40 (400.00 + 38.27 + 40.00)" 0 "Total claimed: 478.27 EUR" -- "$BIN" dunning "$CR/credit" --as-of 2024-12-31
cp -r "$CR/credit" "$WORK/rates"
printf '2025-06-11,2.15\n' > "$WORK/rates/rates.csv"
json_eq "rates.csv adds to the built-in ECB table (A4 still 4.50 then 4.25 % + 10)" '.documents[]|select(.document_id=="A4")|.interest' '38.27' -- "$BIN" report interest "$WORK/rates" --as-of 2024-12-31 --customer A --format json
# Side files named in ardash.toml must be there: never a silent fall-back.
cp -r "$CR/credit" "$WORK/named"
printf '[interest]\nlaw = "fr"\nrates = "ecb-2026.csv"\n[dunning]\ntemplates = "letters"\n' > "$WORK/named/ardash.toml"
expect "check: a named rates file that is absent is reported" 0 "warning ecb-2026.csv: not found (named by [interest] rates in ardash.toml): using the built-in ECB table (last change 2025-06-11)" -- "$BIN" check "$WORK/named"
expect "check: a named dunning folder that is absent is reported" 0 "warning letters: folder not found (named by [dunning] templates in ardash.toml)" -- "$BIN" check "$WORK/named"
expect "interest: says so on stderr and uses the built-in table (A4 38.27)" 0 "ecb-2026.csv: not found" -- "$BIN" report interest "$WORK/named" --as-of 2024-12-31 --customer A
json_eq "interest: the built-in table gives A4 38.27" '.documents[]|select(.document_id=="A4")|.interest' '38.27' -- "$BIN" report interest "$WORK/named" --as-of 2024-12-31 --customer A --format json
expect "dunning: a named rates file that is absent stops the letters, as the README says" 2 "no letter is printed until it is there" -- "$BIN" dunning "$WORK/named" --as-of 2024-05-31
printf '[interest]\nlaw = "fr"\n[dunning]\ntemplates = "letters"\n' > "$WORK/named/ardash.toml"
expect "dunning: a named templates folder that is absent stops the letters" 2 "letters: folder not found (named by [dunning] templates in ardash.toml): its letters cannot be used" -- "$BIN" dunning "$WORK/named" --as-of 2024-05-31
expect "dunning: a level without its template says the built-in text is used" 0 "dunning/level-1.txt not found: level 1 letters use the built-in text" -- "$BIN" dunning "$CR/credit" --as-of 2024-05-31
cp -r "$CR/credit/." "$WORK/tplfolder" && mkdir "$WORK/tplfolder/dunning/level-1.txt"
expect "dunning: a template that is a folder stops the letters" 2 "level-1.txt: not a file (a folder?): no letter printed" -- "$BIN" dunning "$WORK/tplfolder" --as-of 2024-05-31
printf '[dunning]\ntemplates = "invoices.csv"\n' > "$WORK/tplfolder/ardash.toml"
expect "dunning: a templates 'folder' that is a file is named so" 2 "invoices.csv: not a folder (named by [dunning] templates in ardash.toml)" -- "$BIN" dunning "$WORK/tplfolder" --as-of 2024-05-31
expect "dunning --list: an absent named folder is said on stderr" 0 "invoices.csv: not a folder" -- "$BIN" dunning "$WORK/tplfolder" --as-of 2024-05-31 --list
# A rates file in the export's own style (';', dd/MM/yyyy, decimal comma) is read with the
# ledger's date_format; one that cannot be read stops interest and letters (a trial's
# letters claimed 10.15 % from the built-in table where its file said 9.90 %).
cp -r "$CR/credit" "$WORK/rates3"
printf '\n[format]\ndate_format = "dd/MM/yyyy"\n' >> "$WORK/rates3/ardash.toml"
sed -i 's/\([0-9]\{4\}\)-\([0-9]\{2\}\)-\([0-9]\{2\}\)/\3\/\2\/\1/g' "$WORK/rates3/invoices.csv" "$WORK/rates3/payments.csv"
printf 'date;rate\n11/06/2025;2,15\n' > "$WORK/rates3/rates.csv"
expect "rates.csv in dd/MM/yyyy with a decimal comma is read" 0 "0 errors, 0 warnings" -- "$BIN" check "$WORK/rates3"
json_eq "…and gives A4 the same interest as 2025-06-11,2.15 (38.27)" '.documents[]|select(.document_id=="A4")|.interest' '38.27' -- "$BIN" report interest "$WORK/rates3" --as-of 2024-12-31 --customer A --format json
printf 'date;rate\n2025-13-40;2,15\n' > "$WORK/rates3/rates.csv"
expect "dunning: a rates file that cannot be read stops the letters" 2 "no interest is computed until the rates file reads" -- "$BIN" dunning "$WORK/rates3" --as-of 2024-12-31
cp -r "$CR/credit" "$WORK/rates2"
printf 'date,rate\n2024-01-01,5.00\n2024-01-01,6.00\n' > "$WORK/rates2/rates.csv"
expect "rates.csv: a date given twice is a warning, the later line is used" 0 "warning rates.csv:3: date: a second rate for 2024-01-01 (first on line 2): this later line is used" -- "$BIN" check "$WORK/rates2"
# A4 (400.00, due 2024-05-01) as of 2024-12-31: 2024 H1 rate 6.00 (the later line) + 10 points
# = 16 % for 60 days (05-02..06-30), H2 4.25 + 10 = 14.25 % for 184 days (07-01..12-31):
# 400 × (0.16 × 60 + 0.1425 × 184) / 365 = 400 × (9.6 + 26.22) / 365 = 39.25.
json_eq "rates.csv: the later line's rate is the one applied (A4 39.25)" '.documents[]|select(.document_id=="A4")|.interest' '39.25' -- "$BIN" report interest "$WORK/rates2" --as-of 2024-12-31 --customer A --format json
# A month-end before a currency's first fx rate cannot be converted: n/a, not a sum that
# leaves that currency out (a trial saw May's sales as 0.00 and AR without the CHF).
"$BIN" demo "$WORK/chf" --documents 3000 --customers 100 --seed 7 --end 2026-06-30 >/dev/null
echo 'ZC1,C00001,invoice,2026-05-01,2026-05-31,CHF,1000.00,PO,no,' >> "$WORK/chf/invoices.csv"
echo '2026-06-01,CHF,1.0500' >> "$WORK/chf/fx.csv"
json_eq "dso: a month-end with no rate is n/a, naming the currency" '.series[]|select(.month=="2026-05")|[.receivables,.sales,.dso,.missing_rates]' '[null,null,null,["CHF"]]' -- "$BIN" report dso "$WORK/chf" --as-of 2026-06-30 --format json
expect "dso table: says which rate is missing" 0 "2026-05: no CHF rate into EUR on or before 2026-05-31 (fx.csv): the month cannot be converted" -- "$BIN" report dso "$WORK/chf" --as-of 2026-06-30
# June: the AR report dso computes apart (3,106,157.84), DSO 74.6 as report dso gives.
json_eq "kpi: that month is n/a, the next (with its rate) is computed" '[.months[-2:][]|[.month,.receivables,.dso]]' '[["2026-05",null,null],["2026-06","3106157.84","74.6"]]' -- "$BIN" report kpi "$WORK/chf" --as-of 2026-06-30 --format json
# [interest] law = "none": no statutory interest or EUR 40 claimed (a ledger outside the EU).
cp -r "$CR/credit" "$WORK/nolaw"; rm -rf "$WORK/nolaw/dunning"
printf '[interest]\nlaw = "none"\n' > "$WORK/nolaw/ardash.toml"
out=$("$BIN" dunning "$WORK/nolaw" --as-of 2024-05-31 2>&1)
if grep -qF "Total overdue: 400.00 EUR" <<<"$out" && ! grep -qiE "interest|compensation|claimed" <<<"$out"; then ok "law none: letters claim neither interest nor compensation"; else bad "law none: letters claim neither interest nor compensation" "$out"; fi
expect "law none: the interest report says nothing is claimed" 0 '[interest] law = "none": no statutory interest or fixed compensation is claimed.' -- "$BIN" report interest "$WORK/nolaw" --as-of 2024-12-31
json_eq "law none: the customer report claims nothing" '.credit|[.interest, .compensation_eur]' '[[],"0.00"]' -- "$BIN" report customer A "$WORK/nolaw" --as-of 2024-12-31 --format json
printf '[interest]\nlaw = "us"\n' > "$WORK/law-us.toml"
expect "law: an unknown value lists none too" 2 'interest.law: expected "eu" (reference rate + 8 points), "fr" (+ 10 points) or "none"' -- "$BIN" check "$WORK/nolaw" --config "$WORK/law-us.toml"
# A trial's ledger: D1 owes I1 750.00 (1,000.00 − 250.00; I2 is disputed) and holds 200.00 of
# credits (CN1 120.00, U1 80.00); D6 owes 100.00 and holds 150.00 unapplied: in credit.
mkdir -p "$WORK/net"; printf '[dunning]\nlevels = [10, 30, 60]\n' > "$WORK/net/ardash.toml"
printf 'customer_id,name,currency\nD1,Delta,EUR\nD6,Creditor,EUR\n' > "$WORK/net/customers.csv"
printf 'document_id,customer_id,type,document_date,due_date,currency,amount,disputed\nI1,D1,invoice,2024-02-01,2024-03-01,EUR,1000.00,\nI2,D1,invoice,2024-03-01,2024-04-01,EUR,500.00,yes\nCN1,D1,credit_note,2024-04-10,,EUR,-120.00,\nN1,D6,invoice,2024-03-01,2024-04-01,EUR,100.00,\n' > "$WORK/net/invoices.csv"
printf 'payment_id,customer_id,payment_date,currency,amount,document_id\nP1,D1,2024-03-15,EUR,250.00,I1\nU1,D1,2024-04-20,EUR,80.00,\nU6,D6,2024-04-21,EUR,150.00,\n' > "$WORK/net/payments.csv"
json_eq "dunning: a customer whose credits cover the overdue gets no letter" '[.customers[]|[.customer_id,.status]]' '[["D1","due"],["D6","in credit"]]' -- "$BIN" dunning "$WORK/net" --as-of 2024-05-31 --list --format json
# Interest on I1 (EU law, ECB 4.50 % + 8): 250.00 × 12.5 % × 14/365 + 750.00 × 12.5 % × 91/365
# = 1.20 + 23.37 = 24.57; claimed 750.00 − 200.00 + 24.57 + 40.00 = 614.57.
expect "letter: the total claimed is net of the credits (550.00 + 24.57 + 40.00)" 0 "Total claimed: 614.57 EUR" -- "$BIN" dunning "$WORK/net" --as-of 2024-05-31
expect "dunning: the summary says who is in credit" 0 "1 in credit (their credits cover the overdue)" -- "$BIN" dunning "$WORK/net" --as-of 2024-05-31
"$BIN" flag "$WORK/net" --customer D1 dispute >/dev/null 2>&1
json_eq "dunning: a dispute on the account pauses, and says so" '[.customers[]|select(.customer_id=="D1")|.status]' '["paused (dispute)"]' -- "$BIN" dunning "$WORK/net" --as-of 2024-05-31 --list --format json
expect "customer card: dunning paused by the dispute, as dunning says" 0 "(paused: dispute)" -- "$BIN" report customer D1 "$WORK/net" --as-of 2024-05-31
expect "report customer: a credit note ages from its date, no due date shown" 0 "2024-04-10  —" -- "$BIN" report customer D1 "$WORK/net" --as-of 2024-05-31
# The printed card carries what the journal says (a trial's report left out the dispute,
# the promise, the follow-up and the notes recorded on screen): flags, and D on the
# invoice the export marks disputed (I2) and on one flagged in the journal (I1).
"$BIN" flag "$WORK/net" --customer D1 --document I1 dispute >/dev/null 2>&1
"$BIN" note "$WORK/net" --customer D1 "called: payment run on Friday" >/dev/null 2>&1
json_eq "report customer json: the journal's flags, and each item's" '[.journal.flags, ([.open_items[]|select(.kind=="invoice")|[.item_id,.flags,.disputed]])]' '[["dispute"],[["I1","D",true],["I2","D",true]]]' -- "$BIN" report customer D1 "$WORK/net" --as-of 2024-05-31 --format json
json_eq "report customer json: the timeline, newest first" '[.journal.timeline[]|.event]' '["note","flag set dispute","flag set dispute"]' -- "$BIN" report customer D1 "$WORK/net" --as-of 2024-05-31 --format json
expect "report customer: the card names the journal's flags" 0 "Flags (journal)                     dispute" -- "$BIN" report customer D1 "$WORK/net" --as-of 2024-05-31
expect "report customer: the note, whole, under the timeline" 0 "    called: payment run on Friday" -- "$BIN" report customer D1 "$WORK/net" --as-of 2024-05-31
# A promise recorded with --as-of counts payments from that day: kept, not broken (a trial saw 1).
mkdir -p "$WORK/kept"; printf 'customer_id,name,currency\nK,Kilo,EUR\n' > "$WORK/kept/customers.csv"
printf 'document_id,customer_id,document_date,due_date,currency,amount\nK1,K,2024-03-01,2024-04-01,EUR,400.00\n' > "$WORK/kept/invoices.csv"
printf 'payment_id,customer_id,payment_date,currency,amount,document_id\nPK,K,2024-06-10,EUR,200.00,K1\n' > "$WORK/kept/payments.csv"
"$BIN" flag "$WORK/kept" --customer K promise --date 2024-06-15 --amount 200.00 --currency EUR --as-of 2024-05-31 >/dev/null 2>&1
json_eq "promise made --as-of 05-31, 200.00 paid 06-10: kept" '.credit.risk_factors[]|select(.factor=="broken promises")|.measured' '0' -- "$BIN" report customer K "$WORK/kept" --as-of 2024-06-16 --format json
"$BIN" flag "$WORK/net" --customer D6 legal >/dev/null 2>&1
json_eq "dunning: an account passed to legal is paused" '[.customers[]|select(.customer_id=="D6")|.status]' '["paused (legal)"]' -- "$BIN" dunning "$WORK/net" --as-of 2024-05-31 --list --format json
# A document passed to legal leaves the letter; the customer's other overdue invoice stays
# (a trial saw it dunned with the rest): L1 400.00 and L2 300.00 overdue, L1 flagged legal.
mkdir -p "$WORK/legal"; printf '[dunning]\nlevels = [10, 30, 60]\n' > "$WORK/legal/ardash.toml"
printf 'customer_id,name,currency\nL,Lima,EUR\n' > "$WORK/legal/customers.csv"
printf 'document_id,customer_id,document_date,due_date,currency,amount\nL1,L,2024-03-01,2024-04-01,EUR,400.00\nL2,L,2024-03-01,2024-04-01,EUR,300.00\n' > "$WORK/legal/invoices.csv"
"$BIN" flag "$WORK/legal" --customer L --document L1 legal >/dev/null 2>&1
expect "dunning: a document passed to legal leaves the letter (300.00 of L2 only)" 0 "Total overdue: 300.00 EUR" -- "$BIN" dunning "$WORK/legal" --as-of 2024-05-31
# A payments file refused for its mapping (a trial's "Date valeur" typed "Date de valeur"):
# no report and no letter from the documents alone (its AR was 1,020,960.05, not 18,180.06).
mkdir -p "$WORK/badmap"; cp "$WORK/legal/customers.csv" "$WORK/legal/invoices.csv" "$WORK/badmap/"
printf 'payment_id,customer_id,Date valeur,currency,amount,document_id\nP1,L,2024-04-10,EUR,400.00,L1\n' > "$WORK/badmap/payments.csv"
printf '[files.payments.columns]\npayment_date = "Date de valeur"\n' > "$WORK/badmap/ardash.toml"
expect "report: refused when payments.csv cannot be read as mapped" 2 'no figures are made without it' -- "$BIN" report aging "$WORK/badmap" --as-of 2024-05-31
expect "dunning: refused the same way" 2 'payments.csv:1: payment_date: column "Date de valeur" named in ardash.toml is not in the header' -- "$BIN" dunning "$WORK/badmap" --as-of 2024-05-31
expect "check: still lists the problem (exit 1)" 1 'column "Date de valeur" named in ardash.toml is not in the header' -- "$BIN" check "$WORK/badmap"
# An optional column named in ardash.toml but absent (paid_date = "SettleDate"): refused too.
printf '[files.invoices.columns]\npaid_date = "SettleDate"\n' > "$WORK/badmap/ardash.toml"
rm "$WORK/badmap/payments.csv"
expect "report: refused when an optional column named in ardash.toml is missing" 2 'paid_date: column "SettleDate" named in ardash.toml is not in the header' -- "$BIN" report aging "$WORK/badmap" --as-of 2024-05-31
# The card says what the dunning run sends: a first letter is level 1, even when the days
# past due reach level 3 (a trial saw "dunning level 3" on a never-reminded customer).
expect "report customer: the dunning position as the run has it" 0 "level 3 reached, next letter level 1" -- "$BIN" report customer A "$CR/credit" --as-of 2024-12-31
json_eq "report customer json: reached and letter levels" '.credit|[.dunning_level, .dunning_letter_level, .dunning_letter_due]' '[3,1,true]' -- "$BIN" report customer A "$CR/credit" --as-of 2024-12-31 --format json
# A USD customer in an EUR report: the table and the JSON give the overdue both ways
# (a trial saw the table's 1,000.00 USD beside the JSON's 850.00 EUR, neither saying so).
mkdir -p "$WORK/usd"; printf 'reporting_currency = "EUR"\n' > "$WORK/usd/ardash.toml"
printf 'date,currency,rate\n2024-01-01,USD,0.85\n' > "$WORK/usd/fx.csv"
printf 'document_id,customer_id,document_date,due_date,currency,amount\nU1,U,2024-03-01,2024-04-01,USD,1000.00\n' > "$WORK/usd/invoices.csv"
expect "report customer: overdue in USD, and in EUR (1,000.00 × 0.85)" 0 "1,000.00 USD (850.00 EUR)" -- "$BIN" report customer U "$WORK/usd" --as-of 2024-05-31
json_eq "report customer json: overdue by currency beside the converted figure" '[.overdue, .overdue_currency, .overdue_by_currency]' '["850.00","EUR",[{"currency":"USD","amount":"1000.00"}]]' -- "$BIN" report customer U "$WORK/usd" --as-of 2024-05-31 --format json
# A wrong delimiter in ardash.toml is named as such, not as missing columns only.
mkdir -p "$WORK/delim"; printf 'document_id;customer_id;document_date;amount\nD1;C1;2024-01-01;10.00\n' > "$WORK/delim/invoices.csv"
printf '[format]\ndelimiter = ","\n' > "$WORK/delim/ardash.toml"
expect "check: a header read as one column names the delimiter it looks separated by" 1 "the file looks separated by ';' (delimiter in ardash.toml)" -- "$BIN" check "$WORK/delim"
mkdir -p "$WORK/twice"; printf 'document_id,customer_id,document_date,Document Date,amount\nD1,C1,2024-01-01,2024-02-01,10.00\n' > "$WORK/twice/invoices.csv"
expect "check: two columns that read as one native column are named" 0 'columns "document_date" and "Document Date" both read as document_date; "document_date" is used' -- "$BIN" check "$WORK/twice"
printf 'reporting_currency = "XYZ"\n' > "$WORK/twice/ardash.toml"
expect "config: an unknown reporting currency is refused" 2 'reporting_currency: "XYZ" is not an ISO 4217 currency code' -- "$BIN" check "$WORK/twice"
# number_format applies to rates, shares and days as to amounts (a trial's letter read
# "66,58 EUR at 10.15 %").
cp -r "$CR/credit" "$WORK/frnum"; printf '\n[display]\nnumber_format = "1 234,56"\n' >> "$WORK/frnum/ardash.toml"
expect "letter: the rate with the decimal comma too" 0 "(Code de commerce L441-10, 14,50 %, 14,25 %, Actual/365): 38,27 EUR" -- "$BIN" dunning "$WORK/frnum" --as-of 2024-12-31
expect "aging table: shares with the decimal comma" 0 "100,0%    100,0%" -- "$BIN" report aging "$WORK/frnum" --as-of 2024-12-31
# journal log --format csv is CSV (it printed the table): a header, a row per event, quoted.
cp -r "$CR/credit" "$WORK/jcsv"; "$BIN" note "$WORK/jcsv" --customer A 'called, will pay "friday"' >/dev/null 2>&1
expect "journal log csv: header and quoted text" 0 'note,A,,,,,,,,"called, will pay ""friday"""' -- "$BIN" journal log "$WORK/jcsv" --format csv
# CSV to a terminal is sanitised like a table; to a pipe or a file it stays exact data
# (a trial's customer name set the terminal's title through report aging --format csv).
mkdir -p "$WORK/esc"; printf 'customer_id,name\nC1,"Evil\033]0;title\007 Co"\n' > "$WORK/esc/customers.csv"
printf 'document_id,customer_id,document_date,due_date,currency,amount\nF1,C1,2024-03-01,2024-03-31,EUR,10.00\n' > "$WORK/esc/invoices.csv"
n=$(script -qc "$BIN report aging $WORK/esc --as-of 2024-05-31 --format csv" /dev/null | tr -cd '\033\007' | wc -c)
if [ "$n" = 0 ]; then ok "csv on a terminal: no control character reaches it"; else bad "csv on a terminal: no control character reaches it" "$n control bytes"; fi
n=$("$BIN" report aging "$WORK/esc" --as-of 2024-05-31 --format csv | tr -cd '\033\007' | wc -c)
if [ "$n" = 2 ]; then ok "csv to a pipe: the data exact (ESC and BEL kept)"; else bad "csv to a pipe: the data exact (ESC and BEL kept)" "$n control bytes"; fi
# A documents file whose every row is rejected makes no figures (a trial's printed 0.00, exit 0).
mkdir -p "$WORK/allbad"; printf 'document_id,customer_id,document_date,currency,amount\nF1,C1,2026-01-01,EUR,100,x\nF2,C2,2026-05-02,EUR,12,y\n' > "$WORK/allbad/invoices.csv"
expect "report: every row rejected is refused, naming the first" 2 "invoices.csv: no row could be read (the first: line 2: row has 6 fields, the header has 5; row rejected (a value with an unquoted comma, such as 1,234.56?))" -- "$BIN" report aging "$WORK/allbad" --as-of 2026-06-30
expect "flag: a promise in a currency fx.csv cannot set against the customer's is refused" 64 "--currency GBP: no exchange rate sets GBP against EUR" -- "$BIN" flag "$WORK/kept" --customer K promise --date 2024-06-15 --amount 20.00 --currency GBP --as-of 2024-05-31
# No interest while in credit: FD 100.00 due 2026-01-31, 120.00 paid 02-10, 30.00 on 03-15,
# 60.00 refunded 04-20 (10.00 owed again), 25.00 paid 05-10. EU law, 2.15 % + 8 = 10.15 %:
# 100 × 10.15 % × 10/365 + 10 × 10.15 % × 20/365 = 0.2781 + 0.0556 = 0.33 (a trial's 0.55
# ran the 10.00 from the due date, through 70 days in credit).
mkdir -p "$WORK/credit-days"; printf 'document_id,customer_id,document_date,due_date,currency,amount\nFD,D,2026-01-01,2026-01-31,EUR,100.00\n' > "$WORK/credit-days/invoices.csv"
printf 'payment_id,customer_id,payment_date,currency,amount,document_id\nP1,D,2026-02-10,EUR,120.00,FD\nP2,D,2026-03-15,EUR,30.00,FD\nR1,D,2026-04-20,EUR,-60.00,FD\nP3,D,2026-05-10,EUR,25.00,FD\n' > "$WORK/credit-days/payments.csv"
json_eq "interest: none for the days in credit (0.33 on 100.00 for 10 days and 10.00 for 20)" '.documents[]|select(.document_id=="FD")|[.interest,.late_amount]' '["0.33","110.00"]' -- "$BIN" report interest "$WORK/credit-days" --as-of 2026-06-30 --customer D --format json
expect "flag: --amount only with a promise" 64 "--date, --amount and --currency apply to setting a promise only" -- "$BIN" flag "$WORK/net" --customer D1 dispute --amount 5
expect "note: at most 20,000 characters, as in the dashboard" 64 "the note has 20001 characters; at most 20,000" -- "$BIN" note "$WORK/net" --customer D1 "$(head -c 20001 /dev/zero | tr '\0' x)"
cp -r "$CR/credit" "$WORK/multi"; cp "$WORK/multi/dunning/level-2.txt" "$WORK/multi/dunning/level-1.txt"
printf 'M1,C,invoice,2024-04-01,2024-05-01,JPY,70000\n' >> "$WORK/multi/invoices.csv"
printf 'customer_id,name,currency,credit_limit,payment_terms,email\nA,Alpha,EUR,1000.00,30,a@example.invalid\nB,Beta,EUR,500.00,90,b@example.invalid\nC,"Gamma\nInjected: header",EUR,,30,\nX,Xavier,EUR,,30,\n' > "$WORK/multi/customers.csv"
json_eq "worklist with two currencies and no fx: each in its own" '.actions[]|select(.customer_id=="C")|.overdue' '[{"amount":"50.00","currency":"EUR"},{"amount":"70000","currency":"JPY"}]' -- "$BIN" report worklist "$WORK/multi" --as-of 2024-05-31 --format json
expect "worklist csv: the overdue cell is text, not JSON" 0 "overdue,50.00 EUR + 70000 JPY,,30,12" -- "$BIN" report worklist "$WORK/multi" --as-of 2024-05-31 --format csv
# One currency: a number a spreadsheet can add up, its code beside it (a trial's column was "10155.50 EUR").
expect "worklist csv: a single-currency amount is a number, the code in its own column" 0 "2,A,Alpha,overdue,400.00,EUR,30,13" -- "$BIN" report worklist "$WORK/multi" --as-of 2024-05-31 --format csv
expect "letter: each amount with its currency" 0 "owes 50.00 EUR + 70,000 JPY; interest 0.22 EUR + 834 JPY" -- "$BIN" dunning "$WORK/multi" --as-of 2024-05-31
expect "letter: a line break in a name stays on one line" 0 "Gamma Injected: header (C) owes" -- "$BIN" dunning "$WORK/multi" --as-of 2024-05-31

"$BIN" flag "$WORK/credit" --customer C promise --date +7 --amount 50.00 --as-of 2024-06-15 >/dev/null 2>&1
expect "flag: +7 counts from the as-of date, as in the dashboard (2024-06-22)" 0 "promise 2024-06-22 50.00 EUR" -- "$BIN" journal log "$WORK/credit"
expect "flag: a date of the right shape that is not in the calendar says so" 64 "--date 2024-02-30: not a date in the calendar" -- "$BIN" flag "$WORK/credit" --customer C promise --date 2024-02-30 --as-of 2024-01-15
expect "flag: a promise in the past is refused" 64 "a promise to pay is for today (or --as-of) or later" -- "$BIN" flag "$WORK/credit" --customer C promise --date 2024-06-01 --amount 50.00 --as-of 2024-06-15
expect "flag: 1.000 is not read as 1.00" 64 "with at most 2 decimals" -- "$BIN" flag "$WORK/credit" --customer C promise --date 2024-06-20 --amount 1.000 --as-of 2024-06-15
printf 'date,rate\r\n2026-02-04,1.90\r\n' > "$WORK/rates/rates.csv"
json_eq "rates.csv with CRLF line ends is read" '.rates_source' 'built-in ECB table + rates.csv' -- "$BIN" report interest "$WORK/rates" --as-of 2026-12-31 --format json

# overdue, dso, customer.
json_eq "overdue BR-06 as of 2020-06-29" '[.items[0].document_id,.items[0].days_past_due,.items[0].open_amount]' '["D1",60,"1000.00"]' -- "$BIN" report overdue "$CASES/BR-06" --as-of 2020-06-29 --format json
json_eq "overdue BR-06 paid on 2020-06-30" '.items|length' '0' -- "$BIN" report overdue "$CASES/BR-06" --as-of 2020-06-30 --format json
json_eq "dso countback BR-16" '[.series[].dso]' '["0.0","31.0","61.0"]' -- "$BIN" report dso "$CASES/BR-16" --as-of 2024-04-30 --months 3 --format json
json_eq "dso period BR-16 n/a is null" '[.series[].dso]' '[null,"31.0",null]' -- "$BIN" report dso "$CASES/BR-16" --as-of 2024-04-30 --months 3 --method period --format json
json_eq "customer card" '[.customer_id,.balances[0].amount,.oldest_days_past_due,(.payments|length)]' '["C1","5500.00",35,3]' -- "$BIN" report customer C1 "$CASES/BR-02" --as-of 2017-04-04 --format json
expect "customer unknown" 1 'no customer "C9"' -- "$BIN" report customer C9 "$CASES/BR-02"

# Terminal safety of table output (BR-38): no ESC byte from data reaches stdout.
out=$("$BIN" report aging "$CASES/BR-38" --as-of 2024-03-01)
if grep -q $'\x1b' <<<"$out" || grep -q $'\x07' <<<"$out"; then bad "table output has no control characters" "$out"; else ok "table output has no control characters"; fi
expect "table output shows placeholders" 0 "Evil␛]0;pwned␇ SA" -- "$BIN" report aging "$CASES/BR-38" --as-of 2024-03-01

# A report on a folder whose documents cannot be read says why (exit 2), no empty report.
mkdir -p "$WORK/empty"
expect "report on an empty folder" 2 "no documents file" -- "$BIN" report aging "$WORK/empty"
expect "report on refused dates" 2 "set date_format in ardash.toml" -- "$BIN" report aging "$CASES/BR-23/ambiguous"
expect "version" 0 "0.2.0" -- "$BIN" --version

# Names, ids and folder names are sanitised on every line of table output and in errors.
mkdir -p "$WORK/esc"
printf 'customer_id,name\nC\033[31mX,"Bad\033[2J\007Name\u2028x"\n' > "$WORK/esc/customers.csv"
printf 'document_id,customer_id,document_date,amount,currency\nD1,C\033[31mX,2024-01-10,1.00,EUR\n' > "$WORK/esc/invoices.csv"
out=$("$BIN" report customer $'C\e[31mX' "$WORK/esc" --as-of 2024-03-01 2>&1; "$BIN" report customer $'Z\e[2J' "$WORK/esc" 2>&1)
if grep -q $'\x1b' <<<"$out" || grep -q $'\x07' <<<"$out"; then bad "customer card and errors carry no control characters" "$out"; else ok "customer card and errors carry no control characters"; fi

# Bad input to the command line.
expect "bad --as-of" 64 "expected a date as YYYY-MM-DD" -- "$BIN" report aging "$CASES/BR-01" --as-of 31/03/2024
expect "missing folder" 2 "not a readable folder" -- "$BIN" report aging "$WORK/nope"
expect "as-of before 1900" 64 "from 1900 to 9900" -- "$BIN" report dso "$CASES/BR-01" --as-of 0001-01-01
expect "missing --config file" 2 "cannot read the file" -- "$BIN" report aging "$CASES/BR-01" --config "$WORK/none.toml"
printf '[aging]\nbasis = "due_date"\nbukets = [30]\n' > "$WORK/typo.toml"
expect "config typo names its line" 2 "typo.toml:3: unknown key aging.bukets" -- "$BIN" check "$CASES/BR-01" --config "$WORK/typo.toml"

# Today is the local calendar day (BR-13): 22:00 in São Paulo is still the 20th.
if command -v faketime >/dev/null; then
  json_eq "as-of today in São Paulo at 22:00" '[.as_of,(.items|map(.document_id))]' '["2025-11-20",["D2"]]' -- env TZ=America/Sao_Paulo faketime '2025-11-20 22:00:00' "$BIN" report overdue "$CASES/BR-13" --format json
  json_eq "as-of today at Kiritimati (UTC+14)" '[.as_of,(.items|map(.days_past_due))]' '["2025-11-21",[2,1]]' -- env TZ=UTC faketime '2025-11-20 19:00:00' env TZ=Pacific/Kiritimati "$BIN" report overdue "$CASES/BR-13" --format json
else
  bad "faketime is installed (.ci/run installs it)"
fi

# A document dated 9999-12-31 (SAP's "no end" date): the card's lawful-terms check looked
# past the year 9999 and crashed (trial 17).
mkdir -p "$WORK/y9999"; printf 'document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,9999-12-31,9999-12-31,EUR,250.50\nD2,C1,2026-01-10,2026-02-09,EUR,100.00\n' > "$WORK/y9999/invoices.csv"
expect "customer card with a document of 9999-12-31" 0 "100.00" -- "$BIN" report customer C1 "$WORK/y9999" --as-of 2026-06-30

# demo: deterministic files that load cleanly; ardash --demo opens them.
expect "demo writes a ledger" 0 "wrote $WORK/demo: 40 customers, 800 documents" -- "$BIN" demo "$WORK/demo" --customers 40 --documents 800 --seed 3 --end 2026-06-30
expect "demo ledger loads without errors" 0 "0 rows rejected; 0 errors" -- "$BIN" check "$WORK/demo"
"$BIN" demo "$WORK/demo2" --customers 40 --documents 800 --seed 3 --end 2026-06-30 >/dev/null
if cmp -s "$WORK/demo/invoices.csv" "$WORK/demo2/invoices.csv" && cmp -s "$WORK/demo/payments.csv" "$WORK/demo2/payments.csv"; then ok "demo is deterministic"; else bad "demo is deterministic"; fi
expect "ardash --demo shows the aging" 0 "Open items" -- "$BIN" --demo
expect "ardash DIR opens a folder" 0 "C1          Client Alpha" -- "$BIN" "$CASES/BR-01" --as-of 2024-03-31

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
