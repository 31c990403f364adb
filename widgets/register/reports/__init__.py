"""Reports of an assessment: the Excel action plan, the Word and PDF report, the JSON file.

Each function returns a :class:`Download` (bytes, a suggested file name and a MIME type)
that a view offers through a download button. Reports are written in the enterprise's
language (its profile's, unless another is asked for): always a language given, never the
page's, through ``translator(lang)`` and :mod:`widgets.register.messages`. The Word and PDF
reports share one outline (:func:`outline`), so they say the same things. openpyxl,
python-docx, fpdf2 and matplotlib (for its DejaVu font, which covers Mongolian Cyrillic) are
imported only when a report is made.

The modules: :mod:`~.common` (the download, file names, the font's characters, the JSON
file), :mod:`~.contents` (what Word and PDF say: :func:`outline`), :mod:`~.excel`,
:mod:`~.word` and :mod:`~.pdf`. Everything is imported from here.
"""

from widgets.register.reports.common import (
    DOCX,
    JSON,
    PDF,
    XLSX,
    Download,
    file_name,
    file_stem,
    glyphs,
    json_export,
    printable,
    workbook_version,
)
from widgets.register.reports.contents import (
    Cell,
    HazardSection,
    Outline,
    PriorityGroup,
    Summary,
    outline,
)
from widgets.register.reports.excel import excel_action_plan
from widgets.register.reports.pdf import pdf_report
from widgets.register.reports.word import word_report

__all__ = [
    "DOCX",
    "JSON",
    "PDF",
    "XLSX",
    "Cell",
    "Download",
    "HazardSection",
    "Outline",
    "PriorityGroup",
    "Summary",
    "excel_action_plan",
    "file_name",
    "file_stem",
    "glyphs",
    "json_export",
    "outline",
    "pdf_report",
    "printable",
    "word_report",
    "workbook_version",
]
