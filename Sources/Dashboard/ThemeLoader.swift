import Foundation
import TerminalUI
import TOMLKit

/// A theme file that cannot be used: the message says which role or colour is wrong.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Reads themes from TOML files (see themes/*.toml): a `[palette]` of named colours and
/// `[roles]` of styles. A missing role falls back to its more general role ("bucket.3" →
/// "bucket", "title.focused" → "title"), then to the terminal's default look (btop's
/// flat files with fallbacks; hledger-ui's layered role names).
public enum ThemeLoader {
    /// Where themes are looked for, first match wins: `$XDG_CONFIG_HOME/ardash/themes`
    /// (or `~/.config/ardash/themes`), then a `themes` folder beside the executable or up to
    /// four levels above it (`…/share/ardash/themes` when installed, the source tree's
    /// `themes/` for `swift run`).
    public static func searchPath(executable: String = CommandLine.arguments.first ?? "") -> [String] {
        let env = ProcessInfo.processInfo.environment
        var dirs: [String] = []
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { dirs.append(x + "/ardash/themes") }
        else if let h = env["HOME"] { dirs.append(h + "/.config/ardash/themes") }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            dirs.append(dir.appendingPathComponent("themes").path)
            dirs.append(dir.appendingPathComponent("share/ardash/themes").path)
            dir = dir.deletingLastPathComponent()
        }
        return dirs
    }

    /// Names of the themes found on `path`.
    public static func available(_ path: [String]) -> [String] {
        var names = Set(["default", "mono"]).union(BuiltInThemes.texts.keys)
        for d in path {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] where f.hasSuffix(".toml") {
                names.insert(String(f.dropLast(5)))
            }
        }
        return names.sorted()
    }

    /// Loads theme `name`. The built-in themes (default, mono, light, high-contrast) are
    /// used when no file is found for them.
    /// - Throws: `ThemeError` when no such theme exists or its file is invalid.
    public static func load(_ name: String, path: [String]) throws -> Theme {
        for d in path {
            let file = d + "/" + name + ".toml"
            guard FileManager.default.fileExists(atPath: file) else { continue }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ThemeError(description: "\(file): cannot read")
            }
            do { return try parse(text, name: name) }
            catch let e as ThemeError { throw ThemeError(description: "\(file): \(e.description)") }
        }
        switch name {
        case "default": return .standard
        case "mono": return .mono
        case _ where BuiltInThemes.texts[name] != nil: return try parse(BuiltInThemes.texts[name]!, name: name)
        default: throw ThemeError(description: "no theme \"\(name)\" (available: \(available(path).joined(separator: ", ")))")
        }
    }

    /// Parses theme TOML.
    /// - Throws: `ThemeError` naming the role, key or colour at fault.
    public static func parse(_ text: String, name: String) throws -> Theme {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ThemeError(description: "line \(e.source.begin.line): \(e.description)")
        }
        var palette: [String: TerminalColor] = [:]
        for key in table.keys where key != "name" && key != "palette" && key != "roles" {
            throw ThemeError(description: "unknown key \(key) (known: name, [palette], [roles])")
        }
        if let p = table["palette"]?.table {
            for k in p.keys {
                guard let s = p[k]?.string, let c = TerminalColor(s) else { throw ThemeError(description: "palette.\(k): not a colour") }
                palette[k] = c
            }
        }
        var roles: [String: Style] = [:]
        if let r = table["roles"]?.table {
            for role in r.keys {
                guard Theme.roleNames.contains(role) else {
                    throw ThemeError(description: "unknown role \(role) (known: \(Theme.roleNames.joined(separator: ", ")))")
                }
                guard let spec = r[role]?.table else { throw ThemeError(description: "role \(role): expected { fg = …, bg = …, bold = … }") }
                var st = Style()
                for k in spec.keys {
                    let v = spec[k]!
                    switch k {
                    case "fg", "bg":
                        let text = v.string ?? v.int.map(String.init) ?? ""
                        guard let c = palette[text] ?? TerminalColor(text) else {
                            throw ThemeError(description: "role \(role): \(k) \"\(text)\" is not a colour (#rrggbb, 0-255, an ANSI name or a palette name)")
                        }
                        if k == "fg" { st.foreground = c } else { st.background = c }
                    case "bold", "underline", "reverse", "dim":
                        guard let b = v.bool else { throw ThemeError(description: "role \(role): \(k) must be true or false") }
                        switch k { case "bold": st.bold = b; case "underline": st.underline = b; case "reverse": st.reverse = b; default: st.dim = b }
                    default:
                        throw ThemeError(description: "role \(role): unknown key \(k) (known: fg, bg, bold, underline, reverse, dim)")
                    }
                }
                roles[role] = st
            }
        }
        return Theme(name: table["name"]?.string ?? name, roles: roles)
    }
}
