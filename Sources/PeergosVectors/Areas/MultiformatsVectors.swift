extension VectorArea {
    /// Area "multiformats" (being written).
    public static let multiformats = VectorArea(name: "multiformats") { vector in
        throw VectorSkip("kind \(vector.kind) of area multiformats is not implemented yet")
    }
}
