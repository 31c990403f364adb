"""Benchmark the classroom app against a one-slider reference served by the same server.

One server is started as ``make serve CLASS_SIZE=30`` starts it, with the reference
notebook (``bench/reference/one-slider.ipynb``) copied beside the lessons and given a small
preheated pool of its own. In one run it measures:

- **cold time-to-interactive** of the classroom app and of the reference, alternating, each
  in a fresh Chromium context (no cache), once the pool is full and the machine quiet;
- **kernel memory** (RSS and USS) behind each page, and the app's after a participant has
  opened the risk matrix and a full exercise;
- **click-to-feedback** of a matrix cell: from the click to the kernel's answer on the
  page, timed inside the page;
- **bursts**: 10 and 30 simultaneous loads of the app with a browserless HTTP client (the
  complete HTML), and 10 simultaneous loads in Chromium (time-to-interactive);
- the store under a class saving at once (30 processes x 200 saves);
- **light pages** (``bench/wire.py``): bytes and requests on the wire of the app, a lesson
  and the reference, on a first load (empty cache) and a reload; and the **phone-class
  time-to-interactive** of the app against the reference with the CPU slowed 4 times
  (CDP ``Emulation.setCPUThrottlingRate``), alternating, each in a fresh context;
- **kernel memory after lessons 2-4** (``bench/lessons.py``): a participant joins and uses
  every activity of lessons 2, 3 and 4 in Chromium; RSS and USS of the page's kernel;
- the **data case** (``bench/data_case.py``): the programme-progress report on 10,000
  enterprises of 40 hazards each, its time and peak memory against reading the rows alone.

The machines are shared and noisy: what matters are the ratios to the reference measured
in the same run. Usage: ``make bench`` (or ``python bench/run.py --loads 5``, ``--case data``
for the data case alone, ``--case light`` for the light-page measures alone, on a small
pool). Prints a table and writes ``bench/results/bench-<time>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import data_case  # bench/data_case.py, beside this file
import lessons  # bench/lessons.py
import psutil
import wire  # bench/wire.py
from playwright.async_api import async_playwright
from playwright.sync_api import sync_playwright

from tests.harness import CHROMIUM, CHROMIUM_ARGS, classroom_server, launch_chromium
from tests.loadtest import run as run_load
from widgets.store.service import Store

ROOT = Path(__file__).resolve().parents[1]
APP = "course.ipynb"
REFERENCE = "one-slider.ipynb"
LESSON = "02-hazards-and-hazard-spotting.ipynb"
CLASS = "BENCH-1"
# What "interactive" means on each page: the first control a participant would use.
READY = {APP: ".osh-map-lesson", REFERENCE: ".widget-slider"}
LESSON_READY = ".osh-exercise"
CPU_SLOWDOWN = 4  # a mid-range phone against this laptop
TARGETS = {
    "burst30_html_p95_s": 3.0,
    "tti_ratio": 1.3,
    "click_median_ms": 50.0,
    "kernel_rss_mib": 70.0,
    "first_load_mb": 1.5,
    "reload_mb": 0.1,
    "phone_tti_ratio": 1.0,
    "kernel_after_lessons_rss_mib": 70.0,
}
MIB = 1024 * 1024
SETTLE_S = {"wait": 300.0}  # how long to wait for a quiet machine (--settle)

# Resolves with the milliseconds from a click on a matrix cell to the first change the
# kernel's answer makes to the page (the band and what it asks you to do).
CLICK_JS = """
(index) => new Promise((resolve) => {
  const matrix = document.querySelector('.osh-risk-matrix');
  const cells = matrix.querySelectorAll('.osh-risk-cell');
  const cell = cells[index % cells.length];
  let start = 0;
  const observer = new MutationObserver(() => {
    observer.disconnect();
    resolve(performance.now() - start);
  });
  observer.observe(matrix, {childList: true, subtree: true, characterData: true});
  start = performance.now();
  cell.click();
})
"""


def kernels(server: psutil.Process) -> list[psutil.Process]:
    """Return the kernel processes under ``server``."""
    found = []
    try:
        children = server.children(recursive=True)
    except psutil.Error:  # a kernel ended while its siblings were listed: look again
        children = server.children(recursive=True)
    for child in children:
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def kernel_memory(server: psutil.Process, kernel_id: str) -> tuple[float, float]:
    """Return (RSS, USS) in MiB of the kernel process ``kernel_id`` of ``server``."""
    for child in kernels(server):
        try:
            if any(kernel_id in part for part in child.cmdline()):
                info = child.memory_full_info()
                return info.rss / MIB, info.uss / MIB
        except psutil.Error:
            continue
    raise LookupError(f"no kernel process {kernel_id}")


def settle(server: psutil.Process, at_least: int, seconds: float | None = None) -> None:
    """Wait until ``at_least`` kernels run and the machine is quiet (or ``--settle`` passes)."""
    deadline = time.monotonic() + (SETTLE_S["wait"] if seconds is None else seconds)
    while time.monotonic() < deadline:
        running = kernels(server)
        busy = sum(k.cpu_percent(interval=0.2) for k in running)
        if len(running) >= at_least and busy < 10 and psutil.cpu_percent(interval=0.5) < 30:
            return
    print("  (warning: the server did not settle; measuring anyway)", flush=True)


def kernel_id(page) -> str:
    """Return the id of the kernel behind a Voila page."""
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def cold_loads(browser, base: str, server, expected_kernels: int, loads: int) -> dict:
    """Load the app and the reference ``loads`` times each, alternating."""
    results = {name: {"seconds": [], "rss_mib": [], "uss_mib": []} for name in READY}
    for _round in range(loads):
        for name, selector in READY.items():
            settle(server, expected_kernels)
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(120_000)
            start = time.perf_counter()
            page.goto(f"{base}/voila/render/{name}?lang=en")
            page.locator(selector).first.wait_for(state="visible")
            results[name]["seconds"].append(time.perf_counter() - start)
            time.sleep(1)  # let the kernel finish answering the page
            rss, uss = kernel_memory(server, kernel_id(page))
            results[name]["rss_mib"].append(rss)
            results[name]["uss_mib"].append(uss)
            context.close()
    return results


def next_step(page) -> None:
    """Press "Next" and wait until the next step is on the page."""
    where = page.locator(".osh-course-where")
    before = where.inner_text()
    page.get_by_role("button", name="Next →").click()
    page.wait_for_function(
        "(before) => document.querySelector('.osh-course-where')?.innerText !== before", arg=before
    )


def working_session(browser, base: str, server, clicks: int) -> dict:
    """Join, open the matrix and time ``clicks`` cell clicks; then open a full exercise."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/voila/render/{APP}?lang=en")
    lessons.join(page, CLASS, "Bench")  # and the map drawn again
    page.locator(".osh-map-lesson").nth(2).click()  # lesson 3: the risk matrix
    while not page.locator(".osh-risk-matrix").count():
        next_step(page)
    page.locator(".osh-risk-cell").first.wait_for()
    times = [page.evaluate(CLICK_JS, i * 7) for i in range(clicks)]
    rss_matrix = kernel_memory(server, kernel_id(page))
    while not page.locator(".osh-exercise").count():
        next_step(page)
    time.sleep(1)
    rss_exercise = kernel_memory(server, kernel_id(page))
    context.close()
    return {
        "click_ms": times,
        "after_matrix_mib": {"rss": rss_matrix[0], "uss": rss_matrix[1]},
        "after_exercise_mib": {"rss": rss_exercise[0], "uss": rss_exercise[1]},
    }


def wire_costs(browser, base: str) -> dict:
    """Bytes and requests on the wire of the app, a lesson and the reference: first load, reload."""
    pages = {APP: READY[APP], LESSON: LESSON_READY, REFERENCE: READY[REFERENCE]}
    return {
        name: wire.first_load_and_reload(browser, f"{base}/voila/render/{name}?lang=en", ready)
        for name, ready in pages.items()
    }


def phone_loads(browser, base: str, server, expected_kernels: int, loads: int) -> dict:
    """Cold loads of the app and the reference with the CPU slowed, alternating."""
    seconds: dict[str, list[float]] = {name: [] for name in READY}
    for _round in range(loads):
        for name, ready in READY.items():
            settle(server, expected_kernels)
            url = f"{base}/voila/render/{name}?lang=en"
            seconds[name].append(wire.throttled_tti(browser, url, ready, CPU_SLOWDOWN))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    return {
        "cpu_slowdown": CPU_SLOWDOWN,
        "seconds": seconds,
        "medians": medians,
        "ratio": medians[APP] / medians[REFERENCE],
    }


def lessons_session(browser, base: str, server) -> dict:
    """Join, use every activity of lessons 2-4; return the page kernel's memory then."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/voila/render/{APP}?lang=en")
    rss_load, uss_load = kernel_memory(server, kernel_id(page))
    lessons.join(page, CLASS, "Lessons")
    start = time.perf_counter()
    walked = lessons.lessons_2_to_4(page)
    seconds = time.perf_counter() - start
    time.sleep(1)
    rss, uss = kernel_memory(server, kernel_id(page))
    context.close()
    return {
        **walked,
        "seconds": seconds,
        "at_load_mib": {"rss": rss_load, "uss": uss_load},
        "after_mib": {"rss": rss, "uss": uss},
    }


def light(browser, base: str, server, expected_kernels: int, loads: int) -> dict:
    """Measure wire costs, phone-class TTI and kernel memory after lessons 2-4."""
    print("wire: first load and reload of the app, a lesson and the reference…", flush=True)
    settle(server, expected_kernels)
    costs = wire_costs(browser, base)
    print(f"phone: {loads} cold loads of each page, CPU slowed {CPU_SLOWDOWN}×…", flush=True)
    phone = phone_loads(browser, base, server, expected_kernels, loads)
    print("lessons 2-4: a participant uses every activity…", flush=True)
    settle(server, expected_kernels)
    try:
        work = lessons_session(browser, base, server)
    except Exception as exc:  # a changed page: report what was measured, and why not this
        print(f"  lessons 2-4 NOT measured: {type(exc).__name__}: {exc}", flush=True)
        work = {"error": f"{type(exc).__name__}: {exc}"}
    return {"wire": costs, "phone": phone, "lessons": work}


def http_burst(url: str, count: int) -> list[float]:
    """GET ``url`` from ``count`` threads released at once; return each complete time."""
    times: list[float] = [0.0] * count
    errors: list[str] = []
    gate = threading.Barrier(count)

    def one(index: int) -> None:
        gate.wait()
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=300) as response:
                body = response.read()
            if b"jupyter-config-data" not in body:
                errors.append(f"load {index}: not a Voila page")
        except OSError as exc:
            errors.append(f"load {index}: {exc}")
        times[index] = time.perf_counter() - start

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError("; ".join(errors))
    return times


async def _browser_burst(url: str, count: int) -> list[float]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        contexts = [await browser.new_context() for _ in range(count)]
        pages = [await context.new_page() for context in contexts]

        async def one(page) -> float:
            page.set_default_timeout(300_000)
            start = time.perf_counter()
            await page.goto(url)
            await page.locator(READY[APP]).first.wait_for(state="visible")
            return time.perf_counter() - start

        times = await asyncio.gather(*(one(page) for page in pages))
        await browser.close()
        return list(times)


def browser_burst(url: str, count: int) -> list[float]:
    """Load ``url`` in ``count`` Chromium pages at once; return each time-to-interactive."""
    return asyncio.run(_browser_burst(url, count))


def spread(values: list[float]) -> dict:
    """Return the median, p95 and all the values."""
    return {
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
        "values": values,
    }


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="cold loads of each page")
    parser.add_argument("--clicks", type=int, default=20, help="matrix cell clicks timed")
    parser.add_argument(
        "--class-size", type=int, default=None, help="the app's pool size (30; light: 3)"
    )
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument(
        "--case",
        choices=("all", "classroom", "light", "data"),
        default="all",
        help="what to measure (light: wire, phone TTI and memory after lessons 2-4 only)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=None,
        help="seconds to wait for a quiet machine before each measure (300; light: 30)",
    )
    parser.add_argument("--enterprises", type=int, default=10_000, help="data case size")
    args = parser.parse_args()
    if args.case == "data":
        report = {"when": datetime.now(UTC).isoformat(timespec="seconds")}
        report["data"] = data_case.run(args.enterprises)
        write(report)
        return
    pool = args.class_size or (3 if args.case == "light" else 30)
    SETTLE_S["wait"] = (
        args.settle if args.settle is not None else (30.0 if args.case == "light" else 300.0)
    )
    report: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        },
        "class_size": pool,
        "targets": TARGETS,
    }
    with tempfile.TemporaryDirectory(prefix="osh-bench-") as tmp:
        root = Path(tmp) / "notebooks"
        shutil.copytree(ROOT / "notebooks", root)
        shutil.copy(ROOT / "bench" / "reference" / REFERENCE, root)
        store_url = f"sqlite:///{tmp}/store.sqlite3"
        store = Store(store_url)
        store.create_class(CLASS, "Benchmark class")
        store.close()
        pools = {"default": {"pool_size": 0}, APP: {"pool_size": pool}, REFERENCE: {"pool_size": 2}}
        options = [f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]
        log = Path(tmp) / "voila.log"
        env = {"OSH_DATABASE_URL": store_url}
        print(f"server: classroom app pool {pool}, reference pool 2; filling…", flush=True)
        # Every browser of the benchmark comes from loopback: no per-address cap.
        with classroom_server(
            root, log, args.port, voila_options=options, env=env, kernels_per_client=0
        ) as running:
            server = psutil.Process(running.process.pid)
            full = pool + 2
            settle(server, full)
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                report["light"] = light(browser, running.url, server, full, args.loads)
                if args.case == "light":
                    browser.close()
                    report["met"] = met_light(report["light"])
                    print_light(report)
                    write(report)
                    return
                print(f"cold loads: {args.loads} of each page, alternating…", flush=True)
                raw = cold_loads(browser, running.url, server, full, args.loads)
                print(
                    f"working session: {args.clicks} matrix clicks, then an exercise…", flush=True
                )
                settle(server, full)
                work = working_session(browser, running.url, server, args.clicks)
                browser.close()
            app_url = f"{running.url}/voila/render/{APP}?lang=en"
            bursts = {}
            for name, count, run in (
                ("browser_10_tti", 10, browser_burst),
                ("http_10_html", 10, http_burst),
                ("http_30_html", 30, http_burst),
            ):
                print(f"burst: {name.replace('_', ' ')}…", flush=True)
                settle(server, full + sum(b["count"] for b in bursts.values()) + 2)
                bursts[name] = {"count": count, **spread(run(app_url, count))}
            report["kernels_at_end"] = len(kernels(server))
    medians = {
        name: {key: statistics.median(values) for key, values in data.items()}
        for name, data in raw.items()
    }
    app, ref = medians[APP], medians[REFERENCE]
    report["cold"] = {"raw": raw, "medians": medians}
    report["ratios"] = {key: app[key] / ref[key] for key in ref}
    report["working"] = {**work, "click": spread(work["click_ms"])}
    report["bursts"] = bursts
    report["met"] = {
        "burst30_html_p95_s": bursts["http_30_html"]["p95"] <= TARGETS["burst30_html_p95_s"],
        "tti_ratio": report["ratios"]["seconds"] <= TARGETS["tti_ratio"],
        "click_median_ms": report["working"]["click"]["p50"] <= TARGETS["click_median_ms"],
        "kernel_rss_mib": app["rss_mib"] <= TARGETS["kernel_rss_mib"],
        **met_light(report["light"]),
    }

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
    print_table(report)
    if args.case == "all":
        report["data"] = data_case.run(args.enterprises)
    write(report)


def met_light(measured: dict) -> dict:
    """Whether the light-page measures meet their targets."""
    app = measured["wire"][APP]
    return {
        "first_load_mb": app["first"]["mb"] <= TARGETS["first_load_mb"],
        "reload_mb": app["reload"]["mb"] <= TARGETS["reload_mb"],
        "phone_tti_ratio": measured["phone"]["ratio"] <= TARGETS["phone_tti_ratio"],
        "kernel_after_lessons_rss_mib": "after_mib" in measured["lessons"]
        and measured["lessons"]["after_mib"]["rss"] <= TARGETS["kernel_after_lessons_rss_mib"],
    }


def print_light(report: dict) -> None:
    """Print the light-page measures (and, alone, their targets)."""
    measured = report["light"]
    print(f"\n{'on the wire':34} {'first MB':>9} {'requests':>9} {'reload MB':>10} {'requests':>9}")
    for name, cost in measured["wire"].items():
        first, again = cost["first"], cost["reload"]
        print(
            f"{name[:34]:34} {first['mb']:9.2f} {first['requests']:9d} "
            f"{again['mb']:10.3f} {again['requests']:9d}"
        )
    phone = measured["phone"]
    med = phone["medians"]
    print(
        f"\nphone-class TTI (CPU {phone['cpu_slowdown']}× slower, median): app "
        f"{med[APP]:.2f} s, reference {med[REFERENCE]:.2f} s, ratio {phone['ratio']:.2f}×"
    )
    work = measured["lessons"]
    if "error" in work:
        print(f"kernel after lessons 2-4: not measured ({work['error'][:200]})")
        work = None
    if work:
        print(
            f"kernel after lessons 2-4 ({work['steps']} steps, {work['activities']} "
            f"activities): RSS {work['after_mib']['rss']:.1f} MiB, USS "
            f"{work['after_mib']['uss']:.1f} MiB (at load {work['at_load_mib']['rss']:.1f} / "
            f"{work['at_load_mib']['uss']:.1f})"
        )
    if "cold" not in report:
        print("\ntargets:")
        for key, met in report["met"].items():
            print(f"  {key:30} ≤ {TARGETS[key]:<6} {'met' if met else 'NOT met'}")


def write(report: dict) -> None:
    """Write the report as JSON under ``bench/results/``."""
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT)}")


def print_table(report: dict) -> None:
    """Print the measurements and the targets."""
    med, ratios, work = report["cold"]["medians"], report["ratios"], report["working"]
    print()
    print(f"{'cold load (median)':34} {'TTI s':>8} {'RSS MiB':>9} {'USS MiB':>9}")
    for name in READY:
        m = med[name]
        print(f"{name:34} {m['seconds']:8.2f} {m['rss_mib']:9.1f} {m['uss_mib']:9.1f}")
    r = ratios
    print(f"{'app / reference':34} {r['seconds']:7.2f}× {r['rss_mib']:8.2f}× {r['uss_mib']:8.2f}×")
    for label, key in (
        ("after the matrix", "after_matrix_mib"),
        ("after an exercise", "after_exercise_mib"),
    ):
        mem = work[key]
        print(f"{'app kernel ' + label:34} {'':8} {mem['rss']:9.1f} {mem['uss']:9.1f}")
    click = work["click"]
    print(f"\nclick to feedback: median {click['p50']:.1f} ms, p95 {click['p95']:.1f} ms")
    print(f"\n{'burst':34} {'p50 s':>8} {'p95 s':>8} {'max s':>8}")
    for name, burst in report["bursts"].items():
        print(f"{name:34} {burst['p50']:8.2f} {burst['p95']:8.2f} {burst['max']:8.2f}")
    print_light(report)
    st = report["store"]
    print(
        f"\nstore (SQLite, {st['processes']} processes x {st['saves_each']} saves): one save "
        f"median {st['median_ms']:.1f} ms, p95 {st['p95_ms']:.1f} ms; {st['errors']} errors, "
        f"{st['rows']} rows kept"
    )
    print("\ntargets:")
    for key, met in report["met"].items():
        print(f"  {key:30} ≤ {TARGETS[key]:<6} {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
