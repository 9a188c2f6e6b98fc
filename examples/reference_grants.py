"""The reference grants (a new CEO, 18 Dec 2006), built with the library and printed.

Run: python examples/reference_grants.py
The exercise price is ILLUSTRATIVE: the real closing price on the grant date is not given.
"""

import datetime as dt
from decimal import Decimal

import vesting as v

GRANT_DATE = dt.date(2006, 12, 18)

option = v.Grant(
    id="ceo-2006-option",
    holder="CEO",
    kind=v.Kind.NSO,
    shares=2_000_000,
    grant_date=GRANT_DATE,
    exercise_price=Decimal("30.00"),  # ILLUSTRATIVE price, not the real closing price
    terms=v.VestingTerms(
        length=v.Period.months(48), every=v.Period.months(1), cliff=v.Period.months(12)
    ),
)
rsu = v.Grant(
    id="ceo-2006-rsu",
    holder="CEO",
    kind=v.Kind.RSU,
    shares=500_000,
    grant_date=GRANT_DATE,
    terms=v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12)),
)

ILLUSTRATIVE_PRICE = Decimal("45.00")  # ILLUSTRATIVE market price, for the valuation only


if __name__ == "__main__":
    from vesting.valuation import value

    for grant in (option, rsu):
        print(f"{grant.id}: {grant.shares:,} {grant.kind.value}")
        for t in v.schedule(grant):
            print(f"  {t.date}  {t.shares:>10,}  {t.cumulative:>12,}")

    on = dt.date(2008, 6, 30)
    s = v.evaluate(option, on)
    print(
        f"\nAs of {on}: {s.vested:,} vested, next {s.next_vest.shares:,} on {s.next_vest.date}"
        if s.next_vest
        else f"\nAs of {on}: {s.vested:,} vested"
    )
    worth = value(option, on, ILLUSTRATIVE_PRICE)
    print(
        f"At an ILLUSTRATIVE price of {ILLUSTRATIVE_PRICE} (exercise price "
        f"{option.exercise_price}, also illustrative): exercisable options worth "
        f"{worth.realizable_value}"
    )

    # What if the CEO leaves on 1 March 2009?
    left = option.with_events(v.Termination(dt.date(2009, 3, 1), v.Reason.VOLUNTARY))
    s = v.evaluate(left, dt.date(2009, 3, 1))
    print(
        f"Leaving 2009-03-01: keeps {s.vested:,}, forfeits {s.forfeited:,}, "
        f"must exercise by {s.exercise_deadline}"
    )
