"""Share rounding: the seven OCF allocation types (vesting.allocation).

The worked examples are the OCF ones (18 shares over 4 equal installments), checked by hand.
The property tests compare against ``reference_amounts`` below, written straight from the OCF
definitions over the expanded list of portions, independent of the run-length closed form.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vesting.allocation import Allocation, Runs, amounts, cumulative, plan_of, runs_of
from vesting.errors import VestingError

A = Allocation
F = Fraction
QUARTERS: Runs = ((4, F(1, 4)),)


# ------------------------------------------------------------------ the OCF worked example


@pytest.mark.parametrize(
    ("allocation", "expected"),
    [
        (A.CUMULATIVE_ROUND_DOWN, [4, 5, 4, 5]),  # floor(4.5, 9, 13.5, 18) = 4, 9, 13, 18
        (A.CUMULATIVE_ROUNDING, [5, 4, 5, 4]),  # round-half-up: 5, 9, 14, 18
        (A.FRONT_LOADED, [5, 5, 4, 4]),  # floors 4 each, remainder 2 to the first two
        (A.BACK_LOADED, [4, 4, 5, 5]),  # ... to the last two
        (A.FRONT_LOADED_TO_SINGLE_TRANCHE, [6, 4, 4, 4]),  # whole remainder to the first
        (A.BACK_LOADED_TO_SINGLE_TRANCHE, [4, 4, 4, 6]),  # ... to the last
        (A.FRACTIONAL, [F(9, 2)] * 4),
    ],
)
def test_ocf_18_over_4(allocation: Allocation, expected: list[int | Fraction]) -> None:
    got = amounts(18, QUARTERS, allocation)
    assert got == expected
    assert sum(got) == 18
    running = 0
    for k, amount in enumerate(expected, start=1):
        running += amount
        assert cumulative(18, QUARTERS, k, allocation) == running
    assert cumulative(18, QUARTERS, 0, allocation) == 0


def test_fractional_amounts_are_exact_fractions() -> None:
    got = amounts(18, QUARTERS, A.FRACTIONAL)
    assert all(isinstance(x, Fraction) and x == F(9, 2) for x in got)


def test_rounding_is_half_up_not_bankers() -> None:
    # 2 shares over 4: exact cumulative 0.5, 1, 1.5, 2 -> half-up 1, 1, 2, 2.
    # (Banker's rounding would give 0, 1, 2, 2, i.e. amounts 0, 1, 1, 0.)
    assert amounts(2, QUARTERS, A.CUMULATIVE_ROUNDING) == [1, 0, 1, 0]
    # 10 over 4: exact 2.5, 5, 7.5, 10 -> 3, 5, 8, 10 (banker's: 2, 5, 8, 10).
    assert amounts(10, QUARTERS, A.CUMULATIVE_ROUNDING) == [3, 2, 3, 2]
    assert cumulative(10, QUARTERS, 1, A.CUMULATIVE_ROUNDING) == 3
    # round-down of the same: 0, 1, 1, 2 and 2, 5, 7, 10
    assert amounts(2, QUARTERS, A.CUMULATIVE_ROUND_DOWN) == [0, 1, 0, 1]
    assert amounts(10, QUARTERS, A.CUMULATIVE_ROUND_DOWN) == [2, 3, 2, 3]


def test_uneven_runs_hand_checked() -> None:
    # 30% then 36 × 70%/36, 1,000 shares: 300, then floor(700·j/36) more.
    runs: Runs = ((1, F(3, 10)), (36, F(7, 360)))
    got = amounts(1000, runs, A.CUMULATIVE_ROUND_DOWN)
    assert got[:4] == [300, 19, 19, 20]  # 300, 319.4, 338.9, 358.3 -> 300, 319, 338, 358
    assert sum(got) == 1000
    # FRONT_LOADED: floors 300 and 19 × 36 = 684 -> remainder 16 to installments 2..17
    front = amounts(1000, runs, A.FRONT_LOADED)
    assert front == [301] + [20] * 15 + [19] * 21
    # BACK_LOADED_TO_SINGLE_TRANCHE: the 16 go to the last installment
    back1 = amounts(1000, runs, A.BACK_LOADED_TO_SINGLE_TRANCHE)
    assert back1 == [300] + [19] * 35 + [35]


def test_zero_total_allocates_nothing() -> None:
    for allocation in Allocation:
        assert amounts(0, QUARTERS, allocation) == [0, 0, 0, 0]


def test_runs_of_encodes_runs() -> None:
    assert runs_of([F(1, 4)] * 4) == ((4, F(1, 4)),)
    assert runs_of([F(1, 10), F(1, 5), F(1, 5), F(1, 2)]) == (
        (1, F(1, 10)),
        (2, F(1, 5)),
        (1, F(1, 2)),
    )
    assert runs_of([]) == ()


# -------------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CUMULATIVE_ROUND_DOWN", A.CUMULATIVE_ROUND_DOWN),
        ("cumulative_round_down", A.CUMULATIVE_ROUND_DOWN),
        ("cumulative-rounding", A.CUMULATIVE_ROUNDING),
        (" Front-Loaded ", A.FRONT_LOADED),
        ("back-loaded", A.BACK_LOADED),
        ("front-loaded-to-single-tranche", A.FRONT_LOADED_TO_SINGLE_TRANCHE),
        ("back loaded to single tranche", A.BACK_LOADED_TO_SINGLE_TRANCHE),
        ("fractional", A.FRACTIONAL),
    ],
)
def test_parse_accepts_spellings(text: str, expected: Allocation) -> None:
    assert Allocation.parse(text) is expected


@pytest.mark.parametrize("bad", ["ROUND_UP", "", "cumulative", "front_loaded_x"])
def test_parse_rejects_unknown_and_names_the_field(bad: str) -> None:
    with pytest.raises(VestingError) as info:
        Allocation.parse(bad)
    message = str(info.value)
    assert message.startswith("allocation: got ")
    assert repr(bad) in message
    assert "CUMULATIVE_ROUND_DOWN" in message and "FRACTIONAL" in message
    with pytest.raises(VestingError, match=r"^vesting\.allocation: "):
        Allocation.parse(bad, "vesting.allocation")


# ------------------------------------------------------- independent reference and properties


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _round_half_up(x: Fraction) -> int:
    q, r = divmod(x.numerator, x.denominator)
    return q + 1 if 2 * r >= x.denominator else q


def reference_amounts(total: int, portions: list[Fraction], allocation: Allocation) -> list:
    """Per-installment shares straight from the OCF definitions, over the expanded portions."""
    n = len(portions)
    if allocation is A.FRACTIONAL:
        return [total * p for p in portions]
    if allocation in (A.CUMULATIVE_ROUND_DOWN, A.CUMULATIVE_ROUNDING):
        rnd = _floor if allocation is A.CUMULATIVE_ROUND_DOWN else _round_half_up
        out, acc, prev = [], Fraction(0), 0
        for i, p in enumerate(portions):
            acc += p
            cum = total if i == n - 1 else rnd(total * acc)
            out.append(cum - prev)
            prev = cum
        return out
    floors = [_floor(total * p) for p in portions]
    remainder = total - sum(floors)
    if allocation is A.FRONT_LOADED:
        return [f + (1 if i < remainder else 0) for i, f in enumerate(floors)]
    if allocation is A.BACK_LOADED:
        return [f + (1 if i >= n - remainder else 0) for i, f in enumerate(floors)]
    if allocation is A.FRONT_LOADED_TO_SINGLE_TRANCHE:
        return [f + (remainder if i == 0 else 0) for i, f in enumerate(floors)]
    assert allocation is A.BACK_LOADED_TO_SINGLE_TRANCHE
    return [f + (remainder if i == n - 1 else 0) for i, f in enumerate(floors)]


def test_reference_reproduces_the_ocf_example() -> None:
    # the reference itself must agree with the hand-checked OCF table
    q = [F(1, 4)] * 4
    assert reference_amounts(18, q, A.CUMULATIVE_ROUNDING) == [5, 4, 5, 4]
    assert reference_amounts(18, q, A.BACK_LOADED) == [4, 4, 5, 5]
    assert reference_amounts(18, q, A.FRONT_LOADED_TO_SINGLE_TRANCHE) == [6, 4, 4, 4]


@st.composite
def portion_runs(draw: st.DrawFn) -> tuple[Runs, list[Fraction]]:
    """Random installments: a few runs of equal portions, all portions > 0, summing to 1."""
    shape = draw(
        st.lists(st.tuples(st.integers(1, 50), st.integers(1, 1000)), min_size=1, max_size=5)
    )
    weight = sum(count * w for count, w in shape)
    portions = [F(w, weight) for count, w in shape for _ in range(count)]
    return runs_of(portions), portions


totals = st.integers(min_value=0, max_value=10**7)
allocations = st.sampled_from(list(Allocation))


@given(portion_runs(), totals, allocations)
def test_amounts_match_reference_and_sum_to_total(
    rp: tuple[Runs, list[Fraction]], total: int, allocation: Allocation
) -> None:
    runs, portions = rp
    got = amounts(total, runs, allocation)
    assert len(got) == len(portions)
    assert sum(got) == total
    assert got == reference_amounts(total, portions, allocation)


@given(portion_runs(), totals, allocations)
def test_closed_form_cumulative_is_prefix_sum_and_monotone(
    rp: tuple[Runs, list[Fraction]], total: int, allocation: Allocation
) -> None:
    runs, portions = rp
    reference = reference_amounts(total, portions, allocation)
    running = 0
    previous = cumulative(total, runs, 0, allocation)
    assert previous == 0
    for k in range(1, len(portions) + 1):
        running += reference[k - 1]
        now = cumulative(total, runs, k, allocation)
        assert now == running
        assert now >= previous
        previous = now
    assert previous == total


@given(portion_runs(), totals, st.sampled_from([A.CUMULATIVE_ROUND_DOWN, A.CUMULATIVE_ROUNDING]))
def test_cumulative_types_stay_within_one_share_of_exact(
    rp: tuple[Runs, list[Fraction]], total: int, allocation: Allocation
) -> None:
    runs, portions = rp
    exact = Fraction(0)
    for k, p in enumerate(portions, start=1):
        exact += total * p
        got = cumulative(total, runs, k, allocation)
        assert abs(got - exact) < 1
        if allocation is A.CUMULATIVE_ROUND_DOWN:
            assert 0 <= exact - got < 1
        else:
            assert -Fraction(1, 2) <= exact - got < Fraction(1, 2)  # half-up


# --------------------------------------------- the integer fast path (Plan) = the general path

huge_totals = st.one_of(
    totals,
    st.sampled_from([10**12, 10**15, 10**12 + 7, 10**15 - 1]),
    st.integers(min_value=10**11, max_value=10**16),
)


@given(portion_runs(), huge_totals, allocations)
def test_integer_plan_agrees_with_the_fraction_path(
    rp: tuple[Runs, list[Fraction]], total: int, allocation: Allocation
) -> None:
    runs, portions = rp
    plan = plan_of(runs)
    assert plan.n == len(portions)
    for k in range(0, len(portions) + 1):
        assert plan.cumulative(total, k, allocation) == cumulative(total, runs, k, allocation)


@given(st.integers(min_value=1, max_value=120), huge_totals, allocations)
def test_equal_installments_take_the_integer_shortcut(
    n: int, total: int, allocation: Allocation
) -> None:
    runs: Runs = ((n, F(1, n)),)
    plan = plan_of(runs)
    assert plan.equal and plan.den == n
    # the shortcut's own formulas, written out here: floor(T·k/n), half up, and the loaded ones
    each, remainder = divmod(total, n)
    for k in range(0, n + 1):
        got = plan.cumulative(total, k, allocation)
        assert got == cumulative(total, runs, k, allocation)
        if allocation is A.CUMULATIVE_ROUND_DOWN:
            assert got == total * k // n
        if allocation is A.FRONT_LOADED:
            assert got == each * k + min(k, remainder)


def test_plan_worked_example_in_integers() -> None:
    # 18 shares over 4: the OCF table again, through the integer form
    plan = plan_of(QUARTERS)
    got = {a: [plan.cumulative(18, k, a) for k in range(5)] for a in A}
    assert got[A.CUMULATIVE_ROUND_DOWN] == [0, 4, 9, 13, 18]
    assert got[A.CUMULATIVE_ROUNDING] == [0, 5, 9, 14, 18]
    assert got[A.BACK_LOADED_TO_SINGLE_TRANCHE] == [0, 4, 8, 12, 18]
    assert got[A.FRACTIONAL] == [0, F(9, 2), 9, F(27, 2), 18]
    # unequal portions (30% then 70% over 3): one denominator, 10
    uneven = plan_of(((1, F(3, 10)), (3, F(7, 30))))
    assert (uneven.den, uneven.runs, uneven.equal) == (30, ((1, 9), (3, 7)), False)
    assert [uneven.cumulative(1000, k, A.CUMULATIVE_ROUND_DOWN) for k in range(5)] == [
        0,
        300,  # 1000 × 9/30
        533,  # floor(1000 × 16/30 = 533.3)
        766,  # floor(766.6)
        1000,
    ]
