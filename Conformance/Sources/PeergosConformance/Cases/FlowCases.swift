/// Cases of area `flow` (to be written).
enum FlowCases {
    static var all: [ConformanceCase] { [] }
}
