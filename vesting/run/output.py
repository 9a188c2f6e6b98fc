"""Where a run's output goes: standard output, or a file written under a temporary name in the
same folder and renamed onto it only when everything is written — a failing run never leaves
a half-written file, nor damages an earlier one. A new file gets the permissions any new file
gets (a temporary file is made readable by its owner only)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar, cast

from ..errors import InputError, Problem
from ..io.source import check_path

S = TypeVar("S", bound=IO[Any])


@contextlib.contextmanager
def text_output(path: str | None, stdout: TextIO | None = None) -> Iterator[TextIO]:
    """Text to ``path`` (see the module doc); ``None`` or ``-``: standard output."""
    if path is None or path == "-":
        yield stdout if stdout is not None else sys.stdout
        return

    def make(folder: Path, prefix: str) -> TextIO:
        # a text file object: what NamedTemporaryFile returns for "w" (its wrapper is typed
        # apart from TextIO)
        return cast(
            TextIO,
            tempfile.NamedTemporaryFile(
                "w", dir=folder, prefix=prefix, suffix=".tmp", delete=False, encoding="utf-8",
                newline="",
            ),
        )  # fmt: skip

    with _replace(path, make) as out:
        yield out


@contextlib.contextmanager
def binary_output(path: str | None, stdout: BinaryIO | None = None) -> Iterator[BinaryIO]:
    """Bytes to ``path`` (pictures, calendars); ``None`` or ``-``: standard output."""
    if path is None or path == "-":
        yield stdout if stdout is not None else sys.stdout.buffer
        return

    def make(folder: Path, prefix: str) -> BinaryIO:
        return cast(
            BinaryIO,
            tempfile.NamedTemporaryFile(
                "wb", dir=folder, prefix=prefix, suffix=".tmp", delete=False
            ),
        )

    with _replace(path, make) as out:
        yield out


def _readable(path: str) -> None:
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


@contextlib.contextmanager
def _replace(path: str, make: Callable[[Path, str], S]) -> Iterator[S]:
    target = Path(check_path(path, "output"))
    try:
        folder_given = target.is_dir()
    except OSError as e:  # a name the system refuses to look at (too long, ...)
        reason = e.strerror or type(e).__name__
        raise InputError(
            [Problem("output", path, f"a file name the system takes ({reason})")]
        ) from None
    if folder_given:
        raise InputError([Problem("output", path, "a file name, not a folder")])
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle = make(folder, f".{target.name}.")
    except OSError as e:
        raise InputError(
            [Problem("output", path, f"a file in a writable folder ({e.strerror or e})")]
        ) from None
    try:
        _readable(handle.name)
        yield handle
        handle.close()
        try:
            os.replace(handle.name, target)
        except OSError as e:
            raise InputError(
                [Problem("output", path, f"a file that can be replaced ({e.strerror or e})")]
            ) from None
    except BaseException:
        handle.close()
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
