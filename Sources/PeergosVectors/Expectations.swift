import PeergosCBOR

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

/// Whether an error is the checker's own verdict (mismatch, skip, format error) rather than an
/// error raised by the code under test. Such errors pass through `expect...` unchanged, so a
/// missing field is never taken for the failure a negative vector expects.
func isCheckerVerdict(_ error: any Error) -> Bool {
    error is VectorMismatch || error is VectorSkip || error is VectorFormatError
}

/// Fails the vector unless `body` throws an error whose ``CodedError`` code is `code`.
/// Returns the error thrown.
@discardableResult
public func expectFailure<T>(_ what: String, code: String, _ body: () throws -> T) throws -> any Error {
    let value: T
    do {
        value = try body()
    } catch {
        if isCheckerVerdict(error) { throw error }
        let got = CodedErrors.code(of: error)
        guard got == code else { throw VectorMismatch("\(what): expected error \(code), got \(got) (\(error))") }
        return error
    }
    throw VectorMismatch("\(what): expected error \(code), but it succeeded with \(value)")
}

/// For a negative vector: fails unless `body` throws the error the vector names (its `code`, or
/// its `upstream_exception` mapped through ``UpstreamExceptions``). The expected code is read
/// before `body` runs, so a negative vector without one is a format error whatever `body` does.
@discardableResult
public func expectError<T>(_ v: Vector, _ what: String, _ body: () throws -> T) throws -> any Error {
    let code = try v.expectedErrorCode()
    return try expectFailure(what, code: code, body)
}

/// Runs `body`, turning any error it throws into a mismatch that names `what` (checker verdicts
/// such as a format error pass through unchanged).
public func expectSuccess<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        if isCheckerVerdict(error) { throw error }
        throw VectorMismatch("\(what): unexpected error \(CodedErrors.code(of: error)) (\(error))")
    }
}
