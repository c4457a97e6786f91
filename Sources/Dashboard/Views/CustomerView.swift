import DisplayText
import Receivables
import TerminalUI

/// The drill-down: the customer's card, open items and payments.
enum CustomerView {
    /// The dunning position in a few words for the credit line (`DunningCase.positionText`
    /// says it in full in `report customer`): the letter the run would send, else why none.
    static func dunningText(_ d: DunningCase) -> String {
        if let p = d.pausedBy { return "dunning paused (\(p == .promise ? "promise" : p.rawValue))" }
        if d.inCredit { return "dunning: in credit" }
        if d.due { return "dunning: letter \(d.letterLevel) due" }
        if let l = d.lastLevel, let on = d.lastSent { return "dunning: letter \(l) sent \(on)" }
        return "dunning level \(d.level)"
    }
    /// Overdue amounts in each open item's own currency (like the balance beside it), in
    /// `width` columns as the balance is (compact, or "+N more": a cut read as another
    /// figure).
    static func overdueText(_ p: CustomerProfile, asOf: CivilDate, width: Int = .max) -> String {
        var by: [Currency: Int64] = [:]
        for it in p.items where it.kind == .document && it.open.minorUnits > 0 && it.dueDate < asOf { by[it.open.currency, default: 0] += it.open.minorUnits }
        if by.isEmpty { return "none" }
        return amounts(by.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key) }, width: width)
    }

    enum Row { case text([String], Style), item(Int), payment(Int32) }

    /// The timeline of flags and notes, newest first, on the customer and its documents
    /// (every annotated document of the customer, paid or open: one pass over the
    /// annotated documents, not one look-up per open item).
    static func timeline(_ s: AppState, _ t: Theme, customer cust: Customer) -> [Row] {
        var rows: [Row] = []
        func add(_ r: ([String], Style)) { rows.append(.text(r.0, r.1)) }
        let events = s.annotations.timeline(customer: cust.id)
        add((["", "", "", "", "", ""], .plain))
        add((["\u{1F}Timeline (\(events.count))"], t.title))
        for e in events {
            add((["\u{1F}\(e.stamp): \(e.summary)"], .plain))
            if let text = e.text {
                // Notes are read whole: each line wrapped to the screen, not cut.
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    for part in DisplayWidth.wrap(String(line), to: max(10, s.width - 7)) { add((["\u{1F}    " + part], t.dim)) }
                }
            }
        }
        return rows
    }

    /// The scrolled part of the drill-down: open items, timeline, risk factors, interest,
    /// payments. Items and payments are indices, formatted only when drawn. `Update` uses
    /// the count to keep the scroll within the rows.
    static func rows(_ s: AppState, _ t: Theme, customer index: Int32) -> [Row] {
        let m = s.model
        let cust = m.ledger.customers[Int(index)]
        let p = m.profile(index)
        let cr = m.creditView(index, s.annotations)
        // Open items, timeline, risk, then payments, scrolled together. Items and payments
        // are formatted only when on screen: a customer may have tens of thousands.
        var rows: [Row] = []
        func add(_ r: ([String], Style)) { rows.append(.text(r.0, r.1)) }
        add((["\u{1F}Open items (\(p.items.count))"], t.title))
        add((["Item", "Kind", "Due", "Days", "Open", "Bucket", "Expected"], t.dim))
        for k in m.sortedItems(index).indices { rows.append(.item(k)) }
        // The timeline is built once per customer, journal state and width: with hundreds
        // of long notes, wrapping them on every key press took seconds (a trial).
        rows += m.timelineRows(index, events: s.annotations.count, width: s.width) { timeline(s, t, customer: cust) }
        add((["", "", "", "", "", "", ""], .plain))
        add((["\u{1F}Risk \(cr.risk.score) of 100 (\(cr.risk.band)): the sum of these points"], t.title))
        for f in cr.risk.factors {
            add((["\u{1F}  \(f.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(repeating: " ", count: max(0, 3 - String(f.points).count)))\(f.points)/\(f.maxPoints)  \(f.value)"], .plain))
        }
        if !cr.interest.isEmpty {
            let lawName = m.ledger.config.interest.law == .eu ? "EU 2011/7/EU" : "FR L441-10"   // only shown when claimed
            let margin = DayCount(Int128(m.ledger.config.interest.margin), over: 100).formatted(decimals: 2)
            add((["\u{1F}Interest to date on the open late invoices " + cr.interest.sorted { $0.key < $1.key }.map { "\(AmountText.full($0.value, $0.key)) \($0.key.code)" }.joined(separator: " + ")
                          + " + \(AmountText.full(cr.compensationEUR, Currency(code: "EUR")!)) EUR fixed compensation (EUR 40 per late invoice); report interest adds those paid late"], .plain))
            add((["\u{1F}  \(lawName): ECB rate of each half-year + \(margin) points, Actual/365"], t.dim))
            for p in m.ratesProblems.prefix(2) { add((["\u{1F}  ! " + p.description], t.warning)) }
        }
        add((["", "", "", "", "", ""], .plain))
        add((["\u{1F}Payments (\(p.payments.count))"], t.title))
        add((["Payment", "Settles", "Date", "", "Amount", ""], t.dim))
        for i in p.payments { rows.append(.payment(i)) }
        return rows
    }

    /// Rows on screen below the card.
    static func visibleRows(height: Int) -> Int { height - 9 - 1 }

    /// Amounts in several currencies joined with " + ", in full when they fit `width`, else
    /// compact, else the first with "+N more": never an amount cut short.
    static func amounts(_ list: [Money], width: Int) -> String {
        // "300.00 EUR - 50.00 USD", not "+ -50.00 USD".
        func joined(_ text: (Money) -> String) -> String {
            var out = ""
            for (i, m) in list.enumerated() {
                let t = text(Money(minorUnits: i > 0 ? abs(m.minorUnits) : m.minorUnits, currency: m.currency)) + " " + m.currency.code
                out += i == 0 ? t : (m.minorUnits < 0 ? " - " : " + ") + t
            }
            return out
        }
        let full = joined { AmountText.full($0.minorUnits, $0.currency) }
        if DisplayWidth.of(full) <= width { return full }
        let compact = joined { AmountText.compact($0.minorUnits, $0.currency) }
        if DisplayWidth.of(compact) <= width || list.count == 1 { return compact }
        return "\(AmountText.compact(list[0].minorUnits, list[0].currency)) \(list[0].currency.code) +\(list.count - 1) more"
    }

    static func draw(_ c: inout Canvas, _ s: AppState, _ t: Theme, customer index: Int32) {
        let m = s.model
        let cust = m.ledger.customers[Int(index)]
        let p = m.profile(index)
        c.put(CustomerListView.nameWithId(cust, width: c.width - 2 - (cust.isPlaceholder ? 24 : 0), ascii: s.ascii)
              + (cust.isPlaceholder ? " · not in customers.csv" : ""), x: 1, y: 1, style: t.title, maxWidth: c.width - 2, ascii: s.ascii)
        let half = c.width / 2
        var card: [(String, String)] = [
            ("Balance", p.balances.isEmpty ? "0" : Self.amounts(p.balances, width: half - 19)),
            ("Overdue", overdueText(p, asOf: m.asOf, width: half - 19)),
            ("Oldest", p.oldestDaysPastDue > 0 ? "\(p.oldestDaysPastDue) days past due" : "nothing overdue"),
            ("Terms", cust.terms?.description ?? "—"),
            ("Credit limit", cust.creditLimit.map { AmountText.fitted($0.minorUnits, $0.currency, width: half - 19, suffix: " " + $0.currency.code) } ?? "—"),
            ("Utilisation", m.creditView(index, s.annotations).utilisation.map { "\($0.formatted(decimals: 1))% of the limit" } ?? "—"),
            ("Avg days to pay", p.averageDaysToPay.map { $0.formatted(decimals: 1) } ?? "n/a"),
            ("Avg days late", p.averageDaysLate.map { $0.formatted(decimals: 1) } ?? "n/a"),
        ]
        let notes = s.annotations.customer(cust.id)
        let collector = notes?.collector ?? cust.collector
        if !collector.isEmpty { card.append(("Collector", collector)) }
        var status: [String] = []
        let letters = s.flagLetters(customer: index, document: nil)
        if !letters.isEmpty { status.append("flags \(letters)") }
        if let pr = notes?.promise {
            let broken = m.isBroken(pr, customer: index)
            status.append("\(broken ? "BROKEN promise" : "promise") \(pr.amountText { AmountText.style.format($0, digits: $1) }.map { $0 + " " } ?? "")by \(pr.date)")
        }
        if let fu = notes?.followUp { status.append("follow up \(fu)\(fu <= m.asOf ? " (due)" : "")") }
        if !status.isEmpty {
            c.put("Status", x: 1, y: 7, style: t.dim, maxWidth: 16, ascii: s.ascii)
            // Cut with an ellipsis: a date cut short reads as another date (trial 15).
            c.put(DisplayWidth.truncate(status.joined(separator: " · "), to: c.width - 19, ellipsis: s.ascii ? "~" : "…"),
                  x: 18, y: 7, style: t.warning, maxWidth: c.width - 19, ascii: s.ascii)
        }
        // Credit control: risk, credit limit, statutory interest, dunning, terms.
        let cr = m.creditView(index, s.annotations)
        let sep = s.ascii ? " | " : " · "
        // The credit line in full words, or in shorter ones when that leaves a segment out
        // (at 80 columns, or with a long interest figure, the dunning position was lost).
        func segments(short: Bool) -> [String] {
            var credit = [short ? "risk \(cr.risk.score) \(cr.risk.band)" : "risk \(cr.risk.score)/100 \(cr.risk.band)"]
            if cr.creditHold { credit.append("CREDIT HOLD") }
            if cr.limitState == .over || cr.limitState == .near { credit.append(cr.limitState.label.uppercased()) }
            // The money figure before the dunning position: on a narrow screen the later
            // segment is the one left out.
            if !cr.interest.isEmpty {
                credit.append((short ? "interest " : "interest on open items ") + cr.interest.sorted { $0.key < $1.key }.map { "\(AmountText.full($0.value, $0.key)) \($0.key.code)" }.joined(separator: " + ")
                              + (m.ratesProblems.isEmpty ? "" : short ? " (rates file problem)" : " (rates file problem: see below)"))
            }
            if let d = cr.dunning { credit.append(CustomerView.dunningText(d)) }
            if let d = cr.termsBeyondLawDays { credit.append("terms \(d) days > legal max") }
            return credit.map { Sanitizer.clean($0, ascii: s.ascii) }
        }
        c.put("Credit", x: 1, y: 8, style: t.dim, maxWidth: 16, ascii: s.ascii)
        // Whole segments only: an amount cut short ("interest … 10…") reads as another figure.
        func fitted(_ segs: [String]) -> (line: String, left: Int) {
            var line = "", left = 0
            for seg in segs {
                let next = line.isEmpty ? seg : line + sep + seg
                if DisplayWidth.of(next) <= c.width - 19 { line = next } else { left += 1 }
            }
            return (line, left)
        }
        var (line, left) = fitted(segments(short: false))
        if left > 0 { (line, left) = fitted(segments(short: true)) }
        // Something left out is marked (a trial missed "terms 90 days > legal max");
        // `report customer` gives every segment.
        let more = sep + (s.ascii ? "~" : "…")
        if left > 0 && DisplayWidth.of(line + more) <= c.width - 19 { line += more }
        c.put(line, x: 18, y: 8, style: cr.risk.score >= 50 || cr.creditHold || cr.limitState == .over ? t.warning : .plain,
              maxWidth: c.width - 19, ascii: s.ascii)
        let contact = [cust.email, cust.phone].filter { !$0.isEmpty }.joined(separator: " · ")
        if !contact.isEmpty { card.append(("Contact", contact)) }
        for (i, (k, v)) in card.enumerated() {
            let x = i < 5 ? 1 : half, y = 2 + (i < 5 ? i : i - 5)
            if y >= 7 { continue }
            c.put(k, x: x, y: y, style: t.dim, maxWidth: 16, ascii: s.ascii)
            // One column short of the next card column, so a cut value never touches its label.
            c.put(DisplayWidth.truncate(Sanitizer.clean(v, ascii: s.ascii), to: half - 19, ellipsis: s.ascii ? "~" : "…"), x: x + 17, y: y, maxWidth: half - 19, ascii: s.ascii)
        }
        let rows = Self.rows(s, t, customer: index)
        let items = m.sortedItems(index)
        // Narrow screens: a shorter kind column leaves the ids whole ("unapplied" for unapplied cash).
        let narrow = c.width < 100
        let cols = [Column(title: "", width: 0), Column(title: "", width: narrow ? 12 : 14), Column(title: "", width: 10),
                    Column(title: "", width: 5, right: true), Column(title: "", width: c.width >= 100 ? 20 : 17, right: true),
                    Column(title: "", width: 7), Column(title: "", width: 12)]
        let widths = TableDraw.widths(cols, total: c.width - 2)
        let top = 9, visible = c.height - top - 1
        let start = min(s.detailScroll, max(0, rows.count - visible))
        func itemRow(_ k: Int) -> ([String], Style) {
            let it = items[k]
            let (id, kind): (String, String)
            switch it.kind {
            case .document:
                let d = m.ledger.documents[Int(it.index)]
                (id, kind) = (d.id, it.open.minorUnits < 0 && d.amount.minorUnits > 0 ? "over-payment" : d.type.label + (d.disputed ? " (D)" : ""))
            case .unappliedPayment: (id, kind) = (m.ledger.payments[Int(it.index)].id, narrow ? "unapplied" : "unapplied cash")
            }
            // A credit ages from its own date: its due date would contradict the days shown.
            let isCredit = it.open.minorUnits < 0 || it.kind == .unappliedPayment
            // Expected payment date: a promise's (P, p for part), else the prediction; "—" when
            // nothing that late was ever paid.
            let expected = isCredit ? "" : cr.expectedText(it.index)
            // Compact when the full figure and its code do not fit: cut, 1,000,000,000,000 JPY
            // read "1,000,000,000,00…" at 80 columns.
            return ([id, kind, isCredit ? "—" : it.dueDate.description, String(it.days),
                          AmountText.fitted(it.open.minorUnits, it.open.currency, width: widths[4], suffix: " " + it.open.currency.code),
                          m.aging.labels[it.bucket], expected],
                         t.bucket(it.bucket))
        }
        func paymentRow(_ i: Int32) -> ([String], Style) {
            let pay = m.ledger.payments[Int(i)]
            return ([pay.fromPaidDate ? "(paid_date)" : pay.id, pay.document >= 0 ? m.ledger.documents[Int(pay.document)].id : "unapplied",
                          pay.date.description, "", AmountText.fitted(pay.amount.minorUnits, pay.amount.currency, width: widths[4], suffix: " " + pay.amount.currency.code), ""], .plain)
        }
        for (k, row) in rows.dropFirst(start).prefix(visible).enumerated() {
            let r: ([String], Style)
            switch row {
            case .text(let cells, let style): r = (cells, style)
            case .item(let i): r = itemRow(i)
            case .payment(let i): r = paymentRow(i)
            }
            // Timeline lines (marked with U+001F) span the width.
            if r.0.count == 1, let first = r.0.first, first.hasPrefix("\u{1F}") {
                // A line too long ends in an ellipsis, never mid-word without a sign ("fixed compen").
                let text = DisplayWidth.truncate(Sanitizer.clean(String(first.dropFirst()), ascii: s.ascii), to: c.width - 2, ellipsis: s.ascii ? "~" : "…")
                c.put(text, x: 1, y: top + k, style: r.1, maxWidth: c.width - 2, ascii: s.ascii)
                continue
            }
            TableDraw.row(&c, y: top + k, x: 1, cells: r.0, cols: cols, widths: widths, style: .plain,
                          styles: [nil, nil, nil, nil, nil, r.1, nil], ascii: s.ascii)
            if r.1 == t.title || r.1 == t.dim { c.restyle(x: 1, y: top + k, width: c.width - 2, style: r.1) }
        }
    }
}
