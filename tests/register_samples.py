"""Sample assessments and images for the register's tests (made here, never downloaded)."""

from __future__ import annotations

import io
from datetime import date

from widgets.register import Assessment

TEAM = [
    {"name": "Дорж", "role": "manager"},
    {"name": "Өлзийбаяр", "role": "worker-representative"},
]


def image(kind: str = "PNG", size: tuple[int, int] = (48, 32), colour=(200, 40, 40)) -> bytes:
    """Return a small real image of ``kind`` (PNG or JPEG)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


def kindergarten(method: str = "5x5", team: list[dict] | None = None) -> Assessment:
    """Return a fresh assessment of a kindergarten, in Mongolian."""
    return Assessment.start(
        by="Бат",
        year=2026,
        enterprise="Нарлаг цэцэрлэг",
        sector="education",
        size="small",
        method=method,
        language="mn",
        team=TEAM if team is None else team,
        areas=[
            {"name": "Бүлгийн өрөө 1", "kind": "care-rooms"},
            {"name": "Гал тогоо", "kind": "kitchen"},
        ],
    )


def filled() -> Assessment:
    """Return a kindergarten assessment with hazards, ratings, measures and a photo."""
    a = kindergarten()
    sockets = a.answer("edu-socket-covers", "no", by="Бат")
    a.answer("gen-exits-clear", "yes", by="Бат")
    a.rate(sockets.id, {"likelihood": 4, "severity": 4}, by="Бат")
    covers = a.add_measure(
        sockets.id,
        by="Бат",
        text="Залгуурт хамгаалалтын таг суулгах",
        level="engineering",
        responsible="Дорж",
        budget=120000,
        start=date(2026, 11, 2),
        due=date(2026, 11, 20),
    )
    a.add_photo(sockets.id, covers.id, image(), "өмнө.png", "before", by="Бат", caption="Таггүй")
    stove = a.add_hazard(
        "Халуун зуух",
        "physical",
        by="Дорж",
        location="Гал тогоо",
        who="Тогооч гараа түлэх",
        existing="Бээлий",
    )
    a.rate(stove.id, {"likelihood": 3, "severity": 2}, by="Дорж")
    a.add_measure(stove.id, by="Дорж", library_id="housekeeping", start=date(2026, 11, 2), due=None)
    return a
