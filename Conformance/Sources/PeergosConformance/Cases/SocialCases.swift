/// Cases of area `social` (to be written).
enum SocialCases {
    static var all: [ConformanceCase] { [] }
}
