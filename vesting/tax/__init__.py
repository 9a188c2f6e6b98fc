"""Tax estimates at vest, settlement and exercise (US federal, with optional state and FICA),
and the ISO $100,000 limit — estimates from stated rates, not advice; above
:mod:`vesting.status`, never imported by the engine; nothing here reads a file.

* :mod:`vesting.tax.rates` — the rates and thresholds (every one a parameter);
* :mod:`vesting.tax.withholding` — supplemental withholding, FICA and state, per holder and year;
* :mod:`vesting.tax.iso` — which options count as ISOs under the $100,000 limit;
* :mod:`vesting.tax.events` — a grant's taxable events in a year.
"""
