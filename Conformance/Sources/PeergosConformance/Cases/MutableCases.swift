/// Cases of area `mutable` (to be written).
enum MutableCases {
    static var all: [ConformanceCase] { [] }
}
