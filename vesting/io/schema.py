"""The JSON Schema of grant files, generated from the field table (:mod:`vesting.io.fields`)
and the event types (:mod:`vesting.io.lists`).

The package ships it as ``vesting/schemas/grants.schema.json`` for other tools that write
grant files; a test fails when the shipped file is not what :func:`grants_schema` gives (run
``python -m vesting.io.schema > vesting/schemas/grants.schema.json`` to bring it up to date).
It describes the JSON form; TOML files have the same keys (with native dates), and CSV and JSON
lines rows the fields of one grant. The readers stay the rule: they also check what a schema
cannot say (ranges of dates, terms that fit together) and name every problem.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import schema_parts as js
from .fields import TABLE
from .lists import EVENT_TYPES

SCHEMA_ID = "https://vesting.invalid/schemas/grants.schema.json"


def _field(spec_schema: Mapping[str, object], doc: str) -> dict[str, Any]:
    """A field's schema: its fragment, or null (in JSON, null means "not given")."""
    return {"anyOf": [dict(spec_schema), {"type": "null"}], "description": doc.replace("`", "")}


def grants_schema() -> dict[str, Any]:
    """The schema (see the module doc)."""
    grant = {s.name: _field(s.schema, s.doc) for s in TABLE}
    terms = {s.name: _field(s.schema, s.doc) for s in TABLE if s.part == "terms"}
    defaults = {k: v for k, v in grant.items() if k != "id"}
    events = [
        {
            "type": "object",
            "required": ["type"],
            "additionalProperties": False,
            "properties": {"type": js.words([name]), **dict(kind.fields)},
        }
        for name, kind in EVENT_TYPES.items()
    ]
    required = [s.name for s in TABLE if s.required]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "vesting grant file",
        "description": "A grant file in JSON (TOML has the same keys). Generated from the "
        "field table (vesting/io/fields.py): do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "schema_version": {"const": 1},
            "defaults": {
                "type": "object",
                "additionalProperties": False,
                "properties": defaults,
            },
            "terms": {"type": "object", "additionalProperties": {"$ref": "#/$defs/terms"}},
            "splits": {"type": "array", "items": dict(js.SPLIT)},
            "split": {"type": "array", "items": dict(js.SPLIT)},
            "grants": {"type": "array", "items": {"$ref": "#/$defs/grant"}},
            "grant": {"type": "array", "items": {"$ref": "#/$defs/grant"}},
        },
        "$defs": {
            "grant": {
                "type": "object",
                "additionalProperties": False,
                "properties": grant,
                "description": "One grant. Required once defaults are applied: "
                + ", ".join(required),
            },
            "terms": {"type": "object", "additionalProperties": False, "properties": terms},
            "event": {"anyOf": events},
        },
    }


def text() -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(grants_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(text(), end="")
