/// Where frames go: the real terminal (`NcursesScreen`) or memory (`MemoryBackend`).
public protocol Backend: AnyObject {
    /// Columns and rows available.
    var size: (width: Int, height: Int) { get }
    /// Shows a frame; `repaint` redraws everything (Ctrl-L).
    func draw(_ canvas: Canvas, repaint: Bool)
}

extension NcursesScreen: Backend {}

/// An in-memory terminal for tests: keeps the last frame and counts the cells each frame
/// changed, as the ncurses backend would write them.
public final class MemoryBackend: Backend {
    public var size: (width: Int, height: Int)
    public private(set) var frame: Canvas?
    /// Cells written by the last `draw` (all of them on the first frame or a repaint).
    public private(set) var lastWrittenCells = 0
    public private(set) var frames = 0

    public init(width: Int, height: Int) { size = (width, height) }

    public func draw(_ canvas: Canvas, repaint: Bool = false) {
        frames += 1
        if let f = frame, !repaint, f.width == canvas.width, f.height == canvas.height {
            lastWrittenCells = zip(f.cells, canvas.cells).filter { $0 != $1 }.count
        } else {
            lastWrittenCells = canvas.cells.count
        }
        frame = canvas
    }
}
