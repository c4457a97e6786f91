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
        var config = LedgerConfig()
        let configPath = configFile ?? (folder as NSString).appendingPathComponent("ardash.toml")
        if configFile != nil || FileManager.default.fileExists(atPath: configPath) {
            do { config = try ConfigParser.load(URL(fileURLWithPath: configPath)) }
            catch let e as ConfigError { throw LedgerLoadError.config(e) }
        }
        return load(folder: folder, config: config)
    }

    /// Loads the folder with an already parsed config. Never throws: every problem,
    /// including a missing documents file, is in `Ledger.problems`.
    public static func load(folder: String, config: LedgerConfig) -> Ledger {
        var state = LoadState(folder: folder, config: config)
        state.loadCustomers()
        state.loadDocuments()
        state.loadPayments()
        state.loadFx()
        state.finish()
        let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        return Ledger(name: name, customers: state.customers, documents: state.documents, payments: state.payments,
                      fx: state.fx, problems: state.problems, config: config, rejectedRows: state.rejected,
                      extraColumns: state.extraColumns)
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
