/// Cases of area `security` (to be written).
enum SecurityCases {
    static var all: [ConformanceCase] { [] }
}
