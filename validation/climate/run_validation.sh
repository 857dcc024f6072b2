#!/bin/sh
# Regenerates the CSVs in validation/climate/ with the release build of `chop`.
#   swift build -c release --product chop && sh validation/climate/run_validation.sh [path/to/chop]
set -e
CHOP=${1:-.build/release/chop}
D=validation/climate
$CHOP climate lorenz --sbits 4...23 --modes rn,sr --members 50 --time 100 --seed 1 --output csv > $D/lorenz.csv
$CHOP climate soil --sbits 8...23 --modes rn,sr --members 6 --time 10 --seed 1 --output csv > $D/soil.csv
$CHOP climate soil --sbits 10,16,23,52 --modes rn,sr --members 2 --null 2 --time 10 --seed 1 --profiles > $D/soil_profiles.csv
$CHOP climate shallow-water --seed 1 --output csv > $D/shallow_water_default.csv
$CHOP climate shallow-water --time 1 --null 6 --sbits 10 --modes rn,sr --seed 1 --fields > $D/shallow_water_fields.csv
$CHOP climate shallow-water --seed 1 --seeds 3 --output csv > $D/shallow_water_seeds.csv
