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

    /// On the terminal's own background, 256 colours downsampled as needed.
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
}
