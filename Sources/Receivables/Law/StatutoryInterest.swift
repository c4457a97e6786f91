/// Statutory interest on one document, as of a date.
public struct DocumentInterest: Sendable, Equatable {
    public var document: Int32
    public var customer: Int32
    /// Days late: from the due date to the last late payment, or to the as-of date while
    /// an amount is still open.
    public var daysLate: Int
    /// Amount that was or is late, in the document's currency (minor units).
    public var lateAmount: Int64
    /// Interest in the document's currency, minor units, rounded half-to-even once.
    public var interest: Int64
    /// The annual rate of the last half-year counted, hundredths of a percent (reference + margin).
    public var rateBasisPoints: Int
    /// Every annual rate applied (one per half-year with a different rate).
    public var ratesUsed: [Int]
    /// Fixed recovery compensation, EUR minor units (€40 for a late invoice).
    public var compensationEUR: Int64
    /// Still open at the as-of date (interest keeps running).
    public var stillOpen: Bool
    /// Half-years for which the rates table has no rate (interest not counted for them).
    public var missingRates: [CivilDate]
}

/// Late-payment interest under Directive 2011/7/EU (art. 3–6) or French L441-10.
///
/// Interest runs from the day after the due date to the day of payment, on each amount
/// paid late and on what is still open at the as-of date, at the reference rate of each
/// half-year (rate in force on 1 January / 1 July) plus the law's margin, Actual/365.
/// A late invoice also owes the fixed €40 recovery compensation (art. 6; L441-10 II).
public enum StatutoryInterest {
    /// Interest on document `index` as of `asOf`; nil when it is not late (or is a credit).
    /// - Parameters:
    ///   - marginBasisPoints: 800 (EU minimum) or 1000 (France), or the configured margin.
    public static func document(_ ledger: Ledger, _ index: Int32, asOf: CivilDate, rates: ReferenceRates,
                                marginBasisPoints: Int) -> DocumentInterest? {
        let d = ledger.documents[Int(index)]
        guard d.amount.minorUnits > 0, d.date <= asOf, d.dueDate < asOf else { return nil }
        var open = d.amount.minorUnits
        // What is owed, in layers by the day each became owed: the amount from the due
        // date, and what a refund puts back from the refund's day. Receipts pay the oldest
        // layer first; an over-payment is a credit that a refund uses up before owing again.
        // So no interest runs on days the customer was in credit (a trial's refund after an
        // over-payment accrued from the due date).
        var layers: [(amount: Int64, since: CivilDate)] = [(open, d.dueDate)]
        var credit: Int64 = 0
        var segments: [(amount: Int64, from: CivilDate, until: CivilDate)] = []
        for e in ledger.settlements.of(Int(index)) where e.effective <= asOf {
            open -= e.amount
            if e.amount > 0 {
                var pay = e.amount
                while pay > 0, !layers.isEmpty {
                    let take = min(pay, layers[0].amount)
                    if e.effective > layers[0].since { segments.append((take, layers[0].since, e.effective)) }
                    layers[0].amount -= take
                    pay -= take
                    if layers[0].amount == 0 { layers.removeFirst() }
                }
                credit += pay
            } else if e.amount < 0 {
                let back = -e.amount
                let fromCredit = min(credit, back)
                credit -= fromCredit
                if back > fromCredit { layers.append((back - fromCredit, max(e.effective, d.dueDate))) }
            }
        }
        for l in layers where l.amount > 0 && asOf > l.since { segments.append((l.amount, l.since, asOf)) }
        guard !segments.isEmpty else { return nil }
        var numerator: Int128 = 0
        var missing = Set<CivilDate>()
        var lastRate = 0
        var used: [Int] = []
        for (amount, since, until) in segments {
            // Days (since, until], split at half-year starts.
            var from = since
            while from < until {
                let next = ReferenceRates.halfYearStart(from.advanced(by: 1)).addingMonths(6)
                let end = min(until, next.advanced(by: -1))
                let days = from.days(until: end)
                if let ref = rates.halfYearRate(on: from.advanced(by: 1)) {
                    let rate = max(0, ref + marginBasisPoints)
                    lastRate = rate
                    if !used.contains(rate) { used.append(rate) }
                    numerator += Int128(amount) * Int128(rate) * Int128(days)
                } else {
                    missing.insert(ReferenceRates.halfYearStart(from.advanced(by: 1)))
                }
                from = end
            }
        }
        let lastDay = segments.map(\.until).max()!
        return DocumentInterest(document: index, customer: d.customer, daysLate: d.dueDate.days(until: lastDay),
                                lateAmount: segments.reduce(0) { $0 + $1.amount },
                                interest: Int64(roundedHalfEven(numerator, 10_000 * 365)), rateBasisPoints: lastRate, ratesUsed: used,
                                compensationEUR: d.type == .creditNote ? 0 : LatePaymentInterest.recoveryCompensationEUR,
                                stillOpen: open > 0, missingRates: missing.sorted())
    }

    /// Every late document of the ledger (paid late on or before `asOf`, or still overdue),
    /// in document order. With `onlyOpen`, documents still open only.
    public static func all(_ ledger: Ledger, asOf: CivilDate, rates: ReferenceRates, marginBasisPoints: Int,
                           onlyOpen: Bool = false) -> [DocumentInterest] {
        var out: [DocumentInterest] = []
        for i in ledger.documents.indices {
            guard let x = document(ledger, Int32(i), asOf: asOf, rates: rates, marginBasisPoints: marginBasisPoints) else { continue }
            if onlyOpen && !x.stillOpen { continue }
            out.append(x)
        }
        return out
    }
}

/// Payment terms against the legal maximum (France L441-10 I; Directive 2011/7/EU art. 3(5)):
/// 60 days from the invoice date, or 45 days end of month. Both readings of "45 days end
/// of month" are allowed (date + 45 then month end, or month end + 45).
public enum TermsCompliance {
    /// The latest lawful due date for a document dated `date`.
    public static func latestLawfulDueDate(_ date: CivilDate) -> CivilDate {
        max(date.advanced(by: 60), date.advanced(by: 45).endOfMonth, date.endOfMonth.advanced(by: 45))
    }

    /// Whether `terms` give, for some document date, a due date past the legal maximum
    /// (checked over every day of a leap year and a common year).
    public static func exceeds(_ terms: PaymentTerms) -> Bool {
        var d = CivilDate(year: 2023, month: 1, day: 1)!
        for _ in 0..<731 {
            if terms.dueDate(for: d) > latestLawfulDueDate(d) { return true }
            d = d.advanced(by: 1)
        }
        return false
    }

    /// Customers whose terms or whose invoices' due dates exceed the maximum, with the
    /// longest term found (days from invoice date to due date).
    public static func customersExceeding(_ ledger: Ledger) -> [Int32: Int] {
        var out: [Int32: Int] = [:]
        for (i, c) in ledger.customers.enumerated() {
            if let t = c.terms, exceeds(t) {
                let d = CivilDate(year: 2023, month: 1, day: 31)!
                out[Int32(i)] = d.days(until: t.dueDate(for: d))
            }
        }
        for d in ledger.documents where d.amount.minorUnits > 0 && d.dueDate > latestLawfulDueDate(d.date) {
            out[d.customer] = max(out[d.customer] ?? 0, d.date.days(until: d.dueDate))
        }
        return out
    }
}
