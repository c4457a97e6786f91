import Receivables
import TerminalUI

/// The screens of the dashboard; drill-down pushes, Esc pops.
public enum Screen: Equatable, Sendable {
    case dashboard
    case customer(Int32)
    case customers
    case help
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
    /// false = the sort key's natural order reversed.
    public var reversed = false
    /// `/` filter text, and whether it is being typed.
    public var filter = ""
    public var editingFilter = false
    /// Overdue rows on screen, after bucket filter, text filter and sort (indices into model.overdue).
    public private(set) var visible: [Int32] = []
    public var cursor = 0
    public var scroll = 0
    /// Cursor and scroll of the customer list and of the drill-down.
    public var listCursor = 0
    public var listScroll = 0
    public var detailScroll = 0
    public var width: Int
    public var height: Int
    /// ASCII glyphs only (the locale is not UTF-8).
    public var ascii = false
    /// Local time of the last load, shown in the header ("14:05").
    public var loadedAt = ""
    /// A one-line message (errors, notices) shown above the hints.
    public var message: String?

    public init(model: DashboardModel, width: Int, height: Int) {
        self.model = model
        self.width = width
        self.height = height
        refilter()
    }

    public var screen: Screen { screens.last ?? .dashboard }

    /// Recomputes `visible` from the filters and the sort (no ledger scan: the model's
    /// cached orders and folded names).
    public mutating func refilter() {
        var order = model.order(sort)
        if reversed { order.reverse() }
        let needle = Array(DashboardModel.fold(filter).utf8)
        if bucketFilter == nil && needle.isEmpty {
            visible = order
        } else {
            visible = order.filter { i in
                let o = model.overdue[Int(i)]
                if let b = bucketFilter, model.overdueBucket[Int(i)] != b { return false }
                if needle.isEmpty { return true }
                return model.foldedCustomer.contains(Int(o.customer), needle) || model.foldedDocument.contains(Int(i), needle)
            }
        }
        cursor = min(cursor, max(0, visible.count - 1))
    }
}
