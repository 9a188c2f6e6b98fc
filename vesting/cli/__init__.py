"""The ``vesting`` command line: the only package that names command-line flags.

Every option is declared once (:mod:`vesting.cli.options`, :mod:`vesting.cli.params`),
commands are thin (:mod:`vesting.cli.commands`) and share one run path
(:mod:`vesting.cli.listing`, :mod:`vesting.cli.documents`, :mod:`vesting.run`); library
problems are shown with the options that gave the values (:mod:`vesting.cli.labels`); usage
errors are one line too (:mod:`vesting.cli.app`). Any
:class:`~vesting.errors.VestingError` becomes one ``error: ...`` line per problem on standard
error and exit status 2 (``--debug`` also prints the traceback).
"""

from __future__ import annotations

import os
import sys

from . import accounting as _accounting  # noqa: F401 - declares the accounting tables
from . import commands as _commands  # noqa: F401 - declares the commands
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Run the command line (the ``vesting`` console script, ``python -m vesting``)."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (``vesting schedule big.csv | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
