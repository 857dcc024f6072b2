import ArgumentParser
import RoundingStudies

/// `chop study zoo`: every positive finite value of small formats.
struct StudyZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "List every positive finite value of formats of at most 16 bits (for number-line plots).",
        discussion: """
            One row per value, with a flag for subnormals. --modes and --seed are ignored.

            Examples:
              chop study zoo --formats e4m3fn,e2m1fn --output csv
            """
    )

    @OptionGroup var options: StudyOptions

    func run() throws {
        let study = try withStudyErrors("zoo") {
            try FormatZooStudy(formats: options.parsedFormats(default: "e5m2,e4m3fn,e3m2fn,e2m3fn,e2m1fn"))
        }
        let bar = options.progressBar(label: "zoo")
        let table = study.run(progress: bar.update)
        bar.finish()
        options.emit(table)
    }
}
