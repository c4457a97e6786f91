import Receivables
import TerminalUI

/// The screens of the dashboard; drill-down pushes, Esc pops.
public enum Screen: Equatable, Sendable {
    case dashboard
    case customer(Int32)
    case customers
    /// Today's collection actions (`w`).
    case worklist
    /// Monthly KPIs (`m`).
    case kpi
    case help
    /// The loader's problems and the status message, whole (`e`).
    case problems
}

/// Which dashboard panel has the keyboard.
public enum Panel: Sendable { case aging, overdue }

/// The whole state of the dashboard: one value, changed only by `update`.
public struct AppState {
    public var model: DashboardModel
    public var screens: [Screen] = [.dashboard]
    public var focus: Panel = .overdue
    /// Selected bucket in the aging panel.
    public var bucketCursor = 0
    /// The overdue list shows only this bucket (Enter on a bucket).
    public var bucketFilter: Int?
    public var sort: OverdueSort = .daysPastDue
    /// Order of the customer list, and whether it is reversed.
    public var customerSort: CustomerSort = .balance
    public var customersReversed = false
    /// false = the sort key's natural order reversed.
    public var reversed = false
    /// `/` filter text, and whether it is being typed.
    public var filter = ""
    public var editingFilter = false
    /// Overdue rows on screen, after bucket filter, text filter and sort (indices into model.overdue).
    public private(set) var visible: [Int32] = []
    /// Customer list rows after the same text filter (indices into model.customerLines).
    public private(set) var visibleCustomers: [Int] = []
    public var cursor = 0
    public var scroll = 0
    /// Cursor and scroll of the customer list and of the drill-down.
    public var listCursor = 0
    public var listScroll = 0
    /// Cursor and scroll of the worklist; the cursor stays on `workCustomer` when the
    /// list changes under it (someone else's action, a reload).
    public var workCursor = 0
    public var workCustomer: Int32?
    public var workScroll = 0
    public var detailScroll = 0
    public var width: Int
    public var height: Int
    /// ASCII glyphs only (the locale is not UTF-8).
    public var ascii = false
    /// Local time of the last load, shown in the header ("14:05").
    public var loadedAt = ""
    /// A one-line message (errors, notices) shown in the status line until the next key.
    public var message: String?
    /// Why the last reload failed; shown until a reload succeeds (the last good ledger
    /// stays on screen meanwhile).
    public var reloadError: String?
    /// Where the annotation journal's hash chain breaks ("line N: why"): an event was
    /// removed, changed or inserted by hand. Shown in the header until the file is replaced.
    public var journalBroken: String?
    /// Data files read while their writer still had them open: the figures may be partial.
    public var stillWriting: [String] = []
    /// Flags, notes, promises, follow-ups and collectors from the shared journal.
    public var annotations = Annotations()
    /// The open dialog (flag menu, note editor, date and amount prompts).
    public var prompt: Prompt?
    /// Which aging section the panels show when the ledger is split by currency.
    public var section = 0
    /// Inside a bracketed paste: keys are text for the open field, never commands.
    public var pasting = false
    /// The last pasted key was a carriage return: a line feed right after it is the same
    /// line break (CRLF).
    var pastedCR = false

    public init(model: DashboardModel, width: Int, height: Int) {
        self.model = model
        self.width = width
        self.height = height
        section = AppState.preferredSection(model, keeping: nil)
        refilter()
    }

    /// The aging section to show: the one in `keeping`'s currency when it is still there;
    /// else the configured reporting currency's (a ledger split because one currency has
    /// no rate still opens on the currency the team works in); else the first.
    static func preferredSection(_ model: DashboardModel, keeping currency: Currency?) -> Int {
        let sections = model.aging.sections
        if let c = currency, let k = sections.firstIndex(where: { $0.currency == c }) { return k }
        if let r = model.ledger.config.reportingCurrency, let k = sections.firstIndex(where: { $0.currency == r }) { return k }
        return 0
    }

    public var screen: Screen { screens.last ?? .dashboard }

    /// The note editor is open (where Ctrl-J breaks the line rather than being Enter).
    var isNoteOpen: Bool { if case .note = prompt { return true }; return false }

    /// Puts a freshly loaded model in place, keeping the selected document, the open
    /// customer and the filters where they still exist.
    public mutating func replaceModel(_ new: DashboardModel) {
        let old = model
        let selectedDoc = cursor < visible.count ? old.ledger.documents[Int(old.overdue[Int(visible[cursor])].document)].id : nil
        // The customer list keeps its customer too (the rows reorder by balance): `f`, `n`
        // or `p` must never land on the customer that moved into the row.
        let selectedLine = selectedCustomerLine.map { (id: old.ledger.customers[Int($0.customer)].id, currency: $0.currency) }
        let shownCurrency = section < old.aging.sections.count && old.aging.sections.count > 1 ? old.aging.sections[section].currency : nil
        screens = screens.compactMap { sc in
            guard case .customer(let c) = sc else { return sc }
            return new.ledger.customer(id: old.ledger.customers[Int(c)].id).map { .customer($0) }
        }
        if screens.isEmpty { screens = [.dashboard] }
        if let b = bucketFilter, b >= new.aging.scheme.count { bucketFilter = nil }
        section = AppState.preferredSection(new, keeping: shownCurrency)
        model = new
        refilter()
        if let id = selectedDoc, let d = new.ledger.document(id: id),
           let k = visible.firstIndex(where: { new.overdue[Int($0)].document == d }) { cursor = k }
        bucketCursor = min(bucketCursor, new.aging.scheme.count - 1)
        listCursor = min(listCursor, max(0, visibleCustomers.count - 1))
        if let s = selectedLine, let c = new.ledger.customer(id: s.id) {
            let lines = new.customerLines
            if let k = visibleCustomers.firstIndex(where: { lines[$0].customer == c && lines[$0].currency == s.currency })
                ?? visibleCustomers.firstIndex(where: { lines[$0].customer == c }) { listCursor = k }
        }
    }

    /// What `f`, `n`, `p`, `u` and `a` apply to: the selected overdue document, the open
    /// customer, or the selected customer of the list.
    public var annotationTarget: AnnotationTarget? {
        let l = model.ledger
        switch screen {
        case .dashboard:
            guard focus == .overdue, cursor < visible.count else { return nil }
            let o = model.overdue[Int(visible[cursor])]
            return AnnotationTarget(customerId: l.customers[Int(o.customer)].id, documentId: l.documents[Int(o.document)].id,
                                    currency: o.open.currency.code)
        case .customer(let c):
            return AnnotationTarget(customerId: l.customers[Int(c)].id, documentId: nil, currency: customerCurrency(c).code)
        case .customers:
            guard let line = selectedCustomerLine else { return nil }
            // Split by currency, the line's; converted, the customer's own (the line's is
            // the report's: a GBP customer's promise was asked in EUR).
            let currency = model.aging.reportingCurrency == nil ? line.currency : customerCurrency(line.customer)
            return AnnotationTarget(customerId: l.customers[Int(line.customer)].id, documentId: nil, currency: currency.code)
        case .worklist:
            guard let e = selectedWorkEntry else { return nil }
            return AnnotationTarget(customerId: l.customers[Int(e.customer)].id, documentId: nil, currency: customerCurrency(e.customer).code)
        case .help, .kpi, .problems: return nil
        }
    }

    /// The currency a customer is invoiced in: its own (customers.csv), else that of its
    /// open items when they share one, else the report's. Promises are recorded in it.
    func customerCurrency(_ c: Int32) -> Currency {
        if let own = model.ledger.customers[Int(c)].currency { return own }
        let balances = model.profile(c).balances
        return balances.count == 1 ? balances[0].currency : model.currency
    }

    /// Today's worklist for the journal as it stands (cached by the model).
    public var worklist: Worklist.Result { model.worklist(annotations) }

    /// The worklist entry under the cursor.
    public var selectedWorkEntry: WorklistEntry? {
        let w = worklist.entries
        return w.isEmpty ? nil : w[workIndex]
    }

    /// The row under the worklist cursor: the customer it was on when still listed, else
    /// the same position (the next customer, when the one acted on has left the list).
    public var workIndex: Int {
        let w = worklist.entries
        if let c = workCustomer, let k = w.firstIndex(where: { $0.customer == c }) { return k }
        return max(0, min(workCursor, w.count - 1))
    }

    /// Flag letters of a document: the export's dispute flag, then the journal's flags on
    /// the document and on its customer ("DP").
    public func flagLetters(customer: Int32, document: Int32?) -> String {
        let c = model.ledger.customers[Int(customer)]
        var flags = annotations.customer(c.id)?.flags ?? []
        if let d = document {
            let doc = model.ledger.documents[Int(d)]
            flags.formUnion(annotations.document(customer: c.id, doc.id)?.flags ?? [])
            if doc.disputed { flags.insert(.dispute) }
        }
        // A promise whose date passed without enough payment: "!" instead of its "P".
        var broken = false, openPromise = false
        if let p = annotations.customer(c.id)?.promise {
            if model.isBroken(p, customer: customer) { broken = true } else { openPromise = true }
        }
        if let d = document, let p = annotations.document(customer: c.id, model.ledger.documents[Int(d)].id)?.promise {
            if model.isBroken(p, customer: customer, document: d) { broken = true } else { openPromise = true }
        }
        if !openPromise { flags.remove(.promise) }
        var letters = String(AccountFlag.allCases.filter { flags.contains($0) }.map(\.letter))
        if broken { letters += "!" }
        return letters
    }

    /// Recomputes `visible` from the filters and the sort (no ledger scan: the model's
    /// cached orders and folded names).
    public mutating func refilter() {
        var order = model.order(sort)
        if reversed { order.reverse() }
        let needle = Array(DashboardModel.fold(filter).utf8)
        // One pass over each set of search texts per keystroke, then look-ups.
        let customerHit = needle.isEmpty ? [] : model.foldedCustomer.matching(needle)
        let documentHit = needle.isEmpty ? [] : model.foldedDocument.matching(needle)
        if bucketFilter == nil && needle.isEmpty {
            visible = order
        } else {
            visible = order.filter { i in
                if let b = bucketFilter, model.overdueBucket[Int(i)] != b { return false }
                if needle.isEmpty { return true }
                return customerHit[Int(model.overdue[Int(i)].customer)] || documentHit[Int(i)]
            }
        }
        cursor = min(cursor, max(0, visible.count - 1))
        var lines = model.customerOrder(customerSort)
        if customersReversed { lines.reverse() }
        visibleCustomers = needle.isEmpty ? lines : lines.filter { customerHit[Int(model.customerLines[$0].customer)] }
        listCursor = min(listCursor, max(0, visibleCustomers.count - 1))
    }

    /// The customer line under the list cursor.
    public var selectedCustomerLine: DashboardModel.CustomerLine? {
        listCursor < visibleCustomers.count ? model.customerLines[visibleCustomers[listCursor]] : nil
    }
}
