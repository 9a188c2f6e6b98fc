"""The README's examples run as written: its Python block and its `vesting` commands.

The figures the Python block states in comments are checked here by hand-derived values
(floor(2,000,000 × 18/48) = 750,000 on 2008-06-30; terminated 2009-03-01: floor(2e6 × 26/48)
= 1,083,333 vested, the rest forfeited, deadline three calendar months later).
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from helpers import README as README_FILE
from helpers import ROOT, invoke

README = README_FILE.read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_python_blocks_run_and_say_what_their_comments_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    scope: dict[str, Any] = {}
    for code in blocks("python"):  # in order, in one scope, as a reader would type them
        exec(compile(code, "README.md", "exec"), scope)
    option, s = scope["option"], scope["s"]
    import vesting as v

    assert option.expiration == dt.date(2016, 12, 18)
    assert v.vested(option, dt.date(2008, 6, 30)) == 750_000
    nxt = v.next_vest(option, dt.date(2008, 6, 30))
    assert nxt is not None and (nxt.date, nxt.shares) == (dt.date(2008, 7, 18), 41_666)
    assert (s.vested, s.forfeited, s.exercise_deadline) == (
        1_083_333,
        916_667,
        dt.date(2009, 6, 1),
    )


def _commands() -> list[list[str]]:
    out = []
    for block in blocks("sh"):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("vesting ") and "FILE" not in line and "[" not in line:
                out.append(shlex.split(line)[1:])
    return out


COMMANDS = _commands()


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 7


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the commands run, in the README's order: the checkout's ``examples`` (linked) and
    whatever the commands write (an exported package), never the checkout itself."""
    work = tmp_path_factory.mktemp("readme")
    (work / "examples").symlink_to(ROOT / "examples")
    (work / "cli.py").symlink_to(ROOT / "cli.py")
    return work


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_readme_command_runs(
    args: list[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    shared = [a for a in args if a.startswith("../shared/")]
    if shared:  # OCF's reference material beside the checkout
        if not (ROOT.parent / "shared").is_dir():
            pytest.skip("../shared not present (fresh clone)")
        args = [str(ROOT.parent / a.removeprefix("../")) if a in shared else a for a in args]
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert result.stdout.strip() or result.stderr.strip()
