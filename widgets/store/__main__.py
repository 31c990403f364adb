"""Trainer commands for the store: classes, participants, resume codes, export, backup.

``python -m widgets.store create-class UB-2026 "Ulaanbaatar, November" --method 5x5``
``python -m widgets.store participants UB-2026``
``python -m widgets.store reset-code 12``           (prints the participant's new code)
``python -m widgets.store sign-out 12``             (every device, and a new resume code)
``python -m widgets.store enterprises UB-2026``
``python -m widgets.store add-enterprise UB-2026 "Baganuur Food LLC" --sector food``
``python -m widgets.store import-enterprises UB-2026 enrolled.csv``  (name[, sector, size])
``python -m widgets.store merge-enterprises 4 7``    (7 is the same enterprise as 4)
``python -m widgets.store export UB-2026 -o ub.json [--csv exports/]``
``python -m widgets.store import ub.json``
``python -m widgets.store backup [var/backups/x.sqlite3]``   (what ``make backup`` runs)
``python -m widgets.store migrate``   (what ``make serve`` runs first: the tables up to date)

The store is ``OSH_DATABASE_URL``, else ``var/workbook.sqlite3`` (``--database`` overrides).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from widgets.paths import project_root
from widgets.store.service import Store, StoreError


def main(argv: list[str] | None = None) -> int:
    """Run one trainer command; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m widgets.store", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--database", help="a SQLAlchemy URL (default: OSH_DATABASE_URL or the SQLite file in var/)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-class", help="create a class participants join")
    create.add_argument("code")
    create.add_argument("name")
    create.add_argument("--method", default="5x5")
    create.add_argument("--starts", type=date.fromisoformat)
    create.add_argument("--ends", type=date.fromisoformat)
    commands.add_parser("classes", help="list the classes")
    people = commands.add_parser("participants", help="list a class's participants")
    people.add_argument("code")
    reset = commands.add_parser("reset-code", help="give a participant a new resume code")
    reset.add_argument("participant", type=int)
    out = commands.add_parser("sign-out", help="sign a participant out everywhere, new code")
    out.add_argument("participant", type=int)
    listed = commands.add_parser("enterprises", help="list a class's enterprise records")
    listed.add_argument("code")
    add = commands.add_parser("add-enterprise", help="add an enterprise to a class")
    add.add_argument("code")
    add.add_argument("name")
    add.add_argument("--sector")
    add.add_argument("--size")
    enrol = commands.add_parser("import-enterprises", help="add enterprises from a CSV list")
    enrol.add_argument("code")
    enrol.add_argument("file", type=Path)
    merge = commands.add_parser("merge-enterprises", help="merge GONE into KEEP (ids)")
    merge.add_argument("keep", type=int)
    merge.add_argument("gone", type=int)
    export = commands.add_parser("export", help="a class to JSON (and CSV)")
    export.add_argument("code")
    export.add_argument("-o", "--output", type=Path, help="JSON file (default: print)")
    export.add_argument("--csv", type=Path, help="also write CSV files into this folder")
    load = commands.add_parser("import", help="a class from a JSON export")
    load.add_argument("file", type=Path)
    backup = commands.add_parser("backup", help="copy the live SQLite store safely")
    backup.add_argument("target", nargs="?", type=Path)
    commands.add_parser(
        "migrate", help="bring the store's tables up to date (before serving an updated workbook)"
    )
    args = parser.parse_args(argv)

    store = Store(args.database)
    try:
        return _run(store, args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _run(store: Store, args: argparse.Namespace) -> int:
    if args.command == "create-class":
        code = store.create_class(args.code, args.name, args.method, args.starts, args.ends)
        print(f"class {code} created: participants join with the code {code}")
    elif args.command == "classes":
        for c in store.classes():
            print(f"{c['code']:24} {c['participants']:4} joined  {c['method']:16} {c['name']}")
    elif args.command == "participants":
        for p in store.participants(args.code):
            last = p["last_saved"].isoformat(timespec="minutes") if p["last_saved"] else "—"
            print(
                f"{p['id']:5}  {p['name'][:30]:30} {p['enterprise'][:30]:30} "
                f"{p['role']:8} {p['activities']:3} activities, last saved {last}"
            )
    elif args.command == "reset-code":
        print(
            f"new resume code for participant {args.participant}: "
            f"{store.reset_resume_code(args.participant)}"
        )
    elif args.command == "sign-out":
        print(
            f"participant {args.participant} signed out everywhere; new resume code: "
            f"{store.sign_out_everywhere(args.participant)}"
        )
    elif args.command == "enterprises":
        for e in store.enterprises(args.code):
            print(
                f"{e['id']:5}  {e['name'][:40]:40} {e['status']:10} {e['participants']:3} people"
                f"  {e['assessments']:2} assessments  {e['sector'] or '—'}"
            )
    elif args.command == "add-enterprise":
        record = store.add_enterprise(args.code, args.name, args.sector, args.size)
        print(f"enterprise {record['id']} added: {record['name']}")
    elif args.command == "import-enterprises":
        return _enrol(store, args.code, args.file)
    elif args.command == "merge-enterprises":
        merged = store.merge_enterprises(args.keep, args.gone)
        print(
            f"merged into {merged['kept']['name']}: {merged['moved_people']} people, "
            f"{merged['moved_assessments']} assessments moved; set aside: "
            f"{', '.join(merged['set_aside']) or 'none'}"
        )
    elif args.command == "export":
        text = json.dumps(store.export_class(args.code), ensure_ascii=False, indent=2)
        if args.output:
            args.output.write_text(text + "\n", encoding="utf-8")
            print(f"written: {args.output}")
        else:
            print(text)
        if args.csv:
            for path in store.export_csv(args.code, args.csv):
                print(f"written: {path}")
    elif args.command == "import":
        data = json.loads(args.file.read_text(encoding="utf-8"))
        print(f"class {store.import_class(data)} imported")
    elif args.command == "backup":
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = args.target or project_root() / "var" / "backups" / f"workbook-{stamp}.sqlite3"
        print(f"backed up to {store.backup(target)}")
    elif args.command == "migrate":
        # Opening the store migrated it: once here, rather than in the first kernels of a class.
        from widgets.store.db import HEAD

        print(f"store up to date (revision {HEAD})")
    return 0


def _enrol(store: Store, code: str, path: Path) -> int:
    from widgets.register.settings import settings
    from widgets.store.enrolment import EnrolmentError, read_enterprises, spellings

    if path.stat().st_size > 1024 * 1024:
        print(f"error: {path} is larger than 1 MiB: is it the list?", file=sys.stderr)
        return 1
    try:
        rows, problems = read_enterprises(
            path.read_bytes(), spellings(settings().sectors), spellings(settings().size_bands)
        )
    except EnrolmentError as exc:
        print(f"error: {path}: {exc.code} {exc.params or ''}", file=sys.stderr)
        return 1
    added = 0
    for row in rows:
        try:
            store.add_enterprise(code, row.name, row.sector, row.size)
            added += 1
        except StoreError as exc:
            print(f"{path}:{row.line}: name: {exc}", file=sys.stderr)
    for p in problems:
        print(f"{path}:{p.line}: {p.column}: {p.code} {p.value!r}", file=sys.stderr)
    print(f"{added} enterprises added to {code}")
    return 0 if added == len(rows) and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
