"""What every output column counts: one meaning per column name, across every command.

A column name means the same thing wherever it appears (``exercise_price`` in ``value``,
``fair-value`` and ``tax``); a quantity that differs is named differently (``status``'s
``vested`` counts every share that ever vested, ``value``'s ``realizable_shares`` the shares
the holder can realize now). A column whose meaning is particular to its command says so in
its own :class:`~vesting.report.columns.Col` (``help=``), which wins over this table.

``vesting COMMAND --columns help`` lists a command's columns with these meanings, and
``docs/columns.md`` is written from them (a test keeps it current).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MEANINGS: Final[Mapping[str, str]] = {
    # what the row is about
    "row": "what the row is: a grant's (grant, or event in tax; tranche and modification "
    "in fair-value), a group's subtotal (subtotal) or the total (total); in disclose, the "
    "line of its table",
    "as_of": "the date the figures are as of (the end of that day)",
    "grant_id": "the grant's id (empty on total rows)",
    "kind": "ISO, NSO (stock options) or RSU (restricted stock units)",
    "granted": "shares granted",
    "date": "the date of the row's entry or event",
    "shares": "the shares the row is about: the entry's, the event's, those valued, or "
    "(disclose) the line's",
    "event": "what happened: settlement (RSUs), exercise (options), or iso-limit (an ISO "
    "grant's split under the limit for the year; iso-limit-repriced: that of the new grant a "
    "repricing makes on the row's date)",
    "period": "the period's name (a fiscal year, quarter or month)",
    "period_start": "the first day of the period",
    "period_end": "the last day of the period",
    "year": "the calendar year of an ISO split",
    # status
    "vested": "shares that have vested by the date, counting those since exercised, "
    "settled or expired",
    "unvested": "shares not yet vested and not forfeited (pending ones included)",
    "forfeited": "shares that can no longer vest: unvested at a termination, cancelled, "
    "or never earned",
    "exercised": "option shares exercised (bought) by the date",
    "exercisable": "vested option shares that can be exercised now: not exercised, "
    "expired or past the deadline",
    "expired": "vested option shares that lapsed unexercised (past the exercise deadline)",
    "outstanding": "shares still in the grant: exercisable plus unvested options, or "
    "unvested plus unsettled RSUs",
    "settled": "vested RSUs delivered as shares",
    "unsettled": "vested RSUs not yet delivered (a double trigger waiting on its event)",
    "pending": "unvested shares waiting on an event (a milestone or change of control)",
    "subject_to_repurchase": "shares exercised early, before they vested: the company "
    "may buy them back",
    "repurchased": "early-exercised, unvested shares the company bought back",
    "split_fraction_cancelled": "the part of a share (or, with tranche rounding, the shares) "
    "stock-split rounding has dropped from the grant by the date: granted × the split ratio, "
    "exactly, less the shares the grant has now (empty when nothing was dropped)",
    "next_vest_date": "the next date after as_of on which shares vest",
    "next_vest_shares": "the shares vesting on next_vest_date",
    "fully_vested": "the date the last share vests (empty if it never does)",
    "expiration": "the contractual expiration date of an option, as in force on the date "
    "(a modification may extend it)",
    "exercise_deadline": "the last day an option can be exercised: the expiration, or the "
    "end of the post-termination window (tables write that window after it: "
    "2009-06-13 (90d))",
    "exercise_window": "the post-termination window that set exercise_deadline, as the terms "
    "give it for the termination's reason (90d: days, 3m: calendar months, 0m: none, the day "
    "before the termination); empty when the deadline is the expiration",
    "percent_of_outstanding": "granted shares as a percent of the company's shares "
    "outstanding (given the shares outstanding)",
    "fully_diluted_percent": "granted shares as a percent of outstanding plus granted "
    "(given the shares outstanding)",
    "iso_shares": "vested shares of an ISO grant within the $100,000 ISO limit",
    "nso_shares": "vested shares of an ISO grant over the limit, treated as NSO",
    # schedule
    "cumulative": "shares vested by this entry's date, this entry included",
    "percent": "the entry's shares as a percent of the grant",
    "cumulative_percent": "cumulative as a percent of the grant",
    "mark": "what an event did to the entry (empty: vests as scheduled)",
    "original_date": "the entry's date before an event moved it",
    "note": "why the entry is marked as it is",
    # value
    "price": "the market price per share used on the row's date",
    "exercise_price": "an option's price per share to exercise (its strike), as in force on "
    "the row's date: after stock splits and repricings",
    "spread": "the value of one share: price less exercise price for options (never "
    "below zero), the price for RSUs",
    "realizable_shares": "shares the holder can realize now: an option's exercisable "
    "shares, an RSU's vested units",
    "unvested_outstanding": "unvested shares still in the grant (pending ones included)",
    "realizable_value": "realizable_shares × spread, to the cent",
    "unvested_value": "unvested_outstanding × spread, to the cent",
    "total_value": "realizable_value + unvested_value",
    "repurchased_shares": "early-exercised, unvested shares the company bought back",
    "repurchase_cash": "what the company paid for repurchased shares (shares × exercise "
    "price); not part of total_value",
    # fair value
    "vest_date": "the tranche's vest date (on the rows of each tranche)",
    "method": "how the fair value was found: black-scholes, the price (RSUs), or given",
    "grant_date_price": "the share price on the grant date",
    "volatility": "the expected volatility, as a fraction (0.3 is 30%)",
    "risk_free_rate": "the risk-free interest rate, as a fraction",
    "dividend_yield": "the expected dividend yield, as a fraction",
    "expected_term": "the expected term in years",
    "fair_value": "the grant-date fair value of one share (ASC 718)",
    "total_fair_value": "fair_value × shares, to the cent",
    "modification_date": "the date of a modification (on the rows of each modification)",
    "modification_type": "how ASC 718 books a modification: I (probable to probable: "
    "incremental cost added), III (improbable to probable: options a termination would "
    "forfeit, their original cost swapped for the modified fair value), or both",
    "fair_value_before": "the fair value of one share of the original award immediately "
    "before the modification, on its date",
    "incremental_cost": "what a modification adds to the cost: (fair value after − before, "
    "never below 0) × the options it modifies, plus, for Type III options, their fair value "
    "after; to the cent",
    # expense
    "expense": "compensation cost recognized in the period (ASC 718)",
    "cumulative_expense": "cost recognized from the grant date to the period's end",
    "unrecognized": "cost not yet recognized at the period's end",
    "remaining_years": "the remaining recognition period in years, as of the last period's end",
    # tax
    "income": "ordinary income of the event (estimate)",
    "federal_withholding": "federal income tax withheld (estimate)",
    "state_withholding": "state income tax withheld (given a state rate)",
    "social_security": "Social Security tax withheld (when FICA is asked for)",
    "medicare": "Medicare tax withheld (when FICA is asked for)",
    "total_withholding": "every tax withheld on the event",
    "sell_to_cover_shares": "shares sold to pay total_withholding at the price",
    "withholding_shortfall": "tax at the marginal rate not covered by withholding (given "
    "a marginal rate)",
    "cash_to_exercise": "exercise price × shares paid to exercise",
    "amt_preference": "the ISO spread counted for the alternative minimum tax",
    # diluted shares
    "average_shares": "shares outstanding, averaged over every day of the period (whole "
    "shares, half up)",
    "incremental_shares": "shares the grant adds to the diluted count by the treasury stock "
    "method (0 when anti-dilutive)",
    "antidilutive_shares": "the average shares of a grant that would not dilute (its proceeds "
    "buy back at least its shares)",
    "basic_shares": "the basic weighted-average share count given (total row)",
    "diluted_shares": "basic_shares + incremental_shares (total row)",
    # disclose
    "table": "the disclosure table of the row: options (the rollforward), nonvested (shares) "
    "or period (the period's figures)",
    "weighted_average_exercise_price": "the line's exercise prices weighted by its shares, "
    "to the cent",
    "weighted_average_remaining_term": "the years left to the options' exercise deadline at "
    "the period's end, weighted by the line's shares (end lines)",
    "aggregate_intrinsic_value": "(price at the period's end − exercise price, never below 0) "
    "× the line's shares, to the cent (end lines)",
    "weighted_average_grant_date_fair_value": "the grant-date fair value a share, weighted by "
    "the line's shares, to the cent",
    "amount": "the period figure's money: intrinsic value of the options exercised, cash "
    "received from exercises, fair value of the shares vested, cost recognized or not yet",
    # validate
    "location": "where the problem is: file, line, grant",
    "field": "the field or option with the problem",
    "value": "what was given",
    "allowed": "what is allowed",
    "message": "the whole one-line message",
}


def meaning(key: str, own: str = "") -> str:
    """What column ``key`` counts: its own help (``own``) if it has one, else the table's."""
    return own or MEANINGS.get(key, "")


def described(row_type: type) -> list[tuple[str, str, str]]:
    """``(key, title, meaning)`` of each column of ``row_type``, in order (the title on one
    line; empty for a column tables never show)."""
    from .columns import columns_of

    return [
        (c.key, " ".join(c.title.split()) if c.table else "", meaning(c.key, c.help))
        for c in columns_of(row_type)
    ]


def listing(row_type: type, width: int = 80) -> str:
    """The columns of ``row_type`` as text for a terminal: each key, then its title and what it
    counts, wrapped to ``width``."""
    import textwrap

    rows = described(row_type)
    pad = max(len(k) for k, _, _ in rows) + 2
    out = []
    for key, title, text in rows:
        said = f"{title}: {text}" if title else text
        lines = textwrap.wrap(said, max(20, width - pad)) or [""]
        out.append(f"{key:<{pad}}{lines[0]}".rstrip())
        out.extend(" " * pad + line for line in lines[1:])
    return "\n".join(out) + "\n"
