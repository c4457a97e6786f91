/// The shipped themes that have no built-in Swift value, as their TOML text: a user who
/// has only the executable (no `themes/` folder beside it) still gets every theme `--help`
/// names. A test checks that each equals its file in themes/.
enum BuiltInThemes {
    static let texts: [String: String] = [
        "light": """
        # ardash light theme: darker, saturated colours that stay readable on a white background.
        name = "light"

        [palette]
        ink = "#1c1c1c"
        sky = "#d7eaff"
        forest = "#005f00"
        mustard = "#875f00"
        rust = "#af5f00"
        brick = "#af0000"
        plum = "#870087"

        [roles]
        header = { fg = "ink", bg = "sky", bold = true }
        title = { fg = "ink", bold = true }
        "title.focused" = { fg = "#005faf", bold = true, underline = true }
        selection = { reverse = true }
        hint = { fg = 240 }
        "hint.key" = { fg = "#005faf", bold = true }
        dim = { fg = 244 }
        warning = { fg = "brick", bold = true }
        negative = { fg = "plum" }
        flag = { fg = "rust", bold = true }
        "bucket.0" = { fg = "forest" }
        "bucket.1" = { fg = "#5f8700" }
        "bucket.2" = { fg = "mustard" }
        "bucket.3" = { fg = "rust" }
        "bucket.4" = { fg = "#af2f00" }
        "bucket.5" = { fg = "brick" }
        """,
        "high-contrast": """
        # ardash high-contrast theme: the 16 ANSI colours only, bold, no dim text; for low vision,
        # projectors and bright rooms. Colour is never the only carrier of meaning.
        name = "high-contrast"

        [roles]
        header = { fg = "black", bg = "bright-white", bold = true }
        title = { fg = "bright-white", bold = true }
        "title.focused" = { fg = "bright-yellow", bold = true, underline = true }
        selection = { fg = "black", bg = "bright-yellow", bold = true }
        hint = { fg = "bright-white" }
        "hint.key" = { fg = "bright-yellow", bold = true }
        dim = { fg = "white" }
        warning = { fg = "bright-red", bold = true, underline = true }
        negative = { fg = "bright-cyan", bold = true }
        flag = { fg = "bright-yellow", bold = true }
        "bucket.0" = { fg = "bright-green", bold = true }
        "bucket.1" = { fg = "bright-yellow" }
        "bucket.2" = { fg = "bright-yellow", bold = true }
        "bucket.3" = { fg = "bright-red" }
        "bucket.4" = { fg = "bright-red", bold = true }
        "bucket.5" = { fg = "bright-magenta", bold = true }
        """,
    ]
}
