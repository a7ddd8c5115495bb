"""Speed of the customer-value models and the basket rules against the reference packages.

Prints, never asserts:
  (a) BG/NBD + Gamma-Gamma fitted on CDNOW (../shared/data/cdnow, summarised by our
      summary_from_transactions with calibration end 1997-09-30): our fit time against the same
      two fits by the `lifetimes` package, as a ratio ours / theirs (goal <= 1.0x). lifetimes
      does not install into the project's venv (it pins old autograd/pandas habits), so it runs in
      a throwaway venv under the temp folder (created on first use with `pip install lifetimes`)
      through a subprocess; if that fails the comparison is skipped with a note.
  (b) rules on Groceries (../shared/data/groceries) at support 0.001 / confidence 0.5: our
      mine_rules (from item lists) against mlxtend's TransactionEncoder + fpgrowth +
      association_rules on the dense one-hot frame, ratio ours / theirs (goal <= 1.0x).

Each timing is the best of --repeat runs (default 5), so one-off start-up costs do not count.

Run: python benchmarks/predict_bench.py [--repeat N] [--lifetimes-venv DIR] [--no-install]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"
CDNOW = DATA / "cdnow" / "CDNOW_sample.txt"
GROCERIES = DATA / "groceries" / "groceries.csv"
DEFAULT_VENV = Path(tempfile.gettempdir()) / "lifetimes-venv"

LIFETIMES_FIT = """
import json, sys, time
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
summary = pd.read_csv(sys.argv[1])
repeat = int(sys.argv[2])
best = float("inf")
for _ in range(repeat):
    started = time.perf_counter()
    bg = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    buyers = summary[summary["frequency"] > 0]
    gg = GammaGammaFitter().fit(buyers["frequency"], buyers["monetary_value"])
    best = min(best, time.perf_counter() - started)
print(json.dumps({"seconds": best, "bg": bg.params_.tolist(), "gg": gg.params_.tolist()}))
"""


def best_of(repeat: int, func):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def lifetimes_python(venv: Path, install: bool) -> Path | None:
    python = venv / "bin" / "python"
    if not python.exists():
        if not install:
            return None
        print(f"  creating a throwaway venv for lifetimes in {venv} ...", flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True)
        if made.returncode != 0:
            return None
        pip = subprocess.run([str(python), "-m", "pip", "install", "-q", "lifetimes"],
                             capture_output=True, text=True)
        if pip.returncode != 0:
            print("  pip install lifetimes failed:", pip.stderr.strip().splitlines()[-1:])
            return None
    check = subprocess.run([str(python), "-c", "import lifetimes"], capture_output=True)
    return python if check.returncode == 0 else None


def bench_clv(repeat: int, venv: Path, install: bool) -> None:
    print("(a) BG/NBD + Gamma-Gamma fit on CDNOW")
    if not CDNOW.exists():
        print(f"  skipped: {CDNOW} not found")
        return
    import pandas as pd
    from persona_desktop.core.analytics.clv import BGNBD, GammaGamma, summary_from_transactions

    raw = pd.read_csv(CDNOW, sep=r"\s+", header=None, dtype={2: str},
                      names=["master_id", "customer", "date", "cds", "dollars"])
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    summary = summary_from_transactions(raw, "customer", "date", "dollars", "1997-09-30")

    def ours():
        bg = BGNBD().fit(summary["frequency"], summary["recency"], summary["T"])
        gg = GammaGamma().fit(summary["frequency"], summary["monetary_value"])
        return bg, gg

    seconds, (bg, gg) = best_of(repeat, ours)
    print(f"  ours:      {seconds * 1000:8.1f} ms   r, alpha, a, b = "
          f"{', '.join(f'{v:.4f}' for v in bg.params_)}; p, q, gamma = "
          f"{', '.join(f'{v:.4f}' for v in gg.params_)}; BG/NBD log-likelihood "
          f"{bg.log_likelihood_:.2f}")
    python = lifetimes_python(venv, install)
    if python is None:
        print("  lifetimes: not available (could not be installed or imported); comparison skipped")
        return
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "summary.csv"
        summary.to_csv(path)
        run = subprocess.run([str(python), "-c", LIFETIMES_FIT, str(path), str(repeat)],
                             capture_output=True, text=True)
    if run.returncode != 0:
        print("  lifetimes: fit failed; comparison skipped:", run.stderr.strip().splitlines()[-1:])
        return
    theirs = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"  lifetimes: {theirs['seconds'] * 1000:8.1f} ms   r, alpha, a, b = "
          f"{', '.join(f'{v:.4f}' for v in theirs['bg'])}; p, q, gamma = "
          f"{', '.join(f'{v:.4f}' for v in theirs['gg'])}")
    print(f"  ratio ours / lifetimes: {seconds / theirs['seconds']:.2f}x (goal <= 1.0x)")


def bench_rules(repeat: int) -> None:
    print("(b) association rules on Groceries, support 0.001, confidence 0.5")
    if not GROCERIES.exists():
        print(f"  skipped: {GROCERIES} not found")
        return
    import pandas as pd
    from mlxtend.frequent_patterns import association_rules, fpgrowth
    from mlxtend.preprocessing import TransactionEncoder

    from persona_desktop.core.analytics.baskets import mine_rules

    with GROCERIES.open(encoding="utf-8") as handle:
        baskets = [line.rstrip("\r\n").split(",") for line in handle]

    seconds, rules = best_of(repeat, lambda: mine_rules(baskets, 0.001, 0.5))
    print(f"  ours (lists -> sparse -> FP-growth -> rules): {seconds:6.3f} s, "
          f"{len(rules)} single-consequent rules")

    def theirs():
        encoder = TransactionEncoder()
        dense = pd.DataFrame(encoder.fit(baskets).transform(baskets), columns=encoder.columns_)
        itemsets = fpgrowth(dense, min_support=0.001, use_colnames=True)
        return association_rules(itemsets, metric="confidence", min_threshold=0.5)

    their_seconds, their_rules = best_of(repeat, theirs)
    single = int((their_rules["consequents"].map(len) == 1).sum())
    print(f"  mlxtend (TransactionEncoder -> dense fpgrowth -> association_rules): "
          f"{their_seconds:6.3f} s, {len(their_rules)} rules ({single} single-consequent)")
    print(f"  ratio ours / mlxtend: {seconds / their_seconds:.2f}x (goal <= 1.0x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lifetimes-venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--no-install", action="store_true",
                        help="do not create the lifetimes venv when it is missing")
    args = parser.parse_args()
    bench_clv(args.repeat, args.lifetimes_venv, not args.no_install)
    bench_rules(args.repeat)


if __name__ == "__main__":
    main()
