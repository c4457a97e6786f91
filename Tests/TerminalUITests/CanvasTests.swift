import XCTest
@testable import TerminalUI
import DisplayText

final class CanvasTests: XCTestCase {
    func testPutClipsByDisplayWidthAndNeverSplitsWideCharacters() {
        var c = Canvas(width: 10, height: 2)
        XCTAssertEqual(c.put("株式会社 東京", x: 0, y: 0, maxWidth: 7), 7)
        XCTAssertEqual(c.lines[0], "株式会")
        XCTAssertEqual(c[6, 0].text, " ")
        XCTAssertEqual(c[1, 0].width, 0)
        c.put("overflowing text", x: 5, y: 1)
        XCTAssertEqual(c.lines[1], "     overf")
        c.put("x", x: -3, y: 5)   // off canvas: ignored
        c.put("x", x: 20, y: 0)
        XCTAssertEqual(c.lines.count, 2)
    }

    func testControlCharactersBecomePlaceholders() {
        var c = Canvas(width: 30, height: 1)
        c.put("a\u{1B}[2J\u{07}\u{9B}\u{202E}b\nc", x: 0, y: 0)
        XCTAssertEqual(c.lines[0], "a␛[2J␇\u{FFFD}\u{FFFD}b⏎c")
        var a = Canvas(width: 30, height: 1)
        a.put("a\u{1B}b", x: 0, y: 0, ascii: true)
        XCTAssertEqual(a.lines[0], "a^[b")
    }

    func testOverwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var d = Canvas(width: 5, height: 1)
        d.put("ab日本", x: 0, y: 0)
        XCTAssertEqual(d.lines[0], "ab日")
        d.put("x", x: 3, y: 0)
        XCTAssertEqual(d.lines[0], "ab x")
        d.put("y", x: 2, y: 0)
        XCTAssertEqual(d.lines[0], "abyx")
    }

    func testZeroAndTinyCanvases() {
        var z = Canvas(width: 0, height: 0)
        XCTAssertEqual(z.put("anything", x: 0, y: 0), 0)
        z.fill(x: 0, y: 0, width: 5, height: 5)
        XCTAssertEqual(z.lines, [])
        var one = Canvas(width: 1, height: 1)
        one.put("日", x: 0, y: 0)   // a wide character cannot fit in one column
        XCTAssertEqual(one.lines, [""])
    }

    func testColoursDownsample() {
        XCTAssertEqual(TerminalColor("#ff0000")?.index(for: .c256), 196)
        XCTAssertEqual(TerminalColor("#808080")?.index(for: .c256), 244)
        XCTAssertEqual(TerminalColor("#ff0000")?.index(for: .c8), 1)
        XCTAssertEqual(TerminalColor("bright-blue")?.index(for: .c256), 12)
        XCTAssertEqual(TerminalColor("bright-blue")?.index(for: .c8), 4)
        XCTAssertEqual(TerminalColor("208")?.index(for: .c8), 3)
        XCTAssertNil(TerminalColor("red")?.index(for: .none))
        XCTAssertNil(TerminalColor("default")?.index(for: .c256))
        XCTAssertNil(TerminalColor("#12345"))
        XCTAssertNil(TerminalColor("chartreuse"))
    }
}

final class ClusterTests: XCTestCase {
    /// Emoji sequences are drawn in the columns counted (the dashboard trial found flags,
    /// skin tones and ZWJ families garbling rows and showing wrong amounts).
    func testEmojiSequencesTakeTheColumnsCounted() {
        var c = Canvas(width: 30, height: 4)
        c.put("Skin 👍🏽 SARL|10.00", x: 0, y: 0)
        c.put("Fam 👨‍👩‍👧 Ltd|20.00", x: 0, y: 1)
        c.put("Flag 🇫🇷 SA|30.00", x: 0, y: 2)
        c.put("Star ⭐️ e\u{301}|40.00", x: 0, y: 3)
        XCTAssertEqual(c.lines, ["Skin 👍 SARL|10.00", "Fam 👨 Ltd|20.00", "Flag FR SA|30.00", "Star ⭐ é|40.00"])
        // Every cell holds at most one spacing scalar, so a terminal draws what we counted.
        for cell in c.cells where cell.width > 0 {
            XCTAssertLessThanOrEqual(cell.text.unicodeScalars.filter { DisplayWidth.of($0) > 0 }.count, 1, cell.text)
        }
    }
}
