import Foundation

/// Errors that stop a ledger from loading at all (as opposed to `LedgerProblem`s, which
/// reject single rows and let the rest load).
public enum LedgerLoadError: Error, CustomStringConvertible, Sendable {
    case notAFolder(String)
    case config(ConfigError)

    public var description: String {
        switch self {
        case .notAFolder(let p): return "\(p): not a readable folder"
        case .config(let e): return e.description
        }
    }
}

/// Loads a ledger folder (DESIGN.md, "The ledger folder") into a `Ledger`.
///
/// Files: `customers.csv` (optional), `invoices.csv` (documents), `payments.csv`
/// (optional), `fx.csv` (optional), or the paths and column mappings of `ardash.toml`.
/// Every bad row becomes a `LedgerProblem` naming file, line and field; good rows load.
public enum LedgerLoader {
    /// Loads the folder at `folder`.
    ///
    /// - Parameters:
    ///   - folder: the ledger folder.
    ///   - configFile: an `ardash.toml` kept elsewhere; nil = `folder/ardash.toml` if present.
    /// - Throws: `LedgerLoadError` when the folder is unreadable or the config is invalid.
    public static func load(folder: String, configFile: String? = nil) throws -> Ledger {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw LedgerLoadError.notAFolder(folder)
        }
        return load(folder: folder, config: try configOf(folder: folder, configFile: configFile))
    }

    /// The config a folder is loaded with: `configFile`, else `folder/ardash.toml` when
    /// present, else the defaults.
    /// - Throws: `LedgerLoadError.config`.
    public static func configOf(folder: String, configFile: String?) throws -> LedgerConfig {
        let configPath = configFile ?? (folder as NSString).appendingPathComponent("ardash.toml")
        guard configFile != nil || FileManager.default.fileExists(atPath: configPath) else { return LedgerConfig() }
        do { return try ConfigParser.load(URL(fileURLWithPath: configPath)) }
        catch let e as ConfigError { throw LedgerLoadError.config(e) }
    }

    /// Loads the folder with an already parsed config. Never throws: every problem,
    /// including a missing documents file, is in `Ledger.problems`.
    ///
    /// - Parameters:
    ///   - timings: when given, receives the seconds spent reading bytes, parsing rows and
    ///     building the settlement index (for `ardash bench`).
    ///   - split: how rows are shared among workers; every split gives the same ledger.
    public static func load(folder: String, config: LedgerConfig, timings: LoadTimings? = nil,
                            split: ChunkSplit = .cores, holdBackUnterminated: Bool = false) -> Ledger {
        // A mapped file cut short while it was read has zeros where its rows were
        // (`MappedPages`): the folder is read again, from files that have settled.
        for _ in 0..<3 {
            let before = MappedPages.faults
            let ledger = loadOnce(folder: folder, config: config, timings: timings, split: split, holdBackUnterminated: holdBackUnterminated,
                                  abandonAfterFault: before)
            if MappedPages.faults == before { return ledger }
        }
        let before = MappedPages.faults
        var ledger = loadOnce(folder: folder, config: config, timings: timings, split: split, holdBackUnterminated: holdBackUnterminated)
        if MappedPages.faults != before {
            ledger.problems.append(LedgerProblem(.error, file: "", line: nil, field: nil,
                "a file was cut short while it was read, four times in a row: the figures may be incomplete until the export settles and the folder is read again"))
        }
        return ledger
    }

    /// - Parameter abandonAfterFault: the fault count at the start: once it grows the load
    ///   stops between steps and returns an empty ledger (its caller reads again).
    private static func loadOnce(folder: String, config: LedgerConfig, timings: LoadTimings?,
                                 split: ChunkSplit, holdBackUnterminated: Bool, abandonAfterFault: Int? = nil) -> Ledger {
        let abandoned = { abandonAfterFault.map { MappedPages.faults != $0 } ?? false }
        var state = LoadState(folder: folder, config: config)
        state.timings = timings
        state.split = split
        state.holdBackUnterminated = holdBackUnterminated
        let t0 = Monotonic.seconds()
        var laps = TraceLaps("load:")
        // Customers are read on one core while the documents and payments files are read
        // and split into chunks (with their hashes) on the other: the customers take the
        // longer, and the payments file read later took a core from the documents' merge.
        let preparer = { var p = LoadState(folder: folder, config: config); p.holdBackUnterminated = holdBackUnterminated; return p }()
        let first = state
        let (withCustomers, (documentsFile, paymentsFile)) = Parallel.both({
            var s = first
            var l = TraceLaps("  customers side:")
            s.loadCustomers()
            l.lap("customers")
            return s
        }, {
            var l = TraceLaps("  files side:")
            let d = preparer.prepareDocuments()
            d.table?.precompute(split)
            l.lap("documents: read, detect, chunks, line ends, hash")
            let p = preparer.preparePayments()
            p.table?.precompute(split)
            l.lap("payments: read, detect, chunks, line ends, hash")
            return (d, p)
        })
        state = withCustomers
        laps.lap("customers ∥ prepare documents and payments")
        if abandoned() { return Ledger(name: "", customers: [], documents: [], payments: [], config: config) }
        state.loadDocuments(documentsFile)
        laps.lap("documents")
        if abandoned() { return Ledger(name: "", customers: [], documents: [], payments: [], config: config) }
        state.loadPayments(paymentsFile)
        laps.lap("payments")
        state.loadFx()
        state.finish()
        laps.lap("fx, problems")
        let t1 = Monotonic.seconds()
        state.loadInfo.otherStamps = otherStamps(folder: folder, config: config)
        let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        var ledger = Ledger(name: name, customers: state.customers, documents: state.documents, payments: state.payments,
                            fx: state.fx, problems: state.problems, config: config, rejectedRows: state.rejected,
                            extraColumns: state.extraColumns, customerIndex: state.customerIndex,
                            documentIndex: state.documentIndex)
        ledger.loadInfo = state.loadInfo
        laps.lap("indexes, settlements")
        if let timings {
            timings.parse = t1 - t0 - timings.read
            timings.match = Monotonic.seconds() - t1
        }
        return ledger
    }
}

extension LedgerLoader {
    /// Size and mtime of the files other than documents and payments (and the config).
    static func otherStamps(folder: String, config: LedgerConfig, configFile: String? = nil) -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        var paths = [LedgerFileKind.customers, .fx].map { kind -> String in
            let rel = config.file(kind).path ?? kind.defaultFileName
            return rel.hasPrefix("/") ? rel : (folder as NSString).appendingPathComponent(rel)
        }
        paths.append(configFile ?? (folder as NSString).appendingPathComponent("ardash.toml"))
        // The reference rates: a new rates.csv must not be taken for rows appended.
        let rates = config.interest.rates
        paths.append(rates.hasPrefix("/") ? rates : (folder as NSString).appendingPathComponent(rates))
        for p in paths {
            var st = stat()
            out[p] = stat(p, &st) == 0 ? [Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)] : []
        }
        return out
    }

    /// Loads the folder again after a change. When only rows were appended to the
    /// documents and/or payments files (and nothing else changed), only those rows are
    /// read and added to `previous`; otherwise — or when in doubt — the whole folder is
    /// loaded. Both give the same ledger.
    ///
    /// - Parameter holdBackUnterminated: leave out a last line with no line end yet (a
    ///   writer may be half-way through it: a truncated amount must never show); it is
    ///   read by a later reload, once it has its line end or without this flag.
    /// - Returns: the ledger, and whether only appended rows were read.
    /// - Throws: `LedgerLoadError` as `load`.
    public static func reload(_ previous: Ledger, folder: String, configFile: String? = nil,
                              holdBackUnterminated: Bool = false) throws -> (Ledger, appendedOnly: Bool) {
        if let l = appended(previous, folder: folder, configFile: configFile, holdBack: holdBackUnterminated) { return (l, true) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw LedgerLoadError.notAFolder(folder)
        }
        let config = try configOf(folder: folder, configFile: configFile)
        return (load(folder: folder, config: config, holdBackUnterminated: holdBackUnterminated), false)
    }

    /// Why `reloaded` cannot replace `previous` on a live screen: a payments, customers or
    /// fx file that gave data before gives none now (gone, emptied, unreadable, its header
    /// broken, refused). Showing the ledger without it would change every figure (a trial
    /// saw AR ×10 with payments.csv half-saved); nil when nothing was lost. A file removed
    /// on purpose is read without once ardash is started again.
    public static func lostSource(previous: Ledger, reloaded: Ledger, folder: String) -> String? {
        let had: [(LedgerFileKind, Bool, Bool)] = [
            (.payments, previous.payments.contains { !$0.fromPaidDate }, reloaded.payments.contains { !$0.fromPaidDate }),
            (.customers, previous.loadInfo.hasCustomerFile && previous.customers.contains { !$0.isPlaceholder },
             reloaded.loadInfo.hasCustomerFile && reloaded.customers.contains { !$0.isPlaceholder }),
            (.fx, !previous.fx.isEmpty, !reloaded.fx.isEmpty),
        ]
        for (kind, before, now) in had where before && !now {
            let name = reloaded.config.file(kind).path ?? kind.defaultFileName
            let path = name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
            let why = reloaded.problems.first { $0.severity == .error && $0.file == name }?.description
                ?? (FileManager.default.fileExists(atPath: path) ? "\(name): no rows read" : "\(name) is gone")
            return why + " (it held data before; start ardash again to read the folder without it)"
        }
        return nil
    }

    /// Whether the documents or payments file at `path` still begins with exactly the
    /// bytes `previous` read from it (rows were only appended since), proven by the same
    /// hash an appended read uses. False for a file rewritten in place, shrunk, gone, or
    /// not read by `previous`.
    public static func stillExtends(_ previous: Ledger, path: String, folder: String) -> Bool {
        guard let (kind, src) = previous.loadInfo.sources.first(where: { $0.value.path == path }) else { return false }
        var st = stat()
        guard stat(path, &st) == 0, Int(st.st_size) >= src.size else { return false }
        return grown(kind, src, size: Int(st.st_size), state: LoadState(folder: folder, config: previous.config)) != nil
    }

    /// The file `src` describes, read again now that it is `size` bytes, when it still
    /// begins with exactly the bytes read then (same header, the append hash continued
    /// over the old part); nil when it was rewritten.
    static func grown(_ kind: LedgerFileKind, _ src: LoadInfo.Source, size: Int, state: LoadState) -> LoadState.PreparedFile? {
        let file = state.prepare(kind, required: [], dateColumns: [], amountColumns: [], scanFrom: src.size)
        guard let table = file.table, table.fileOffset + table.bytes.count + table.heldBack == size,
              UInt64(truncatingIfNeeded: table.header.joined(separator: "\u{1F}").hashValue) == src.headerHash,
              src.size - table.fileOffset == src.hash.size,
              table.continueFrom(src.hash, previousEndLine: src.endLine)
        else { return nil }
        return file
    }

    static func appended(_ previous: Ledger, folder: String, configFile: String?, holdBack: Bool = false) -> Ledger? {
        // A file cut short while mapped (`MappedPages`): the caller's full load decides.
        let before = MappedPages.faults
        let ledger = appendedOnce(previous, folder: folder, configFile: configFile, holdBack: holdBack)
        return MappedPages.faults == before ? ledger : nil
    }

    private static func appendedOnce(_ previous: Ledger, folder: String, configFile: String?, holdBack: Bool) -> Ledger? {
        let info = previous.loadInfo
        let config = previous.config
        guard !info.unresolvedReferences, otherStamps(folder: folder, config: config, configFile: configFile) == info.otherStamps
        else { return nil }
        var laps = TraceLaps("append:")
        var state = LoadState(folder: folder, config: config)
        state.holdBackUnterminated = holdBack
        var grew = false
        var tables: [LedgerFileKind: LoadState.PreparedFile] = [:]
        for kind in [LedgerFileKind.invoices, .payments] {
            let loc = state.locate(kind)
            guard let src = info.sources[kind] else {
                if kind == .payments && !loc.exists { continue }   // still no payments file
                return nil
            }
            var st = stat()
            guard stat(src.path, &st) == 0 else { return nil }
            let size = Int(st.st_size)
            let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            if size == src.size && mtime == src.mtime { continue }   // untouched
            guard size > src.size else { return nil }                 // rewritten: read it all
            guard let file = grown(kind, src, size: size, state: state), let table = file.table else { return nil }
            state.appendOnly[kind] = (table.chunk(fromFileOffset: src.size, line: src.endLine), src.dateFormat, src.amountFormat)
            var prepared = file
            prepared.problems = []   // the header's problems were reported by the first read
            prepared.amountFormats["amount"] = src.amountFormat
            prepared.dateFormat = src.dateFormat
            tables[kind] = prepared
            grew = true
        }
        guard grew else { return nil }
        laps.lap("stat, read, verify prefix")
        // Start from the previous ledger, without the summaries `finish` adds again.
        state.customers = previous.customers
        state.customerIndex = previous.customerIndex
        state.documents = previous.documents
        state.documentIndex = previous.documentIndex
        state.payments = previous.payments
        state.fx = previous.fx
        state.problems = previous.problems.filter {
            !($0.reason.contains("row(s) have no currency anywhere") || $0.reason.contains("document(s) have no due date")
              || ($0.field == "credit_limit" && $0.reason.contains("no currency (currency column"))
              || $0.reason.contains(LoadState.heldBackNotice))
        }
        state.rejected = previous.rejectedRows
        state.extraColumns = previous.extraColumns
        state.noCurrencyRows = info.noCurrencyRows
        state.limitsWithoutCurrency = info.limitsWithoutCurrency
        state.dueOnDocumentDate = info.dueOnDocumentDate
        state.hasCustomerFile = info.hasCustomerFile
        state.loadInfo = info
        state.loadInfo.heldBack = false   // said again below if a line is still without its end
        laps.lap("previous ledger taken")
        if let f = tables[.invoices] { state.loadDocuments(f) }
        guard !state.appendFailed else { return nil }
        laps.lap("documents")
        if let f = tables[.payments] { state.loadPayments(f) }
        guard !state.appendFailed else { return nil }
        // An appended date the configured format rejects may show the format is wrong for
        // the whole file, which only a full load checks (and refuses).
        if state.unreadDates > 0 && [LedgerFileKind.invoices, .payments].contains(where: { config.effectiveFormat($0).dateFormat != nil }) { return nil }
        laps.lap("payments")
        state.finish()
        laps.lap("finish")
        // The old rows are unchanged and first (else a full load was chosen above): their
        // settlements are carried over and only the new rows' placed.
        let extended = state.earlierPaymentsDropped ? nil
            : Settlements(extending: previous.settlements, documents: state.documents, payments: state.payments,
                          documentsBefore: previous.documents.count, paymentsBefore: previous.payments.count)
        var ledger = Ledger(name: previous.name, customers: state.customers, documents: state.documents, payments: state.payments,
                            fx: state.fx, problems: state.problems, config: config, rejectedRows: state.rejected,
                            extraColumns: state.extraColumns, customerIndex: state.customerIndex, documentIndex: state.documentIndex,
                            settlements: extended)
        state.loadInfo.otherStamps = info.otherStamps
        ledger.loadInfo = state.loadInfo
        laps.lap("indexes, settlements")
        return ledger
    }
}

/// Parses a boolean cell: yes/no, true/false, 1/0, oui/non, y/n, x, empty (= false).
func parseBool(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "", "no", "false", "0", "non", "n", "f", "nein": return false
    case "yes", "true", "1", "oui", "y", "t", "x", "ja", "o": return true
    default: return nil
    }
}
