import ArgumentParser
import Foundation
import Glibc
import Receivables
import Dashboard
import TerminalUI

/// `ardash bench`: time each phase on a generated ledger (use a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench",
        abstract: "Generate a demo ledger and time reading, parsing, matching and aging (run a release build).",
        discussion: "Prints the median of --runs runs per phase and the peak resident memory (VmHWM) of this process.")

    @Option(help: "Documents in the generated ledger; repeat for several sizes (--documents 100000 --documents 1000000).")
    var documents: [Int] = [1_000_000]
    @Option(help: "Customers in the generated ledger (default: one per 20 documents).") var customers: Int?
    @Option(help: "Runs per phase; the median is printed.") var runs = 3
    @Option(help: "Ledger folder (generated there when it has no invoices.csv).") var dir: String?
    @Option(help: "Report date, YYYY-MM-DD.") var asOf = "2026-06-30"

    func validate() throws {
        guard !documents.isEmpty, documents.allSatisfy({ $0 >= 100 }) else { throw ValidationError("--documents: at least 100") }
        guard dir == nil || documents.count == 1 else { throw ValidationError("--dir takes one ledger: give one --documents") }
    }

    func run() throws {
        guard let asOfDate = CivilDate(iso: asOf) else { throw ValidationError("--as-of: expected YYYY-MM-DD") }
        for (k, n) in documents.enumerated() {
            if k > 0 { print() }
            try bench(documents: n, customers: customers ?? max(10, n / 20), asOf: asOfDate)
        }
    }

    func bench(documents: Int, customers: Int, asOf asOfDate: CivilDate) throws {
        let folder = dir ?? NSTemporaryDirectory() + "ardash-bench-\(documents)-\(customers)"
        if !FileManager.default.fileExists(atPath: folder + "/invoices.csv") {
            let t0 = Monotonic.seconds()
            let s = try DemoLedger(customers: customers, documents: documents, seed: 7, end: asOfDate).write(to: folder)
            print(String(format: "generated %@: %d documents, %d payments, %.1f MB in %.2f s", folder, s.documents, s.payments,
                         Double(s.bytes) / 1e6, Monotonic.seconds() - t0))
        }
        let config = try LedgerLoader.configOf(folder: folder, configFile: nil)
        var phases: [String: [Double]] = [:]
        var peakAfter: [String: Int] = [:]   // VmHWM (KiB) once the phase is done, first run
        var ledgerInfo = ""
        for run in 0..<max(1, runs) {
            func mark(_ phase: String) { if run == 0 { peakAfter[phase] = peakRSSKiB() } }
            let timings = LoadTimings()
            let start = Monotonic.seconds()
            let ledger = LedgerLoader.load(folder: folder, config: config, timings: timings)
            mark("read"); mark("parse"); mark("match")
            var t = Monotonic.seconds()
            let aging = Aging.report(ledger, asOf: asOfDate)
            let ageTime = Monotonic.seconds() - t
            mark("age")
            t = Monotonic.seconds()
            try aging.verify()
            let verifyTime = Monotonic.seconds() - t
            mark("verify")
            t = Monotonic.seconds()
            let overdue = Overdue.list(ledger, aging: aging)
            let overdueTime = Monotonic.seconds() - t
            mark("overdue")
            t = Monotonic.seconds()
            let dso = DSO.series(ledger, asOf: asOfDate, months: 24)
            let dsoTime = Monotonic.seconds() - t
            mark("dso"); mark("total")
            let total = Monotonic.seconds() - start
            // Issue 5's figures, after the job the budget covers: the monthly KPI series,
            // then credit control (standings, risk, predictions), the worklist and the forecast.
            t = Monotonic.seconds()
            let kpi = KPISeries.monthly(ledger, asOf: asOfDate, months: 24)
            let kpiTime = Monotonic.seconds() - t
            mark("kpi")
            t = Monotonic.seconds()
            let cc = CreditControl(ledger, aging: aging, annotations: Annotations())
            let work = cc.worklist(actedToday: [])
            _ = cc.forecast()
            let creditTime = Monotonic.seconds() - t
            mark("credit")
            for (k, v) in [("read", timings.read), ("parse", timings.parse), ("match", timings.match), ("age", ageTime),
                           ("verify", verifyTime), ("overdue", overdueTime), ("dso", dsoTime), ("total", total),
                           ("kpi", kpiTime), ("credit", creditTime)] {
                phases[k, default: []].append(v)
            }
            ledgerInfo = "\(ledger.documents.count) documents, \(ledger.payments.count) payments, \(ledger.customers.count) customers, \(overdue.count) overdue, DSO \(dso?.last?.dso?.description ?? "n/a") days (KPI series \(kpi?.last?.dso?.description ?? "n/a")), \(work.entries.count) worklist actions, \(ledger.problems.count) problems"
        }
        print("ledger: \(ledgerInfo)")
        print("phase      median s   peak RSS MB   (runs: \(max(1, runs)); peak = VmHWM when the phase ends, first run;")
        print("                                       read/parse/match are measured inside one load)")
        for k in ["read", "parse", "match", "age", "verify", "overdue", "dso", "total", "kpi", "credit"] {
            let v = phases[k]!.sorted()
            print(k.padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%9.3f %12.0f", v[v.count / 2], Double(peakAfter[k] ?? 0) / 1024))
        }
        print(String(format: "peak RSS of the process over all runs: %.0f MB", Double(peakRSSKiB()) / 1024))
        try dashboardTimings(folder: folder, config: config, asOf: asOfDate)
        try appendTimings(folder: folder, config: config, asOf: asOfDate)
    }

    /// First frame (model + render at 120×40) and key press to frame over 1,000 scripted
    /// keys (moves, pages, sort, reverse, filter typing, drill-down and back, worklist,
    /// KPI view); the first frame is the median of `runs` models.
    func dashboardTimings(folder: String, config: LedgerConfig, asOf: CivilDate) throws {
        let ledger = LedgerLoader.load(folder: folder, config: config)
        var frames: [Double] = []
        var state: AppState! = nil
        for _ in 0..<max(1, runs) {
            let t = Monotonic.seconds()
            let model = DashboardModel(ledger: ledger, asOf: asOf)
            state = AppState(model: model, width: 120, height: 40)
            _ = Render.canvas(state, theme: .standard)
            frames.append(Monotonic.seconds() - t)
        }
        frames.sort()
        let firstFrame = frames[frames.count / 2]
        var t = 0.0
        let script: [Key] = [.down, .down, .pageDown, .character("s"), .down, .character("r"), .end, .home, .character("s"),
                             .character("/"), .character("a"), .character("b"), .backspace, .enter, .enter, .escape, .escape,
                             .tab, .down, .enter, .tab, .escape, .character("c"), .down, .escape,
                             .character("w"), .down, .enter, .escape, .escape, .character("m"), .pageDown, .escape]
        var samples: [Double] = []
        let listSlowKeys = ProcessInfo.processInfo.environment["ARDASH_SLOWKEYS"] != nil
        for i in 0..<1000 {
            let key = script[i % script.count]
            t = Monotonic.seconds()
            Update.handle(&state, key)
            _ = Render.canvas(state, theme: .standard)
            samples.append(Monotonic.seconds() - t)
            if listSlowKeys && samples.last! > 0.004 {
                print(String(format: "slow key %d %@ %.2f ms", i, "\(key)", samples.last! * 1000))
            }
        }
        samples.sort()
        print(String(format: "dashboard: model + first frame %.3f s (median of %d, after the load); key to frame p50 %.2f ms, p99 %.2f ms, max %.2f ms (1,000 keys, 120×40)",
                     firstFrame, frames.count, samples[500] * 1000, samples[989] * 1000, samples[999] * 1000))
    }

    /// Reload after 1,000 rows are appended to invoices.csv (only those are read), and the
    /// dashboard model built again; the file is truncated back after each run. Medians.
    func appendTimings(folder: String, config: LedgerConfig, asOf: CivilDate) throws {
        let path = folder + "/invoices.csv"
        let original = FolderWatcher.stamp(path).size ?? 0
        let ledger = LedgerLoader.load(folder: folder, config: config)
        let customer = ledger.customers.first?.id ?? "C00001"
        var rows = ""
        for i in 0..<1000 { rows += "BENCH\(i),\(customer),invoice,\(asOf),\(asOf.advanced(by: 30)),EUR,100.00,PO-B\(i),no,\n" }
        let before = DashboardModel(ledger: ledger, asOf: asOf)   // on screen when the rows arrive
        var reloads: [Double] = [], frames: [Double] = []
        var appendedOnly = false, count = 0
        for _ in 0..<max(1, runs) {
            let h = FileHandle(forWritingAtPath: path)!
            h.seekToEndOfFile(); h.write(Data(rows.utf8)); try h.close()
            defer { _ = truncate(path, off_t(original)) }
            var t = Monotonic.seconds()
            let (after, only) = try LedgerLoader.reload(ledger, folder: folder)
            reloads.append(Monotonic.seconds() - t)
            t = Monotonic.seconds()
            let model = DashboardModel(ledger: after, asOf: asOf, reusing: before, appended: only)
            _ = Render.canvas(AppState(model: model, width: 120, height: 40), theme: .standard)
            frames.append(Monotonic.seconds() - t)
            appendedOnly = only; count = after.documents.count
        }
        let reload = reloads.sorted()[reloads.count / 2], frame = frames.sorted()[frames.count / 2]
        print(String(format: "append 1,000 rows: reload %.3f s (%@), model + frame %.3f s, total %.3f s (medians of %d); %d documents",
                     reload, appendedOnly ? "appended rows only" : "full load", frame, reload + frame, reloads.count, count))
    }

    /// VmHWM of this process, KiB.
    func peakRSSKiB() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
