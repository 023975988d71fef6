import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosLogin

/// Upstream's signed times: the key's attached signature over the CBOR integer of the current time
/// in milliseconds; accepted when within `window` seconds of now.
enum SignedTime {
    static func check(_ signed: [UInt8], key: PublicSigningKey, window: Int, now: Date = Date()) throws {
        guard let millis = try? PeergosLogin.SignedTime.open(signed, key: key) else { throw PeergosServerError("Invalid signed time") }
        try within(millis, window: window, now: now)
    }

    /// Upstream's `TimeLimitedClient.SignedRequest`: the key's attached signature over the CBOR map
    /// `{p: api path, t: epoch millis}`; accepted for `path` only, within `window` seconds of now.
    static func checkRequest(_ signed: [UInt8], path: String, key: PublicSigningKey, window: Int, now: Date = Date()) throws {
        guard let (signedPath, millis) = try? PeergosLogin.SignedRequest.open(signed, key: key) else { throw PeergosServerError("Invalid signed request") }
        guard signedPath == path else { throw PeergosServerError("Signed request is for \(signedPath), not \(path)") }
        try within(millis, window: window, now: now)
    }

    static func within(_ millis: Int64, window: Int, now: Date) throws {
        // A range test, not |now - millis|: a signed time is chosen by the caller and the
        // subtraction could overflow.
        let nowMillis = Int64(now.timeIntervalSince1970 * 1000)
        let slack = Int64(window) * 1000
        guard millis >= nowMillis - slack, millis <= nowMillis + slack else { throw PeergosServerError("Signed time outside the allowed window") }
    }

    static func hex(_ text: String) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        var it = text.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x57
            case 0x41...0x46: return c - 0x37
            default: return nil
            }
        }
        while let a = it.next() {
            guard let b = it.next(), let hi = nibble(a), let lo = nibble(b) else { throw PeergosServerError.malformed("Invalid hex") }
            out.append(hi << 4 | lo)
        }
        return out
    }
}
