"""Accounting: what grants cost the company and how they dilute it — estimates from stated
inputs, above :mod:`vesting.status` and never imported by the engine; nothing here reads a file.

* :mod:`vesting.accounting.years` — year fractions between dates, fiscal periods;
* :mod:`vesting.accounting.fairvalue` — grant-date fair value (Black–Scholes–Merton, SAB 107
  expected term, RSUs at the price);
* :mod:`vesting.accounting.expense` — ASC 718 expense by period (graded or straight-line);
* :mod:`vesting.accounting.modification` — what a modification costs (ASC 718-20-35-3);
* :mod:`vesting.accounting.dilution` — percent of outstanding and fully diluted shares.
"""
