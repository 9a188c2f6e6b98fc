"""The domain's closed vocabularies: what was granted, why employment ended, what triggers an
acceleration and how, what a leave does to a schedule.

Plain string enums, each with a ``parse`` that accepts the spellings files and options use and
names the allowed values otherwise. They live apart from the records (:mod:`vesting.model`) so
that what only needs the words — the JSON Schema of grant files, the command line's help —
does not build the records.

One leniency rule for every such word (:func:`vesting.errors.word`): any case, spaces around it
ignored, and ``-``, ``_`` and spaces between its parts alike (``Pro Rata``, ``pro_rata`` and
``pro-rata`` are one word). Termination reasons also take the plain-English synonyms agreements
use (:data:`REASON_SYNONYMS`); a word that could name two reasons (``fired``: for cause or
not?) is refused saying which it could be (:data:`REASON_UNCLEAR`), and an unknown one close to a
known spelling says which was probably meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from ..errors import Field, closest, invalid, word


class Kind(StrEnum):
    """What was granted: an incentive or non-qualified stock option, or restricted stock units."""

    ISO = "ISO"
    NSO = "NSO"
    RSU = "RSU"

    @property
    def is_option(self) -> bool:
        return self is not Kind.RSU

    @classmethod
    def parse(cls, text: str, field: Field = "kind") -> Kind:
        try:
            return cls(word(text).upper())
        except ValueError:
            raise invalid(field, text, "expected ISO, NSO or RSU") from None


class Reason(StrEnum):
    """Why employment ended; it sets the post-termination exercise window."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    CAUSE = "cause"
    DEATH = "death"
    DISABILITY = "disability"
    RETIREMENT = "retirement"
    GOOD_REASON = "good-reason"
    """The holder resigned for good reason (OCF ``VOLUNTARY_GOOD_CAUSE``)."""

    @classmethod
    def parse(cls, text: str, field: Field = "reason") -> Reason:
        """A reason by its name or a synonym (:data:`REASON_SYNONYMS`), by :func:`word`'s rule
        (``Without Cause`` is ``without-cause``, so involuntary). An unknown one close to a
        known spelling says which was probably meant (``did you mean 'without-cause'
        (involuntary)?``)."""
        key = word(text)
        found = _REASONS.get(key)
        if found is not None:
            return found
        if key in REASON_UNCLEAR:
            raise invalid(field, text, f"could mean {REASON_UNCLEAR[key]}: say which")
        close = closest(key, _REASONS, cutoff=0.75)
        hint = ""
        if close is not None:
            meant = _REASONS[close]
            hint = f"did you mean '{close}'" + ("" if meant == close else f" ({meant})") + "? "
        allowed = ", ".join(r.value for r in cls)
        raise invalid(
            field,
            text,
            f"{hint}expected one of {allowed}, or a synonym such as without-cause, for-cause "
            "or resignation",
        )


class Trigger(StrEnum):
    """Single trigger: the event alone accelerates. Double: the event, then a qualifying
    termination within the window."""

    SINGLE = "single"
    DOUBLE = "double"

    @classmethod
    def parse(cls, text: str, field: Field = "trigger") -> Trigger:
        try:
            return cls(word(text))
        except ValueError:
            raise invalid(field, text, "single or double") from None


class Method(StrEnum):
    """Which unvested tranches an acceleration pulls forward."""

    PRO_RATA = "pro-rata"
    SOONEST = "soonest"
    LATEST = "latest"

    @classmethod
    def parse(cls, text: str, field: Field = "method") -> Method:
        try:
            return cls(word(text))
        except ValueError:
            raise invalid(field, text, "expected pro-rata, soonest or latest") from None


class LeaveTolling(StrEnum):
    """What a leave of absence does to a schedule (the terms' ``leave_tolling``).

    * ``none`` (the default, as most plans and cap-table platforms do): vesting goes on; a
      recorded leave changes nothing.
    * ``periods`` (Carta's pause): every grid installment dated inside the leave, and every
      later one, moves out by the number of installments dated inside it — whole periods, so
      dates keep the grid's day-of-month policy. The cliff moves with its installment. For
      graded terms, which have no period, it moves dates like ``days``.
    * ``days``: every vest date on or after the leave's start moves out by the leave's length
      in days, ``(end − start) + 1``.
    """

    NONE = "none"
    PERIODS = "periods"
    DAYS = "days"

    @classmethod
    def parse(cls, text: str, field: Field = "leave_tolling") -> LeaveTolling:
        try:
            return cls(word(text))
        except ValueError:
            raise invalid(field, text, "none, periods or days") from None


class Calendar(StrEnum):
    """Calendar alignment of a periodic grid (the terms' ``calendar``): its dates fall in the
    last month of each calendar quarter (March, June, September, December), half (June,
    December) or year (December), on the day the day-of-month policy chooses in that month.
    See :mod:`vesting.dates` for the rule."""

    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def months(self) -> int:
        """The calendar period's length in months (3, 6 or 12)."""
        return _CALENDAR_MONTHS[self]

    @classmethod
    def parse(cls, text: str, field: Field = "calendar") -> Calendar:
        """``quarter``, ``half`` or ``year`` by the word rule, or a synonym agreements use
        (``calendar quarter``, ``quarterly``, ``half-year``, ``semi-annual``, ``calendar year``,
        ``annual``)."""
        found = _CALENDARS.get(word(text))
        if found is None:
            raise invalid(
                field,
                text,
                "quarter, half or year (calendar quarters, halves or years), or none",
            )
        return found


_CALENDAR_MONTHS: Final[Mapping[Calendar, int]] = {
    Calendar.QUARTER: 3,
    Calendar.HALF: 6,
    Calendar.YEAR: 12,
}
CALENDAR_SYNONYMS: Final[Mapping[str, Calendar]] = {
    **{f"calendar-{c.value}": c for c in Calendar},
    "quarters": Calendar.QUARTER,
    "quarterly": Calendar.QUARTER,
    "calendar-quarters": Calendar.QUARTER,
    "halves": Calendar.HALF,
    "half-year": Calendar.HALF,
    "half-yearly": Calendar.HALF,
    "semi-annual": Calendar.HALF,
    "semiannual": Calendar.HALF,
    "calendar-half-year": Calendar.HALF,
    "years": Calendar.YEAR,
    "annual": Calendar.YEAR,
    "yearly": Calendar.YEAR,
    "calendar-years": Calendar.YEAR,
}
"""Other spellings of a calendar alignment (keys as :func:`~vesting.errors.word` writes them)."""
_CALENDARS: Final[Mapping[str, Calendar]] = {
    **{c.value: c for c in Calendar},
    **CALENDAR_SYNONYMS,
}


REASON_SYNONYMS: Final[Mapping[str, Reason]] = {
    # involuntary: let go without cause
    "without-cause": Reason.INVOLUNTARY,
    "not-for-cause": Reason.INVOLUNTARY,
    "involuntary-without-cause": Reason.INVOLUNTARY,
    "terminated-without-cause": Reason.INVOLUNTARY,
    "termination-without-cause": Reason.INVOLUNTARY,
    "dismissed-without-cause": Reason.INVOLUNTARY,
    "dismissal-without-cause": Reason.INVOLUNTARY,
    "fired-without-cause": Reason.INVOLUNTARY,
    "layoff": Reason.INVOLUNTARY,
    "laid-off": Reason.INVOLUNTARY,
    "lay-off": Reason.INVOLUNTARY,
    "redundancy": Reason.INVOLUNTARY,
    "redundant": Reason.INVOLUNTARY,
    "reduction-in-force": Reason.INVOLUNTARY,
    # cause: terminated for cause
    "for-cause": Reason.CAUSE,
    "with-cause": Reason.CAUSE,
    "terminated-for-cause": Reason.CAUSE,
    "termination-for-cause": Reason.CAUSE,
    "dismissed-for-cause": Reason.CAUSE,
    "dismissal-for-cause": Reason.CAUSE,
    "fired-for-cause": Reason.CAUSE,
    # voluntary: the holder left
    "resignation": Reason.VOLUNTARY,
    "resigned": Reason.VOLUNTARY,
    "resign": Reason.VOLUNTARY,
    "quit": Reason.VOLUNTARY,
    "voluntary-resignation": Reason.VOLUNTARY,
    "voluntary-termination": Reason.VOLUNTARY,
    # good-reason: the holder resigned for good reason
    "for-good-reason": Reason.GOOD_REASON,
    "with-good-reason": Reason.GOOD_REASON,
    "resignation-for-good-reason": Reason.GOOD_REASON,
    "resigned-for-good-reason": Reason.GOOD_REASON,
    # the others
    "retired": Reason.RETIREMENT,
    "retire": Reason.RETIREMENT,
    "disabled": Reason.DISABILITY,
    "died": Reason.DEATH,
    "deceased": Reason.DEATH,
    "dead": Reason.DEATH,
    # the Open Cap Table Format's termination types (TerminationWindowType)
    "voluntary-other": Reason.VOLUNTARY,
    "voluntary-good-cause": Reason.GOOD_REASON,
    "voluntary-retirement": Reason.RETIREMENT,
    "involuntary-other": Reason.INVOLUNTARY,
    "involuntary-death": Reason.DEATH,
    "involuntary-disability": Reason.DISABILITY,
    "involuntary-with-cause": Reason.CAUSE,
}
"""Plain-English spellings of termination reasons (keys as :func:`~vesting.errors.word` writes
them), as agreements and HR systems word them — each naming one reason only. A word that
agreements use for either of two reasons is in :data:`REASON_UNCLEAR` instead, never here."""

_EITHER: Final = "cause (for cause) or involuntary (without cause)"
_ANY: Final = (
    "any reason (voluntary, involuntary, cause, death, disability, retirement or good-reason)"
)
REASON_UNCLEAR: Final[Mapping[str, str]] = {
    # a termination by the company: for cause, or not?
    "fired": _EITHER,
    "terminated": _EITHER,
    "termination": _EITHER,
    "let-go": _EITHER,
    "dismissal": _EITHER,
    "dismissed": _EITHER,
    "discharge": _EITHER,
    "discharged": _EITHER,
    "sacked": _EITHER,
    "involuntary-termination": _EITHER + ", or in some agreements good-reason",
    # "good cause" is the company's cause in some agreements, the holder's good reason in others
    "good-cause": "cause (terminated for good cause) or good-reason (resigned for good cause)",
    "for-good-cause": "cause (terminated for good cause) or good-reason (resigned for good cause)",
    # employment ended, for no reason said
    "left": _ANY,
    "leaver": _ANY,
    "departed": _ANY,
    "departure": _ANY,
    "separated": _ANY,
    "separation": _ANY,
}
"""Words that name no one reason: refused, saying which reasons they could mean."""

_REASONS: Final[Mapping[str, Reason]] = {**{r.value: r for r in Reason}, **REASON_SYNONYMS}
class SplitRounding(StrEnum):
    """How a stock split rounds a grant's shares (the terms' ``split_rounding``; see
    :mod:`vesting.inforce`).

    * ``down`` (the default): once per grant — the quantities on a date are the pre-split ones
      times the ratio, rounded down, so the grant becomes ``floor(N × ratio)`` shares and the
      cumulative vested on every later date ``floor(ratio × pre-split cumulative)``;
    * ``nearest``: the same, rounded half up;
    * ``tranche`` (Carta's alternative): each tranche still to vest is multiplied and rounded
      down on its own.
    """

    DOWN = "down"
    NEAREST = "nearest"
    TRANCHE = "tranche"

    @classmethod
    def parse(cls, text: str, field: Field = "split_rounding") -> SplitRounding:
        try:
            return cls(word(text))
        except ValueError:
            raise invalid(field, text, "down, nearest or tranche") from None
