#!/bin/sh
# W1 statistics of the Lorenz '63 climate test: permutation p-values, Benjamini-Hochberg
# q-values, 5 seeds with standard errors, and the ensemble-size dependence (10, 50, 200
# members). Writes validation/climate/lorenz_seeds_m*.csv and lorenz_seed1_m*.csv.
#   swift build -c release --product chop && sh validation/climate/run_statistics.sh [path/to/chop]
set -e
CHOP=${1:-.build/release/chop}
D=validation/climate
for M in 10 50 200; do
  $CHOP climate lorenz --sbits 4...16 --modes rn,sr --members $M --seed 1 --output csv > $D/lorenz_seed1_m$M.csv
  $CHOP climate lorenz --sbits 4...16 --modes rn,sr --members $M --seed 1 --seeds 5 --output csv > $D/lorenz_seeds_m$M.csv
done
