"""Where grant and price text comes from: a path, ``-`` (standard input) or an open text
stream; and which format it is in.

Text is UTF-8 (a byte-order mark, as spreadsheets write it, is dropped). Streams are read
lazily, line by line — a CSV or JSON-lines file of any size is never held in memory; a TOML or
JSON document is read whole, so it is bounded (``MAX_DOCUMENT``).

Format: from the file suffix (``.toml``, ``.json``, ``.jsonl``/``.ndjson``, ``.csv``), else
from the first text: ``{`` starts JSON — or JSON lines, when the first line is a complete
object without a document key (``grants``, ``grant``, ``defaults``, ``terms``,
``schema_version``); a first line (not blank, not a ``#`` comment) that starts with ``[`` or
``key =`` is TOML; anything else is CSV. A JSON document (whatever its suffix) whose start
holds an OCF ``"file_type": "OCF_..."`` is an OCF file; folders, ``.zip`` files and
``*.ocf.json`` paths are OCF too (:mod:`vesting.io.ocf`).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from ..errors import MISSING, Field, InputError, Location, Problem

Source = str | os.PathLike[str] | IO[str]
"""A path, ``"-"`` for standard input, or an open text stream."""

FORMATS: Final = ("toml", "json", "jsonl", "csv", "ocf")
SUFFIXES: Final = {
    "toml": "toml",
    "json": "json",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "csv": "csv",
}
MAX_DOCUMENT: Final = 64 * 1024 * 1024
"""The largest TOML or JSON document read (64 MiB): they are read whole. CSV and JSON lines
stream, and have no size limit."""
_PEEK: Final = 64 * 1024
_DOCUMENT_KEYS: Final = ("grants", "grant", "defaults", "terms", "schema_version")
_TOML_START = re.compile(r"\s*(\[|[A-Za-z0-9_\-\"']+\s*=)")
_OCF = re.compile(r'"file_type"\s*:\s*"OCF_[A-Z_]+"')


@dataclass
class Text:
    """An opened source: its ``name`` (for messages), the detected or given ``format``, and its
    ``lines`` (an iterator of lines with their line ends, read lazily)."""

    name: str
    format: str
    lines: Iterator[str]
    size: int | None = None
    """The size in bytes, when the source is a regular file (for progress)."""
    tell: Callable[[], int] | None = None
    """How many bytes have been read so far, when the source can say (for progress)."""

    def read(self, field: Field = "file") -> str:
        """The whole text (documents), bounded by ``MAX_DOCUMENT``."""
        parts: list[str] = []
        size = 0
        for line in self.lines:
            size += len(line)
            if size > MAX_DOCUMENT:
                raise InputError(
                    [
                        Problem(
                            field,
                            self.name,
                            f"a file of at most {MAX_DOCUMENT // (1024 * 1024)} MiB when it "
                            "is read whole (TOML, JSON, prices); CSV and JSON lines are read "
                            "a line at a time and have no limit",
                        )
                    ]
                )
            parts.append(line)
        return "".join(parts)


def check_path(path: str | os.PathLike[str], field: Field = "file") -> str:
    """``path`` as text, refused when the system could not open it by that name (a NUL
    character): one located problem rather than the operating system's own error."""
    text = os.fspath(path)
    if "\x00" in text:
        raise InputError([Problem(field, text, "a file name without a NUL character")])
    return text


def check_format(format: str | None, field: Field = "input_format") -> str | None:
    """``format`` normalised (``toml``, ``json``, ``jsonl``, ``csv``), or ``None``."""
    if format is None:
        return None
    key = format.strip().lower()
    key = {"ndjson": "jsonl", "nl": "jsonl"}.get(key, key)
    if key not in FORMATS:
        raise InputError([Problem(field, format, "toml, json, jsonl, csv or ocf")])
    return key


def detect_format(name: str, head: str) -> str:
    """The format of a source from its name's suffix, else from its first text (module doc)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in SUFFIXES and SUFFIXES[suffix] != "json":
        return SUFFIXES[suffix]
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{") and _OCF.search(stripped):
        return "ocf"
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0]
        try:
            obj = json.loads(first)
        except (ValueError, RecursionError):
            return "json"
        if isinstance(obj, dict) and not any(k in obj for k in _DOCUMENT_KEYS):
            return "jsonl"
        return "json"
    for line in stripped.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        return "toml" if _TOML_START.match(line) else "csv"
    return "toml"


def _unreadable(field: Field, name: str, reason: str) -> InputError:
    return InputError([Problem(field, name, reason)])


def _guarded(lines: IO[str] | Iterator[str], field: Field, name: str) -> Iterator[str]:
    """Lines of a stream; text that is not UTF-8 becomes an :class:`InputError` naming the
    line it was found on."""
    number = 0
    iterator = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise _unreadable(
                field, name, f"UTF-8 text (line {number + 1} holds bytes that are not UTF-8)"
            ) from None
        number += 1
        yield line


@contextmanager
def open_text(source: Source, format: str | None = None, field: Field = "file") -> Iterator[Text]:
    """Open ``source`` for reading (see the module doc); the stream is closed on exit (never
    standard input itself, nor a stream the caller passed in)."""
    fmt = check_format(format)
    stream: IO[str]
    close = True
    if isinstance(source, str | os.PathLike):
        name = "<stdin>" if str(source) == "-" else check_path(source, field)
        if str(source) == "-":
            raw = getattr(sys.stdin, "buffer", None)
            if raw is None:  # replaced by a text stream (tests, embedding)
                stream, close = sys.stdin, False
            else:
                stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", errors="strict")
        else:
            try:
                stream = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115
            except OSError as e:
                reason = e.strerror or type(e).__name__
                raise _unreadable(field, name, f"a readable file ({reason})") from None
    else:
        name = str(getattr(source, "name", "<stream>"))
        stream, close = source, False
    try:
        try:
            head = stream.read(_PEEK)
            if head and not head.endswith("\n"):
                head += stream.readline()
        except UnicodeDecodeError:
            raise _unreadable(field, name, "UTF-8 text (the start is not UTF-8)") from None
        except OSError as e:
            raise _unreadable(field, name, f"a readable file ({e.strerror or e})") from None
        head = head.removeprefix("\ufeff")
        chosen = fmt or detect_format(name, head)
        lines = _chain(io.StringIO(head, newline=""), _guarded(stream, field, name))
        yield Text(name, chosen, lines, *_measure(stream))
    finally:
        if str(source) == "-" and close and isinstance(stream, io.TextIOWrapper):
            stream.detach()  # leave sys.stdin.buffer open
        elif close:
            stream.close()


def _measure(stream: IO[str]) -> tuple[int | None, Callable[[], int] | None]:
    """The size of a regular file and a way to ask how far into it the reading is."""
    try:
        size = os.fstat(stream.fileno()).st_size
        if not isinstance(stream, io.TextIOWrapper):
            return None, None
        raw = stream.buffer
        raw.tell()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None, None
    return size, raw.tell


def _chain(head: IO[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest


def read_text(source: Source, field: Field = "file") -> tuple[str, str]:
    """``(name, text)`` of a whole (small) text source: price files, documents."""
    with open_text(source, "csv", field) as text:
        return text.name, text.read(field)


def is_ocf_path(source: object) -> bool:
    """A path to a folder, a ``.zip`` or a ``*.ocf.json`` file (read as OCF)."""
    if not isinstance(source, str | os.PathLike) or str(source) == "-":
        return False
    path = Path(source)
    name = path.name.lower()
    return path.is_dir() or name.endswith(".zip") or name.endswith(".ocf.json")


NO_GRANTS: Final = (
    'at least one grant (TOML [[grant]] tables, a JSON "grants" list, one grant per CSV row '
    "after the header or per JSON line)"
)


def no_grants(name: str) -> Problem:
    """The problem of a source that holds no grant at all — an empty file, ``{}``, blank
    lines, a CSV header alone: the same for every format, and a problem of the input as a
    whole (every command stops: there is nothing to answer)."""
    return Problem("grants", MISSING, NO_GRANTS, Location(name))
