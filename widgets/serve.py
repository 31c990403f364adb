"""Start the classroom server: Voila over the participant notebooks, on every interface.

``python -m widgets.serve`` (what ``make serve`` runs) prints the addresses to give
participants on the trainer's local network, then runs Voila with the project's
``voila.json`` (offline template, no sources or tracebacks, preheated kernels, culling).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
from pathlib import Path

from widgets.paths import project_root

DEFAULT_PORT = 8866
# The classroom app: the page participants open, and the only one with preheated kernels.
COURSE_APP = "course.ipynb"


def lan_addresses() -> list[str]:
    """Return this machine's IPv4 addresses other than loopback, private ones first."""
    import psutil

    found: set[str] = set()
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if getattr(address.family, "name", "") != "AF_INET":
                continue
            ip = ipaddress.ip_address(address.address)
            if not (ip.is_loopback or ip.is_link_local):
                found.add(str(ip))
    return sorted(found, key=lambda a: (not ipaddress.ip_address(a).is_private, a))


def voila_command(
    root: Path, port: int, ip: str, pool_size: int | None, extra: list[str] | None = None
) -> list[str]:
    """Return the command line that serves ``root``.

    The settings come from ``voila.json``, which Voila reads from its working directory:
    :func:`main` starts it in the project root.
    """
    command = [
        sys.executable,
        "-m",
        "widgets.server.app",  # Voila, with compressed and long-cached files
        str(root),
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--no-browser",
    ]
    if pool_size is not None:
        # One pool, for the classroom app: every other page starts its kernel when opened.
        pools = {"default": {"pool_size": 0}, COURSE_APP: {"pool_size": max(pool_size, 0)}}
        command.append(f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}")
    return command + list(extra or [])


def main(argv: list[str] | None = None) -> None:
    """Print the participants' addresses and replace this process with Voila."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=project_root() / "notebooks",
        help="folder of participant notebooks to serve (default: notebooks/)",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--ip",
        default="0.0.0.0",
        help="interface to listen on (default: all, so the class can join)",
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="preheated kernels for the classroom app: the class size (default: voila.json's)",
    )
    parser.add_argument(
        "voila_options",
        nargs="*",
        metavar="-- VOILA-OPTION",
        help="further Voila options after --, e.g. -- --MappingKernelManager.cull_interval=30",
    )
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if not root.is_dir():
        parser.error(f"{root} is not a folder")
    print(f"OSH Workbook: serving {root}", flush=True)
    app = f"voila/render/{COURSE_APP}" if (root / COURSE_APP).exists() else ""
    print(f"  on this computer:   http://localhost:{args.port}/{app}", flush=True)
    if args.ip in ("0.0.0.0", "::"):
        addresses = lan_addresses()
        for address in addresses:
            print(f"  give participants:  http://{address}:{args.port}/{app}", flush=True)
        if not addresses:
            print("  (no network found: participants on other devices cannot join yet)", flush=True)
    print("  stop with Ctrl+C", flush=True)
    command = voila_command(root, args.port, args.ip, args.pool_size, args.voila_options)
    # Reports and JSON files go to the browser through the server, not the websocket
    # (widgets.downloads); the folder goes with the machine's temporary files.
    import tempfile

    os.environ.setdefault("OSH_DOWNLOADS", tempfile.mkdtemp(prefix="osh-downloads-"))
    os.chdir(project_root())
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
