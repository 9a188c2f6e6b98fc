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

if __name__ == "__main__":
    for grant in (option, rsu):
        print(f"{grant.id}: {grant.shares:,} {grant.kind.value}")
        for t in v.schedule(grant):
            print(f"  {t.date}  {t.shares:>10,}  {t.cumulative:>12,}")
