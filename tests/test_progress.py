"""The progress bar: on standard error when it is a terminal and the file is large; never on a
pipe, with --quiet or with NO_COLOR; it never touches standard output."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import ROOT, generated_csv

pytestmark = pytest.mark.slow  # a 20,000-grant file, read by four processes


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = generated_csv(tmp_path_factory.mktemp("progress") / "big.csv", 20_000, seed=3)
    assert path.stat().st_size > 1024 * 1024  # over the size that shows a bar
    return path


def run_with_terminal_stderr(args: list[str], env: dict[str, str]) -> tuple[bytes, bytes, int]:
    """Run with standard error on a pseudo-terminal; (stdout, what the terminal got, status)."""
    main, side = pty.openpty()
    stdout = tempfile.TemporaryFile()  # noqa: SIM115 - not a pipe: no one waits for us to read
    proc = subprocess.Popen(args, stdout=stdout, stderr=side, cwd=ROOT, env=env)
    os.close(side)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        seen += chunk
    status = proc.wait(timeout=120)
    os.close(main)
    stdout.seek(0)
    return stdout.read(), bytes(seen), status


def test_progress_bar_on_a_terminal_only(big: Path) -> None:
    base = [sys.executable, "-m", "vesting", "status", str(big), "--as-of", "2024-06-30", "--csv"]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(COLUMNS="100", TERM="xterm")
    out, terminal, status = run_with_terminal_stderr(base, env)
    assert status == 0
    assert big.name.encode() in terminal and b"\x1b[" in terminal  # the bar, drawn
    assert out.count(b"\r\n") == 20_002 and b"\x1b" not in out  # stdout is the clean CSV
    for quiet in ([*base, "--quiet"],):
        _, terminal, status = run_with_terminal_stderr(quiet, env)
        assert status == 0 and terminal == b""
    _, terminal, _ = run_with_terminal_stderr(base, {**env, "NO_COLOR": "1"})
    assert terminal == b""
    piped = subprocess.run(base, cwd=ROOT, capture_output=True, check=True)
    assert piped.stderr == b""
