"""Read YAML while remembering where each field stands, so errors can name a line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from widgets.content.errors import ContentError, Problem, display_path

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Locator = Callable[[Sequence[str | int]], int | None]


def load_yaml(path: Path) -> tuple[Any, Locator]:
    """Parse one YAML file and return its data and a locator of fields to lines.

    Parameters
    ----------
    path
        The file to read (UTF-8).

    Returns
    -------
    data, locate
        ``data`` is the plain Python value; ``locate(("bands", 2, "colour"))`` gives the
        1-based line of that field, or of its nearest existing parent.

    Raises
    ------
    ContentError
        When the file cannot be read or is not valid YAML; the problem names the line.
    """
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(name, None, "", f"is not UTF-8 text ({exc.reason})")]) from exc
    except OSError as exc:
        raise ContentError([Problem(name, None, "", f"cannot be read ({exc.strerror})")]) from exc
    # One parse gives both the nodes (with their lines) and the data built from them.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise ContentError([Problem(name, line, "", f"is not valid YAML: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, None, "", f"is not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()

    def locate(loc: Sequence[str | int]) -> int | None:
        current = node
        line = current.start_mark.line + 1 if current is not None else None
        for key in loc:
            found = _child(current, key)
            if found is None:
                break
            key_node, current = found
            # A block list or mapping starts on the line after its key: name the key's line,
            # the one the trainer wrote.
            block = isinstance(current, yaml.CollectionNode) and not current.flow_style
            line = (key_node if block and key_node is not None else current).start_mark.line + 1
        return line

    return data, locate


def _child(node: yaml.Node | None, key: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """Return (key node, value node) of ``key`` in ``node``, or ``None``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return key_node, value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return None, node.value[key]
    return None


def dotted(loc: Sequence[str | int]) -> str:
    """Format a pydantic location as ``bands[2].colour``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
