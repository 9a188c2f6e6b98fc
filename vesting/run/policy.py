"""The error policy of a run, written once for every command: what happens to a grant entry
with problems.

* ``stop`` (the default): the first entry with problems ends the run — an
  :class:`~vesting.errors.InputError` carrying them;
* ``skip``: each such entry is reported (``on_skip``) and left out, and the run goes on; the
  caller learns how many were skipped.

A problem of the input as a whole (an unreadable file, a bad CSV header, an id asked for that
no grant has: entries with ``entry`` false) always stops the run. ``label`` may rename the
problems before they are shown or raised (the command line names its options).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import InputError, Location, Problem

POLICIES = ("stop", "skip")

Labeller = Callable[[Location, Sequence[Problem]], Sequence[Problem]]
"""Problems of an entry found at a location → the problems shown."""


@dataclass
class Policy:
    """How a run treats entries with problems (see the module doc)."""

    skip: bool = False
    on_skip: Callable[[Sequence[Problem]], None] | None = None
    label: Labeller | None = None
    skipped: int = field(default=0, init=False)

    @classmethod
    def named(
        cls,
        name: str,
        on_skip: Callable[[Sequence[Problem]], None] | None = None,
        label: Labeller | None = None,
    ) -> Policy:
        """The policy called ``name`` (``stop`` or ``skip``)."""
        if name not in POLICIES:
            raise InputError([Problem("on_error", name, "stop or skip")])
        return cls(name == "skip", on_skip, label)

    def shown(self, where: Location, problems: Sequence[Problem]) -> Sequence[Problem]:
        return self.label(where, problems) if self.label is not None else problems

    def handle(self, where: Location, problems: Sequence[Problem], entry: bool = True) -> None:
        """Apply the policy to an entry's ``problems``: raise, or report and count it."""
        shown = self.shown(where, problems)
        if not self.skip or not entry:
            raise InputError(shown)
        if self.on_skip is not None:
            self.on_skip(shown)
        self.skipped += 1
