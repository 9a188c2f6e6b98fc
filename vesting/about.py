"""The package's version, and how it was installed, in a module of its own so that any layer
can name them without importing the package root."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__version__ = "0.1.0"


def install_hint(extra: str) -> str:
    """The command that adds the optional ``extra`` the way this copy was installed.

    The rule: the running interpreter's pip (``python -m pip``, so the right environment gets
    it; the interpreter shown relative to the current directory when it is under it); from a
    checkout installed editable (``pip install -e .``), ``-e`` with the checkout's directory
    (``'.[charts]'`` when that is the current directory); otherwise the package by name
    (``'vesting[charts]'``).
    """
    python = _shown(Path(sys.executable))
    checkout = _editable_checkout()
    if checkout is None:
        return f"{python} -m pip install 'vesting[{extra}]'"
    return f"{python} -m pip install -e '{_shown(checkout, dot=True)}[{extra}]'"


def _shown(path: Path, dot: bool = False) -> str:
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    text = str(relative)
    if text == ".":
        return "." if dot else str(path)
    return text if os.sep in text or not dot else f"./{text}"


def _editable_checkout() -> Path | None:
    """The checkout this copy runs from: the directory above the package when it holds the
    project's ``pyproject.toml`` (an editable install, or a run from the checkout), else
    ``None`` (an installed copy, in ``site-packages``)."""
    here = Path(__file__).resolve().parent.parent
    if "site-packages" in here.parts or not (here / "pyproject.toml").is_file():
        return None
    return here
