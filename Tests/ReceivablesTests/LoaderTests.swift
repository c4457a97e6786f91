import XCTest
@testable import Receivables

final class LoaderTests: XCTestCase {
    /// A French ERP export: ';', decimal comma, dd/MM/yyyy, Windows-1252, other column
    /// names, a currency constant — loaded through ardash.toml without converting it.
    func testMappedFrenchExportInWindows1252() throws {
        var invoices = Data("N° pièce;Client;Date;Échéance;Montant TTC;Libellé\r\n".utf8)
        invoices = Data(String(decoding: invoices, as: UTF8.self).unicodeScalars.map { UInt8($0.value) })   // to Latin-1 bytes
        invoices += Data([UInt8]("F-001;007;05/01/2024;04/02/2024;1 234,56;Facture ".utf8) + [0xE9, 0x74, 0xE9] + [13, 10])   // "été"
        invoices += Data("F-002;7;15/01/2024;14/02/2024;-99,90;Avoir\r\n".utf8)
        let t = TempLedger([:])
        t.write("export.csv", invoices)
        t.write("clients.csv", Data([UInt8]("Code;Raison sociale\r\n007;Soci".utf8) + [0xE9, 0x74, 0xE9] + [UInt8](" G\u{E9}n\u{E9}rale\r\n7;Sept SA\r\n".unicodeScalars.map { UInt8($0.value) })))
        let l = try t.load(config: """
            reporting_currency = "EUR"
            [format]
            delimiter = ";"
            decimal_separator = ","
            thousands_separator = " "
            date_format = "dd/MM/yyyy"
            encoding = "windows-1252"
            [files.customers]
            path = "clients.csv"
            [files.customers.columns]
            customer_id = "Code"
            name = "Raison sociale"
            [files.invoices]
            path = "export.csv"
            [files.invoices.columns]
            document_id = "N° pièce"
            customer_id = "Client"
            document_date = "Date"
            due_date = "Échéance"
            amount = "Montant TTC"
            reference = "Libellé"
            [files.invoices.values]
            currency = "EUR"
            """)
        XCTAssertTrue(l.problems.isEmpty, "\(l.problems)")
        XCTAssertEqual(l.customers.map(\.id), ["007", "7"])              // ids are text: "007" ≠ "7"
        XCTAssertEqual(l.customers[0].name, "Société Générale")
        XCTAssertEqual(l.documents.map(\.customer), [0, 1])
        XCTAssertEqual(l.documents.map(\.amount.description), ["EUR 1234.56", "EUR -99.90"])
        XCTAssertEqual(l.documents[0].reference, "Facture été")
        XCTAssertEqual(l.documents[0].dueDate.description, "2024-02-04")
        XCTAssertEqual(l.documents[1].type, .creditNote)
    }

    /// Windows-1252 without a config: detected per file (no UTF-8 sequence at all), said so.
    /// fx.csv's decimal mark is its own: [format]'s decimal comma (for the SAP files) had
    /// read "0.758" as 758 and "1.175" as 1175, silently (a trial: AR 2,834,000.00 EUR).
    /// Hand-worked: 1,000.00 + 1,000.00 × 0.758 + 1,000.00 × 1.175 + 100,000 JPY × 0.009
    /// = 1,000.00 + 758.00 + 1,175.00 + 900.00 = 3,833.00 EUR.
    func testFxRatesKeepTheirOwnDecimalMark() throws {
        let t = TempLedger([
            "belege.csv": """
                Belegnummer;Kunde;Belegdatum;Faelligkeit;Betrag;Waehrung;
                D1;K1;02.01.2013;01.02.2013;1.000,00;EUR;
                D2;K1;02.01.2013;01.02.2013;1.000,00;USD;
                D3;K2;02.01.2013;01.02.2013;1.000,00;GBP;
                D4;K2;02.01.2013;01.02.2013;100.000;JPY;

                """,
            "fx.csv": "date,currency,rate\n2013-01-01,USD,0.758\n2013-01-01,GBP,1.175\n2013-01-01,JPY,0.009\n",
        ])
        let config = """
            reporting_currency = "EUR"
            [format]
            delimiter = ";"
            decimal_separator = ","
            thousands_separator = "."
            date_format = "dd.MM.yyyy"
            [files.invoices]
            path = "belege.csv"
            [files.invoices.columns]
            document_id = "Belegnummer"
            customer_id = "Kunde"
            document_date = "Belegdatum"
            due_date = "Faelligkeit"
            amount = "Betrag"
            currency = "Waehrung"
            [files.fx]
            delimiter = ","
            date_format = "yyyy-MM-dd"
            """
        let l = try t.load(config: config)
        XCTAssertEqual(l.problems.filter { $0.severity == .error }, [])
        let aging = Aging.report(l, asOf: date("2013-06-30"))
        XCTAssertEqual(aging.sections.map(\.total), [383300], "\(l.problems)")
        // Set for fx.csv itself, the mark is obeyed, and a rate it cannot read is an error.
        let l2 = try t.load(config: config + "\ndecimal_separator = \",\"\n")
        XCTAssertTrue(l2.problems.contains { $0.severity == .error && $0.file == "fx.csv" && $0.line == 2 }, "\(l2.problems)")
        // Rates that settle nothing ask for the mark where it applies: [files.fx].
        t.write("fx.csv", Data("date,currency,rate\n2013-01-01,USD,1.000\n2013-01-01,GBP,1.500\n".utf8))
        let l3 = try t.load(config: config)
        XCTAssertTrue(l3.problems.contains { $0.file == "fx.csv" && $0.line == nil && $0.reason.hasSuffix("set decimal_separator in [files.fx] of ardash.toml") }, "\(l3.problems)")
        XCTAssertTrue(l3.problems.contains { $0.file == "fx.csv" && $0.line == 2 && $0.reason.contains("[files.fx]") }, "\(l3.problems)")
    }

    /// A byte order mark before Windows-1252 bytes (some SAP exports) no longer makes a
    /// configured encoding = "windows-1252" ignored: a trial's umlaut header did not match
    /// and the file was refused. Without the setting, its rows are rejected and say so.
    func testAByteOrderMarkDoesNotOverrideAConfiguredWindows1252() throws {
        let t = TempLedger([:])
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Belegnummer;Kunde;Belegdatum;F".utf8) + [0xE4] + Array("lligkeit;Betrag\r\n".utf8)
        bytes += Array("D1;M".utf8) + [0xFC] + Array("ller;02.01.2013;01.02.2013;1.234,56\r\n".utf8)
        t.write("belege.csv", Data(bytes))
        let config = """
            [format]
            delimiter = ";"
            decimal_separator = ","
            date_format = "dd.MM.yyyy"
            encoding = "windows-1252"
            [files.invoices]
            path = "belege.csv"
            [files.invoices.columns]
            document_id = "Belegnummer"
            customer_id = "Kunde"
            document_date = "Belegdatum"
            due_date = "Fälligkeit"
            amount = "Betrag"
            [files.invoices.values]
            currency = "EUR"
            """
        let l = try t.load(config: config)
        XCTAssertEqual(l.problems.filter { $0.severity == .error }, [])
        XCTAssertEqual(l.documents.map(\.amount.minorUnits), [123456])
        XCTAssertEqual(l.customers.map(\.id), ["Müller"])
        XCTAssertEqual(l.documents.first?.dueDate, date("2013-02-01"))
    }

    /// ERP words for document types (a trial's QuickBooks "Credit Memo" rows were
    /// rejected, AR 480,148.59 for 437,451.65); a payment row says where payments go.
    func testDocumentTypesInERPWords() throws {
        let l = try TempLedger(["invoices.csv": """
            document_id,customer_id,type,document_date,due_date,currency,amount
            I1,C1,Invoice,2024-01-10,2024-02-09,EUR,100.00
            C1,C1,Credit Memo,2024-01-20,,EUR,30.00
            C2,C1,credit-note,2024-01-21,,EUR,20.00
            C3,C1,Gutschrift,2024-01-22,,EUR,10.00
            D1,C1,Debit Memo,2024-01-23,2024-02-22,EUR,5.00
            X1,C1,Payment,2024-01-24,,EUR,40.00

            """]).load()
        XCTAssertEqual(l.documents.map(\.type), [.invoice, .creditNote, .creditNote, .creditNote, .debitNote])
        XCTAssertEqual(l.documents.map(\.amount.minorUnits), [10000, -3000, -2000, -1000, 500])
        XCTAssertEqual(l.problems(.error).map { "\($0.line ?? 0) \($0.field ?? "")" }, ["7 type"])
        XCTAssertTrue(l.problems(.error).first?.reason.contains("payments are read from the payments file") == true)
    }

    /// Dates written with dots are day first: "02.01.2013" with no day past 12 is read as
    /// 2 January, with a notice (a trial's SAP file was refused as ambiguous). The same
    /// values with slashes still ask for date_format.
    func testDottedDatesAreDayFirst() throws {
        let rows = "document_id,customer_id,document_date,due_date,currency,amount\nD1,K1,02.01.2013,01.02.2013,EUR,1.00\n"
        let l = try TempLedger(["invoices.csv": rows]).load()
        XCTAssertEqual(l.documents.map(\.date.description), ["2013-01-02"])
        XCTAssertEqual(l.documents.map(\.dueDate.description), ["2013-02-01"])
        XCTAssertTrue(l.problems(.notice).contains { $0.reason == "dates read as dd.MM.yyyy: 02.01.2013 (line 2) fits no other format" }, "\(l.problems)")
        let slashed = try TempLedger(["invoices.csv": rows.replacingOccurrences(of: ".", with: "/").replacingOccurrences(of: "1/00", with: "1.00")]).load()
        XCTAssertEqual(slashed.documents.count, 0)
        XCTAssertNotNil(slashed.wholeFileProblem)
    }

    /// A QuickBooks-style export: amounts with "$" and negatives in parentheses, one in
    /// scientific notation as Excel may save it. Hand-worked: 2,070.11 + 1,500.00 − 70.11
    /// = 3,500.00 USD.
    func testAmountsWithCurrencySignsLoad() throws {
        let l = try TempLedger(["invoices.csv": """
            document_id,customer_id,document_date,due_date,currency,amount
            I1,K1,2024-01-10,2024-02-09,USD,"$2,070.11"
            I2,K1,2024-01-11,2024-02-10,USD,1.5E+03
            C1,K1,2024-01-12,,USD,($70.11)
            I3,K1,2024-01-13,2024-02-12,USD,£5.00

            """]).load()
        XCTAssertEqual(l.documents.map(\.amount.minorUnits), [207011, 150000, -7011])
        XCTAssertEqual(Aging.report(l, asOf: date("2024-01-31")).sections.map(\.total), [350000])
        XCTAssertEqual(l.problems(.error).map { "\($0.line ?? 0) \($0.reason)" }, ["5 \"£5.00\": written in £, but the row's currency is USD; row rejected"])
    }

    /// A spreadsheet error where a due date or paid date would be is no date, with a
    /// warning; the document keeps its money (trial 13: #N/A rejected the invoice).
    func testSpreadsheetErrorsInOptionalDatesAreNoDate() throws {
        let l = try TempLedger(["invoices.csv": """
            document_id,customer_id,document_date,due_date,currency,amount,payment_terms,paid_date
            I1,K1,2024-01-10,#N/A,EUR,100.00,30,
            I2,K1,2024-01-10,2024-02-09,EUR,50.00,,#VALUE!
            I3,K1,2024-01-10,soon,EUR,10.00,,
            I4,K1,2024-01-10,00.00.0000,EUR,20.00,,0000-00-00

            """]).load()
        XCTAssertEqual(l.documents.map(\.id), ["I1", "I2", "I4"])   // I4: SAP's date of zeros is no date
        XCTAssertEqual(l.documents.last?.dueDate.description, "2024-01-10")
        XCTAssertEqual(l.documents.first?.dueDate.description, "2024-02-09")   // by its terms
        XCTAssertEqual(l.payments.count, 0)
        XCTAssertEqual(l.problems(.warning).map { "\($0.line ?? 0) \($0.field ?? "")" }, ["2 due_date", "3 paid_date"])
        XCTAssertEqual(l.problems(.error).map { "\($0.line ?? 0) \($0.field ?? "")" }, ["4 due_date"])   // not an error value
    }

    /// Title lines above the header (`skip_lines`), as report-style exports write them
    /// (trial 13 found no way to read them); line numbers stay the file's own.
    func testTitleLinesAboveTheHeaderAreSkipped() throws {
        let t = TempLedger(["invoices.csv": """
            Open items report, Acme GmbH
            Exported 2013-06-30 18:00
            document_id;customer_id;document_date;due_date;currency;amount
            I1;K1;2013-01-10;2013-02-09;EUR;100,00
            I2;K1;2013-01-11;2013-02-10;EUR;abc

            """])
        let l = try t.load(config: "[files.invoices]\nskip_lines = 2\n")
        XCTAssertEqual(l.documents.map(\.amount.minorUnits), [10000])
        XCTAssertEqual(l.problems(.error).map { "\($0.line ?? 0) \($0.field ?? "")" }, ["5 amount"])
        let missing = try t.load(config: "[files.invoices]\nskip_lines = 2\n[files.invoices.columns]\namount = \"Betrag\"\n")
        XCTAssertEqual(missing.wholeFileProblem?.line, 3)
        XCTAssertTrue(missing.wholeFileProblem?.reason.contains("Betrag") == true, "\(missing.problems)")
    }

    /// Trial 14: one "03.13.2024" had flipped every dotted date of the file to month
    /// first (AR 101.00 for 1,501.00 as of 2024-06-01); dotted dates are never read month
    /// first, so that row alone is rejected. A configured MM/dd/yyyy does not read them,
    /// and the file is refused, naming the format that does.
    func testNoDottedDateIsReadMonthFirst() throws {
        let rows = """
            document_id,customer_id,document_date,due_date,currency,amount
            I1,C1,05.03.2024,04.04.2024,EUR,100.00
            I2,C1,06.03.2024,05.04.2024,EUR,200.00
            I3,C1,07.03.2024,06.04.2024,EUR,300.00
            I4,C1,08.03.2024,07.04.2024,EUR,400.00
            I5,C1,09.03.2024,08.04.2024,EUR,500.00
            I6,C1,03.13.2024,04.12.2024,EUR,1.00

            """
        let l = try TempLedger(["invoices.csv": rows]).load()
        XCTAssertEqual(l.documents.map(\.date.description), ["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-09"])
        XCTAssertEqual(l.problems(.error).map { "\($0.line ?? 0) \($0.field ?? "")" }, ["7 document_date"])
        XCTAssertEqual(Aging.report(l, asOf: date("2024-06-01")).sections.map(\.total), [150000])
        let us = try TempLedger(["invoices.csv": rows]).load(config: "[format]\ndate_format = \"MM/dd/yyyy\"\n")
        XCTAssertEqual(us.documents.count, 0)
        XCTAssertTrue(us.wholeFileProblem?.reason.contains("dd/MM/yyyy") == true, "\(us.problems.prefix(2))")
    }

    /// Three payments, all negative on invoices they leave over-open, are refused too:
    /// the refusal needs three such payments and more than half the file (trial 14 saw
    /// ten pass with warnings, AR 1,100.00 for 0.00), and refunds on no document count.
    func testFewPaymentsAllNegativeAreRefusedToo() throws {
        let inv = "document_id,customer_id,document_date,due_date,currency,amount\nI1,C1,2024-01-01,2024-01-31,EUR,10.00\nI2,C1,2024-01-01,2024-01-31,EUR,20.00\nI3,C1,2024-01-01,2024-01-31,EUR,30.00\n"
        let three = try TempLedger(["invoices.csv": inv, "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,C1,2024-02-01,EUR,-10.00,I1\nP2,C1,2024-02-01,EUR,-20.00,I2\nP3,C1,2024-02-01,EUR,-30.00,\n"]).load()
        XCTAssertTrue(three.wholeFileProblem?.reason.hasPrefix("3 of the 3 payments are negative (2 applied to documents they leave open above their own amount, 1 on no document") == true, "\(three.problems)")
        // Two negatives on one invoice count as two (trial 16 saw them counted once).
        let twice = try TempLedger(["invoices.csv": inv, "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,C1,2024-02-01,EUR,-15.00,I1\nP2,C1,2024-02-01,EUR,-5.00,I1\nP3,C1,2024-02-01,EUR,-10.00,I2\n"]).load()
        XCTAssertTrue(twice.wholeFileProblem?.reason.hasPrefix("3 of the 3 payments are negative (3 applied to documents") == true, "\(twice.problems)")
        // One refund among receipts: a warning, counted as written.
        let one = try TempLedger(["invoices.csv": inv, "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,C1,2024-02-01,EUR,10.00,I1\nP2,C1,2024-02-01,EUR,20.00,I2\nP3,C1,2024-02-01,EUR,-5.00,\n"]).load()
        XCTAssertNil(one.wholeFileProblem)
        XCTAssertEqual(one.problems(.warning).map { "\($0.line ?? 0) \($0.reason)" }, ["4 -5.00 applied to no document: a refund raises the balance; a receipt must be written positive"])
        XCTAssertEqual(Aging.report(one, asOf: date("2024-03-01")).sections.map(\.total), [3500])   // 60 − 30 + 5
    }

    /// Trial 16: an amount in its row's currency sign or code is evidence for the column's
    /// decimal mark, as the plain value is; one in another currency is not. Hand-worked:
    /// 1.500 (1.50, '.' settled by "$2,070.11") + 2,070.11 = 2,071.61 USD; a column of
    /// "EUR 1.234,56" alone reads ',' decimals.
    func testAnAmountInItsRowsCurrencySettlesTheDecimalMark() throws {
        let usd = try TempLedger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,2024-01-10,2024-02-09,USD,1.500\nD2,C1,2024-01-10,2024-02-09,USD,\"$2,070.11\"\n"]).load()
        XCTAssertEqual(usd.documents.map(\.amount.minorUnits), [150, 207011])
        let eur = try TempLedger(["invoices.csv": "document_id;customer_id;document_date;due_date;currency;amount\nD1;C1;2024-01-10;2024-02-09;EUR;EUR 1.234,56\nD2;C1;2024-01-10;2024-02-09;EUR;99,90 EUR\n"]).load()
        XCTAssertEqual(eur.documents.map(\.amount.minorUnits), [123456, 9990])
    }

    /// A decorated value (rejected for its currency sign) is no evidence for the column's
    /// decimal mark (trial 14: "$1.5E+03" in a EUR file made "1.500" read as 1.50).
    func testADecoratedValueDoesNotSettleTheDecimalMark() throws {
        let l = try TempLedger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nI1,C1,2024-01-01,2024-01-31,EUR,1.500\nI2,C1,2024-01-01,2024-01-31,EUR,$1.5E+03\nI3,C1,2024-01-01,2024-01-31,EUR,2.000\n"]).load()
        XCTAssertEqual(l.documents.count, 0)
        XCTAssertTrue(l.problems(.error).contains { $0.reason.contains("could be a decimal or a thousands separator") }, "\(l.problems)")
    }

    func testWindows1252IsDetectedPerFile() throws {
        let t = TempLedger(["invoices.csv": "document_id,customer_id,document_date,amount,currency\nD1,C1,2024-01-10,10.00,EUR\n"])
        t.write("customers.csv", Data("customer_id,name\nC1,Caf".utf8 + [0xE9] + " Cr".utf8 + [0xE8, 0x6D, 0x65, 0x0A]))
        let l = try t.load()
        XCTAssertEqual(l.customers[0].name, "Café Crème")
        XCTAssertEqual(l.problems.filter { $0.file == "customers.csv" }.map(\.severity), [.notice])
        XCTAssertTrue(l.problems[0].reason.contains("Windows-1252"))
    }

    /// A bad byte deep in a big UTF-8 file rejects that row only, naming line and field.
    func testBadByteDeepInAHugeFileRejectsOnlyItsRow() throws {
        var text = "document_id,customer_id,document_date,due_date,currency,amount,reference\n"
        for i in 1...50_000 { text += "D\(i),C\(i % 97),2024-01-10,2024-02-09,EUR,1.00,réf \(i)\n" }
        var bytes = Array(text.utf8)
        let target = Array("D40000,".utf8)
        let at = bytes.indices.first { i in bytes[i...].starts(with: target) && (i == 0 || bytes[i - 1] == 10) }!
        let refStart = bytes[at...].firstIndex(of: UInt8(ascii: "r"))!   // "réf 40000"
        bytes[refStart + 1] = 0xFF
        let t = TempLedger([:])
        t.write("invoices.csv", Data(bytes))
        let l = try t.load()
        XCTAssertEqual(l.documents.count, 49_999)
        XCTAssertEqual(l.rejectedRows, 1)
        let p = l.problems(.error)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].line, 40_001)
        XCTAssertEqual(p[0].field, "reference")
        XCTAssertTrue(p[0].reason.contains("0xFF"))
        XCTAssertEqual(Aging.report(l, asOf: date("2024-03-01")).totalText, "49999.00")
    }

    /// Short and long rows, missing required values, bad values: each a problem naming
    /// file, line and field; good rows load.
    func testBadRowsAreReportedAndGoodRowsLoad() throws {
        let t = TempLedger(["invoices.csv": """
            document_id,customer_id,document_date,due_date,currency,amount
            D1,C1,2024-01-10,2024-02-09,EUR,100.00
            D2,C1,2024-01-10
            D3,C1,2024-01-10,2024-02-09,EUR,100.00,extra
            D4,C1,2024-01-10,2024-02-09,EUR,100.00,,
            ,C1,2024-01-10,2024-02-09,EUR,1.00
            D6,,2024-01-10,2024-02-09,EUR,1.00
            D7,C1,2024-13-10,2024-02-09,EUR,1.00
            D8,C1,2024-01-10,2024-02-09,EUR,12,5
            D9,C1,2024-01-10,2024-02-09,EURO,1.00
            D10,C1,2024-01-10,someday,EUR,1.00
            D11,C1,2024-01-10,2024-02-09,EUR,abc
            D12,C1,2024-01-10,2024-02-09,EUR,
            D13,C1,2024-01-10,2024-02-09,EUR,"1.00"x

            """])
        let l = try t.load()
        XCTAssertEqual(l.documents.map(\.id), ["D1", "D4"])   // trailing empty fields are fine
        let errors = l.problems(.error)
        XCTAssertEqual(errors.map(\.line), [3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14])
        XCTAssertEqual(errors.map(\.field), [nil, nil, "document_id", "customer_id", "document_date", nil, "currency", "due_date", "amount", "amount", "amount"])
        XCTAssertTrue(errors.allSatisfy { $0.file == "invoices.csv" })
        XCTAssertTrue(errors[0].reason.contains("3 fields, the header has 6"))
        XCTAssertEqual(l.rejectedRows, 11)
        XCTAssertEqual(errors[0].description, "invoices.csv:3: row has 3 fields, the header has 6; row rejected")
    }

    func testMissingRequiredColumnRejectsTheFileClearly() throws {
        let t = TempLedger(["invoices.csv": "invoice,customer_id,document_date,amount\nD1,C1,2024-01-10,1.00\n"])
        let l = try t.load()
        XCTAssertTrue(l.documents.isEmpty)
        XCTAssertEqual(l.problems(.error).first?.field, "document_id")
        XCTAssertEqual(l.problems(.error).first?.line, 1)
        XCTAssertTrue(l.problems(.error).first!.reason.contains("missing required column document_id"))
        let none = try TempLedger([:]).load()
        XCTAssertTrue(none.problems(.error).first!.reason.contains("no documents file"))
    }

    func testUnknownCustomersGetAPlaceholderAndAWarning() throws {
        let t = TempLedger(["customers.csv": "customer_id,name\nC1,Alpha\nC1,Alpha\nC2,Beta\nC2,Beta Two\n",
                            "invoices.csv": "document_id,customer_id,document_date,amount,currency\nD1,C9,2024-01-10,5.00,EUR\nD2,C9,2024-01-11,5.00,EUR\n"])
        let l = try t.load()
        XCTAssertEqual(l.customers.map(\.id), ["C1", "C9"])   // C2 conflicts: rejected both times
        XCTAssertTrue(l.customers[1].isPlaceholder)
        XCTAssertEqual(l.customers[1].name, "C9")
        XCTAssertEqual(l.problems(.warning).map(\.line), [3, 2])   // duplicate C1 row; unknown C9 once
        XCTAssertEqual(l.problems(.error).map(\.line), [5])
    }

    func testPaymentsMatchingAndUnappliedCash() throws {
        let t = TempLedger([
            "invoices.csv": """
                document_id,customer_id,type,document_date,due_date,currency,amount,applies_to
                I1,C1,invoice,2024-01-01,2024-01-31,EUR,1000.00,
                I2,C1,invoice,2024-02-01,2024-03-02,EUR,500.00,
                CN1,C1,credit_note,2024-02-10,,EUR,200.00,I1
                CN2,C1,credit_note,2024-02-12,,EUR,50.00,
                I3,C1,invoice,2024-02-15,2024-03-15,USD,300.00,
                """,
            "payments.csv": """
                payment_id,customer_id,payment_date,currency,amount,document_id
                P1,C1,2024-02-20,EUR,900.00,I1
                P2,C1,2024-02-25,EUR,100.00,
                P3,C1,2024-02-26,EUR,10.00,NOPE
                P4,C1,2024-02-27,EUR,20.00,I3
                """])
        let l = try t.load()
        XCTAssertEqual(l.problems(.warning).map(\.line), [4, 5])   // unknown document; currency mismatch
        let r = Aging.report(l, asOf: date("2024-03-31"))
        try r.verify()
        XCTAssertNil(r.reportingCurrency)   // EUR and USD, no fx
        // I1: 1000 − 200 (CN1) − 900 (P1) = −100, an over-payment aged from P1's date.
        XCTAssertEqual(l.open("I1", asOf: "2024-03-31"), "-100.00")
        XCTAssertEqual(r.item(l, document: "I1")?.days, 40)
        XCTAssertEqual(l.open("CN1", asOf: "2024-03-31"), "0.00")
        XCTAssertEqual(l.open("CN2", asOf: "2024-03-31"), "-50.00")
        let eur = r.section(Currency.EUR)!
        // 500 (I2) − 100 (I1) − 50 (CN2) − 100 (P2) − 10 (P3) − 20 (P4) = 220.
        XCTAssertEqual(eur.total, 22000)
        XCTAssertEqual(r.section(Currency.USD)!.total, 30000)
        // Before CN1 and P1: I1 fully open and overdue.
        XCTAssertEqual(l.open("I1", asOf: "2024-02-09"), "1000.00")
        // Allocation oldest-first: credits settle the oldest open documents as of the date.
        var cfg = l.config
        cfg.allocateCredits = true
        let allocated = LedgerLoader.load(folder: t.path, config: cfg)
        let ra = Aging.report(allocated, asOf: date("2024-03-31"))
        try ra.verify()
        XCTAssertEqual(ra.section(Currency.EUR)!.total, 22000)
        XCTAssertEqual(ra.items.filter { $0.open.currency == .EUR }.map(\.open.decimalString), ["220.00"])
        XCTAssertEqual(ra.item(allocated, document: "I2")?.open.decimalString, "220.00")
    }

    func testPartialAndOverPaymentExact() throws {
        let t = TempLedger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,2024-01-01,2024-01-31,JPY,100000\n",
                            "payments.csv": "payment_id,customer_id,payment_date,amount,document_id\nP1,C1,2024-02-01,33333,D1\nP2,C1,2024-02-02,33333,D1\nP3,C1,2024-02-03,33335,D1\n"])
        let l = try t.load()
        XCTAssertEqual(l.payments.map(\.amount.description), ["JPY 33333", "JPY 33333", "JPY 33335"])   // currency from the document
        XCTAssertEqual(l.open("D1", asOf: "2024-02-02"), "33334")
        XCTAssertEqual(l.open("D1", asOf: "2024-02-03"), "-1")
        let r = Aging.report(l, asOf: date("2024-02-03"))
        XCTAssertEqual(r.item(l, document: "D1")?.days, 0)   // a credit, aged from P3
        XCTAssertEqual(r.item(l, document: "D1")?.bucket, 0)
    }

    func testDocumentDateBasisAndCustomEdges() throws {
        let l = try TempLedger(["invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nA,C1,2024-03-01,2024-04-30,EUR,1.00\nB,C1,2024-01-15,2024-02-14,EUR,2.00\n"])
            .load(config: "[aging]\nbasis = \"document_date\"\nedges = [15, 45]\n")
        let r = Aging.report(l, asOf: date("2024-03-15"))
        XCTAssertEqual(r.labels, ["0-15", "16-45", "45+"])
        XCTAssertEqual(r.item(l, document: "A")?.days, 14)
        XCTAssertEqual(r.item(l, document: "B")?.days, 60)
        XCTAssertEqual(r.bucketTexts, ["1.00", "0.00", "2.00"])
    }

    func testMissingDueDateUsesCustomerTermsElseDocumentDate() throws {
        let l = try TempLedger(["customers.csv": "customer_id,name,payment_terms\nC1,A,45EOM\nC2,B,\n",
                                "invoices.csv": "document_id,customer_id,document_date,amount,currency,payment_terms\nD1,C1,2024-01-20,1.00,EUR,\nD2,C2,2024-01-20,1.00,EUR,\nD3,C2,2024-01-20,1.00,EUR,EOM+10\n"]).load()
        XCTAssertEqual(l.documents.map(\.dueDate.description), ["2024-03-31", "2024-01-20", "2024-02-10"])
        XCTAssertEqual(l.documents.map(\.dueDateSource), [.terms, .documentDate, .terms])
        XCTAssertEqual(l.problems(.notice).first?.field, "due_date")
        // Unknown terms are a warning: the customer keeps its name and limit, the document
        // its money (a trial's "ZB30" rejected customers; rejected documents left the
        // totals). Without terms the document is due on its date.
        let bad = try TempLedger(["customers.csv": "customer_id,name,credit_limit,payment_terms\nC1,Alpha SA,5000.00,net thirty\n",
                                  "invoices.csv": "document_id,customer_id,document_date,amount,payment_terms\nD1,C1,2024-01-20,1.00,\nD2,C1,2024-01-20,2.00,ZB30\n"]).load()
        XCTAssertEqual(bad.problems(.error), [])
        XCTAssertEqual(bad.problems(.warning).map { "\($0.file):\($0.line ?? 0) \($0.field ?? "")" }.prefix(2), ["customers.csv:2 payment_terms", "invoices.csv:3 payment_terms"])
        XCTAssertEqual(bad.customers.map(\.name), ["Alpha SA"])
        XCTAssertEqual(bad.customers.first?.creditLimit?.minorUnits, 500000)
        XCTAssertEqual(bad.documents.map(\.dueDate.description), ["2024-01-20", "2024-01-20"])
    }

    func testExcelSerialDatesAreDetectedAndSaid() throws {
        let l = try TempLedger(["invoices.csv": "document_id,customer_id,document_date,due_date,amount\nD1,C1,45000,45030,1.00\n"]).load()
        XCTAssertEqual(l.documents[0].date.description, "2023-03-15")
        XCTAssertEqual(l.documents[0].dueDate.description, "2023-04-14")
        XCTAssertTrue(l.problems(.notice).contains { $0.reason.contains("excel") })
    }

    func testAmbiguousDecimalSeparatorAsksForConfig() throws {
        let l = try TempLedger(["invoices.csv": "document_id;customer_id;document_date;amount\nD1;C1;2024-01-10;1,234\nD2;C1;2024-01-10;12\n"]).load()
        XCTAssertTrue(l.problems(.error).contains { $0.field == "amount" && $0.reason.contains("decimal_separator") })
        XCTAssertEqual(l.documents.map(\.id), ["D2"])
    }

    func testSpreadsheetFloatNoiseIsRoundedWithANotice() throws {
        let l = try TempLedger(["invoices.csv": "document_id,customer_id,document_date,amount\nD1,C1,2024-01-10,2309.7899999999995\n"]).load()
        XCTAssertEqual(l.documents[0].amount.minorUnits, 230979)
        XCTAssertEqual(l.problems.filter { $0.field == "amount" }.map(\.severity), [.notice])
        XCTAssertEqual(l.problems[0].line, 2)
        XCTAssertTrue(l.problems.contains { $0.field == "currency" && $0.severity == .warning })   // no currency anywhere
    }

    func testConfigErrorsNameTheLine() {
        XCTAssertThrowsError(try ConfigParser.parse("reporting_currency = \"EUR\"\n\n[aging]\nbasis = \"due_date\"\ndelimeter = \";\"\n")) { e in
            let c = e as! ConfigError
            XCTAssertEqual(c.line, 5)
            XCTAssertTrue(c.message.contains("unknown key aging.delimeter"))
        }
        XCTAssertThrowsError(try ConfigParser.parse("[files.invoices.columns]\ninvoice_no = \"X\"\n")) { e in
            XCTAssertEqual((e as! ConfigError).line, 2)
        }
        XCTAssertThrowsError(try ConfigParser.parse("[aging]\nedges = [60, 30]\n")) { e in
            XCTAssertEqual((e as! ConfigError).line, 2)
        }
        XCTAssertThrowsError(try ConfigParser.parse("reporting_currency = \n")) { e in
            XCTAssertEqual((e as! ConfigError).line, 1)
        }
        XCTAssertThrowsError(try ConfigParser.parse("[format]\ndate_format = \"dd-MMM-yy\"\n")) { e in
            XCTAssertEqual((e as! ConfigError).line, 2)
        }
        let ok = try! ConfigParser.parse("[format]\ndelimiter = \"\\t\"\nthousands_separator = \"\"\n[aging]\nallocate_credits = true\n")
        XCTAssertEqual(ok.format.delimiter, 9)
        XCTAssertEqual(ok.format.thousandsSeparator, .some(nil))
        XCTAssertTrue(ok.allocateCredits)
    }

    /// Nothing crashes on any byte sequence: random bytes and mangled CSV.
    func testArbitraryBytesNeverCrash() throws {
        var rng = SplitMix64(seed: 2024)
        let valid = Array("document_id,customer_id,type,document_date,due_date,currency,amount\nD1,C1,invoice,2024-01-10,2024-02-09,EUR,100.00\n\"D2\",C1,,10/01/2024,,EUR,\"1,5\"\n".utf8)
        let alphabet: [UInt8] = [0, 9, 10, 13, 34, 44, 59, 0x2D, 0x2E, 0x31, 0x39, 0x41, 0x7F, 0x80, 0xC3, 0xA9, 0xE2, 0x80, 0xAF, 0xEF, 0xBB, 0xBF, 0xFF]
        for round in 0..<150 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = (0..<rng.int(0...400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                for _ in 0..<rng.int(1...12) {
                    let i = rng.int(0...max(0, bytes.count - 1))
                    switch rng.int(0...2) {
                    case 0: if !bytes.isEmpty { bytes[i] = alphabet[rng.int(0...alphabet.count - 1)] }
                    case 1: bytes.insert(alphabet[rng.int(0...alphabet.count - 1)], at: min(i, bytes.count))
                    default: if !bytes.isEmpty { bytes.remove(at: i) }
                    }
                }
            }
            let t = TempLedger([:])
            t.write("invoices.csv", Data(bytes))
            t.write("payments.csv", Data(bytes.reversed()))
            let l = try t.load()
            let r = Aging.report(l, asOf: date("2024-06-30"))
            XCTAssertNoThrow(try r.verify())
            _ = DSO.series(l, asOf: date("2024-06-30"))
        }
    }

    /// Rows with no currency anywhere are counted per file, each warning naming its own
    /// file and first line (a trial saw the payments' three counted under invoices.csv).
    func testRowsWithoutCurrencyAreCountedPerFile() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,amount\nD1,C1,2024-01-01,2024-01-31,100.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,amount,document_id\nP1,C1,2024-01-10,10.00,\nP2,C1,2024-01-11,20.00,\nP3,C1,2024-01-12,30.00,\n"]).load()
        let said = l.problems.filter { $0.field == "currency" }.map { "\($0.file):\($0.line ?? 0) \($0.reason.prefix(9))" }
        XCTAssertEqual(said, ["invoices.csv:2 1 row(s) ", "payments.csv:2 3 row(s) "])
    }

    /// A payment row rejected for its amount gets that error alone, not also "kept as
    /// unapplied cash"; a document rejected for conflicting rows is named as rejected, not
    /// "not found" (a trial looked for X1 in invoices.csv and found it there).
    func testPaymentNamingARejectedDocument() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nX1,A,2024-01-01,2024-01-31,EUR,100.00\nX1,A,2024-01-01,2024-01-31,EUR,200.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nQ5,A,2024-01-10,EUR,,X1\nQ6,A,2024-01-11,EUR,50.00,X1\nQ7,A,2024-01-12,EUR,5.00,X9\n"]).load()
        let said = l.problems.filter { $0.file == "payments.csv" }.map { "\($0.line ?? 0) \($0.field ?? ""): \($0.reason)" }
        XCTAssertEqual(said, ["2 amount: empty amount; row rejected",
                              "3 document_id: document \"X1\" was rejected (rows with different values share its id): kept as unapplied cash",
                              "4 document_id: document \"X9\" not found: kept as unapplied cash"])
    }

    /// date_format in ardash.toml that the dates do not fit, while they all fit another:
    /// the file is refused, naming the format they fit (a trial's d/M/yyyy on M/d/yyyy
    /// dates rejected 2,092 rows and loaded 374 with day and month swapped).
    func testAConfiguredDateFormatTheDatesDoNotFit() throws {
        let invoices = "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,3/5/2024,4/4/2024,EUR,100.00\nD2,C1,6/13/2024,7/13/2024,EUR,50.00\n"
        let l = try TempLedger(["invoices.csv": invoices]).load(config: "[format]\ndate_format = \"d/M/yyyy\"\n")
        XCTAssertEqual(l.documents.count, 0)
        let e = l.problems.first { $0.severity == .error }
        XCTAssertEqual(e?.line, nil)
        XCTAssertEqual(e?.field, "document_date")
        XCTAssertEqual(e?.reason, "the date_format in ardash.toml (read as dd/MM/yyyy) does not read 2 of the first 4 dates (\"6/13/2024\", line 3); they all read as MM/dd/yyyy: set [files.invoices] date_format = \"MM/dd/yyyy\"; the file was not loaded")
        // The right format loads both; a format the data fits is never second-guessed.
        XCTAssertEqual(try TempLedger(["invoices.csv": invoices]).load(config: "[format]\ndate_format = \"M/d/yyyy\"\n").documents.count, 2)
        let ambiguous = "document_id,customer_id,document_date,due_date,currency,amount\nD1,C1,3/5/2024,4/4/2024,EUR,100.00\n"
        XCTAssertEqual(try TempLedger(["invoices.csv": ambiguous]).load(config: "[format]\ndate_format = \"d/M/yyyy\"\n").documents.first?.date.description, "2024-05-03")
        // A format that reads none of the dates, which fit two others: refused too.
        let none = try TempLedger(["invoices.csv": ambiguous]).load(config: "[format]\ndate_format = \"yyyy-MM-dd\"\n")
        XCTAssertTrue(none.problems.first?.reason.hasPrefix("the date_format in ardash.toml (read as yyyy-MM-dd) reads none of the first 2 dates (\"3/5/2024\", line 2)") == true,
                      none.problems.first?.reason ?? "")
        // Past the first 2,000 rows: 2,100 rows with days up to 12 read either way, then 50
        // with days from 13 show the file is dd/MM; MM/dd/yyyy is refused, not used on the
        // first rows with day and month swapped (a trial's 2,880 rows).
        var big = "document_id,customer_id,document_date,due_date,currency,amount\n"
        for i in 0..<2100 { big += "A\(i),C1,0\(1 + i % 9)/03/2024,0\(1 + i % 9)/04/2024,EUR,1.00\n" }
        for i in 0..<50 { big += "B\(i),C1,\(13 + i % 15)/03/2024,\(13 + i % 15)/04/2024,EUR,1.00\n" }
        let late = try TempLedger(["invoices.csv": big]).load(config: "[format]\ndate_format = \"MM/dd/yyyy\"\n")
        XCTAssertEqual(late.documents.count, 0)
        XCTAssertTrue(late.problems.contains { $0.line == nil && $0.reason.hasPrefix("the date_format in ardash.toml (read as MM/dd/yyyy) does not read 100 of the 4300 dates") },
                      late.problems.prefix(3).map(\.reason).joined(separator: " | "))
    }

    /// A negative payment on an invoice its payments do not cover is said (a receipt
    /// exported with its sign turned made a 100.00 invoice owe 200.00, unsaid); a refund
    /// of an over-payment is not.
    func testANegativeReceiptOnAnUnpaidInvoiceIsSaid() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nA1,K1,2026-11-01,2026-11-30,EUR,100.00\nA2,K1,2026-11-01,2026-11-30,EUR,100.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,K1,2026-11-05,EUR,-100.00,A1\nP2,K1,2026-11-05,EUR,120.00,A2\nP3,K1,2026-11-06,EUR,-20.00,A2\n"]).load()
        XCTAssertEqual(l.open("A1", asOf: "2026-11-10"), "200.00")   // counted as written
        XCTAssertEqual(l.open("A2", asOf: "2026-11-10"), "0.00")
        XCTAssertEqual(l.problems.map { "\($0.file):\($0.line ?? 0) \($0.field ?? "")" }, ["payments.csv:2 amount"])
        XCTAssertTrue(l.problems.first?.reason.hasPrefix("-100.00 applied to A1, which its payments do not cover") == true)
    }

    /// An export writing every receipt negative (SAP line items, QuickBooks) is refused
    /// as a whole, naming the setting; with `receipts = "negative"` it reads right. A trial
    /// saw AR 8.02M for 437K behind a single warning. Hand-worked: 12 invoices of 100.00,
    /// each paid 100.00 but for I12, paid 40.00: open 60.00.
    func testReceiptsWrittenNegativeAreRefusedThenReadWithTheSetting() throws {
        var inv = "document_id,customer_id,document_date,due_date,currency,amount\n"
        var pay = "payment_id,customer_id,payment_date,currency,amount,document_id\n"
        for k in 1...12 {
            inv += "I\(k),K1,2026-10-01,2026-10-31,EUR,100.00\n"
            pay += "P\(k),K1,2026-10-20,EUR,-\(k == 12 ? "40.00" : "100.00"),I\(k)\n"
        }
        let t = TempLedger(["invoices.csv": inv, "payments.csv": pay])
        let refused = try t.load()
        XCTAssertEqual(refused.wholeFileProblem?.file, "payments.csv")
        XCTAssertTrue(refused.wholeFileProblem?.reason.hasPrefix("12 of the 12 payments are negative (12 applied to documents they leave open above their own amount, 0 on no document; the first on line 2)") == true, "\(refused.problems)")
        XCTAssertTrue(refused.wholeFileProblem?.reason.contains("set receipts = \"negative\" in [files.payments]") == true)
        XCTAssertEqual(refused.payments.count, 0)
        let read = try t.load(config: "[files.payments]\nreceipts = \"negative\"\n")
        XCTAssertNil(read.wholeFileProblem)
        XCTAssertEqual(read.payments.map(\.amount.minorUnits).reduce(0, +), 114000)
        XCTAssertEqual(Aging.report(read, asOf: date("2026-11-10")).sections.map(\.total), [6000])
        XCTAssertEqual(read.open("I12", asOf: "2026-11-10"), "60.00")
    }

    /// An amount cut at an unquoted thousands separator is rejected, not read as 1.00 with
    /// "234.56" in the next column (a trial: no message at all). A trailing empty column
    /// and a three-digit reference in its own column are still fine.
    func testAnAmountSplitByAnUnquotedThousandsSeparatorIsRejected() throws {
        let l = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount,reference\nF1,C1,2024-03-01,2024-03-31,EUR,1,234.56,\nF2,C1,2024-03-01,2024-03-31,EUR,2.00,ref\nF3,C1,2024-03-01,2024-03-31,EUR,12,345,\nF4,C1,2024-03-01,2024-03-31,EUR,12,345\n"]).load()
        XCTAssertEqual(l.documents.map(\.id), ["F2", "F4"])   // F4: 12.00, reference 345
        XCTAssertEqual(l.problems.filter { $0.severity == .error }.map { "\($0.line ?? 0) \($0.field ?? "")" }, ["2 amount", "4 amount"])
        XCTAssertTrue(l.problems.first?.reason.contains("then \"234.56\" in the next field: a thousands separator written without quotes?") == true,
                      l.problems.first?.reason ?? "")
        // A header ending in an unnamed column takes the overflow the same way; a row that
        // stops before that unnamed column is whole (a trial saw every such row rejected).
        let m = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount,\nF1,C1,2024-03-01,2024-03-31,EUR,1,234.56\nF2,C1,2024-03-01,2024-03-31,EUR,2.00,\nF3,C1,2024-03-01,2024-03-31,EUR,3.00\n"]).load()
        XCTAssertEqual(m.documents.map(\.id), ["F2", "F3"])
        // Not a split (trial 9's false alarms): every row padded with a trailing comma (an
        // export's habit, so 1 then 345 is an amount and a reference), a quoted amount, an
        // amount starting with 0, a ';' file.
        let padded = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount,reference\nF1,C1,2024-05-01,2024-05-31,EUR,1,345,\nF2,C1,2024-05-01,2024-05-31,EUR,12,123.45,\nF3,C1,2024-05-01,2024-05-31,EUR,500,PO-1,\n"]).load()
        // A group with decimals after a bare amount is a cut amount even there, and even in a
        // row of the header's length (trial 10: a payment of 1,500.00 loaded as 1.00).
        XCTAssertEqual(padded.documents.map { "\($0.id) \($0.amount.decimalString) \($0.reference)" }, ["F1 1.00 345", "F3 500.00 PO-1"])
        let exact = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nF1,C1,2024-05-01,2024-05-31,EUR,9.00\n",
            "payments.csv": "payment_id,customer_id,payment_date,currency,amount,document_id\nP1,C1,2024-04-10,EUR,1,500.00\nP2,C1,2024-04-11,EUR,5.00,F1\n"]).load()
        XCTAssertEqual(exact.payments.map(\.id), ["P2"])
        XCTAssertEqual(exact.problems.first { $0.severity == .error }.map { "\($0.file):\($0.line ?? 0) \($0.field ?? "")" }, "payments.csv:2 amount")
        let other = try TempLedger([
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount,reference\nF1,C1,2024-05-01,2024-05-31,EUR,\"1\",\"345\",\nF2,C1,2024-05-01,2024-05-31,EUR,0,000,\nF3,C1,2024-05-01,2024-05-31,EUR,7.00,x\n"]).load()
        XCTAssertEqual(other.documents.map(\.id), ["F1", "F2", "F3"])
        let semicolons = try TempLedger([
            "invoices.csv": "document_id;customer_id;document_date;due_date;currency;amount;reference\nF1;C1;2024-05-01;2024-05-31;EUR;1;345;\nF2;C1;2024-05-01;2024-05-31;EUR;7,00;x\n"]).load()
        XCTAssertEqual(semicolons.documents.map(\.id), ["F1", "F2"])
    }

    /// A malformed amount ("1.2.3") is that row's problem, not evidence about the file's
    /// decimal mark: it had set off a conflict that refused a whole customers file. A
    /// credit limit that cannot be read leaves the customer without one (trial 14).
    func testAMalformedAmountRejectsItsRowOnly() throws {
        let l = try TempLedger([
            "customers.csv": "customer_id,name,currency,credit_limit,payment_terms\nC1,Alpha,EUR,10000.00,30\nC2,Beta,EUR,500.00,30\nC3,Gamma,EUR,1.2.3,30\n",
            "invoices.csv": "document_id,customer_id,document_date,due_date,currency,amount\nF1,C1,2024-05-01,2024-05-31,EUR,9.00\n"]).load()
        XCTAssertEqual(l.customers.filter { !$0.isPlaceholder }.map(\.id), ["C1", "C2", "C3"])
        XCTAssertEqual(l.customers.map { $0.creditLimit?.minorUnits ?? -1 }, [1000000, 50000, -1])
        XCTAssertEqual(l.problems.filter { $0.severity == .warning }.map { "\($0.line ?? 0) \($0.field ?? "")" }, ["4 credit_limit"])
        XCTAssertNil(l.wholeFileProblem)
    }
}
