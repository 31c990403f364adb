"""The trainer guide's field reference is the schema's, and its worked example is valid."""

from __future__ import annotations

import re

import pytest
import yaml

from widgets.exercises import docs
from widgets.exercises.schema import HazardItem

pytestmark = pytest.mark.unit


def test_the_field_reference_in_the_guide_matches_the_schema():
    text = docs.guide_path().read_text(encoding="utf-8")
    assert docs.rewrite(text) == text, "run `make docs` to update exercises/README.md"


def test_the_field_reference_names_every_field_of_every_type():
    reference = docs.field_reference()
    for model in [*docs.TYPES.values(), *docs.PARTS]:
        for name in model.model_fields:
            assert f"| `{name}` |" in reference, (model.__name__, name)


def test_the_check_mode_fails_on_a_stale_guide(tmp_path, monkeypatch, capsys):
    guide = tmp_path / "README.md"
    guide.write_text(f"# Guide\n{docs.START}\nold\n{docs.END}\n", encoding="utf-8")
    monkeypatch.setattr(docs, "guide_path", lambda: guide)
    assert docs.main(["--check"]) == 1
    assert docs.main([]) == 0
    assert docs.main(["--check"]) == 0
    assert "| `duration_min` |" in guide.read_text(encoding="utf-8")


def test_the_worked_example_in_the_guide_is_a_valid_hazard():
    text = docs.guide_path().read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(items:.*?)```", text, re.S).group(1)
    [item] = yaml.safe_load(block)["items"]
    HazardItem.model_validate(item)
