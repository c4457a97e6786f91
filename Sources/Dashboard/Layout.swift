/// Where the dashboard's parts go at a given size.
enum Layout {
    static let minWidth = 80
    static let minHeight = 24

    /// Rows of the aging block: title + one per bucket.
    static func agingRows(_ s: AppState) -> Int { 1 + s.model.aging.scheme.count }

    /// First row of the overdue list's title.
    static func overdueTop(_ s: AppState) -> Int { 1 + agingRows(s) }

    /// Data rows of the list on the current screen.
    static func listRows(_ s: AppState) -> Int {
        switch s.screen {
        case .dashboard: return max(1, s.height - overdueTop(s) - 3)
        default: return max(1, s.height - 4)
        }
    }

    /// Width of the aging panel (the DSO trend gets the rest of those rows).
    static func agingWidth(_ s: AppState) -> Int { min(max(52, s.width * 6 / 10), s.width - 26) }
}
