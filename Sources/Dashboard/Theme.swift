import TerminalUI

/// Semantic roles of the screen, each a `Style`. Views ask for roles, never colours, and
/// meaning is never carried by colour alone (buckets and flags also have labels/letters).
public struct Theme: Sendable {
    public var name: String
    public var header: Style
    public var title: Style
    public var focusedTitle: Style
    public var selection: Style
    public var hint: Style
    public var hintKey: Style
    public var dim: Style
    public var warning: Style
    public var negative: Style
    /// Current, 1-30, … , oldest (the last one repeats for extra buckets).
    public var buckets: [Style]
    public var flag: Style

    public init(name: String, header: Style, title: Style, focusedTitle: Style, selection: Style, hint: Style,
                hintKey: Style, dim: Style, warning: Style, negative: Style, buckets: [Style], flag: Style) {
        self.name = name; self.header = header; self.title = title; self.focusedTitle = focusedTitle
        self.selection = selection; self.hint = hint; self.hintKey = hintKey; self.dim = dim
        self.warning = warning; self.negative = negative; self.buckets = buckets.isEmpty ? [.plain] : buckets; self.flag = flag
    }

    /// Built in, used when no themes/default.toml is found: on the terminal's own
    /// background, 256 colours downsampled as needed.
    public static let standard = Theme(
        name: "default",
        header: Style(foreground: .indexed(15), background: .indexed(24), bold: true),
        title: Style(bold: true),
        focusedTitle: Style(foreground: .indexed(14), bold: true, underline: true),
        selection: Style(reverse: true),
        hint: Style(foreground: .indexed(250)),
        hintKey: Style(foreground: .indexed(14), bold: true),
        dim: Style(dim: true),
        warning: Style(foreground: .indexed(9), bold: true),
        negative: Style(foreground: .indexed(13)),
        buckets: [Style(foreground: .indexed(34)), Style(foreground: .indexed(142)), Style(foreground: .indexed(178)),
                  Style(foreground: .indexed(208)), Style(foreground: .indexed(202)), Style(foreground: .indexed(160))],
        flag: Style(foreground: .indexed(11), bold: true))

    /// No colour at all (`NO_COLOR`, `--colors none`): attributes only.
    public static let mono = Theme(
        name: "mono",
        header: Style(reverse: true), title: Style(bold: true), focusedTitle: Style(bold: true, underline: true),
        selection: Style(reverse: true), hint: .plain, hintKey: Style(bold: true), dim: Style(dim: true),
        warning: Style(bold: true), negative: .plain, buckets: [.plain], flag: Style(bold: true))

    public func bucket(_ i: Int) -> Style { buckets[min(i, buckets.count - 1)] }

    /// Role names a theme file may set; a dotted role falls back to its prefix.
    public static let roleNames = ["header", "title", "title.focused", "selection", "hint", "hint.key", "dim", "warning",
                                   "negative", "flag", "bucket", "bucket.0", "bucket.1", "bucket.2", "bucket.3", "bucket.4", "bucket.5"]

    /// A theme from role styles; each missing role takes its fallback ("bucket.3" →
    /// "bucket" → plain; "title.focused" → "title").
    public init(name: String, roles: [String: Style]) {
        func role(_ r: String) -> Style {
            var key = r
            while true {
                if let s = roles[key] { return s }
                guard let dot = key.lastIndex(of: ".") else { return .plain }
                key = String(key[..<dot])
            }
        }
        self.init(name: name, header: role("header"), title: role("title"), focusedTitle: role("title.focused"),
                  selection: roles["selection"] ?? Style(reverse: true), hint: role("hint"), hintKey: role("hint.key"),
                  dim: role("dim"), warning: role("warning"), negative: role("negative"),
                  buckets: (0...5).map { role("bucket.\($0)") }, flag: role("flag"))
    }
}
