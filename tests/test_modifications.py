"""Repricing and other modifications (issue 20.2), on hand-checked examples: the terms in force
on each date (exercise price, expiration, exercise windows) in status, value and tax, an
acceleration agreed on a separation, the ISO limit's new grant, and the file and command-line
forms. ``status`` (tests/helpers.py) checks every reconciliation identity on each status.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from helpers import TOML, csv_rows, ok, status

import vesting as v
from vesting.valuation import value

D = dt.date
TERM = D(2009, 3, 1)


def ceo(*events: v.Event, kind: v.Kind = v.Kind.NSO) -> v.Grant:
    """2,000,000 options at 30.00 from 2006-12-18, standard terms (25% after a year, then
    monthly), expiring 2016-12-18."""
    return v.Grant(
        "ceo",
        kind,
        2_000_000,
        D(2006, 12, 18),
        exercise_price=Decimal("30.00"),
        events=events,
    )


def test_a_repricing_changes_the_exercise_price_from_its_date() -> None:
    """100,000 options at $50 repriced to $30 on 2009-01-02; at a price of $35 they are worth
    (35 − 30) × the exercisable shares after it, nothing before (underwater at 50)."""
    g = v.Grant(
        "r",
        v.Kind.NSO,
        100_000,
        D(2007, 1, 2),
        v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12)),
        exercise_price=Decimal("50.00"),
        events=(v.Modification.repricing(D(2009, 1, 2), Decimal("30.00")),),
    )
    before, after = status(g, D(2009, 1, 1)), status(g, D(2009, 1, 2))
    assert (before.exercise_price, after.exercise_price) == (Decimal("50.00"), Decimal("30.00"))
    # annual 25%: 50,000 vested on 2009-01-02
    assert value(g, D(2009, 1, 1), Decimal(35)).realizable_value == Decimal("0.00")
    worth = value(g, D(2009, 1, 2), Decimal(35))
    assert (worth.exercise_price, worth.realizable_shares) == (Decimal("30.00"), 50_000)
    assert worth.realizable_value == Decimal("250000.00")  # 5 × 50,000


def test_an_extended_exercise_window_after_a_termination() -> None:
    """A voluntary termination on 2009-03-01 leaves 3 months (through 2009-06-01); the
    separation agreement that day extends the window to 12 months (through 2010-03-01).
    Vested then: k = 26 installments (2009-02-18), floor(2,000,000 × 26/48) = 1,083,333."""
    plain = ceo(v.Termination(TERM))
    assert status(plain, D(2009, 7, 1)).expired == 1_083_333
    g = ceo(
        v.Termination(TERM),
        v.Modification(TERM, exercise_windows={"voluntary": v.Period.months(12)}),
    )
    s = status(g, D(2009, 7, 1))
    assert (s.exercisable, s.expired, s.exercise_deadline) == (1_083_333, 0, D(2010, 3, 1))
    assert status(g, D(2010, 3, 2)).expired == 1_083_333
    # before the modification the window in force was three months
    assert status(g, D(2009, 2, 28)).exercise_deadline == D(2016, 12, 18)


def test_an_extended_expiration() -> None:
    g = ceo(v.Modification(D(2015, 1, 2), expiration=D(2018, 12, 18)))
    s = status(g, D(2017, 1, 1))
    assert (s.exercisable, s.expired, s.exercise_deadline) == (2_000_000, 0, D(2018, 12, 18))
    assert status(g, D(2015, 1, 1)).exercise_deadline == D(2016, 12, 18)
    assert status(g, D(2018, 12, 19)).expired == 2_000_000
    rows = csv_rows(
        ok("status", TOML, "--grant", "ceo-2006-option", "--as-of", "2017-01-01", "--csv").stdout
    )
    assert rows[0]["expiration"] == "2016-12-18"  # the file's grant is not modified


def test_an_acceleration_agreed_on_a_separation() -> None:
    """Terminated 2009-03-01; the agreement that day accelerates every unvested share: the
    2,000,000 − 1,083,333 = 916,667 that the termination would forfeit vest that day."""
    accelerate = v.Acceleration(TERM, percent=Fraction(1))
    g = ceo(v.Termination(TERM), v.Modification(TERM, accelerate=accelerate))
    s = status(g, TERM)
    assert (s.vested, s.forfeited, s.unvested) == (2_000_000, 0, 0)
    (pulled,) = [e for e in v.timeline(g) if e.mark is v.Mark.ACCELERATED]
    assert (pulled.date, pulled.shares) == (TERM, 916_667)
    assert pulled.note == "modification: single-trigger acceleration (pro-rata)"


def test_tax_uses_the_price_in_force_and_a_repriced_iso_is_a_new_grant() -> None:
    """48,000 ISOs at $10 from 2020-01-01, 1/48 a month (monthly terms: the first on
    2020-02-01); repriced to $2 on 2021-07-01 when the share is worth $2.

    The limit in 2021: under the original grant, January to June 2021: 6 × 1,000 = 6,000
    first exercisable at $10 = $60,000, all ISO. The repricing is a new grant (Treas. Reg.
    §1.424-1(e)): the 17,000 vested and unexercised on 2021-06-30 (February 2020 to June 2021)
    first exercisable on 2021-07-01, plus July to December: 6,000 — 23,000 at $2. Room left:
    $40,000 / $2 = 20,000 ISO, 3,000 NSO."""
    from vesting.tax.events import tax_events
    from vesting.tax.iso import IsoLedger
    from vesting.tax.rates import TaxRates
    from vesting.tax.withholding import Ledger

    g = v.Grant(
        "i",
        v.Kind.ISO,
        48_000,
        D(2020, 1, 1),
        v.VestingTerms(length=v.Period.months(48), every=v.Period.months(1)),
        exercise_price=Decimal("10.00"),
        events=(
            v.Modification.repricing(
                D(2021, 7, 1), Decimal("2.00"), inputs=v.Pricing(price=Decimal("2.00"))
            ),
        ),
    )
    rows = tax_events(g, 2021, lambda _: Decimal(5), Ledger(TaxRates()), IsoLedger())
    limits = [(e.event, e.date, e.shares, e.iso_shares, e.nso_shares, e.price) for e in rows]
    assert limits == [
        ("iso-limit", None, 6_000, 6_000, 0, Decimal("10.00")),
        ("iso-limit-repriced", D(2021, 7, 1), 23_000, 20_000, 3_000, Decimal("2.00")),
    ]
    nso = v.Grant("n", v.Kind.NSO, 48_000, D(2020, 1, 1), exercise_price=Decimal("10.00"),
                  events=(v.Modification.repricing(D(2021, 7, 1), Decimal("2.00")),
                          v.Exercise(D(2021, 9, 1), 1_000)))  # fmt: skip
    (ex,) = tax_events(nso, 2021, lambda _: Decimal(5), Ledger(TaxRates()), IsoLedger())
    # (5 − 2) × 1,000 at the price in force on the exercise date
    assert (ex.exercise_price, ex.income, ex.cash_to_exercise) == (
        Decimal("2.00"),
        Decimal("3000.00"),
        Decimal("2000.00"),
    )


def test_modifications_in_files_and_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(
        '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 2_000_000\ngrant_date = 2006-12-18\n'
        'exercise_price = "30.00"\nevents = [\n'
        '  { type = "repricing", date = 2008-11-03, exercise_price = "12.00", price = "12.00",'
        ' volatility = "45%" },\n'
        '  { type = "termination", date = 2009-03-01 },\n'
        '  { type = "modification", date = 2009-03-01, exercise_windows = { voluntary = "12m" },'
        ' accelerate = "6m" },\n]\n'
    )
    (g,) = v.io.load(path)
    repricing, modification = (e for e in g.events if isinstance(e, v.Modification))
    assert repricing.kind == "repricing" and repricing.inputs == v.Pricing(
        price=Decimal("12.00"), volatility=Decimal("0.45")
    )
    assert modification.kind == "modification"
    s = status(g, D(2009, 7, 1))
    # six more months accelerated: k = 26 + 6 = 32 → floor(2e6 × 32/48) = 1,333,333 vested
    assert (s.vested, s.exercise_price, s.exercise_deadline) == (
        1_333_333,
        Decimal("12.00"),
        D(2010, 3, 1),
    )
    csv = tmp_path / "g.csv"
    csv.write_text(
        "id,kind,shares,grant_date,exercise_price,events\n"
        "b,NSO,1000,2020-01-01,5.00,reprice=2021-01-04:1.00\n"
    )
    (b,) = v.io.load(csv)
    assert status(b, D(2021, 1, 4)).exercise_price == Decimal("1.00")
    rows = csv_rows(ok("status", TOML, "--grant", "ceo-2006-option", "--as-of", "2009-06-01",
                       "--reprice", "2009-03-02:10.00", "--csv").stdout)  # fmt: skip
    assert rows[0]["exercise_price"] == "10.00"


def test_a_repriced_and_split_iso_in_status_and_at_exercise() -> None:
    """The ISO grant above (48,000 at $10 from 2020-01-01, monthly; repriced to $2 on
    2021-07-01), then split 2-for-1 on 2021-10-01.

    Status on 2021-12-31: 23 installments (February 2020 to December 2021) have vested,
    23,000 as granted, 46,000 after the split. The options outstanding are the new grant's (the
    repricing): 23,000 of which 20,000 ISO (the $40,000 left of 2021's limit at $2) — 40,000
    ISO and 6,000 NSO in post-split shares.

    An exercise of 44,000 (post-split) on 2021-12-01, 22,000 as granted: the new grant's ISO
    shares first exercisable by then are its 20,000 (17,000 on 2021-07-01, then July to
    December): 40,000 ISO post-split, 4,000 NSO."""
    from vesting.commands.status import StatusCommand
    from vesting.tax.events import tax_events
    from vesting.tax.iso import IsoLedger
    from vesting.tax.rates import TaxRates
    from vesting.tax.withholding import Ledger

    repricing = v.Modification.repricing(
        D(2021, 7, 1), Decimal("2.00"), inputs=v.Pricing(price=Decimal("2.00"))
    )
    g = v.Grant(
        "i", v.Kind.ISO, 48_000, D(2020, 1, 1),
        v.VestingTerms(length=v.Period.months(48), every=v.Period.months(1)),
        exercise_price=Decimal("10.00"),
        events=(repricing, v.StockSplit(D(2021, 10, 1), Fraction(2))),
    )  # fmt: skip
    command = StatusCommand((D(2021, 12, 31),))
    (row,) = command.rows(g, command.compute(g, command.state()), command.totals())
    assert (row.granted, row.vested, row.exercise_price) == (96_000, 46_000, Decimal("1.00"))
    assert (row.iso_shares, row.nso_shares) == (40_000, 6_000)
    exercised = g.with_events(v.Exercise(D(2021, 12, 1), 44_000))
    rows = tax_events(exercised, 2021, lambda _: Decimal(3), Ledger(TaxRates()), IsoLedger())
    parts = [(e.event, e.shares, e.exercise_price) for e in rows if e.date == D(2021, 12, 1)]
    assert parts == [
        ("iso-exercise", 40_000, Decimal("1.00")),
        ("exercise", 4_000, Decimal("1.00")),
    ]


def test_iso_limit_rows_after_a_split_are_priced_per_share_of_the_years_end() -> None:
    """The repriced ISO above, split 2-for-1 on 2021-10-01: its 2021 rows in the shares of
    2021-12-31. The original grant's 6,000 (January to June) become 12,000 at $10.00 ÷ 2 =
    $5.00 a share; the new grant's 23,000 become 46,000 at $2.00 ÷ 2 = $1.00, 40,000 ISO and
    6,000 NSO. So shares × price still come to the limit: 12,000 × 5 + 40,000 × 1 =
    $100,000 (before, the rows showed the post-split shares at the pre-split $10.00 and
    $2.00)."""
    from vesting.tax.events import tax_events
    from vesting.tax.iso import IsoLedger
    from vesting.tax.rates import TaxRates
    from vesting.tax.withholding import Ledger

    repricing = v.Modification.repricing(
        D(2021, 7, 1), Decimal("2.00"), inputs=v.Pricing(price=Decimal("2.00"))
    )
    g = v.Grant(
        "i", v.Kind.ISO, 48_000, D(2020, 1, 1),
        v.VestingTerms(length=v.Period.months(48), every=v.Period.months(1)),
        exercise_price=Decimal("10.00"),
        events=(repricing, v.StockSplit(D(2021, 10, 1), Fraction(2))),
    )  # fmt: skip
    rows = tax_events(g, 2021, lambda _: Decimal(3), Ledger(TaxRates()), IsoLedger())
    limits = [
        (e.event, e.shares, e.iso_shares, e.nso_shares, e.price, e.exercise_price) for e in rows
    ]
    assert limits == [
        ("iso-limit", 12_000, 12_000, 0, Decimal("5.00"), Decimal("5.00")),
        ("iso-limit-repriced", 46_000, 40_000, 6_000, Decimal("1.00"), Decimal("1.00")),
    ]
    assert 12_000 * Decimal("5.00") + 40_000 * Decimal("1.00") == 100_000
