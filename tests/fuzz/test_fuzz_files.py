"""Bad values in every field of a grant file, in every format, and broken files: ``validate``
and ``status`` exit 2 with one-line messages located in the file (or exit 0 when the value is
valid after all) — never a traceback, a hang, or a grant silently accepted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from badvalues import bad_text, no_hang
from helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vesting.io.fields import TABLE

pytestmark = pytest.mark.slow  # hundreds of generated files, each read by two commands

GRANT = {
    "id": "g1",
    "kind": "NSO",
    "shares": "4800",
    "grant_date": "2020-01-15",
    "exercise_price": "1.25",
    "terms": "standard",
}
FIELDS = [s.name for s in TABLE]
"""Every field of the field table: a new field is fuzzed without a word here."""
EVENT_TEXT = ["terminate=", "leave=", "accelerate=", "exercise=", "event=", "cancel="]


def write(path: Path, fmt: str, grant: dict[str, object]) -> None:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(grant))
        writer.writeheader()
        writer.writerow({k: v if isinstance(v, str) else json.dumps(v) for k, v in grant.items()})
        path.write_text(buf.getvalue(), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text(json.dumps(grant) + "\n", encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps({"grants": [grant]}), encoding="utf-8")
    else:
        lines = ["[[grant]]"] + [f"{k} = {json.dumps(v)}" for k, v in grant.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(path: Path, command: list[str], input: bytes | None = None) -> int:
    with no_hang():
        result = invoke(*command, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    out, err = result.stdout, result.stderr
    assert "Traceback" not in out + err
    if result.exit_code == 0:
        return 0
    assert result.exit_code == 2, (result.exit_code, err)
    assert out == ""
    name = "<stdin>" if input is not None else str(path)
    summary = ("problem(s)", ": no grants")  # validate's last line
    lines = [line for line in err.splitlines() if not line.endswith(summary)]
    assert lines, err  # a refusal says why (with no line, the loop below would check nothing)
    for line in lines:
        # one line each, and located in the file (or the file named as the problem)
        assert line.startswith(f"error: {name}") or line.startswith("error: FILE: got"), line
    return 2


value_in_field = st.one_of(
    bad_text,
    st.builds(lambda k, v: k + v, st.sampled_from(EVENT_TEXT), bad_text),
    st.sampled_from(
        [
            [[[[[]]]]],
            {"a": {"b": []}},
            ["x"] * 2000,
            [{"type": "exercise", "date": "2021-01-01", "shares": 10**30}],
            [{"type": "leave", "start": "2021-01-01", "end": "2020-01-01"}],
            [{"type": "acceleration", "date": "2021-01-01", "percent": "0%", "months": 2}],
            10**40,
            -1,
            True,
            None,
            1.5,
        ]
    ),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["csv", "jsonl", "json", "toml"]), st.sampled_from(FIELDS), value_in_field)
def test_a_bad_value_in_any_field(tmp_path: Path, fmt: str, field: str, value: object) -> None:
    if fmt == "toml" and value is None:
        return  # TOML has no null
    grant = {**GRANT, field: value}
    path = tmp_path / f"g.{fmt}"
    write(path, fmt, grant)
    validated = check(path, ["validate", str(path)])
    status = check(path, ["status", str(path), "--as-of", "2024-06-30"])
    assert validated == status  # every command accepts and refuses the same grants


CORRUPT: list[bytes] = [
    b"\xff\xfe\x00\x01",
    b"id,kind,shares,grant_date\n\xff\xff,NSO,1,2020-01-01\n",
    b'id,kind,shares,grant_date\ng1,NSO,10,2020-01-01\n"g2,NSO,10,2020-01-01\ng3,NSO,10,2020-01-01\n',
    b"id,kind,shares,grant_date\ng1,NSO\ng2,NSO,10,2020-01-01,x,y\n",
    b"id,kind\ng1,NSO\n",
    b"\x00" * 100,
    b"{" * 100_000,
    b"[" * 100_000 + b"]" * 100_000,
    b'{"grants": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b"a = " + b"[" * 50_000 + b"]" * 50_000,
    b'{"grants": [{"id": "g", "kind": "NSO", "shares": '
    + b"9" * 5000
    + b', "grant_date": "2020-01-01"}]}',
    b"[[grant]]\nid = 'g'\nkind = 'NSO'\nshares = " + b"9" * 5000 + b"\ngrant_date = 2020-01-01\n",
    b'{"id": "g", "kind": "NSO", "shares": 10, "grant_date": "2020-01-01", "every": 1e999999999}\n',
    b"id,kind,shares,grant_date,length\ng,NSO,10,2020-01-01," + b"9" * 5000 + b"\n",
    b"id,kind,shares,grant_date\n" + b"g" * 200_000 + b",NSO,10,2020-01-01\n",
    b"\xef\xbb\xbfid,kind,shares,grant_date\r\ng,NSO,10,2020-01-01\r\n",
    b"schema_version = 2\n",
    b"[[grant]\n",
    b'{"grants": {}}',
    b"[]",
]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CORRUPT), st.sampled_from(["", ".csv", ".json", ".jsonl", ".toml"]))
def test_broken_files(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(content)
    check(path, ["validate", str(path)])
    check(path, ["status", str(path), "--as-of", "2024-06-30"])
    check(path, ["validate", "-"], input=content)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from([".csv", ".json", ".jsonl", ".toml", ""]))
def test_random_bytes(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(content)
    check(path, ["validate", str(path)])
