"""The trainer's data notebooks, and re-running them on the demo programme to keep their outputs.

``trainer/class-report.ipynb`` and ``trainer/programme-progress.ipynb`` are committed with
their outputs on the demo programme (seed 2026), and the test suite runs them again under
nbval and compares: a change that alters a figure shows up as a failed cell. After a change
meant to alter them, ``make data-notebooks`` runs them again and keeps the new outputs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from widgets.paths import project_root

DATA_NOTEBOOKS = ("class-report.ipynb", "programme-progress.ipynb")
"""The notebooks in ``trainer/`` whose outputs are committed and compared."""


def data_notebooks() -> list[Path]:
    """Return the data notebooks' paths."""
    return [project_root() / "trainer" / name for name in DATA_NOTEBOOKS]


def demo_environment(folder: Path) -> dict[str, str]:
    """Fill a demo store in ``folder``; return the environment the data notebooks run in."""
    from widgets.programme.demo import generate

    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    generate(url)
    return {
        "OSH_DATABASE_URL": url,
        "OSH_REPORTS_DIR": str(folder / "reports"),
        "OSH_LANG": "en",
        # Nothing from a page request may choose another language (OSH_LANG yields to it).
        "QUERY_STRING": "",
        "HTTP_ACCEPT_LANGUAGE": "",
    }


@contextmanager
def environment(values: dict[str, str]):
    """Set environment variables for the block, then restore them."""
    before = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def refresh(paths: list[Path] | None = None) -> list[Path]:
    """Run the data notebooks on a fresh demo programme and write their outputs into them."""
    import nbformat
    from nbclient import NotebookClient

    done = []
    with (
        tempfile.TemporaryDirectory(prefix="osh-demo-") as tmp,
        environment(demo_environment(Path(tmp))),
    ):
        for path in paths or data_notebooks():
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(
                notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            for cell in notebook.cells:
                cell.metadata.pop("execution", None)
            nbformat.write(notebook, path)
            done.append(path)
    return done


DOC_CHARTS = {
    "programme-progress-bands.mn.png": ("progress", "chart_bands", "mn"),
    "programme-progress-weekly.en.png": ("progress", "chart_weekly", "en"),
    "class-report-to-revisit.en.png": ("class", "chart_revisit", "en"),
}
"""The charts of ``docs/`` (named in the README), made from the demo programme."""


def write_doc_charts(folder: Path | None = None) -> list[Path]:
    """Draw the README's charts from a fresh demo programme into ``docs/``."""
    from widgets.programme.class_report import ClassReport
    from widgets.programme.progress import ProgrammeProgress
    from widgets.store.service import Store

    folder = folder or project_root() / "docs"
    written = []
    with tempfile.TemporaryDirectory(prefix="osh-demo-") as tmp:
        env = demo_environment(Path(tmp))
        store = Store(env["OSH_DATABASE_URL"])
        try:
            for name, (report, method, lang) in DOC_CHARTS.items():
                if report == "progress":
                    source = ProgrammeProgress.load(lang=lang, store=store)
                else:
                    source = ClassReport.load(lang=lang, store=store)
                written.append(getattr(source, method)().save(folder / name, dpi=110))
        finally:
            store.close()
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["--docs"]:
        for written in write_doc_charts():
            print(f"chart written: {written.relative_to(project_root())}")
    else:
        for written in refresh([Path(p).resolve() for p in sys.argv[1:]] or None):
            print(f"outputs kept: {written.relative_to(project_root())}")
