"""Tax estimates and the ISO $100,000 limit. Expected figures are worked by hand here."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from helpers import JSON, as_json, invoke
from hypothesis import given
from hypothesis import strategies as st

from vesting import Grant, InputError, Kind, Period, Pricing, VestingTerms
from vesting.tax.iso import IsoLedger
from vesting.tax.rates import TaxRates
from vesting.tax.withholding import Ledger

D = dt.date
M = Period.months


def rows(args: list[str]) -> list[dict[str, object]]:
    """The rows of ``vesting tax ARGS --json``, which must succeed."""
    return as_json("tax", *args)["rows"]  # type: ignore[no-any-return]


def test_rsu_settlement_known_answer() -> None:
    # 500 RSUs at $100: income $50,000; 22% = $11,000 withheld; 11,000 / 100 = 110 shares sold
    (event, total) = rows(
        ["--shares", "500", "--grant-date", "2020-01-01", "--kind", "RSU", "--months", "12",
         "--every", "12", "--year", "2021", "--price", "100"]
    )  # fmt: skip
    assert (event["event"], event["date"], event["shares"]) == ("settlement", "2021-01-01", 500)
    assert (event["income"], event["federal_withholding"]) == ("50000.00", "11000.00")
    assert event["sell_to_cover_shares"] == 110
    assert total["row"] == "total" and total["federal_withholding"] == "11000.00"


def test_one_and_a_half_million_of_supplemental_income() -> None:
    # $1,500,000 in one year: 22% of 1,000,000 + 37% of 500,000 = 220,000 + 185,000
    ledger = Ledger(TaxRates())
    w = ledger.withhold(None, Decimal(1_500_000))
    assert w.federal == Decimal("405000.00")


def test_a_year_crossing_the_threshold_mid_year() -> None:
    # $600,000 in March, $600,000 in September, $100,000 in December (one holder):
    # March 22% × 600,000 = 132,000; September 22% × 400,000 + 37% × 200,000 = 88,000 + 74,000
    # = 162,000; December 37% × 100,000 = 37,000. The year: 331,000 = 22% × 1M + 37% × 300k.
    ledger = Ledger(TaxRates())
    got = [ledger.withhold("h", Decimal(x)).federal for x in (600_000, 600_000, 100_000)]
    assert got == [Decimal("132000.00"), Decimal("162000.00"), Decimal("37000.00")]
    # another holder starts from nothing; --other-supplemental starts a holder further on
    assert ledger.withhold("other", Decimal(1000)).federal == Decimal("220.00")
    ahead = Ledger(TaxRates(other_supplemental=Decimal(999_000)))
    # 1,000 at 22% then 1,000 at 37%
    assert ahead.withhold(None, Decimal(2000)).federal == Decimal("590.00")


def test_state_fica_and_the_marginal_shortfall() -> None:
    rates = TaxRates(
        state=Decimal("0.05"),
        fica=True,
        wage_base=Decimal(168_600),
        other_wages=Decimal(150_000),
        marginal=Decimal("0.35"),
    )
    w = Ledger(rates).withhold(None, Decimal(100_000))
    assert w.state == Decimal("5000.00")
    # Social Security only on the 18,600 left under the wage base: 6.2% → 1,153.20
    assert w.social_security == Decimal("1153.20")
    # Medicare 1.45% of 100,000 = 1,450 plus 0.9% of the 50,000 above 200,000 = 450
    assert w.medicare == Decimal("1900.00")
    # the 22% trap: 35% × 100,000 = 35,000 owed vs 22,000 withheld
    assert w.shortfall == Decimal("13000.00")
    assert w.total == Decimal("22000") + Decimal("5000") + Decimal("1153.20") + Decimal("1900")


def test_iso_limit_known_answer() -> None:
    # 500,000 options at $5, 1/48 a month from 2020-01-15 (no cliff): 11 installments in 2020
    # (Feb–Dec) → floor(500,000 × 11/48) = 114,583 first exercisable; $100,000 / $5 = 20,000 ISO
    (iso, total) = rows(
        ["--shares", "500000", "--grant-date", "2020-01-15", "--kind", "ISO", "--strike", "5",
         "--months", "48", "--every", "1", "--year", "2020"]
    )  # fmt: skip
    assert (iso["event"], iso["shares"], iso["iso_shares"], iso["nso_shares"]) == (
        "iso-limit",
        114_583,
        20_000,
        94_583,
    )
    assert total["iso_shares"] == 20_000


def test_iso_split_across_two_grants_in_one_year() -> None:
    annual = VestingTerms(length=M(12), every=M(12))  # everything in one installment
    first = Grant("a", Kind.ISO, 6_000, D(2020, 1, 1), annual, exercise_price=Decimal(10))
    second = Grant(
        "b", Kind.ISO, 10_000, D(2020, 2, 1), annual, exercise_price=Decimal(1),
        pricing=Pricing(price=Decimal(8)),  # the grant-date FMV counts, not the price
    )  # fmt: skip
    ledger = IsoLedger()
    # 2021: a's 6,000 × $10 = $60,000 (all ISO); b's room is $40,000 / $8 = 5,000 shares
    (a21,) = ledger.split(first)
    (b21,) = ledger.split(second)
    assert (a21.year, a21.iso, a21.nso) == (2021, 6_000, 0)
    assert (b21.year, b21.iso, b21.nso) == (2021, 5_000, 5_000)


def test_iso_grants_must_come_in_grant_order() -> None:
    annual = VestingTerms(length=M(12), every=M(12))
    ledger = IsoLedger()
    ledger.split(Grant("late", Kind.ISO, 10, D(2021, 1, 1), annual, exercise_price=Decimal(1)))
    with pytest.raises(InputError) as raised:
        ledger.split(Grant("early", Kind.ISO, 10, D(2020, 1, 1), annual, exercise_price=Decimal(1)))
    assert "grant order" in raised.value.problems[0].allowed


def test_exercise_of_an_iso_grant_beyond_the_limit() -> None:
    # by 2021-06-01, ISO: 20,000 (2020) + 20,000 (the first 2021 vests) = 40,000; of 150,000
    # exercised at $20 (strike $5): ISO 40,000 → AMT preference 40,000 × 15 = 600,000; NSO
    # 110,000 → income 1,650,000, withheld 22% × 1M + 37% × 650k = 460,500, 23,025 to cover
    out = rows(
        ["--shares", "500000", "--grant-date", "2020-01-15", "--kind", "ISO", "--strike", "5",
         "--months", "48", "--every", "1", "--year", "2021", "--exercise", "2021-06-01:150000",
         "--price", "20"]
    )  # fmt: skip
    iso, nso = out[0], out[1]
    assert (iso["event"], iso["shares"], iso["amt_preference"]) == (
        "iso-exercise",
        40_000,
        "600000.00",
    )
    assert (nso["event"], nso["shares"], nso["income"]) == ("exercise", 110_000, "1650000.00")
    assert (nso["federal_withholding"], nso["sell_to_cover_shares"]) == ("460500.00", 23_025)
    assert nso["cash_to_exercise"] == "550000.00"  # 110,000 × $5


@given(
    shares=st.lists(st.integers(1, 5000), min_size=1, max_size=5),
    prices=st.lists(st.integers(1, 500), min_size=1, max_size=5),
)
def test_iso_part_never_exceeds_the_limit(shares: list[int], prices: list[int]) -> None:
    ledger = IsoLedger()
    terms = VestingTerms(length=M(24), every=M(6))
    counted: dict[int, Decimal] = {}
    for i, (n, p) in enumerate(zip(shares, prices, strict=False)):
        g = Grant(str(i), Kind.ISO, n * 40, D(2020, 1, 1 + i), terms, exercise_price=Decimal(p))
        for y in ledger.split(g):
            counted[y.year] = counted.get(y.year, Decimal(0)) + y.fmv * y.iso
            assert y.iso + y.nso == y.shares
    assert all(v <= 100_000 for v in counted.values())


@given(a=st.integers(0, 3_000_000), b=st.integers(0, 3_000_000))
def test_withholding_is_monotone_and_sell_to_cover_covers(a: int, b: int) -> None:
    low, high = sorted((a, b))
    w_low = Ledger(TaxRates()).withhold(None, Decimal(low)).federal
    w_high = Ledger(TaxRates()).withhold(None, Decimal(high)).federal
    assert w_low <= w_high
    from vesting.tax.events import _cover

    price = Decimal("37.13")
    assert _cover(w_high, price) * price >= w_high


def test_tax_on_the_examples_in_every_format() -> None:
    args = [JSON, "--year", "2021", "--price", "3"]
    doc = rows(args)
    events = {(r["grant_id"], r["event"]) for r in doc}
    assert ("sales-rsu", "settlement") in events and ("founder-iso", "iso-limit") in events
    for fmt in ("--csv", "--nl"):
        result = invoke("tax", *args, fmt)
        assert result.exit_code == 0, result.stderr
    table = invoke("tax", *args)
    assert table.exit_code == 0 and "not tax advice" in table.stdout
    missing = invoke("tax", JSON)
    assert missing.exit_code == 2 and "--year" in missing.stderr


def test_status_and_value_show_iso_and_nso_shares() -> None:
    args = ["--shares", "500000", "--grant-date", "2020-01-15", "--kind", "ISO", "--strike", "5",
            "--terms", "monthly", "--as-of", "2020-12-31", "--json"]  # fmt: skip
    status = json.loads(invoke("status", *args).stdout)["rows"][0]
    # vested by 2020-12-31: 114,583 (11 installments); ISO 20,000 ($100,000 / $5), NSO 94,583
    assert (status["vested"], status["iso_shares"], status["nso_shares"]) == (
        114_583,
        20_000,
        94_583,
    )
    # exercise 30,000 in 2020-12: ISO shares go first, leaving 0 ISO and 84,583 NSO exercisable
    value = json.loads(
        invoke("value", *args, "--price", "9", "--exercise", "2020-12-20:30000").stdout
    )["rows"][0]
    assert (value["realizable_shares"], value["iso_shares"], value["nso_shares"]) == (
        84_583,
        0,
        84_583,
    )
    nso = json.loads(invoke("status", *args[:5], "NSO", *args[6:]).stdout)["rows"][0]
    assert nso["iso_shares"] is None
    noted = invoke("status", *args, "--jobs", "2")
    assert noted.exit_code == 0 and "ISO/NSO split" in noted.stderr
    assert json.loads(noted.stdout)["rows"][0]["iso_shares"] is None
