"""Bad values for the options of chart, report and calendar (issue 13): exit 2 with one
located line per problem, or exit 0 when the value happens to be valid — never a traceback,
and never a file written where it was not asked for."""

from __future__ import annotations

import contextlib
import tempfile

import pytest
from badvalues import bad_text
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz_flags import BASE, WHAT_IF, check

pytestmark = pytest.mark.slow  # 120 runs of chart, report or calendar

FLAGS = {
    "chart": ["--as-of", "--price", "--prices", "--output", "--currency", "--grant"],
    "report": ["--as-of", "--price", "--prices", "--output", "--currency"],
    "calendar": ["--from", "--output", "--grant"],
}
CASES = [(command, flag) for command, flags in FLAGS.items() for flag in flags + WHAT_IF]


@settings(max_examples=120)
@given(st.sampled_from(CASES), bad_text)
def test_a_bad_value_for_a_document_option(case: tuple[str, str], value: str) -> None:
    command, flag = case
    args = [command, *BASE, "--strike", "1", flag, value]
    if flag == "--reason":
        args += ["--terminate", "2021-06-01"]
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        check(args, flag)
