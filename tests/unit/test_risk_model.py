"""The risk-evaluation core: methods, scores, bands and the errors a trainer or viewer meets."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import widgets
from widgets.content.errors import ContentError
from widgets.risk.model import Method, MethodRegistry, RatingError, UnknownMethodError
from widgets.risk_matrix.model import score_ranges

pytestmark = pytest.mark.unit

# The table, restated independently of the YAML files: the band of a score.
SPEC = {
    "5x5": lambda s: "low" if s <= 4 else "medium" if s <= 12 else "high",
    "3x3": lambda s: "low" if s <= 2 else "medium" if s <= 4 else "high",
    "oira-kinney": lambda s: "low" if s <= 15 else "medium" if s <= 50 else "high",
    "oira-two-factor": lambda s: "low" if s < 10 else "medium" if s <= 45 else "high",
    "fine-kinney": lambda s: (
        "acceptable"
        if s < 20
        else "possible"
        if s <= 70
        else "significant"
        if s <= 200
        else "high"
        if s <= 400
        else "very-high"
    ),
}
SCALES = {
    "5x5": {"likelihood": [1, 2, 3, 4, 5], "severity": [1, 2, 3, 4, 5]},
    "3x3": {"likelihood": [1, 2, 3], "severity": [1, 2, 3]},
    "oira-kinney": {"probability": [1, 3, 5], "frequency": [1, 4, 7], "severity": [1, 5, 10]},
    "oira-two-factor": {"frequency": [1, 3, 7, 9], "severity": [1, 5, 7, 10]},
    "fine-kinney": {
        "probability": [0.1, 0.2, 0.5, 1, 3, 6, 10],
        "exposure": [0.5, 1, 2, 3, 6, 10],
        "consequence": [1, 3, 7, 15, 40, 100],
    },
}
SCORED = list(SCALES)


def combinations(method_id: str) -> list[dict[str, float]]:
    scales = SCALES[method_id]
    return [dict(zip(scales, combo, strict=True)) for combo in itertools.product(*scales.values())]


@st.composite
def ratings(draw: st.DrawFn) -> tuple[str, dict[str, float]]:
    method_id = draw(st.sampled_from(SCORED))
    return method_id, {f: draw(st.sampled_from(v)) for f, v in SCALES[method_id].items()}


def test_the_six_methods_are_listed_in_display_order():
    assert widgets.methods() == [
        "5x5",
        "3x3",
        "oira-kinney",
        "oira-two-factor",
        "fine-kinney",
        "estimated",
    ]


@pytest.mark.parametrize("method_id", SCORED)
def test_each_method_has_exactly_the_scales_of_the_specification(method_id):
    method = widgets.get_method(method_id)
    assert {f.id: f.allowed() for f in method.factors} == SCALES[method_id]


@pytest.mark.parametrize("method_id", SCORED)
def test_every_combination_lands_in_the_band_the_specification_gives(method_id):
    for values in combinations(method_id):
        rating = widgets.evaluate(method_id, **values)
        expected = SPEC[method_id](rating.score)
        assert rating.band.id == expected, (values, rating.score)


@pytest.mark.parametrize(
    ("method_id", "values", "score", "band"),
    [
        ("5x5", {"likelihood": 2, "severity": 2}, 4, "low"),
        ("5x5", {"likelihood": 1, "severity": 5}, 5, "medium"),
        ("5x5", {"likelihood": 3, "severity": 4}, 12, "medium"),
        ("5x5", {"likelihood": 3, "severity": 5}, 15, "high"),
        ("3x3", {"likelihood": 1, "severity": 2}, 2, "low"),
        ("3x3", {"likelihood": 1, "severity": 3}, 3, "medium"),
        ("3x3", {"likelihood": 2, "severity": 3}, 6, "high"),
        ("oira-kinney", {"probability": 3, "frequency": 1, "severity": 5}, 15, "low"),
        ("oira-kinney", {"probability": 5, "frequency": 1, "severity": 10}, 50, "medium"),
        ("oira-kinney", {"probability": 3, "frequency": 4, "severity": 5}, 60, "high"),
        ("oira-two-factor", {"frequency": 9, "severity": 1}, 9, "low"),
        ("oira-two-factor", {"frequency": 1, "severity": 10}, 10, "medium"),
        ("oira-two-factor", {"frequency": 9, "severity": 5}, 45, "medium"),
        ("oira-two-factor", {"frequency": 7, "severity": 7}, 49, "high"),
        ("fine-kinney", {"probability": 6, "exposure": 3, "consequence": 1}, 18, "acceptable"),
        ("fine-kinney", {"probability": 0.2, "exposure": 1, "consequence": 100}, 20, "possible"),
        ("fine-kinney", {"probability": 10, "exposure": 1, "consequence": 7}, 70, "possible"),
        (
            "fine-kinney",
            {"probability": 0.5, "exposure": 10, "consequence": 40},
            200,
            "significant",
        ),
        ("fine-kinney", {"probability": 10, "exposure": 1, "consequence": 40}, 400, "high"),
        ("fine-kinney", {"probability": 6, "exposure": 1, "consequence": 100}, 600, "very-high"),
    ],
)
def test_boundaries_fall_on_the_side_the_specification_says(method_id, values, score, band):
    rating = widgets.evaluate(method_id, **values)
    assert (rating.score, rating.band.id) == (score, band)


def test_decimal_scales_score_exactly():
    rating = widgets.evaluate("fine-kinney", probability=0.1, exposure=0.5, consequence=1)
    assert rating.score == 0.05
    assert isinstance(
        widgets.evaluate("fine-kinney", probability=0.2, exposure=1, consequence=100).score, int
    )


@given(ratings())
def test_every_combination_gets_exactly_one_band(rating):
    method_id, values = rating
    method = widgets.get_method(method_id)
    result = method.evaluate(**values)
    from decimal import Decimal

    exact = Decimal(str(result.score))
    holding = [
        b
        for i, b in enumerate(method.bands)
        if b.holds(exact) and (i == 0 or not method.bands[i - 1].holds(exact))
    ]
    assert holding == [result.band]


@given(ratings(), st.data())
def test_raising_any_factor_never_lowers_the_band(rating, data):
    method_id, values = rating
    factor = data.draw(st.sampled_from(sorted(values)))
    higher = [v for v in SCALES[method_id][factor] if v >= values[factor]]
    raised = {**values, factor: data.draw(st.sampled_from(higher))}
    before = widgets.evaluate(method_id, **values)
    after = widgets.evaluate(method_id, **raised)
    assert after.rank >= before.rank
    assert after.score >= before.score


def test_estimated_method_takes_the_band_directly():
    rating = widgets.evaluate("estimated", band="high")
    assert (rating.score, rating.band.id) == (None, "high")
    with pytest.raises(RatingError) as caught:
        widgets.evaluate("estimated", band="extreme")
    assert (caught.value.code, caught.value.params) == (
        "band-unknown",
        {"method": "estimated", "band": "extreme", "allowed": ["low", "medium", "high"]},
    )
    with pytest.raises(RatingError) as caught:
        widgets.evaluate("estimated", likelihood=3)
    assert caught.value.code == "band-required"


def test_bands_carry_labels_in_both_languages_and_what_they_require():
    for method_id in widgets.methods():
        for band in widgets.get_method(method_id).bands:
            assert band.label.en != band.label.mn
            assert band.requires.get("mn")
            assert band.deadline.get("en")
            assert band.text_colour in ("#000000", "#ffffff")


@pytest.mark.parametrize(
    ("values", "code", "params"),
    [
        (
            {"likelihood": 7, "severity": 1},
            "factor-off-scale",
            {"factor": "likelihood", "value": 7},
        ),
        ({"likelihood": 2.5}, "factor-missing", {"missing": ["severity"]}),
        ({"likelihood": 2.5, "severity": 1}, "factor-off-scale", {"value": 2.5}),
        ({"likelihood": "3", "severity": 1}, "factor-off-scale", {"value": "3"}),
        ({"likelihood": True, "severity": 1}, "factor-off-scale", {"value": True}),
        (
            {"likelihood": 1, "severity": 1, "exposure": 2},
            "factor-unknown",
            {"unknown": ["exposure"], "factors": ["likelihood", "severity"]},
        ),
    ],
)
def test_out_of_scale_values_name_the_factor_and_the_allowed_values(values, code, params):
    with pytest.raises(RatingError) as caught:
        widgets.evaluate("5x5", **values)
    assert caught.value.code == code
    assert caught.value.params["method"] == "5x5"
    assert params.items() <= caught.value.params.items()
    if code == "factor-off-scale":
        assert caught.value.params["allowed"] == ["1", "2", "3", "4", "5"]
    assert "5x5" in str(caught.value), "str() is an English line for logs and make validate"
    if code == "factor-off-scale":
        assert "is not on the 5x5 scale; allowed values: 1, 2, 3, 4, 5" in str(caught.value)


def test_an_unknown_method_lists_the_known_ones():
    with pytest.raises(UnknownMethodError) as caught:
        widgets.evaluate("7x7", likelihood=1)
    assert caught.value.code == "method-unknown"
    assert caught.value.params["method"] == "7x7"
    assert caught.value.params["known"][:2] == ["5x5", "3x3"]


def test_score_ranges_show_the_reachable_scores_of_each_band():
    assert score_ranges(widgets.get_method("5x5")) == {
        "low": (1, 4),
        "medium": (5, 12),
        "high": (15, 25),
    }


# -- trainers' own method files ------------------------------------------------------------

GOOD = (Path(__file__).parents[2] / "data" / "methods" / "3x3.yaml").read_text(encoding="utf-8")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_trainer_adds_a_method_by_adding_a_file(tmp_path):
    write(tmp_path, "3x3", GOOD)
    write(
        tmp_path, "my-3x3", GOOD.replace("id: 3x3", "id: my-3x3").replace("order: 20", "order: 5")
    )
    registry = MethodRegistry(tmp_path)
    assert registry.ids() == ["my-3x3", "3x3"]
    assert registry.get("my-3x3").evaluate(likelihood=3, severity=3).band.id == "high"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (('colour: "#2e7d32"', 'colour: "green"'), "bands[0].colour", ["#"]),
        (("  - id: low\n", "  - id: Low\n"), "bands[0].id", ["lower-case"]),
        (("score: product", "score: sum"), "score", ["product"]),
        (("schema_version: 1", "schema_version: 9"), "schema_version", ["1"]),
        (("order: 20", "order: 20\ncolour_scheme: x"), "colour_scheme", ["not a known field"]),
    ],
)
def test_a_malformed_method_names_file_line_field_and_problem(tmp_path, change, field, words):
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = write(tmp_path, "3x3", text)
    with pytest.raises(ContentError) as caught:
        MethodRegistry.load_file(path)
    problem = next(p for p in caught.value.problems if p.field == field)
    assert problem.file.endswith("3x3.yaml")
    # the line of the changed field (the last line of the replacement)
    assert problem.line == line_of(text, new) + new.rstrip("\n").count("\n")
    for word in words:
        assert word in problem.message
    assert str(problem).startswith(f"{problem.file}:{problem.line}: {field}: ")


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("max: 2", "max: 5", "bands[1].max", ["rising bounds", "medium", "low"]),
        ("max: 4", "max: 2", "bands[1].max", ["rising bounds"]),
        (
            "    deadline_days: 1\n",
            "    deadline_days: 1\n    max: 9\n",
            "bands[2]",
            ["last band", "open"],
        ),
        ("max: 4", "max: 9", "bands[2]", ["reaches band high"]),
        (
            "      - value: 2\n",
            "      - value: 0\n",
            "factors[0].values[1].value",
            ["greater than 0"],
        ),
        ("      - value: 3\n", "      - value: 1\n", "factors[0].values", ["go up strictly"]),
    ],
)
def test_incoherent_methods_are_rejected_naming_the_field(tmp_path, old, new, field, words):
    assert old in GOOD, old
    path = write(tmp_path, "3x3", GOOD.replace(old, new, 1))
    with pytest.raises(ContentError) as caught:
        MethodRegistry.load_file(path)
    [problem] = caught.value.problems
    assert problem.field == field
    assert problem.line > 1
    for word in words:
        assert word in problem.message


def test_invalid_yaml_names_the_line(tmp_path):
    text = GOOD.replace("order: 20", "order: [20")
    path = write(tmp_path, "3x3", text)
    with pytest.raises(ContentError, match=r"3x3\.yaml:\d+: is not valid YAML"):
        MethodRegistry.load_file(path)


def test_a_broken_file_is_set_aside_and_the_others_still_work(tmp_path):
    write(tmp_path, "3x3", GOOD)
    write(tmp_path, "broken", GOOD.replace("id: 3x3", "id: broken").replace("#2e7d32", "red"))
    write(tmp_path, "misnamed", GOOD)
    registry = MethodRegistry(tmp_path)
    assert registry.ids() == ["3x3"]
    assert set(registry.problems) == {"broken", "misnamed"}
    with pytest.raises(UnknownMethodError, match=r"broken\.yaml:\d+: bands\[0\]\.colour"):
        registry.get("broken")
    with pytest.raises(UnknownMethodError, match="must match the file name"):
        registry.get("misnamed")


def test_the_method_schema_refuses_unknown_fields_in_every_part():
    assert Method.model_config["extra"] == "forbid"
