#!/usr/bin/env python3
"""Independent check of ardash's aging on the IBM Watson AR sample.

Outside the product on purpose: plain Python, csv and decimal, none of ardash's code.
An invoice is open as of D when InvoiceDate <= D < SettledDate (paid in full on
SettledDate). Days past due = D - DueDate; <= 0 Current, then 1-30, 31-60, 61-90,
91-120, 120+ (right-inclusive edges). Prints totals per bucket and overall.

usage: scripts/verify_ibm_aging.py CSV YYYY-MM-DD [YYYY-MM-DD ...]
"""
import csv
import sys
from datetime import date
from decimal import Decimal


def mdy(s):
    m, d, y = (int(x) for x in s.split("/"))
    return date(y, m, d)


def bucket(dpd):
    if dpd <= 0:
        return 0
    for i, edge in enumerate((30, 60, 90, 120)):
        if dpd <= edge:
            return i + 1
    return 5


def main():
    path, dates = sys.argv[1], sys.argv[2:]
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    labels = ["Current", "1-30", "31-60", "61-90", "91-120", "120+"]
    for text in dates:
        asof = date.fromisoformat(text)
        sums = [Decimal("0")] * 6
        count = 0
        for r in rows:
            inv, due, settled = mdy(r["InvoiceDate"]), mdy(r["DueDate"]), mdy(r["SettledDate"])
            if inv <= asof < settled:
                sums[bucket((asof - due).days)] += Decimal(r["InvoiceAmount"])
                count += 1
        total = sum(sums)
        print(f"{text}: {count} open invoices, total {total:.2f}; " +
              ", ".join(f"{l} {s:.2f}" for l, s in zip(labels, sums)))


if __name__ == "__main__":
    main()
