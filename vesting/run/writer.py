"""Writing a listing run's chunks in input order: the error policy applied to each record with
problems, repeated grant ids caught over the whole input (when the chunks were read in worker
processes, which cannot see each other's ids), running totals and selected ids merged, and —
after the last chunk — the total rows and the report's tail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from ..commands.base import Gathered, Listing, Row
from ..errors import InputError
from ..io.seen import SeenIds, repeated
from ..render import Encoder
from ..report import Report, columns_of
from ..report.extra import NONE, SAMPLE, Extra, unseen
from .chunks import Chunk
from .groups import GroupTotals
from .policy import Policy
from .select import Selection


class Writer:
    """Writes records in order (see the module doc). ``check_ids``: find repeated ids here
    (the chunks come from workers). ``extra``: the columns the rows carry after their own
    (:mod:`vesting.report.extra`), checked at the end. ``totals_only``: no grant's rows, only
    the totals (and subtotals)."""

    def __init__(
        self,
        command: Listing[Any],
        selection: Selection,
        encoder: Encoder | None,
        out: TextIO,
        policy: Policy,
        check_ids: bool = False,
        extra: Extra = NONE,
        totals_only: bool = False,
    ) -> None:
        self.command, self.encoder, self.out, self.policy = command, encoder, out, policy
        self.seen = SeenIds() if check_ids else None
        self.totals: Any = GroupTotals(command, extra.by) if extra.by else command.totals()
        self.picker = selection.picker()
        self.gathered = Gathered()
        self.rows: list[Row] = []  # formats laid out whole (tables) only
        self.written = 0
        self.started = False
        self.extra = extra
        self.totals_only = totals_only
        """Write only the total rows: each grant is still counted."""
        self.found: set[str] = set()
        self.sample: set[str] = set()

    def chunk(self, chunk: Chunk, again: Callable[[frozenset[int | None]], Chunk] | None) -> None:
        """Write a processed chunk; ``again`` reprocesses it without some lines (repeats)."""
        repeats: dict[int | None, int] = {}
        if self.seen is not None:
            for r in chunk.records:
                if not r.problems and r.grant_id is not None and r.line is not None:
                    before = self.seen.add(r.grant_id, r.line)
                    if before is not None:
                        repeats[r.line] = before
        totals = chunk.totals
        if repeats and again is not None and self.policy.skip:
            # the repeats are dropped: count this chunk's grants again without them
            totals = again(frozenset(repeats)).totals
        encoder = self.encoder
        parts: list[str] = []
        for r in chunk.records:
            problems = r.problems
            if r.line in repeats and not problems and r.grant_id is not None:
                problems = (repeated(r.grant_id, repeats[r.line], r.where),)
            if problems:
                self._flush(parts)
                self.policy.handle(r.where, problems, r.entry)
                continue
            self.written += 1
            if self.totals_only:
                continue
            if encoder is None:
                self.rows.extend(r.rows)
            elif r.text:
                if self.started and encoder.separator:
                    parts.append(encoder.separator)
                parts.append(r.text)
                self.started = True
        self._flush(parts)
        self.totals.merge(totals)
        self.picker.merge(chunk.picker)
        self.gathered.merge(chunk.gathered)
        self.found.update(chunk.found)
        if len(self.sample) < SAMPLE:
            self.sample.update(chunk.sample)

    def _flush(self, parts: list[str]) -> None:
        if parts:
            self.out.write("".join(parts))
            parts.clear()

    def finish(self) -> Report:
        """Check the ids asked for; write the totals; return the report (for its tail)."""
        missing = self.picker.missing()
        if missing:
            raise InputError(missing)
        extra = self.extra
        if extra.names and self.written:
            table = self.encoder is None
            found = unseen(
                extra, self.found, self.sample, columns_of(self.command.row), table=table
            )
            if found:
                raise InputError(found)
        grand = self.totals
        if isinstance(self.totals, GroupTotals):  # subtotals, then the grand total
            totals = [(*row, *extra.subtotal(key)) for row, key in self.totals.labelled()]
            grand = self.totals.grand()
        else:
            totals = self.totals.rows()
            if extra.names:
                totals = [(*row, *extra.blank) for row in totals]
        encoder = self.encoder
        if encoder is not None and totals:
            text = encoder.rows(totals)
            self.out.write(encoder.separator + text if self.started and encoder.separator else text)
        self.rows.extend(totals)
        report = self.command.report(iter(self.rows), grand, self.gathered)
        report.extra = extra.columns
        return report
