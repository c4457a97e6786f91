import Foundation
import XCTest
@testable import Receivables

/// Paths of the checked-in fixtures (copies of ../shared/cases and ../shared/data).
enum Fixture {
    static let root: String = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.path
    static func caseFolder(_ name: String) -> String { root + "/cases/" + name }
    static var ibmFolder: String { root + "/ibm-watson-ar" }
    static var ibmConfig: String { root + "/ibm-watson-ar.toml" }
}

/// A ledger folder written from inline file contents, removed when the test ends.
final class TempLedger {
    let path: String

    init(_ files: [String: String], file: StaticString = #filePath) {
        path = NSTemporaryDirectory() + "ardash-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { write(name, Data(text.utf8)) }
    }

    func write(_ name: String, _ data: Data) {
        let url = URL(fileURLWithPath: path + "/" + name)
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! data.write(to: url)
    }

    func load(config: String? = nil) throws -> Ledger {
        if let config { write("ardash.toml", Data(config.utf8)) }
        return try LedgerLoader.load(folder: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }

extension Ledger {
    /// Open amount of a document as of D in its own currency, as decimal text ("0.00" when settled).
    func open(_ documentId: String, asOf: String) -> String {
        let report = Aging.report(self, asOf: date(asOf))
        let idx = document(id: documentId)!
        let minor = report.items.filter { $0.kind == .document && $0.index == idx }.reduce(Int64(0)) { $0 + $1.open.minorUnits }
        return Money.decimalString(minor, digits: documents[Int(idx)].amount.currency.minorDigits)
    }

    func problems(_ severity: LedgerProblem.Severity) -> [LedgerProblem] { problems.filter { $0.severity == severity } }
}

extension AgingReport {
    /// Bucket totals of the first section as decimal strings.
    var bucketTexts: [String] {
        let s = sections[0]
        return s.buckets.map { Money.decimalString($0, digits: s.currency.minorDigits) }
    }
    var totalText: String { Money.decimalString(sections[0].total, digits: sections[0].currency.minorDigits) }

    func item(_ ledger: Ledger, document id: String) -> OpenItem? {
        let idx = ledger.document(id: id)!
        return items.first { $0.kind == .document && $0.index == idx }
    }
}
