/// A vector whose outcome differs from what it records. The message says what differed.
public struct VectorMismatch: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A vector that this implementation does not check (its kind is not implemented yet).
public struct VectorSkip: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Fails the vector unless `actual == expected`.
public func expect<T: Equatable>(_ actual: T, equals expected: T, _ what: String) throws {
    guard actual == expected else { throw VectorMismatch("\(what): expected \(expected), got \(actual)") }
}

/// Fails the vector unless the bytes are equal; the message shows both in hex.
public func expectBytes(_ actual: [UInt8], equals expected: [UInt8], _ what: String) throws {
    guard actual == expected else {
        throw VectorMismatch("\(what): expected \(Hex.encode(expected)), got \(Hex.encode(actual))")
    }
}

/// Fails the vector unless `body` throws. Returns the error thrown.
@discardableResult
public func expectFailure<T>(_ what: String, _ body: () throws -> T) throws -> any Error {
    do {
        let value = try body()
        throw VectorMismatch("\(what): expected an error, but it succeeded with \(value)")
    } catch let mismatch as VectorMismatch {
        throw mismatch
    } catch {
        return error
    }
}

/// Runs `body`, turning any error it throws into a mismatch that names `what`.
public func expectSuccess<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let mismatch as VectorMismatch {
        throw mismatch
    } catch {
        throw VectorMismatch("\(what): unexpected error \(error)")
    }
}
