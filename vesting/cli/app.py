"""The ``vesting`` application: help that stays plain and fast, usage errors in the project's
one-line form, and ``--version``.

Every usage error — an unknown option, a missing option value, no command at all — is one
``error: ...`` line on standard error and exit status 2, like every other problem (with no
command at all, the help goes to standard error too).
"""

from __future__ import annotations

import sys
from typing import Any

import typer

# typer 0.28 carries its own click; its usage errors are these (pinned in pyproject.toml)
from typer._click import exceptions as _clicks

from ..about import __version__
from ..errors import one_line


class HelpCommand(typer.core.TyperCommand):
    """Plain help (no rich formatting: ``--help`` stays fast and pipes cleanly), with options
    in their groups (Input, Ad-hoc terms, What-if events, Output) as declared."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                title = "Arguments"
            else:
                title = getattr(param, "rich_help_panel", None) or "Options"
            sections.setdefault(title, []).append(record)
        for title, records in sections.items():
            with formatter.section(title):
                formatter.write_dl(records)


def usage_error(error: Any) -> int:
    """Show a usage error in the one-line form; its exit status (2)."""
    if isinstance(error, _clicks.NoArgsIsHelpError):
        ctx = getattr(error, "ctx", None)
        if ctx is not None:
            sys.stderr.write(ctx.get_help() + "\n")
        return 2
    command = getattr(getattr(error, "ctx", None), "command_path", "") or "vesting"
    message = one_line(error.format_message()).rstrip(".")
    sys.stderr.write(f"error: {one_line(command)}: {message} (see {one_line(command)} --help)\n")
    return 2


class Application(typer.core.TyperGroup):
    """The command group, with usage errors shown as one line (see the module doc)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except _clicks.UsageError as e:
            code = usage_error(e)
        except typer.TyperException as e:
            sys.stderr.write(f"error: {one_line(e.format_message())}\n")
            code = e.exit_code
        except typer.Abort:
            sys.stderr.write("Aborted.\n")
            code = 1
        if not standalone:
            return code
        sys.exit(code or 0)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"vesting {__version__}\n")
        raise typer.Exit(0)


app = typer.Typer(
    name="vesting",
    cls=Application,
    help="Exact vesting schedules, status, values, accounting and tax of stock options and RSUs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Exact vesting schedules, status, values, accounting and tax of stock options and RSUs."""
