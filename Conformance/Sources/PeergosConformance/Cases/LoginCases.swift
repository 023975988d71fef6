/// Cases of area `login` (to be written).
enum LoginCases {
    static var all: [ConformanceCase] { [] }
}
