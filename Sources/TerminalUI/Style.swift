/// How a cell looks: colours and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground; self.background = background
        self.bold = bold; self.underline = underline; self.reverse = reverse; self.dim = dim
    }

    /// The terminal's default look.
    public static let plain = Style()
}
