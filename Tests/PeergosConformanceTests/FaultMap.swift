/// For each broken variant, the cases it must make fail (result `fail` or `error`); every other
/// case must not fail against it (it passes, or is skipped because a prerequisite failed).
/// Ids may be globs. Each area's file adds its entries; ``FaultMap/all`` merges them.
///
/// Invariant (checked by a test): every MUST case is listed under at least one variant.
enum FaultMap {
    typealias Entry = (variant: BrokenVariant, failing: [String])

    static var all: [BrokenVariant: [String]] {
        var merged: [BrokenVariant: [String]] = [:]
        for (variant, ids) in http + storage + champ + mutable + pki + login + social + space + links + security + flows {
            merged[variant, default: []] += ids
        }
        return merged
    }
}
