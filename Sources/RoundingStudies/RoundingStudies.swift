// RoundingStudies
