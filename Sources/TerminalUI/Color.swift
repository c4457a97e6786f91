/// A colour as a theme writes it: the terminal's own default, one of the 256 indexed
/// colours (0–15 are the named ANSI colours), or 24-bit RGB.
public enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// The 16 ANSI names, in index order.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                               "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
                               "bright-magenta", "bright-cyan", "bright-white"]

    /// Parses "#rrggbb", a number 0–255, an ANSI name ("red", "bright-blue", "grey" =
    /// bright-black) or "default". nil for anything else.
    public init?(_ text: String) {
        let t = text.lowercased().filter { $0 != " " }
        if t == "default" || t == "none" { self = .terminalDefault; return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)); return
        }
        if let n = Int(t), (0...255).contains(n) { self = .indexed(UInt8(n)); return }
        let aliases = ["grey": "bright-black", "gray": "bright-black"]
        if let i = TerminalColor.names.firstIndex(of: aliases[t] ?? t) { self = .indexed(UInt8(i)); return }
        return nil
    }

    /// This colour for a terminal of `depth`: RGB is taken to the nearest entry of the
    /// 6×6×6 cube or the grey ramp (as btop's truecolor_to_256 does), then to the 8 basic
    /// colours when that is all the terminal has. nil means "use the default".
    public func index(for depth: ColorDepth) -> Int? {
        switch (self, depth) {
        case (.terminalDefault, _), (_, .none): return nil
        case (.indexed(let i), .c256): return Int(i)
        case (.indexed(let i), .c8): return i < 16 ? Int(i % 8) : TerminalColor.nearest8(TerminalColor.rgbOf(Int(i)))
        case (.rgb(let r, let g, let b), .c256): return TerminalColor.nearest256(r, g, b)
        case (.rgb(let r, let g, let b), .c8): return TerminalColor.nearest8((Int(r), Int(g), Int(b)))
        }
    }

    /// Nearest 256-colour index (cube 16–231 or grey ramp 232–255) by squared distance.
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func cubeIndex(_ v: UInt8) -> Int { levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) }! }
        let (ci, cj, ck) = (cubeIndex(r), cubeIndex(g), cubeIndex(b))
        let cube = (levels[ci], levels[cj], levels[ck])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = max(0, min(23, (avg - 8 + 5) / 10))
        let grey = 8 + greyStep * 10
        func d(_ a: (Int, Int, Int)) -> Int {
            let dr = a.0 - Int(r), dg = a.1 - Int(g), db = a.2 - Int(b)
            return dr * dr + dg * dg + db * db
        }
        return d((grey, grey, grey)) < d(cube) ? 232 + greyStep : 16 + 36 * ci + 6 * cj + ck
    }

    /// RGB of a 256-colour index (xterm's default palette).
    static func rgbOf(_ i: Int) -> (Int, Int, Int) {
        let basic = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                     (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
        if i < 16 { return basic[i] }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let levels = [0, 95, 135, 175, 215, 255]
        let k = i - 16
        return (levels[k / 36], levels[k / 6 % 6], levels[k % 6])
    }

    /// Nearest of the 8 basic colours.
    static func nearest8(_ c: (Int, Int, Int)) -> Int {
        (0..<8).min { a, b in
            func d(_ i: Int) -> Int { let p = rgbOf(i); return (p.0 - c.0) * (p.0 - c.0) + (p.1 - c.1) * (p.1 - c.1) + (p.2 - c.2) * (p.2 - c.2) }
            return d(a) < d(b)
        }!
    }
}

/// How many colours the terminal can show.
public enum ColorDepth: String, Sendable, CaseIterable {
    /// No colour: `NO_COLOR`, `--colors none`, or a terminal without colours. Meaning is
    /// still carried by letters, symbols, bold and reverse video.
    case none
    case c8 = "8"
    case c256 = "256"
}
