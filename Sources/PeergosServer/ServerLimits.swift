/// Limits the server enforces, as upstream's.
public enum ServerLimits {
    /// Largest block (upstream `Fragment.MAX_LENGTH_WITH_BAT_PREFIX`: 1 MiB + 100); a bulk put's total too.
    public static let maxBlockSize = 1_048_576 + 100
    /// Largest `setPointers` body (1 MiB) and `setPointer` body (1 KiB).
    public static let maxPointersBody = 1 << 20
    public static let maxPointerBody = 1 << 10
}
