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
        guard let (group, decimal) = ConfigParser.numberSample(sample) else { return nil }
        self.init(groupSeparator: group, decimalSeparator: decimal)
    }

    /// Grouped text of `minor` units with `digits` decimals.
    public func format(_ minor: Int64, digits: Int) -> String {
        Money.grouped(minor, digits: digits, separator: groupSeparator, decimal: decimalSeparator)
    }

    public func format(_ money: Money) -> String { format(money.minorUnits, digits: money.currency.minorDigits) }

    /// A plain decimal ("10.15", a rate, a number of days) with this style's decimal mark.
    public func decimal(_ plain: String) -> String {
        decimalSeparator == "." ? plain : plain.replacingOccurrences(of: ".", with: decimalSeparator)
    }
}
