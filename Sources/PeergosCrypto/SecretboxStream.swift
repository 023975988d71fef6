import CSodium
import PeergosSecrets

/// XSalsa20-Poly1305 secretbox (the construction of `crypto_secretbox_easy`) computed over a
/// message held in pieces, so that a large plaintext or ciphertext is never concatenated into one
/// buffer: file chunks are sealed straight into their fragment blocks and opened straight from them.
///
/// The construction, as libsodium computes it: subkey = HSalsa20(key, nonce[0..<16]); the Salsa20
/// keystream under (subkey, nonce[16..<24]) gives the Poly1305 key (its first 32 bytes) and
/// encrypts message byte `i` with keystream byte `32 + i`; the tag is Poly1305 of the whole
/// ciphertext. So `MAC ‖ ciphertext` here is byte-identical to `crypto_secretbox_easy`
/// (``SymmetricKey/encrypt(_:nonce:)``), however the message is split (tests compare the two).
///
/// Invariants: the subkey lives in ``SecretBytes`` (erased when freed) and every keystream block
/// copied out is erased after use. The tag covers ciphertext given to ``authenticate(_:count:)``
/// in order, so a caller must authenticate every ciphertext byte in message order. A caller that
/// opens must compare the tag (``verify(tag:)``) before it releases any plaintext it decrypted.
public final class SecretboxStream {
    private let subkey: SecretBytes
    private let nonceTail: [UInt8]
    private var state = crypto_onetimeauth_poly1305_state()
    private var finished = false

    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` for a nonce that is not 24 bytes.
    public init(key: SymmetricKey, nonce: [UInt8]) throws {
        try CryptoError.checkLength(nonce, SymmetricKey.nonceLength, "secretbox nonce")
        Sodium.ensureReady()
        subkey = key.secret.withUnsafeBytePointer { k in
            SecretBytes(count: 32) { out in
                Sodium.requireSuccess(crypto_core_hsalsa20(out, nonce, k, nil), "crypto_core_hsalsa20")
            }
        }
        nonceTail = Array(nonce[16..<24])
        var polyKey = [UInt8](repeating: 0, count: 32)
        defer { SecretBytes.erase(&polyKey) }
        subkey.withUnsafeBytePointer { k in
            Sodium.requireSuccess(crypto_stream_salsa20(&polyKey, 32, nonceTail, k), "crypto_stream_salsa20")
        }
        Sodium.requireSuccess(crypto_onetimeauth_poly1305_init(&state, polyKey), "crypto_onetimeauth_poly1305_init")
    }

    deinit {
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
    }

    /// XORs `count` bytes of keystream, those for message offsets `messageOffset ..< messageOffset
    /// + count`, onto `source` (zeros when nil) and writes them to `destination` (which may equal
    /// `source`). Encrypts plaintext and decrypts ciphertext alike; touches no tag state.
    public func xor(_ source: UnsafePointer<UInt8>?, count: Int, messageOffset: Int, into destination: UnsafeMutablePointer<UInt8>) {
        precondition(count >= 0 && messageOffset >= 0, "secretbox stream: negative range")
        guard count > 0 else { return }
        var done = 0
        let streamOffset = 32 + messageOffset
        subkey.withUnsafeBytePointer { k in
            let within = streamOffset % 64
            if within != 0 {
                // The first, partial 64-byte keystream block.
                var block = [UInt8](repeating: 0, count: 64)
                defer { SecretBytes.erase(&block) }
                block.withUnsafeMutableBufferPointer { b in
                    Sodium.requireSuccess(crypto_stream_salsa20_xor_ic(b.baseAddress!, b.baseAddress!, 64, nonceTail, UInt64(streamOffset / 64), k),
                                          "crypto_stream_salsa20_xor_ic")
                }
                done = min(count, 64 - within)
                for i in 0..<done { destination[i] = (source?[i] ?? 0) ^ block[within + i] }
            }
            if done < count {
                let from: UnsafePointer<UInt8>
                if let source {
                    from = source + done
                } else {
                    (destination + done).initialize(repeating: 0, count: count - done)
                    from = UnsafePointer(destination + done)
                }
                Sodium.requireSuccess(crypto_stream_salsa20_xor_ic(destination + done, from, UInt64(count - done), nonceTail,
                                                                   UInt64((streamOffset + done) / 64), k),
                                      "crypto_stream_salsa20_xor_ic")
            }
        }
    }

    /// Feeds the next `count` ciphertext bytes (in message order) to the tag.
    public func authenticate(_ ciphertext: UnsafePointer<UInt8>, count: Int) {
        precondition(!finished, "secretbox stream: the tag was already taken")
        Sodium.requireSuccess(crypto_onetimeauth_poly1305_update(&state, ciphertext, UInt64(count)), "crypto_onetimeauth_poly1305_update")
    }

    /// Encrypts the next `count` message bytes (zeros when `source` is nil) into `destination`
    /// and feeds the ciphertext to the tag: sealing is this, in message order, then ``tag()``.
    public func seal(_ source: UnsafePointer<UInt8>?, count: Int, messageOffset: Int, into destination: UnsafeMutablePointer<UInt8>) {
        xor(source, count: count, messageOffset: messageOffset, into: destination)
        authenticate(destination, count: count)
    }

    /// The 16-byte tag of everything authenticated; taken once.
    public func tag() -> [UInt8] {
        precondition(!finished, "secretbox stream: the tag was already taken")
        finished = true
        return .filledInfallibly(SymmetricKey.macLength, by: "crypto_onetimeauth_poly1305_final") { out in
            crypto_onetimeauth_poly1305_final(&state, out)
        }
    }

    /// Whether `tag` (16 bytes) is the tag of everything authenticated, compared in constant time.
    public func verify(tag expected: ArraySlice<UInt8>) -> Bool {
        guard expected.count == SymmetricKey.macLength else { return false }
        let actual = tag()
        return actual.withUnsafeBufferPointer { a in
            expected.withUnsafeBufferPointer { e in crypto_verify_16(a.baseAddress!, e.baseAddress!) == 0 }
        }
    }
}
