import ArgumentParser
@main struct Chop: ParsableCommand { static let configuration = CommandConfiguration(commandName: "chop") }
