/// Cases of area `pki` (to be written).
enum PKICases {
    static var all: [ConformanceCase] { [] }
}
