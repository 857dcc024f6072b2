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
    code("formats = json.loads(run('optimal-format', '--bits', '3...16', '--json'))['formats']\n"
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
         "    ds = [json.loads(run('critical-data', '--params', N, '--block-size', 128, '--exponent-bits', e, '--mantissa-bits', m, '--json'))['criticalTokens'] for N in Ns]\n"
         "    ax.loglog(Ns, ds, 'o-', label=f'E{e}M{m}')\n"
         "ax.set_xlabel('parameters N'); ax.set_ylabel('critical tokens'); ax.legend(); ax.grid(alpha=.3); plt.show()"),
    md("## Compute-optimal precision\n\nCost model: C = 6·N·D·P/16 FLOPs (cost proportional to bit width). For each "
       "budget the precision of least loss, minimising over N. The published constants imply few tokens per parameter at "
       "large budgets: these answers are extrapolations."),
    code("print(run('compute-optimal', '--compute', '1e21'))\n"
         "for C in [1e19, 1e20, 1e21, 1e22, 1e23, 1e24]:\n"
         "    best = json.loads(run('compute-optimal', '--compute', C, '--json'))['best']\n"
         "    print(f\"C = {C:.0e}: {best['bits']} bits ({best['format']}), N = {best['params']:.3g}, D = {best['tokens']:.3g}\")"),
    md("## Refit of the digitized Chinchilla runs\n\nFrom `validation/scaling-laws/chinchilla_refit.py`: the summed Huber "
       "fit reproduces Besiroglu et al.; averaging with SciPy's default tolerances stops early."),
    code("print(open(os.path.join(root, 'validation/scaling-laws/chinchilla_refit.md')).read())"),
]
nbf.write(nb, os.path.join(here, "../../Notebooks/scaling_laws.ipynb"))
