"""The command line of the accounting tables that read a period: ``diluted-shares`` and
``disclose`` (the disclosure tables). Kept apart from :mod:`vesting.cli.commands` so that
each module stays small; declared the same way (:func:`vesting.cli.commands.listed`)."""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from math import floor
from typing import TYPE_CHECKING, Any

from ..errors import MISSING, Problem
from . import common
from .commands import GRANT_PRICE, contractual_term, listed, pricing
from .options import CURRENCY, DILUTED_OPTIONS, DISCLOSE_OPTIONS, JOBS, PRICE, PRICES, PRICING
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
def _fiscal_year(args: Args, found: list[Problem]) -> Any:
    """``--fiscal-year FY`` with ``--fiscal-year-end``: the period (``None`` and a problem in
    ``found`` if it cannot be had)."""
    from ..accounting.years import fiscal_year

    text = str(args.get("fiscal_year"))
    if args.get("from_date") is not None or args.get("to_date") is not None:
        found.append(Problem("fiscal_year", text, "a fiscal year, or --from and --to: not both"))
        return None
    month = common.fiscal_year_end(args, found)  # the flag, else the file's [company]
    if month is None:
        return None
    digits = text.strip()
    digits = digits[2:].strip() if digits[:2].lower() == "fy" else digits
    number = digits.isascii() and digits.isdigit() and len(digits) < 6
    year: object = int(digits) if number else text
    return common.attempt(found, lambda: fiscal_year(year, month))


@listed(
    "disclose",
    JOBS,
    CURRENCY,
    DISCLOSE_OPTIONS,
    PRICE.but(help="The share price at the period's end, for intrinsic values (or --prices)."),
    PRICES.but(
        help="CSV of date,price: the price at the period's end and on each exercise date (the "
        "last price on or before it)."
    ),
    PRICING,
    before=contractual_term,
)
def disclose(args: Args, today: _dt.date) -> Any:
    """The ASC 718 disclosure tables of a period: options, nonvested shares, the period's
    figures (estimates)."""
    from ..commands.disclose import DiscloseCommand
    from ..io.prices import load_prices
    from ..io.values import parse_money, parse_rate

    found: list[Problem] = []
    label = None
    if args.get("fiscal_year") is not None:
        year = _fiscal_year(args, found)
        start, end = (None, None) if year is None else (year.start, year.end)
        label = None if year is None else year.label
        rate_text = args.get("forfeiture_rate")
        rate = None
        if rate_text is not None:
            rate = common.attempt(found, lambda: parse_rate(rate_text, "forfeiture_rate"))
    else:
        start, end, rate = common.period_options(args, today, found)
    prices_given, file = args.get("price") or [], args.get("prices")
    price: Any = None
    if bool(prices_given) == (file is not None):
        shown = ", ".join(prices_given) or (file if file is not None else MISSING)
        found.append(Problem("price", shown, "a share price at the period's end or --prices, one"))
    elif len(prices_given) > 1:
        found.append(Problem("price", ", ".join(prices_given), "one share price (the end's)"))
    elif prices_given:
        price = common.attempt(found, lambda: parse_money(prices_given[0], "price"))
    else:
        price = common.attempt(found, lambda: load_prices(file))
    inputs = common.attempt(found, lambda: pricing(args))
    attribution = str(args.get("attribution")).strip().lower()
    common.check(found)
    assert start is not None and end is not None and price is not None
    return DiscloseCommand(
        start,
        end,
        price,
        inputs,
        attribution,
        rate,
        bool(args.get("nonvested_options")),
        label,
    )
