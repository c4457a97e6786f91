/// An exact number of days, as a fraction: DSO values are ratios of money amounts and
/// must print the same on every machine, so no floating point is involved.
public struct DayCount: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let numerator: Int128
    /// Always > 0.
    public let denominator: Int128

    public init(_ numerator: Int128, over denominator: Int128 = 1) {
        precondition(denominator != 0)
        self.numerator = denominator < 0 ? -numerator : numerator
        self.denominator = denominator < 0 ? -denominator : denominator
    }

    public static func + (a: DayCount, b: DayCount) -> DayCount {
        DayCount(a.numerator * b.denominator + b.numerator * a.denominator, over: a.denominator * b.denominator).reduced
    }

    public static func < (a: DayCount, b: DayCount) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }
    public static func == (a: DayCount, b: DayCount) -> Bool { a.numerator * b.denominator == b.numerator * a.denominator }

    var reduced: DayCount {
        var a = numerator.magnitude, b = denominator.magnitude
        while b != 0 { (a, b) = (b, a % b) }
        guard a > 1 else { return self }
        let g = Int128(a)
        return DayCount(numerator / g, over: denominator / g)
    }

    /// Decimal text with `decimals` digits, rounded half-to-even: "68.80".
    public func formatted(decimals: Int) -> String {
        var scale: Int128 = 1
        for _ in 0..<decimals { scale *= 10 }
        let v = roundedHalfEven(numerator * scale, denominator)
        return Money.decimalString(Int64(v), digits: decimals)
    }

    /// One decimal, as reports print DSO: "61.0".
    public var description: String { formatted(decimals: 1) }
}
