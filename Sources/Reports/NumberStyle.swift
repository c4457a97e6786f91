import Receivables

/// How amounts are punctuated in text meant for people (tables, screens). CSV and JSON
/// always use a plain `1234.56`.
public struct NumberStyle: Sendable, Equatable {
    public var groupSeparator: String
    public var decimalSeparator: String

    public init(groupSeparator: String = ",", decimalSeparator: String = ".") {
        self.groupSeparator = groupSeparator
        self.decimalSeparator = decimalSeparator
    }

    /// "1,234.56".
    public static let english = NumberStyle()
    /// "1 234,56" with a narrow no-break space, as French typography writes it.
    public static let french = NumberStyle(groupSeparator: "\u{202F}", decimalSeparator: ",")

    /// Parses `[display] number_format`, a sample of 1234.56 as it should look:
    /// "1 234,56", "1.234,56", "1,234.56", "1'234.56", "1234.56". nil for anything else.
    public init?(sample: String) {
        guard sample.hasPrefix("1"), sample.hasSuffix("56") else { return nil }
        var body = sample.dropFirst().dropLast(2)
        guard let dec = body.last, dec == "," || dec == "." else { return nil }
        body = body.dropLast()
        guard body.hasSuffix("234") else { return nil }
        let group = String(body.dropLast(3))
        guard ["", " ", "\u{00A0}", "\u{202F}", "\u{2009}", ",", ".", "'"].contains(group), group != String(dec) else { return nil }
        self.init(groupSeparator: group, decimalSeparator: String(dec))
    }

    /// Grouped text of `minor` units with `digits` decimals.
    public func format(_ minor: Int64, digits: Int) -> String {
        Money.grouped(minor, digits: digits, separator: groupSeparator, decimal: decimalSeparator)
    }

    public func format(_ money: Money) -> String { format(money.minorUnits, digits: money.currency.minorDigits) }
}
