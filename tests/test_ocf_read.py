"""Reading OCF packages built in the test: every mapping rule of vesting.io.ocf.read on a small
hand-made cap table, and every kind of bad input named with its object and file."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from helpers import invoke

import vesting as v
import vesting.io as vio

D = dt.date

MONTHLY = {
    "id": "monthly",
    "object_type": "VESTING_TERMS",
    "name": "4y monthly, 1y cliff",
    "description": "",
    "allocation_type": "CUMULATIVE_ROUND_DOWN",
    "vesting_conditions": [
        {
            "id": "start",
            "quantity": "0",
            "trigger": {"type": "VESTING_START_DATE"},
            "next_condition_ids": ["months"],
        },
        {
            "id": "months",
            "portion": {"numerator": "1", "denominator": "48"},
            "trigger": {
                "type": "VESTING_SCHEDULE_RELATIVE",
                "period": {
                    "length": 1,
                    "type": "MONTHS",
                    "occurrences": 48,
                    "day_of_month": "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH",
                    "cliff_installment": 12,
                },
                "relative_to_condition_id": "start",
            },
            "next_condition_ids": [],
        },
    ],
}


def issuance(sec: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"{sec}-tx",
        "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE",
        "date": "2020-01-15",
        "security_id": sec,
        "custom_id": sec,
        "stakeholder_id": "ann",
        "security_law_exemptions": [],
        "compensation_type": "OPTION_NSO",
        "quantity": "4800",
        "exercise_price": {"amount": "1.50", "currency": "USD"},
        "expiration_date": "2030-01-14",
        "termination_exercise_windows": [
            {"reason": "VOLUNTARY_OTHER", "period": 90, "period_type": "DAYS"},
            {"reason": "INVOLUNTARY_DEATH", "period": 1, "period_type": "YEARS"},
        ],
        "vesting_terms_id": "monthly",
    }
    item.update(extra)
    return item


def tx(kind: str, sec: str, day: str, n: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"{sec}-{kind}-{n}",
        "object_type": kind,
        "date": day,
        "security_id": sec,
        **extra,
    }


def package(
    folder: Path, transactions: list[dict[str, Any]], terms: list[dict[str, Any]] | None = None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "Manifest.ocf.json": {
            "ocf_version": "1.2.1-alpha+main",
            "file_type": "OCF_MANIFEST_FILE",
            "issuer": {
                "id": "co",
                "object_type": "ISSUER",
                "legal_name": "Co",
                "formation_date": "2019-01-01",
                "country_of_formation": "US",
            },
            "as_of": "2024-06-30",
            "generated_at": "2024-06-30T00:00:00Z",
            "stock_plans_files": [],
            "stock_legend_templates_files": [],
            "stock_classes_files": [],
            "valuations_files": [],
            "vesting_terms_files": [{"filepath": "./VestingTerms.ocf.json", "md5": "0" * 32}],
            "transactions_files": [{"filepath": "./Transactions.ocf.json", "md5": "0" * 32}],
            "stakeholders_files": [{"filepath": "./Stakeholders.ocf.json", "md5": "0" * 32}],
        },
        "VestingTerms.ocf.json": {
            "file_type": "OCF_VESTING_TERMS_FILE",
            "items": terms or [MONTHLY],
        },
        "Stakeholders.ocf.json": {
            "file_type": "OCF_STAKEHOLDERS_FILE",
            "items": [
                {
                    "id": "ann",
                    "object_type": "STAKEHOLDER",
                    "name": {"legal_name": "Ann Lee"},
                    "stakeholder_type": "INDIVIDUAL",
                }
            ],
        },
        "Transactions.ocf.json": {"file_type": "OCF_TRANSACTIONS_FILE", "items": transactions},
    }
    for name, doc in files.items():
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    return folder


START = tx("TX_VESTING_START", "o1", "2020-01-15", 1, vesting_condition_id="start")


def errors(path: Path) -> list[str]:
    return [p.message() for p in vio.problems(path)]


# ------------------------------------------------------------------------------- mapping


def test_an_issuance_and_its_transactions(tmp_path: Path) -> None:
    pkg = package(
        tmp_path / "p",
        [
            issuance("o1"),
            START,
            tx(
                "TX_EQUITY_COMPENSATION_EXERCISE",
                "o1",
                "2021-03-01",
                1,
                quantity="500",
                resulting_security_ids=["s1"],
            ),
            tx(
                "TX_VESTING_ACCELERATION",
                "o1",
                "2021-06-01",
                1,
                quantity="1000",
                reason_text="promotion (soonest)",
            ),
            tx("TX_EQUITY_COMPENSATION_ACCEPTANCE", "o1", "2020-01-20", 1),
        ],
    )
    (g,) = vio.load(pkg)
    assert (g.id, g.kind, g.shares, g.grant_date, g.holder) == (
        "o1",
        v.Kind.NSO,
        4800,
        D(2020, 1, 15),
        "Ann Lee",
    )
    assert (g.exercise_price, g.expiration) == (Decimal("1.50"), D(2030, 1, 14))
    windows = g.terms.exercise_windows
    assert (windows.voluntary, windows.death, windows.cause) == (
        v.Period.days(90),
        v.Period.months(12),
        v.Period.months(0),  # cause: not listed, default
    )
    assert v.Exercise(D(2021, 3, 1), 500) in g.events
    assert v.Acceleration(D(2021, 6, 1), shares=1000, method=v.Method.SOONEST) in g.events
    # 1,200 at the cliff 2021-01-15, 100 a month; the 1,000 accelerated on 2021-06-01 are the
    # next ten installments (soonest): 2021-06-15 … 2022-03-15 are then empty
    s = v.evaluate(g, D(2021, 6, 1))
    assert (s.vested, s.exercised, s.exercisable) == (1200 + 400 + 1000, 500, 2100)
    assert v.evaluate(g, D(2022, 3, 15)).vested == 2600
    assert v.evaluate(g, D(2022, 4, 15)).vested == 2700


def test_termination_cancellations_and_statuses(tmp_path: Path) -> None:
    pkg = package(
        tmp_path / "p",
        [
            issuance("o1"),
            START,
            tx(
                "TX_EQUITY_COMPENSATION_CANCELLATION",
                "o1",
                "2021-06-20",
                1,
                quantity="3100",
                reason_text="left the company",
            ),
        ],
    )
    (g,) = vio.load(pkg)
    assert g.events == (v.Cancellation(D(2021, 6, 20), 3100),)
    assert v.evaluate(g, D(2030, 1, 1)).vested == 1700  # vesting stopped
    own = package(
        tmp_path / "q",
        [
            issuance("o1"),
            START,
            tx(
                "TX_EQUITY_COMPENSATION_CANCELLATION",
                "o1",
                "2021-06-20",
                1,
                quantity="3100",
                reason_text="termination (good-reason)",
            ),
        ],
    )
    (h,) = vio.load(own)
    assert h.events == (v.Termination(D(2021, 6, 20), v.Reason.GOOD_REASON),)


def test_stakeholder_status_changes(tmp_path: Path) -> None:
    def status(n: int, day: str, new: str) -> dict[str, Any]:
        return {
            "id": f"st{n}",
            "object_type": "CE_STAKEHOLDER_STATUS",
            "date": day,
            "stakeholder_id": "ann",
            "new_status": new,
        }

    pkg = package(
        tmp_path / "p",
        [
            issuance("o1"),
            START,
            status(1, "2021-02-01", "LEAVE_OF_ABSENCE"),
            status(2, "2021-04-01", "ACTIVE"),
            status(3, "2022-01-10", "TERMINATION_INVOLUNTARY_WITH_CAUSE"),
            status(4, "2023-01-01", "ACTIVE"),
            status(5, "2024-01-01", "LEAVE_OF_ABSENCE"),
        ],
    )
    (g,) = vio.load(pkg)
    # the leave ends the day before the next change; the termination is the first one on or
    # after the grant date; what follows it belongs to a later employment
    assert set(g.events) == {
        v.Leave(D(2021, 2, 1), D(2021, 3, 31)),
        v.Termination(D(2022, 1, 10), v.Reason.CAUSE),
    }


def test_explicit_vestings_and_fully_vested(tmp_path: Path) -> None:
    vestings = [{"date": "2021-01-01", "amount": "1000"}, {"date": "2022-01-01", "amount": "3800"}]
    pkg = package(
        tmp_path / "p",
        [
            issuance("o1", vestings=vestings, vesting_terms_id=None),
            issuance("o2", vesting_terms_id=None),
        ],
    )
    g, h = vio.load(pkg)
    assert [(t.date, t.shares) for t in v.schedule(g)] == [
        (D(2021, 1, 1), 1000),
        (D(2022, 1, 1), 3800),
    ]
    assert [(t.date, t.shares) for t in v.schedule(h)] == [(D(2020, 1, 15), 4800)]
    short = package(tmp_path / "q", [issuance("o1", vestings=vestings[:1], vesting_terms_id=None)])
    assert any("amounts adding up to the quantity, 4,800" in m for m in errors(short))


def test_a_retracted_issuance_is_not_a_grant(tmp_path: Path) -> None:
    pkg = package(
        tmp_path / "p",
        [
            issuance("o1"),
            START,
            tx("TX_EQUITY_COMPENSATION_RETRACTION", "o1", "2020-02-01", 1, reason_text="error"),
        ],
    )
    assert vio.load(pkg) == ()


# ------------------------------------------------------------------------------ bad input


def test_what_cannot_be_represented_is_an_error_naming_object_and_file(tmp_path: Path) -> None:
    pkg = package(
        tmp_path / "p",
        [
            issuance("o1"),
            START,
            tx(
                "TX_EQUITY_COMPENSATION_TRANSFER",
                "o1",
                "2021-01-01",
                1,
                quantity="10",
                resulting_security_ids=["x"],
            ),
            issuance("o2", compensation_type="CSAR"),
            issuance("o3", compensation_type="OPTION", option_grant_type="INTL"),
            issuance("o4", quantity="10.5"),
            issuance("o5"),
            tx("TX_VESTING_START", "o5", "2020-01-15", 1, vesting_condition_id="start"),
            tx(
                "TX_EQUITY_COMPENSATION_CANCELLATION",
                "o5",
                "2021-01-01",
                1,
                quantity="5",
                balance_security_id="o5b",
                reason_text="partial",
            ),
            issuance("o6"),  # no vesting start
            issuance("o7", vesting_terms_id="nope"),
            tx("TX_VESTING_EVENT", "ghost", "2021-01-01", 1, vesting_condition_id="x"),
            tx(
                "TX_EQUITY_COMPENSATION_REPRICING",
                "o1",
                "2021-01-01",
                2,
                new_exercise_price={"amount": "1"},  # a repricing is read: this one is bad
            ),
        ],
    )
    found = errors(pkg)
    tx_file = str(pkg / "Transactions.ocf.json")
    assert all(m.startswith(tx_file) for m in found), found
    expected = [
        "TX_EQUITY_COMPENSATION_TRANSFER 'o1-TX_EQUITY_COMPENSATION_TRANSFER-1': got 'a transfer'",
        "'o1-TX_EQUITY_COMPENSATION_REPRICING-2'.new_exercise_price.currency",
        "TX_EQUITY_COMPENSATION_ISSUANCE 'o2-tx'.compensation_type: got 'CSAR'",
        "TX_EQUITY_COMPENSATION_ISSUANCE 'o3-tx'.option_grant_type: got 'INTL'",
        "TX_EQUITY_COMPENSATION_ISSUANCE 'o4-tx'.quantity: got '10.5'; a whole number of shares",
        "'o5-TX_EQUITY_COMPENSATION_CANCELLATION-1'.balance_security_id: got 'o5b'",
        "'o6-tx'.security_id: got 'o6'; a TX_VESTING_START for the terms' start condition 'start'",
        "'o7-tx'.vesting_terms_id: got 'nope'; the id of vesting terms in the package",
        "TX_VESTING_EVENT 'ghost-TX_VESTING_EVENT-1'.security_id: got 'ghost'",
    ]
    for text in expected:
        assert any(text in m for m in found), (text, found)


def test_terms_that_are_not_v1_are_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(MONTHLY))
    bad["vesting_conditions"][1]["trigger"]["period"]["type"] = "WEEKS"
    bad["vesting_conditions"][0]["extra"] = 1
    pkg = package(tmp_path / "p", [issuance("o1"), START], [bad])
    found = errors(pkg)
    terms_file = str(pkg / "VestingTerms.ocf.json")
    assert any(
        m.startswith(f"{terms_file}: VESTING_TERMS 'monthly'.vesting_conditions[0] 'start'.extra")
        for m in found
    ), found
    assert any("period.type: got 'WEEKS'; MONTHS or DAYS" in m for m in found), found
    assert any("vesting terms without problems" in m for m in found)


def test_packages_are_read_safely(tmp_path: Path) -> None:
    pkg = package(tmp_path / "p", [issuance("o1"), START])
    manifest = json.loads((pkg / "Manifest.ocf.json").read_text(encoding="utf-8"))
    manifest["transactions_files"] = [{"filepath": "../outside.json", "md5": "0" * 32}]
    (pkg / "Manifest.ocf.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert any("a relative path inside the package" in m for m in errors(pkg))
    assert any("a folder holding Manifest.ocf.json" in m for m in errors(tmp_path))
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    assert any("a readable .zip" in m for m in errors(broken))
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("a/Manifest.ocf.json", "{}")
        z.writestr("b/Manifest.ocf.json", "{}")
    assert any("a .zip holding one Manifest.ocf.json" in m for m in errors(two))
    notjson = tmp_path / "x.ocf.json"
    notjson.write_text("{", encoding="utf-8")
    assert any("valid JSON" in m for m in errors(notjson))
    other = tmp_path / "y.ocf.json"
    other.write_text('{"file_type": "GRANTS", "items": []}', encoding="utf-8")
    assert any("an OCF file type" in m for m in errors(other))


def test_the_command_line_reads_packages_and_single_files(tmp_path: Path) -> None:
    pkg = package(tmp_path / "p", [issuance("o1"), START])
    result = invoke("status", str(pkg), "--as-of", "2021-01-15", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rows"][0]["vested"] == 1200
    # one transactions file on standard input (no stakeholders: the holder is the id)
    text = (
        (pkg / "Transactions.ocf.json")
        .read_text(encoding="utf-8")
        .replace('"vesting_terms_id": "monthly"', '"vesting_terms_id": null')
    )
    result = invoke("status", "-", "--as-of", "2021-01-15", "--json", input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rows"][0]["vested"] == 4800  # no terms: fully vested
    result = invoke("validate", str(pkg / "VestingTerms.ocf.json"))  # terms, but no grant
    assert result.exit_code == 2 and result.stderr.endswith("VestingTerms.ocf.json: no grants\n")


def test_a_repricing_is_read_as_a_modification_of_the_exercise_price(tmp_path: Path) -> None:
    """Issue 20.2: TX_EQUITY_COMPENSATION_REPRICING → the new exercise price from its date."""
    pkg = package(
        tmp_path / "p",
        [
            issuance("o1"),
            START,
            tx(
                "TX_EQUITY_COMPENSATION_REPRICING",
                "o1",
                "2021-03-01",
                2,
                new_exercise_price={"amount": "0.75", "currency": "USD"},
            ),
        ],
    )
    (g,) = vio.load(pkg)
    (m,) = [e for e in g.events if isinstance(e, v.Modification)]
    assert (m.date, m.exercise_price, m.kind) == (D(2021, 3, 1), Decimal("0.75"), "repricing")
    assert v.evaluate(g, D(2021, 2, 28)).exercise_price == Decimal("1.50")
    assert v.evaluate(g, D(2021, 3, 1)).exercise_price == Decimal("0.75")
