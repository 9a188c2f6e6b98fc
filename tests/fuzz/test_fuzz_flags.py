"""Bad values for every command-line option: exit 2 with located one-line messages and nothing
on standard output — or exit 0 when the value happens to be valid — never a traceback or a
hang."""

from __future__ import annotations

import pytest
from badvalues import bad_text, no_hang
from helpers import invoke
from hypothesis import given
from hypothesis import strategies as st

BASE = ["--shares", "4800", "--grant-date", "2020-01-15", "--months", "48", "--cliff", "12"]

ADHOC = ["--shares", "--grant-date", "--months", "--cliff", "--every", "--kind", "--strike",
         "--day-of-month", "--allocation", "--start", "--terms", "--term", "--settle-on",
         "--id"]  # fmt: skip
WHAT_IF = [
    "--terminate",
    "--reason",
    "--leave",
    "--accelerate",
    "--exercise",
    "--event",
    "--toll",
    "--cancel",
]
OTHER = ["--as-of", "--input-format", "--format", "--on-error", "--currency", "--columns"]
COMMANDS = ["schedule", "status", "value"]


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
    if "Usage:" in err:  # click's own usage errors (an option with no value)
        return
    assert out == "", args
    lines = err.splitlines()
    assert lines, args
    for line in lines:
        assert line.startswith("error: "), (args, line)
        # located: the option, the command line, or the grant the value went into
        assert flag in line or "command line" in line or "grant 'adhoc'" in line, (args, line)


@pytest.mark.slow  # 200 command-line runs
@given(st.sampled_from(COMMANDS), st.sampled_from(ADHOC + WHAT_IF + OTHER), bad_text)
def test_a_bad_value_for_any_option(command: str, flag: str, value: str) -> None:
    args = [command, *BASE, flag, value]
    if flag in ADHOC:  # replace the base value rather than repeat the option
        args = [
            command,
            *[a for i, a in enumerate(BASE) if flag not in BASE[i - 1 : i + 1]],
            flag,
            value,
        ]
    if command == "value":
        args += (
            ["--price", "45", "--strike", "1"] if flag not in ("--strike",) else ["--price", "45"]
        )
    if flag == "--reason":
        args += ["--terminate", "2021-06-01"]
    check(args, flag)


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
