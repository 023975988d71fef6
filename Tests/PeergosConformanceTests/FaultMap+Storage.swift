extension FaultMap {
    /// Area file: the variants that break the cases of this area.
    static var storage: [Entry] { [] }
}
