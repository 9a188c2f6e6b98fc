"""An OCF package written in place: the transactions streamed to a file as grants come
(:class:`vesting.io.ocf.write.Writer`), then the vesting terms, the stakeholders and the
manifest, all in a temporary folder beside the target, which is then moved onto it (a folder)
or zipped into it (a ``.zip``) — a failing export never leaves a half-written package, and an
existing folder is replaced only if it holds a package."""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError, Problem
from ...model import Grant
from .write import FILES, OCF_VERSION, Writer


@dataclass(frozen=True)
class Issuer:
    """The company the package is for (OCF requires these three)."""

    legal_name: str = "Issuer"
    formation_date: _dt.date | None = None
    """Default: the earliest grant date."""
    country: str = "US"


def write_package(
    grants: Iterable[Grant],
    target: str | os.PathLike[str],
    *,
    issuer: Issuer | None = None,
    currency: str = "USD",
    as_of: _dt.date | None = None,
    on_problem: Any = None,
) -> int:
    """Write ``grants`` as an OCF package to ``target`` (a folder, or a ``.zip``), replacing it
    only when everything is written (see the module doc). A grant OCF cannot carry raises
    :class:`~vesting.errors.InputError` — unless ``on_problem`` is given: it is called with
    the problems and the grant is left out. Returns the number of grants written."""
    issuer = issuer or Issuer()
    from ..source import check_path

    target = Path(check_path(target, "output"))
    zipped = target.name.lower().endswith(".zip")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        _check_target(target, zipped, folder)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=folder))
    except OSError as e:  # a name the system refuses (too long, ...), or no room
        reason = e.strerror or type(e).__name__
        allowed = f"a package path the system can write ({reason})"
        raise InputError([Problem("output", str(target), allowed)]) from None
    try:
        with open(work / "Transactions.ocf.json", "w", encoding="utf-8") as tx:
            writer = Writer(tx, currency, as_of or _dt.date.today())
            for grant in grants:
                problems = writer.add(grant)
                if problems:
                    if on_problem is None:
                        raise InputError(problems)
                    on_problem(problems)
            state = writer.finish()
        _json(
            work / "VestingTerms.ocf.json",
            {"file_type": "OCF_VESTING_TERMS_FILE", "items": state.terms_objects},
        )
        _json(
            work / "Stakeholders.ocf.json",
            {"file_type": "OCF_STAKEHOLDERS_FILE", "items": state.stakeholders},
        )
        formed = issuer.formation_date or state.earliest or (as_of or _dt.date.today())
        manifest = {
            "ocf_version": OCF_VERSION,
            "file_type": "OCF_MANIFEST_FILE",
            "issuer": {
                "id": "issuer",
                "object_type": "ISSUER",
                "legal_name": issuer.legal_name,
                "formation_date": formed.isoformat(),
                "country_of_formation": issuer.country,
            },
            "as_of": (as_of or _dt.date.today()).isoformat(),
            "generated_at": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "stock_plans_files": [],
            "stock_legend_templates_files": [],
            "stock_classes_files": [],
            "valuations_files": [],
            "vesting_terms_files": [_entry(work, "VestingTerms.ocf.json")],
            "transactions_files": [_entry(work, "Transactions.ocf.json")],
            "stakeholders_files": [_entry(work, "Stakeholders.ocf.json")],
        }
        _json(work / "Manifest.ocf.json", manifest)
        if zipped:
            staged = work / "package.zip"
            with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as z:
                for name in ("Manifest.ocf.json", *FILES):
                    z.write(work / name, name)
            os.replace(staged, target)
        else:
            _swap(work / "pkg", target, [work / n for n in ("Manifest.ocf.json", *FILES)])
        return state.written
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_target(target: Path, zipped: bool, folder: Path) -> None:
    """The target is in an existing folder, and a folder target is new, empty or a package."""
    if not folder.is_dir():
        raise InputError([Problem("output", str(target), "a path in an existing folder")])
    if (
        not zipped
        and target.exists()
        and not (target / "Manifest.ocf.json").is_file()
        and any(target.iterdir() if target.is_dir() else [target])
    ):
        allowed = "a new folder, an empty one, or an OCF package to replace"
        raise InputError([Problem("output", str(target), allowed)])


def _json(path: Path, data: object) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def _entry(work: Path, name: str) -> dict[str, str]:
    return {"filepath": f"./{name}", "md5": hashlib.md5((work / name).read_bytes()).hexdigest()}


def _swap(staged: Path, target: Path, files: list[Path]) -> None:
    """Move the written files into a folder, then that folder onto ``target`` (an old package
    there is moved aside first and removed once the new one is in place)."""
    staged.mkdir()
    for f in files:
        os.replace(f, staged / f.name)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
        with contextlib.suppress(OSError):
            old.unlink()
