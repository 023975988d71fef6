extension VectorArea {
    /// Area "crypto" (being written).
    public static let crypto = VectorArea(name: "crypto") { vector in
        throw VectorSkip("kind \(vector.kind) of area crypto is not implemented yet")
    }
}
