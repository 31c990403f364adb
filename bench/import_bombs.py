"""Measure the register's import against full-size hostile files (issue 14, item 6).

Builds each file in a temporary folder (a few MB on disk each), imports it in a fresh
interpreter, and prints what happened, how long it took and the process's peak memory:

    .venv/bin/python bench/import_bombs.py

The files: an .xlsx whose shared strings unpack to 3 GiB; one with 15 million rows; a CSV of
5 million empty lines. Each should be refused in a few seconds, below 300 MiB.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import xlsx_files  # noqa: E402


def main() -> None:
    cases = {
        "shared-strings-3GiB.xlsx": lambda p: xlsx_files.shared_strings_bomb(p, 3 * 2**30),
        "rows-15M.xlsx": lambda p: xlsx_files.many_rows(p, 15_000_000),
        "row-15M-far.xlsx": lambda p: xlsx_files.far_row(p, 15_000_000),
        "empty-lines-5M.csv": lambda p: p.write_bytes(b"Hazard,Category\n" + b"\n" * 5_000_000),
    }
    print(f"{'file':26} {'size':>9} {'built':>7}  {'outcome':24} {'seconds':>7} {'peak MiB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for name, build in cases.items():
            path = Path(folder) / name
            start = time.perf_counter()
            build(path)
            built = time.perf_counter() - start
            outcome, seconds, peak = xlsx_files.measure_import(path, ROOT)
            size = f"{path.stat().st_size / 2**20:.2f} MB"
            print(f"{name:26} {size:>9} {built:6.1f}s  {outcome:24} {seconds:7.2f} {peak:8.0f}")


if __name__ == "__main__":
    main()
