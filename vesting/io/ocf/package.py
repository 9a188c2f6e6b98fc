"""Opening OCF: a package — a folder or a ``.zip`` holding ``Manifest.ocf.json`` and the files it
lists — or one OCF file (a ``Transactions`` or ``VestingTerms`` file, from a path or standard
input).

Rules:

* a folder is read through its ``Manifest.ocf.json``; a ``.zip`` through the one manifest it
  holds (at its root or in one folder); a manifest path names its package; any other
  ``.json`` path is one OCF file;
* the files a manifest lists are read relative to it and must stay inside the package (no
  absolute paths, no ``..``); their ``md5`` is not checked (sample packages carry
  placeholders), their ``file_type`` is;
* every file is a JSON document read whole, at most 64 MiB (a zip member's size is checked
  before it is read); numbers stay exact (``Decimal``);
* a file's problems (unreadable, not JSON, not an OCF file) are reported with its path and
  the rest of the package is still read.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Final

from ...errors import Location, Problem, in_file
from ..documents import NESTING, load_json
from ..source import MAX_DOCUMENT
from ..values import brief

MANIFEST: Final = "Manifest.ocf.json"
FILE_TYPES: Final = {
    "OCF_MANIFEST_FILE": "manifest",
    "OCF_TRANSACTIONS_FILE": "transactions",
    "OCF_VESTING_TERMS_FILE": "vesting_terms",
    "OCF_STAKEHOLDERS_FILE": "stakeholders",
    "OCF_STOCK_CLASSES_FILE": "stock_classes",
    "OCF_STOCK_PLANS_FILE": "stock_plans",
    "OCF_STOCK_LEGEND_TEMPLATES_FILE": "stock_legend_templates",
    "OCF_VALUATIONS_FILE": "valuations",
    "OCF_FINANCINGS_FILE": "financings",
    "OCF_DOCUMENTS_FILE": "documents",
}
"""OCF file types and the manifest key (``<key>_files``) that lists each."""


@dataclass
class OcfFile:
    """One OCF file: where it came from (for messages), its kind and its objects."""

    name: str
    kind: str
    items: list[dict[str, object]]


@dataclass
class Package:
    """What was read: the manifest (``None`` for a single file), the files, and the problems
    met while reading them."""

    name: str
    manifest: dict[str, object] | None = None
    files: list[OcfFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, kind: str) -> Iterator[tuple[OcfFile, dict[str, object]]]:
        for f in self.files:
            if f.kind == kind:
                for item in f.items:
                    yield f, item


def open_package(source: str | os.PathLike[str]) -> Package:
    """Read the OCF package or file at ``source`` (see the module rules)."""
    from ..source import check_path

    name = check_path(source)
    path = Path(name)
    if path.is_dir():
        manifest = path / MANIFEST
        if not manifest.is_file():
            return Package(name, problems=[Problem("file", name, f"a folder holding {MANIFEST}")])
        return _from_manifest(name, _Folder(path), MANIFEST)
    if name.lower().endswith(".zip"):
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as e:
            reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
            return Package(name, problems=[Problem("file", name, f"a readable .zip ({reason})")])
        with archive:
            manifests = [
                n
                for n in archive.namelist()
                if PurePosixPath(n).name == MANIFEST and len(PurePosixPath(n).parts) <= 2
            ]
            if len(manifests) != 1:
                found = ", ".join(manifests) or "none"
                return Package(
                    name,
                    problems=[
                        Problem(
                            "file", f"{name} (manifests: {found})", f"a .zip holding one {MANIFEST}"
                        )
                    ],
                )
            return _from_manifest(name, _Zip(archive), manifests[0])
    package = Package(name)
    data = _load(_Folder(path.parent), path.name, name, package)
    if data is None:
        return package
    if data.get("file_type") == "OCF_MANIFEST_FILE":
        return _from_manifest(str(path.parent) or ".", _Folder(path.parent), path.name)
    _add(package, name, data)
    return package


def package_from_text(name: str, text: str) -> Package:
    """One OCF file given as text (standard input)."""
    package = Package(name)
    data = _parse(text, name, package)
    if data is not None:
        if data.get("file_type") == "OCF_MANIFEST_FILE":
            package.problems.append(
                Problem("file", name, "a package folder or .zip (a manifest alone lists files)")
            )
        else:
            _add(package, name, data)
    return package


class _Folder:
    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, inner: str) -> str:
        target = self.root / inner
        size = target.stat().st_size
        if size > MAX_DOCUMENT:
            raise _TooLarge(size)
        with open(target, encoding="utf-8-sig") as f:
            return f.read()


class _Zip:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def read(self, inner: str) -> str:
        try:
            info = self.archive.getinfo(inner)
        except KeyError:
            raise FileNotFoundError(inner) from None
        if info.file_size > MAX_DOCUMENT:
            raise _TooLarge(info.file_size)
        with self.archive.open(info) as f:
            data = f.read(MAX_DOCUMENT + 1)
        if len(data) > MAX_DOCUMENT:
            raise _TooLarge(len(data))
        return data.decode("utf-8-sig")


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _load(
    store: _Folder | _Zip, inner: str, shown: str, package: Package
) -> dict[str, object] | None:
    try:
        text = store.read(inner)
    except _TooLarge as e:
        package.problems.append(
            Problem(
                "file", shown, f"a file of at most {MAX_DOCUMENT // 2**20} MiB ({e.size:,} bytes)"
            )
        )
        return None
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as e:
        reason = getattr(e, "strerror", None) or type(e).__name__
        package.problems.append(Problem("file", shown, f"a readable UTF-8 file ({reason})"))
        return None
    return _parse(text, shown, package)


def _parse(text: str, shown: str, package: Package) -> dict[str, object] | None:
    try:
        data = load_json(text)
    except json.JSONDecodeError as e:
        package.problems.append(
            Problem("json", e.msg, "valid JSON", Location(shown, e.lineno, column=e.colno))
        )
        return None
    except RecursionError:
        package.problems.append(
            Problem("json", "values nested too deeply", NESTING, in_file(shown))
        )
        return None
    if not isinstance(data, dict) or data.get("file_type") not in FILE_TYPES:
        kind = data.get("file_type") if isinstance(data, dict) else brief(data)
        package.problems.append(
            Problem(
                "file_type",
                brief(kind),
                "an OCF file type (" + ", ".join(FILE_TYPES) + ")",
                in_file(shown),
            )
        )
        return None
    return data


def _add(package: Package, shown: str, data: dict[str, object]) -> None:
    kind = FILE_TYPES[str(data["file_type"])]
    items = data.get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        package.problems.append(
            Problem("items", brief(items), "a list of OCF objects", in_file(shown))
        )
        return
    package.files.append(OcfFile(shown, kind, items))


def _from_manifest(name: str, store: _Folder | _Zip, inner: str) -> Package:
    package = Package(name)
    where = f"{name}/{inner}" if isinstance(store, _Zip) else str(Path(name) / inner)
    data = _load(store, inner, where, package)
    if data is None:
        return package
    if data.get("file_type") != "OCF_MANIFEST_FILE":
        package.problems.append(
            Problem("file_type", brief(data.get("file_type")), "OCF_MANIFEST_FILE", in_file(where))
        )
        return package
    package.manifest = data
    base = PurePosixPath(inner).parent
    for kind in FILE_TYPES.values():
        if kind == "manifest":
            continue
        listed = data.get(f"{kind}_files", [])
        if not isinstance(listed, list):
            package.problems.append(
                Problem(f"{kind}_files", brief(listed), "a list of files", in_file(where))
            )
            continue
        for i, entry in enumerate(listed):
            path = entry.get("filepath") if isinstance(entry, dict) else None
            if not isinstance(path, str) or not _inside(path):
                package.problems.append(
                    Problem(
                        (f"{kind}_files", i, "filepath"),
                        brief(path),
                        "a relative path inside the package (no '..', not absolute)",
                        in_file(where),
                    )
                )
                continue
            inner_path = str(base / PurePosixPath(path.removeprefix("./")))
            shown = (
                f"{name}/{inner_path}" if isinstance(store, _Zip) else str(Path(name) / inner_path)
            )
            loaded = _load(store, inner_path, shown, package)
            if loaded is None:
                continue
            if FILE_TYPES.get(str(loaded.get("file_type"))) != kind:
                package.problems.append(
                    Problem(
                        "file_type",
                        brief(loaded.get("file_type")),
                        f"the type the manifest lists ({kind})",
                        in_file(shown),
                    )
                )
                continue
            _add(package, shown, loaded)
    return package


def _inside(path: str) -> bool:
    p = PurePosixPath(path.replace("\\", "/"))
    return bool(path) and not p.is_absolute() and ".." not in p.parts and ":" not in path
