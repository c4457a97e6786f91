import Foundation
import XCTest
@testable import Dashboard
import TerminalUI

final class ThemeTests: XCTestCase {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes").path

    func testEveryShippedThemeLoads() throws {
        let names = ThemeLoader.available([Self.themesDir])
        XCTAssertEqual(names, ["default", "high-contrast", "light", "mono"])
        for n in names { XCTAssertNoThrow(try ThemeLoader.load(n, path: [Self.themesDir]), n) }
        let d = try ThemeLoader.load("default", path: [Self.themesDir])
        XCTAssertEqual(d.header.foreground.index(for: .c256), 15)
        XCTAssertEqual(d.header.background.index(for: .c256), 24)     // #005f87 → cube 0,1,2
        XCTAssertEqual(d.header.background.index(for: .c8), 6)        // (0,95,135) is nearest cyan
        XCTAssertEqual(d.bucket(5).foreground.index(for: .c256), 160) // crimson #d70000
        XCTAssertTrue(d.header.bold)
        let mono = try ThemeLoader.load("mono", path: [Self.themesDir])
        XCTAssertTrue(mono.buckets.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
        XCTAssertTrue(mono.selection.reverse)
    }

    /// With only the executable (no themes folder), every theme --help names still loads,
    /// the same as its file (a trial got "no theme light").
    func testShippedThemesAreBuiltIn() throws {
        XCTAssertEqual(ThemeLoader.available([]), ["default", "high-contrast", "light", "mono"])
        for (name, text) in BuiltInThemes.texts {
            let file = try String(contentsOfFile: Self.themesDir + "/\(name).toml", encoding: .utf8)
            XCTAssertEqual(text + "\n", file, "\(name): the built-in copy differs from themes/\(name).toml")
            XCTAssertEqual(try ThemeLoader.load(name, path: []).header, try ThemeLoader.load(name, path: [Self.themesDir]).header)
        }
    }

    func testRolesFallBackToTheMoreGeneralRole() throws {
        let t = try ThemeLoader.parse("""
            [palette]
            rust = "#af5f00"
            [roles]
            bucket = { fg = "rust" }
            "bucket.0" = { fg = "green", bold = true }
            title = { underline = true }
            """, name: "t")
        XCTAssertEqual(t.bucket(0), Style(foreground: .indexed(2), bold: true))
        XCTAssertEqual(t.bucket(4), Style(foreground: .rgb(0xaf, 0x5f, 0x00)))
        XCTAssertEqual(t.focusedTitle, Style(underline: true))   // title.focused → title
        XCTAssertEqual(t.header, .plain)
        XCTAssertTrue(t.selection.reverse)   // a selection always shows
    }

    func testBadThemesSayWhatIsWrong() {
        XCTAssertThrowsError(try ThemeLoader.parse("[roles]\nheadr = { bold = true }\n", name: "x")) {
            XCTAssertTrue("\($0)".contains("unknown role headr"))
        }
        XCTAssertThrowsError(try ThemeLoader.parse("[roles]\nheader = { fg = \"chartreuse\" }\n", name: "x")) {
            XCTAssertTrue("\($0)".contains("role header: fg \"chartreuse\" is not a colour"))
        }
        XCTAssertThrowsError(try ThemeLoader.parse("[roles]\nheader = { fg = \"red\", blink = true }\n", name: "x")) {
            XCTAssertTrue("\($0)".contains("unknown key blink"))
        }
        XCTAssertThrowsError(try ThemeLoader.load("nope", path: [Self.themesDir])) {
            XCTAssertTrue("\($0)".contains("available: default, high-contrast, light, mono"))
        }
        XCTAssertNoThrow(try ThemeLoader.load("default", path: []))   // built in when no file
    }
}

/// The fast fold agrees with the reference fold.
final class FoldTests: XCTestCase {
    /// The one-pass filter finds exactly the texts that contain the needle: a match that
    /// runs from one text into the next does not count, and every text is checked.
    func testMatchingFindsExactlyTheTextsThatContainTheNeedle() {
        let texts = ["abc", "xab", "a", "b", "ba", "xa", "bx", "", "aab", "zzab"]
        let folded = FoldedTexts(texts)
        for needle in ["ab", "a", "b", "x", "aab", "abc", "zzab", "q", "xa bx"] {
            let expected = texts.map { $0.utf8.count >= needle.utf8.count && $0.contains(needle) }
            XCTAssertEqual(folded.matching(Array(needle.utf8)), expected, needle)
        }
        // "xa" + "bx" are stored side by side as "xabx": "ab" is in neither.
        XCTAssertEqual(folded.matching(Array("ab".utf8)), [true, true, false, false, false, false, false, false, true, true])
        XCTAssertEqual(folded.matching([]), [Bool](repeating: true, count: texts.count))
    }

    func testFastFoldEqualsSlowFold() {
        for r in LatinFold.ranges + LatinFold.unchangedRanges {
            for v in r {
                guard let u = Unicode.Scalar(v) else { continue }
                let s = "A" + String(u) + "z"
                XCTAssertEqual(DashboardModel.fold(s), DashboardModel.foldSlow(s), "U+\(String(v, radix: 16))")
            }
        }
        for s in ["Société Générale", "Café Nguyễn SARL", "Hôtellerie Müller", "STRAßE", "Œuvre", "Łódź", "株式会社 東京", "e\u{301}cole", "カ\u{3099}", "\u{1100}\u{1161}\u{11A8}", "가\u{11A8}", "深圳科技有限公司", "ｶﾞ",
                  "한국", "\u{1100}\u{1161}", "ＡＢＣ", "Ørsted", "İstanbul", ""] {
            XCTAssertEqual(DashboardModel.fold(s), DashboardModel.foldSlow(s), s)
            var bytes: [UInt8] = []
            DashboardModel.foldAppending(s, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), DashboardModel.foldSlow(s), s)
        }
        XCTAssertEqual(DashboardModel.fold("Société"), "societe")
    }
}
