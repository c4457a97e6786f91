/// Why a customer is on today's worklist; the tiers come first in this order.
public enum WorklistTier: Int, Sendable, Comparable, CaseIterable {
    case brokenPromise = 0, followUpDue, overdue, overLimit

    public static func < (a: WorklistTier, b: WorklistTier) -> Bool { a.rawValue < b.rawValue }

    public var label: String {
        switch self {
        case .brokenPromise: return "broken promise"
        case .followUpDue: return "follow-up due"
        case .overdue: return "overdue"
        case .overLimit: return "over limit"
        }
    }
}

/// One line of the worklist: one customer, the action's reason and its priority.
public struct WorklistEntry: Sendable, Equatable {
    public var customer: Int32
    public var tier: WorklistTier
    /// Σ open × days past due × risk score (minor-unit days × points): the amount at risk
    /// times its amount-weighted days past due times the risk.
    public var priority: Int128
    /// The reasons, most important first ("broken promise 500.00 by 2024-04-01", …).
    public var reasons: [String]
    /// Amount overdue in each currency (one, converted, when the ledger converts).
    public var overdue: [Money]
    public var oldest: Int
    public var risk: Int
}

/// Today's collection actions (DESIGN.md "worklist"; issue 5 item 4).
///
/// Ranking: broken promises first, then follow-ups due, then overdue accounts, then
/// accounts over their credit limit without overdue; within a tier by `priority`
/// (Σ open × days past due × max(risk, 1)), then customer id. A customer drops off for
/// the day once a note, promise or follow-up is recorded on it today; an open promise not
/// yet due, or a follow-up set for a later day, snoozes it until then.
public enum Worklist {
    /// The ranked entries and what was left out today.
    public struct Result: Sendable, Equatable {
        public var entries: [WorklistEntry]
        /// Customers with something due that were acted on today.
        public var doneToday: Int
        /// Customers waiting on a promise or a later follow-up.
        public var snoozed: Int
    }

    /// - Parameters:
    ///   - standings: per customer, from `CustomerStandings.all`.
    ///   - risks: per customer, risk scores (0–100).
    ///   - actedToday: ids of customers acted on today (`Annotations.customersActed`).
    ///   - inCredit: customers whose credits cover their overdue (`DunningCase.inCredit`).
    ///   - isBroken: whether a customer's (or one of its documents') promise is broken.
    public static func build(_ ledger: Ledger, standings: [CustomerStanding], risks: [Int], annotations: Annotations,
                             today: CivilDate, actedToday: Set<String>, inCredit: Set<Int32> = [],
                             isBroken: (PromiseToPay, Int32, Int32?) -> Bool) -> Result {
        var entries: [WorklistEntry] = []
        var done = 0, snoozed = 0
        // Document-level promises per customer id.
        var docPromises: [String: [(String, PromiseToPay)]] = [:]
        for (key, n) in annotations.documents {
            guard let p = n.promise else { continue }
            let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2 { docPromises[parts[0], default: []].append((parts[1], p)) }
        }
        for s in standings {
            let c = ledger.customers[Int(s.customer)]
            let notes = annotations.customer(c.id)
            var reasons: [String] = []
            var tier: WorklistTier? = nil
            var openPromise = false
            var promises: [(PromiseToPay, Int32?, String?)] = notes?.promise.map { [($0, nil, nil)] } ?? []
            for (docId, p) in docPromises[c.id] ?? [] { promises.append((p, ledger.document(id: docId), docId)) }
            for (p, doc, docId) in promises {
                if isBroken(p, s.customer, doc) {
                    tier = .brokenPromise
                    reasons.append("broken promise \(p.amountText.map { $0 + " " } ?? "")by \(p.date)\(docId.map { " on \($0)" } ?? "")")
                } else if p.date >= today { openPromise = true }
            }
            if let f = notes?.followUp, f <= today {
                tier = tier ?? .followUpDue
                reasons.append("follow-up due \(f)")
            }
            if s.overdue > 0 {
                tier = tier ?? .overdue
                reasons.append("\(s.overdueCount) document\(s.overdueCount == 1 ? "" : "s") overdue")
                if !s.newlyOverdue.isEmpty {
                    let ids = s.newlyOverdue.prefix(3).map { ledger.documents[Int($0)].id }
                    reasons.append("newly overdue \(ids.joined(separator: ", "))\(s.newlyOverdue.count > 3 ? " +\(s.newlyOverdue.count - 3)" : "")")
                }
            }
            // Unapplied cash and credit notes that cover its overdue, as the dunning run
            // decides "in credit" (`inCredit`): the task is to allocate them, not to chase;
            // last in its tier (a trial saw such accounts ranked among the calls to make).
            let covered = s.overdue > 0 && inCredit.contains(s.customer)
            if covered { reasons.append("its credits cover it: allocate them") }
            if s.disputes > 0 && tier != nil { reasons.append("\(s.disputes) disputed") }
            if s.limitState == .over {
                tier = tier ?? .overLimit
                reasons.append(s.utilisation.map { "over credit limit \($0.formatted(decimals: 0)) %" } ?? "over credit limit (no credit allowed)")
            }
            guard let t = tier else { continue }
            if actedToday.contains(c.id) { done += 1; continue }
            if t != .brokenPromise && (openPromise || (notes?.followUp.map { $0 > today } ?? false)) { snoozed += 1; continue }
            let risk = Int(s.customer) < risks.count ? risks[Int(s.customer)] : 0
            var weight = covered ? 0 : s.overdueDays
            if weight == 0 && !covered { weight = Int128(max(s.balance, 0)) }   // over limit only: the balance at risk
            entries.append(WorklistEntry(customer: s.customer, tier: t, priority: weight * Int128(max(risk, 1)),
                                         reasons: reasons, overdue: s.overdueByCurrency, oldest: s.oldest, risk: risk))
        }
        entries.sort {
            if $0.tier != $1.tier { return $0.tier < $1.tier }
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            return ledger.customers[Int($0.customer)].id < ledger.customers[Int($1.customer)].id
        }
        return Result(entries: entries, doneToday: done, snoozed: snoozed)
    }
}
