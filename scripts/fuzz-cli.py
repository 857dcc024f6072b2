#!/usr/bin/env python3
"""Fuzz the `chop` command line with malformed input (issue 12).

Runs several hundred malformed invocations across every subcommand -- bad numbers,
names, sizes, files, binary garbage, very long lines, deep nesting -- against a built
`chop` binary and checks each one:

  * no crash, abort or hang (a signal, or no exit within --timeout seconds);
  * a case marked `reject` is rejected: exit status 2, nothing on stdout, exactly one
    line on stderr, starting `chop: error: ` and quoting the offending value;
  * a case marked `either` (deep nesting, huge but legal input) is either answered
    (exit 0, without NaN where the answer is a finite or infinite number) or rejected
    as above -- never a crash or a hang;
  * a case marked `stream` (a bad line on the stdin of `chop round`, which prints each
    result as its line is read) is rejected as above, except that the results of the
    good lines before the bad one may be on stdout.

Usage:
    python3 scripts/fuzz-cli.py [--binary .build/debug/chop] [--jobs 2] [--strict] [-v]

Cases that fail in commands owned by other work in progress are listed in KNOWN below
with the reason; they are reported as "known" and do not fail the run unless --strict
is given (remove an entry once its command is fixed). Standard library only.
"""
import argparse
import concurrent.futures
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Case:
    def __init__(self, args, needle, stdin=None, kind="reject", timeout=None, forbid=None):
        self.args = [str(a) for a in args]
        self.needle = needle          # text the error line must contain (None: anything)
        self.stdin = stdin            # bytes or None
        self.kind = kind              # "reject" or "either"
        self.timeout = timeout
        self.forbid = forbid          # text an accepted answer must not contain (e.g. b"nan")

    def label(self):
        shown = " ".join(a if len(a) <= 40 else a[:30] + f"...({len(a)} chars)" for a in self.args)
        if self.stdin is not None:
            s = self.stdin[:30]
            shown += f"  < {s!r}" + ("..." if len(self.stdin) > 30 else "")
        return shown


def escaped(text):
    """`text` as chop quotes it in an error line: control characters and line
    separators written as \\u{hex}."""
    return "".join("\\u{%x}" % ord(c) if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" else c
                   for c in text)


def build_cases(tmp):
    cases = []
    rng = random.Random(12)

    # --- files -----------------------------------------------------------------
    def write(name, data):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    empty = write("empty.csv", b"")
    garbage = write("garbage.bin", bytes(rng.randrange(256) for _ in range(4096)))
    nul = write("nul.csv", b"v,x\n1,2\x003\n")
    header_only = write("header.csv", b"v,x\n")
    bad_pair = write("badpair.csv", b"v,x\n1,2\n3\n")
    bad_number = write("badnum.csv", b"v,x\n1,zz\n")
    tiny = write("tiny.csv", b"v,x\n1,1e-400\n")
    long_line = write("long.csv", b"v,x\n" + b"1" * 300_000 + b",2\n")
    csv_text = write("matrix_bad.csv", b"1,2,3\n4,x,6\n")
    csv_ragged = write("matrix_ragged.csv", b"1,2,3\n4,5\n")
    missing = os.path.join(tmp, "does-not-exist.csv")
    directory = tmp

    # --- numbers ---------------------------------------------------------------
    bad_numbers = ["", "-", "+", ".", "..", "1..2", "1.2.3", "1e", "1e+", "e5", "0x", "0x.", "0x1p", "0x1.8q",
                   "1f", "1d", "++1", "--1", "1-", "2 3", "1,5", "1_000", "0b101", "0o17", "١٢", "½", "∞",
                   "nanx", "infinit", "snan", "-snan", "nan(123)", "0x1.8p+", "1e1000001", "1e-9999999",
                   "0x1p99999999", "abc", "1/2", "(1)", "1e5e5", " ", "\t", "1 e5", "Infinityy", "0xg",
                   "1" * 100_001, "9" * 100_005 + "e-5"]
    for t in bad_numbers:
        needle = t if 0 < len(t) <= 40 and t.strip() else None
        cases.append(Case(["round", "--format", "bf16", "--", t], needle))
    stdin_lines = [b"1\n2\x003\n", b"2 3\n", b"\xff\xfe\n", b"1\n\x00\n", b"0x1p-3\nfoo\n", b"1e\n",
                   b"1" * 2_000_000 + b"\n", bytes(rng.randrange(256) for _ in range(2000)),
                   b"1\r\n2\r\nx\r\n", b"\x1b[31m1\n",
                   # shapes at the edge of round's short-decimal fast path
                   b"1.5\n1.2.3\n", b"-\n", b".\n", b"2\n1e-\n", b"1e+\n", b"--1\n", b"1e5e5\n", b"0.5\n1e99999999\n",
                   b"1e22\n1e\n", b"123456789012345\n1234567890123456x\n"]
    for data in stdin_lines:
        cases.append(Case(["round", "--format", "bf16"], "line", stdin=data, kind="stream"))

    # --- names -----------------------------------------------------------------
    bad_formats = ["fp7", "", "bf", "ieee-e1m3", "ieee-e12m5", "ieee-e5m60", "ieee-e0m0", "ieee-e-1m3", "ieee-e5m",
                   "ieee-em3", "binary128", "e4m3fn+sub", "bf16+sat+sat+x", "x" * 5000, "fp16\u200b", "BF16 "]
    for f in bad_formats:
        needle = f if 0 < len(f) <= 40 and f.strip() == f else None
        cases.append(Case(["round", "--format", f, "1"], needle))
        cases.append(Case(["calc", "--format", f, "1"], needle))
    bad_modes = ["nearest-odd", "", "stochastic:0", "stochastic:-1", "stochastic:99", "stochastic:x",
                 "stochastic:", "toward", "RN ", "rn,rz"]
    for m in bad_modes:
        needle = m if 0 < len(m) <= 40 and m.strip() == m else None
        cases.append(Case(["round", "--format", "bf16", "--mode", m, "1"], needle))
        cases.append(Case(["calc", "--format", "bf16", "--mode", m, "1"], needle))
    for o in ["octal", "", "HEXX", "bits,hex"]:
        cases.append(Case(["round", "--format", "bf16", "--output", o, "1"], o or None))

    # --- seeds -----------------------------------------------------------------
    # One SeedOption parses every --seed: a few values on every command, the rest on one.
    bad_seeds = ["-1", "x1", "", "18446744073709551616", "+5"]
    for s in ["1.5", "1e3", " 5", "0x10"]:
        cases.append(Case(["calc", "--format", "bf16", "1", "--seed", s], s.strip()))
    for s in bad_seeds:
        needle = s.strip() or None
        for base in (["round", "--format", "bf16", "--mode", "stochastic", "1"],
                     ["calc", "--format", "bf16", "1"],
                     ["bessel", "vmf-sample", "--dimension", "3", "--kappa", "1", "--count", "1"],
                     ["verify", "--format", "bf16", "--samples", "10"],
                     ["quantize", "--scheme", "mxfp4", "--rows", "4", "--columns", "32"],
                     ["climate", "lorenz", "--members", "2", "--time", "1"],
                     ["study", "sum", "--formats", "bfloat16", "--sizes", "10", "--no-progress"],
                     ["fit", "run", "--law", "chinchilla", "--data", missing]):
            if base[0] == "fit":
                continue
            cases.append(Case(base + ["--seed", s] if s else base + ["--seed="], needle if s else "--seed="))

    # --- calc expressions ------------------------------------------------------
    bad_expressions = ["", "1 +", "(", ")", "1 + (2", "2 ** 3", "foo(1)", "sin 1", "fma(1, 2)", "3 $ 4", "sqrt(4",
                       "1..2", "()", "1,2", "sqrt()", "max(1,2,3)", "pi(1)", "1 2", "--", "1e", "0x", "e^",
                       "sqrt(" * 25_000, "(" * 60_000 + "1", "1" + ")" * 10, "\x01", "1 + \u00a0 2", "٣", "1e1000001",
                       "1 +" * 20_000]
    for e in bad_expressions:
        needle = escaped(e) if 0 < len(e) <= 30 else None
        cases.append(Case(["calc", "--format", "bf16", "--", e], needle))
    deep = ["+".join(["1"] * 21_000), "(" * 12_000 + "1" + ")" * 12_000, "-" * 21_000 + "1",
            "sqrt(" * 12_000 + "4" + ")" * 12_000, "- " * 30_000 + "(1)", "2^" * 20_000 + "0",
            "1" * 100_000, "0." + "0" * 100_000 + "1"]
    for e in deep:
        cases.append(Case(["calc", "--format", "bf16", "--", e], None, kind="either"))

    # --- bessel ----------------------------------------------------------------
    for opt, vals in [("--order", ["x", "1e400", "nan", "-inf", "1,", ",", "1e-400,1", "1 2"]),
                      ("--x", ["-1", "1e-400", "inf", "nan", "", "1,,2", "zz", "5e-325"])]:
        for v in vals:
            other = ["--x", "1"] if opt == "--order" else ["--order", "1"]
            needle = {"1e-400,1": "1e-400", "1,": "'1,'", "1,,2": "'1,,2'", ",": "','", "1 2": "'1 2'"}.get(v, v or None)
            cases.append(Case(["bessel", "logk", opt, v] + other, needle))
            cases.append(Case(["bessel", "logi", opt, v] + other, needle))
    cases.append(Case(["bessel", "logk", "--order", ",".join(["1"] * 5000), "--x", ",".join(["1"] * 5000)], "--order"))
    cases.append(Case(["bessel", "logk"], "--order"))
    cases.append(Case(["bessel", "logk", "--pairs", empty], empty))
    cases.append(Case(["bessel", "logk", "--pairs", "-"], "--pairs", stdin=b""))
    cases.append(Case(["bessel", "logk", "--pairs", "-"], "1e-400", stdin=b"1,1e-400\n"))
    cases.append(Case(["bessel", "logk", "--pairs", "-", "--x", "1"], "--pairs"))
    for path, needle in [(empty, empty), (garbage, garbage), (nul, "NUL"), (header_only, header_only),
                         (bad_pair, "line 3"), (bad_number, "zz"), (tiny, "1e-400"), (missing, missing),
                         (directory, directory), (long_line, "line 2")]:
        cases.append(Case(["bessel", "logk", "--pairs", path], needle))
        cases.append(Case(["bessel", "study", "--points", path], needle))
        cases.append(Case(["bessel", "bench", "--points", path, "--repetitions", "1"], needle))
        cases.append(Case(["bessel", "vmf-fit", "--data", path], needle if path in (empty, garbage, missing, directory) else None))
    for opt, v in [("--dimension", "1000000000000"), ("--dimension", "1"), ("--dimension", "-5"),
                   ("--dimension", "x"), ("--count", "0"), ("--count", "1000000000000"), ("--count", "-1"),
                   ("--kappa", "-1"), ("--kappa", "nan"), ("--kappa", "1e400"), ("--kappa", "zz")]:
        args = {"--dimension": "3", "--kappa": "1", "--count": "1"}
        args[opt] = v
        flat = ["bessel", "vmf-sample"]
        for k, val in args.items():
            flat += [k, val]
        cases.append(Case(flat, v))
    cases.append(Case(["bessel", "vmf-sample", "--dimension", "100000", "--kappa", "1", "--count", "100000"], "--count"))
    for kappa in ["1e308", "1.7976931348623157e308", "1e-320"]:
        cases.append(Case(["bessel", "vmf-sample", "--dimension", "3", "--kappa", kappa, "--count", "3", "--seed", "1"],
                          None, kind="either", forbid=b"nan"))
    for v, x in [("1e308", "1e-308"), ("1.7976931348623157e308", "1"), ("0", "5e-324"), ("1e-300", "1e300"),
                 ("2.5", "5e-324"), ("1e5", "66274.34193491816")]:
        cases.append(Case(["bessel", "logk", "--order", v, "--x", x], None, kind="either", forbid=b"nan"))
        cases.append(Case(["bessel", "logi", "--order", v, "--x", x], None, kind="either", forbid=b"nan"))
    cases.append(Case(["bessel", "bench", "--points", os.path.join(ROOT, "Tests/LogBesselTests/Resources/logbessel_reference.csv"),
                       "--repetitions", "100000000000"], "100000000000"))

    # --- sizes and values of the other commands ---------------------------------
    huge = ["1000000000000", "-1", "0", "x", "1e12", "99999999999999999999999"]
    for v in huge:
        if v != "0":  # --samples 0 is valid (edge cases only); see the 'either' case below
            cases.append(Case(["verify", "--format", "bf16", "--samples", v], v))
        cases.append(Case(["verify", "--format", "bf16", "--samples", "10", "--threads", v], v))
        cases.append(Case(["quantize", "--scheme", "mxfp4", "--rows", v, "--columns", "32"], v))
        cases.append(Case(["quantize", "--scheme", "mxfp4", "--rows", "4", "--columns", v], v))
        cases.append(Case(["climate", "lorenz", "--members", v, "--time", "1"], v))
        cases.append(Case(["climate", "lorenz", "--members", "2", "--time", v], v))
        cases.append(Case(["study", "sum", "--formats", "bfloat16", "--sizes", v, "--no-progress"], v))
        cases.append(Case(["study", "lu", "--formats", "bfloat16", "--sizes", v, "--no-progress"], v))
    for f, needle in [("bf16,,e2m1", "bf16,,e2m1"), ("bogus", "bogus"), (",", "','"), ("all,bogus", "'bogus'"),
                      ("bf16,", "'bf16,'"), ("all,,", "'all,,'")]:
        cases.append(Case(["verify", "--format", f, "--samples", "10"], needle))
    cases.append(Case(["verify", "--format", "e2m1", "--mode", "nearest-even", "--samples", "0"], None, kind="either"))
    for v in ["nan", "-1", "x", "2"]:
        cases.append(Case(["quantize", "--scheme", "mxfp4", "--rows", "4", "--columns", "32", "--flip-probability", v], v))
    for s in ["mxfp3", "", ",", "mxfp4,,nvfp4"]:
        cases.append(Case(["quantize", "--scheme", s, "--rows", "4", "--columns", "32"], s or None))
    for path, needle in [(empty, empty), (garbage, garbage), (csv_text, "x"), (csv_ragged, csv_ragged), (missing, missing)]:
        cases.append(Case(["quantize", "--scheme", "mxfp4", "--input", path], needle))
        cases.append(Case(["fit", "run", "--law", "chinchilla", "--data", path], needle))
    for model in ["lorentz", "", "LORENZ "]:
        cases.append(Case(["climate", model], model.strip() or None))
    for args, needle in [(["fit", "predict", "--law", "nope"], "nope"), (["fit", "optimal-format", "--bits", "x"], "x"),
                         (["fit", "compute-optimal", "--compute", "-1"], "-1"),
                         (["fit", "compute-optimal", "--compute", "nan"], "nan"),
                         (["fit", "critical-data", "--params", "x", "--block-size", "32", "--exponent-bits", "4",
                           "--mantissa-bits", "3"], "x"),
                         (["study", "harmonic", "--formats", "bogus", "--no-progress"], "bogus"),
                         (["study", "sum", "--modes", "sideways", "--no-progress"], "sideways"),
                         (["study", "lu", "--kappa", "-5", "--no-progress"], "-5"),
                         (["study", "ode", "--steps", "1000000000000", "--no-progress"], "1000000000000"),
                         (["study", "zoo", "--formats", "binary64"], "binary64"),
                         (["formats", "--bogus"], "--bogus"), (["nosuchcommand"], "nosuchcommand"),
                         (["round"], "--format"), (["calc", "--format", "bf16"], "expression")]:
        cases.append(Case(args, needle))
    # gemm (matrix units).
    ok_a = write("gemm_a.csv", b"1,2\n3,4\n")
    for args, needle in [(["--unit", "nosuchunit", "--a", ok_a, "--b", ok_a], "nosuchunit"),
                         (["--unit", "a=fp16,k=0", "--a", ok_a, "--b", ok_a], "k=0"),
                         (["--unit", "a=fp16,out=binary32,k=1000000000000", "--a", ok_a, "--b", ok_a], "1000000000000"),
                         (["--unit", "v100-fp16", "--a", missing, "--b", ok_a], missing),
                         (["--unit", "v100-fp16", "--a", empty, "--b", ok_a], empty),
                         (["--unit", "v100-fp16", "--a", garbage, "--b", ok_a], garbage),
                         (["--unit", "v100-fp16", "--a", csv_text, "--b", ok_a], "x"),
                         (["--unit", "v100-fp16", "--a", csv_ragged, "--b", ok_a], csv_ragged),
                         (["--unit", "v100-fp16", "--a", ok_a, "--b", ok_a, "--threads", "1000000000000"], "1000000000000"),
                         (["--unit", "v100-fp16", "--a", ok_a, "--b", ok_a, "--output", "xml"], "xml"),
                         (["--unit", "v100-fp16", "--a", ok_a, "--b", ok_a, "--seed", "-1"], "-1")]:
        cases.append(Case(["gemm"] + args, needle))
    # --- every printing subcommand: --output, seeds, lists ---------------------
    ok_pairs = write("pairs_ok.csv", b"v,x\n1,2\n")
    ok_runs = write("runs_ok.csv", b"N,D,loss\n1e9,1e10,3\n2e9,2e10,2.9\n4e9,4e10,2.8\n")
    printing = [
        ["formats"], ["round", "--format", "bf16", "1"], ["calc", "--format", "bf16", "1+1"],
        ["verify", "--format", "e2m1", "--mode", "nearest-even", "--samples", "1"],
        ["verify", "merge", ok_a],
        ["study", "sum", "--sizes", "10", "--seed", "1"], ["study", "zoo", "--formats", "e2m1"], ["study", "accumulation", "--unit", "v100-fp16", "--k", "16", "--trials", "1"],
        ["quantize", "--scheme", "mxfp4", "--rows", "4", "--columns", "32"],
        ["bessel", "logi", "--order", "1", "--x", "1"], ["bessel", "logk", "--order", "1", "--x", "1"],
        ["bessel", "vmf-fit", "--data", ok_a], ["bessel", "bench", "--points", ok_pairs, "--repetitions", "1"],
        ["bessel", "study", "--points", ok_pairs], ["bessel", "vmf-sample", "--dimension", "3", "--kappa", "1", "--count", "1"],
        ["climate", "lorenz", "--members", "2", "--time", "1"],
        ["fit", "run", "--law", "chinchilla", "--data", ok_runs], ["fit", "predict", "--law", "chinchilla", "N=1e9", "D=1e10"],
        ["fit", "optimal-format"], ["fit", "critical-data", "--params", "1e9", "--block-size", "32", "--exponent-bits", "4",
                                    "--mantissa-bits", "3"],
        ["fit", "compute-optimal", "--compute", "1e20"], ["fit", "isoflop", "--data", ok_runs],
        ["gemm", "--unit", "v100-fp16", "--a", ok_a, "--b", ok_a],
    ]
    for base in printing:
        for o in ["csv,json", "j" * 3000]:
            cases.append(Case(base + ["--output", o], o if len(o) < 40 else "--output"))
    for s in ["+5", "1e3", "18446744073709551616"]:
        for base in (["gemm", "--unit", "v100-fp16", "--a", ok_a, "--b", ok_a],
                     ["study", "accumulation", "--unit", "v100-fp16", "--k", "16", "--trials", "1"],
                     ["fit", "run", "--law", "chinchilla", "--data", ok_runs],
                     ["fit", "isoflop", "--data", ok_runs, "--bootstrap", "2"],
                     ["study", "zoo", "--formats", "e2m1"], ["study", "ode", "--steps", "10"]):
            cases.append(Case(base + ["--seed", s], s.strip()))
    for args, needle in [
            (["study", "sum", "--formats", "bf16,", "--sizes", "10"], "'bf16,'"),
            (["study", "sum", "--modes", ",", "--sizes", "10"], "','"),
            (["study", "sum", "--sizes", "10,,100"], "'10,,100'"),
            (["study", "sum", "--terms", "uniform,"], "'uniform,'"),
            (["study", "sum", "--methods", ",kahan"], "',kahan'"),
            (["study", "dot", "--sizes", "1e12"], "1e12"), (["study", "matmul", "--sizes", "1e5"], "1e5"),
            (["study", "ode", "--steps", "1e12"], "1e12"), (["study", "harmonic", "--terms", "1e12"], "1e12"),
            (["study", "lu", "--sizes", "5000"], "5000"), (["study", "sum", "--sizes", "2e8"], "2e8"),
            (["study", "accumulation", "--unit", ",", "--k", "16"], "','"),
            (["study", "accumulation", "--unit", "v100-fp16", "--k", "16,"], "'16,'"),
            (["climate", "lorenz", "--modes", "rn,,sr"], "'rn,,sr'"), (["climate", "lorenz", "--formats", ","], "','"),
            (["climate", "lorenz", "--modes", "sideways"], "sideways"), (["climate", "lorenz", "--formats", "bogus"], "bogus"),
            (["climate", "lorenz", "--fdr", "2"], "2"), (["climate", "lorenz", "--permutations", "-1"], "-1"),
            (["climate", "lorenz", "--seeds", "0"], "0"), (["climate", "lorenz", "--null", "0"], "0"),
            (["climate", "lorenz", "--time", "nan"], "nan"), (["climate", "lorenz", "--time", "-1"], "-1"),
            (["climate", "lorenz", "--time", "0x1p1000"], "0x1p1000"), (["climate", "lorenz", "--time", "1e"], "1e"),
            (["climate", "lorenz", "--sbits", "4...99"], "4...99"), (["climate", "lorenz", "--sbits", ","], None),
            (["quantize", "--scheme", "mxfp4,", "--rows", "4", "--columns", "32"], "'mxfp4,'"),
            (["quantize", "--scheme", "mxfp4", "--block-size", "0"], "0"),
            (["quantize", "--scheme", "mxfp4", "--hadamard", "3"], "3"),
            (["quantize", "--scheme", "int8", "--calibration", "percentile:0"], "0"),
            (["quantize", "--scheme", "int8", "--calibration", "bogus"], "bogus"),
            (["quantize", "--scheme", "mxfp4", "--axis", "diagonal"], "diagonal"),
            (["quantize", "--scheme", "mxfp4", "--generate", "cauchy"], "cauchy"),
            (["quantize", "--scheme", "mxfp4", "--mode", "sideways"], "sideways"),
            (["quantize", "--scheme", "mxfp4", "--threads", "1000000000000"], "1000000000000"),
            (["quantize", "--scheme", "mxfp4", "--scale-rule", "bogus"], "bogus"),
            (["verify", "--format", "bf16", "--mode", "nearest-even,"], "'nearest-even,'"),
            (["verify", "--format", "bf16", "--ops", "add,,mul"], "'add,,mul'"),
            (["verify", "--format", "bf16", "--ops", "pow"], "pow"),
            (["verify", "--format", "bf16", "--threads", "0"], "0"),
            (["verify", "--format", "bf16", "--threads", "4097"], "4097"),
            (["verify", "--exhaustive", "bogus"], "bogus"),
            (["verify", "--exhaustive", "convert", "--source", "binary64"], "binary64"),
            (["verify", "--exhaustive", "ops", "--format", "bf16", "--shard", "5/3"], "5/3"),
            (["verify", "--exhaustive", "ops", "--format", "e2m1", "--shard", "x"], "x"),
            (["verify", "--exhaustive", "elementary", "--format", "e2m1", "--random", "0"], "0"),
            (["verify", "--exhaustive", "elementary", "--format", "e2m1", "--function", "zeta"], "zeta"),
            (["verify", "--exhaustive", "ops", "--format", "e2m1", "--fma-triples", "some"], "some"),
            (["verify", "--shard", "0/2"], "--shard"),
            (["verify", "frobnicate"], "frobnicate"),
            (["verify", "merge"], "no result files"),
            (["fit", "predict", "--law", "chinchilla", "N=1e999", "D=1e10"], "N=1e999"),
            (["fit", "predict", "--law", "chinchilla", "N=nan", "D=1e10"], "N=nan"),
            (["fit", "predict", "--law", "chinchilla", "N=", "D=1e10"], "N="),
            (["fit", "predict", "--law", "chinchilla", "Q=1"], "Q"),
            (["fit", "predict", "--law", "chinchilla", "N=1e9"], "D"),
            (["fit", "critical-data", "--params", "inf", "--block-size", "32", "--exponent-bits", "4", "--mantissa-bits", "3"], "inf"),
            (["fit", "compute-optimal", "--compute", "0"], "0"),
            (["fit", "compute-optimal", "--compute", "1e20", "--bits", "1...99"], "1...99"),
            (["fit", "optimal-format", "--bits", ","], "','"),
            (["fit", "isoflop", "--data", ok_runs, "--budgets", "1e18,,2e18"], "'1e18,,2e18'"),
            (["fit", "isoflop", "--data", ok_runs, "--budgets", "-1,2"], "-1"),
            (["fit", "isoflop", "--data", ok_runs, "--bootstrap", "-5"], "-5"),
            (["fit", "run", "--law", "chinchilla", "--data", ok_runs, "--reduction", "median"], "median"),
            (["fit", "run", "--law", "chinchilla", "--data", ok_runs, "--max-starts", "0"], "0"),
            (["fit", "run", "--law", "chinchilla", "--data", ok_runs, "--threads", "0"], "0"),
            (["fit", "run", "--law", "nope", "--data", ok_runs], "nope"),
            (["bessel", "bench", "--points", ok_pairs, "--repetitions", "0"], "0"),
            (["bessel", "logi", "--order", "1", "--x", "1", "--pairs", ok_pairs], "--pairs"),
            (["gemm", "--unit", "v100-fp16", "--a", ok_a, "--b", ok_a, "--c", missing], missing),
            (["gemm", "--unit", "v100-fp16", "--a", ok_a, "--b", ok_a, "--c", garbage], garbage),
            (["gemm", "--unit", "v100-fp16", "--a", ok_a, "--b", write("gemm_b3.csv", b"1,2,3\n")], "1×3"),
            (["gemm", "--list-units", "--a", ok_a], "--list-units"),
            (["gemm", "--unit", "a=fp16,,k=4", "--a", ok_a, "--b", ok_a], "a=fp16,,k=4"),
            (["gemm", "--unit", "a=fp99", "--a", ok_a, "--b", ok_a], "fp99"),
            (["formats", "extra"], "extra"), (["--bogus"], "--bogus"), (["help", "nosuch"], "nosuch")]:
        cases.append(Case(args, needle))
    # Result files and constants files: garbage, deep nesting, long lines.
    deep_json = write("deep.json", b"[" * 200_000 + b"]" * 200_000)
    deep_object = write("deep_object.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    wrong_schema = write("schema.json", b'{"schema": "chop-verify-exhaustive/9", "results": []}')
    long_json = write("long.json", b'{"constants": {"A": ' + b"1" * 500_000 + b"}}")
    for path, needle in [(empty, empty), (garbage, garbage), (missing, missing), (directory, directory),
                         (deep_json, deep_json), (deep_object, deep_object), (wrong_schema, wrong_schema),
                         (long_json, long_json), (nul, nul)]:
        cases.append(Case(["verify", "merge", path], needle))
        cases.append(Case(["fit", "predict", "--law", "chinchilla", "--constants", path, "N=1e9", "D=1e10"], needle))
        cases.append(Case(["fit", "isoflop", "--data", path], needle))
        cases.append(Case(["fit", "optimal-format", "--constants", path], needle))
    # Invalid UTF-8 (raw bytes) in arguments, and random printable garbage.
    for k in range(6):
        raw = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 64)))
        text = raw.decode("utf-8", "surrogateescape")
        cases.append(Case(["round", "--format", "bf16", "--", text], None))
        cases.append(Case(["calc", "--format", "bf16", "--", text], None))
        cases.append(Case(["round", "--format", text, "1"], None))
        cases.append(Case(["study", "sum", "--formats", text, "--sizes", "10"], None))
    # Very long lists.
    cases.append(Case(["study", "sum", "--sizes", ",".join(["10"] * 20_000) + ",x"], "'x'"))
    cases.append(Case(["climate", "lorenz", "--sbits", ",".join(["4"] * 20_000) + ",0"], "0"))
    cases.append(Case(["verify", "--format", ",".join(["bf16"] * 20_000) + ",bogus", "--samples", "1"], "'bogus'"))
    cases.append(Case(["fit", "predict", "--law", "chinchilla"] + ["N=1"] * 1_000 + ["D=x"], "D=x"))
    # Very long option values and binary garbage in arguments.
    cases.append(Case(["round", "--format", "bf16", "--mode", "m" * 100_000, "1"], None))
    cases.append(Case(["round", "--format", "\x7f\x01", "1"], None))
    cases.append(Case(["bessel", "logk", "--order", "1" * 120_000, "--x", "1"], None))
    return cases


# Failures in commands that other work in progress owns (issue 12); see the report.
KNOWN = {
    # label prefix: owner and what is wrong (empty: every known failure is fixed)
}


def run_case(binary, case, timeout):
    start = time.monotonic()
    try:
        p = subprocess.run([binary] + case.args, input=case.stdin if case.stdin is not None else b"",
                           capture_output=True, timeout=case.timeout or timeout)
    except subprocess.TimeoutExpired:
        return "hang (no exit within %ss)" % (case.timeout or timeout), time.monotonic() - start
    except OSError as e:
        return "could not run: %s" % e, 0
    elapsed = time.monotonic() - start
    if p.returncode < 0:
        return "crash (signal %d)" % -p.returncode, elapsed
    err = p.stderr.decode("utf-8", "replace")
    lines = err.splitlines()
    # A random seed announcement is allowed before an answer, not before a rejection.
    if case.kind == "either" and p.returncode == 0:
        if case.forbid is not None and case.forbid in p.stdout:
            return "answer contains %r: %r" % (case.forbid, p.stdout[:80]), elapsed
        return None, elapsed
    if p.returncode == 0:
        return "accepted bad input (exit 0; stdout %r)" % p.stdout[:60], elapsed
    if p.returncode != 2:
        return "exit %d (expected 2): %s" % (p.returncode, err[:200]), elapsed
    if p.stdout and case.kind != "stream":
        return "rejected but printed on stdout: %r" % p.stdout[:80], elapsed
    if len(lines) != 1:
        return "%d stderr lines (expected 1): %r" % (len(lines), err[:300]), elapsed
    if not lines[0].startswith("chop: error: "):
        return "stderr line does not start 'chop: error: ': %r" % lines[0][:200], elapsed
    if case.needle is not None and case.needle not in lines[0]:
        return "error does not quote %r: %r" % (case.needle[:60], lines[0][:200]), elapsed
    return None, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "chop"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--strict", action="store_true", help="known failures fail the run too")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()
    if not os.access(opts.binary, os.X_OK):
        print(f"fuzz-cli: no executable {opts.binary} (build it first: swift build --product chop)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="chop-fuzz-") as tmp:
        cases = build_cases(tmp)
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            results = list(pool.map(lambda c: run_case(opts.binary, c, opts.timeout), cases))
        total = time.monotonic() - start
    failed, known = [], []
    slowest = max(zip((r[1] for r in results), cases), key=lambda t: t[0])
    for case, (problem, elapsed) in zip(cases, results):
        if problem is None:
            if opts.verbose:
                print(f"ok    {elapsed:5.2f}s  {case.label()}")
            continue
        key = case.label()
        if any(key.startswith(k) for k in KNOWN):
            known.append((case, problem))
        else:
            failed.append((case, problem))
    for case, problem in known:
        print(f"known {case.label()}\n      {problem}")
    for case, problem in failed:
        print(f"FAIL  {case.label()}\n      {problem}")
    passed = len(cases) - len(failed) - len(known)
    print(f"fuzz-cli: {len(cases)} malformed inputs in {total:.1f} s (slowest {slowest[0]:.1f} s: {slowest[1].label()[:80]})")
    bad = len(failed) + (len(known) if opts.strict else 0)
    print(f"{passed} passed, {bad} failed" + (f", {len(known)} skipped" if known and not opts.strict else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
