import DisplayText

/// One screen position: a character (one grapheme, sanitised) and its style. A wide
/// character takes two cells; the second is a continuation with empty text.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    /// 1 for a normal cell, 2 for the first half of a wide character, 0 for its second half.
    public var width: UInt8

    public static let blank = Cell(text: " ", style: .plain, width: 1)
}

/// A grid of styled cells that views draw into; backends show it. Pure value, so screens
/// are tested as text without a terminal (ratatui's buffer).
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Draws `text` from column `x` on row `y`, clipped to `maxWidth` columns (and the
    /// canvas), sanitised (no control character is ever stored) and cut by display width:
    /// a wide character that does not fit is replaced by a space, never split.
    /// - Returns: the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int = .max,
                             ascii: Bool = false) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth, width - max(x, 0))
        guard limit > 0 else { return 0 }
        let clean = Sanitizer.clean(text, ascii: ascii)
        var col = x
        var used = 0
        for ch in clean {
            let w = min(2, ch.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) })
            if w == 0 {
                // A lone combining mark: attach to the previous cell when there is one.
                if col > 0 && col - 1 >= 0 && col - 1 < width { self[col - 1, y].text.append(ch) }
                continue
            }
            if used + w > limit {
                if w == 2 && used < limit && col >= 0 { self[col, y] = Cell(text: " ", style: style, width: 1) ; used += 1 }
                break
            }
            if col >= 0 {
                clearWide(at: col, y: y)
                self[col, y] = Cell(text: String(ch), style: style, width: UInt8(w))
                if w == 2 && col + 1 < width {
                    clearWide(at: col + 1, y: y)
                    self[col + 1, y] = Cell(text: "", style: style, width: 0)
                }
            }
            col += w
            used += w
        }
        return used
    }

    /// Before overwriting (x, y), blank the other half of a wide character it belongs to.
    private mutating func clearWide(at x: Int, y: Int) {
        let c = self[x, y]
        if c.width == 0 && x > 0 { self[x - 1, y] = Cell(text: " ", style: self[x - 1, y].style, width: 1) }
        if c.width == 2 && x + 1 < width { self[x + 1, y] = Cell(text: " ", style: c.style, width: 1) }
    }

    /// Fills a rectangle (clipped) with spaces in `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .plain) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) {
                clearWide(at: xx, y: yy)
                self[xx, yy] = Cell(text: " ", style: style, width: 1)
            }
        }
    }

    /// Sets the style of a rectangle, keeping its text (for selection bars).
    public mutating func restyle(x: Int, y: Int, width w: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, x + w) { self[xx, y].style = style }
    }

    /// The rows as text, trailing spaces removed: the snapshot format of screen tests.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where self[x, y].width != 0 { s += self[x, y].text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    /// The whole canvas as one text, one line per row.
    public var text: String { lines.joined(separator: "\n") }
}
