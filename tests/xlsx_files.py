"""Hostile .xlsx and CSV files for the importer's tests and `bench/import_bombs.py`.

Each .xlsx is written part by part into a ZIP with :mod:`zipfile`, streaming the sheet and
shared strings, so a file that unpacks to gigabytes is a few megabytes on disk and never
in memory whole.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import BinaryIO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{TYPES}.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{TYPES}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="Hazards" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Hazard</t></is></c><c r="B1" t="inlineStr"><is><t>Category</t></is></c></row>'  # noqa: E501


def hazard_row(r: int) -> str:
    """Return the XML of one good hazard row (row number ``r``)."""
    return (
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Wet floor {r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>mechanical</t></is></c></row>'
    )


def _stream(archive: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    with archive.open(name, "w", force_zip64=True) as part:
        buffer: list[str] = []
        size = 0
        for chunk in chunks:
            buffer.append(chunk)
            size += len(chunk)
            if size > 2**20:
                part.write("".join(buffer).encode())
                buffer, size = [], 0
        part.write("".join(buffer).encode())


def write_xlsx(
    target: Path | BinaryIO,
    rows: Iterable[str],
    shared: Iterable[str] = (),
    dimension: str = "A1:B2",
    prolog: str = "",
) -> None:
    """Write a one-sheet .xlsx: ``rows`` (row XML) and ``shared`` (shared-strings XML chunks)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        # Chained, never listed: a sheet of millions of rows is never in memory whole.
        _stream(
            archive,
            "xl/worksheets/sheet1.xml",
            chain(
                [f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>'],
                rows,
                ["</sheetData></worksheet>"],
            ),
        )
        _stream(
            archive,
            "xl/sharedStrings.xml",
            chain([prolog, f'<sst xmlns="{MAIN}">'], shared, ["</sst>"]),
        )


def shared_strings_bomb(target: Path | BinaryIO, unpacked: int) -> None:
    """An .xlsx whose shared strings unpack to about ``unpacked`` bytes (one long string)."""
    chunk = "A" * 2**20
    write_xlsx(
        target,
        [HEADER, hazard_row(2)],
        shared=chain(["<si><t>"], (chunk for _ in range(unpacked // len(chunk))), ["</t></si>"]),
    )


def many_rows(target: Path | BinaryIO, count: int) -> None:
    """An .xlsx with a header and ``count`` rows of one number each (``<row><c>…``)."""
    write_xlsx(
        target,
        chain([HEADER], ("<row><c><v>1</v></c></row>" for _ in range(count))),
        dimension=f"A1:B{count + 1}",
    )


def far_row(target: Path | BinaryIO, row: int) -> None:
    """A tiny .xlsx whose second row is row ``row`` and whose dimension claims all of Excel."""
    write_xlsx(target, [HEADER, hazard_row(row)], dimension="A1:XFD1048576")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
    + "]>"
).replace("&lol1;", "&lol;")
"""A DOCTYPE whose entity ``&lol9;`` expands to 10⁸ "lol"s (about 300 MB)."""


MEASURE = """
import sys, time
from pathlib import Path
from tests.register_samples import kindergarten
from widgets.register.errors import RegisterError
from widgets.register.importer import import_hazards

path = Path(sys.argv[1])
start = time.perf_counter()
data = path.read_bytes()
try:
    import_hazards(kindergarten(), data, path.name, by="Bench")
    outcome = "imported"
except RegisterError as exc:
    outcome = exc.code
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a large test
# process would report its parent's peak; VmHWM belongs to this program's own memory.
status = Path("/proc/self/status").read_text()
peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024
print(outcome, f"{seconds:.2f}", f"{peak:.0f}")
"""


def measure_import(path: Path, root: Path) -> tuple[str, float, float]:
    """Import ``path`` in a fresh interpreter; return its outcome, seconds and peak RSS (MiB).

    The seconds count reading the file and importing it (not starting Python); the peak is
    the whole program's (Linux ``VmHWM``), Python and the workbook's modules included.
    """
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        timeout=600,
    )
    outcome, seconds, peak = result.stdout.split()
    return outcome, float(seconds), float(peak)
