"""Builds Notebooks/climate.ipynb (execute with Notebooks/run.sh or
   jupyter nbconvert --to notebook --execute --inplace Notebooks/climate.ipynb).
Reads the CSVs committed in validation/climate/ (see README.md there for the commands)."""
import nbformat as nbf, pathlib

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s))
code = lambda s: cells.append(nbf.v4.new_code_cell(s))

md("""# Climate stress test (Paxton et al. 2022) with SwiftChop

Low-precision runs (RN = round to nearest, SR = stochastic rounding; every operation rounded
once by the library's kernel) against binary64. For each diagnostic: W1 to a binary64
reference ensemble, its rank among binary64 null ensembles, a permutation p-value and a
Benjamini-Hochberg q-value over all tests of the run; a climate is *different* when
q <= 0.05. `sbits` = stored significand bits (10 = binary16's, 23 = binary32's).""")
code("""import pathlib
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
root = pathlib.Path.cwd()
if not (root / 'Package.swift').exists():
    root = root.parent
val = root / 'validation' / 'climate'""")
md("""## Shallow water: the fields

ShallowWaters.jl's default configuration (100 x 50 cells of 20 km, no-slip channel, ridge in
the middle, quadratic drag, biharmonic viscosity) after 200 days of binary64 spin-up, 5 days
of member decorrelation, then 2 days in each precision (`shallow_water_fields.csv`). Top: the
binary64 fields; below: the difference of the same member run with 10 significand bits under
RN and under SR.""")
code("""f = pd.read_csv(val / 'shallow_water_fields.csv')
def field(p, m, name):
    d = f[(f.precision == p) & (f['mode'] == m) & (f.field == name)]
    return d.pivot(index='j', columns='i', values='value').values
names = ['eta', 'u', 'v']
fig, axes = plt.subplots(3, 3, figsize=(14, 8), constrained_layout=True)
for c, name in enumerate(names):
    ref = field('binary64', 'rn', name)
    im = axes[0, c].imshow(ref, origin='lower', cmap='RdBu_r', vmin=-abs(ref).max(), vmax=abs(ref).max())
    axes[0, c].set_title(f'{name}, binary64'); fig.colorbar(im, ax=axes[0, c], shrink=0.8)
    for r, mode in enumerate(['rn', 'sr'], start=1):
        d = field('sbits=10', mode, name) - ref
        lim = abs(field('sbits=10', 'rn', name) - ref).max()
        im = axes[r, c].imshow(d, origin='lower', cmap='PuOr', vmin=-lim, vmax=lim)
        axes[r, c].set_title(f'{name}: 10 sbits {mode.upper()} - binary64 (rms {np.sqrt((d**2).mean()):.2g})')
        fig.colorbar(im, ax=axes[r, c], shrink=0.8)
plt.show()""")
md("""## Shallow water: W1, p-values and q-values of the default run

`chop climate shallow-water --output csv` (2 members, 7 null ensembles, 2 sampled days).""")
code("""sw = pd.read_csv(val / 'shallow_water_default.csv')
print(sw[['sbits', 'mode', 'diagnostic', 'w1', 'threshold', 'ratio', 'rank_p', 'p', 'q', 'different']].to_string(index=False))
fig, ax = plt.subplots(1, 3, figsize=(14, 3.5))
for k, d in enumerate(['eta', 'u', 'v']):
    s = sw[sw.diagnostic == d]
    for mode, off in [('rn', -0.2), ('sr', 0.2)]:
        t = s[s['mode'] == mode]
        ax[k].bar(t.sbits + off, t.w1, width=0.4, label=mode.upper())
    ax[k].axhline(s.threshold.iloc[0], color='k', ls='--', label='largest null W1')
    ax[k].set_yscale('log'); ax[k].set_xlabel('sbits'); ax[k].set_title(f'W1 of {d}')
ax[0].legend(); plt.show()""")
md("""## Lorenz '63: p-values over 5 seeds, and the ensemble size

`validation/climate/run_statistics.sh`: for 10, 50 and 200 members, sbits 4...16, RN and SR,
5 seeds. Left: mean permutation p-value (min over x, y, z) with its standard error over seeds;
right: the fraction of seeds declaring the climate different (q <= 0.05).""")
code("""fig, ax = plt.subplots(1, 2, figsize=(13, 4))
for m, ls in [(10, ':'), (50, '-'), (200, '--')]:
    path = val / f'lorenz_seeds_m{m}.csv'
    if not path.exists():
        continue
    s = pd.read_csv(path)
    s['sbits'] = s.precision.str.replace('sbits=', '').astype(int)
    g = s.groupby(['mode', 'sbits']).agg(p=('p_mean', 'min'), pse=('p_se', 'max'), diff=('different_fraction', 'max'),
                                         dse=('different_se', 'max')).reset_index()
    for mode, color in [('rn', 'tab:red'), ('sr', 'tab:blue')]:
        t = g[g['mode'] == mode]
        ax[0].errorbar(t.sbits, t.p, yerr=t.pse, ls=ls, color=color, marker='o', ms=3, label=f'{mode.upper()}, {m} members')
        ax[1].errorbar(t.sbits, t['diff'], yerr=t.dse, ls=ls, color=color, marker='o', ms=3, label=f'{mode.upper()}, {m} members')
ax[0].set_yscale('log'); ax[0].set_ylabel('min over diagnostics of mean p'); ax[0].set_xlabel('sbits')
ax[1].set_ylabel('fraction of seeds: different (q <= 0.05)'); ax[1].set_xlabel('sbits')
ax[0].legend(fontsize=7); plt.show()""")
code("""rows = []
for m in [10, 50, 200]:
    path = val / f'lorenz_seed1_m{m}.csv'
    if not path.exists():
        continue
    s = pd.read_csv(path)
    for mode, t in s.groupby('mode'):
        same = t.groupby('sbits').different.apply(lambda x: not x.any())
        first = next((b for b in sorted(same.index) if same[same.index >= b].all()), None)
        rows.append({'members': m, 'mode': mode, 'first sbits from which every climate is the same (seed 1)': first})
print(pd.DataFrame(rows).to_string(index=False))""")
md("""## Soil column (heat diffusion)

Ratio W1 / largest null W1 (`soil.csv`): RN stagnates below ~16 sbits, SR does not.""")
code("""soil = pd.read_csv(val / 'soil.csv')
fig, ax = plt.subplots(figsize=(6, 3.5))
for mode, t in soil.groupby('mode'):
    ax.plot(t.sbits, t.ratio, 'o-', label=mode.upper())
ax.axhline(1, color='k', ls='--'); ax.set_yscale('log'); ax.set_xlabel('sbits'); ax.set_ylabel('W1 / largest null W1')
ax.legend(); plt.show()""")

nb = nbf.v4.new_notebook()
nb.cells = cells
root = pathlib.Path(__file__).resolve().parents[2]
nbf.write(nb, root / 'Notebooks' / 'climate.ipynb')
print('wrote', root / 'Notebooks' / 'climate.ipynb')
