"""The README is a front page and docs/ the rest, and the two hang together: the README stays
short, every docs page is linked from it, every relative link and anchor resolves, every path
the pages name exists, and the tables that describe the code (the architecture table, the
output columns, the fields of ``Status`` and ``Valuation``) say what the code has.

What the pages' examples and figures say about the program's answers is tests/test_readme.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import DOCS, PAGES, README, ROOT, invoke

import vesting
from vesting import valuation

TEXT = {page: page.read_text(encoding="utf-8") for page in PAGES}
README_LINES = 400
"""A front page: what a newcomer needs first, the rules in docs/."""


def name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def prose(text: str) -> str:
    """``text`` without its fenced code blocks (a ``#`` line there is a comment, and a
    ``[x](y)`` is code)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def links(text: str) -> list[str]:
    """The targets of the Markdown links and images of ``text``'s prose, code spans left out."""
    plain = re.sub(r"`[^`\n]*`", "", prose(text))
    return re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", plain)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped (letters, digits,
    ``_``, ``-`` and spaces kept), each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", prose(text), flags=re.M)}


def test_the_readme_is_a_front_page() -> None:
    lines = TEXT[README].count("\n")
    assert lines < README_LINES, f"README.md has {lines} lines: move rules to docs/"
    # what a newcomer needs first, in this order
    headings = re.findall(r"^## (.+)$", prose(TEXT[README]), flags=re.M)
    wanted = ["Quick start", "A tour of the commands", "A tour of the library", "Where to read on"]
    assert [h for h in headings if h in wanted] == wanted, headings


def test_the_two_set_up_commands_are_on_the_front_page_and_ci_runs_the_second() -> None:
    """A fresh machine needs exactly these (a test of a fresh clone runs them literally);
    .ci/run runs the test command, and the stop hook looks for one in the README."""
    install = (
        "python3 -m venv .venv && .venv/bin/pip install -e . && "
        ".venv/bin/vesting status examples/grants.toml --as-of 2008-06-30"
    )
    test = (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    )
    shown = re.findall(r"^```sh\n(.*?)\n```", TEXT[README], flags=re.S | re.M)
    assert shown[:2] == [install, test]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]' && .venv/bin/python -m pytest" in ci


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {(README.parent / t.split("#")[0]).resolve() for t in links(TEXT[README])}
    pages = sorted(DOCS.glob("*.md"))
    assert len(pages) >= 10
    missing = [name(p) for p in pages if p.resolve() not in linked]
    assert not missing, f"not linked from README.md ('Where to read on'): {missing}"


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_relative_link_resolves(page: Path) -> None:
    """To a file of the checkout, and an ``#anchor`` to a heading of that page."""
    broken = []
    for target in links(TEXT[page]):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page.resolve()
        inside = file.exists() and ROOT.resolve() in file.parents
        if not inside or (anchor and anchor not in anchors(file.read_text("utf-8"))):
            broken.append(target)
    assert not broken, f"{name(page)}: links that lead nowhere: {broken}"


def test_the_slug_is_githubs() -> None:
    assert slug("Output schema (version 1)") == "output-schema-version-1"
    assert slug("Life events — what happens to a grant") == "life-events--what-happens-to-a-grant"
    assert slug("`fair-value`: the rules") == "fair-value-the-rules"


PATH = re.compile(r"`((?:vesting|tests|examples|benchmarks|docs|\.ci)/[^`\s]*)`")


def expand(path: str) -> list[str]:
    """``a/{b,c}.json`` → ``a/b.json``, ``a/c.json``."""
    m = re.search(r"\{([^}]*)\}", path)
    if m is None:
        return [path]
    return [p for alt in m.group(1).split(",") for p in expand(path.replace(m.group(0), alt, 1))]


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_path_a_page_names_exists(page: Path) -> None:
    named = [p for m in PATH.findall(TEXT[page]) for p in expand(m) if "NAME" not in p]
    missing = [p for p in named if not (ROOT / p).exists()]
    assert not missing, f"{name(page)} names files that are not there: {missing}"


@pytest.mark.parametrize("page", [README, DOCS / "architecture.md"], ids=name)
def test_the_architecture_table_names_every_module_of_the_package(page: Path) -> None:
    """Each entry of ``vesting/`` (a module or a subpackage) is in the architecture table (the
    README's short one, docs/architecture.md's whole one), and each name there is in the
    package."""
    table = re.search(r"^\| layer \| where \| job \|\n(.*?)\n\n", TEXT[page], re.S | re.M)
    assert table is not None
    named = {
        n for n in re.findall(r"`([^`]+)`", table.group(1)) if re.fullmatch(r"[\w/]+(\.py|/)", n)
    }
    package = ROOT / "vesting"
    entries = {
        p.name + ("/" if p.is_dir() else "")
        for p in package.iterdir()
        if p.name not in ("__init__.py", "py.typed", "__pycache__")
    }
    left_out = sorted(e for e in entries if not any(n.startswith(e) for n in named))
    assert not left_out, f"the architecture table leaves out {left_out}"
    unknown = [n for n in named if not (package / n).exists() and not list(package.glob(f"*/{n}"))]
    assert not unknown, unknown


OUTPUT = DOCS / "output.md"
RUNS = {
    "schedule": ["schedule", "examples/grants.json"],
    "status": ["status", "examples/grants.json", "--as-of", "2021-06-30"],
    "value": ["value", "examples/grants.json", "--as-of", "2021-06-30", "--price", "45"],
    "fair-value": ["fair-value", "examples/grants.toml"],
    "expense": ["expense", "examples/grants.toml", "--from", "2007-01-01", "--to", "2007-12-31"],
    "tax": ["tax", "examples/grants.json", "--year", "2021", "--prices", "examples/prices.csv"],
    "validate": ["validate", "examples/bad.toml"],
    "disclose": ["disclose", "examples/grants.toml", "--fiscal-year", "2008", "--price", "40"],
}


ROWS_ON = {"tax": DOCS / "tax.md"}
"""Commands whose columns their own page lists ("Rows carry ..."), linked from docs/output.md."""


@pytest.mark.parametrize("command", RUNS)
def test_the_output_schema_names_every_column(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/output.md's paragraph on each command names every key of its JSON document and of
    its rows."""
    monkeypatch.chdir(ROOT)
    text = OUTPUT.read_text(encoding="utf-8")
    m = re.search(rf"^\*\*{re.escape(command)}\*\*(.*?)(?:\n\n|\Z)", text, flags=re.S | re.M)
    assert m is not None, f"docs/output.md has no paragraph on {command}"
    said = set(re.findall(r"`([a-z_]+)`", m.group(1)))
    if command in ROWS_ON:
        page = ROWS_ON[command].read_text(encoding="utf-8")
        rows = re.search(r"^Rows carry (.*?)(?:\n\n|\Z)", page, flags=re.S | re.M)
        assert rows is not None and f"]({ROWS_ON[command].name})" in m.group(1)
        said |= set(re.findall(r"`([a-z_]+)`", rows.group(1)))
    document = json.loads(invoke(*RUNS[command], "--json").stdout)
    keys = set(document) - {"schema_version", "command", "rows"}
    for row in document["rows"]:
        keys |= set(row)
    assert not keys - said, f"{command}: docs/output.md does not name {sorted(keys - said)}"


@pytest.mark.parametrize("record", [vesting.Status, valuation.Valuation], ids=lambda r: r.__name__)
def test_the_library_page_says_what_status_and_valuation_are(
    record: type[tuple[object, ...]],
) -> None:
    """Named tuples (not dataclasses), with these fields in this order."""
    text = " ".join((DOCS / "library.md").read_text(encoding="utf-8").split())
    m = re.search(rf"\*\*`{record.__name__}`\*\* .*?a named tuple of (.*?)\. ", text)
    assert m is not None, f"docs/library.md does not say what {record.__name__} is"
    assert issubclass(record, tuple)
    assert tuple(re.findall(r"`([a-z_]+)`", m.group(1))) == record._fields  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", [p for p in PAGES if "```toml" in TEXT[p]], ids=name)
def test_every_toml_block_is_a_valid_grant_file(page: Path) -> None:
    for block in re.findall(r"^```toml\n(.*?)^```", TEXT[page], flags=re.S | re.M):
        assert vesting.io.loads(block, "toml", name(page)), block
