import Receivables
import TerminalUI

/// Draws the state into a canvas of the state's size: the pure "view" of the Elm loop.
public enum Render {
    public static func canvas(_ s: AppState, theme: Theme) -> Canvas {
        var c = Canvas(width: s.width, height: s.height)
        guard s.width >= Layout.minWidth, s.height >= Layout.minHeight else {
            // Below the minimum: one clipped line, never garbage (BR-36).
            let x = s.ascii ? "x" : "×"
            c.put("terminal too small", x: 0, y: 0, ascii: s.ascii)
            c.put("\(s.width)\(x)\(s.height), need \(Layout.minWidth)\(x)\(Layout.minHeight)", x: 0, y: 1, ascii: s.ascii)
            c.put(s.prompt != nil ? "a dialog is open: typing goes into it" : "q quits", x: 0, y: 2, ascii: s.ascii)
            return c
        }
        HeaderView.draw(&c, s, theme)
        switch s.screen {
        case .dashboard:
            AgingPanel.draw(&c, s, theme)
            DSOTrend.draw(&c, s, theme)
            OverdueList.draw(&c, s, theme)
        case .customer(let id): CustomerView.draw(&c, s, theme, customer: id)
        case .customers: CustomerListView.draw(&c, s, theme)
        case .worklist: WorklistView.draw(&c, s, theme)
        case .kpi: KPIView.draw(&c, s, theme)
        case .help: HelpView.draw(&c, s, theme)
        case .problems: ProblemsView.draw(&c, s, theme)
        }
        PromptView.draw(&c, s, theme)
        HintBar.draw(&c, s, theme)
        return c
    }
}
