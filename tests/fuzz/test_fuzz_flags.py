"""Bad values for every command-line option: exit 2 with located one-line messages and nothing
on standard output — or exit 0 when the value happens to be valid — never a traceback or a
hang."""

from __future__ import annotations

import contextlib
import tempfile

import pytest
from badvalues import bad_text, no_hang
from helpers import invoke
from hypothesis import given, settings
from hypothesis import strategies as st

BASE = ["--shares", "4800", "--grant-date", "2020-01-15", "--months", "48", "--cliff", "12"]
"""An ad-hoc grant every command can read."""

EXTRA: dict[str, list[str]] = {
    "value": ["--price", "45", "--strike", "1"],
    "fair-value": ["--grant-price", "10", "--strike", "10", "--volatility", "30%",
                   "--risk-free", "4%", "--dividend-yield", "0", "--expected-term", "6"],
    "expense": ["--from", "2020-01-01", "--to", "2021-12-31", "--fair-value", "2"],
    "tax": ["--year", "2021", "--price", "45", "--strike", "1"],
    "diluted-shares": ["--from", "2021-01-01", "--to", "2021-03-31", "--average-price", "45",
                       "--fair-value", "2", "--strike", "1"],
    "disclose": ["--fiscal-year", "2021", "--price", "45", "--fair-value", "2", "--strike", "1"],
    "export": ["-o", "out.zip"],
    "chart": ["--strike", "1"],
    "report": ["--strike", "1"],
}  # fmt: skip
"""What each command needs besides the grant to run at all."""


ALIASES: dict[str, set[str]] = {}
"""Each flag's other spellings (``--contractual-term`` is ``--term``)."""


def declared() -> dict[str, list[str]]:
    """Every option that takes a value, of every command, as the command line declares it
    (read from the application itself: a new command or option is fuzzed without a word
    here)."""
    import typer

    from vesting.cli import app

    group = typer.main.get_command(app)
    out: dict[str, list[str]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        flags = []
        for param in command.params:
            if param.param_type_name != "option" or param.is_flag or param.hidden:
                continue
            flags.append(max(param.opts, key=len))
            for flag in param.opts:
                ALIASES.setdefault(flag, set()).update(param.opts)
        out[name] = flags
    return out


DECLARED = declared()
CASES = [(c, f) for c, flags in DECLARED.items() if c != "validate" for f in flags]


def check(args: list[str], flag: str) -> None:
    with no_hang():
        result = invoke(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    out, err = result.stdout, result.stderr
    assert "Traceback" not in out + err, args
    if result.exit_code == 0:
        return
    assert result.exit_code == 2, (args, result.exit_code, err)
    assert out == "", args
    lines = err.splitlines()
    assert lines, args
    for line in lines:
        assert line.startswith("error: "), (args, line)
        # located: the option, the command line, or the grant the value went into
        names = ALIASES.get(flag, {flag})
        located = any(n in line for n in names) or "command line" in line
        assert located or "grant 'adhoc'" in line, (args, line)


def test_every_command_and_option_is_fuzzed() -> None:
    assert {"fair-value", "expense", "tax", "export"} <= set(DECLARED)
    assert "--risk-free" in DECLARED["fair-value"] and "--state-rate" in DECLARED["tax"]


def args_for(command: str, flag: str, value: str) -> list[str]:
    """The command run with ``value`` for ``flag`` (replacing the base's own value)."""
    base = [*BASE, *EXTRA.get(command, [])]
    kept = [a for i, a in enumerate(base) if flag not in base[max(i - 1, 0) : i + 1]]
    args = [command, *kept, flag, value]
    if flag == "--reason":
        args += ["--terminate", "2021-06-01"]
    return args


@pytest.mark.slow  # 400 command-line runs
@settings(max_examples=400)
@given(st.sampled_from(CASES), bad_text)
def test_a_bad_value_for_any_option(case: tuple[str, str], value: str) -> None:
    command, flag = case
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        check(args_for(command, flag, value), flag)


@pytest.mark.slow  # 200 command-line runs
@given(st.sampled_from(["--as-of", "--price"]), st.lists(bad_text, min_size=1, max_size=3))
def test_value_dates_and_prices(flag: str, values: list[str]) -> None:
    args = ["value", *BASE, "--strike", "1"]
    for v in values:
        args += [flag, v]
    if flag == "--as-of":
        args += ["--price", "45"]
    check(args, flag)


def test_no_arguments_is_help_on_standard_error() -> None:
    result = invoke()
    assert result.exit_code == 2 and result.stdout == "" and "Usage" in result.stderr
    assert invoke("--help").exit_code == 0
