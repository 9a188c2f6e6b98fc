"""Grants from fields: the one place that assembles a :class:`~vesting.Grant` from the raw
fields of a file's grant table, a CSV row or command-line values.

Rules where the formats leave a choice:

* ``defaults`` and grant fields merge *shallowly*: a grant's field replaces the default's whole
  value (``exercise_windows`` is the exception: reasons merge one by one). Defaults that only
  make sense for the other kind are not applied (``exercise_price``, ``expiration``, ``term``
  and ``early_exercise`` skip RSUs; ``settle_on`` skips options). A JSON ``null`` means "not
  given" (it removes a default).
* Terms: the named terms (``terms = "NAME"``: a ``[terms.NAME]`` table of the file, else a
  built-in; names are words, :func:`vesting.errors.word`: ``"Standard"`` is ``standard``,
  ``"Four Year"`` and ``"four_year"`` are ``four-year``), or an inline table, then the terms
  fields given in ``defaults`` and the grant.
  When no ``terms`` is named and no *shape* field (``length``, ``every``, ``cliff``,
  ``cliff_portion``, ``immediate``, ``graded``) is given, the grant vests on ``standard`` — as
  :class:`vesting.Grant` does. Otherwise shape fields not given take the
  :class:`vesting.VestingTerms` defaults (48 months, monthly, no cliff). ``cliff = 0`` (or
  ``"none"``) means no cliff.
* ``term`` (a period after the grant date) gives the expiration; it may not be combined with
  ``expiration``.
* Keys that are no field are attributes, or errors (``strict``, or a close match to a field:
  a typo): see :mod:`vesting.io.attributes`; defaults' and a grant's attributes merge name by
  name.

Every problem of a grant is found in one pass: a field that fails to convert is reported and
left out (with a stand-in where the record needs one), and the record still checks the rest.
Validated terms are shared: rows that spell the same terms get the same
:class:`~vesting.VestingTerms` object (a bounded cache per builder), so a large file does not
rebuild or revalidate them row by row.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any, Final, NamedTuple

from ..dates import Period, add
from ..errors import MISSING, NOWHERE, InputError, Location, Problem, VestingError, closest, word
from ..eventrules import applies
from ..model import Grant, Kind, Pricing, StockSplit, VestingTerms
from ..status import check
from .attributes import FIELD as ATTRIBUTES
from .attributes import Given, check_name, gather, merged, name_of, typo
from .fields import (
    ALL_FIELDS,
    DATE_FIELDS,
    FIELDS,
    OPTION_ONLY,
    PRICING_FIELDS,
    REQUIRED,
    RSU_ONLY,
    SHAPE_FIELDS,
    TERMS_FIELDS,
    converters,
)
from .values import brief, parse_date, unknown

CONVERTERS: Final = converters()

BUILTIN_TERMS: Final[Mapping[str, VestingTerms]] = {
    "standard": VestingTerms.standard(),
    "annual": VestingTerms(length=Period.months(48), every=Period.months(12)),
    "quarterly": VestingTerms.standard(every=Period.months(3)),
    "monthly": VestingTerms(length=Period.months(48), every=Period.months(1)),
}
"""Terms every file can name: ``standard`` (48 months, monthly, 12-month cliff), ``annual``
(48 months, every 12 months), ``quarterly`` (48 months, every 3 months, 12-month cliff) and
``monthly`` (48 months, monthly, no cliff)."""

TERMS_KEYS: Final = frozenset(("terms", *TERMS_FIELDS))
"""The fields that make up a grant's terms (a name or inline table, and terms fields)."""
_CACHE_SIZE: Final = 512


class _Failed:
    """Marks a field whose value could not be converted (its problem is already recorded)."""


FAILED: Final = _Failed()


class _Unset:
    """A JSON ``null``: the field is not given (it removes a default)."""


UNSET: Final = _Unset()


def convert(
    raw: Mapping[str, object],
    where: Location,
    allowed: Sequence[str],
    what: str,
    *,
    prefix: tuple[str | int, ...] = (),
    today: _dt.date | None = None,
    attributes: bool = False,
    strict: bool = False,
) -> tuple[dict[str, object], list[Problem]]:
    """Convert every known field of ``raw``; failed ones are marked ``FAILED``, JSON nulls
    ``UNSET``. With ``today``, date fields may also be relative (command-line values).

    With ``attributes`` (a grant's or the defaults' table), the ``attributes`` field and the
    unknown keys that name attributes (:mod:`vesting.io.attributes`; every unknown key is an
    error when ``strict``, but ``attributes.NAME``) are gathered into ``attributes``, a
    :class:`~vesting.io.attributes.Given`."""
    out: dict[str, object] = {}
    found: list[Problem] = []
    loose: list[tuple[str, str, object]] = []
    for key, value in raw.items():
        if key not in allowed:
            name = name_of(key, allowed, strict) if attributes else None
            if name is None and attributes:
                found.append(typo(key, value, allowed, what, where, strict))
            elif name is None:
                found.append(unknown((*prefix, key), brief(value), allowed, what, where))
            else:
                problem = check_name(name, key, allowed)
                if problem is None:
                    loose.append((key, name, value))
                else:
                    found.append(problem.at(where))
            continue
        if value is None:
            out[key] = UNSET
            continue
        try:
            if key == "terms":
                out[key] = terms_ref(value, (*prefix, key))
            elif today is not None and key in DATE_FIELDS:
                out[key] = parse_date(value, (*prefix, key), today=today)
            else:
                out[key] = CONVERTERS[key](value, (*prefix, key))
        except VestingError as e:
            out[key] = FAILED
            found.extend(p.at(where) for p in e.problems)
    if loose:
        table = out.get(ATTRIBUTES)
        given = table if isinstance(table, Given) else Given({}, True) if table is UNSET else None
        gathered, more = gather(given, loose, where, failed=table is FAILED)
        out[ATTRIBUTES] = FAILED if gathered is None else gathered
        found.extend(more)
    return out, found


def terms_ref(value: object, field: tuple[str | int, ...]) -> object:
    """A ``terms`` value: the name of terms, or an inline table of terms fields."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        conv, found = convert(value, NOWHERE, TERMS_FIELDS, "a terms field", prefix=field)
        if found:
            raise InputError(found)
        return {k: v for k, v in conv.items() if v is not UNSET}
    raise InputError(
        [Problem(field, brief(value), "the name of terms, or an inline table of terms fields")]
    )


def terms_of(
    base: VestingTerms, fields: Mapping[str, object], where: Location
) -> tuple[VestingTerms | None, list[Problem]]:
    """``base`` with the converted terms ``fields`` applied (and validated by the record)."""
    kwargs: dict[str, Any] = {
        k: v for k, v in fields.items() if k in TERMS_FIELDS and v is not UNSET
    }
    if any(v is FAILED for v in kwargs.values()):
        return None, []
    windows = kwargs.pop("exercise_windows", None)
    if isinstance(windows, dict):
        kwargs["exercise_windows"] = replace(base.exercise_windows, **windows)
    if not kwargs:
        return base, []
    try:
        return replace(base, **kwargs), []
    except VestingError as e:
        return None, [p.at(where) for p in e.problems]


def merge_windows(a: object, b: object) -> object:
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **b}
    return b


class Builder:
    """Builds grants from raw fields, with a file's ``defaults``, named ``terms`` tables and
    company-wide ``splits`` (added to the events of every grant granted before a split's date
    and not expired by then: :func:`vesting.eventrules.applies`).

    ``defaults`` are already converted (see :func:`convert`); ``named`` maps a terms name to
    its validated terms (``None``: the table had problems, already reported), found by its
    :func:`~vesting.errors.word` (``"Four Year"`` is ``four-year``'s). With ``today``, dates may
    be relative (command-line values). ``strict``: every key that is not a field is an error
    (none is taken as an attribute, but ``attributes.NAME``).
    """

    def __init__(
        self,
        defaults: Mapping[str, object] | None = None,
        named: Mapping[str, VestingTerms | None] | None = None,
        *,
        today: _dt.date | None = None,
        strict: bool = False,
        splits: Sequence[StockSplit] = (),
    ) -> None:
        self.defaults = dict(defaults or {})
        self.named = {word(name): terms for name, terms in (named or {}).items()}
        self.names = sorted({*(named or {}), *BUILTIN_TERMS})
        """Every terms name a grant may give, as the file spells it (for messages)."""
        self.today = today
        self.strict = strict
        self.splits = tuple(splits)
        self._cache: dict[tuple[object, ...], tuple[VestingTerms | None, tuple[Problem, ...]]] = {}

    # ----------------------------------------------------------------------------- terms

    def _terms(
        self,
        own: Mapping[str, object],
        kind: object,
        where: Location,
        key: tuple[object, ...] | None = None,
    ) -> tuple[VestingTerms | None, list[Problem], bool]:
        """The grant's terms from its raw terms fields: (terms, problems, failed). ``key``
        identifies ``own`` and ``kind`` (default: built from them); equal keys share terms."""
        if key is None:
            key = (kind, *sorted(own.items()))
        try:
            hit = self._cache.get(key)
        except TypeError:  # a list or table value: not cacheable
            key, hit = None, None
        if hit is None:
            conv, found = convert(own, NOWHERE, ALL_FIELDS, "a grant field", today=self.today)
            terms, more = self._resolve(conv, kind)
            hit = (terms, (*found, *more))
            if key is not None:
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()
                self._cache[key] = hit
        terms, problems = hit
        if not problems:
            return terms, [], terms is None
        return terms, [p.at(where) for p in problems], terms is None

    def _resolve(
        self, own: Mapping[str, object], kind: object
    ) -> tuple[VestingTerms | None, list[Problem]]:
        skip = _skipped(kind)
        fields = {k: v for k, v in self.defaults.items() if k in TERMS_KEYS and k not in skip}
        fields.update(own)
        if "exercise_windows" in self.defaults and "exercise_windows" in own:
            fields["exercise_windows"] = merge_windows(
                self.defaults["exercise_windows"], own["exercise_windows"]
            )
        fields = {k: v for k, v in fields.items() if v is not UNSET}
        if any(v is FAILED for v in fields.values()):
            return None, []
        ref = fields.get("terms")
        inline: Mapping[str, object] = {}
        base: VestingTerms | None
        if isinstance(ref, str):
            key = word(ref)
            if key in self.named:
                base = self.named[key]  # None: the named table's own problems are reported
                if base is None:
                    return None, []
            elif key in BUILTIN_TERMS:
                base = BUILTIN_TERMS[key]
            else:
                spelled = {word(n): n for n in self.names}
                close = closest(key, spelled)
                hint = "" if close is None else f"did you mean '{spelled[close]}'? "
                allowed = f"{hint}the name of terms: {', '.join(self.names)}"
                return None, [Problem("terms", ref, allowed)]
        else:
            inline = ref if isinstance(ref, dict) else {}
            shaped = any(k in fields or k in inline for k in SHAPE_FIELDS)
            base = VestingTerms() if shaped else BUILTIN_TERMS["standard"]
        terms_fields = {**inline, **{k: v for k, v in fields.items() if k in TERMS_FIELDS}}
        if "exercise_windows" in inline and "exercise_windows" in fields:
            terms_fields["exercise_windows"] = merge_windows(
                inline["exercise_windows"], fields["exercise_windows"]
            )
        return terms_of(base, terms_fields, NOWHERE)

    # ----------------------------------------------------------------------------- grants

    def grant(
        self, raw: Mapping[str, object], where: Location, source: Location
    ) -> tuple[Grant | None, list[Problem]]:
        """Build a grant from its raw fields (strings, or TOML/JSON values).

        Problems of the fields are located at ``where`` (``grants.csv: line 7: grant 'E1'``);
        the record's own (already at ``grant 'ID'``) are put inside ``source`` (the file and
        line).
        """
        own_terms = {k: v for k, v in raw.items() if k in TERMS_KEYS}
        rest = {k: v for k, v in raw.items() if k not in TERMS_KEYS}
        conv, found = convert(
            rest, where, ALL_FIELDS, "a grant field", today=self.today, attributes=True,
            strict=self.strict,
        )  # fmt: skip
        kind_raw = conv.get("kind", self.defaults.get("kind"))
        fields = _merge(self.defaults, conv, kind_raw)
        found.extend(
            Problem(r, MISSING, "a value (required)", where) for r in REQUIRED if r not in fields
        )
        failed = {k for k, v in fields.items() if v is FAILED}
        # the terms are checked whatever else failed: a failing field hides no other
        terms, more, terms_failed = self._terms(own_terms, kind_raw, where)
        found.extend(more)
        if found and (
            failed & {"id", "kind", "grant_date"} or any(r not in fields for r in REQUIRED)
        ):
            return None, _in_file_order(found, raw)
        ok = {k: v for k, v in fields.items() if v is not FAILED}
        complete = not (found or failed or terms_failed)
        grant, more = self.assemble(ok, fields, terms, where, source, complete)
        if more:
            # the record's own problems follow those of the fields, in the file's order
            return None, [*_in_file_order(found, raw), *more]
        if found or failed or terms_failed:
            return None, _in_file_order(found, raw)
        return grant, []

    def assemble(
        self,
        ok: Mapping[str, Any],
        given: Collection[str],
        terms: VestingTerms | None,
        where: Location,
        source: Location,
        complete: bool = True,
    ) -> tuple[Grant | None, list[Problem]]:
        """The grant from converted fields ``ok`` (``given``: every field the input named,
        converted or not) and its resolved ``terms`` (``None``: they failed; a stand-in is used
        so the record still checks the rest). When ``complete`` (no field failed), the grant is
        also checked with :func:`vesting.status.check` — not otherwise, since stand-ins would
        give problems of their own."""
        found: list[Problem] = []
        kind = ok["kind"]
        grant_date = ok["grant_date"]
        assert isinstance(kind, Kind) and isinstance(grant_date, _dt.date)
        expiration: Any = ok.get("expiration")
        term = ok.get("term")
        if term is not None:
            assert isinstance(term, Period)
            if "expiration" in given:
                found.append(
                    Problem("term", str(term), "either term or expiration, not both", where)
                )
            elif term.is_zero():
                found.append(Problem("term", str(term), "a term > 0 such as 10y", where))
            else:
                try:
                    expiration = add(grant_date, term)
                except VestingError as e:
                    found.extend(p.at(where) for p in e.problems)
        pricing = None
        given_pricing = {k: ok[k] for k in PRICING_FIELDS if k in ok}
        if given_pricing:
            if "grant_date_price" in given_pricing:
                given_pricing["price"] = given_pricing.pop("grant_date_price")
            try:
                pricing = Pricing(**given_pricing)
            except VestingError as e:
                found.extend(p.at(where) for p in _grant_date_price(e.problems))
        try:
            grant = Grant.make(
                **{a: ok[name] for name, a in RECORD_FIELDS if name in ok},
                shares=ok.get("shares", 1),
                terms=terms if terms is not None else _STAND_IN,
                expiration=expiration,
                pricing=pricing,
            )
        except VestingError as e:
            # The record locates its problems at "grant 'ID'"; add the file (and line).
            return None, [*found, *(p.at(source) for p in e.problems)]
        if found or not complete:
            return None, found
        company = [s for s in self.splits if applies(s, grant)]
        if company:
            grant = grant.with_events(*company)
        try:
            check(grant)
        except VestingError as e:
            return None, [p.at(source) for p in e.problems]
        return grant, []


RECORD_FIELDS: Final = tuple(
    (s.name, s.attribute)
    for s in FIELDS.values()
    if s.part == "grant" and s.name not in ("shares", "term", "terms", "expiration", "notes")
)
"""The grant fields that go into the record as they are (``(field, attribute)``); the others
are resolved here: the shares (a stand-in when they failed), the terms, the expiration (from
``term``), the pricing inputs; ``notes`` are read and checked, not kept."""

_STAND_IN: Final = VestingTerms()
"""Terms for a grant whose own terms failed, so the record can still check its other fields."""


_FILE_NAMES: Final = {s.attribute: s.name for s in FIELDS.values() if s.part == "pricing"}
"""A :class:`~vesting.Pricing` attribute → the field a file names it by."""


def _grant_date_price(problems: Sequence[Problem]) -> list[Problem]:
    """The record's problems, its fields named as the file names them (``price`` →
    ``grant_date_price``)."""
    return [
        p.renamed((_FILE_NAMES[str(p.head)], *p.path[1:])) if p.head in _FILE_NAMES else p
        for p in problems
    ]


def _in_file_order(found: list[Problem], raw: Mapping[str, object]) -> list[Problem]:
    """Problems in the order of the fields they concern (the order the file gives them)."""
    order = {key: i for i, key in enumerate(raw)}

    def position(p: Problem) -> int:
        return order.get(str(p.head), len(order))

    return sorted(found, key=position)


def _skipped(kind: object) -> tuple[str, ...]:
    if kind is Kind.RSU:
        return OPTION_ONLY
    if isinstance(kind, Kind):
        return RSU_ONLY
    return ()


def _merge(
    defaults: Mapping[str, object], own: Mapping[str, object], kind: object
) -> dict[str, object]:
    """A grant's own (non-terms) fields over the defaults; nulls remove a default."""
    skip = _skipped(kind)
    out = {k: v for k, v in defaults.items() if k not in skip and k not in TERMS_KEYS}
    out.update(own)
    if ATTRIBUTES in out and out[ATTRIBUTES] is not FAILED:
        # name by name (vesting.io.attributes); the record takes the result as a dict
        mine = own.get(ATTRIBUTES)
        attrs = merged(defaults.get(ATTRIBUTES), Given({}, True) if mine is UNSET else mine)
        out[ATTRIBUTES] = UNSET if attrs is None else attrs
    return {k: v for k, v in out.items() if v is not UNSET}


class Read(NamedTuple):
    """One grant entry as a reader found it: the ``grant``, or the ``problems`` that kept it
    from being built (never both).

    ``where`` locates it (``grants.csv: line 7: grant 'E1'``: its ``line`` is set in a CSV or
    JSON-lines file). ``entry`` is false for a problem of the file itself (bad syntax, a bad
    header) rather than of one grant. ``id`` is the grant id the entry gave, even when the
    grant could not be built (repeated ids are found by it).
    """

    grant: Grant | None
    problems: tuple[Problem, ...]
    where: Location
    entry: bool = True
    id: str | None = None

    @property
    def line(self) -> int | None:
        return self.where.line


def file_problem(problem: Problem) -> Read:
    """An entry for a problem of the file itself (not of one grant)."""
    return Read(None, (problem,), problem.location, False)
