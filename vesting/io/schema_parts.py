"""JSON Schema fragments (draft 2020-12) of the values grant-file fields take, as the JSON form
of a grant file spells them; :mod:`vesting.io.fields` gives each field one of these, and
:mod:`vesting.io.schema` assembles them into ``schemas/grants.schema.json``.

They describe what the readers accept (a number where a number is allowed, the text forms of
:mod:`vesting.io.values` where text is) — loosely where a pattern would only repeat the
converter badly: the converters are the rule, and their messages say what is allowed. A schema
never refuses what a reader accepts: vocabulary words match by the word rule
(:func:`words`), dates and amounts in their lenient forms too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from ..allocation import Allocation
from ..model.kinds import (
    CALENDAR_SYNONYMS,
    REASON_SYNONYMS,
    Calendar,
    LeaveTolling,
    Method,
    Reason,
    SplitRounding,
    Trigger,
)

Fragment = Mapping[str, object]


def words(spellings: Iterable[str], description: str = "") -> Fragment:
    """A string that is one of ``spellings`` by :func:`vesting.errors.word`'s rule: any case,
    spaces around it, and ``-``, ``_`` or spaces (any run of them) between its parts."""
    alternatives = []
    for spelling in spellings:
        parts = [p for p in re.split(r"[\s_-]+", spelling) if p]
        alternatives.append(
            "[\\s_-]+".join(
                "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in p)
                for p in parts
            )
        )
    fragment: dict[str, object] = {
        "type": "string",
        "pattern": "^\\s*(" + "|".join(alternatives) + ")\\s*$",
    }
    if description:
        fragment["description"] = description
    return fragment


TEXT: Final[Fragment] = {"type": "string", "minLength": 1, "maxLength": 200}
ATTRIBUTES: Final[Fragment] = {
    "type": "object",
    "maxProperties": 100,
    "propertyNames": {"minLength": 1, "maxLength": 200},
    "additionalProperties": {
        "anyOf": [
            {"type": "string", "maxLength": 200},
            {"type": "number"},
            {"type": "boolean"},
            {"type": "null"},
        ]
    },
    "description": "name = text (numbers, booleans and dates are kept as their text)",
}
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
DATE: Final[Fragment] = {
    "anyOf": [
        {"type": "string", "pattern": "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*$"},
        {
            "type": "string",
            "pattern": "^\\s*[A-Za-z0-9][A-Za-z0-9 ,./-]{4,62}\\s*$",
            "description": "written out, when that names one day: Dec 18, 2006; "
            "18 December 2006; 18/12/2006; 2006/12/18 (never 03/04/2008: day or month first?)",
        },
    ]
}
MONEY: Final[Fragment] = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {
            "type": "string",
            "pattern": "^\\s*\\$?\\s*([0-9]{1,3}(,[0-9]{3})+|[0-9]+(_[0-9]+)*)?(\\.[0-9]*)?\\s*$",
        },
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
    "anyOf": [{"type": "boolean"}, words(("true", "false", "yes", "no", "y", "n", "1", "0"))]
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
LEAVE_TOLLING: Final[Fragment] = words(p.value for p in LeaveTolling)
CALENDAR: Final[Fragment] = {
    "anyOf": [
        words(
            (*(c.value for c in Calendar), *CALENDAR_SYNONYMS, "none"),
            "calendar quarter, half or year (or a synonym), or none",
        ),
        {"const": False},
    ]
}
REASON: Final[Fragment] = words(
    (*(r.value for r in Reason), *REASON_SYNONYMS),
    "a termination reason (" + ", ".join(r.value for r in Reason) + ") or a synonym",
)
TRIGGER: Final[Fragment] = words(t.value for t in Trigger)
METHOD: Final[Fragment] = words(m.value for m in Method)
SPLIT_ROUNDING: Final[Fragment] = words(r.value for r in SplitRounding)
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
        "fallback": {"anyOf": [DATE, PERIOD]},
    },
}
MILESTONES: Final[Fragment] = {
    "anyOf": [
        {"type": "array", "items": _MILESTONE, "maxItems": 1000},
        {"type": "string", "description": "name:portion[:deadline[:fallback]];..."},
    ]
}
WINDOWS: Final[Fragment] = {
    "anyOf": [
        {
            "type": "object",
            "propertyNames": REASON,
            "additionalProperties": PERIOD,
        },
        {"type": "string", "description": "voluntary=6m;cause=0"},
    ]
}
AMOUNT: Final[Fragment] = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "description": "shares"},
        {
            "type": "string",
            "description": "100%, 1/2 (of the unvested shares), 12m (months of tranches), "
            "1000 (shares) or all; :soonest or :latest may follow a percent or a count",
        },
    ]
}
ACCELERATE_ON: Final[Fragment] = {
    "anyOf": [
        {"type": "object", "propertyNames": REASON, "additionalProperties": AMOUNT},
        {"type": "string", "description": "death=100%;involuntary=12m"},
    ]
}
CHANGE_OF_CONTROL: Final[Fragment] = {
    "anyOf": [
        {
            "type": "object",
            "required": ["amount"],
            "additionalProperties": False,
            "properties": {
                "amount": AMOUNT,
                "window": PERIOD,
                "window_before": PERIOD,
                "qualifying": {
                    "anyOf": [
                        {"type": "array", "items": REASON, "minItems": 1},
                        {"type": "string", "description": "involuntary,good-reason"},
                    ]
                },
                "event": TEXT,
            },
        },
        {"type": "string", "description": "amount=100%;window=12m;window_before=3m;..."},
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
