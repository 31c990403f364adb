"""Hostile hazard lists are refused in seconds, with bounded memory (measured in a subprocess).

Full-size files (a 3 GiB shared-strings bomb, 15 million real rows) are built and measured
by ``bench/import_bombs.py``; here the same attacks come in sizes quick to build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import xlsx_files

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
PEAK_MIB = 300
SECONDS = 5


def _csv_of_empty_lines(path: Path) -> None:
    path.write_bytes(b"Hazard,Category\n" + b"\n" * 5_000_000)


@pytest.mark.parametrize(
    ("name", "build", "code"),
    [
        (
            "bomb.xlsx",
            lambda p: xlsx_files.shared_strings_bomb(p, 256 * 2**20),
            "file-too-large-unpacked",
        ),
        ("far.xlsx", lambda p: xlsx_files.far_row(p, 15_000_000), "too-many-rows"),
        ("rows.xlsx", lambda p: xlsx_files.many_rows(p, 1_000_000), "file-too-large-unpacked"),
        ("lines.csv", _csv_of_empty_lines, "too-many-rows"),
    ],
)
def test_a_hostile_list_is_refused_quickly_with_bounded_memory(tmp_path, name, build, code):
    path = tmp_path / name
    build(path)
    assert path.stat().st_size < 5 * 2**20
    outcome, seconds, peak = xlsx_files.measure_import(path, ROOT)
    assert outcome == code
    assert seconds < SECONDS, f"{name}: {seconds:.1f} s"
    assert peak < PEAK_MIB, f"{name}: {peak:.0f} MiB"
