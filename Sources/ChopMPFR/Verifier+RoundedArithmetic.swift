import Chop

extension Verifier {
    /// The library side of every operation: `RoundedArithmetic`.
    public static let libraryArithmetic: LibraryOperation = { operation, a, b, c, format, mode, g in
        switch operation {
        case .add: return RoundedArithmetic.add(a, b, format: format, mode: mode, using: &g)
        case .subtract: return RoundedArithmetic.subtract(a, b, format: format, mode: mode, using: &g)
        case .multiply: return RoundedArithmetic.multiply(a, b, format: format, mode: mode, using: &g)
        case .divide: return RoundedArithmetic.divide(a, b, format: format, mode: mode, using: &g)
        case .squareRoot: return RoundedArithmetic.squareRoot(a, format: format, mode: mode, using: &g)
        case .fusedMultiplyAdd: return RoundedArithmetic.fusedMultiplyAdd(a, b, c, format: format, mode: mode, using: &g)
        }
    }
}
