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


# ----------------------------------------------------------------------------- validate
SEVERITY_STYLE = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}


def _add_validate_parser(sub) -> None:
    p = sub.add_parser("validate", help="check the graph with the SHACL shapes (structure and completeness)")
    p.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE", help="a graph file (.ttl .trig .nq .nt .jsonld); default: the store")
    p.add_argument("--store", type=Path, default=None, help="the store to validate (default: $ESGKG_STORE or .esgkg/)")
    p.add_argument("--report", type=Path, default=None, metavar="FILE", help="write the SHACL validation report (Turtle) here")
    p.add_argument("--inference", choices=("none", "rdfs"), default="none", help="RDFS inference over the ontology before validating (default: none)")
    p.add_argument("--only", action="append", default=None, metavar="REPORT_IRI", help="validate only this report (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every result with its message, not a count per rule")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing; the exit status says whether there are violations")
    p.set_defaults(func=_cmd_validate)


def _cmd_validate(args: argparse.Namespace) -> int:
    """Exit 0 when there is no violation (warnings and infos alone do not fail), 1 otherwise."""
    from .store import StoreError, open_store
    from .validate import ValidationInputError, validate_file, validate_store

    if args.file is not None and args.store is not None:
        raise CliError("give a FILE or --store, not both")
    try:
        if args.file is not None:
            result = validate_file(args.file, reports=args.only, inference=args.inference)
        else:
            result = validate_store(open_store(args.store, read_only=True), reports=args.only, inference=args.inference)
    except (ValidationInputError, StoreError) as err:
        raise CliError(str(err)) from None
    if args.report is not None:
        try:
            args.report.parent.mkdir(parents=True, exist_ok=True)
            result.report_graph.serialize(destination=args.report, format="turtle")
        except OSError as err:
            raise CliError(f"{args.report}: cannot write the report ({err.strerror or err})") from None
    if not args.quiet:
        _print_validation(result, args.verbose)
    return 0 if result.conforms else 1


def _print_validation(result, verbose: bool) -> None:
    from rich.markup import escape

    counts = result.counts()
    verdict = "[green]conforms[/]" if result.conforms else "[bold red]does not conform[/]"
    out_console.print(
        f"validated {len(result.reports)} report(s) in {result.seconds:.2f} s: {verdict} "
        f"({counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info(s))", soft_wrap=True)
    groups = result.by_company()
    summary = Table(title="by company")
    for name, justify in (("company", "left"), ("report", "left"), ("violations", "right"), ("warnings", "right"), ("infos", "right")):
        summary.add_column(name, justify=justify)
    for report, company in sorted(result.companies.items(), key=lambda kv: (kv[1].lower(), str(kv[0]))):
        c = {s: sum(i.severity == s for i in groups.get((company, report), ())) for s in SEVERITY_STYLE}
        summary.add_row(escape(company), _short(report), *(f"[{SEVERITY_STYLE[s]}]{c[s]}[/]" if c[s] else "0" for s in SEVERITY_STYLE))
    out_console.print(summary)
    for (company, report), issues in groups.items():
        out_console.print(_issue_table(escape(f"{company} — {_short(report)}"), issues, verbose))


def _issue_table(title: str, issues: list, verbose: bool) -> Table:
    """One company's results: a row per rule (with the focus nodes' labels), or per result if verbose."""
    from rich.markup import escape

    order = {s: n for n, s in enumerate(SEVERITY_STYLE)}
    table = Table(title=title, title_justify="left", show_lines=verbose)
    table.add_column("severity")
    table.add_column("rule")
    if verbose:
        table.add_column("focus")
        table.add_column("value")
        table.add_column("message")
        for i in sorted(issues, key=lambda i: (order.get(i.severity, 9), i.shape_label, i.focus_label)):
            value = "" if i.value is None or i.value == i.focus else str(i.value)
            table.add_row(f"[{SEVERITY_STYLE.get(i.severity, '')}]{i.severity}[/]", *map(escape, (i.shape_label, i.focus_label, value, i.message)))
        return table
    table.add_column("n", justify="right")
    table.add_column("focus")
    by_rule: dict[tuple[str, str], list[str]] = {}
    for i in issues:
        by_rule.setdefault((i.severity, i.shape_label), []).append(i.focus_label)
    for (severity, rule), focus in sorted(by_rule.items(), key=lambda kv: (order.get(kv[0][0], 9), kv[0][1])):
        shown = "; ".join(sorted(set(focus))[:3]) + (f"; … +{len(set(focus)) - 3} more" if len(set(focus)) > 3 else "")
        table.add_row(f"[{SEVERITY_STYLE.get(severity, '')}]{severity}[/]", escape(rule), str(len(focus)), escape(shown))
    return table


def _short(iri) -> str:
    return "-" if iri is None else str(iri).rstrip("/").rsplit("/", 1)[-1]


# ----------------------------------------------------------------------------- viz
def _add_viz_parser(sub) -> None:
    p = sub.add_parser("viz", help="draw one company's group: picture (.png .svg .pdf), interactive page (.html) or .graphml")
    p.add_argument("company", metavar="COMPANY", help="a name or alias (case-insensitive; part of a name will do) or an IRI")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file; its extension picks the format")
    p.add_argument("--store", type=Path, default=None, help="the store (default: $ESGKG_STORE or .esgkg/)")
    p.set_defaults(func=_cmd_viz)


def _cmd_viz(args: argparse.Namespace) -> int:
    from . import viz
    from .store import StoreError, open_store

    if args.output.suffix.lower() not in viz.FORMATS:
        raise CliError(f"{args.output}: unknown picture format (use {' '.join(viz.FORMATS)})")
    try:
        G = viz.company_graph(open_store(args.store, read_only=True), args.company)
        out = viz.save(G, args.output)
    except (StoreError, viz.CompanyNotFound) as err:
        raise CliError(str(err)) from None
    except OSError as err:
        raise CliError(f"{args.output}: cannot write ({err.strerror or err})") from None
    err_console.print(f"{G.graph['name']}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges -> {out}", soft_wrap=True)
    return 0


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
    _add_validate_parser(sub)
    _add_viz_parser(sub)
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
