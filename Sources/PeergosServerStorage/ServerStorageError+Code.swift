import PeergosCBOR

extension ServerStorageError: CodedError {
    /// `storage.<rule>`, one fixed code per case (SQLite's message is never part of the code).
    public var code: String {
        switch self {
        case .diskFull: return "storage.disk_full"
        case .corrupt: return "storage.corrupt"
        case .failure: return "storage.failure"
        case .dataFolder: return "storage.data_folder"
        case .quotaExceeded: return "storage.quota_exceeded"
        }
    }
}
