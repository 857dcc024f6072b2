"""Builds Notebooks/scaling_laws.ipynb (then execute it with
`jupyter nbconvert --to notebook --execute --inplace Notebooks/scaling_laws.ipynb`)."""
import os
import nbformat as nbf

here = os.path.dirname(os.path.abspath(__file__))
nb = nbf.v4.new_notebook()
md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell
nb.cells = [
    md("# Scaling laws for low-precision training\n\n"
       "This notebook drives the `chop fit` command-line tool (module `ScalingLaws`) with the published constants of "
       "Sun et al., *Scaling Laws for Floating-Point Quantization Training* (arXiv 2501.02423): the best exponent/mantissa "
       "split per bit width, loss-vs-bits curves, critical data sizes and compute-optimal precision. "
       "Build the tool first: `swift build -c release --product chop`."),
    code("import json, os, subprocess\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
         "%matplotlib inline\n"
         "root = os.path.abspath('..')\n"
         "chop = next(p for p in [os.path.join(root, '.build/release/chop'), os.path.join(root, '.build/debug/chop')] if os.path.exists(p))\n"
         "def run(*args):\n    return subprocess.run([chop, 'fit', *map(str, args)], capture_output=True, text=True, check=True).stdout\n"
         "print(os.path.relpath(chop, root))"),
    md("## The optimal-format table\n\nFor each total width P (sign bit counted), the E/M split with E + M = P − 1 that "
       "minimises the quantization term; the continuous optimum is E = δP/(δ+ν) − ½."),
    code("print(run('optimal-format', '--bits', '3...16'))"),
    md("## Loss vs bits\n\nPredicted loss of a 1B-parameter model at the best split of each width, block size 128, "
       "for three data sizes (`chop fit predict`). More bits always help, with diminishing returns past 8."),
    code("formats = json.loads(run('optimal-format', '--bits', '3...16', '--output', 'json'))['formats']\n"
         "fig, ax = plt.subplots(figsize=(7, 4))\n"
         "for D in [1e10, 1e11, 1e12]:\n"
         "    ys = [float(run('predict', 'N=1e9', f'D={D}', f\"E={f['exponentBits']}\", f\"M={f['mantissaBits']}\", 'B=128')) for f in formats]\n"
         "    ax.plot([f['bits'] for f in formats], ys, 'o-', label=f'D = {D:.0e} tokens')\n"
         "ax.set_xlabel('total bits P (best E/M split)'); ax.set_ylabel('predicted loss'); ax.set_title('N = 1e9, B = 128')\n"
         "ax.legend(); ax.grid(alpha=.3); plt.show()"),
    md("## Every split of 8 bits\n\nThe loss of each E/M split of an 8-bit format (1B parameters, 100B tokens, B = 128)."),
    code("splits = [(e, 7 - e) for e in range(1, 8)]\n"
         "ys = [float(run('predict', 'N=1e9', 'D=1e11', f'E={e}', f'M={m}', 'B=128')) for e, m in splits]\n"
         "for (e, m), y in zip(splits, ys): print(f'E{e}M{m}: {y:.5f}')\n"
         "fig, ax = plt.subplots(figsize=(6, 3)); ax.bar([f'E{e}M{m}' for e, m in splits], ys); ax.set_ylim(min(ys) - .01, max(ys) + .01)\n"
         "ax.set_ylabel('predicted loss'); plt.show()"),
    md("## Critical data size\n\nBeyond D_crit more tokens raise the loss at a fixed precision. The paper's numbers for 1B "
       "parameters (BF16 ≈ 1730T, E4M3 ≈ 27T, E2M1 ≈ 0.4T tokens) come out with block size 128."),
    code("for e, m in [(8, 7), (4, 3), (2, 1)]:\n    print(run('critical-data', '--params', '1e9', '--block-size', 128, '--exponent-bits', e, '--mantissa-bits', m).strip())\n"
         "Ns = [1e8, 3e8, 1e9, 3e9, 1e10, 3e10]\n"
         "fig, ax = plt.subplots(figsize=(6, 4))\n"
         "for e, m in [(8, 7), (4, 3), (2, 1)]:\n"
         "    ds = [json.loads(run('critical-data', '--params', N, '--block-size', 128, '--exponent-bits', e, '--mantissa-bits', m, '--output', 'json'))['criticalTokens'] for N in Ns]\n"
         "    ax.loglog(Ns, ds, 'o-', label=f'E{e}M{m}')\n"
         "ax.set_xlabel('parameters N'); ax.set_ylabel('critical tokens'); ax.legend(); ax.grid(alpha=.3); plt.show()"),
    md("## Compute-optimal precision\n\nCost model: C = 6·N·D·P/16 FLOPs (cost proportional to bit width). For each "
       "budget the precision of least loss, minimising over N. The published constants imply few tokens per parameter at "
       "large budgets: these answers are extrapolations."),
    code("print(run('compute-optimal', '--compute', '1e21'))\n"
         "for C in [1e19, 1e20, 1e21, 1e22, 1e23, 1e24]:\n"
         "    best = json.loads(run('compute-optimal', '--compute', C, '--output', 'json'))['best']\n"
         "    print(f\"C = {C:.0e}: {best['bits']} bits ({best['format']}), N = {best['params']:.3g}, D = {best['tokens']:.3g}\")"),
    md("## Refit of the digitized Chinchilla runs\n\nFrom `validation/scaling-laws/chinchilla_refit.py`: the summed Huber "
       "fit reproduces Besiroglu et al.; averaging with SciPy's default tolerances stops early."),
    code("print(open(os.path.join(root, 'validation/scaling-laws/chinchilla_refit.md')).read())"),
]

nb.cells += [
    md("## Chinchilla: the two estimators and their confidence regions\n\n"
       "The digitized Chinchilla runs (5 highest losses dropped) fitted by the summed Huber loss and by Besiroglu et al.'s "
       "Huber likelihood with a fitted scale (`--reduction likelihood`), each with 100 bootstrap replicates. "
       "The ellipses are 95% normal-theory regions of the bootstrap (alpha, beta) samples; the stars are the published "
       "constants (Besiroglu et al. 2024 and Hoffmann et al. 2022)."),
    code("import numpy as np\n"
         "data = os.path.join(root, 'validation/scaling-laws/chinchilla_runs.csv')\n"
         "fits = {}\n"
         "for red, starts in [('sum', 64), ('likelihood', 128)]:\n"
         "    fits[red] = json.loads(run('--law', 'chinchilla', '--data', data, '--drop-highest', 5, '--reduction', red,\n"
         "                               '--max-starts', starts, '--bootstrap', 100, '--seed', 0, '--output', 'json'))\n"
         "    c = fits[red]['constants']\n"
         "    print(red, {k: round(v, 5) for k, v in c.items()}, 'scale', fits[red].get('scale'))\n"
         "def ellipse(ax, x, y, color, label):\n"
         "    cov = np.cov(x, y); vals, vecs = np.linalg.eigh(cov)\n"
         "    t = np.linspace(0, 2 * np.pi, 200); r = np.sqrt(5.991 * vals)\n"
         "    pts = vecs @ np.vstack([r[0] * np.cos(t), r[1] * np.sin(t)])\n"
         "    ax.plot(np.mean(x) + pts[0], np.mean(y) + pts[1], color=color, label=label)\n"
         "fig, ax = plt.subplots(figsize=(6, 5))\n"
         "for red, color in [('sum', 'tab:blue'), ('likelihood', 'tab:orange')]:\n"
         "    s = fits[red]['bootstrap']['samples']\n"
         "    a = np.array([r['alpha'] for r in s]); b = np.array([r['beta'] for r in s])\n"
         "    ax.scatter(a, b, s=6, color=color, alpha=0.4)\n"
         "    ellipse(ax, a, b, color, f'{red}: 95% region')\n"
         "    ax.plot(fits[red]['constants']['alpha'], fits[red]['constants']['beta'], 'o', color=color)\n"
         "ax.plot(0.3478, 0.3658, '*', ms=14, color='k', label='Besiroglu et al. 2024 (published)')\n"
         "ax.plot(0.34, 0.28, '*', ms=14, color='gray', label='Hoffmann et al. 2022 (published)')\n"
         "ax.set_xlabel('alpha'); ax.set_ylabel('beta'); ax.legend(fontsize=8); ax.set_title('Chinchilla exponents')\n"
         "plt.show()"),
    md("## IsoFLOP profiles (Hoffmann et al.'s approach 2)\n\n"
       "`chop fit isoflop`: per budget a parabola of the loss in ln N; its minimum N_opt(C); a power law through them. "
       "Hoffmann et al. (Table 2): a = 0.49 (0.462, 0.534)."),
    code("iso = json.loads(run('isoflop', '--data', data, '--bootstrap', 200, '--seed', 0, '--output', 'json'))\n"
         "import csv\n"
         "rows = list(csv.DictReader(open(data)))\n"
         "fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))\n"
         "cmap = plt.get_cmap('viridis')\n"
         "for k, p in enumerate(iso['profiles']):\n"
         "    color = cmap(k / max(len(iso['profiles']) - 1, 1))\n"
         "    pts = [(float(r['N']), float(r['loss'])) for r in rows\n"
         "           if abs(np.log(6 * float(r['N']) * float(r['D'])) - np.log(p['budget'])) == min(abs(np.log(6 * float(r['N']) * float(r['D'])) - np.log(q['budget'])) for q in iso['profiles'])]\n"
         "    ax1.scatter([x for x, _ in pts], [y for _, y in pts], s=8, color=color)\n"
         "    xs = np.linspace(min(np.log(x) for x, _ in pts), max(np.log(x) for x, _ in pts), 100)\n"
         "    ax1.plot(np.exp(xs), p['c0'] + p['c1'] * xs + p['c2'] * xs**2, color=color, label=f\"{p['budget']:.0e}\")\n"
         "    ax1.plot(p['Nopt'], p['loss'], 'kx')\n"
         "ax1.set_xscale('log'); ax1.set_xlabel('N'); ax1.set_ylabel('loss'); ax1.legend(fontsize=6, title='C (FLOPs)')\n"
         "C = np.array([p['budget'] for p in iso['profiles']]); Nopt = np.array([p['Nopt'] for p in iso['profiles']])\n"
         "ax2.loglog(C, Nopt, 'o', label='N_opt per profile')\n"
         "ax2.loglog(C, iso['kN'] * C ** iso['a'], '-', label=f\"a = {iso['a']:.3f} [{iso['aInterval'][0]:.3f}, {iso['aInterval'][1]:.3f}]\")\n"
         "ax2.set_xlabel('C (FLOPs)'); ax2.set_ylabel('N_opt'); ax2.legend(fontsize=8)\n"
         "plt.show()"),
]
nbf.write(nb, os.path.join(here, "../../Notebooks/scaling_laws.ipynb"))
