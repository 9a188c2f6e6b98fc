"""A grant file's ``[company]`` table (JSON ``"company"``) → :class:`~vesting.model.Company`
(:func:`vesting.io.documents.company_of` reads it from a file before its grants: what the
command line's defaults come from).

Forms: ``name`` (text); ``fiscal_year_end`` a month — ``3``, ``"March"``, ``"Mar"`` — or a
month-day on the month's last day — ``"03-31"``, ``"March 31"``, ``"31 March"``;
``shares_outstanding`` a number (``104214049`` or ``"104,214,049"``) or dated values
``[{ date = 2008-03-31, shares = 104214049 }, …]`` in date order; ``currency`` an ISO 4217 code
(any case). Unknown keys are errors, as everywhere in a grant file.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Final

from ..errors import Field, InputError, Location, Problem, VestingError, sub, word
from ..model.company import Company, SharesOutstanding
from .values import brief, parse_date, parse_shares, unknown

KEYS: Final = ("name", "fiscal_year_end", "shares_outstanding", "currency")
FYE_FORMS: Final = (
    "a month (3, March or Mar) or the month's last day (03-31, March 31, 31 March): fiscal "
    "years end on a month's last day"
)
_MONTHS: Final = {
    **{word(calendar.month_name[m]): m for m in range(1, 13)},
    **{word(calendar.month_abbr[m]): m for m in range(1, 13)},
    "sept": 9,
}


def parse_fiscal_year_end(value: object, field: Field = "fiscal_year_end") -> int:
    """The month a fiscal year ends in (module forms)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 12:
            return value
        raise InputError([Problem(field, value, FYE_FORMS)])
    if not isinstance(value, str):
        raise InputError([Problem(field, brief(value), FYE_FORMS)])
    text = value.strip().lower()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    if word(text) in _MONTHS:
        return _MONTHS[word(text)]
    month = day = None
    numeric = re.fullmatch(r"-{0,2}(\d{1,2})-(\d{1,2})", text)
    named = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})|(\d{1,2})\s+([a-z]+)\.?", text)
    if numeric:
        month, day = int(numeric.group(1)), int(numeric.group(2))
    elif named:
        name = named.group(1) or named.group(4)
        month = _MONTHS.get(word(name))
        day = int(named.group(2) or named.group(3))
    if month is None or day is None or not 1 <= month <= 12:
        raise InputError([Problem(field, value, FYE_FORMS)])
    last = calendar.monthrange(2000, month)[1]  # a leap year: February 28 and 29 both end it
    if day != last and not (month == 2 and day == 28):
        raise InputError([Problem(field, value, FYE_FORMS)])
    return month


def parse_outstanding(value: object, field: Field = "shares_outstanding") -> SharesOutstanding:
    """One number, or a list of ``{date, shares}`` tables (module forms)."""
    if not isinstance(value, list):
        return SharesOutstanding.of(parse_shares(value, field))
    found: list[Problem] = []
    values: list[tuple[_dt.date | None, int]] = []
    for i, item in enumerate(value, start=1):
        at = sub(field, i)
        if not isinstance(item, dict):
            found.append(Problem(at, brief(item), "a table of date and shares"))
            continue
        for key in item:
            if key not in ("date", "shares"):
                found.append(unknown(sub(at, key), brief(item[key]), ("date", "shares"), "a key"))
        try:
            values.append(
                (parse_date(item.get("date"), sub(at, "date"), relative=False),
                 parse_shares(item.get("shares"), sub(at, "shares")))
            )  # fmt: skip
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    try:
        return SharesOutstanding(tuple(values))
    except VestingError as e:
        raise InputError([p.renamed(sub(field, *p.path[1:])) for p in e.problems]) from None


def parse_company(raw: object, where: Location) -> Company:
    """The ``company`` table of a document (module forms); every problem located at
    ``where`` and named ``company.KEY``."""
    if not isinstance(raw, dict):
        raise InputError([Problem("company", brief(raw), "a table of company settings", where)])
    found: list[Problem] = []
    name = fye = outstanding = currency = None
    for key, value in raw.items():
        field = sub("company", key)
        try:
            if key == "name":
                if not isinstance(value, str) or not value.strip():
                    raise InputError([Problem(field, brief(value), "the company's name (text)")])
                name = value.strip()
            elif key == "fiscal_year_end":
                fye = parse_fiscal_year_end(value, field)
            elif key == "shares_outstanding":
                outstanding = parse_outstanding(value, field)
            elif key == "currency":
                code = value.strip().upper() if isinstance(value, str) else value
                if not (isinstance(code, str) and re.fullmatch("[A-Z]{3}", code)):
                    raise InputError([Problem(field, brief(value), "an ISO 4217 code (USD)")])
                currency = code
            else:
                found.append(unknown(field, brief(value), KEYS, "a company setting"))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError([p.at(where) for p in found])
    return Company(name, fye, outstanding, currency)
