"""axe-core in a page of the browser tests: run it, and say what it found.

axe-core is the npm package that ``make test`` installs from package-lock.json (``npm ci``);
it is added to the page from ``node_modules``, so nothing is fetched from the network.
"""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("critical", "serious")


def wait_until_drawn(page, selector: str) -> None:
    """Wait for ``selector``, then until the page has stopped adding widgets for a second."""
    page.locator(selector).first.wait_for(state="visible")
    page.wait_for_function(
        """() => new Promise((resolve) => {
          const count = () => document.querySelectorAll('.jupyter-widgets').length;
          let before = count();
          const timer = setInterval(() => {
            const now = count();
            if (now === before && !document.querySelector('.jp-Spinner, #loading')) {
              clearInterval(timer);
              resolve(true);
            }
            before = now;
          }, 1000);
        })"""
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core on ``page``; return its critical and serious violations."""
    if not AXE.is_file():
        raise AssertionError(f"{AXE} is missing: `make test` installs it (npm ci)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in FAILING]


def describe(violations: list[dict]) -> str:
    """Return the violations as lines people can act on: rule, impact, what, where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            target = json.dumps(node["target"], ensure_ascii=False)
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            lines.append(f"    {target}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)
