"""Benchmark the programme-progress computations on a large synthetic programme.

Fills a SQLite store with 10,000 enterprises of 40 hazards each (the demo generator, no
photos, no participants' answers), then, each in a fresh process so that its peak memory
is its own:

- the **reference**: reading every assessment's JSON from the store and decoding it (with
  the same decoder, orjson), which any report must do at least;
- the **report**: reading the programme as flat tables (``read_facts``) and computing every
  table of the programme-progress notebook, then drawing its charts.

Each is run three times, alternating, and the median reported. Prints a table and
returns the figures; ``bench/run.py`` puts them in its JSON. Alone:
``python bench/data_case.py [--enterprises N] [--hazards N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"report_seconds": 10.0, "report_peak_mib": 2048.0}
RUNS = 3

# Peak memory of this process: VmHWM, which starts afresh at exec (ru_maxrss would carry
# the benchmark's own peak over into the child that fork made).
PEAK = """
def peak_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

REFERENCE = (
    PEAK
    + """
import json, sqlite3, sys, time
start = time.perf_counter()
connection = sqlite3.connect(sys.argv[1])
hazards = 0
for (data,) in connection.execute("SELECT data FROM register_assessments"):
    hazards += len(json.loads(data)["hazards"])
seconds = time.perf_counter() - start
peak = peak_mib()
print(json.dumps({"seconds": seconds, "peak_mib": peak, "hazards": hazards}))
"""
)

REPORT = (
    PEAK
    + """
import json, sys, time
start = time.perf_counter()
from widgets.programme.facts import read_facts
from widgets.programme.progress import ProgrammeProgress
from widgets.store.service import Store
imported = time.perf_counter()
store = Store(sys.argv[1])
facts = read_facts(store)
read = time.perf_counter()
report = ProgrammeProgress(facts, lang="en")
tables = [report.summary(), report.enterprises(), report.hazards_by_category(), report.bands(),
          report.measures(), report.overdue(), report.weekly()]
computed = time.perf_counter()
charts = [chart.png() for chart in report.charts()]
drawn = time.perf_counter()
peak = peak_mib()
print(json.dumps({
    "import_seconds": imported - start,
    "read_seconds": read - imported,
    "compute_seconds": computed - read,
    "charts_seconds": drawn - computed,
    "seconds": computed - imported,
    "seconds_with_charts": drawn - imported,
    "peak_mib": peak,
    "enterprises": len(report.enterprise_table()),
    "hazards": len(facts.hazards),
    "measures": len(facts.measures),
    "complete": report.summary().loc["First risk assessment complete", "Value"],
}))
"""
)


def _median(runs: list[dict]) -> dict:
    """Return the run of median time, with every run's seconds."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[len(ordered) // 2], "runs_seconds": [r["seconds"] for r in runs]}


def _run(code: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(enterprises: int = 10_000, hazards: int = 40) -> dict:
    """Generate the programme, time the reference and the report; return the figures."""
    from widgets.programme.demo import DemoOptions, generate

    with tempfile.TemporaryDirectory(prefix="osh-bench-data-") as tmp:
        path = Path(tmp) / "programme.sqlite3"
        print(f"data: generating {enterprises} enterprises x {hazards} hazards…", flush=True)
        start = time.perf_counter()
        summary = generate(
            f"sqlite:///{path}",
            DemoOptions(
                enterprises=enterprises,
                participants=0,
                hazards=hazards,
                photos=False,
                every_enterprise=True,
            ),
        )
        generated = time.perf_counter() - start
        size_mib = path.stat().st_size / 2**20
        # The file was just written: let the disk take it, and read it once, so that no
        # run pays for the writing or for a cold cache.
        os.sync()
        _run(REFERENCE, str(path))
        print(f"data: reference and report, {RUNS} runs each, alternating…", flush=True)
        references, reports = [], []
        for _n in range(RUNS):
            references.append(_run(REFERENCE, str(path)))
            reports.append(_run(REPORT, f"sqlite:///{path}"))
        reference = _median(references)
        report = _median(reports)
    result = {
        "enterprises": enterprises,
        "hazards_each": hazards,
        "assessments": summary.assessments,
        "hazards": summary.hazards,
        "measures": summary.measures,
        "validated": summary.validated,
        "generate_seconds": generated,
        "store_mib": size_mib,
        "reference": reference,
        "report": report,
        "ratio_seconds": report["seconds"] / reference["seconds"],
        "ratio_peak": report["peak_mib"] / reference["peak_mib"],
        "targets": TARGETS,
        "met": {
            "report_seconds": report["seconds"] <= TARGETS["report_seconds"],
            "report_peak_mib": report["peak_mib"] <= TARGETS["report_peak_mib"],
        },
    }
    print_table(result)
    return result


def print_table(result: dict) -> None:
    """Print the data case's figures."""
    ref, rep = result["reference"], result["report"]
    print()
    print(
        f"data case: {result['assessments']} assessments, {result['hazards']} hazards, "
        f"{result['measures']} measures; store {result['store_mib']:.0f} MiB "
        f"(generated in {result['generate_seconds']:.0f} s, "
        f"{result['validated']} checked by the register's model)"
    )
    print(f"{'':34} {'seconds':>9} {'peak MiB':>9}")
    print(f"{'reference: read + decode rows':34} {ref['seconds']:9.2f} {ref['peak_mib']:9.0f}")
    print(f"{'report: read as tables + compute':34} {rep['seconds']:9.2f} {rep['peak_mib']:9.0f}")
    parts = f"{rep['read_seconds']:.2f} / {rep['compute_seconds']:.2f}"
    print(f"{'  of which read / compute':34} {parts:>9}")
    print(f"{'  charts (5 PNG)':34} {rep['charts_seconds']:9.2f}")
    print(f"{'report / reference':34} {result['ratio_seconds']:8.2f}× {result['ratio_peak']:8.2f}×")
    for key, met in result["met"].items():
        print(f"  {key:22} ≤ {TARGETS[key]:<6} {'met' if met else 'NOT met'}")


def main() -> None:
    """Run the data case alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--hazards", type=int, default=40)
    args = parser.parse_args()
    run(args.enterprises, args.hazards)


if __name__ == "__main__":
    main()
