"""Shared test configuration: hypothesis profiles, and 80 columns for every test.

Profiles: ``dev`` (the default locally) and ``ci`` (derandomized, no deadline; the default
when the ``CI`` environment variable is set); ``thorough`` for a long bug hunt by hand.
``HYPOTHESIS_PROFILE`` picks one explicitly.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=200,
    derandomize=False,  # explicit: under CI=1 hypothesis' own defaults derandomize
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",  # a long bug hunt, by hand: HYPOTHESIS_PROFILE=thorough
    max_examples=5000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables fit ``COLUMNS`` (or the terminal): every test sees 80 unless it sets another,
    whatever the shell running the suite exports."""
    monkeypatch.setenv("COLUMNS", "80")
