"""Converters of the terms' provisions (issue 21, :mod:`vesting.model.provisions`):
``accelerate_on`` (a table by reason of amounts) and ``change_of_control`` (a table of the
double trigger's settings).

Forms, in TOML/JSON and in a CSV cell alike:

* an **amount**: ``"100%"`` or ``"1/2"`` (a percent of the unvested shares), ``"12m"`` (the
  tranches due within 12 months), ``1000`` or ``"1,000"`` (shares), ``"all"`` (100%); a
  method may follow a percent or a share count, ``"50%:soonest"`` (``pro-rata`` by default);
* ``accelerate_on = { death = "100%", disability = "100%", involuntary = "12m" }``, in CSV
  ``"death=100%;involuntary=12m"``; a reason by any spelling :meth:`~vesting.Reason.parse`
  takes, each once;
* ``change_of_control = { amount = "100%", window = "12m", window_before = "3m",
  qualifying = ["involuntary", "good-reason"], event = "change-of-control" }``, in CSV
  ``"amount=100%;window=12m;window_before=3m;qualifying=involuntary,good-reason"``; only
  ``amount`` is required.
"""

from __future__ import annotations

import re
from typing import Final

from ..errors import Field, InputError, Problem, VestingError, sub, word
from ..model import AccelerateOn, Amount, ChangeOfControl, Reason
from .values import (
    bad,
    brief,
    parse_method,
    parse_period,
    parse_portion,
    parse_reason,
    parse_shares,
    parse_text,
    renamed,
    unknown,
)

AMOUNT_FORMS: Final = (
    "an amount: a percent of the unvested shares (100%, 1/2), months of tranches (12m), a "
    "share count (1000) or all; a method may follow a percent or count (50%:soonest)"
)
ACCELERATE_ON_FORMS: Final = (
    'a table by reason {death = "100%", involuntary = "12m"} or text "death=100%;involuntary=12m"'
)
CONTROL_FORMS: Final = (
    'a table {amount = "100%", window = "12m", window_before = "3m", qualifying = '
    '["involuntary"], event = "change-of-control"} or text '
    '"amount=100%;window=12m;window_before=3m;qualifying=involuntary,good-reason"'
)
CONTROL_KEYS: Final = ("amount", "window", "window_before", "qualifying", "event")
_MONTHS = re.compile(r"([0-9]{1,6})\s*(?:m|mo|months?)", re.I)
_COUNT = re.compile(r"[0-9][0-9,_]*")


def parse_amount(value: object, field: Field) -> Amount:
    """An :class:`~vesting.Amount` from its text (see the module doc) or a whole number of
    shares."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise bad(field, brief(value), AMOUNT_FORMS)
    text, _, how = value.strip().partition(":")
    text = text.strip()
    method = parse_method(how, sub(field, "method")) if how.strip() else None
    kwargs: dict[str, object] = {}
    if word(text) in ("all", "full", "in-full"):
        kwargs["percent"] = parse_portion("100%", field)
    elif text.endswith("%") or "/" in text:
        kwargs["percent"] = parse_portion(text, field)
    elif m := _MONTHS.fullmatch(text):
        if method is not None:
            raise bad(field, value, "months take the tranches due soonest: no method after them")
        kwargs["months"] = int(m.group(1))
    elif _COUNT.fullmatch(text):
        kwargs["shares"] = parse_shares(text, field)
    else:
        raise bad(field, value, AMOUNT_FORMS)
    if method is not None:
        kwargs["method"] = method
    try:
        return Amount(**kwargs)  # type: ignore[arg-type]
    except VestingError as e:
        given = {"percent": value, "months": value, "shares": value}
        raise renamed(e, "amount", field, given) from None


def _table(value: object, field: Field, forms: str) -> list[tuple[str, object]]:
    """A table (TOML/JSON) or ``key=value;key=value`` text as its (key, value) pairs."""
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items()]
    if not isinstance(value, str):
        raise bad(field, brief(value), forms)
    pairs: list[tuple[str, object]] = []
    for part in value.split(";"):
        if not part.strip():
            continue
        key, sep, val = part.partition("=")
        if not sep or not key.strip():
            raise bad(field, value, forms)
        pairs.append((key.strip(), val.strip()))
    return pairs


def accelerate_on(value: object, field: Field) -> AccelerateOn:
    """``accelerate_on``: an amount by reason (reasons not given accelerate nothing)."""
    given: dict[str, Amount] = {}
    named: dict[str, str] = {}
    found: list[Problem] = []
    for key, val in _table(value, field, ACCELERATE_ON_FORMS):
        try:
            reason = Reason.parse(key, sub(field, key)).value
            if reason in named:
                allowed = f"each reason once ({named[reason]!r} is {reason} already)"
                raise bad(sub(field, key), brief(val), allowed)
            named[reason] = key
            given[reason.replace("-", "_")] = parse_amount(val, sub(field, key))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return AccelerateOn(**given)


def change_of_control(value: object, field: Field) -> ChangeOfControl | None:
    """``change_of_control``: the double trigger's settings; ``none`` for none."""
    if value is False or (isinstance(value, str) and word(value) in ("", "none", "no")):
        return None
    kwargs: dict[str, object] = {}
    found: list[Problem] = []
    for key, val in _table(value, field, CONTROL_FORMS):
        name = word(key, "_")
        at = sub(field, key)
        try:
            if name == "amount":
                kwargs["amount"] = parse_amount(val, at)
            elif name in ("window", "window_before"):
                kwargs[name] = parse_period(val, at)
            elif name == "qualifying":
                items = val if isinstance(val, list) else str(val).split(",")
                kwargs["qualifying"] = tuple(
                    parse_reason(str(r), at) for r in items if str(r).strip()
                )
            elif name == "event":
                kwargs["event"] = parse_text(val, at)
            else:
                found.append(unknown(at, brief(val), CONTROL_KEYS, "a change_of_control key"))
        except VestingError as e:
            found.extend(e.problems)
    if "amount" not in kwargs and not found:
        found.append(Problem(sub(field, "amount"), "missing", f"{AMOUNT_FORMS} (required)"))
    if found:
        raise InputError(found)
    try:
        return ChangeOfControl(**kwargs)  # type: ignore[arg-type]
    except VestingError as e:
        raise renamed(e, "change_of_control", field) from None
