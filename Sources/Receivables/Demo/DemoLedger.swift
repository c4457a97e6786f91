import Foundation

/// Writes a deterministic, realistic demo ledger folder in the native format.
///
/// 24 months of history up to `end`: Pareto-sized customers (a few carry most of the
/// balance), a share of chronic late payers, paid and open invoices, partial payments,
/// credit notes (some settling an invoice, some unallocated), unapplied cash, disputes,
/// EUR/USD/GBP/JPY customers with monthly fx rates into EUR, accented and CJK names.
/// The same parameters always give the same bytes.
public struct DemoLedger: Sendable {
    public var customers: Int
    public var documents: Int
    public var seed: UInt64
    /// Last day of the history (documents and payments are dated ≤ `end`).
    public var end: CivilDate
    public var months: Int = 24
    /// Changes whenever the generator's output changes (caches of demo folders use it).
    public static let version = 5

    public init(customers: Int = 120, documents: Int = 3000, seed: UInt64 = 42, end: CivilDate) {
        self.customers = max(1, customers)
        self.documents = max(0, documents)
        self.seed = seed
        self.end = end
    }

    /// What was written.
    public struct Summary: Sendable {
        public var customers = 0, documents = 0, payments = 0, fxRates = 0, bytes = 0
    }

    private static let firstNames = ["Dupont", "Lefèvre", "Müller", "García", "Østergaard", "Nguyễn", "Smith", "O'Brien",
                                     "Rossi", "Kowalski", "Björk", "Moreau", "Fontaine", "Schäfer", "Lambert", "Girard"]
    private static let forms = ["SARL", "SA", "SAS", "GmbH", "Ltd", "S.p.A.", "BV", "& Fils", "et Associés", "Industries"]
    private static let trades = ["Bâtiment", "Logistique", "Électricité", "Café", "Transports", "Menuiserie", "Pharma",
                                 "Hôtellerie", "Négoce", "Studio", "Métallurgie", "Boulangerie", "Textiles", "Imprimerie"]
    private static let cjk = ["株式会社 東京精機", "北京贸易有限公司", "大阪物産株式会社", "上海电子科技", "서울 무역 주식회사",
                              "深圳创新科技有限公司"]
    private static let collectors = ["amelie", "bruno", "chloe", "david"]
    private static let termsChoices = ["30", "30", "45EOM", "60", "EOM+1M", "30", "1M", "EOM45", "EOM+10", "14"]

    /// Writes customers.csv, invoices.csv, payments.csv and fx.csv into `folder` (created
    /// if needed; existing files of those names are replaced).
    /// - Throws: file system errors.
    @discardableResult
    public func write(to folder: String) throws -> Summary {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: seed)
        var summary = Summary()
        let start = end.startOfMonth.addingMonths(-(months - 1))
        let span = start.days(until: end) + 1

        // Customers: currency, terms, behaviour, Pareto weight.
        struct C { var id: String; var currency: String; var terms: PaymentTerms; var late: Bool; var weight: UInt64; var digits: Int }
        var cs: [C] = []
        // Zipf-like weights ≈ 1/rank^1.1, in integers (no floating point in the generator
        // either): rank^0.1 is close to 1 + log2(rank)/8 over the ranks a demo has.
        func zipf(_ rank: Int) -> UInt64 {
            let log2 = UInt64(Int.bitWidth - rank.leadingZeroBitCount - 1)
            return 8_000_000_000_000 / (UInt64(rank) * (8 + log2))
        }
        let totalWeight = (1...customers).reduce(UInt64(0)) { $0 + zipf($1) }
        var out = "customer_id,name,currency,credit_limit,payment_terms,collector,country,email,phone\n"
        for i in 0..<customers {
            let id = "C" + pad(i + 1, 5)
            let currency: String, country: String
            let r = rng.int(0...99)
            switch r {
            case 0..<70: currency = "EUR"; country = ["FR", "FR", "FR", "DE", "BE", "ES", "IT"][rng.int(0...6)]
            case 70..<84: currency = "USD"; country = "US"
            case 84..<94: currency = "GBP"; country = "GB"
            default: currency = "JPY"; country = "JP"
            }
            var name: String
            if currency == "JPY" || rng.chance(40) { name = Self.cjk[rng.int(0...Self.cjk.count - 1)] + " " + String(i + 1) }
            else {
                name = "\(Self.trades[rng.int(0...Self.trades.count - 1)]) \(Self.firstNames[rng.int(0...Self.firstNames.count - 1)]) \(Self.forms[rng.int(0...Self.forms.count - 1)])"
            }
            let termsText = Self.termsChoices[rng.int(0...Self.termsChoices.count - 1)]
            let weight = zipf(i + 1)   // a few big accounts carry most of the balance
            let digits = currency == "JPY" ? 0 : 2
            // A limit of about 2,000 per expected document, at least 5,000: big accounts get
            // big limits, and a share of customers end up near or over theirs.
            let expectedDocs = Int128(documents) * Int128(weight) / Int128(totalWeight)
            let limitMajor = max(5_000, Int(expectedDocs * 2_000) / 1_000 * 1_000)
            cs.append(C(id: id, currency: currency, terms: PaymentTerms(termsText)!, late: rng.chance(180), weight: weight, digits: digits))
            let limit = digits == 0 ? String(limitMajor * 150) : String(limitMajor) + ".00"
            out += "\(id),\(csv(name)),\(currency),\(limit),\(termsText),\(Self.collectors[i % 4]),\(country),ar\(i + 1)@example.invalid,+33 1 00 00 \(pad(i % 100, 2)) \(pad(i % 97, 2))\n"
        }
        summary.customers = cs.count
        summary.bytes += try writeFile(folder, "customers.csv", out)

        // Cumulative weights for picking a customer per document.
        var cumulative: [UInt64] = []
        var acc: UInt64 = 0
        for c in cs { acc += c.weight; cumulative.append(acc) }
        func pickCustomer() -> Int {
            let x = rng.next() % acc
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let m = (lo + hi) / 2; if cumulative[m] <= x { lo = m + 1 } else { hi = m } }
            return lo
        }

        var inv = "document_id,customer_id,type,document_date,due_date,currency,amount,reference,disputed,applies_to\n"
        var pay = "payment_id,customer_id,payment_date,currency,amount,document_id\n"
        inv.reserveCapacity(documents * 90)
        pay.reserveCapacity(documents * 60)
        var paymentNo = 0
        var lastInvoiceOf = [Int](repeating: -1, count: cs.count)
        var lastInvoiceAmount = [Int64](repeating: 0, count: cs.count)
        // Documents spread evenly over the span, in date order.
        for n in 0..<documents {
            let ci = pickCustomer()
            let c = cs[ci]
            let date = start.advanced(by: Int((Int64(n) * Int64(span)) / Int64(max(1, documents))))
            let docId = "F" + pad(n + 1, 7)
            // Amount: roughly log-uniform 50 … 50,000 major units (integers only).
            var major = Int64([10, 100, 1000][rng.int(0...2)]) * Int64(rng.int(5...50))
            if c.digits == 0 { major *= 150 }
            let minor = c.digits == 0 ? major : major * 100 + Int64(rng.int(0...99))
            let amountText = Self.decimal(minor, c.digits)
            let isCredit = rng.chance(40) && lastInvoiceOf[ci] >= 0
            if isCredit {
                // A credit note: half settle the customer's last invoice, half stay unallocated.
                let settles = rng.chance(500)
                let creditMinor = min(minor / 4 + 1, max(1, lastInvoiceAmount[ci] / 2))
                inv += "\(docId),\(c.id),credit_note,\(date),,\(c.currency),\(Self.decimal(creditMinor, c.digits)),RMA-\(n),no,\(settles ? "F" + pad(lastInvoiceOf[ci] + 1, 7) : "")\n"
                summary.documents += 1
                continue
            }
            let due = c.terms.dueDate(for: date)
            let disputed = rng.chance(30)
            let exportDue = rng.chance(900)   // a few rows leave the due date to the terms
            inv += "\(docId),\(c.id),invoice,\(date),\(exportDue ? due.description : ""),\(c.currency),\(amountText),PO-\(pad(n % 100000, 5)),\(disputed ? "yes" : "no"),\n"
            summary.documents += 1
            lastInvoiceOf[ci] = n
            lastInvoiceAmount[ci] = minor

            // How this invoice gets paid.
            let lateness = c.late ? rng.int(10...120) : rng.int(-10...20)
            var payDate = due.advanced(by: lateness)
            if payDate < date { payDate = date.advanced(by: rng.int(0...5)) }
            if disputed && rng.chance(600) { continue }            // disputed: still open
            if rng.chance(c.late ? 80 : 15) { continue }           // never paid (bad debt)
            if payDate > end { continue }                          // not paid yet
            if rng.chance(70) {
                // Partial payment first, the rest later (maybe after `end`).
                let part = minor * Int64(rng.int(20...70)) / 100
                paymentNo += 1
                pay += "P\(pad(paymentNo, 7)),\(c.id),\(payDate),\(c.currency),\(Self.decimal(part, c.digits)),\(docId)\n"
                let rest = payDate.advanced(by: rng.int(15...90))
                if rest <= end {
                    paymentNo += 1
                    pay += "P\(pad(paymentNo, 7)),\(c.id),\(rest),\(c.currency),\(Self.decimal(minor - part, c.digits)),\(docId)\n"
                }
            } else {
                paymentNo += 1
                let unapplied = rng.chance(8)
                pay += "P\(pad(paymentNo, 7)),\(c.id),\(payDate),\(c.currency),\(amountText),\(unapplied ? "" : docId)\n"
            }
        }
        summary.payments = paymentNo
        summary.bytes += try writeFile(folder, "invoices.csv", inv)
        summary.bytes += try writeFile(folder, "payments.csv", pay)

        // Month-start fx rates into EUR: a gentle deterministic walk, 4 decimals.
        var fx = "date,currency,rate\n"
        var rates: [(String, Int64)] = [("USD", 9200), ("GBP", 11600), ("JPY", 62)]   // ×10⁻⁴ (JPY ×10⁻⁴ too)
        for m in 0..<months {
            let day = start.addingMonths(m)
            for k in rates.indices {
                let step = Int64(rng.int(-150...150)) * rates[k].1 / 10000
                rates[k].1 = max(1, rates[k].1 + step)
                fx += "\(day),\(rates[k].0),\(Self.decimal(rates[k].1, 4))\n"
                summary.fxRates += 1
            }
        }
        summary.bytes += try writeFile(folder, "fx.csv", fx)
        if !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("ardash.toml")) {
            summary.bytes += try writeFile(folder, "ardash.toml", """
                # Demo ledger written by `ardash demo`.
                reporting_currency = "EUR"

                [credit]
                near_limit_percent = 80

                [dunning]
                levels = [7, 21, 45]        # days past due: reminder, second reminder, final notice

                [interest]
                law = "fr"                  # Code de commerce L441-10: ECB rate + 10 points

                [provision]                 # IFRS 9 loss rate per aging bucket, percent
                rates = [0.5, 2.2, 2.7, 4.5, 6.0, 10.0]

                """)
        }
        return summary
    }

    static func decimal(_ minor: Int64, _ digits: Int) -> String { Money.decimalString(minor, digits: digits) }

    private func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    private func csv(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    private func writeFile(_ folder: String, _ name: String, _ text: String) throws -> Int {
        let data = Data(text.utf8)
        try data.write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)), options: .atomic)
        return data.count
    }
}
