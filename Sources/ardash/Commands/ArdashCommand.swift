import ArgumentParser
import Foundation
import Receivables
import Reports
import Dashboard
import TerminalUI
import Glibc

/// `ardash`: the dashboard (default) and the headless commands.
struct ArdashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ardash",
        abstract: "Accounts-receivable credit-control dashboard and reports over a folder of ERP exports.",
        discussion: """
        A ledger folder holds customers.csv, invoices.csv, payments.csv and fx.csv, or any \
        ERP export mapped by an ardash.toml. `ardash DIR` opens it; `ardash --demo` opens a \
        generated demo ledger.
        """,
        version: "0.2.0",
        subcommands: [OpenCommand.self, CheckCommand.self, ReportCommand.self, JournalCommand.self, NoteCommand.self,
                      FlagCommand.self, DunningCommand.self, DemoCommand.self, BenchCommand.self],
        defaultSubcommand: OpenCommand.self)
}

/// `ardash [open] DIR`: the interactive dashboard on a terminal; the aging report when
/// standard output is not a terminal (`ardash DIR | less`).
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a ledger folder in the dashboard (the default command).",
        discussion: "When standard input or output is not a terminal, prints the aging report instead.")

    @Argument(help: "The ledger folder.", completion: .directory)
    var folder: String?

    @Flag(help: "Open a generated demo ledger.")
    var demo = false

    @OptionGroup var common: LedgerOptions

    @Option(help: "Colour theme: default, light, high-contrast, mono, or a file name in ~/.config/ardash/themes.") var theme = "default"
    @Option(help: "Colours: auto, 256, 8 or none (NO_COLOR is honoured with auto).") var colors = "auto"
    @Option(help: ArgumentHelp("Poll the folder every N seconds instead of inotify (NFS is detected and polled anyway).", valueName: "seconds"))
    var poll: Double?

    /// Bytes of the folder's CSV files (not recursive): what a load will read.
    static func csvBytes(in dir: String) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return 0 }
        return names.filter { $0.lowercased().hasSuffix(".csv") }.reduce(0) { sum, name in
            var st = stat()
            return stat((dir as NSString).appendingPathComponent(name), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? sum + Int(st.st_size) : sum
        }
    }

    func validate() throws {
        if folder == nil && !demo { throw ValidationError("give a ledger folder, or --demo (see ardash --help)") }
        guard ["auto", "256", "8", "none"].contains(colors) else { throw ValidationError("--colors: auto, 256, 8 or none") }
        if let poll, !(poll >= 0.1 && poll <= 3600) { throw ValidationError("--poll: seconds between 0.1 and 3600") }
    }

    func run() throws {
        let dir = demo ? try DemoCommand.ensureDemoFolder() : folder!
        let interactive = isatty(0) != 0 && isatty(1) != 0
        // A bad theme is said before a long load, not after, and also when the output is
        // not a terminal (the report printed then has no use for it, but a typo is a typo).
        let chosen: Theme? = try {
            do { return try ThemeLoader.load(theme, path: ThemeLoader.searchPath()) } catch {
                throw ValidationError("--theme: \(error)")
            }
        }()
        // A big folder takes a while to read (about 1 s per 120 MB): say so on the terminal
        // meanwhile, and wipe the line once read, so the screen is never blank and silent.
        let csvBytes = interactive && isatty(2) != 0 ? Self.csvBytes(in: dir) : 0
        if csvBytes >= 32 << 20 {
            Terminal.progress("ardash: reading \(dir) (\(csvBytes >> 20) MB)…")
        }
        let ledger: Ledger
        do {
            defer { if csvBytes >= 32 << 20 { Terminal.progress("") } }
            ledger = try common.load(dir)
        }
        let asOf = try common.asOfDate()
        if interactive, let chosen {
            // The dashboard ages the ledger itself and checks the aging reconciles before
            // its first frame (aging it here too cost 60 ms of start-up at 1M documents).
            do {
                let signal = try DashboardApp.run(ledger: ledger, folder: dir, configFile: demo ? nil : common.configFile,
                                                  fixedAsOf: common.asOf == nil || common.asOf == "today" ? nil : asOf,
                                                  colors: colors == "auto" ? nil : ColorDepth(rawValue: colors),
                                                  theme: chosen, numbers: common.numberStyle(ledger), poll: poll)
                // Ended by SIGTERM, SIGHUP or SIGQUIT (the terminal restored): 128 + the signal.
                if let signal { throw ExitCode(128 + signal) }
                return
            } catch let e as TerminalError {
                Terminal.error(e.description)
                throw ExitCode(2)
            } catch let e as ReconciliationError {
                Terminal.error("internal error, figures do not reconcile: \(e)")
                throw ExitCode(3)
            }
        }
        let aging = try Reporting.verifiedAging(ledger, asOf: asOf)
        Terminal.print(AgingReportRenderer(ledger: ledger, report: aging, style: common.numberStyle(ledger)).render(.table), format: .table)
        Reporting.warnAboutProblems(ledger, folder: dir)
    }
}
