/// A calendar date as upstream writes claim expiries (Java `LocalDate.toString`): `YYYY-MM-DD`,
/// with a sign and more digits for years beyond 9999 (`LocalDate.MAX` = `+999999999-12-31`).
public struct PKIDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `LocalDate.MAX`, the expiry of links superseded by a key change.
    public static let max = PKIDate(unchecked: 999_999_999, 12, 31)

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(year: Int, month: Int, day: Int) throws {
        // The year range is checked first and without `abs`, which traps on Int.min.
        guard (-999_999_999...999_999_999).contains(year), (1...12).contains(month),
              (1...PKIDate.daysIn(month: month, year: year)).contains(day) else {
            throw PKIError.invalidDate("\(year)-\(month)-\(day)")
        }
        self.init(unchecked: year, month, day)
    }

    /// Reads `YYYY-MM-DD`, `+YYYYY…-MM-DD` (more than 4 year digits) or `-YYYY…-MM-DD` (at
    /// least 4), as Java's `LocalDate.parse` reads what `toString` writes.
    public init(_ text: String) throws {
        var body = Substring(text)
        var sign = 1
        var minYearDigits = 4, maxYearDigits = 4
        if body.first == "+" || body.first == "-" {
            sign = body.first == "-" ? -1 : 1
            // A plus only when the year needs more than 4 digits; a minus with 4 or more.
            (minYearDigits, maxYearDigits) = (sign < 0 ? 4 : 5, Int.max)
            body = body.dropFirst()
        }
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts[1].count == 2, parts[2].count == 2,
              (minYearDigits...maxYearDigits).contains(parts[0].count),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { throw PKIError.invalidDate(text) }
        try self.init(year: sign * y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: Swift.max(0, width - s.count)) + s
        }
        let y = year > 9999 ? "+" + String(year) : year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(y)-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: PKIDate, b: PKIDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
