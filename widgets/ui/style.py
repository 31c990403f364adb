"""The workbook's stylesheet, shipped inside the page (nothing is fetched from outside)."""

from __future__ import annotations

import html

import ipywidgets as ipw

CSS = """
.osh-app { max-width: 40rem; width: 100%; box-sizing: border-box; }
.osh-app .widget-html-content { line-height: 1.45; }
.osh-title h3 { margin: 0.2rem 0; font-size: 1.15rem; }
.osh-hint { color: var(--jp-ui-font-color2, #555); font-size: 0.9rem; }
.osh-grid { width: 100%; gap: 3px; align-items: stretch; }
.osh-axis { font-size: 0.8rem; line-height: 1.15; overflow-wrap: break-word;
  hyphens: auto; min-width: 0; }
.osh-axis .widget-html-content { line-height: 1.15; }
.osh-axis-title { font-weight: 600; font-size: 0.85rem; }
.osh-risk-cell.widget-button, .osh-risk-cell.jupyter-button {
  width: auto; height: 2.75rem; min-width: 2.6rem; margin: 0; padding: 0 0.2rem;
  font-weight: 600; border: 2px solid transparent; border-radius: 4px;
}
.osh-risk-cell:focus-visible { outline: 3px solid #1a237e; outline-offset: 1px; }
.osh-risk-cell.osh-selected { border-color: #000; box-shadow: 0 0 0 3px #fff inset; }
.osh-rank-1 { background-image: radial-gradient(rgba(0,0,0,.18) 1px, transparent 1.5px);
  background-size: 6px 6px; }
.osh-rank-2 { background-image: repeating-linear-gradient(45deg, rgba(0,0,0,.16) 0 2px,
  transparent 2px 7px); }
.osh-rank-3 { background-image: repeating-linear-gradient(0deg, rgba(0,0,0,.2) 0 2px,
  transparent 2px 6px); }
.osh-rank-4 { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.25) 0 2px,
  transparent 2px 5px), repeating-linear-gradient(-45deg, rgba(255,255,255,.25) 0 2px,
  transparent 2px 5px); }
.osh-picker { width: 100%; }
.osh-picker select { min-height: 2.5rem; font-size: 1rem; }
.osh-band-label { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 4px;
  font-weight: 700; border: 1px solid rgba(0,0,0,.35); }
.osh-result { border-left: 4px solid var(--jp-border-color1, #999); padding: 0.3rem 0.7rem;
  margin: 0.4rem 0; }
.osh-result p { margin: 0.3rem 0; }
.osh-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; font-size: 0.85rem;
  padding: 0; margin: 0.3rem 0; list-style: none; }
.osh-swatch { display: inline-block; width: 1rem; height: 1rem; vertical-align: -0.2rem;
  border: 1px solid rgba(0,0,0,.4); border-radius: 2px; margin-right: 0.25rem; }
.osh-table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.osh-table-scroll { overflow-x: auto; max-width: 100%; }
.osh-table th, .osh-table td { border-bottom: 1px solid #ccc; padding: 0.25rem 0.4rem;
  text-align: left; }
.osh-error { color: #b71c1c; font-weight: 600; }
.osh-option .widget-label-basic, .osh-option label, .osh-option .widget-radio-box label {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.35;
  display: flex; align-items: flex-start; gap: 0.5rem; height: auto; }
.osh-option .widget-label-basic span { flex: 1; }
.osh-option.widget-checkbox { height: auto; min-height: 2rem; align-items: flex-start;
  margin: 0.15rem 0; }
.osh-option input[type="checkbox"], .osh-option input[type="radio"] { width: 1.2rem;
  height: 1.2rem; flex: none; margin-top: 0.15rem; }
.osh-option .widget-radio-box label { margin: 0.25rem 0; align-items: flex-start; }
.osh-option.widget-radio { width: 100%; }
.osh-action.widget-button, .osh-action.jupyter-button { width: auto; min-height: 2.5rem;
  margin: 0.25rem 0.4rem 0.25rem 0; padding: 0 0.9rem; }
.osh-hazard { background: var(--jp-layout-color2, #f3f3f3); padding: 0.4rem 0.7rem;
  border-radius: 4px; }
.osh-exercise h4 { margin: 0.8rem 0 0.3rem; font-size: 1rem; }
.osh-warning { background: #fff3e0; border-left: 4px solid #e65100; padding: 0.3rem 0.6rem; }
.osh-verdicts { padding-left: 1.1rem; }
.osh-verdicts li, .osh-item-feedback { margin: 0.35rem 0; }
.osh-item-feedback { border-top: 1px solid #ddd; padding-top: 0.3rem; }
.osh-reason { color: var(--jp-ui-font-color1, #333); font-style: italic; }
.osh-mini { border-collapse: separate; border-spacing: 2px; margin: 0.3rem 0; }
.osh-mini td { width: 1.6rem; height: 1.3rem; text-align: center; font-weight: 700;
  font-size: 0.8rem; border-radius: 2px; }
.osh-solution { border-left: 4px solid #1a237e; padding: 0.1rem 0.7rem; margin: 0.4rem 0; }
.osh-figure { margin: 0.5rem 0; }
.osh-field input, .osh-field select { min-height: 2.4rem; font-size: 1rem; }
.osh-field.widget-inline-hbox { flex-wrap: wrap; width: 100% !important; max-width: 28rem;
  height: auto; box-sizing: border-box; margin: 0.2rem 0; }
.osh-field .widget-label { width: 100% !important; max-width: none; text-align: left;
  overflow: visible; margin-bottom: 0.15rem; }
.osh-field input, .osh-field select { flex: 1 1 100%; min-width: 0; width: 100%;
  box-sizing: border-box; }
.osh-resume { border: 2px dashed #1a237e; padding: 0.4rem 0.7rem; border-radius: 4px; }
.osh-resume-code { font: 700 1.3rem/1.4 monospace; letter-spacing: 0.08em; width: 100%;
  max-width: 22rem; padding: 0.3rem; border: 1px solid #999; }
.osh-signed-in { color: #1b5e20; font-weight: 600; }
.osh-saved { color: #1b5e20; font-size: 0.85rem; margin: 0.2rem 0; }
.osh-langbar .widget-toggle-buttons .widget-toggle-button { width: auto; min-width: 6rem; }
@media (max-width: 480px) {
  .osh-risk-cell.widget-button, .osh-risk-cell.jupyter-button { height: 2.4rem;
    min-width: 0; font-size: 0.85rem; }
  .osh-axis { font-size: 0.7rem; }
}
.osh-register .widget-toggle-buttons, .osh-register .widget-toggle-buttons .btn-group {
  flex-wrap: wrap; height: auto; }
.osh-register .widget-toggle-button { width: auto; min-height: 2.4rem; margin: 0.1rem; }
.osh-register-steps { width: 100%; margin: 0.3rem 0; }
.osh-register-steps .widget-toggle-button { min-width: 5.5rem; }
.osh-register .osh-field textarea { width: 100%; min-height: 4.5rem; font-size: 1rem;
  box-sizing: border-box; flex: 1 1 100%; }
.osh-register .osh-field.widget-datepicker input { max-width: 12rem; }
.osh-register h4 { margin: 0.9rem 0 0.3rem; font-size: 1rem; }
.osh-register-statement { margin: 0.7rem 0 0.2rem; font-weight: 600; }
.osh-register-row { border-bottom: 1px solid #ddd; gap: 0.5rem; }
.osh-register-info { color: #0d47a1; font-weight: 600; }
.osh-register-locked { background: #eceff1; border-left: 4px solid #37474f;
  padding: 0.3rem 0.6rem; }
.osh-register-table td, .osh-register-history td { vertical-align: top; }
.osh-register-overdue td { background: #ffebee; }
.osh-register-problems td:first-child { font-weight: 700; }
.osh-register-photos { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.osh-register-photo { margin: 0; max-width: 10rem; font-size: 0.8rem; }
.osh-register-photo img { max-width: 100%; height: auto; display: block; }
.osh-register-download { display: inline-block; padding: 0.5rem 0.9rem; margin: 0.4rem 0;
  border: 2px solid #1a237e; border-radius: 4px; font-weight: 700; text-decoration: none;
  color: #1a237e; overflow-wrap: anywhere; }
.osh-register .jupyter-widget-file-upload, .osh-register .widget-upload { width: auto; }
@media (max-width: 480px) {
  .osh-register-table, .osh-register-history { font-size: 0.8rem; }
  .osh-register-steps .widget-toggle-button { min-width: 0; flex: 1 1 30%; }
}
.osh-register .widget-html { max-width: 100%; }
.osh-register .widget-html-content { min-width: 0; }
.osh-register-missing-row { align-items: center; flex-wrap: wrap; gap: 0 0.5rem;
  border-left: 4px solid #e65100; background: #fff3e0; padding: 0 0.5rem; margin: 0.2rem 0; }
.osh-register-missing-row > .widget-html { flex: 1 1 14rem; margin: 0; width: auto; }
.osh-register-missing { margin: 0.3rem 0; }
.osh-register-complete { background: #e8f5e9; border-left: 4px solid #2e7d32;
  padding: 0.3rem 0.6rem; font-weight: 600; }
.osh-register-overview-head.widget-hbox, .osh-register-overview-row.widget-hbox {
  display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1.7fr) minmax(0, 0.9fr)
  minmax(0, 1.3fr) minmax(0, 1.1fr) minmax(0, 1fr) 4.6rem;
  gap: 0.4rem; align-items: center; border-bottom: 1px solid #ccc; padding: 0.2rem 0;
  font-size: 0.85rem; }
.osh-register-overview-head > .widget-html, .osh-register-overview-row > .widget-html {
  width: auto; min-width: 0; margin: 0; overflow-wrap: anywhere; }
.osh-register-overview-head { font-size: 0.8rem; }
.osh-register-overview-head > .widget-html { overflow-wrap: normal; hyphens: auto; }
.osh-register-overview-row .widget-html-content { line-height: 1.6; }
.osh-register-overview-row > .osh-action { margin: 0.2rem 0; }
.osh-register-overview-row .osh-band-label { padding: 0.05rem 0.35rem; }
.osh-cell-label { display: none; color: var(--jp-ui-font-color2, #555); }
@media (max-width: 600px) {
  /* A table of a few columns reads as one card per row on a phone (labels from data-label). */
  .osh-table-stack thead { display: none; }
  .osh-table-stack tr { display: block; box-sizing: border-box; border: 1px solid #ccc;
    border-radius: 6px;
    padding: 0.3rem 0.6rem; margin: 0.4rem 0; }
  .osh-table-stack td { display: block; border: none; padding: 0.1rem 0; }
  .osh-table-stack td[data-label]::before { content: attr(data-label) ": ";
    color: var(--jp-ui-font-color2, #555); }
  .osh-register-overview-head.widget-hbox { display: none; }
  .osh-register-overview-row.widget-hbox { display: flex; flex-direction: column;
    align-items: stretch; gap: 0; border: 1px solid #ccc; border-radius: 6px;
    padding: 0.3rem 0.6rem; margin: 0.4rem 0; font-size: 0.95rem; }
  .osh-register-overview-row .osh-cell-label { display: inline; }
  .osh-register-overview-row > .osh-action { align-self: flex-start; }
}
.osh-course .osh-map-lesson.widget-button { height: auto; min-height: 2.8rem; text-align: left;
  white-space: normal; padding: 0.5rem 0.8rem; font-size: 1rem; font-weight: 600; }
.osh-course .osh-map-complete.widget-button { background: #e8f5e9; border-left: 5px solid #2e7d32; }
.osh-map-progress { margin: 0 0 0.6rem 0.3rem; font-size: 0.85rem;
  color: var(--jp-ui-font-color2, #555); }
.osh-map-progress[data-state="complete"] { color: #1b5e20; font-weight: 600; }
.osh-map-day { margin: 1rem 0 0.3rem; }
.osh-course .osh-nav.widget-button { min-height: 2.6rem; font-size: 1rem;
  margin: 0.2rem 0.4rem 0.2rem 0; }
.osh-course-where { font-size: 0.9rem; color: var(--jp-ui-font-color2, #555); margin: 0.4rem 0; }
.osh-join-poster { width: 100%; margin: 0.3rem 0 0.8rem; }
.osh-join-poster h4 { margin: 0.6rem 0 0.2rem; font-size: 1rem; }
.osh-join-poster > .osh-action { align-self: flex-start; }
.osh-join-stage { width: 100%; box-sizing: border-box; align-items: center; text-align: center;
  background: #fff; color: #000; border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem; }
.osh-join-stage > .widget-html { width: 100%; margin: 0; }
.osh-join-stage .widget-html-content { width: 100%; }
.osh-join-code { margin: 0.2rem 0 0; }
.osh-join-code strong { display: block; font-size: clamp(2rem, 10vw, 3.5rem); line-height: 1.15;
  letter-spacing: 0.06em; overflow-wrap: anywhere; }
.osh-join-qr svg { display: block; width: 100%; height: auto; margin: 0 auto; }
.osh-join-qr path { shape-rendering: crispEdges; }
.osh-join-address { margin: 0.2rem 0 0.3rem; }
.osh-join-address-label { display: block; font-size: 0.85rem; color: #555; }
.osh-join-address code { font: 700 clamp(0.9rem, 4.2vw, 1.25rem)/1.35 monospace;
  overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; }
.osh-join-address code .osh-join-class { white-space: nowrap; }
/* "Show large": the stage covers the screen. JupyterLab's main panel sets `contain: strict`,
   which would pin a fixed box to the scrolled page instead of the screen. */
.lm-BoxPanel-child:has(.osh-join-large) { contain: none !important; }
.osh-join-stage.osh-join-large { position: fixed; inset: 0; z-index: 10000; margin: 0; border: 0;
  border-radius: 0; justify-content: center; overflow: auto; }
.osh-join-large .osh-join-code strong { font-size: clamp(2rem, 6vh, 4rem); }
.osh-join-large .osh-join-qr svg { width: min(100%, calc(100vh - 14rem)); min-width: 12rem; }
.osh-join-large .osh-join-address code { font-size: clamp(1.1rem, 2.2vw, 2.2rem); }
/* steps and feedback */
body:has(.osh-course-stepping) .jp-MarkdownCell,
.osh-course-stepping .osh-langbar .widget-toggle-buttons { display: none; }
/* The bar sticks to the page's scroller (#rendered_cells): no box between may clip it. */
body:has(.osh-course-stepping) :is(.jp-OutputArea, .jp-OutputArea-child,
  .jp-OutputArea-output):has(.osh-course-bar),
.osh-course.osh-course-stepping, .osh-course-stepping .osh-course-main { overflow: visible; }
.osh-course-bar.widget-html { position: sticky; top: 0; z-index: 20; margin: 0;
  background: var(--jp-layout-color0, #fff); border-bottom: 1px solid #ccc;
  box-shadow: 0 -1.5rem 0 var(--jp-layout-color0, #fff); }
.osh-course-bar, .osh-course-bar .widget-html-content, .osh-course-lesson { min-width: 0; }
.osh-course-where { display: flex; flex-wrap: wrap; align-items: center; gap: 0 0.6rem;
  margin: 0; padding: 0.3rem 0; font-size: 0.85rem; }
.osh-course-lesson { flex: 1 1 100%; font-weight: 700; font-size: 0.95rem; overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; color: var(--jp-ui-font-color0, #000); }
.osh-course-where progress { flex: 1 1 5rem; height: 0.5rem; accent-color: #1a237e; }
[data-osh-scroll] { scroll-margin-top: 4.5rem; }
.osh-tally { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
.osh-mark { font-weight: 700; white-space: nowrap; }
.osh-mark-right { color: #1b5e20; }
.osh-mark-wrong { color: #b71c1c; }
.osh-mark-open { color: #555; }
.osh-fb-list { list-style: none; padding: 0; margin: 0.4rem 0; }
.osh-fb { border-left: 4px solid #999; padding: 0.15rem 0.6rem; margin: 0.5rem 0; }
.osh-fb-right { border-left-color: #2e7d32; }
.osh-fb-wrong { border-left-color: #c62828; background: #fff6f6; }
.osh-fb p { margin: 0.2rem 0; }
.osh-fb-head { display: flex; gap: 0 0.6rem; align-items: baseline; }
.osh-fb-title { flex: 1; min-width: 0; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; overflow: hidden; }
.osh-why summary { cursor: pointer; padding: 0.5rem 0; color: #1a237e; font-weight: 600; }
"""


def stylesheet() -> ipw.HTML:
    """Return a widget that carries the stylesheet (invisible by itself)."""
    return ipw.HTML(f"<style>{CSS}</style>", layout=ipw.Layout(display="none"))


def esc(text: object) -> str:
    """Escape ``text`` for HTML."""
    return html.escape(str(text), quote=True)


def number(value: object) -> str:
    """Return a score or scale value as people write it (``15``, ``0.5``), else as text."""
    return f"{value:g}" if isinstance(value, int | float) else str(value)
