"""How a command-line option is declared — once — and turned into typer's parameters.

An :class:`Opt` is one option: its flags, what it says in ``--help``, and the library field
its value feeds (``--risk-free`` feeds ``risk_free_rate``), so a problem the library finds with
that value is shown with the flag the user typed (:mod:`vesting.cli.labels`). A :class:`Group`
is options shown together under a heading. A command is declared with the groups and options
it takes (:func:`declare`), and its function receives the values as :class:`Args`.

A *retired* option (``Opt(..., retired="--grant-price")``) is a spelling a command no longer
takes for that meaning: giving it is an error naming the new one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import typer


@dataclass(frozen=True)
class Opt:
    """One option (see the module doc)."""

    dest: str
    """The name of its value in :class:`Args`."""
    flags: tuple[str, ...]
    metavar: str = ""
    help: str = ""
    field: str = ""
    """The library field its value feeds (default: ``dest``)."""
    many: bool = False
    """Repeatable: the value is a list."""
    switch: bool = False
    """A flag without a value: true when given."""
    default: Any = None
    panel: str = "Options"
    argument: bool = False
    """The positional argument (``FILE``)."""
    retired: str = ""
    """The flag that now gives this meaning (a retired spelling: giving it is an error)."""

    @property
    def name(self) -> str:
        """The flag messages name it by."""
        return self.flags[0] if self.flags else self.metavar

    @property
    def target(self) -> str:
        return self.field or self.dest

    def but(self, **changes: Any) -> Opt:
        """The same option as one command describes it (its own help or panel)."""
        from dataclasses import replace

        return replace(self, **changes)

    def parameter(self) -> inspect.Parameter:
        """The typer parameter for this option."""
        kind: Any
        if self.argument:
            info: Any = typer.Argument(
                help=self.help, show_default=False, metavar=self.metavar or "FILE"
            )
            kind = str | None
        else:
            info = typer.Option(
                *self.flags,
                metavar=self.metavar or None,
                help=self.help if not self.retired else None,
                rich_help_panel=self.panel,
                show_default=False,
                hidden=bool(self.retired),
            )
            if self.switch:
                kind = bool
            elif self.many:
                kind = list[str] | None
            else:
                kind = str | None
        default = self.default if not self.switch else bool(self.default)
        return inspect.Parameter(
            self.dest,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=default,
            annotation=Annotated[kind, info],
        )


@dataclass(frozen=True)
class Group:
    """Options shown together under one heading (``panel``)."""

    opts: tuple[Opt, ...]

    def __iter__(self) -> Any:
        return iter(self.opts)


Declared = Opt | Group


def flatten(items: Iterable[Declared]) -> tuple[Opt, ...]:
    """Every option of ``items``, in order."""
    out: list[Opt] = []
    for item in items:
        out.extend(item.opts if isinstance(item, Group) else (item,))
    return tuple(out)


class Args:
    """The values of a command's options, by ``dest``; ``given(dest)``: the user gave it."""

    def __init__(self, opts: tuple[Opt, ...], values: Mapping[str, Any]) -> None:
        self.opts = {o.dest: o for o in opts}
        self.values = dict(values)

    def __getattr__(self, dest: str) -> Any:
        try:
            return self.values[dest]
        except KeyError:
            raise AttributeError(dest) from None

    def get(self, dest: str, default: Any = None) -> Any:
        return self.values.get(dest, default)

    def given(self, dest: str) -> bool:
        opt = self.opts.get(dest)
        value = self.values.get(dest)
        if opt is None:
            return False
        return bool(value) if opt.switch or opt.many else value is not None

    def has(self, dest: str) -> bool:
        """The command takes this option."""
        return dest in self.opts

    def flags(self) -> dict[str, str]:
        """Library field → the flag that gives it, for every option of the command."""
        out: dict[str, str] = {}
        for opt in self.opts.values():
            if not opt.retired:
                out.setdefault(opt.target, opt.name)
        return out


def declare(items: Iterable[Declared], run: Callable[[Args], None]) -> Callable[..., None]:
    """A function typer reads as a command with exactly these options, calling ``run`` with
    their values."""
    opts = flatten(items)
    dests = [o.dest for o in opts]
    if len(set(dests)) != len(dests):
        raise ValueError(f"an option declared twice: {dests}")
    params = [o.parameter() for o in opts]
    params.sort(key=lambda p: not any(o.argument for o in opts if o.dest == p.name))

    def command(**values: Any) -> None:
        run(Args(opts, values))

    command.__dict__["__signature__"] = inspect.Signature(params)  # what typer reads
    command.__annotations__ = {p.name: p.annotation for p in params}
    return command
