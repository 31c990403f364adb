"""Errors in widget callbacks: one short line for the participant, the traceback in the server log.

A widget callback runs when the page sends its kernel a comm message. When it raises,
ipywidgets (``CallbackDispatcher``) calls ``shell.showtraceback()`` and ipykernel logs what
escapes a comm handler to ``sys.stderr``; either way the traceback, with the server's
paths, goes to the browser over the kernel's iopub channel, which Voila's
``show_tracebacks=false`` does not cover (it only strips the outputs of cells).

Loaded into every classroom kernel as an IPython extension
(:class:`widgets.server.kernels.ClassroomKernelManager` starts kernels with
``--IPKernelApp.extensions=widgets.i18n.callback_errors``), this module:

- wraps every comm's message handler, so whatever escapes a callback is caught there;
- replaces the shell's ``showtraceback`` while a comm message is handled (a cell's error
  is still Voila's to handle);
- writes the traceback to the server's own stderr (the kernel's ``sys.stderr`` is sent to
  the browser; its ``fileno()`` is the copy of the server's stream), and logging as a
  whole goes there too;
- shows the participant :func:`short_line` in the page's notice, which every page's
  :class:`~widgets.i18n.view.LanguageBar` carries; the page's next action hides it.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from widgets.i18n import _

log = logging.getLogger("widgets.callback_errors")


NOTICE_CLASS = "osh-callback-error"
"""The notice's class: the ``osh`` template keeps it in view at the bottom of the page."""

_state: dict[str, Any] = {"depth": 0, "notice": None, "shell": None}


def server_stream():
    """Return a text stream to the server's stderr, never forwarded to the browser.

    In an ipykernel, ``sys.stderr`` is sent to the front end; its ``fileno()`` is a copy
    of the stream the kernel was started with (the Voila server's log).
    """
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return sys.__stderr__
    return open(os.dup(fd), "w", buffering=1, encoding="utf-8", errors="replace")


def log_to_server() -> None:
    """Send logging (the workbook's, ipykernel's comm errors) to the server's stderr only."""
    handler = logging.StreamHandler(server_stream())
    handler.setFormatter(
        logging.Formatter("[kernel %(process)d] %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_osh_server", False)]:
        root.removeHandler(old)
    handler._osh_server = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)


def short_line() -> str:
    """Return what the participant reads, in the page's language."""
    return _("Something went wrong: please try again, or tell your trainer.")


def notice():
    """Return the page's notice, the widget that shows :func:`short_line`."""
    if _state["notice"] is None:
        import ipywidgets as ipw

        widget = ipw.HTML("", layout=ipw.Layout(display="none"))
        widget.add_class(NOTICE_CLASS)
        _state["notice"] = widget
    return _state["notice"]


def report(exc_info: tuple | None = None) -> None:
    """Log a callback's exception to the server and show the participant the short line."""
    exc_info = exc_info or sys.exc_info()
    log.error("Error in a widget callback", exc_info=exc_info)
    try:
        from widgets.ui.style import esc

        widget = notice()
        widget.value = f'<p class="osh-error" role="alert">{esc(short_line())}</p>'
        widget.layout.display = None
    except Exception:  # the notice must never raise in its turn
        log.exception("Could not show the error notice")


def clear() -> None:
    """Hide the notice (the page acts again)."""
    widget = _state["notice"]
    if widget is not None and widget.layout.display != "none":
        widget.layout.display = "none"
        widget.value = ""


def _handle_msg(original):
    def handle_msg(self, msg):
        _state["depth"] += 1
        try:
            clear()
            original(self, msg)
        except Exception:
            report()
        finally:
            _state["depth"] -= 1

    handle_msg._osh_wrapped = True  # type: ignore[attr-defined]
    return handle_msg


def _showtraceback(original):
    def showtraceback(exc_tuple=None, *args, **kwargs):
        if _state["depth"] <= 0:
            return original(exc_tuple, *args, **kwargs)
        report(exc_tuple if isinstance(exc_tuple, tuple) else None)
        return None

    return showtraceback


def install(shell) -> None:
    """Install the handlers in ``shell`` (an IPython shell), once."""
    from comm.base_comm import BaseComm

    if not getattr(BaseComm.handle_msg, "_osh_wrapped", False):
        BaseComm.handle_msg = _handle_msg(BaseComm.handle_msg)
    if _state["shell"] is not shell:
        _state["shell"] = shell
        shell.showtraceback = _showtraceback(shell.showtraceback)
    log_to_server()


def load_ipython_extension(ipython) -> None:
    """Install the handlers in a kernel (``--IPKernelApp.extensions=…``)."""
    install(ipython)
