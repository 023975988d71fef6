/// Cases of area `space` (to be written).
enum SpaceCases {
    static var all: [ConformanceCase] { [] }
}
