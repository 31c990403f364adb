"""A widget callback that raises: one short translated line shown, the traceback logged."""

from __future__ import annotations

import io
import logging

import ipywidgets as ipw
import pytest
from comm.base_comm import BaseComm
from IPython.core.interactiveshell import InteractiveShell

from widgets import i18n
from widgets.i18n import callback_errors

pytestmark = pytest.mark.widgets
SHORT_EN = "Something went wrong: please try again, or tell your trainer."


@pytest.fixture
def kernel(monkeypatch):
    """An IPython shell with the handlers installed; everything is undone afterwards."""
    server_log = io.StringIO()
    monkeypatch.setattr(BaseComm, "handle_msg", BaseComm.handle_msg)
    monkeypatch.setattr(callback_errors, "server_stream", lambda: server_log)
    monkeypatch.setattr(
        callback_errors,
        "_state",
        {"depth": 0, "notice": None, "shell": None},
    )
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    shell = InteractiveShell.instance()
    callback_errors.install(shell)
    yield shell, server_log
    root.handlers[:] = handlers
    root.setLevel(level)
    InteractiveShell.clear_instance()


def click(button: ipw.Button) -> None:
    """Send ``button`` a click as the page does: a comm message from the front end."""
    data = {"method": "custom", "content": {"event": "click"}}
    button.comm.handle_msg({"content": {"data": data}, "buffers": []})


def set_from_page(widget: ipw.Widget, **state) -> None:
    """Set ``widget``'s state as the page does: an ``update`` comm message."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    widget.comm.handle_msg({"content": {"data": data}, "buffers": []})


def broken(*_args) -> None:
    """A callback with a bug in it."""
    raise ZeroDivisionError("division by zero in /srv/osh/widgets/secret.py")


def test_a_click_handler_that_raises_shows_one_short_line_and_logs_the_traceback(
    kernel, capsys, monkeypatch
):
    monkeypatch.setattr(i18n, "_current", "en")
    _shell, server_log = kernel
    button = ipw.Button(description="Check")
    button.on_click(broken)

    click(button)

    notice = callback_errors.notice()
    assert notice.layout.display is None
    assert notice.value == f'<p class="osh-error" role="alert">{SHORT_EN}</p>'
    out = capsys.readouterr()
    for sent in (out.out, out.err, notice.value):
        assert "Traceback" not in sent
        assert "/srv/osh" not in sent
        assert "ZeroDivisionError" not in sent
    logged = server_log.getvalue()
    assert "Traceback" in logged
    assert "ZeroDivisionError: division by zero in /srv/osh/widgets/secret.py" in logged


def test_an_observer_that_raises_is_caught_too_and_the_next_action_clears_the_line(
    kernel, capsys, monkeypatch
):
    monkeypatch.setattr(i18n, "_current", "mn")
    _shell, server_log = kernel
    slider = ipw.IntSlider()
    slider.observe(broken, names="value")

    set_from_page(slider, value=3)

    notice = callback_errors.notice()
    assert i18n.translate(SHORT_EN, "mn") in notice.value
    assert i18n.translate(SHORT_EN, "mn") != SHORT_EN
    assert "ZeroDivisionError" in server_log.getvalue()
    assert "Traceback" not in capsys.readouterr().out

    set_from_page(slider, value=3)  # the same value: no observer runs, nothing fails
    assert notice.layout.display == "none"
    assert notice.value == ""


def test_a_cell_error_is_left_to_voila(kernel):
    shell, server_log = kernel
    shell.run_cell("1 / 0")
    assert callback_errors.notice().layout.display == "none"
    assert "ZeroDivisionError" not in server_log.getvalue()


def test_every_page_s_language_bar_carries_the_notice(kernel):
    from widgets.i18n.view import LanguageBar

    assert callback_errors.notice() in LanguageBar().children
