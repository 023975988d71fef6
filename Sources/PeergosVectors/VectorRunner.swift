import Foundation

/// The outcome of one vector.
public struct VectorResult: Sendable {
    public enum Status: String, Sendable { case passed, failed, skipped }
    public let file: String
    public let area: String
    public let id: String
    public let kind: String
    public let status: Status
    /// What differed (failed) or why it was not run (skipped); empty when passed.
    public let message: String
}

/// The outcome of a whole run.
public struct VectorReport: Sendable {
    public var results: [VectorResult] = []
    public init() {}

    /// Files that could not be read as vector files, with the reason.
    public var unreadableFiles: [(path: String, reason: String)] = []

    public var passed: Int { results.filter { $0.status == .passed }.count }
    public var failed: Int { results.filter { $0.status == .failed }.count + unreadableFiles.count }
    public var skipped: Int { results.filter { $0.status == .skipped }.count }

    /// The closing line: `N passed, M failed, K skipped`.
    public var summaryLine: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }
}

/// Reads vector files (the JSON layout of the upstream golden vectors) and checks each vector
/// with the area's checker. This is the edge where files are read; the checkers are pure.
public enum VectorRunner {
    /// All `.json` files under the given files or folders, sorted, skipping non-vector JSON.
    public static func collectFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw VectorFormatError.notAVectorFile("\(path) does not exist")
            }
            if isDir.boolValue {
                let enumerator = fm.enumerator(atPath: path)
                while let rel = enumerator?.nextObject() as? String {
                    if rel.hasSuffix(".json") { files.append((path as NSString).appendingPathComponent(rel)) }
                }
            } else {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// Whether the JSON object looks like a vector file (`area` and `vectors`).
    static func isVectorFile(_ json: Any) -> Bool {
        guard let obj = json as? [String: Any] else { return false }
        return obj["area"] is String && obj["vectors"] is [Any]
    }

    /// The vector-file form of a JSON file: as it is, or converted from NIST ACVP's layout
    /// (``ACVPFile``); nil for other JSON.
    static func vectorFile(_ json: Any) throws -> [String: Any]? {
        if isVectorFile(json), let obj = json as? [String: Any] { return obj }
        if let obj = json as? [String: Any], ACVPFile.isACVP(obj) { return try ACVPFile.vectorFile(obj) }
        return nil
    }

    /// Checks every vector of every vector file among `paths` (files or folders).
    /// JSON files without `area`/`vectors` found while walking folders (schemas, other data) are ignored;
    /// a file named explicitly must be a vector file.
    /// With `strict`, a vector that passes but has fields its checker did not read fails.
    public static func run(paths: [String], areas: [String: VectorArea] = VectorArea.implemented, strict: Bool = false) throws -> VectorReport {
        var report = VectorReport()
        let explicit = Set(paths)
        for file in try collectFiles(paths) {
            let json: Any
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                json = try JSONSerialization.jsonObject(with: data)
            } catch {
                report.unreadableFiles.append((file, "cannot read JSON: \(error)"))
                continue
            }
            let converted: [String: Any]?
            do {
                converted = try vectorFile(json)
            } catch {
                report.unreadableFiles.append((file, "\(error)"))
                continue
            }
            guard let obj = converted else {
                if explicit.contains(file) { report.unreadableFiles.append((file, "no \"area\" and \"vectors\" fields")) }
                continue
            }
            report.results += check(fileObject: obj, file: file, areas: areas, strict: strict)
        }
        return report
    }

    /// Checks the vectors of one decoded vector file.
    /// Every vector gets exactly one result: passed, failed (a mismatch, an unexpected error, a
    /// format error such as a missing or mistyped field, or, with `strict`, unread fields) or skipped.
    public static func check(fileObject: [String: Any], file: String, areas: [String: VectorArea], strict: Bool = false) -> [VectorResult] {
        let areaName = (fileObject["area"] as? String) ?? ""
        let vectors = (fileObject["vectors"] as? [Any]) ?? []
        var results: [VectorResult] = []
        for (index, item) in vectors.enumerated() {
            let vector: Vector
            do {
                guard let fields = item as? [String: Any] else { throw VectorFormatError.missingField("vectors[\(index)]", vector: "#\(index)") }
                vector = try Vector(fields: fields, area: areaName)
            } catch {
                results.append(VectorResult(file: file, area: areaName, id: "#\(index)", kind: "", status: .failed,
                                            message: "vector \(index): \(error)"))
                continue
            }
            guard let area = areas[areaName] else {
                results.append(VectorResult(file: file, area: areaName, id: vector.id, kind: vector.kind, status: .skipped,
                                            message: "area \(areaName) is not implemented"))
                continue
            }
            do {
                try area.check(vector)
                let unread = vector.unreadFields
                if vector.has("error") && !vector.wasRead("error") {
                    // A kind without a failure path would otherwise pass a negative vector as a positive one.
                    results.append(VectorResult(file: file, area: areaName, id: vector.id, kind: vector.kind, status: .failed,
                                                message: "the checker of kind \(vector.kind) ignores \"error\": the expected failure was not checked"))
                } else if strict && !unread.isEmpty {
                    results.append(VectorResult(file: file, area: areaName, id: vector.id, kind: vector.kind, status: .failed,
                                                message: "strict: fields the checker does not read: \(unread.joined(separator: ", "))"))
                } else {
                    results.append(VectorResult(file: file, area: areaName, id: vector.id, kind: vector.kind, status: .passed, message: ""))
                }
            } catch let skip as VectorSkip {
                results.append(VectorResult(file: file, area: areaName, id: vector.id, kind: vector.kind, status: .skipped, message: skip.reason))
            } catch {
                results.append(VectorResult(file: file, area: areaName, id: vector.id, kind: vector.kind, status: .failed, message: "\(error)"))
            }
        }
        return results
    }
}
