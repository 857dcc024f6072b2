import Foundation

/// The Slurm scripts `chop verify --exhaustive … --emit-slurm DIR` writes: a job array
/// with one shard per task, a merge job that runs after the whole array succeeded
/// (`--dependency=afterok`), a submit script chaining the two, and the same shards
/// under GNU parallel for a single machine.
struct SlurmScripts {
    var directory: String
    /// The `chop verify` options that select the spaces.
    var arguments: [String]
    var shards: Int
    var threads: Int

    /// POSIX shell quoting.
    static func quote(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./,:=+@%".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    var chopPath: String {
        let arg0 = CommandLine.arguments[0]
        if arg0.hasPrefix("/") { return arg0 }
        if arg0.contains("/") { return FileManager.default.currentDirectoryPath + "/" + arg0 }
        return arg0
    }

    func write() throws {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: dir + "/results", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/logs", withIntermediateDirectories: true)
        } catch {
            throw CLIError.report("cannot create --emit-slurm directory '\(directory)': \(error.localizedDescription)")
        }
        let space = arguments.map(Self.quote).joined(separator: " ")
        let q = Self.quote(dir)
        let header = """
            # Written by `chop verify \(space) --emit-slurm \(directory) --shards \(shards)`.
            # CHOP overrides the chop executable (a release build: swift build -c release).
            CHOP="${CHOP:-\(Self.quote(chopPath))}"
            DIR=\(q)
            """
        let array = """
            #!/bin/bash
            #SBATCH --job-name=chop-verify
            #SBATCH --array=0-\(shards - 1)
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=\(threads)
            #SBATCH --output=\(dir)/logs/shard-%a.log
            set -euo pipefail
            \(header)
            K="${SLURM_ARRAY_TASK_ID:?run as a Slurm array task}"
            # Exit status 1 (a mismatch) must not fail the task: merge reports it.
            "$CHOP" verify \(space) --shard "$K/\(shards)" --threads "${SLURM_CPUS_PER_TASK:-\(threads)}" \\
                --json-out "$DIR/results/shard-$K.json" --output table || [ $? -eq 1 ]

            """
        let merge = """
            #!/bin/bash
            #SBATCH --job-name=chop-verify-merge
            #SBATCH --ntasks=1
            #SBATCH --output=\(dir)/logs/merge.log
            set -uo pipefail
            \(header)
            "$CHOP" verify merge "$DIR"/results/shard-*.json --output json > "$DIR/merged.json"
            "$CHOP" verify merge "$DIR"/results/shard-*.json --output table | tee "$DIR/merged.txt"

            """
        let submit = """
            #!/bin/bash
            # Submits the array, then the merge after every array task succeeded.
            set -euo pipefail
            DIR=\(q)
            ARRAY=$(sbatch --parsable "$DIR/array.sbatch")
            MERGE=$(sbatch --parsable --dependency=afterok:"${ARRAY%%;*}" "$DIR/merge.sbatch")
            echo "array job $ARRAY, merge job $MERGE; results in $DIR/merged.txt"

            """
        let parallel = """
            #!/bin/bash
            # The same shards on one machine with GNU parallel (JOBS at a time, default: all cores).
            set -euo pipefail
            \(header)
            JOBS="${JOBS:-$(nproc)}"
            seq 0 \(shards - 1) | parallel -j "$JOBS" --halt never \\
                "\\"$CHOP\\" verify \(space.replacingOccurrences(of: "\"", with: "\\\"")) --shard {}/\(shards) --threads 1 --json-out \\"$DIR/results/shard-{}.json\\" --output table > \\"$DIR/logs/shard-{}.log\\" 2>&1 || [ \\$? -eq 1 ]"
            "$CHOP" verify merge "$DIR"/results/shard-*.json --output table | tee "$DIR/merged.txt"

            """
        for (name, text) in [("array.sbatch", array), ("merge.sbatch", merge), ("submit.sh", submit), ("parallel.sh", parallel)] {
            let path = dir + "/" + name
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            } catch {
                throw CLIError.report("cannot write '\(path)': \(error.localizedDescription)")
            }
        }
        print("wrote \(dir)/array.sbatch, merge.sbatch, submit.sh, parallel.sh (\(shards) shards)")
        print("submit: \(dir)/submit.sh    one machine: \(dir)/parallel.sh")
    }
}
