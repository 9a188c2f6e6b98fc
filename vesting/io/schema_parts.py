"""JSON Schema fragments (draft 2020-12) of the values grant-file fields take, as the JSON form
of a grant file spells them; :mod:`vesting.io.fields` gives each field one of these, and
:mod:`vesting.io.schema` assembles them into ``schemas/grants.schema.json``.

They describe what the readers accept (a number where a number is allowed, the text forms of
:mod:`vesting.io.values` where text is) — loosely where a pattern would only repeat the
converter badly: the converters are the rule, and their messages say what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ..allocation import Allocation
from ..model.kinds import LeaveTolling, Reason, SplitRounding

Fragment = Mapping[str, object]

TEXT: Final[Fragment] = {"type": "string", "minLength": 1, "maxLength": 200}
KIND: Final[Fragment] = {
    "type": "string",
    "pattern": "^\\s*([Ii][Ss][Oo]|[Nn][Ss][Oo]|[Rr][Ss][Uu])\\s*$",
    "description": "ISO, NSO or RSU, any case",
}
_DIGITS: Final = "^\\s*([0-9]{1,3}(,[0-9]{3})+|[0-9]+(_[0-9]+)*)\\s*$"
SHARES: Final[Fragment] = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999},
        {"type": "string", "pattern": _DIGITS},
    ]
}
DATE: Final[Fragment] = {"type": "string", "pattern": "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*$"}
MONEY: Final[Fragment] = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": "^\\s*[0-9]*(\\.[0-9]*)?\\s*$"},
    ]
}
PERIOD: Final[Fragment] = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "description": "months"},
        {"type": "string", "description": "12m, 1y, 365d, 2w, or none (a cliff)"},
    ]
}
DAYS: Final[Fragment] = {
    "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^\\s*[0-9]+"}]
}
PORTION: Final[Fragment] = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 1},
        {"type": "string", "description": "25%, 1/4 or 0.25"},
    ]
}
RATE: Final[Fragment] = {
    "anyOf": [{"type": "number"}, {"type": "string", "description": "0.03 or 3%"}]
}
EXPECTED_TERM: Final[Fragment] = {
    "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}],
    "description": "years (6.25), or sab107",
}
BOOL: Final[Fragment] = {
    "anyOf": [
        {"type": "boolean"},
        {"type": "string", "enum": ["true", "false", "yes", "no", "y", "n", "1", "0"]},
    ]
}
DAY_OF_MONTH: Final[Fragment] = {
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": 31}, {"type": "string"}],
    "description": "start, 1-31, last, or an OCF VestingDayOfMonth value",
}
ALLOCATION: Final[Fragment] = {
    "type": "string",
    "description": "an OCF AllocationType, any case, - or _: "
    + ", ".join(a.value for a in Allocation),
}
LEAVE_TOLLING: Final[Fragment] = {
    "type": "string",
    "enum": [p.value for p in LeaveTolling],
}
SPLIT_ROUNDING: Final[Fragment] = {
    "type": "string",
    "enum": [r.value for r in SplitRounding],
}
SPLIT_RATIO: Final[Fragment] = {
    "type": "string",
    "pattern": "^\\s*[0-9]{1,7}\\s*(-\\s*for\\s*-|\\s+for\\s+|:)\\s*[0-9]{1,7}\\s*$",
    "description": "N-for-M or N:M: N new shares for every M old (1-for-20, 2:1)",
}
SPLIT: Final[Fragment] = {
    "type": "object",
    "required": ["date", "ratio"],
    "additionalProperties": False,
    "properties": {"date": DATE, "ratio": SPLIT_RATIO},
}
_PAIR: Final[Fragment] = {
    "type": "array",
    "prefixItems": [PERIOD, PORTION],
    "minItems": 2,
    "maxItems": 2,
}
GRADED: Final[Fragment] = {
    "anyOf": [
        {"type": "array", "items": _PAIR, "minItems": 1, "maxItems": 1000},
        {"type": "string", "description": "12m:5%;24m:15%;..."},
    ]
}
_MILESTONE: Final[Fragment] = {
    "type": "object",
    "required": ["name", "portion"],
    "additionalProperties": False,
    "properties": {
        "name": TEXT,
        "portion": PORTION,
        "deadline": {"anyOf": [DATE, PERIOD]},
    },
}
MILESTONES: Final[Fragment] = {
    "anyOf": [
        {"type": "array", "items": _MILESTONE, "maxItems": 1000},
        {"type": "string", "description": "name:portion[:deadline];..."},
    ]
}
WINDOWS: Final[Fragment] = {
    "anyOf": [
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {r.value: PERIOD for r in Reason},
        },
        {"type": "string", "description": "voluntary=6m;cause=0"},
    ]
}
EVENTS: Final[Fragment] = {
    "anyOf": [
        {"type": "array", "items": {"$ref": "#/$defs/event"}, "maxItems": 1000},
        {"type": "string", "description": "terminate=2009-03-01:voluntary;leave=..."},
    ]
}
TERMS_REF: Final[Fragment] = {
    "anyOf": [TEXT, {"$ref": "#/$defs/terms"}],
    "description": "the name of terms, or an inline table of terms fields",
}
