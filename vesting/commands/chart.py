"""``chart``: cumulative vested shares over time (and vested value, with a price), per grant
and in total — the data of :mod:`vesting.report.charts`, drawn by :mod:`vesting.render.chart`
in a terminal or as an SVG or PNG file."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal

from ..report.charts import PicturesBuilder
from ..valuation import PriceTable
from .base import Document


@dataclass(frozen=True)
class ChartCommand(Document):
    """The chart of the grants as of ``as_of`` (``prices``: one price or prices by date, for
    the value chart)."""

    name = "chart"
    what = "chart"

    as_of: _dt.date
    prices: tuple[Decimal, ...] | PriceTable | None = None

    def start(self, today: _dt.date) -> PicturesBuilder:
        return PicturesBuilder(self.as_of, self.prices)
