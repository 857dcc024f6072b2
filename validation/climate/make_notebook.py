"""Builds Notebooks/climate.ipynb (execute with:
   jupyter nbconvert --to notebook --execute --inplace Notebooks/climate.ipynb)."""
import nbformat as nbf, pathlib

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s))
code = lambda s: cells.append(nbf.v4.new_code_cell(s))

md("""# Climate stress test (Paxton et al. 2022) with SwiftChop

W1 distance of each low-precision climate to a binary64 reference climate, divided by the
threshold (the largest W1 of 19 binary64 null ensembles from other initial conditions):
a ratio ≤ 1 passes. `sbits` counts stored significand bits (23 = binary32, 52 = binary64),
with binary64's exponent range. The curves read the CSVs written by
`validation/climate/run_validation.sh` (the `chop climate … --csv` CLI); the last cells
call the built CLI directly.""")
code("""import pathlib, subprocess, io
import pandas as pd
import matplotlib.pyplot as plt
root = pathlib.Path.cwd()
if not (root / 'Package.swift').exists():
    root = root.parent
chop = root / '.build' / 'release' / 'chop'
val = root / 'validation' / 'climate'
print(chop, chop.exists())""")
code("""def first_pass(df):
    # a precision passes when every diagnostic passes; 'strict' = smallest sbits from which
    # every larger one passes, 'clear' = one above the largest sbits with a clear failure
    # (worst ratio > 1.5; ratios up to ~1.4 occur by chance with 3 diagnostics x 5 % each)
    g = df.groupby(['mode', 'sbits']).agg(ok=('pass', 'all'), worst=('ratio', 'max')).reset_index()
    out = {}
    for mode, sub in g.groupby('mode'):
        ok = [s for s in sub.sbits if sub[sub.sbits >= s]['ok'].all()]
        bad = list(sub[sub.worst > 1.5].sbits)
        clear = (max(bad) + 1 if bad else min(sub.sbits)) if max(sub.sbits) not in bad else None
        out[mode] = {'strict': min(ok) if ok else None, 'clear': clear}
    return out

frames = {}
for name in ['lorenz', 'soil', 'shallow_water']:
    f = val / f'{name}.csv'
    if f.exists() and f.stat().st_size > 0:
        frames[name] = pd.read_csv(f)
for name, df in frames.items():
    r = df.iloc[0]
    print(f"{name}: {r.members} members, {r.null_ensembles} null ensembles, run {r.time} {r.time_unit}, "
          f"output every {r.interval:.3g} {r.time_unit}; first passing sbits: {first_pass(df)}")""")
code("""fig, axes = plt.subplots(1, len(frames), figsize=(5 * len(frames), 4), squeeze=False)
for ax, (name, df) in zip(axes[0], frames.items()):
    worst = df.groupby(['mode', 'sbits'])['ratio'].max().reset_index()
    for mode, sub in worst.groupby('mode'):
        ax.semilogy(sub.sbits, sub.ratio.clip(upper=1e4), 'o-', label=mode.upper())
    ax.axhline(1, color='k', lw=0.8, ls='--')
    ax.set_title(f'{name}: worst diagnostic W1 / threshold')
    ax.set_xlabel('stored significand bits'); ax.set_ylabel('ratio (≤ 1 passes)')
    ax.legend()
plt.tight_layout(); plt.show()""")
code("""if 'lorenz' in frames:
    df = frames['lorenz']
    per = df[df.diagnostic == 'z'].pivot(index='sbits', columns='mode', values='periodic_fraction')
    print('Lorenz: fraction of members on an exactly periodic orbit')
    print(per.to_string())""")
md("""## Soil column: temperature profiles after 10 years

Round-to-nearest at 23 stored bits stagnates (the updates are below half an ulp of
≈ 273 K); stochastic rounding follows binary64. The next cell calls the built CLI.""")
code("""out = subprocess.run([str(chop), 'climate', 'soil', '--sbits', '10,16,23,52', '--modes', 'rn,sr', '--members', '2',
                      '--null', '2', '--time', '10', '--profiles'], capture_output=True, text=True, check=True)
prof = pd.read_csv(io.StringIO(out.stdout))
ref = prof[(prof.sbits == 52) & (prof['mode'] == 'rn')]
fig, axes = plt.subplots(1, 2, figsize=(11, 5), sharey=True)
for ax, mode in zip(axes, ['rn', 'sr']):
    ax.plot(ref.value, ref['index'] + 1, 'k-', lw=3, alpha=0.4, label='binary64 (sbits 52)')
    for s in [23, 16, 10]:
        p = prof[(prof.sbits == s) & (prof['mode'] == mode)]
        ax.plot(p.value, p['index'] + 1, label=f'{mode.upper()} sbits {s}')
    ax.set_title(f'{mode.upper()}: mean temperature after 10 years')
    ax.set_xlabel('temperature (K)'); ax.invert_yaxis(); ax.legend()
axes[0].set_ylabel('depth (m)')
plt.tight_layout(); plt.show()
heat = lambda p: (p.value - 273.15).sum()
for s in [23, 16, 10]:
    for mode in ['rn', 'sr']:
        p = prof[(prof.sbits == s) & (prof['mode'] == mode)]
        print(f'sbits {s} {mode}: heat uptake / binary64 = {heat(p) / heat(ref):.4f}')""")
code("""if 'soil' in frames:
    df = frames['soil']
    print(df.pivot(index='sbits', columns='mode', values='heat_uptake_ratio').to_string())""")
md("""## Lorenz '63 from the CLI (small ensemble)""")
code("""out = subprocess.run([str(chop), 'climate', 'lorenz', '--sbits', '4,6,8,10,12,23', '--modes', 'rn,sr',
                      '--members', '20', '--time', '50', '--null', '9', '--csv'], capture_output=True, text=True, check=True)
small = pd.read_csv(io.StringIO(out.stdout))
print(small[small.diagnostic == 'z'][['sbits', 'mode', 'w1', 'threshold', 'ratio', 'pass', 'periodic_fraction']].to_string(index=False))""")

nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
path = pathlib.Path(__file__).resolve().parents[2] / 'Notebooks' / 'climate.ipynb'
nbf.write(nb, path)
print('wrote', path)
