// Every module that imports PeergosCrypto sees `SecretBytes` (Sources/PeergosSecrets), the storage
// all secret key types here keep their bytes in.
@_exported import PeergosSecrets
