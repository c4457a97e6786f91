import ArgumentParser
import Foundation
import Receivables
import Reports

struct KPIReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kpi",
        abstract: "Monthly DSO, BPDSO, ADD, CEI and days to pay; or per customer with --customers.")
    @OptionGroup var options: ReportOptions
    @Option(help: "Number of months, ending with the as-of month.") var months = 24
    @Option(help: "DSO method: countback or period.") var method: DSOMethod = .countback
    @Option(help: ArgumentHelp("The series in this currency only (for a ledger without exchange rates between its currencies).", valueName: "code"))
    var currency: String?
    @Flag(help: "One line per customer: days to pay, days late, share paid late, risk, credit limit.") var customers = false
    @Option(name: .customLong("customer"), help: ArgumentHelp("One customer's monthly payment habit (days to pay and late of the documents paid each month).", valueName: "id"))
    var customerId: String?

    func validate() throws {
        guard (1...600).contains(months) else { throw ValidationError("--months must be between 1 and 600") }
        if customers && customerId != nil { throw ValidationError("--customers and --customer: choose one") }
        if (customers || customerId != nil) && method != .countback { throw ValidationError("--method applies to the monthly KPIs, not to --customers or --customer") }
    }

    func run() throws {
        let ledger = try options.common.load(options.folder)
        let asOf = try options.common.asOfDate()
        let style = options.common.numberStyle(ledger)
        let aging = try Reporting.verifiedAging(ledger, asOf: asOf)
        if let id = customerId {
            guard let c = ledger.customer(id: id) else { Terminal.error("no customer \"\(Terminal.safe(id))\" in \(options.folder)"); throw ExitCode(1) }
            let history = PaymentHistory(ledger, asOf: asOf, weightCurrency: CreditControl.weightCurrency(aging))
            let series = KPISeries.customerHabit(history, customer: c, asOf: asOf, months: months)
            Terminal.print(CreditReports.customerHabit(ledger, customer: c, asOf: asOf, series: series, style: options.common.numberStyle(ledger)).render(options.format), format: options.format)
        } else if customers {
            let cc = CreditControl(ledger, aging: aging, annotations: CreditInputs.annotations(options.folder, ledger))
            Terminal.print(CreditReports.customerKPIs(cc, style: style, termsExceeding: TermsCompliance.customersExceeding(ledger)).render(options.format), format: options.format)
        } else {
            var cur: Currency
            if let code = currency {
                guard let c = Currency(code: code.uppercased()), ledger.currencies.contains(c) else {
                    throw ValidationError("--currency \(Terminal.safe(code)): the ledger's currencies are \(ledger.currencies.map(\.code).joined(separator: ", "))")
                }
                cur = c
            } else if let c = aging.reportingCurrency ?? (aging.sections.count == 1 ? aging.sections.first?.currency : nil) {
                cur = c
            } else {
                Terminal.error("report kpi: \(aging.notConvertedReason ?? "several currencies"); give --currency (\(ledger.currencies.map(\.code).joined(separator: ", ")))")
                throw ExitCode(2)
            }
            let converted = currency == nil && aging.reportingCurrency != nil
            guard let points = KPISeries.monthly(ledger, asOf: asOf, months: months, method: method, currency: converted ? nil : cur) else {
                Terminal.error("report kpi: no currency to state the series in; give --currency"); throw ExitCode(2)
            }
            Terminal.print(CreditReports.kpi(ledger, asOf: asOf, currency: cur, method: method, points: points, style: style).render(options.format), format: options.format)
        }
        Reporting.warnAboutProblems(ledger, folder: options.folder)
    }
}

struct ForecastReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forecast",
        abstract: "Expected cash receipts per week (13 weeks); --backtest measures the forecast on past dates.")
    @OptionGroup var options: ReportOptions
    @Option(help: "Number of weeks.") var weeks = 13
    @Flag(help: "Forecast as of past dates and compare with what was actually received, next to the naive forecast (paid on the due date).") var backtest = false
    @Option(name: .customLong("origin"), help: ArgumentHelp("A back-test date (repeatable); default: four dates 13 weeks apart before the last activity.", valueName: "date"))
    var origins: [String] = []

    func validate() throws {
        guard (1...104).contains(weeks) else { throw ValidationError("--weeks must be between 1 and 104") }
        if !origins.isEmpty && !backtest { throw ValidationError("--origin applies to --backtest") }
    }

    func run() throws {
        let ledger = try options.common.load(options.folder)
        let asOf = try options.common.asOfDate()
        let style = options.common.numberStyle(ledger)
        if backtest {
            var dates: [CivilDate] = []
            // What was received is known up to the last activity on or before the as-of date:
            // an origin's weeks must end by then, or the "actual" side would be cut short.
            let end = ForecastBacktest.lastActivity(ledger, asOf: asOf) ?? asOf
            for o in origins {
                guard let d = CivilDate(iso: o), o.count == 10, d.year >= 1900 else { throw ValidationError("--origin \(Terminal.safe(o)): expected YYYY-MM-DD") }
                guard let first = ledger.documents.map(\.date).min(), first < d else {
                    throw ValidationError("--origin \(o): no document is dated before it (not enough history to forecast from)")
                }
                guard d.advanced(by: 7 * weeks) <= end else {
                    throw ValidationError("--origin \(o): its \(weeks) weeks end on \(d.advanced(by: 7 * weeks)), after the last payment or document on record (\(end)); give an origin on or before \(end.advanced(by: -7 * weeks))")
                }
                dates.append(d)
            }
            if dates.isEmpty { dates = ForecastBacktest.origins(ledger, end: end, weeks: weeks) }
            guard !dates.isEmpty else { Terminal.error("report forecast --backtest: not enough history (90 days before an origin)"); throw ExitCode(2) }
            let runs = dates.compactMap { ForecastBacktest.run(ledger, origin: $0, weeks: weeks) }
            guard !runs.isEmpty else { Terminal.error("report forecast --backtest: the ledger cannot be converted into one currency"); throw ExitCode(2) }
            Terminal.print(CreditReports.backtest(ledger, runs: runs, style: style).render(options.format), format: options.format)
        } else {
            let aging = try Reporting.verifiedAging(ledger, asOf: asOf)
            _ = try CreditInputs.singleCurrency(aging, what: "report forecast")
            let cc = CreditControl(ledger, aging: aging, annotations: CreditInputs.annotations(options.folder, ledger))
            Terminal.print(CreditReports.forecast(ledger, cc.forecast(weeks: weeks)!, style: style).render(options.format), format: options.format)
        }
        Reporting.warnAboutProblems(ledger, folder: options.folder)
    }
}

struct ProvisionReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "provision",
        abstract: "IFRS 9 expected credit loss allowance: loss rate per aging bucket ([provision] rates in ardash.toml).")
    @OptionGroup var options: ReportOptions
    @Option(help: ArgumentHelp("Loss rates in percent per bucket, comma-separated (overrides ardash.toml).", valueName: "rates")) var rates: String?

    func run() throws {
        let (ledger, _, aging) = try options.aged()
        var matrix = ledger.config.provisionRates
        if let text = rates {
            matrix = try text.split(separator: ",").map { part in
                let s = part.trimmingCharacters(in: .whitespaces)
                guard case .value(let v, let rounded) = AmountParser.parse(s, digits: 2), !rounded, (0...10_000).contains(v) else {
                    throw ValidationError("--rates: \(Terminal.safe(s)) is not a percentage with at most two decimals")
                }
                return Int(v)
            }
        }
        guard let m = matrix else {
            Terminal.error("report provision: no loss rates; add to ardash.toml, one per aging bucket (\(aging.labels.joined(separator: ", "))):\n[provision]\nrates = [\(aging.labels.map { _ in "0.0" }.joined(separator: ", "))]\nor pass --rates")
            throw ExitCode(2)
        }
        guard m.count == aging.labels.count else {
            throw ValidationError("\(m.count) loss rates for \(aging.labels.count) aging buckets (\(aging.labels.joined(separator: ", ")))")
        }
        var report = CreditReports.provision(ledger, aging: aging, rates: m, style: options.common.numberStyle(ledger))
        report.notes.append(rates != nil ? "Loss rates from --rates." : "Loss rates from [provision] rates in ardash.toml.")
        options.emit(ledger, report.render)
    }
}

extension LatePaymentLaw: ExpressibleByArgument {}

struct InterestReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "interest",
        abstract: "Statutory late-payment interest (EU 2011/7/EU or French L441-10) and the EUR 40 compensation per late invoice.")
    @OptionGroup var options: ReportOptions
    @Option(help: "eu (reference rate + 8 points), fr (+ 10 points) or none; default from [interest] law.") var law: LatePaymentLaw?
    @Flag(help: "Only documents still open (leave out those paid late).") var open = false
    @Option(name: .customLong("customer"), help: ArgumentHelp("Only this customer id.", valueName: "id")) var customerId: String?

    func run() throws {
        let ledger = try options.common.load(options.folder)
        let asOf = try options.common.asOfDate()
        let rates = try CreditInputs.referenceRates(options.folder, ledger)
        let law = law ?? ledger.config.interest.law
        let margin = ledger.config.interest.marginBasisPoints ?? law.marginBasisPoints
        // law = "none": nothing is claimed (the report says so).
        var items = law.claimsInterest ? StatutoryInterest.all(ledger, asOf: asOf, rates: rates, marginBasisPoints: margin, onlyOpen: open) : []
        if let id = customerId {
            guard let c = ledger.customer(id: id) else { Terminal.error("no customer \"\(Terminal.safe(id))\" in \(options.folder)"); throw ExitCode(1) }
            items = items.filter { $0.customer == c }
        }
        Terminal.print(CreditReports.interest(ledger, asOf: asOf, items: items, law: law, margin: margin, rates: rates,
                                              termsExceeding: TermsCompliance.customersExceeding(ledger),
                                              style: options.common.numberStyle(ledger)).render(options.format), format: options.format)
        Reporting.warnAboutProblems(ledger, folder: options.folder)
    }
}

struct WorklistReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worklist",
        abstract: "Today's collection actions, one line per customer, most urgent first.")
    @OptionGroup var options: ReportOptions

    func run() throws {
        let (ledger, asOf, aging) = try options.aged()
        let cur = aging.reportingCurrency ?? (aging.sections.count == 1 ? aging.sections.first?.currency : nil)
        let ann = CreditInputs.annotations(options.folder, ledger)
        let cc = CreditControl(ledger, aging: aging, annotations: ann)
        let style = options.common.numberStyle(ledger)
        // "Done today" is the real calendar day, whatever date the figures are as of.
        let result = cc.worklist(actedToday: ann.customersActed(on: CivilDate.today(), dayOf: CivilDate.localDay(ofUTC:)))
        options.emit(ledger, CreditReports.worklist(ledger, asOf: asOf, result: result, currency: cur,
                                                    notConverted: aging.notConvertedReason, style: style).render)
    }
}
