"""Hypothesis strategies for bad input: the families issue 8 names, and random text."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

from hypothesis import strategies as st

UNICODE_DIGITS = ["³", "٣", "１２", "߀", "𝟙𝟚", "²⁴", "Ⅻ", "½", "١٢٣", "४८", "๑๒"]
HUGE = ["9" * 5000, "1" + "0" * 400, "1E+400", "1e999999999", "-1e400", "1e-400", "0e-99999"]
NOT_NUMBERS = ["NaN", "nan", "Infinity", "-Infinity", "inf", "sNaN", "0x10", "1_", "_1", "1__0"]
BLANK = ["", " ", "\t", "\u00a0", "\u2003", "\u3000"]
CONTROL = ["\n", "\x00", "\x1b[31mred", "a\nerror: forged", "\u2028", "\r", "\x7f"]
ODD = ["-0", "+5", "--5", "-5", "1,0,0", "1.5", "0", "00", "999999999999999999999", "5%", "1/0"]
DATES = ["2020-02-30", "9999-12-31", "0001-01-01", "2020-1-1", "+99999y", "-99999d", "2199-12-31"]
PERIODS = ["99999y", "0d", "12q", "3600m", "3601m", "109573d", "1y1m", "m", "-1m"]
LONG = ["a" * 100_000, "1" * 300, ";" * 5000, ":" * 5000]
FAMILIES = [*UNICODE_DIGITS, *HUGE, *NOT_NUMBERS, *BLANK, *CONTROL, *ODD, *DATES, *PERIODS, *LONG]

bad_text = st.one_of(
    st.sampled_from(FAMILIES),
    st.text(max_size=30),
    st.builds(lambda a, b: a + b, st.sampled_from(FAMILIES), st.sampled_from(FAMILIES)),
)
"""A bad (or just odd) value, as text."""


class Hang(Exception):
    """The run took longer than the guard allows."""


@contextlib.contextmanager
def no_hang(seconds: int = 20) -> Iterator[None]:
    """Fail (raise :class:`Hang`) if the block runs longer than ``seconds`` — a guard against
    hangs, not a speed test: ordinary runs take milliseconds."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
