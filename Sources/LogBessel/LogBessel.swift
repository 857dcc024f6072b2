// LogBessel
