import ArgumentParser
import Foundation
import Receivables
import Reports

/// `ardash report …`: headless reports for scripts and e-mail.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a report: aging, overdue, dso, customer, kpi, forecast, provision, interest or worklist.",
        subcommands: [AgingReportCommand.self, OverdueReportCommand.self, DSOReportCommand.self, CustomerReportCommand.self,
                      KPIReportCommand.self, ForecastReportCommand.self, ProvisionReportCommand.self, InterestReportCommand.self,
                      WorklistReportCommand.self])
}

struct ReportOptions: ParsableArguments {
    @Argument(help: "The ledger folder.", completion: .directory) var folder: String
    @OptionGroup var common: LedgerOptions
    @Option(help: "Output format: table, csv or json.") var format: ReportFormat = .table

    /// The folder loaded and aged as of `--as-of`, the figures proven to reconcile.
    func aged() throws -> (ledger: Ledger, asOf: CivilDate, aging: AgingReport) {
        let ledger = try common.load(folder)
        let asOf = try common.asOfDate()
        return (ledger, asOf, try Reporting.verifiedAging(ledger, asOf: asOf))
    }

    /// Prints a rendered report in the chosen format, then the rejected-rows warning.
    func emit(_ ledger: Ledger, _ render: (ReportFormat) -> String) {
        Terminal.print(render(format), format: format)
        Reporting.warnAboutProblems(ledger, folder: folder)
    }
}

struct AgingReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aging",
        abstract: "Aged balance per customer and in total, in aging buckets, as of a date.")
    @OptionGroup var options: ReportOptions

    func run() throws {
        let (ledger, _, aging) = try options.aged()
        options.emit(ledger, AgingReportRenderer(ledger: ledger, report: aging, style: options.common.numberStyle(ledger)).render)
    }
}

struct OverdueReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overdue",
        abstract: "Documents past their due date with an open amount, most days past due first.")
    @OptionGroup var options: ReportOptions

    func run() throws {
        let (ledger, asOf, aging) = try options.aged()
        let items = Overdue.list(ledger, aging: aging)
        options.emit(ledger, OverdueReportRenderer(ledger: ledger, asOf: asOf, items: items, style: options.common.numberStyle(ledger)).render)
    }
}

extension DSOMethod: ExpressibleByArgument {}

struct DSOReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dso",
        abstract: "Monthly days sales outstanding (countback by default), each month-end aged as of that day.")
    @OptionGroup var options: ReportOptions
    @Option(help: "Number of months, ending with the as-of month.") var months = 24
    @Option(help: "countback or period.") var method: DSOMethod = .countback

    func validate() throws {
        guard (1...600).contains(months) else { throw ValidationError("--months must be between 1 and 600") }
    }

    func run() throws {
        let ledger = try options.common.load(options.folder)
        let asOf = try options.common.asOfDate()
        var series: [(currency: Currency, points: [DSOPoint])] = []
        var converted = false
        let convertible = Aging.report(ledger, asOf: asOf).reportingCurrency != nil
        if convertible, let c = ledger.reportingCurrency, let s = DSO.series(ledger, asOf: asOf, months: months, method: method) {
            series = [(c, s)]; converted = true
        } else {
            for c in ledger.currencies {
                if let s = DSO.series(ledger, asOf: asOf, months: months, method: method, currency: c) { series.append((c, s)) }
            }
        }
        Terminal.print(DSOReportRenderer(ledger: ledger, asOf: asOf, method: method, series: series, converted: converted,
                                         style: options.common.numberStyle(ledger)).render(options.format), format: options.format)
        Reporting.warnAboutProblems(ledger, folder: options.folder)
    }
}

struct CustomerReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer",
        abstract: "One customer's card, open items and payments.")
    @Argument(help: "Customer id, exactly as in the files.") var customerId: String
    @OptionGroup var options: ReportOptions

    func run() throws {
        let ledger = try options.common.load(options.folder)
        guard let index = ledger.customer(id: customerId) else {
            Terminal.error("no customer \"\(customerId)\" in \(options.folder)")
            throw ExitCode(1)
        }
        let aging = try Reporting.verifiedAging(ledger, asOf: try options.common.asOfDate())
        let profile = CustomerProfiles.profile(ledger, customer: index, aging: aging)
        let cc = CreditControl(ledger, aging: aging, annotations: CreditInputs.annotations(options.folder, ledger))
        let credit = cc.customerCredit(index, rates: try CreditInputs.referenceRates(options.folder, ledger),
                                       marginBasisPoints: ledger.config.interest.margin)
        Terminal.print(CustomerReportRenderer(ledger: ledger, aging: aging, profile: profile, style: options.common.numberStyle(ledger),
                                              credit: credit, assignedCollector: cc.annotations.customer(customerId)?.collector,
                                              annotations: cc.annotations)
                        .render(options.format), format: options.format)
    }
}
