/// Cases of area `link` (to be written).
enum LinkCases {
    static var all: [ConformanceCase] { [] }
}
