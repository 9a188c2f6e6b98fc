"""The field table (vesting.io.fields) is the one declaration of every grant and terms field:
the readers, the ad-hoc options, the OCF mapping and the published JSON Schema come from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from vesting.errors import NOWHERE
from vesting.io import fields, schema
from vesting.io.build import convert

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "vesting" / "schemas" / "grants.schema.json"


def test_the_shipped_schema_is_the_generated_one() -> None:
    """Regenerate with: python -m vesting.io.schema > vesting/schemas/grants.schema.json"""
    assert SHIPPED.read_text(encoding="utf-8") == schema.text()


def test_the_schema_is_valid_and_accepts_the_example() -> None:
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    example = json.loads((ROOT / "examples" / "grants.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(document).iter_errors(example))
    assert not errors, [e.message for e in errors]


def test_the_schema_refuses_an_unknown_field() -> None:
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    bad = {"grants": [{"id": "a", "kind": "NSO", "shares": 1, "grant_date": "2020-01-01",
                       "clif": "12m"}]}  # fmt: skip
    assert list(Draft202012Validator(document).iter_errors(bad))


def test_every_field_says_where_ocf_keeps_it_or_why_not() -> None:
    for spec in fields.TABLE:
        assert [bool(spec.ocf), bool(spec.ocf_how), bool(spec.not_ocf)].count(True) == 1, spec.name


def test_every_field_has_one_entry_and_a_converter_readers_use() -> None:
    names = [s.name for s in fields.TABLE]
    assert len(names) == len(set(names))
    assert set(fields.converters()) == set(names) - {"terms"}
    assert set(fields.ALL_FIELDS) == set(names)


@pytest.mark.parametrize("spec", fields.ADHOC, ids=lambda s: s.name)
def test_every_ad_hoc_option_is_a_command_line_option(spec: fields.Spec) -> None:
    from vesting.cli.labels import every_flag

    assert every_flag()[spec.name] == spec.flags[0]


def test_a_field_converts_the_same_in_every_format() -> None:
    """One converter per field: a CSV cell and a JSON value of the same text agree."""
    as_text, _ = convert({"shares": "2,000,000", "exercise_price": "30.00"}, NOWHERE,
                         fields.ALL_FIELDS, "a field")  # fmt: skip
    as_json, _ = convert({"shares": 2000000, "exercise_price": "30.00"}, NOWHERE,
                         fields.ALL_FIELDS, "a field")  # fmt: skip
    assert as_text == as_json
