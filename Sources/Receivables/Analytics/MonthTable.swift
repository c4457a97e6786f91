/// The month key (year × 12 + month − 1) of each day over a ledger's span, from a table:
/// monthly series look up a million rows' months without a calendar conversion each.
struct MonthTable {
    /// First day in the table: the earliest document or payment date before `asOf`
    /// (at most about 110 years back).
    let firstDay: Int32
    private var keys: [Int32] = []

    /// - Parameters:
    ///   - through: the last day the table covers (as-of, or later for due dates).
    init(_ ledger: Ledger, asOf: CivilDate, through: CivilDate) {
        // The earliest date before `asOf` (the ledger's earliest, found when its
        // settlements were built: a pass over every row here was ~10 ms at a million).
        let minDay = min(ledger.settlements.earliestDay, asOf.daysSinceEpoch)
        firstDay = max(minDay, asOf.daysSinceEpoch - 40_000)
        let last = max(through.daysSinceEpoch, asOf.daysSinceEpoch)
        keys = [Int32](repeating: 0, count: Int(last - firstDay) + 1)
        var day = CivilDate(daysSinceEpoch: firstDay)
        while day.daysSinceEpoch <= last {
            let end = min(day.endOfMonth.daysSinceEpoch, last)
            let k = Int32(day.year * 12 + day.month - 1)
            for d in day.daysSinceEpoch...end { keys[Int(d - firstDay)] = k }
            day = CivilDate(daysSinceEpoch: end + 1)
        }
    }

    /// Month key of `d` (computed when outside the table).
    @inline(__always)
    func key(_ d: CivilDate) -> Int {
        let i = Int(d.daysSinceEpoch - firstDay)
        return i >= 0 && i < keys.count ? Int(keys[i]) : d.year * 12 + d.month - 1
    }
}
