/// Cases of area `champ` (to be written).
enum ChampCases {
    static var all: [ConformanceCase] { [] }
}
