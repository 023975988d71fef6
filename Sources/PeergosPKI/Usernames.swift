/// Username syntax and reserved names.
///
/// Syntax (upstream's `Usernames.REGEX`, `^[a-z0-9](?:[a-z0-9]|[-](?=[a-z0-9])){0,31}$`):
/// 1–32 characters of lowercase ASCII letters, digits and hyphens, starting with a letter or
/// digit, every hyphen followed by a letter or digit (so none at the end and none doubled).
public enum Usernames {
    /// Names a server refuses although they match the syntax (kept for federation and bridging).
    public static let banned: Set<String> = [
        "ipfs", "ipns", "root", "http", "https", "dns", "admin", "administrator", "support", "email", "mail", "www",
        "web", "onion", "tls", "i2p", "ftp", "sftp", "file", "mailto", "wss", "xmpp", "ssh", "smtp", "imap",
        "irc", "matrix", "twitter", "facebook", "instagram", "linkedin", "wechat", "tiktok", "reddit",
        "snapchat", "qq", "whatsapp", "signal", "telegram", "briar", "ssb", "mastodon",
        "apple", "google", "pinterest", "mls", "btc", "eth", "mnr", "zec", "friends", "followers", "username", "groups",
    ]

    /// Whether `name` matches the username syntax.
    public static func matchesSyntax(_ name: String) -> Bool {
        let chars = Array(name.utf8)
        guard (1...32).contains(chars.count) else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) }
        guard alnum(chars[0]) else { return false }
        for i in 1..<chars.count {
            let c = chars[i]
            if c == UInt8(ascii: "-") {
                guard i + 1 < chars.count, alnum(chars[i + 1]) else { return false }
            } else if !alnum(c) {
                return false
            }
        }
        return true
    }

    /// Whether a server accepts `name` for a new account: the syntax, and not reserved.
    public static func isValid(_ name: String) -> Bool { matchesSyntax(name) && !banned.contains(name) }
}
