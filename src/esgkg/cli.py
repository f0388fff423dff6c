"""The ``esgkg`` command: a thin layer over the Python API (argument parsing and printing only)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


# ----------------------------------------------------------------------------- build
def _cmd_build(args: argparse.Namespace) -> int:
    from . import graph as graph_mod
    from .pipeline import ReportError, build

    from .store import StoreError, open_store

    if args.output is not None:
        try:
            graph_mod.format_for(args.output)
        except ValueError as err:
            raise CliError(str(err)) from None
    try:
        store = None if args.no_store else open_store(args.store)
    except StoreError as err:
        raise CliError(str(err)) from None
    progress = Progress(
        TextColumn("[bold]building[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[name]}"), TimeElapsedColumn(),
        console=err_console, transient=True, disable=args.quiet or not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("build", total=None, name="")

        def step(item) -> None:
            if isinstance(item, ReportError):
                err_console.print(f"[red]error[/] {item}", soft_wrap=True)
            progress.update(task, advance=1, name=item.path.name)

        from .ingest import discover

        files, missing = discover(args.paths)
        progress.update(task, total=len(files) + len(missing))
        result = build(args.paths, model=args.model, store=store, keep_dataset=args.output is not None, progress=step)
    if not result.reports and not result.errors:
        raise CliError("no report files found (supported: .txt .md .pdf .html)")
    if args.output is not None:
        graph_mod.write(result.dataset, args.output)
    if store is not None:
        store.flush()
    if not args.quiet:
        where = " and ".join(str(x) for x in (args.output, None if store is None else f"store {store.path}") if x)
        _summary(result, where)
    return 1 if result.errors else 0


SUMMARY_KEYS = ("reports", "organizations", "subsidiaries", "certifications", "targets", "facilities", "suppliers", "customers", "memberships", "triples")


def _summary(result, output: str) -> None:
    counts = result.counts()
    rate = f", {result.words / result.seconds:,.0f} words/s" if result.seconds else ""
    err_console.print(f"built {counts['reports']} report(s) in {result.seconds:.2f} s{rate} -> {output}", soft_wrap=True)
    table = Table(show_header=False, box=None, padding=(0, 1, 0, 2))
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in SUMMARY_KEYS:
        table.add_row(key, f"{counts.get(key, 0):,}")
    err_console.print(table)
    if result.errors:
        err_console.print(f"[red]{len(result.errors)} report(s) failed:[/]")
        for e in result.errors:
            err_console.print(f"  {e}", soft_wrap=True)


# ----------------------------------------------------------------------------- parser
def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="esgkg", description="Turn ESG / sustainability reports into a knowledge graph and query it.")
    parser.add_argument("--version", action="version", version=f"esgkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("build", help="read reports (files or folders) and write the graph")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files (.txt .md .pdf .html) or folders")
    p.add_argument("-o", "--output", type=Path, default=None, help="also write a file; format from extension: .ttl .trig .nq .jsonld")
    p.add_argument("--store", type=Path, default=None, help="the embedded store to update (default: $ESGKG_STORE or .esgkg/)")
    p.add_argument("--no-store", action="store_true", help="do not touch the store (only write -o)")
    p.add_argument("--model", default=None, help="a spaCy pipeline to tokenise with (default: spacy.blank('en'))")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=_cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as err:
        err_console.print(f"esgkg {args.command}: {err}", soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
