import Foundation

/// JSON null for generated vectors.
enum NSNullValue {
    static var value: Any { NSNull() }
}
