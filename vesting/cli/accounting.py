"""The command line of the accounting tables that read a period: ``diluted-shares`` (and,
with issue 22, the disclosure tables). Kept apart from :mod:`vesting.cli.commands` so that
each module stays small; declared the same way (:func:`vesting.cli.commands.listed`)."""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from math import floor
from typing import TYPE_CHECKING, Any

from ..errors import MISSING, Problem
from . import common
from .commands import GRANT_PRICE, contractual_term, listed, pricing
from .options import CURRENCY, DILUTED_OPTIONS, JOBS, PRICES, PRICING
from .params import Args

if TYPE_CHECKING:
    from ..model.company import SharesOutstanding


@listed(
    "diluted-shares",
    JOBS,
    CURRENCY,
    DILUTED_OPTIONS,
    PRICES.but(help="CSV of date,price: the period's average is the mean of its prices in it."),
    PRICING,
    GRANT_PRICE,
    before=contractual_term,
)
def diluted_shares(args: Args, today: _dt.date) -> Any:
    """Incremental shares by the treasury stock method (ASC 260), and diluted shares."""
    from ..commands.diluted import DilutedCommand
    from ..io.prices import load_prices
    from ..io.values import parse_money, parse_shares
    from ..valuation import mean_price

    found: list[Problem] = []
    start, end, rate = common.period_options(args, today, found)
    price_text, prices_file = args.get("average_price"), args.get("prices")
    average = None
    if (price_text is None) == (prices_file is None):
        found.append(
            Problem("average_price", price_text or MISSING, "an average price or --prices, one")
        )
    elif price_text is not None:
        average = common.attempt(found, lambda: parse_money(price_text, "average_price"))
    elif start is not None and end is not None:
        table = common.attempt(found, lambda: load_prices(prices_file))
        if table is not None:
            average = common.attempt(found, lambda: mean_price(table, start, end))
    basic_text = args.get("basic_shares")
    basic = None
    if basic_text is not None:
        basic = common.attempt(found, lambda: parse_shares(basic_text, "basic_shares"))
    elif start is not None and end is not None:
        basic = _basic(common.shares_outstanding(args, found), start, end, found)
    inputs = common.attempt(found, lambda: pricing(args))
    attribution = str(args.get("attribution")).strip().lower()
    common.check(found)
    assert start is not None and end is not None and average is not None
    return DilutedCommand(
        start, end, average, inputs, attribution, rate, basic, bool(args.get("net_loss"))
    )


def _basic(
    outstanding: SharesOutstanding | None, start: _dt.date, end: _dt.date, found: list[Problem]
) -> int | None:
    """Basic shares from the company's shares outstanding: their average over the period's
    days (each day's value as of that day), to whole shares, half up."""
    if outstanding is None:
        return None
    average = common.attempt(found, lambda: outstanding.average(start, end))
    return None if average is None else floor(average + Fraction(1, 2))
