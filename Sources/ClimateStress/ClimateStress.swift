// ClimateStress
