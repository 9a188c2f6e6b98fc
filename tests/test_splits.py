"""Stock splits (issue 20.1), on hand-checked examples: the reference company's 1-for-20 reverse
split of 6 November 2015 inside the CEO option's life, a filing's 1-for-11 reverse split with
``nearest`` rounding, Carta's ``tranche`` rounding, 10¹⁵-share grants split 1-for-1,000 and
1,000-for-1, company-wide splits in files, the what-if ``--split``, and OCF.

Every expected figure is worked out in the test from the rule (comments give the arithmetic);
``status`` (tests/helpers.py) also checks every reconciliation identity on each status.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import TOML, csv_rows, ok, status

import vesting as v
from vesting.errors import EventError, VestingError

D = dt.date
SPLIT = D(2015, 11, 6)
R20 = Fraction(1, 20)


def ceo(*events: v.Event, shares: int = 2_000_000, **terms: object) -> v.Grant:
    """The CEO option of examples/grants.toml: NSO granted 2006-12-18, 10-year term, 25% after
    one year then monthly over 36 months (standard terms), exercise price 30.00."""
    return v.Grant(
        "ceo-2006-option",
        v.Kind.NSO,
        shares,
        D(2006, 12, 18),
        v.VestingTerms.standard(**terms),  # type: ignore[arg-type]
        exercise_price=Decimal("30.00"),
        events=events,
    )


def months_vested(shares: int, k: int) -> int:
    """Standard terms, cumulative round-down: nothing before the cliff, floor(N × k/48) after
    installment k (k = 12 … 48)."""
    return 0 if k < 12 else shares * min(k, 48) // 48


# --------------------------------------------------------------- the reference case (CEO)


def test_the_ceo_option_in_the_1_for_20_reverse_split() -> None:
    g = ceo(v.StockSplit(SPLIT, R20))
    before = status(g, SPLIT - dt.timedelta(days=1))
    # fully vested since 2010-12-18 (48 months), nothing exercised
    assert (before.granted, before.vested, before.exercisable) == (2_000_000,) * 3
    assert before.exercise_price == Decimal("30.00")
    after = status(g, SPLIT)
    # 2,000,000 × 1/20 = 100,000 exactly; 30.00 ÷ (1/20) = 600.00 (nothing to round up)
    assert (after.granted, after.vested, after.exercisable, after.outstanding) == (100_000,) * 4
    assert after.exercise_price == Decimal("600.00")
    assert after.split_fraction_cancelled == 0
    # the ten-year term is unchanged: exercisable through 2016-12-18, expired the day after
    assert after.exercise_deadline == D(2016, 12, 18)
    assert status(g, D(2016, 12, 19)).expired == 100_000
    # the aggregate exercise price is kept: 2,000,000 × 30.00 = 100,000 × 600.00
    assert 2_000_000 * Decimal("30.00") == 100_000 * after.exercise_price


def test_the_schedule_shows_the_split_as_an_entry() -> None:
    g = ceo(v.StockSplit(SPLIT, R20))
    entries = v.timeline(g)
    last = entries[-1]
    assert (last.date, last.shares, last.cumulative, last.mark) == (SPLIT, 0, 100_000, v.Mark.SPLIT)
    assert last.note == (
        "1-for-20 split: 2,000,000 shares become 100,000; exercise price 30.00 becomes 600.00"
    )
    # the tranches before it are as they vested: the cliff 500,000 on 2007-12-18 …
    assert (entries[0].date, entries[0].shares) == (D(2007, 12, 18), 500_000)
    rows = csv_rows(
        ok(
            "schedule", TOML, "--grant", "ceo-2006-option", "--split", "2015-11-06:1-for-20",
            "--csv",
        ).stdout
    )  # fmt: skip
    split = rows[-1]
    assert (split["date"], split["mark"], split["shares"], split["cumulative"]) == (
        "2015-11-06",
        "split",
        "0",
        "100000",
    )
    assert split["cumulative_percent"] == "100.00"  # of the 100,000 post-split shares


def test_a_split_in_mid_vesting_rounds_the_cumulative_down_once() -> None:
    """1-for-20 on 2008-07-01: 18 installments have vested (750,000 → 37,500). Every later
    cumulative is floor(cumulative before the split / 20); the last date vests the whole
    post-split grant, 100,000."""
    day = D(2008, 7, 1)
    g = ceo(v.StockSplit(day, R20))
    for k in range(18, 49):
        on = D(2006 + (11 + k) // 12, (11 + k) % 12 + 1, 18)  # installment k: 2006-12-18 + k months
        s = status(g, on)
        pre = months_vested(2_000_000, k)
        assert s.vested == (pre // 20 if on >= day else pre), k
    vests = [e for e in v.timeline(g) if e.vests]
    assert all(e.shares > 0 for e in vests)
    assert vests[-1].cumulative == 100_000
    # the first post-split tranche (k = 19): floor(791,666 / 20) − 37,500 = 39,583 − 37,500
    after = [e for e in vests if e.date is not None and e.date > day]
    assert (after[0].shares, after[0].cumulative) == (2_083, 39_583)
    # status the day before a post-split vest: the next vest in post-split shares
    nxt = status(g, D(2008, 7, 17)).next_vest
    assert nxt is not None and (nxt.shares, nxt.cumulative) == (2_083, 39_583)


def test_events_after_a_split_are_in_post_split_shares() -> None:
    g = ceo(
        v.Exercise(D(2009, 1, 5), 100_000),  # pre-split shares
        v.StockSplit(SPLIT, R20),
        v.Exercise(D(2016, 1, 4), 10_000),  # post-split shares
    )
    s = status(g, D(2016, 1, 4))
    # 100,000 exercised before → 5,000 after; 10,000 more: 15,000 of 100,000
    assert (s.exercised, s.exercisable) == (15_000, 85_000)
    too_many = ceo(v.StockSplit(SPLIT, R20), v.Exercise(D(2016, 1, 4), 100_001))
    with pytest.raises(EventError) as e:
        v.evaluate(too_many, D(2016, 1, 4))
    # the limit is said in the shares of the exercise's date
    assert "at most 100,000 (shares vested and not yet exercised on 2016-01-04)" in str(e.value)


def test_a_termination_after_a_split_forfeits_in_post_split_shares() -> None:
    """Split 1-for-20 on 2008-07-01 (k = 18), voluntary termination on 2009-03-01: vesting
    stopped at k = 26 (2009-02-18): floor(1,083,333 / 20) = 54,166 vested, the rest of the
    100,000 post-split shares forfeited."""
    g = ceo(v.StockSplit(D(2008, 7, 1), R20), v.Termination(D(2009, 3, 1)))
    s = status(g, D(2009, 3, 1))
    assert (s.granted, s.vested, s.forfeited, s.unvested) == (100_000, 54_166, 45_834, 0)


def test_value_on_a_date_after_the_split_uses_post_split_price_and_shares() -> None:
    g = ceo(v.StockSplit(SPLIT, R20))
    from vesting.valuation import value

    # quoted 650.00 after the split: (650 − 600) × 100,000 = 5,000,000.00
    after = value(g, D(2016, 1, 4), Decimal("650.00"))
    assert (after.exercise_price, after.realizable_shares) == (Decimal("600.00"), 100_000)
    assert after.realizable_value == Decimal("5000000.00")
    # quoted 32.50 before it: (32.50 − 30.00) × 2,000,000 = 5,000,000.00 too
    before = value(g, D(2015, 11, 5), Decimal("32.50"))
    assert before.realizable_value == Decimal("5000000.00")


# ---------------------------------------------------------------------- rounding rules


def filing(rounding: str) -> v.Grant:
    """A filing's example: 300,000 options at $0.40 in a 1-for-11 reverse split."""
    return v.Grant(
        "filing",
        v.Kind.NSO,
        300_000,
        D(2019, 1, 2),
        v.VestingTerms.standard(split_rounding=v.SplitRounding(rounding)),
        exercise_price=Decimal("0.40"),
        events=(v.StockSplit(D(2024, 1, 2), Fraction(1, 11)),),
    )


def test_the_filing_example_with_nearest_and_down() -> None:
    on = D(2024, 1, 2)
    near = status(filing("nearest"), on)
    # 300,000 / 11 = 27,272.72…: half up 27,273; 0.40 × 11 = 4.40
    assert (near.granted, near.vested, near.exercise_price) == (27_273, 27_273, Decimal("4.40"))
    assert near.split_fraction_cancelled == 0  # rounded up: nothing cancelled
    down = status(filing("down"), on)
    assert (down.granted, down.vested) == (27_272, 27_272)
    # 300,000/11 − 27,272 = 8/11 of a share cancelled
    assert down.split_fraction_cancelled == Fraction(300_000, 11) - 27_272 == Fraction(8, 11)


def test_tranche_rounding_rounds_each_remaining_tranche_on_its_own() -> None:
    """100 shares, 25 a year for four years (annual terms); 1-for-3 after the first: the 25
    vested before become floor(25/3) = 8, each later tranche floor(25/3) = 8: 32 in all
    (down would give floor(100/3) = 33), 100/3 − 32 = 4/3 shares cancelled."""
    annual = {"length": v.Period.months(48), "every": v.Period.months(12), "cliff": None}
    g = v.Grant(
        "t",
        v.Kind.NSO,
        100,
        D(2020, 1, 1),
        v.VestingTerms(split_rounding=v.SplitRounding.TRANCHE, **annual),  # type: ignore[arg-type]
        exercise_price=Decimal("3.00"),
        events=(v.StockSplit(D(2021, 6, 1), Fraction(1, 3)),),
    )
    s = status(g, D(2021, 6, 1))
    assert (s.granted, s.vested, s.unvested) == (32, 8, 24)
    assert s.split_fraction_cancelled == Fraction(4, 3)
    assert s.exercise_price == Decimal("9.00")
    assert [e.shares for e in v.timeline(g) if e.vests and e.date and e.date > D(2021, 6, 1)] == [
        8,
        8,
        8,
    ]
    assert status(g, D(2024, 1, 1)).vested == 32
    assert status(g, D(2021, 5, 31)).granted == 100  # before the split nothing changes
    down = v.Grant("d", v.Kind.NSO, 100, D(2020, 1, 1), v.VestingTerms(**annual),  # type: ignore[arg-type]
                   events=g.events)  # fmt: skip
    assert status(down, D(2024, 1, 1)).vested == 33


def test_two_splits_compound_and_each_rounds_the_price_up() -> None:
    g = ceo(v.StockSplit(D(2008, 1, 2), Fraction(2)), v.StockSplit(D(2009, 1, 2), Fraction(3)))
    s = status(g, D(2011, 1, 1))
    assert s.granted == 2_000_000 * 6
    # 30.00 ÷ 2 = 15.00, then 15.00 ÷ 3 = 5.00
    assert s.exercise_price == Decimal("5.00")
    odd = v.Grant("o", v.Kind.NSO, 10, D(2020, 1, 1), exercise_price=Decimal("10.00"),
                  events=(v.StockSplit(D(2020, 6, 1), Fraction(3)),))  # fmt: skip
    assert status(odd, D(2020, 6, 1)).exercise_price == Decimal("3.34")  # 3.333… rounded up


def test_a_forward_split_then_the_reverse_split_gives_the_original_back() -> None:
    g = ceo(v.StockSplit(D(2008, 1, 2), Fraction(7)), v.StockSplit(D(2009, 1, 2), Fraction(1, 7)))
    plain = ceo()
    for on in (D(2008, 1, 1), D(2009, 1, 2), D(2010, 6, 30), D(2011, 1, 1)):
        got, want = status(g, on), v.evaluate(plain, on)
        assert (got.granted, got.vested, got.unvested) == (want.granted, want.vested, want.unvested)
    assert status(g, D(2009, 1, 2)).exercise_price == Decimal("30.03")  # 4.29 × 7: rounded up


@pytest.mark.parametrize("ratio", [Fraction(1, 1000), Fraction(1000)])
def test_huge_grants_stay_exact(ratio: Fraction) -> None:
    n = 10**15
    day = D(2008, 7, 1)  # after installment 18
    g = ceo(v.StockSplit(day, ratio), shares=n)
    for k in (18, 19, 30, 48):
        on = D(2006 + (11 + k) // 12, (11 + k) % 12 + 1, 18)
        pre = n * k // 48
        # floor(ratio × pre-split cumulative), in integers: × 1000, or // 1000
        want = pre * 1000 if ratio > 1 else pre // 1000
        assert status(g, on).vested == (want if on >= day else pre)
    last = status(g, D(2011, 1, 1))
    assert last.granted == last.vested == (n * 1000 if ratio > 1 else n // 1000)
    assert last.exercise_price == (Decimal("0.03") if ratio > 1 else Decimal("30000.00"))


# ---------------------------------------------------------------------- files and options


def test_company_wide_splits_in_toml_apply_to_grants_granted_before(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(
        '[[split]]\ndate = 2015-11-06\nratio = "1-for-20"\n\n'
        '[[grant]]\nid = "old"\nkind = "NSO"\nshares = 2_000_000\ngrant_date = 2006-12-18\n'
        'exercise_price = "30.00"\n\n'
        '[[grant]]\nid = "same-day"\nkind = "NSO"\nshares = 1000\ngrant_date = 2015-11-06\n\n'
        '[[grant]]\nid = "expired"\nkind = "NSO"\nshares = 1000\ngrant_date = 2001-01-01\n'
        'term = "10y"\n'
    )
    grants = {g.id: g for g in v.io.load(path)}
    assert status(grants["old"], SPLIT).granted == 100_000
    assert not grants["same-day"].events  # granted on the split date: post-split already
    assert not grants["expired"].events  # expired 2011-01-01, before the split
    rows = {r["grant_id"]: r for r in csv_rows(ok("status", str(path), "--as-of", "2016-01-04",
                                                   "--csv").stdout)}  # fmt: skip
    assert (rows["old"]["granted"], rows["old"]["exercise_price"]) == ("100000", "600.00")


def test_company_wide_splits_in_json_and_events_in_csv(tmp_path: Path) -> None:
    doc = {
        "splits": [{"date": "2015-11-06", "ratio": "1:20"}],
        "grants": [{"id": "a", "kind": "NSO", "shares": 2_000_000, "grant_date": "2006-12-18"}],
    }
    path = tmp_path / "g.json"
    path.write_text(json.dumps(doc))
    (a,) = v.io.load(path)
    assert status(a, SPLIT).granted == 100_000
    csv = tmp_path / "g.csv"
    csv.write_text(
        "id,kind,shares,grant_date,events\nb,NSO,300000,2019-01-02,split=2024-01-02:1-for-11\n"
    )
    (b,) = v.io.load(csv)
    assert status(b, D(2024, 1, 2)).granted == 27_272  # down: floor(300,000 / 11)
    event = {"type": "split", "date": "2024-01-02", "ratio": "1-for-11"}
    doc2 = {"grants": [{"id": "c", "kind": "NSO", "shares": 300000, "grant_date": "2019-01-02",
                        "split_rounding": "nearest", "events": [event]}]}  # fmt: skip
    path.write_text(json.dumps(doc2))
    (c,) = v.io.load(path)
    assert status(c, D(2024, 1, 2)).granted == 27_273


def test_the_split_option_and_the_status_row() -> None:
    rows = csv_rows(ok("status", TOML, "--as-of", "2015-11-06", "--split", "2015-11-06:1-for-20",
                       "--csv").stdout)  # fmt: skip
    option = next(r for r in rows if r["grant_id"] == "ceo-2006-option")
    rsu = next(r for r in rows if r["grant_id"] == "ceo-2006-rsu")
    assert (option["granted"], option["exercise_price"]) == ("100000", "600.00")
    assert (rsu["granted"], rsu["exercise_price"]) == ("25000", "")  # 500,000 / 20; no price
    assert option["split_fraction_cancelled"] == ""  # nothing dropped: empty


def test_a_split_written_to_ocf_reads_back_the_same(tmp_path: Path) -> None:
    g = ceo(v.StockSplit(D(2008, 7, 1), R20), v.Exercise(D(2016, 1, 4), 1_000))
    from vesting.io.ocf.store import write_package

    target = tmp_path / "p.zip"
    write_package([g], target, as_of=D(2017, 1, 1))
    (back,) = v.io.load(target)
    for on in (D(2008, 6, 30), D(2008, 7, 1), D(2012, 1, 1), D(2016, 1, 4)):
        assert status(back, on) == v.evaluate(g, on)
    tx = json.loads(
        __import__("zipfile").ZipFile(target).read("Transactions.ocf.json").decode("utf-8")
    )
    (split,) = [i for i in tx["items"] if i["object_type"] == "TX_STOCK_CLASS_SPLIT"]
    assert split["split_ratio"] == {"numerator": "1", "denominator": "20"}
    nearest = ceo(v.StockSplit(SPLIT, R20), split_rounding=v.SplitRounding.NEAREST)
    with pytest.raises(VestingError, match="split_rounding"):
        write_package([nearest], tmp_path / "q.zip", as_of=D(2017, 1, 1))


def test_an_acceleration_on_a_split_day_takes_whole_shares_of_that_day() -> None:
    """Found by the split property test (after the merge with issue 21): a share count
    accelerated on the day of a reverse split is in post-split shares, capped at the unvested
    balance in whole post-split shares, and taken from tranches smaller than one such share
    without any tranche going below zero."""
    graded = tuple(
        v.GradedStep(v.Period.months(m), Fraction(p))
        for m, p in ((12, "1/20"), (24, "3/20"), (36, "2/5"), (48, "2/5"))
    )
    terms = v.VestingTerms(
        length=v.Period.months(48),
        every=v.Period.months(1),
        graded=graded,
        vest_on_termination_date=False,
    )
    day = D(2000, 1, 2)
    # 20 shares as granted, 1-for-20 on day 2: one post-split share; accelerating 1 share
    # (post-split) vests all of it — 20 shares as granted taken from tranches of 1, 3, 8 and 8
    g = v.Grant(
        "g", v.Kind.ISO, 20, D(2000, 1, 1), terms, exercise_price=Decimal("1.37"),
        expiration=D(2010, 1, 1),
        events=(
            v.Termination(D(2001, 1, 1), v.Reason.VOLUNTARY),
            v.Acceleration(day, shares=1),
            v.StockSplit(day, R20),
        ),
    )  # fmt: skip
    assert all(e.shares >= 0 for e in v.timeline(g))
    s = status(g, D(2001, 1, 1))
    assert (s.granted, s.vested, s.forfeited, s.exercisable) == (1, 1, 0, 1)
    # 1 share as granted, 2-for-3 on day 2: floor(2/3) = 0 shares, 2/3 of a share cancelled;
    # the acceleration has nothing left to take (its 1 share is more than the 0 unvested)
    one = v.Grant(
        "one", v.Kind.ISO, 1, D(2000, 1, 1), terms, exercise_price=Decimal("1.37"),
        expiration=D(2010, 1, 1),
        events=(v.Acceleration(day, shares=1), v.StockSplit(day, Fraction(2, 3))),
    )  # fmt: skip
    for on in (day, D(2004, 1, 1)):
        s = status(one, on)
        assert (s.granted, s.vested, s.unvested) == (0, 0, 0)
        assert s.split_fraction_cancelled == Fraction(2, 3)


def test_the_split_note_writes_prices_with_two_decimals_at_least() -> None:
    """A repricing to 10 (no decimals, as `--reprice 2009-03-02:10` gives it), then 1-for-20:
    10 × 20 = 200.00 a share; a price with more decimals stays as given (0.4375 ÷ 2 =
    0.21875, rounded up to the cent: 0.22)."""
    g = ceo(v.Modification.repricing(D(2009, 3, 2), Decimal(10)), v.StockSplit(SPLIT, R20))
    assert v.timeline(g)[-1].note.endswith("exercise price 10.00 becomes 200.00")
    fine = v.Grant("f", v.Kind.NSO, 100, D(2020, 1, 1), exercise_price=Decimal("0.4375"),
                   events=(v.StockSplit(D(2021, 1, 1), Fraction(2)),))  # fmt: skip
    (split,) = [e for e in v.timeline(fine) if e.mark is v.Mark.SPLIT]
    assert split.note == "2-for-1 split: 100 shares become 200; exercise price 0.4375 becomes 0.22"


def test_an_extended_option_is_split_until_its_new_expiration(tmp_path: Path) -> None:
    """The CEO option (expiring 2016-12-18) extended on 2016-01-04 to 2018-12-18; the company
    splits 1-for-20 on 2017-06-01, after the original expiration but before the new one: the
    option is split (2,000,000 / 20 = 100,000 at 30.00 × 20 = 600.00) — before, the
    company-wide split silently passed it by, and a split of its own was refused as after
    the expiration 2016-12-18. A split after 2018-12-18 is still refused, naming that date."""
    path = tmp_path / "g.toml"
    path.write_text(
        '[[split]]\ndate = 2017-06-01\nratio = "1-for-20"\n\n'
        '[[grant]]\nid = "ext"\nkind = "NSO"\nshares = 2_000_000\ngrant_date = 2006-12-18\n'
        'exercise_price = "30.00"\n'
        'events = [ { type = "modification", date = 2016-01-04, expiration = 2018-12-18 } ]\n'
    )
    (g,) = v.io.load(path)
    s = status(g, D(2017, 6, 1))
    assert (s.granted, s.exercise_price) == (100_000, Decimal("600.00"))
    own = ceo(v.Modification(D(2016, 1, 4), expiration=D(2018, 12, 18)),
              v.StockSplit(D(2017, 6, 1), R20))  # fmt: skip
    assert status(own, D(2018, 12, 18)).exercisable == 100_000
    late = ceo(v.Modification(D(2016, 1, 4), expiration=D(2018, 12, 18)),
               v.StockSplit(D(2019, 1, 2), R20))  # fmt: skip
    with pytest.raises(EventError, match="on or before the expiration 2018-12-18"):
        v.evaluate(late, D(2019, 1, 2))
def test_splits_that_multiply_to_one_still_round_an_exercise_between_them() -> None:
    """Found by the disclosure property test (thorough profile): 62 options, all vested on the
    grant date; 2-for-3 on 2000-01-02 (floor(62 × 2/3) = 41 shares), all 41 exercised, then
    3-for-2 on 2001-01-01. The factor is back to 1, but the exercise is 41 × 3/2 = 61.5 shares
    as granted: rounded down once, 61 exercised and 62 − 61 = 1 exercisable (it was an
    unrounded 61.5 and an internal error before)."""
    g = v.Grant(
        "g", v.Kind.NSO, 62, D(2000, 1, 1), v.VestingTerms.standard(),
        exercise_price=Decimal("1.37"),
        events=(v.Acceleration(D(2000, 1, 1), shares=62),
                v.StockSplit(D(2000, 1, 2), Fraction(2, 3)), v.Exercise(D(2000, 2, 1), 41),
                v.StockSplit(D(2001, 1, 1), Fraction(3, 2))),
    )  # fmt: skip
    assert (status(g, D(2000, 6, 1)).granted, status(g, D(2000, 6, 1)).exercised) == (41, 41)
    after = status(g, D(2001, 6, 1))
    assert (after.granted, after.exercised, after.exercisable) == (62, 61, 1)
