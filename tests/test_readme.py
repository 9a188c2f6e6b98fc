"""The README's and docs/'s examples run as written (their Python blocks, their `vesting`
commands, the output they show), and what they say the program gives is what it gives.

Every page counts: ``README.md`` and each ``docs/*.md`` (``helpers.PAGES``). Two tables hold
their statements: ``PYTHON`` (the comments of a page's Python blocks) and ``CLAIMS`` (a sentence
of the prose, the command it is about, and each figure it states). A figure is written here
exactly as the page writes it, and checked three ways: the README or a docs page still says
it, word for word; the sentence holds the figure; and the command's output has it, in the row
and field named. So when the program's answer and the docs' claim part, this fails — and when
a page is rewritten, the failure names the sentence to find again (move its claim along, or
delete it with the sentence). The figures were hand-checked when written;
``test_the_claims_follow_from_independent_formulas`` works each one out again from its formula
(floor(2,000,000 × 18/48) = 750,000, ...), not from the program.

How the pages hang together (links, the README's length, the paths and tables they name) is
``tests/test_docs.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shlex
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import OCF, PAGES, ROOT, invoke

import vesting as v

TEXT = {page.relative_to(ROOT).as_posix(): page.read_text(encoding="utf-8") for page in PAGES}
"""Each page's text by its path in the checkout (``README.md``, ``docs/terms.md``, ...)."""
README = TEXT["README.md"]
ALL = "\n".join(TEXT.values())
"""Every page, one after another."""
DOCS = " ".join(" ".join(text.split()) for text in TEXT.values())
"""The README and docs/*.md, whitespace runs as one space: where a claim must still be made."""
D = dt.date


def blocks(lang: str, text: str = README) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def every(lang: str) -> list[tuple[str, str]]:
    """(page, block) for every ``lang`` block of every page, in page order."""
    return [(page, block) for page, text in TEXT.items() for block in blocks(lang, text)]


SHOWN_ERROR = re.search(r"^error: (examples/bad\.toml: .*)$", ALL, re.M)
"""The error line the docs show for examples/bad.toml (what ``str(problem)`` must say)."""

# (a page, what a comment of its Python blocks says, the expression it is about, its value
# worked out by hand). README: option = 2,000,000 NSO from 2006-12-18, standard terms,
# cumulative round-down, so floor(2,000,000 × k/48) vested after month k >= 12.
PYTHON: list[tuple[str, str, str, object]] = [
    ("README.md", "# expires 2016-12-18", "option.expiration", D(2016, 12, 18)),  # + 10 years
    (
        "README.md",
        "# (Tranche(2007-12-18, 500000, 500000), Tranche(2008-01-18, 41666, 541666))",
        "v.schedule(option)[:2]",
        # k = 12 at the cliff: 500,000; k = 13: floor(541,666.67) = 541,666, 41,666 more
        (v.Tranche(D(2007, 12, 18), 500_000, 500_000), v.Tranche(D(2008, 1, 18), 41_666, 541_666)),
    ),
    ("README.md", "# 750000", "v.vested(option, dt.date(2008, 6, 30))", 750_000),  # k = 18
    (
        "README.md",
        "# Tranche(2008-07-18, 41666, 791666)",
        "v.next_vest(option, dt.date(2008, 6, 30))",
        v.Tranche(D(2008, 7, 18), 41_666, 791_666),  # k = 19: floor(791,666.67)
    ),
    # terminated 2009-03-01: k = 26 (2009-02-18), floor(1,083,333.33); the rest forfeited;
    # a voluntary termination's window is three calendar months
    (
        "README.md",
        "vested 1083333, forfeited 916667",
        "(s.vested, s.forfeited)",
        (1_083_333, 916_667),
    ),
    ("README.md", "# exercise_deadline 2009-06-01", "s.exercise_deadline", D(2009, 6, 1)),
    # examples/bad.toml: grant "ceo" whose [grant.terms] say cliff = "12 fortnights"
    ("README.md", "# r.value is None", "r.value", None),
    (
        "README.md",
        "# examples/bad.toml: grant 'ceo': terms.cliff: got '12 fortnights'; ...",
        "str(problem).split('; ')[0]",  # LOCATION: FIELD: got VALUE, then what is allowed
        "examples/bad.toml: grant 'ceo': terms.cliff: got '12 fortnights'",
    ),
    # docs/library.md: the same option read from examples/grants.toml, on 2008-06-30 (k = 18)
    (
        "docs/library.md",
        "# vested 750000, exercisable 750000, unvested 1250000",  # nothing exercised yet
        "(s.vested, s.exercisable, s.unvested)",
        (750_000, 750_000, 2_000_000 - 750_000),
    ),
    (
        "docs/library.md",
        "# Tranche(2008-07-18, 41666, 791666)",
        "s.next_vest",
        v.Tranche(D(2008, 7, 18), 41_666, 791_666),
    ),
    ("docs/library.md", "# spread 15.00 a share", "worth.spread", Decimal("45") - Decimal("30.00")),
    (
        "docs/library.md",
        "# 750000, Decimal('11250000.00')",  # 750,000 exercisable × $15
        "(worth.realizable_shares, worth.realizable_value)",
        (750_000, Decimal(750_000 * 15)),
    ),
    (
        "docs/library.md",
        "# 1250000, Decimal('18750000.00')",  # the 1,250,000 unvested × $15
        "(worth.unvested_outstanding, worth.unvested_value)",
        (1_250_000, Decimal(1_250_000 * 15)),
    ),
    (
        "docs/library.md",
        "# [750000, 125000]",
        "[r.value.vested for r in good]",
        [750_000, 500_000 // 4],
    ),
    (
        "docs/library.md",
        "# None, None: the grant could not be built",
        "(bad.value, bad.grant)",
        (None, None),
    ),
    (
        "docs/library.md",
        "# 'terms.cliff', '12 fortnights'",
        "(problem.field, problem.value)",
        ("terms.cliff", "12 fortnights"),
    ),
    (
        "docs/library.md",
        "# 'examples/bad.toml', \"grant 'ceo'\"",
        "(problem.location.file, problem.location.record)",
        ("examples/bad.toml", "grant 'ceo'"),
    ),
    (
        "docs/library.md",
        '# what `vesting status examples/bad.toml` prints after "error: "',
        "message",
        SHOWN_ERROR.group(1) if SHOWN_ERROR else "the docs show no error for examples/bad.toml",
    ),
    (
        "docs/library.md",
        "# field 'on', value '2008-06-30'",
        "(wrong.field, wrong.value)",
        ("on", "2008-06-30"),
    ),
    (
        "docs/library.md",
        "# an ArgumentError: a VestingError, and a TypeError too",
        "(type(caught).__name__, isinstance(caught, TypeError))",
        ("ArgumentError", True),
    ),
    # attributes: the CSV's department column, kept as text (issue 19.4)
    ("docs/library.md", "# 'eng'", 'grant.attributes["department"]', "eng"),
    (
        "docs/library.md",
        "# ('eng', 'Ann')",
        '(grant.value_of("department"), grant.value_of("holder"))',
        ("eng", "Ann"),
    ),
    (
        "docs/library.md",
        "# strict: department is not a column name",
        "(refused.problems[0].field, 'not a column name' in refused.problems[0].allowed)",
        ("department", True),
    ),
    (
        "docs/library.md",
        'attributes={"department": "eng"}',
        "dict(tagged.attributes)",
        {"department": "eng"},
    ),
    # 4,800 from 2020-02-10 every 3 months on calendar quarters (the 10th of March, June,
    # September, December), 12-month cliff on 2021-02-10: 2020-03-10, 06-10, 09-10, 12-10 fold
    # into it, 4 × 300 = 1,200 (16 installments of 300)
    (
        "docs/library.md",
        "# Tranche(2021-02-10, 1200, 1200)",
        "v.schedule(holder)[0]",
        v.Tranche(D(2021, 2, 10), 1_200, 1_200),
    ),
    (
        "docs/library.md",
        "# 4800: all of it",
        "v.evaluate(died, dt.date(2021, 6, 15)).vested",
        4_800,
    ),
    # on 2021-06-15: the cliff's 1,200 and 2021-03-10's and 06-10's 300 each: 1,800 vested,
    # 3,000 unvested, all of it held pending through the tail
    (
        "docs/library.md",
        "# 3000: held through",
        "v.evaluate(laid_off, dt.date(2021, 7, 1)).pending",
        3_000,
    ),
    # stock splits (issue 20): the reference option, fully vested since 2010-12-18, split
    # 1-for-20 on 2015-11-06: 2,000,000 / 20 = 100,000; 30.00 × 20 = 600.00 (nothing to round)
    (
        "docs/library.md",
        "# granted 100000, vested 100000, exercise_price 600.00",
        "(split.granted, split.vested, split.exercise_price)",
        (2_000_000 // 20, 2_000_000 // 20, Decimal("30.00") * 20),
    ),
    (
        "docs/library.md",
        "# '1-for-20 split: 2,000,000 shares become 100,000; exercise price 30.00 becomes 600.00'",
        "v.timeline(after)[-1].note",
        "1-for-20 split: 2,000,000 shares become 100,000; exercise price 30.00 becomes 600.00",
    ),
    (
        "docs/library.md",
        "# 2000000: the same timeline in shares as granted",
        "vesting.events.base_timeline(after)[-1].cumulative",
        2_000_000,
    ),
    (
        "docs/library.md",
        "# exercise price 600.00, factor 1/20",
        "(terms.exercise_price, terms.factor, terms.expiration)",
        (Decimal("600.00"), Fraction(1, 20), D(2016, 12, 18)),  # the ten-year term unchanged
    ),
    # a filing's 1-for-11: 300,000 / 11 = 27,272 8/11; half up 27,273, down 27,272 (8/11 of a
    # share cancelled); 0.40 × 11 = 4.40
    (
        "docs/library.md",
        "# 27273 at 4.40",
        "(near.granted, near.exercise_price, near.split_fraction_cancelled)",
        (27_273, Decimal("4.40"), 0),
    ),
    (
        "docs/library.md",
        "# 27272, 8/11 cancelled",
        "(down.granted, down.split_fraction_cancelled)",
        (300_000 // 11, Fraction(300_000, 11) - 300_000 // 11),
    ),
    (
        "docs/library.md",
        "# Decimal('10.00') from that day",
        "(v.evaluate(repriced, dt.date(2009, 3, 2)).exercise_price, "
        "v.evaluate(repriced, dt.date(2009, 3, 1)).exercise_price)",
        (Decimal("10.00"), Decimal("30.00")),  # the day before: the grant's own
    ),
    # resigned 2009-03-01 after 26 installments, floor(2,000,000 × 26/48) = 1,083,333; the
    # next six accelerated: floor(2,000,000 × 32/48) = 1,333,333; 12 months to exercise
    (
        "docs/library.md",
        "# vested 1333333, exercise_deadline 2010-03-01",
        "(sep.vested, sep.forfeited, sep.exercise_deadline)",
        (2_000_000 * 32 // 48, 2_000_000 - 2_000_000 * 32 // 48, D(2010, 3, 1)),
    ),
]


@pytest.mark.parametrize("page", sorted({page for page, _ in every("python")}))
def test_python_blocks_run_and_say_what_their_comments_say(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's Python blocks run in order, in one scope, as a reader would type them (from
    the checkout, so ``examples/`` is there); each comment of ``PYTHON`` holds."""
    monkeypatch.chdir(ROOT)
    scope: dict[str, Any] = {}
    code = blocks("python", TEXT[page])
    for block in code:
        exec(compile(block, page, "exec"), scope)
    said = "\n".join(code)
    for where, comment, expression, expected in PYTHON:
        if where == page:
            assert comment in said, f"{page}'s Python blocks no longer say {comment!r}"
            assert eval(expression, scope) == expected, (comment, expression)


def test_every_python_comment_claim_names_a_page_with_python() -> None:
    pages = {page for page, _ in every("python")}
    assert {"README.md", "docs/library.md"} <= pages
    assert {where for where, *_ in PYTHON} <= pages


def test_a_date_as_text_raises_a_vesting_error_as_the_readme_promises() -> None:
    said = '`v.vested(option, "2021-01-01")` raises a `VestingError`'
    assert said in README
    option = v.Grant(id="o", kind=v.Kind.NSO, shares=48, grant_date=D(2020, 1, 1))
    with pytest.raises(v.VestingError) as raised:
        v.vested(option, "2021-01-01")  # type: ignore[arg-type]
    assert isinstance(raised.value, TypeError)  # and what a caller catching TypeError expects
    (problem,) = raised.value.problems
    assert (problem.field, problem.value) == ("on", "2021-01-01")


def test_the_separation_agreement_of_the_events_page_gives_what_it_says() -> None:
    """docs/events.md's TOML block with a modification: the CEO option, resigned 2009-03-01
    after 26 installments (floor(2,000,000 × 26/48) = 1,083,333 vested), the agreement
    accelerating the next six (floor(2,000,000 × 32/48) = 1,333,333) and giving 12 months to
    exercise instead of the default 3."""
    said = (
        "On 2009-03-01 it has 1,333,333 vested (the 1,083,333 of 26 installments and the "
        "250,000 of the next six), 666,667 forfeited, and an exercise deadline of 2010-03-01 "
        "(12 months) instead of 2009-06-01"
    )
    assert said in DOCS
    (block,) = [b for b in blocks("toml", TEXT["docs/events.md"]) if '"modification"' in b]
    (grant,) = v.io.loads(block, "toml", "docs/events.md")
    s = v.evaluate(grant, D(2009, 3, 1))
    vested = 2_000_000 * 32 // 48
    assert (s.vested, s.forfeited) == (vested, 2_000_000 - vested)
    assert s.exercise_deadline == D(2010, 3, 1)
    assert vested - 2_000_000 * 26 // 48 == 250_000
    # without the agreement: the default 3 months from the resignation
    left = v.Grant(grant.id, grant.kind, grant.shares, grant.grant_date,
                   exercise_price=grant.exercise_price,
                   events=(v.Termination(D(2009, 3, 1)),))  # fmt: skip
    assert v.evaluate(left, D(2009, 3, 1)).exercise_deadline == D(2009, 6, 1)


def test_the_longer_python_example_the_readme_names_runs() -> None:
    """``python examples/reference_grants.py``, from the checkout, as the README says."""
    import subprocess
    import sys

    assert "`python examples/reference_grants.py` runs" in README
    run = subprocess.run(
        [sys.executable, "examples/reference_grants.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "ceo-2006-option: 2,000,000 NSO" in run.stdout  # the grant it builds, as printed


def _commands() -> list[tuple[str, list[str]]]:
    """(page, arguments) of every ``vesting`` command a page shows: each line of a ``sh``
    block, and each ``$ vesting`` line of a ``console`` block; not the synopses (``FILE``,
    ``[...]``)."""
    out = []
    for page, text in TEXT.items():
        for block in re.findall(r"^```(?:sh|console)\n(.*?)^```", text, flags=re.S | re.M):
            for line in block.splitlines():
                line = line.split("  #")[0].strip().removeprefix("$ ")
                if line.startswith("vesting ") and "FILE" not in line and "[" not in line:
                    out.append((page, shlex.split(line)[1:]))
    return out


COMMANDS = _commands()


def test_the_readme_and_the_docs_show_commands() -> None:
    assert len([page for page, _ in COMMANDS if page == "README.md"]) >= 7
    assert len({page for page, _ in COMMANDS}) >= 8  # the pages about commands show them


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the commands run, in the pages' order: the checkout's ``examples`` (linked) and
    whatever the commands write (an exported package), never the checkout itself."""
    work = tmp_path_factory.mktemp("readme")
    (work / "examples").symlink_to(ROOT / "examples")
    (work / "cli.py").symlink_to(ROOT / "cli.py")
    return work


def written(args: list[str], work: Path) -> Path | None:
    """The file a command's ``-o``/``--output`` names, if any."""
    for flag in ("-o", "--output"):
        if flag in args[:-1]:
            return work / args[args.index(flag) + 1]
    return None


@pytest.mark.parametrize(
    ("page", "args"), COMMANDS, ids=[f"{page}: {' '.join(a)}" for page, a in COMMANDS]
)
def test_shown_command_runs(
    page: str, args: list[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    assert not [a for a in args if "shared/" in a], "a fresh clone has no ../shared"
    result = invoke(*args)
    assert result.exit_code == 0, (page, args, result.stdout, result.stderr)
    out = written(args, workdir)
    if out is not None:  # what it wrote is its output
        assert out.exists() and (out.is_dir() or out.stat().st_size > 0), (page, args)
    else:
        assert result.stdout.strip() or result.stderr.strip()


ELIDED = "…"
"""A line of a ``console`` block's output that stands for lines left out."""


def _sessions() -> list[tuple[str, str, list[str]]]:
    """(page, command, the output shown) of every ``console`` block: a ``$ vesting ...`` line
    and the lines after it."""
    out = []
    for page, block in every("console"):
        command = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:]
                out.append((page, command, []))
            elif command is not None:
                out[-1][2].append(line.rstrip())
    return out


SESSIONS = _sessions()


def shows(shown: list[str], printed: list[str]) -> bool:
    """``printed`` is what ``shown`` says: its runs of lines between ``…`` lines appear in
    order, each run whole and consecutive; the first run starts the output and the last ends
    it unless a ``…`` stands before or after them."""
    runs: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == ELIDED:
            runs.append([])
        else:
            runs[-1].append(line)
    at = 0
    for i, run in enumerate(runs):
        if not run:
            continue
        starts = [
            j for j in range(at, len(printed) - len(run) + 1) if printed[j : j + len(run)] == run
        ]
        if not starts or (i == 0 and starts[0] != 0):
            return False
        at = starts[0] + len(run)
    return not runs[-1] or at == len(printed)


def test_shown_output_may_leave_lines_out_only_where_it_says_so() -> None:
    printed = ["title", "a", "b", "c", "", "note"]
    assert shows(printed, printed)
    assert shows(["title", "a", ELIDED, "note"], printed)
    assert shows(["title", ELIDED], printed) and shows([ELIDED, "c", "", "note"], printed)
    assert not shows(["title", "a"], printed)  # the rest left out silently
    assert not shows(["a", ELIDED], printed)  # the title left out silently
    assert not shows(["title", "b", ELIDED], printed)  # "a" left out silently
    assert not shows(["title", ELIDED, "a", ELIDED, "a", ELIDED], printed)  # in order, once


def test_the_docs_show_output() -> None:
    assert len([s for s in SESSIONS if s[0] == "README.md"]) >= 3


@pytest.mark.parametrize(
    ("page", "command", "shown"), SESSIONS, ids=[f"{p}: {c}" for p, c, _ in SESSIONS]
)
def test_shown_output_is_what_the_command_prints(
    page: str, command: str, shown: list[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an 80-column terminal, without colour (a table is laid out for ``COLUMNS``)."""
    monkeypatch.chdir(workdir)
    args = shlex.split(command)
    assert args[0] == "vesting", command
    result = invoke(*args[1:], env={"COLUMNS": "80"})
    assert result.exit_code == 0, (command, result.stderr)
    printed = [line.rstrip() for line in result.stdout.rstrip("\n").splitlines()]
    while shown and not shown[-1]:
        shown = shown[:-1]
    assert shows(shown, printed), (page, command, "\n".join(printed))


# --------------------------------------------------------------- the figures the README states


@dataclass(frozen=True)
class Claim:
    """What the README says a command gives.

    ``rows`` maps a row of the command's JSON output — picked by one field's value: a grant id,
    ``("row", "total")``, a schedule date, a tax event — to the figures the README states for
    it, by JSON field, each written as the README writes it ("750,000", "2.40%", "$11.7658").
    ``absent`` rows must not be there. ``table``: the fields whose figures the command's own
    output (a table, as the README shows the command) has on the row's line. ``readme_command``:
    the command is shown in the README; when False the README states the figures in prose and
    the command is the test's.
    """

    name: str
    said: tuple[str, ...]
    command: str
    rows: dict[tuple[str, str], dict[str, str]]
    absent: tuple[tuple[str, str], ...] = ()
    table: tuple[str, ...] = ()
    readme_command: bool = True
    comment: str = field(default="", compare=False)
    awaiting: str = ""
    """A sentence the docs do not say yet: the program's answer changed on purpose and the
    new sentence waits to be pasted into the docs (where, said here). The claim's figures are
    the new ones; the check that the docs say them fails until they do, as an expected
    failure — strict, so once the docs say it, the marker must go."""


CLAIMS = [
    Claim(
        "quick start",
        (
            "750,000 options vested and 1,250,000 still to vest, the next 41,666 on 2008-07-18; "
            "125,000 RSUs vested and 375,000 to come",
        ),
        "status examples/grants.toml --as-of 2008-06-30",
        {
            ("grant_id", "ceo-2006-option"): {
                "vested": "750,000",
                "unvested": "1,250,000",
                "next_vest_shares": "41,666",
                "next_vest_date": "2008-07-18",
            },
            ("grant_id", "ceo-2006-rsu"): {"vested": "125,000", "unvested": "375,000"},
        },
        table=("vested", "unvested", "next_vest_shares", "next_vest_date"),
    ),
    Claim(
        "dilution",
        (
            "The reference grants' 2,500,000 shares against 104,214,049 outstanding",
            "gives 2.40% of outstanding and 2.34% fully diluted in the total row",
        ),
        "status examples/grants.toml --as-of 2008-06-30 --shares-outstanding 104,214,049 "
        "--columns grant_id,granted,percent_of_outstanding,fully_diluted_percent",
        {
            ("row", "total"): {
                "granted": "2,500,000",
                "percent_of_outstanding": "2.40%",
                "fully_diluted_percent": "2.34%",
            }
        },
        table=("granted", "percent_of_outstanding", "fully_diluted_percent"),
    ),
    Claim(
        "fair value",
        ("the option comes to $11.7658 a share (expected term 6.0781 years), the RSUs to $30.00",),
        "fair-value examples/grants.toml",
        {
            ("grant_id", "ceo-2006-option"): {"fair_value": "$11.7658", "expected_term": "6.0781"},
            ("grant_id", "ceo-2006-rsu"): {"fair_value": "$30.00"},
        },
    ),
    Claim(
        "Hull",
        ("Hull's example S=42, K=40, r=10%, q=0, σ=20%, T=0.5 gives 4.7594",),
        "fair-value --grant-price 42 --strike 40 --volatility 20% --risk-free 10% "
        "--dividend-yield 0 --expected-term 0.5",
        {
            ("grant_id", "adhoc"): {
                "grant_date_price": "42",
                "exercise_price": "40",
                "expected_term": "0.5",
                "fair_value": "4.7594",
            }
        },
    ),
    Claim(
        "SAB 107",
        ("25% a year over 4 years with a 10-year term: 6.25 years",),
        "fair-value --shares 10000 --grant-date 2021-07-01 --terms annual --grant-price 10 "
        "--strike 10 --volatility 30% --risk-free 0 --dividend-yield 0 --expected-term sab107",
        {("grant_id", "adhoc"): {"expected_term": "6.25"}},
        readme_command=False,
    ),
    Claim(
        "expense known answer",
        (
            "10,000 options at $1 fair value granted 2021-07-01, 2,500 vesting on each of the next "
            "four anniversaries — the first tranche earns 184/365 of $2,500 = $1,260.27 in "
            "calendar 2021",
        ),
        "expense --shares 2500 --grant-date 2021-07-01 --months 12 --every 12 --fair-value 1 "
        "--from 2021-01-01 --to 2021-12-31 --period year",
        {("row", "grant"): {"fair_value": "$1", "expense": "$1,260.27"}},
        readme_command=False,
        comment="graded attribution spreads each tranche over its own service, so the first "
        "tranche earns what a grant of its 2,500 shares alone, vesting a year on, earns",
    ),
    Claim(
        "ISO limit",
        (
            "500,000 options at $5 vesting 1/48 a month from 2020-01-15 → 114,583 first "
            "exercisable in 2020: 20,000 ISO, 94,583 NSO",
        ),
        "tax --shares 500000 --grant-date 2020-01-15 --kind ISO --strike 5 --terms monthly "
        "--year 2020",
        {
            ("event", "iso-limit"): {
                "exercise_price": "$5",
                "year": "2020",
                "shares": "114,583",
                "iso_shares": "20,000",
                "nso_shares": "94,583",
            }
        },
        table=("shares", "iso_shares", "nso_shares"),
    ),
    Claim(
        "OCF sample package",
        (
            "`equity_compensation_issuance_01` 720,000 vested (all of it, on 2023-06-01, in "
            "the shares of the package's 2-for-1 split of 2023-03-01), 717,100 exercisable "
            "after her four exercises (900 before the split, 1,800 in post-split shares, and "
            "1,100 after it: 2,900); `_02` 900,000 of 960,000 vested (45 of 48 months); `_03` "
            "430,000 of 480,000 (43 of 48)",
        ),
        "status examples/ocf/acme_holdings_limited --as-of 2023-06-29",
        {
            ("grant_id", "equity_compensation_issuance_01"): {
                "vested": "720,000",
                "fully_vested": "2023-06-01",
                "exercisable": "717,100",
                "exercised": "2,900",
            },
            ("grant_id", "equity_compensation_issuance_02"): {
                "vested": "900,000",
                "granted": "960,000",
            },
            ("grant_id", "equity_compensation_issuance_03"): {
                "vested": "430,000",
                "granted": "480,000",
            },
        },
    ),
    Claim(
        "leave tolled by periods",
        (
            "Example: 4,800 shares from 2020-01-15, 48 months monthly, 12-month cliff, leave "
            "2021-02-01 to 2021-04-01: 1,200 vest on 2021-01-15, nothing on 2021-02-15 or "
            "2021-03-15, 100 on 2021-04-15 (1,300 vested that day), and the last two "
            "installments on 2024-02-15 and 2024-03-15",
        ),
        "schedule --shares 4800 --grant-date 2020-01-15 --months 48 --every 1 --cliff 12 "
        "--leave 2021-02-01:2021-04-01 --toll periods",
        {
            ("date", "2021-01-15"): {"shares": "1,200"},
            ("date", "2021-04-15"): {"shares": "100", "cumulative": "1,300"},
            ("date", "2024-02-15"): {"date": "2024-02-15"},
            ("date", "2024-03-15"): {"cumulative": "4,800"},  # the last: everything vested
        },
        absent=(("date", "2021-02-15"), ("date", "2021-03-15")),
        readme_command=False,
    ),
    Claim(
        "month-end dates",
        ("a 2024-01-31 monthly start vests 2024-02-29, 2024-03-31, 2024-04-30",),
        "schedule --shares 48 --grant-date 2024-01-31 --months 48 --every 1",
        {("date", d): {"date": d} for d in ("2024-02-29", "2024-03-31", "2024-04-30")},
        readme_command=False,
    ),
]
NAMES = ("grant_id", "row", "event")
"""Row keys that are names, not figures the README states."""


def shown(figure: str) -> Decimal | str:
    """A figure as the README writes it, as a value: "1,260.27", "$1", "2.40%" → Decimal."""
    plain = figure.replace(",", "").removeprefix("$").removesuffix("%")
    return Decimal(plain) if re.fullmatch(r"-?\d+(\.\d+)?", plain) else figure


def as_value(cell: object) -> Decimal | str:
    """A JSON cell as a value: numbers and numeric strings ("11.7658", 750000) → Decimal."""
    return shown(str(cell))


def stated(figure: str, sentences: tuple[str, ...]) -> bool:
    """The figure, as a whole figure (not part of a longer number), in one of the sentences."""
    alone = rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)"
    return any(re.search(alone, s) for s in sentences)


def arguments(command: str) -> list[str]:
    """The README's command as arguments, the OCF package read from tests/data."""
    return [a.replace("../shared/ocf/", f"{OCF}/") for a in shlex.split(command)]


def figures(claim: Claim) -> list[tuple[tuple[str, str], str, str]]:
    return [
        (key, name, text) for key, fields in claim.rows.items() for name, text in fields.items()
    ]


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param(c, marks=pytest.mark.xfail(reason=c.awaiting, strict=True))
        if c.awaiting
        else c
        for c in CLAIMS
    ],
    ids=[c.name for c in CLAIMS],
)
def test_the_readme_still_says_it(claim: Claim) -> None:
    for sentence in claim.said:
        assert " ".join(sentence.split()) in DOCS, (
            f"{claim.name}: the README (or docs/) no longer says {sentence!r}: find where it went "
            "and move this claim along (tests/test_readme.py, CLAIMS), or delete the claim"
        )
    if claim.readme_command:
        assert f"vesting {claim.command}" in DOCS, (
            f"{claim.name}: no README command {claim.command}"
        )
    for _, name, text in figures(claim):
        assert stated(text, claim.said), f"{claim.name}: {name} {text!r} is not the README's figure"
    for key, value in [*claim.rows, *claim.absent]:
        assert key in NAMES or stated(value, claim.said), (claim.name, key, value)


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.name for c in CLAIMS])
def test_the_program_gives_what_the_readme_says(
    claim: Claim, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    args = arguments(claim.command)
    as_json = [a for i, a in enumerate(args) if "--columns" not in args[i - 1 : i + 1]]
    result = invoke(*[a for a in as_json if a != "--wide"], "--json")
    assert result.exit_code == 0, (args, result.stderr)
    rows = json.loads(result.stdout)["rows"]
    for (key, value), fields in claim.rows.items():
        (row,) = [r for r in rows if r[key] == value] or [None]
        assert row is not None, f"{claim.name}: no row with {key} {value}"
        for name, text in fields.items():
            assert as_value(row[name]) == shown(text), (claim.name, value, name, row[name], text)
    for key, value in claim.absent:
        assert not [r for r in rows if r[key] == value], (claim.name, key, value)
    if claim.table:  # and the command as written shows them, on the row's line of its table
        out = invoke(*args).stdout
        pairs = [re.split(r"\s{2,}", x.strip()) for x in out.splitlines()]
        card = all(len(p) == 2 for p in pairs[1:] if p != [""] and not p[0].startswith("Est"))
        for (key, value), fields in claim.rows.items():
            label = "TOTAL" if (key, value) == ("row", "total") else value
            if card:  # one row, shown as label / value lines
                cells = [p[1] for p in pairs[1:] if len(p) == 2]
                assert label in cells, (claim.name, out)
            else:
                (line,) = [x for x in out.splitlines() if label in x.split()]
                cells = line.split()
            for text in [t for name, t in fields.items() if name in claim.table]:
                assert shown(text) in [shown(cell) for cell in cells], (claim.name, text, cells)


def half_up(x: Fraction, places: int) -> Decimal:
    exact = Decimal(x.numerator) / Decimal(x.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def black_scholes(s: float, k: float, t: float, r: float, sigma: float) -> float:
    """The call's value with no dividends (README: C = S·N(d1) − K·e^(−rT)·N(d2))."""
    d1 = (math.log(s / k) + (r + sigma**2 / 2) * t) / (sigma * math.sqrt(t))
    d2 = d1 - sigma * math.sqrt(t)

    def n(x: float) -> float:
        return (1 + math.erf(x / math.sqrt(2))) / 2

    return s * n(d1) - k * math.exp(-r * t) * n(d2)


def test_the_claims_follow_from_independent_formulas() -> None:
    """Each figure of CLAIMS worked out again from its formula, never from the program."""

    def fig(claim: str, key: str, name: str) -> Decimal | str:
        (c,) = [c for c in CLAIMS if c.name == claim]
        (fields,) = [f for (_, value), f in c.rows.items() if value == key]
        return shown(fields[name])

    option = "ceo-2006-option"  # 2,000,000 NSO from 2006-12-18: floor(2e6 × k/48) after month k
    assert fig("quick start", option, "vested") == 2_000_000 * 18 // 48  # 2008-06-18: k = 18
    assert fig("quick start", option, "unvested") == 2_000_000 - 2_000_000 * 18 // 48
    assert fig("quick start", option, "next_vest_shares") == (
        2_000_000 * 19 // 48 - 2_000_000 * 18 // 48  # k = 19, on the 18th of July
    )
    assert fig("quick start", "ceo-2006-rsu", "vested") == 500_000 // 4  # one anniversary
    assert fig("quick start", "ceo-2006-rsu", "unvested") == 500_000 * 3 // 4

    granted, outstanding = 2_500_000, 104_214_049
    assert fig("dilution", "total", "granted") == granted
    assert fig("dilution", "total", "percent_of_outstanding") == half_up(
        Fraction(100 * granted, outstanding), 2
    )
    assert fig("dilution", "total", "fully_diluted_percent") == half_up(
        Fraction(100 * granted, outstanding + granted), 2
    )

    # SAB 107: (the vesting terms weighted by shares + the 10-year term) / 2; the k-th month's
    # tranche vests k/12 years after the grant (k = 12 holds the first twelve months' shares)
    tranches = {k: 2_000_000 * k // 48 - 2_000_000 * (k - 1) // 48 for k in range(13, 49)}
    tranches[12] = 2_000_000 * 12 // 48
    weighted = sum((Fraction(n * k, 12) for k, n in tranches.items()), Fraction(0)) / 2_000_000
    term = half_up((weighted + 10) / 2, 4)
    assert fig("fair value", option, "expected_term") == term
    # the illustrative inputs: price = strike = 30.00, volatility 30%, risk-free 4.6%
    value = black_scholes(30, 30, float(term), 0.046, 0.30)
    assert fig("fair value", option, "fair_value") == Decimal(f"{value:.4f}")
    assert fig("fair value", "ceo-2006-rsu", "fair_value") == 30  # the price; no dividends
    assert fig("Hull", "adhoc", "fair_value") == Decimal(
        f"{black_scholes(42, 40, 0.5, 0.1, 0.2):.4f}"
    )
    assert fig("SAB 107", "adhoc", "expected_term") == (Fraction(1 + 2 + 3 + 4, 4) + 10) / 2

    assert fig("expense known answer", "grant", "expense") == half_up(Fraction(2500 * 184, 365), 2)

    # 11 monthly installments in 2020 (February to December) of 1/48; $100,000 at $5 a share
    assert fig("ISO limit", "iso-limit", "shares") == 500_000 * 11 // 48
    assert fig("ISO limit", "iso-limit", "iso_shares") == 100_000 // 5
    assert fig("ISO limit", "iso-limit", "nso_shares") == 500_000 * 11 // 48 - 100_000 // 5

    # the package's terms: 1/48 a month on the 1st, a 12-month cliff; the exercises of
    # issuance 01 in its Transactions.ocf.json: 500 + 400 + 750 + 350; the package's 2-for-1
    # split of class ordinaryB on 2023-03-01 doubles the shares (and the two exercises before it)
    acme = "equity_compensation_issuance_0"
    exercised = 2 * (500 + 400) + 750 + 350
    assert fig("OCF sample package", f"{acme}1", "exercisable") == 2 * 360_000 - exercised
    assert fig("OCF sample package", f"{acme}1", "exercised") == exercised
    assert fig("OCF sample package", f"{acme}2", "vested") == 2 * (480_000 * 45 // 48)
    assert fig("OCF sample package", f"{acme}3", "vested") == 2 * (240_000 * 43 // 48)

    leave = "leave tolled by periods"
    assert fig(leave, "2021-01-15", "shares") == 4_800 * 12 // 48  # the cliff
    assert fig(leave, "2021-04-15", "cumulative") == 4_800 * 13 // 48  # the next installment


def test_the_limits_table_states_the_bounds_the_code_enforces() -> None:
    """Each row of the limits table (docs/limits.md, or wherever a page has it), against the
    constant that enforces it."""
    import csv

    from vesting import dates, money
    from vesting.accounting.years import MAX_PERIODS
    from vesting.commands.base import Document
    from vesting.commands.status import MAX_DATES
    from vesting.commands.value import MAX_GRID
    from vesting.io.deep import DEEP
    from vesting.io.jsonl_file import MAX_LINE
    from vesting.io.source import MAX_DOCUMENT
    from vesting.model import checks

    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", ALL, re.M))
    assert "dates" in rows, "no page has the limits table"
    assert rows["dates"].startswith(f"{dates.MIN_DATE} to {dates.MAX_DATE}")
    assert (
        f"{dates.MAX_MONTHS:,} months or {dates.MAX_DAYS:,} days"
        in rows["periods (lengths, cadences, cliffs, terms, windows, leaves)"]
    )
    digits = len(str(checks.MAX_SHARES))
    assert rows["shares (a grant, an exercise, an acceleration)"] == f"{digits} digits"
    before, after = money.MAX_DIGITS
    assert rows["money (exercise prices, prices)"].startswith(
        f"{before} digits before the decimal point and {after} after"
    )
    from vesting.model.events import MAX_RATIO

    assert rows["stock-split ratios"].startswith(f"1-for-{MAX_RATIO:,} to {MAX_RATIO:,}-for-1 ")
    assert rows["ids, holder and event names"] == f"{checks.MAX_TEXT} characters"
    from vesting.io import datetext

    assert rows["a date written out (`Dec 18, 2006`)"] == f"{datetext.MAX_TEXT} characters"
    assert rows["list fields (events, graded steps, milestones)"] == f"{checks.MAX_ITEMS:,} items"
    assert rows["a TOML or JSON document (read whole)"] == (
        f"{MAX_DOCUMENT // 2**20} MiB, values nested at most {DEEP} levels deep"
    )
    assert rows["a CSV field / a JSON-lines line"].startswith(
        f"{csv.field_size_limit() // 1024} KiB / {MAX_LINE // 2**20} MiB"
    )
    assert rows["`--as-of` dates; dates × prices of `value`"] == (
        f"{MAX_DATES:,}; {MAX_GRID:,} a grant"
    )
    assert rows["grants in one `chart`, `report` or `calendar`"].startswith(f"{Document.limit:,} ")
    assert rows["`expense` periods"] == f"{MAX_PERIODS:,}"


def test_the_errors_shown_for_example_files_are_what_the_program_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every ``error: examples/FILE: ...`` line a page shows comes from running ``status``
    on that shipped file (which must exist: a fresh clone has nothing else)."""
    monkeypatch.chdir(ROOT)
    # the lines of failing-command sessions are what their command prints (tested below)
    plain = re.sub(r"^```text\n\$ .*?^```", "", ALL, flags=re.S | re.M)
    shown = re.findall(r"^error: (examples/[^:]+): .*$", plain, re.M)
    assert re.search(r"^error: examples/", README, re.M), "the README shows an error"
    for name in sorted(set(shown)):
        assert (ROOT / name).is_file(), name
        result = invoke("status", name)
        assert result.exit_code == 2
        said = set(result.stderr.strip().splitlines())
        for line in re.findall(rf"^error: {re.escape(name)}: .*$", plain, re.M):
            assert line in said, (line, said)


def _failures() -> list[tuple[str, str, list[str]]]:
    """(page, command, the error lines shown) of every ``text`` block that is a session of
    failing commands: a ``$ vesting ...`` line and the ``error:`` lines it prints."""
    out: list[tuple[str, str, list[str]]] = []
    for page, block in every("text"):
        if not block.startswith("$ vesting "):
            continue
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((page, line[2:], []))
            else:
                out[-1][2].append(line)
    return out


FAILURES = _failures()


def test_the_docs_show_failing_commands() -> None:
    assert len(FAILURES) >= 6  # docs/errors.md: splits and modifications


@pytest.mark.parametrize(
    ("page", "command", "shown"), FAILURES, ids=[f"{p}: {c}" for p, c, _ in FAILURES]
)
def test_a_failing_command_shown_prints_what_the_docs_say(
    page: str, command: str, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``$ vesting ...`` line of a ``text`` block, run from the checkout: exit status 2,
    nothing on standard output, and on standard error exactly the lines shown under it."""
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)
    result = invoke(*args[1:], env={"COLUMNS": "80"})
    assert result.exit_code == 2, (page, command, result.stdout, result.stderr)
    assert result.stdout == "", (page, command)
    assert result.stderr.splitlines() == shown, (page, command, result.stderr)


def test_the_errors_shown_for_command_line_values_are_what_the_program_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every ``error: --OPTION: got 'VALUE'; ...`` line a page shows is what ``status`` of the
    reference grants prints when given that option and value."""
    monkeypatch.chdir(ROOT)
    shown = re.findall(r"^(error: (--[a-z-]+): got '([^']*)'; .*)$", ALL, re.M)
    assert shown, "the docs show an error of a command-line value"
    for line, option, value in shown:
        result = invoke("status", "examples/grants.toml", option, value)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [line], (line, result.stderr)
