"""Benchmark the classroom pages against a one-slider reference served by the same server.

For each server configuration (the classroom's preheated pool, and no pool, where every
page starts its own kernel), it loads the risk-matrix lesson and the reference notebook
alternately in fresh Chromium contexts (no cache), times each load until the page is
interactive, and reads the memory of the kernel behind each page. The machines are shared
and noisy, so the numbers that matter are the ratios to the reference in the same run.

Usage: ``make bench`` (or ``python bench/run.py --loads 5``). Prints a table and writes
``bench/results/bench-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

from widgets.harness import classroom_server, launch_chromium
from widgets.store.loadtest import run as run_load

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    # name: (path under the served root, selector that means "interactive")
    "risk-matrix": ("03-risk-matrix.ipynb", ".osh-risk-cell"),
    "reference": ("one-slider.ipynb", ".widget-slider"),
}
MIB = 1024 * 1024


def kernel_memory(server: psutil.Process, kernel_id: str) -> tuple[float, float]:
    """Return (RSS, USS) in MiB of the kernel process ``kernel_id`` of ``server``."""
    for child in server.children(recursive=True):
        try:
            if any(kernel_id in part for part in child.cmdline()):
                info = child.memory_full_info()
                return info.rss / MIB, info.uss / MIB
        except psutil.Error:
            continue
    raise LookupError(f"no kernel process {kernel_id}")


def settle(server: psutil.Process, pool_size: int, pages: int, seconds: float = 60) -> None:
    """Wait until the pool is full again and the machine is quiet before the next load."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kernels = [
            c for c in server.children(recursive=True) if "ipykernel" in " ".join(c.cmdline())
        ]
        busy = sum(c.cpu_percent(interval=0.2) for c in kernels)
        if len(kernels) >= pool_size * pages and busy < 10:
            return
    print("  (warning: the pool did not settle; timing the next load anyway)", flush=True)


def measure(browser, base: str, server: psutil.Process, pool_size: int, loads: int) -> dict:
    """Load each page ``loads`` times, alternating; return times and kernel memory."""
    results = {name: {"seconds": [], "rss_mib": [], "uss_mib": []} for name in PAGES}
    for _round in range(loads):
        for name, (path, selector) in PAGES.items():
            settle(server, pool_size, len(PAGES))
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(120_000)
            start = time.perf_counter()
            page.goto(f"{base}/voila/render/{path}")
            page.locator(selector).first.wait_for(state="visible")
            results[name]["seconds"].append(time.perf_counter() - start)
            config = json.loads(page.locator("#jupyter-config-data").text_content())
            time.sleep(1)  # let the kernel finish answering the page
            rss, uss = kernel_memory(server, config["kernelId"])
            results[name]["rss_mib"].append(rss)
            results[name]["uss_mib"].append(uss)
            context.close()
    return results


def summarise(results: dict) -> dict:
    """Medians per page and the ratios of the lesson to the reference."""
    medians = {
        name: {key: statistics.median(values) for key, values in data.items()}
        for name, data in results.items()
    }
    ref, lesson = medians["reference"], medians["risk-matrix"]
    ratios = {key: lesson[key] / ref[key] for key in ref}
    return {"medians": medians, "ratios": ratios}


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="loads of each page (default 5)")
    parser.add_argument("--port", type=int, default=8899)
    args = parser.parse_args()

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        },
        "loads": args.loads,
        "runs": {},
    }
    with tempfile.TemporaryDirectory(prefix="osh-bench-") as tmp:
        root = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", root)
        shutil.copy(ROOT / "bench" / "reference" / "one-slider.ipynb", root)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for label, pool_size in (("preheated pool (as served)", 1), ("no pool", 0)):
                print(f"{label}: {args.loads} cold loads of each page…", flush=True)
                log = Path(tmp) / f"voila-pool{pool_size}.log"
                with classroom_server(root, log, args.port, pool_size) as running:
                    server = psutil.Process(running.process.pid)
                    raw = measure(browser, running.url, server, pool_size, args.loads)
                report["runs"][label] = {"pool_size": pool_size, "raw": raw, **summarise(raw)}
            browser.close()

    print("store: 30 participants saving 200 answers each, at once…", flush=True)
    with tempfile.TemporaryDirectory(prefix="osh-bench-store-") as tmp:
        load = run_load(f"sqlite:///{tmp}/store.sqlite3", 30, 200)
    report["store"] = {
        "processes": load.processes,
        "saves_each": load.saves,
        "errors": len(load.errors),
        "rows": load.rows,
        "median_ms": load.median_ms,
        "p95_ms": load.p95_ms,
        "wall_seconds": load.wall_seconds,
    }

    print()
    print(f"{'configuration':28} {'page':12} {'load s (median)':>16} {'RSS MiB':>9} {'USS MiB':>9}")
    for label, run in report["runs"].items():
        for name, med in run["medians"].items():
            print(
                f"{label:28} {name:12} {med['seconds']:16.2f} {med['rss_mib']:9.1f} "
                f"{med['uss_mib']:9.1f}"
            )
        r = run["ratios"]
        print(
            f"{label:28} {'ratio':12} {r['seconds']:15.2f}× {r['rss_mib']:8.2f}× "
            f"{r['uss_mib']:8.2f}×"
        )
    st = report["store"]
    print(
        f"\nstore (SQLite, {st['processes']} processes x {st['saves_each']} saves): one save "
        f"median {st['median_ms']:.1f} ms, p95 {st['p95_ms']:.1f} ms; {st['errors']} errors, "
        f"{st['rows']} rows kept"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
