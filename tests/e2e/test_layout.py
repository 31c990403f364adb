"""Every participant page from 320 to 1280 px: no overlaps, no sideways scroll, big controls.

Nothing overlaps, nothing is wider than the screen, and every button and input is big
enough for a finger (44 px).

Measured in Chromium by bounding boxes: the text of each element (its own text nodes, line by
line) and each control. Pages are in Mongolian, whose words are the longest.
"""

from __future__ import annotations

import pytest

from widgets.lessons import lessons

pytestmark = pytest.mark.e2e

WIDTHS = (320, 375, 768, 1280)
TOUCH_PX = 44
# What a finger presses, and where a page may scroll sideways on purpose (wide tables).
MEASURE = r"""
({touch}) => {
  const CONTROLS = "button, select, textarea, input, [role=tab], .lm-TabBar-tab";
  const SCROLLERS = ".osh-table-scroll";
  const width = document.documentElement.clientWidth;
  const shown = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const boxes = [];
  const tooSmall = [];
  const tooWide = [];
  const name = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    const cls = typeof el.className === "string" ? el.className.split(" ").slice(-2).join(".") : "";
    return `${el.tagName.toLowerCase()}.${cls} "${text.slice(0, 40)}"`;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "TEMPLATE", "OPTION", "svg"].includes(el.tagName) || !shown(el)) {
      continue;
    }
    if (el.closest("svg") && el.tagName !== "svg") { continue; }
    const control = el.matches(CONTROLS);
    let rects = [];
    if (control) {
      if (el.type === "hidden" || el.type === "file") { continue; }
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) { continue; }
      rects = [r];
      const target = (el.type === "checkbox" || el.type === "radio") ? el.closest("label") : el;
      const t = target ? target.getBoundingClientRect() : r;
      if (t.height < touch - 0.5) {
        tooSmall.push(`${name(target || el)}: ${Math.round(t.height)} px tall`);
      }
    } else {
      for (const node of el.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          // Text cut by its own box (an ellipsis) is drawn only inside that box.
          const cut = getComputedStyle(el).overflowX !== "visible";
          const own = cut ? el.getBoundingClientRect() : null;
          for (let r of range.getClientRects()) {
            if (own) {
              const left = Math.max(r.left, own.left), right = Math.min(r.right, own.right);
              const height = r.height;
              r = {left, right, top: r.top, bottom: r.bottom, width: right - left, height};
            }
            if (r.width >= 1 && r.height >= 1) { rects.push(r); }
          }
        }
      }
    }
    if (!rects.length) { continue; }
    boxes.push({el, rects});
    if (!el.closest(SCROLLERS)) {
      for (const r of rects) {
        if (r.right > width + 1 || r.left < -1) {
          tooWide.push(`${name(el)}: ${Math.round(r.left)}–${Math.round(r.right)} px of ${width}`);
          break;
        }
      }
    }
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) { continue; }
      const hit = a.rects.some((p) => b.rects.some((q) =>
        Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 &&
        Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1));
      if (hit) { overlaps.push(`${name(a.el)} overlaps ${name(b.el)}`); }
    }
  }
  const page = document.scrollingElement;
  const sideways = [...document.querySelectorAll("body, body *")].filter((el) => {
    if (!shown(el) || el.closest(SCROLLERS)) { return false; }
    const style = getComputedStyle(el);
    const scrolls = el === page || ["auto", "scroll"].includes(style.overflowX);
    return scrolls && el.scrollWidth > el.clientWidth + 1;
  }).map((el) => `${name(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
  return {count: boxes.length, overlaps, tooSmall, tooWide: tooWide.concat(sideways)};
}
"""


def participant_pages() -> list[tuple[str, str]]:
    """Return (name, address) of every page a participant opens, in Mongolian."""
    pages = [
        ("front page", "/?lang=mn"),
        ("course map", "/voila/render/course.ipynb?lang=mn"),
        ("a step of the course", "/voila/render/course.ipynb?lang=mn&lesson=4"),
    ]
    pages += [
        (lesson.path.stem, f"/voila/render/{lesson.path.name}?lang=mn") for lesson in lessons()
    ]
    pages.append(("register", "/voila/render/register.ipynb?lang=mn"))
    return pages


def measure(page, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(300)  # the layout settles (media queries, wrapping)
    return page.evaluate(MEASURE, {"touch": TOUCH_PX})


@pytest.mark.parametrize(("title", "address"), participant_pages())
def test_nothing_overlaps_or_scrolls_sideways_and_controls_fit_a_finger(
    page_factory, server, title, address
):
    page = page_factory(viewport={"width": WIDTHS[0], "height": 900})
    page.goto(server.url + address)
    if "/voila/render/" in address:
        page.locator(".osh-app").first.wait_for()
        page.wait_for_function("() => !document.querySelector('#loading')")
        page.wait_for_timeout(1000)  # widgets drawn after the first one
    problems = []
    for width in WIDTHS:
        found = measure(page, width)
        assert found["count"] > 10, f"{title} at {width} px: the page shows almost nothing"
        for key in ("overlaps", "tooWide"):
            problems += [f"{width} px: {line}" for line in found[key]]
        problems += [f"{width} px: too small: {line}" for line in found["tooSmall"]]
    assert not problems, f"{title}:\n" + "\n".join(problems[:40])


def test_the_measure_finds_an_overlap_and_a_small_button(page_factory, server):
    """The check itself fails on a page that overlaps, scrolls sideways and has tiny buttons."""
    page = page_factory(viewport={"width": 375, "height": 900})
    page.goto(server.url + "/?lang=mn")
    page.evaluate(
        """() => {
        const box = document.createElement("div");
        box.innerHTML = '<p style="margin:0">Нас баралттай</p>'
          + '<p style="margin:-1em 0 0 1em">Гамшигт</p>'
          + '<button style="height:28px">Монгол</button>'
          + '<p style="width:600px;text-align:right">wide</p>';
        document.body.prepend(box);
    }"""
    )
    found = measure(page, 375)
    assert any("Нас баралттай" in line and "Гамшигт" in line for line in found["overlaps"])
    assert any("Монгол" in line and "28 px" in line for line in found["tooSmall"])
    assert any('"wide"' in line for line in found["tooWide"])


@pytest.mark.parametrize(
    ("lang", "title", "loading"),
    [
        ("mn", "03 · Эрсдэл ба эрсдэлийн матриц · ХАБЭА", "Ачаалж байна…"),
        ("en", "Risk and the risk matrix · OSH Workbook", "Loading…"),
    ],
)
def test_the_page_is_named_and_loads_in_its_language(page_factory, server, lang, title, loading):
    page = page_factory(viewport={"width": 375, "height": 900})
    page.goto(server.url + f"/voila/render/03-risk-matrix.ipynb?lang={lang}", wait_until="commit")
    page.wait_for_function("() => document.documentElement && document.documentElement.lang")
    assert page.evaluate("() => document.documentElement.lang") == lang
    assert page.title() == title
    said = page.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--osh-loading')"
    )
    assert said.strip() == f'"{loading}"'
    page.locator(".osh-app").first.wait_for()
    assert page.title() == title
