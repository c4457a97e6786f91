// swift-tools-version:6.0
import PackageDescription

// Dependency direction (DESIGN.md): ardash → Dashboard → (TerminalUI, Receivables).
// Reports (text/CSV/JSON renderings of the domain's reports) sits beside Dashboard.
let package = Package(
    name: "ardash",
    products: [
        .executable(name: "ardash", targets: ["ardash"]),
        .library(name: "Receivables", targets: ["Receivables"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "Receivables",
            dependencies: ["CPrefetch", .product(name: "TOMLKit", package: "TOMLKit"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // A memory prefetch hint for the loader's id look-ups (Swift has none).
        .target(name: "CPrefetch"),
        // Display width and sanitising of text; shared by reports and the terminal layer.
        .target(name: "DisplayText"),
        .target(name: "Reports", dependencies: ["Receivables", "DisplayText"]),
        // The wide-character ncurses API (module map + shim header).
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // Terminal layer: canvas of styled cells, keys, colours, ncurses and in-memory backends.
        .target(name: "TerminalUI", dependencies: ["CNcursesw", "DisplayText"]),
        // The application: state, pure update, one file per view, keymap, themes.
        .target(name: "Dashboard", dependencies: ["Receivables", "Reports", "TerminalUI", "DisplayText",
                                                  .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(
            name: "ardash",
            dependencies: [
                "Receivables", "Reports", "Dashboard", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ReceivablesTests", dependencies: ["Receivables"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Receivables", "DisplayText"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "DisplayText"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Receivables", "TerminalUI"],
                    resources: [.copy("Snapshots")]),
    ]
)
