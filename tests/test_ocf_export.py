"""Writing OCF: the package validates against the OCF schemas (the copies in
``tests/data/ocf/schema``), a failed export leaves nothing behind, what OCF cannot carry is
refused by name, and reading back what was written gives the same schedules and statuses (round
trip, over random grants and events)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import CSV, OCF_SCHEMA, TOML, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_event_properties import grants, with_events

import vesting as v
import vesting.io as vio
from vesting.io.ocf.store import write_package
from vesting.io.ocf.write import exportable

D = dt.date
REPRICED = "TX_EQUITY_COMPENSATION_REPRICING"
REPRICING = "objects/transactions/repricing/EquityCompensationRepricing.schema.json"


def validator() -> Any:
    """A function checking one OCF file against its schema (local copies, no network: every
    schema the four file types refer to, directly or not, is in ``tests/data/ocf/schema``)."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    root = OCF_SCHEMA
    registry = Registry().with_resources(
        (d["$id"], Resource.from_contents(d, default_specification=DRAFT7))
        for d in (json.loads(f.read_text(encoding="utf-8")) for f in root.rglob("*.schema.json"))
    )
    by_type = {
        "OCF_MANIFEST_FILE": "files/OCFManifestFile.schema.json",
        "OCF_TRANSACTIONS_FILE": "files/TransactionsFile.schema.json",
        "OCF_VESTING_TERMS_FILE": "files/VestingTermsFile.schema.json",
        "OCF_STAKEHOLDERS_FILE": "files/StakeholdersFile.schema.json",
    }

    repricing = json.loads((root / REPRICING).read_text(encoding="utf-8"))

    def errors(doc: dict[str, Any]) -> list[str]:
        schema = json.loads((root / by_type[doc["file_type"]]).read_text(encoding="utf-8"))
        check = Draft7Validator(schema, registry=registry)
        found = []
        if doc["file_type"] == "OCF_TRANSACTIONS_FILE":
            # a repricing against its own object schema (the file schema does not list it:
            # tests/data/ocf/README.md), the rest against the file's
            items = doc["items"]
            own = Draft7Validator(repricing, registry=registry)
            for item in (i for i in items if i["object_type"] == REPRICED):
                found.extend(f"repricing: {e.message[:200]}" for e in own.iter_errors(item))
            doc = {**doc, "items": [i for i in items if i["object_type"] != REPRICED]}
        found.extend(f"{list(e.absolute_path)}: {e.message[:200]}" for e in check.iter_errors(doc))
        return found

    return errors


def files_of(package: Path) -> dict[str, dict[str, Any]]:
    if package.suffix == ".zip":
        with zipfile.ZipFile(package) as z:
            return {n: json.loads(z.read(n)) for n in z.namelist()}
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in package.glob("*.json")}


def test_the_examples_export_to_a_valid_package(tmp_path: Path) -> None:
    errors = validator()
    out = tmp_path / "pkg"
    result = invoke("export", TOML, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    docs = files_of(out)
    assert set(docs) == {
        "Manifest.ocf.json",
        "Stakeholders.ocf.json",
        "VestingTerms.ocf.json",
        "Transactions.ocf.json",
    }
    for name, doc in docs.items():
        assert errors(doc) == [], name
    # the check is real: a wrong value is caught
    tx = docs["Transactions.ocf.json"]
    tx["items"][0]["compensation_type"] = "STOCK"
    assert errors(tx)
    # the CSV example, skipping what OCF cannot carry, zipped
    zipped = tmp_path / "all.zip"
    result = invoke("export", CSV, "-o", str(zipped), "--on-error", "skip")
    assert result.exit_code == 1  # some grants skipped, each named on standard error
    assert "E027-ISO" in result.stderr and "leave_tolling" in result.stderr
    for name, doc in files_of(zipped).items():
        assert errors(doc) == [], name


def test_splits_and_repricings_export_to_a_valid_package_and_read_back(tmp_path: Path) -> None:
    """Issue 20: a split of the grant's stock class (TX_STOCK_CLASS_SPLIT) and a repricing
    (TX_EQUITY_COMPENSATION_REPRICING) are written, valid, and read back as they were."""
    errors = validator()
    out = tmp_path / "pkg"
    args = ("--grant", "ceo-2006-option", "--split", "2015-11-06:1-for-20", "--reprice",
            "2009-03-02:10.00", "--package-date", "2017-01-01")  # fmt: skip
    result = invoke("export", TOML, "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    docs = files_of(out)
    for name, doc in docs.items():
        assert errors(doc) == [], name
    kinds = [i["object_type"] for i in docs["Transactions.ocf.json"]["items"]]
    assert kinds.count("TX_STOCK_CLASS_SPLIT") == kinds.count(REPRICED) == 1
    bad = {**docs["Transactions.ocf.json"]}
    bad["items"] = [dict(i) for i in bad["items"]]
    for i in bad["items"]:
        if i["object_type"] == REPRICED:
            i["new_exercise_price"] = "10.00"  # not a Monetary: the object check is real
    assert errors(bad)
    (back,) = vio.load(out)
    (g,) = [x for x in vio.load(TOML) if x.id == "ceo-2006-option"]
    g = g.with_events(
        v.Modification(D(2009, 3, 2), exercise_price=Decimal("10.00")),
        v.StockSplit(D(2015, 11, 6), Fraction(1, 20)),
    )
    for on in (D(2009, 3, 1), D(2009, 3, 2), D(2015, 11, 6), D(2016, 12, 19)):
        assert v.evaluate(back, on) == v.evaluate(g, on)
    # 10.00 from the repricing, × 20 after the split
    assert v.evaluate(back, D(2015, 11, 6)).exercise_price == Decimal("200.00")


def test_what_ocf_cannot_carry_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    terms = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.PERIODS, settle_on=None)
    g = v.Grant("g", v.Kind.NSO, 4800, D(2020, 1, 15), terms)
    assert [p.field for p in exportable(g)] == ["leave_tolling"]
    target = tmp_path / "out.zip"
    with pytest.raises(v.InputError, match="leave_tolling"):
        write_package([g], target)
    assert not target.exists() and list(tmp_path.iterdir()) == []  # no temporary left either
    quarter = v.VestingTerms.standard(milestones=(v.EventCondition("ipo", Fraction(1, 4)),))
    rsu = v.Grant("r", v.Kind.RSU, 100, D(2020, 1, 1), quarter)
    with pytest.raises(v.InputError, match="one path"):
        write_package([rsu], target)
    # an existing package is replaced only when the new one is complete
    ok = tmp_path / "pkg"
    assert write_package([replace(g, terms=v.VestingTerms.standard())], ok) == 1
    before = (ok / "Transactions.ocf.json").read_text(encoding="utf-8")
    with pytest.raises(v.InputError):
        write_package([g], ok)
    assert (ok / "Transactions.ocf.json").read_text(encoding="utf-8") == before
    # a folder that is not a package is never overwritten
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(v.InputError, match="a new folder, an empty one, or an OCF package"):
        write_package([], other)


def test_cli_export_errors() -> None:
    result = invoke("export", TOML)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --output: got nothing; the package to write")
    # export writes OCF packages only: it takes no --format (-f is the listing commands')
    result = invoke("export", TOML, "-o", "x", "-f", "csv")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: vesting export: No such option: -f")
    # --as-of was the package date here: now --package-date
    result = invoke("export", TOML, "-o", "x.zip", "--as-of", "2020-01-01")
    assert result.exit_code == 2 and "--package-date" in result.stderr


# ------------------------------------------------------------------------------ round trip


def exportable_grant(g: v.Grant, milestones: bool) -> v.Grant:
    """The grant with the settings OCF cannot carry reset to what it can (the issue 21
    provisions and milestone fallbacks among them), and without its milestones unless
    ``milestones`` (OCF cannot carry one beside a time schedule)."""
    terms = replace(
        g.terms,
        leave_tolling=v.LeaveTolling.NONE,
        leave_min_days=0,
        vest_on_termination_date=True,
        repurchase_window=v.Period.months(0),
        settle_on=None,
        milestones=tuple(replace(m, fallback=None) for m in g.terms.milestones)
        if milestones
        else (),
        accelerate_on=v.AccelerateOn(),
        change_of_control=None,
        accelerate_milestones=False,
    )
    return replace(g, terms=terms, exercise_price=Decimal("1.25") if g.kind.is_option else None)


def exportable_events(g: v.Grant, leaves: bool) -> v.Grant:
    """The grant without its leaves unless ``leaves`` (OCF has no leave of absence); that
    does not change the other events' validity (leaves toll nothing here)."""
    return replace(g, events=tuple(e for e in g.events if leaves or not isinstance(e, v.Leave)))


def picture(g: v.Grant, days: list[dt.date]) -> tuple[object, ...]:
    """What vests, is forfeited or pending on each date (how forfeited shares split over the
    tranches they came from is not part of it), and the status on each of ``days``."""
    sums: dict[tuple[object, ...], object] = {}
    for e in v.timeline(g):
        key = (e.date, e.mark)
        sums[key] = sums.get(key, 0) + e.shares  # type: ignore[operator]
    statuses = tuple(v.evaluate(g, d)._replace(grant_id="") for d in days)
    return sums, statuses


@pytest.mark.slow  # 200 packages written and read back
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_round_trip(tmp_path: Path, data: st.DataObject) -> None:
    # Grants OCF cannot carry are drawn too (a leave, a milestone beside a time schedule: each
    # refused and counted), but not most of the time: when they were, 4 grants in 5 were
    # refused and two examples in three compared nothing.
    originals: list[v.Grant] = []
    for i in range(data.draw(st.integers(1, 3))):
        uncarried = data.draw(st.sampled_from([None, None, None, "leaves", "milestones"]))
        g = exportable_grant(data.draw(grants()), milestones=uncarried == "milestones")
        g = replace(
            exportable_events(data.draw(with_events(g)), leaves=uncarried == "leaves"),
            id=f"g{i}",
            holder=data.draw(st.sampled_from([None, "Ann", "Bo"])),
        )
        originals.append(g)
    refused: list[object] = []
    target = tmp_path / f"rt-{data.draw(st.integers(0, 10**9))}.zip"
    write_package(originals, target, on_problem=refused.append)
    back = {g.id: g for g in vio.load(target)}
    assert len(back) + len(refused) == len(originals)
    for g in originals:
        if g.id not in back:
            continue
        days = sorted(
            {
                g.grant_date,
                D(2060, 1, 1),
                *(e.date for e in v.timeline(g) if e.date),
                *(e.date + dt.timedelta(days=1) for e in v.timeline(g) if e.date),
            }
        )
        h = back[g.id]
        assert (h.kind, h.shares, h.grant_date, h.start, h.expiration) == (
            g.kind,
            g.shares,
            g.grant_date,
            g.start,
            g.expiration,
        )
        assert picture(h, days) == picture(g, days)
