"""The domain's closed vocabularies: what was granted, why employment ended, what triggers an
acceleration and how, what a leave does to a schedule.

Plain string enums, each with a ``parse`` that accepts the spellings files and options use and
names the allowed values otherwise. They live apart from the records (:mod:`vesting.model`) so
that what only needs the words — the JSON Schema of grant files, the command line's help —
does not build the records.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import Field, invalid


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
            return cls(str(text).strip().upper())
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
        try:
            return cls(str(text).strip().lower().replace("_", "-").replace(" ", "-"))
        except ValueError:
            allowed = ", ".join(r.value for r in cls)
            raise invalid(field, text, f"expected one of {allowed}") from None


class Trigger(StrEnum):
    """Single trigger: the event alone accelerates. Double: the event, then a qualifying
    termination within the window."""

    SINGLE = "single"
    DOUBLE = "double"

    @classmethod
    def parse(cls, text: str, field: Field = "trigger") -> Trigger:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise invalid(field, text, "single or double") from None


class Method(StrEnum):
    """Which unvested tranches an acceleration pulls forward."""

    PRO_RATA = "pro-rata"
    SOONEST = "soonest"
    LATEST = "latest"

    @classmethod
    def parse(cls, text: str, field: Field = "method") -> Method:
        key = str(text).strip().lower().replace("_", "-")
        try:
            return cls(key)
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
            return cls(str(text).strip().lower())
        except ValueError:
            raise invalid(field, text, "none, periods or days") from None


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
            return cls(str(text).strip().lower())
        except ValueError:
            raise invalid(field, text, "down, nearest or tranche") from None
