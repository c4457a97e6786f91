#!/usr/bin/env python3
"""Benchmark and cross-check `ardash report aging` against DuckDB and polars.

Usage: compare_engines.py LEDGER_DIR AS_OF [RUNS]   (normally via compare_engines.sh)

Each engine does the whole aging job, from reading the CSV files to the final
per-customer table, RUNS times (default 3), each run in a fresh subprocess, so
that the peak RSS measured (os.wait4 rusage of that very child) is the engine's
alone. Then the figures of DuckDB and polars are compared with ardash's JSON to
the cent: six bucket amounts and counts, the grand total and every customer's
six buckets and total. Exit status 1 if any figure differs.

The job, as ardash defines it, as of date D (money stays exact: DECIMAL in
DuckDB, Decimal in polars; never floats):
  * documents dated after D do not exist; payments dated after D have not arrived;
  * credit notes are negative; one that applies_to a document T moves its value
    onto T when both exist on D (and is then closed itself);
  * a payment naming document X settles X on max(payment date, X's date) if that
    is <= D; otherwise (or with no document) it is unapplied cash, -amount;
  * open = signed amount - everything settled on it; open items of 0 are dropped;
  * age: a positive item from its due date (empty due date: from the customer's
    payment terms); a negative one from its own date (credit note date, payment
    date, or for an over-settled invoice the day its settlements made it negative:
    the last day it began with a positive or zero open amount and ended negative);
    buckets Current (<= 0 days), 1-30, 31-60, 61-90, 91-120, 120+;
  * each item into the reporting currency at the latest rate dated <= D,
    rounded half-even to the cent; then summed per customer and in total.
    (Amounts are kept in major units, so round(amount * rate, 2) is ardash's
    round(minor units * rate * 10^(2 - digits)) for JPY's 0 digits as for 2.)

ardash is /work/main/.build/release/ardash unless the ARDASH variable says otherwise.
"""
import json
import os
import statistics
import subprocess
import sys
import time
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

ARDASH = os.environ.get("ARDASH", "/work/main/.build/release/ardash")
LABELS = ["Current", "1-30", "31-60", "61-90", "91-120", "120+"]
EDGES = [0, 30, 60, 90, 120]  # right-inclusive upper edges; above the last: 120+


def reporting_currency(ledger):
    """The ledger's reporting currency from ardash.toml (EUR when not given)."""
    path = Path(ledger, "ardash.toml")
    config = tomllib.loads(path.read_text()) if path.exists() else {}
    return config.get("reporting_currency", "EUR")


# --------------------------------------------------------------------------
# DuckDB: a macro for due dates, then one SQL query.
# --------------------------------------------------------------------------
DUCKDB_SQL = r"""
-- Due date of document date d under a payment-terms rule with number n (see customers).
CREATE TEMP MACRO due_from_terms(d, rule, n) AS CASE rule
    WHEN 'days'       THEN d + n
    WHEN 'months'     THEN CAST(d + to_months(n) AS DATE)  -- clamped to the month's end
    WHEN 'days_eom'   THEN last_day(d + n)
    WHEN 'eom_days'   THEN last_day(d) + n
    WHEN 'eom_months' THEN last_day(date_trunc('month', d) + to_months(n))
END;

WITH
-- Payment terms parsed once per customer: 30 -> days, 1M -> months, 45EOM -> days_eom,
-- EOM45 and EOM+10 -> eom_days, EOM+1M -> eom_months.
customers AS (
    SELECT customer_id,
           TRY_CAST(regexp_extract(payment_terms, '\d+') AS INTEGER) AS term_n,
           CASE WHEN regexp_full_match(payment_terms, '\d+')       THEN 'days'
                WHEN regexp_full_match(payment_terms, '\d+M')      THEN 'months'
                WHEN regexp_full_match(payment_terms, '\d+EOM')    THEN 'days_eom'
                WHEN regexp_full_match(payment_terms, 'EOM\+?\d+') THEN 'eom_days'
                WHEN regexp_full_match(payment_terms, 'EOM\+\d+M') THEN 'eom_months' END AS term_rule
    FROM read_csv('{ledger}/customers.csv', header = true,
        types = {{'customer_id': 'VARCHAR', 'payment_terms': 'VARCHAR'}})
),
-- Documents that exist on D, with a signed amount (credit notes negative).
docs AS (
    SELECT document_id, customer_id, type, document_date, due_date, currency, applies_to,
           CASE type WHEN 'credit_note' THEN -amount ELSE amount END AS signed
    FROM read_csv('{ledger}/invoices.csv', header = true,
        types = {{'document_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'type': 'VARCHAR',
                  'document_date': 'DATE', 'due_date': 'DATE', 'currency': 'VARCHAR',
                  'amount': 'DECIMAL(18,2)', 'applies_to': 'VARCHAR'}})
    WHERE document_date <= {as_of}
),
-- Payments that arrived by D; effective is NULL when the named document does not exist on D.
pays AS (
    SELECT p.customer_id, p.currency, p.amount, p.payment_date, p.document_id,
           CASE WHEN d.document_id IS NOT NULL  -- greatest() alone would skip the NULL
                THEN greatest(p.payment_date, d.document_date) END AS effective
    FROM read_csv('{ledger}/payments.csv', header = true,
        types = {{'customer_id': 'VARCHAR', 'payment_date': 'DATE', 'currency': 'VARCHAR',
                  'amount': 'DECIMAL(18,2)', 'document_id': 'VARCHAR'}}) AS p
    LEFT JOIN docs AS d ON d.document_id = p.document_id
    WHERE p.payment_date <= {as_of}
),
-- Credit notes whose target exists on D: their value moves onto the target.
moved_credits AS (
    SELECT c.document_id AS credit_id, c.applies_to AS target, -c.signed AS value,
           greatest(c.document_date, t.document_date) AS effective
    FROM docs AS c JOIN docs AS t ON t.document_id = c.applies_to
    WHERE c.type = 'credit_note'
),
-- Everything settled on each document as of D, per day it took effect.
settled_days AS (
    SELECT target, effective, sum(value) AS day_value
    FROM (SELECT document_id AS target, amount AS value, effective FROM pays WHERE effective <= {as_of}
          UNION ALL
          SELECT target, value, effective FROM moved_credits)
    GROUP BY target, effective
),
settled_total AS (
    SELECT target, sum(day_value) AS settled FROM settled_days GROUP BY target
),
-- The total, and for the documents it over-settles (few) the last day that took the
-- document from owed to credit.
settled AS (
    SELECT t.target, t.settled, c.last_settled
    FROM settled_total AS t LEFT JOIN (
        SELECT s.target, max(CASE WHEN s.end_open < 0 AND s.end_open + s.day_value >= 0 THEN s.effective END) AS last_settled
        FROM (SELECT sd.*, d.signed - sum(sd.day_value) OVER (PARTITION BY sd.target ORDER BY sd.effective
                                                              ROWS UNBOUNDED PRECEDING) AS end_open
              FROM settled_days AS sd
              JOIN docs AS d ON d.document_id = sd.target
              JOIN settled_total AS st ON st.target = sd.target
              WHERE d.signed > 0 AND d.signed - st.settled < 0) AS s
        GROUP BY s.target) AS c ON c.target = t.target
),
-- Open items with the date they are aged from: documents, then unapplied cash.
items AS (
    SELECT customer_id, currency, open,
           CASE WHEN type = 'credit_note' THEN document_date
                WHEN open > 0 THEN coalesce(due_date, due_from_terms(document_date, term_rule, term_n))
                ELSE last_settled END AS aged_from
    FROM (SELECT d.*, c.term_rule, c.term_n, s.last_settled,
                 CASE WHEN m.credit_id IS NOT NULL THEN 0
                      ELSE d.signed - coalesce(s.settled, 0) END AS open
          FROM docs AS d
          LEFT JOIN settled AS s ON s.target = d.document_id
          LEFT JOIN moved_credits AS m ON m.credit_id = d.document_id
          LEFT JOIN customers AS c ON c.customer_id = d.customer_id)
    WHERE open <> 0
    UNION ALL
    SELECT customer_id, currency, -amount, payment_date
    FROM pays WHERE effective IS NULL OR effective > {as_of}
),
-- Latest rate of each currency dated <= D (reporting-currency units per unit).
rates AS (
    SELECT currency, arg_max(rate, date) AS rate
    FROM read_csv('{ledger}/fx.csv', header = true,
        types = {{'date': 'DATE', 'currency': 'VARCHAR', 'rate': 'DECIMAL(18,8)'}})
    WHERE date <= {as_of}
    GROUP BY currency
),
-- Each item converted on its own, rounded half-even to the cent, and bucketed.
aged AS (
    SELECT customer_id,
           CASE WHEN currency = '{home}' THEN open ELSE round_even(open * r.rate, 2) END AS amount,
           CASE WHEN {as_of} - aged_from <= {e0} THEN 0
                WHEN {as_of} - aged_from <= {e1} THEN 1
                WHEN {as_of} - aged_from <= {e2} THEN 2
                WHEN {as_of} - aged_from <= {e3} THEN 3
                WHEN {as_of} - aged_from <= {e4} THEN 4
                ELSE 5 END AS bucket
    FROM items LEFT JOIN rates AS r USING (currency)
)
-- One row per customer plus the grand total row (customer_id NULL).
SELECT customer_id, {sums}, {counts}, sum(amount) AS total
FROM aged
GROUP BY GROUPING SETS ((customer_id), ())
"""


def aging_duckdb(ledger, as_of, home):
    import duckdb

    con = duckdb.connect()
    sql = DUCKDB_SQL.format(
        ledger=str(ledger).replace("'", "''"), as_of=f"DATE '{as_of}'", home=home,
        **{f"e{i}": e for i, e in enumerate(EDGES)},
        sums=", ".join(f"coalesce(sum(amount) FILTER (bucket = {i}), 0)" for i in range(6)),
        counts=", ".join(f"count(*) FILTER (bucket = {i})" for i in range(6)))
    macro, query = sql.split(";", 1)
    con.execute(macro)
    return con.execute(query).fetchall()


# --------------------------------------------------------------------------
# polars: one lazy query plan, collected once.
# --------------------------------------------------------------------------
def aging_polars(ledger, as_of, home):
    import polars as pl

    money = pl.Decimal(38, 2)
    col = pl.col

    def scan(name, types):
        return pl.scan_csv(Path(ledger, f"{name}.csv"), schema_overrides=types)

    def due_from_terms(d, rule, n):
        """Due date of document date d under a payment-terms rule with number n (see customers)."""
        days, months = pl.duration(days=n), pl.format("{}mo", n)
        return (pl.when(rule == "days").then(d + days)
                .when(rule == "months").then(d.dt.offset_by(months))  # clamped to the month's end
                .when(rule == "days_eom").then((d + days).dt.month_end())
                .when(rule == "eom_days").then(d.dt.month_end() + days)
                .when(rule == "eom_months").then(d.dt.month_start().dt.offset_by(months).dt.month_end()))

    # Payment terms parsed once per customer: 30 -> days, 1M -> months, 45EOM -> days_eom,
    # EOM45 and EOM+10 -> eom_days, EOM+1M -> eom_months.
    terms = col.payment_terms
    customers = (scan("customers", {"customer_id": pl.String, "payment_terms": pl.String})
                 .select("customer_id", term_n=terms.str.extract(r"(\d+)").cast(pl.Int32),
                         term_rule=pl.when(terms.str.contains(r"^\d+$")).then(pl.lit("days"))
                         .when(terms.str.contains(r"^\d+M$")).then(pl.lit("months"))
                         .when(terms.str.contains(r"^\d+EOM$")).then(pl.lit("days_eom"))
                         .when(terms.str.contains(r"^EOM\+?\d+$")).then(pl.lit("eom_days"))
                         .when(terms.str.contains(r"^EOM\+\d+M$")).then(pl.lit("eom_months"))))
    # Documents that exist on D, with a signed amount (credit notes negative).
    docs = (scan("invoices", {"document_id": pl.String, "customer_id": pl.String, "type": pl.String,
                              "document_date": pl.Date, "due_date": pl.Date, "currency": pl.String,
                              "amount": money, "applies_to": pl.String})
            .filter(col.document_date <= as_of)
            .with_columns(signed=pl.when(col.type == "credit_note").then(-col.amount).otherwise(col.amount)))
    # Payments that arrived by D; effective is null when the named document does not exist on D.
    pays = (scan("payments", {"customer_id": pl.String, "payment_date": pl.Date, "currency": pl.String,
                              "amount": money, "document_id": pl.String})
            .filter(col.payment_date <= as_of)
            .join(docs.select("document_id", "document_date"), on="document_id", how="left")
            .with_columns(effective=pl.when(col.document_date.is_not_null())
                          .then(pl.max_horizontal("payment_date", "document_date"))))
    # Credit notes whose target exists on D: their value moves onto the target.
    moved_credits = (docs.filter(col.type == "credit_note")
                     .join(docs.select(applies_to="document_id", target_date="document_date"), on="applies_to")
                     .select(credit_id="document_id", target="applies_to", value=-col.signed,
                             effective=pl.max_horizontal("document_date", "target_date")))
    # Everything settled on each document as of D, per day it took effect; the total, and
    # the last day that took the document from owed to credit.
    settled_days = (pl.concat([pays.filter(col.effective <= as_of)
                               .select(target="document_id", value="amount", effective="effective"),
                               moved_credits.select("target", "value", "effective")])
                    .group_by("target", "effective").agg(day_value=col.value.sum())
                    .collect().lazy())   # used twice below: computed once
    settled_total = settled_days.group_by("target").agg(settled=col.day_value.sum())
    # Only the documents it over-settles (few) need the day that took them into credit.
    credit_since = (settled_days
                    .join(docs.select(target="document_id", signed="signed"), on="target")
                    .join(settled_total, on="target")
                    .filter((col.signed > 0) & (col.signed - col.settled < 0))
                    .sort("target", "effective")
                    .with_columns(end_open=col.signed - col.day_value.cum_sum().over("target"))
                    .group_by("target")
                    .agg(last_settled=col.effective.filter((col.end_open < 0) & (col.end_open + col.day_value >= 0)).max()))
    settled = settled_total.join(credit_since, on="target", how="left")
    # Open items with the date they are aged from: documents, then unapplied cash.
    doc_items = (docs
                 .join(settled, left_on="document_id", right_on="target", how="left")
                 .join(moved_credits.select("credit_id", moved=pl.lit(True)),
                       left_on="document_id", right_on="credit_id", how="left")
                 .join(customers, on="customer_id", how="left")
                 .with_columns(open=pl.when(col.moved).then(pl.lit(0, money))
                               .otherwise(col.signed - col.settled.fill_null(pl.lit(0, money))))
                 .filter(col.open != 0)
                 .select("customer_id", "currency", "open",
                         aged_from=pl.when(col.type == "credit_note").then(col.document_date)
                         .when(col.open > 0).then(col.due_date.fill_null(
                             due_from_terms(col.document_date, col.term_rule, col.term_n)))
                         .otherwise(col.last_settled)))
    cash_items = (pays.filter(col.effective.is_null() | (col.effective > as_of))
                  .select("customer_id", "currency", open=-col.amount, aged_from="payment_date"))
    items = pl.concat([doc_items, cash_items])
    # Latest rate of each currency dated <= D (reporting-currency units per unit).
    rates = (scan("fx", {"date": pl.Date, "currency": pl.String, "rate": pl.Decimal(18, 8)})
             .filter(col.date <= as_of)
             .group_by("currency").agg(col.rate.sort_by("date").last()))
    # Each item converted on its own, rounded half-even to the cent, and bucketed.
    days = (pl.lit(as_of) - col.aged_from).dt.total_days()
    bucket = pl.lit(5)
    for i in reversed(range(5)):
        bucket = pl.when(days <= EDGES[i]).then(i).otherwise(bucket)
    aged = (items.join(rates, on="currency", how="left")
            .select("customer_id", bucket.alias("bucket"),
                    amount=pl.when(col.currency == home).then(col.open)
                    .otherwise((col.open * col.rate).round(2, mode="half_to_even").cast(money))))
    per_customer = aged.group_by("customer_id").agg(
        *[col.amount.filter(col.bucket == i).sum().alias(f"b{i}") for i in range(6)],
        *[(col.bucket == i).sum().alias(f"n{i}") for i in range(6)],
        total=col.amount.sum())
    # One row per customer plus the grand total row (customer_id null), like DuckDB's.
    grand = per_customer.select(pl.lit(None, pl.String).alias("customer_id"), pl.exclude("customer_id").sum())
    return pl.concat([per_customer, grand]).collect().rows()


ENGINES = {"duckdb": aging_duckdb, "polars": aging_polars}


def worker(engine, ledger, as_of):
    """Child process: run one engine once, print its figures and job time as JSON."""
    start = time.perf_counter()
    rows = ENGINES[engine](ledger, date.fromisoformat(as_of), reporting_currency(ledger))
    seconds = time.perf_counter() - start
    result = {"seconds": seconds, "customers": {}}
    for customer, *figures in rows:
        figures = [0 if f is None else f for f in figures]  # sums over no items are NULL
        amounts, counts, total = figures[:6], figures[6:12], figures[12]
        if customer is None:
            result["buckets"] = [[str(a), int(n)] for a, n in zip(amounts, counts)]
            result["total"] = str(total)
        else:
            result["customers"][customer] = [str(a) for a in amounts] + [str(total)]
    json.dump(result, sys.stdout)


# --------------------------------------------------------------------------
# Driver: run every engine in fresh processes, time them, compare the figures.
# --------------------------------------------------------------------------
def run_once(argv):
    """Run argv to the end; return (wall seconds, peak RSS in MB, stdout)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{argv[0]} failed with status {child.returncode}")
    return wall, usage.ru_maxrss / 1024, out  # ru_maxrss is in KiB on Linux


def ardash_figures(out):
    """ardash's JSON in the workers' shape: buckets [[amount, count]], total,
    customers {id: [six bucket amounts, total]}."""
    report = json.loads(out)
    by_label = {b["label"]: b for b in report["buckets"]}
    return {"buckets": [[by_label[l]["amount"], by_label[l]["count"]] for l in LABELS],
            "total": report["total"],
            "customers": {c["customer_id"]: c["buckets"] + [c["total"]] for c in report["customers"]}}


def differences(got, want):
    """Figures of `got` that are not equal to `want`'s to the cent (as text lines)."""
    diffs = []
    for label, (ga, gn), (wa, wn) in zip(LABELS, got["buckets"], want["buckets"]):
        if Decimal(ga) != Decimal(wa) or gn != wn:
            diffs.append(f"bucket {label}: {ga} ({gn} items), ardash {wa} ({wn} items)")
    if Decimal(got["total"]) != Decimal(want["total"]):
        diffs.append(f"total: {got['total']}, ardash {want['total']}")
    zero = ["0"] * 7  # a customer missing on one side has nothing open there
    for c in sorted(set(got["customers"]) | set(want["customers"])):
        g, w = ([Decimal(a) for a in x["customers"].get(c, zero)] for x in (got, want))
        if g != w:
            diffs.append(f"customer {c} (6 buckets, total): {' '.join(map(str, g))}; "
                         f"ardash {' '.join(map(str, w))}")
    return diffs


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        return worker(*sys.argv[2:])
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: compare_engines.py LEDGER_DIR AS_OF [RUNS]")
    ledger, as_of = sys.argv[1], date.fromisoformat(sys.argv[2]).isoformat()
    runs = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    if not os.access(ARDASH, os.X_OK):
        sys.exit(f"no ardash binary at {ARDASH} (set ARDASH)")

    commands = {"ardash": [ARDASH, "report", "aging", ledger, "--as-of", as_of, "--format", "json"]}
    for engine in ENGINES:
        commands[engine] = [sys.executable, __file__, "--worker", engine, ledger, as_of]

    stats, figures = {}, {}
    for engine, argv in commands.items():
        jobs, walls, peaks = [], [], []
        for _ in range(runs):
            wall, peak, out = run_once(argv)
            figures[engine] = ardash_figures(out) if engine == "ardash" else json.loads(out)
            # ardash's job is its whole process; the workers time their job themselves,
            # leaving out interpreter start-up and importing the engine.
            jobs.append(wall if engine == "ardash" else figures[engine]["seconds"])
            walls.append(wall)
            peaks.append(peak)
        stats[engine] = (statistics.median(jobs), min(jobs), statistics.median(walls), max(peaks))

    print(f"aging of {ledger} as of {as_of}: {runs} runs each, {os.cpu_count()} cores")
    print(f"{'engine':<8} {'median s':>9} {'min s':>7} {'process s':>10} {'peak RSS MB':>12} {'vs ardash':>10}")
    base = stats["ardash"][0]
    for engine, (job, best, wall, peak) in stats.items():
        print(f"{engine:<8} {job:>9.3f} {best:>7.3f} {wall:>10.3f} {peak:>12.1f} {job / base:>9.2f}x")
    print("median s, min s: the job, reading the CSV files to the per-customer result (for ardash")
    print("its whole process); process s: median of the whole subprocess, with Python start-up and")
    print("import for duckdb/polars; peak RSS: highest of the runs; vs ardash: ratio of the medians.")

    failed = False
    print()
    for engine in ENGINES:
        diffs = differences(figures[engine], figures["ardash"])
        if diffs:
            failed = True
            print(f"{engine}: {len(diffs)} figures differ from ardash's:")
            for line in diffs[:20]:
                print(f"  {line}")
            if len(diffs) > 20:
                print(f"  ... and {len(diffs) - 20} more")
        else:
            print(f"{engine}: equal to ardash to the cent: 6 buckets (amounts and counts), total "
                  f"{figures['ardash']['total']}, {len(figures['ardash']['customers'])} customers' buckets and totals")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
