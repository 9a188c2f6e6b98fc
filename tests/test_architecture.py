"""The structure the README's architecture table states, checked from the code itself: layers
call only downwards, no import circle, each command a module of its own that the run path never
names, each command-line option declared once, and the library names no flag in its messages.

The import graph is read statically (every ``import`` and ``from … import`` in every module of
``vesting/``, at any depth: a function-level import is an import too)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "vesting"

LAYERS: list[tuple[str, ...]] = [
    ("vesting.about", "vesting.errors", "vesting.money", "vesting.memo", "vesting.shares"),
    ("vesting.dates", "vesting.allocation"),
    ("vesting.model",),
    (
        "vesting.conditions",
        "vesting.eventrules",
        "vesting.tolling",
        "vesting.entries",
        "vesting.inforce",
    ),
    ("vesting.engine",),
    ("vesting.events", "vesting.cancelling", "vesting.provisions", "vesting.splitting"),
    ("vesting.status", "vesting.exercises"),
    ("vesting.asgraph", "vesting.valuation", "vesting.accounting", "vesting.tax"),
    ("vesting.io",),
    ("vesting.report",),
    ("vesting.render",),
    ("vesting.commands",),
    ("vesting.run",),
    ("vesting.batch",),
    ("vesting.cli", "vesting.__main__"),
]
"""Bottom to top: a module may import its own layer's and lower ones' only (the package root,
which loads names lazily for callers, is above them all)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str, path: Path) -> set[str]:
    """Every vesting module ``name`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    known = modules()
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("vesting"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("vesting"):
                continue
            for alias in node.names:  # "from . import x" may name a module
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m != name}


def graph() -> dict[str, set[str]]:
    return {name: imports(name, path) for name, path in modules().items()}


def layer(name: str) -> int:
    best = -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                best = i
    return best


def test_every_module_has_a_layer() -> None:
    unplaced = [m for m in modules() if m != "vesting" and layer(m) < 0]
    assert not unplaced


def test_no_import_runs_up_a_layer() -> None:
    upward = [
        (m, t)
        for m, targets in graph().items()
        if m != "vesting"
        for t in targets
        if t != "vesting" and layer(t) > layer(m)
    ]
    assert not upward
    assert not [m for m, targets in graph().items() if "vesting" in targets and m != "vesting"]


def test_no_import_circle() -> None:
    g = graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
            elif nxt in g and not state.get(nxt):
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(g):
        if not state.get(start):
            visit(start, [start])
    assert not circles


def test_no_module_is_over_500_lines() -> None:
    long = {m: len(p.read_text().splitlines()) for m, p in modules().items()}
    assert not {m: n for m, n in long.items() if n > 500}


def test_few_type_ignores() -> None:
    count = sum(p.read_text().count("type: ignore") for p in modules().values())
    assert count <= 10


def test_the_run_path_never_names_a_command() -> None:
    pattern = re.compile(r"""(command|cmd)[a-z_.]* *(==|!=) *['"]""")
    found = [
        (m, i)
        for m, p in modules().items()
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found


def test_every_registered_command_has_its_module() -> None:
    from vesting import commands

    for name in commands.names():
        cls = commands.get(name)
        assert cls.name == name
        assert cls.__module__.startswith("vesting.commands.")


FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def _message_strings(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_the_library_names_no_flag_in_its_messages() -> None:
    """Only the command line names flags; the field table declares each ad-hoc option as data
    (its ``flags``), which only the command line reads."""
    found = [
        (m, s)
        for m, p in modules().items()
        if not m.startswith("vesting.cli") and m != "vesting.io.fields"
        for s in _message_strings(p)
        if FLAG.search(s) and "linestyle" not in s
    ]
    assert not found


def test_each_option_is_declared_once() -> None:
    """No flag is declared by two options (a retired spelling is a notice, not a declaration),
    and typer's options are made in one place."""
    from vesting.cli import labels, options
    from vesting.cli.params import Group, Opt

    seen: dict[str, str] = {}
    for value in vars(options).values():
        opts = value.opts if isinstance(value, Group) else (value,)
        for opt in opts:
            if not isinstance(opt, Opt) or opt.retired:
                continue
            for flag in opt.flags:
                assert seen.setdefault(flag, opt.dest) == opt.dest, flag
    assert labels.every_flag()["risk_free_rate"] == "--risk-free"
    makers = [
        m
        for m, p in modules().items()
        if m.startswith("vesting.cli") and ("typer.Option(" in p.read_text())
    ]
    assert makers == ["vesting.cli.params"] or sorted(makers) == [
        "vesting.cli.app",
        "vesting.cli.params",
    ]  # app: --version, the application's own


@pytest.mark.parametrize("name", ["schedule", "status", "value", "tax"])
def test_a_command_takes_only_the_options_it_uses(name: str) -> None:
    from typer.testing import CliRunner

    from vesting.cli import app

    text = CliRunner().invoke(app, [name, "--help"]).stdout
    assert ("--jobs" in text) == (name != "tax")  # a tax run is one process, in input order
    assert ("--grant-price" in text) is False


def test_currency_is_an_option_of_the_listing_commands_that_show_money() -> None:
    """``--currency`` only where a row has a money or price column (issue 19.8: an option a
    command accepts does something there); the documents that draw money take it too."""
    import typer

    from vesting import commands
    from vesting.cli import app
    from vesting.commands.base import Listing
    from vesting.report import columns_of

    cli = typer.main.get_command(app)
    for name in commands.names():
        params = cli.commands[name].params
        takes = any("--currency" in p.opts for p in params)
        command = commands.get(name)
        if isinstance(command, type) and issubclass(command, Listing):
            money = any(c.kind in ("money", "price") for c in columns_of(command.row))
            assert takes == money, name
        else:
            assert takes == (name in ("chart", "report")), name
