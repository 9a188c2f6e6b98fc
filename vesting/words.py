"""The one leniency rule for vocabulary words: the names a closed vocabulary gives its members
(grant kinds, termination reasons, triggers, methods, allocation types, day-of-month policies,
leave tolling, event types), the names of terms (``terms = "Standard"``) and the column names
of a CSV header.

The rule (:func:`word`): any case; spaces around the word ignored; and ``-``, ``_`` and spaces
(any run of them) between its parts alike — ``Pro Rata``, ``pro_rata``, ``PRO-RATA`` and
``pro - rata`` are one word, ``pro-rata``. Nothing else is changed: a word is never guessed from
a misspelling (a close one is named in the error instead, see :func:`closest`).

It lives at the bottom of the package so that every layer that names words (the dates'
day-of-month policies, the allocation types, the model's enums, the readers) applies the same
rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

_PARTS: Final = re.compile(r"[\s_-]+")
MAX_WORD: Final = 100
"""The longest text compared with known words for a suggestion (a longer one is no misspelt
word, and comparing is quadratic in the length)."""


def word(text: object, sep: str = "-") -> str:
    """``text`` as a vocabulary word: lower case, stripped, its parts (split at runs of
    whitespace, ``-`` and ``_``) joined by ``sep`` (``" Good_Reason "`` → ``good-reason``;
    with ``sep="_"``: ``"Grant Date"`` → ``grant_date``)."""
    return _PARTS.sub(sep, str(text).strip().lower())


def closest(key: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word ``key`` is probably a misspelling of (``None``: none is close)."""
    if len(key) > MAX_WORD:
        return None
    import difflib  # only when a word is wrong: not at start-up

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=cutoff)
    return close[0] if close else None
