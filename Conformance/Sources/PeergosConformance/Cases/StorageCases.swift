/// Cases of area `storage` (to be written).
enum StorageCases {
    static var all: [ConformanceCase] { [] }
}
