extension FaultMap {
    /// Area file: the variants that break the cases of this area.
    static var http: [Entry] {
        [
            (.http(.emptyAnswers("api/v0/id")), ["http.id.answers-node-id"]),
            (.http(.acceptAnyMethod("api/v0/block/get")), ["http.method.get-refused-with-405"]),
        ]
    }
}
