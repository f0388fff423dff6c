"""Past one machine (issue 22): N synthetic reports built with ``--jobs 2`` and with ``--cluster local:2``.

For each build (``esgkg build DIR --store S -q`` plus ``--jobs 2`` or ``--cluster local:2``, in a child
process): wall time, reports/s, the peak RSS of every process of its tree (the client, each Dask
worker, each limited ``esgkg.worker``; sampled every 0.5 s) and of the tree as a whole, the CPU
seconds of each, and the store's bytes per quad; then the cluster / jobs ratio side by side.  On the
cluster's store: every library query (``queries/``; median and worst of ``--repeat`` runs), SHACL of
one report inside it, and a projection of 50,000 real reports on N workers from the per-report CPU
of the development texts (``../shared``: the ten texts and the six published PDFs).

    .venv/bin/python benchmarks/bench_10k.py --count 200 --size 40000 --workdir /tmp/b10k   # a check, ~10 min under load
    .venv/bin/python benchmarks/bench_10k.py --workdir /tmp/b10k                             # 10,000 reports of 100-200 KB

The reports are written once per (count, size, seed) and reused; ``--skip-build`` measures the
queries, SHACL and the projection on the stores a previous run left in ``--workdir``, and
``--queries-only`` only the queries and SHACL.  Each query is timed as ``esgkg query NAME`` runs it (its
default page, on which the 1 s goal is judged) and on its whole answer (``--limit 0``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
import synth_reports  # noqa: E402

SHARED = Path(os.environ.get("ESGKG_SHARED", measure.REPO.parent / "shared"))
GOAL_RSS_MB, GOAL_BYTES_PER_QUAD, GOAL_QUERY_S = 2048.0, 300.0, 1.0


# ----------------------------------------------------------------------------- a build, every process sampled
@dataclass
class Proc:
    """One process of a build's tree as sampled: its role, peak resident memory and CPU seconds."""

    pid: int
    role: str
    peak_rss: int = 0
    cpu: float = 0.0


@dataclass
class Sampled:
    """A build measured by :func:`run_sampled`: the figures of measure.run and every process of its tree."""

    run: measure.Run
    tree_peak: int = 0
    procs: dict[int, Proc] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.run.seconds

    @property
    def returncode(self) -> int:
        return self.run.returncode

    def by_role(self) -> dict[str, list[Proc]]:
        roles: dict[str, list[Proc]] = {}
        for p in self.procs.values():
            roles.setdefault(p.role, []).append(p)
        return roles


def _role(proc: psutil.Process, root: int) -> str:
    if proc.pid == root:
        return "client (esgkg build)"
    try:
        line = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "other"
    if "esgkg.worker" in line:
        return "esgkg.worker (limited)"
    if "spawn_main" in line or "distributed" in line:
        return "dask worker"
    if "resource_tracker" in line or "forkserver" in line:
        return "multiprocessing helper"
    return Path(proc.name()).name


def run_sampled(command: list[str], interval: float = 0.5, timeout: float | None = None) -> Sampled:
    """Run ``command``, sampling the RSS and CPU of each process of its tree every ``interval`` seconds."""
    procs: dict[int, Proc] = {}

    def sample(root: psutil.Process) -> int:
        total = 0
        for p in [root, *root.children(recursive=True)]:
            try:
                rss, cpu = p.memory_info().rss, sum(p.cpu_times()[:2])
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            known = procs.get(p.pid) or procs.setdefault(p.pid, Proc(p.pid, _role(p, root.pid)))
            known.peak_rss, known.cpu = max(known.peak_rss, rss), max(known.cpu, cpu)
            total += rss
        return total

    run = measure.run(command, timeout=timeout, interval=interval, sample=sample)
    return Sampled(run, int(run.peak_rss_mb * 2**20), procs)


def store_figures(path: Path) -> tuple[int, int, int]:
    """Reports and quads in the store at ``path``, and its size in bytes."""
    from esgkg.store import open_store

    store = open_store(path, read_only=True)
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return len(store.reports()), len(store), size


def build(folder: Path, store: Path, how: list[str], timeout: float | None) -> tuple[Sampled, tuple[int, int, int]]:
    shutil.rmtree(store, ignore_errors=True)
    run = run_sampled(measure.esgkg("build", str(folder), "--store", str(store), "-q", *how), timeout=timeout)
    if run.returncode != 0:
        print(f"  build {' '.join(how)} exited {run.returncode}: {run.run.stderr.strip().splitlines()[-3:]}", file=sys.stderr)
    return run, store_figures(store)


def describe(label: str, run: Sampled, figures: tuple[int, int, int], count: int) -> list[str]:
    reports, quads, size = figures
    lines = [f"{label}: {reports:,} of {count:,} reports stored in {run.seconds:,.1f} s ({reports / run.seconds:.2f} reports/s), "
             f"exit {run.returncode}; store {size / 2**20:,.0f} MB for {quads:,} quads = {size / max(quads, 1):,.0f} bytes/quad; "
             f"peak RSS of the whole tree {run.tree_peak / 2**20:,.0f} MB"]
    for role, procs in sorted(run.by_role().items()):
        peaks = ", ".join(f"{p.peak_rss / 2**20:,.0f}" for p in sorted(procs, key=lambda p: -p.peak_rss))
        cpu = sum(p.cpu for p in procs)
        lines.append(f"    {role:26} x{len(procs):<3} peak RSS MB: {peaks}; CPU {cpu:,.1f} s")
    return lines


# ----------------------------------------------------------------------------- queries and SHACL on the store
def query_params(store) -> dict[str, dict[str, str]]:
    """Parameters for the queries that need an IRI: two reporting companies and one certification of the store."""
    _, rows = store.select("PREFIX esg: <https://w3id.org/esgkg/ontology#> SELECT DISTINCT ?c WHERE { ?r esg:reportingCompany ?c } LIMIT 2")
    a, b = (str(r["c"]) for r in rows)
    _, rows = store.select("PREFIX esg: <https://w3id.org/esgkg/ontology#> SELECT ?f WHERE { ?f a esg:Certification } LIMIT 1")
    return {"standards-one-group-lacks": {"a": a, "b": b}, "evidence": {"fact": str(rows[0]["f"])}}


def time_queries(path: Path, repeat: int, full: bool = True) -> list[str]:
    """Each library query on the store at ``path``, ``repeat`` runs: what ``esgkg query NAME`` runs (its
    default page of ``query.DEFAULT_PAGE`` rows; the goal is judged on it) and, with ``full``, the whole
    answer (``--limit 0``): rows, median and worst milliseconds of each."""
    from esgkg import query as q
    from esgkg.store import open_store

    store = open_store(path, read_only=True)
    params = query_params(store)

    def timed(query, limit):
        times, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(q.run_query(store, query, params.get(query.name), limit=limit).rows)
            times.append(time.perf_counter() - started)
        return rows, statistics.median(times), max(times)

    lines = [f"{'query':38} {'page rows':>9} {'median ms':>10} {'worst ms':>10}  goal <= {GOAL_QUERY_S:g} s"
             + (f"  | {'all rows':>8} {'median ms':>10} {'worst ms':>10}" if full else "")]
    for query in q.list_queries():
        rows, median, worst = timed(query, q.DEFAULT_PAGE)
        line = f"{query.name:38} {rows:>9,} {median * 1e3:>10,.1f} {worst * 1e3:>10,.1f}  {'ok' if worst <= GOAL_QUERY_S else 'MISS':>4}"
        if full:
            rows, median, worst = timed(query, None)
            line += f"          | {rows:>8,} {median * 1e3:>10,.1f} {worst * 1e3:>10,.1f}"
        lines.append(line)
    lines.append(f"page: what 'esgkg query NAME' runs ({q.DEFAULT_PAGE} rows: --limit {q.DEFAULT_PAGE}); all rows: --limit 0. "
                 "parameters: " + "; ".join(f"{n}: {p}" for n, p in params.items()))
    return lines


def time_shacl(path: Path, repeat: int) -> str:
    from esgkg.store import open_store
    from esgkg.validate import validate_store

    store = open_store(path, read_only=True)
    report = store.reports()[len(store.reports()) // 2]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = validate_store(store, reports=[report])
        times.append(time.perf_counter() - started)
    return (f"SHACL of one report ({report}) inside the store of {len(store.reports()):,}: median {statistics.median(times):.2f} s, "
            f"worst {max(times):.2f} s; conforms: {result.conforms}")


# ----------------------------------------------------------------------------- projection
CPU_PROBE = """
import json, sys, time
from pathlib import Path
from esgkg.pipeline import build_one, worker_start
worker_start(None)  # the pipeline once, as a worker does before its first report
out = []
for name in sys.argv[1:]:
    started = time.process_time()
    item = build_one(Path(name))
    out.append({"file": Path(name).name, "cpu": time.process_time() - started, "triples": item.triples, "words": item.words})
print(json.dumps(out))
"""


def dev_cpu(shared: Path) -> list[dict]:
    """CPU seconds, triples and words of each development report, read one after another in one process."""
    files = sorted((shared / "corpus").glob("*.txt")) + sorted((shared / "corpus-external").glob("*.txt"))
    files += sorted((shared / "corpus-external").glob("*.pdf"))
    if not files:
        return []
    run = subprocess.run([sys.executable, "-c", CPU_PROBE, *map(str, files)], capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        print(f"  CPU probe failed: {run.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return []
    return json.loads(run.stdout)


def projection(dev: list[dict], client_cpu_per_quad: float | None, total: int = 50_000) -> list[str]:
    """50,000 real reports on N workers: extraction spread over the workers, the client's commits serial."""
    if not dev:
        return [f"projection: no development texts at {SHARED} (set ESGKG_SHARED)"]
    texts = [d for d in dev if d["file"].endswith(".txt")]
    pdfs = [d for d in dev if d["file"].endswith(".pdf")]
    lines = []
    for label, group in (("texts", texts), ("PDFs", pdfs)):
        if group:
            lines.append(f"development {label}: {len(group)} reports, CPU per report mean {statistics.mean(d['cpu'] for d in group):.2f} s "
                         f"(min {min(d['cpu'] for d in group):.2f}, max {max(d['cpu'] for d in group):.2f}), "
                         f"{statistics.mean(d['triples'] for d in group):,.0f} triples per report")
    basis = pdfs or texts
    cpu = statistics.mean(d["cpu"] for d in basis)
    triples = statistics.mean(d["triples"] for d in basis)
    client = (client_cpu_per_quad or 0.0) * triples * total
    lines.append(f"projection for {total:,} real reports ({'PDF' if pdfs else 'text'}: {cpu:.2f} s CPU each; client commit "
                 f"{(client_cpu_per_quad or 0) * 1e6:.1f} us CPU per quad, measured in the cluster build, = {client / 3600:.1f} h serial):")
    lines.append(f"{'workers':>8} {'extraction h':>13} {'client h':>9} {'wall h (the larger)':>20}")
    for workers in (2, 8, 32, 128, 512):
        extraction = total * cpu / workers
        lines.append(f"{workers:>8} {extraction / 3600:>13.1f} {client / 3600:>9.1f} {max(extraction, client) / 3600:>20.1f}")
    return lines


# ----------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="synthetic reports (default 10,000)")
    parser.add_argument("--size", type=int, default=None, metavar="CHARS",
                        help="characters per report (default: 100-200 KB each, as BENCHMARKS section 2)")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--workers", type=int, default=2, help="--jobs N against --cluster local:N (default 2)")
    parser.add_argument("--workdir", type=Path, required=True, help="where reports and stores go (kept for --skip-build)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query and of SHACL (default 5)")
    parser.add_argument("--timeout", type=float, default=None, help="stop a build after this many seconds")
    parser.add_argument("--skip-build", action="store_true", help="measure queries, SHACL and the projection on the stores of a previous run")
    parser.add_argument("--no-projection", action="store_true", help="do not read the development texts")
    parser.add_argument("--queries-only", action="store_true",
                        help="only the library queries and SHACL on the store a previous run left (--skip-build --no-projection)")
    parser.add_argument("--no-full-answers", action="store_true", help="time only each query's default page, not its whole answer")
    parser.add_argument("--concurrent", action="store_true",
                        help="run the two builds at the same time (each sees the same load; each has half the machine)")
    args = parser.parse_args()
    if args.queries_only:
        args.skip_build = args.no_projection = True

    print(f"machine: {measure.machine()}; esgkg commit {measure.git_commit()}", flush=True)
    folder = args.workdir / f"reports_{args.count}_{args.size or 'default'}_seed{args.seed}"
    if len(list(folder.glob("*.txt"))) != args.count:
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        synth_reports.write_reports(folder, args.count, args.seed, args.size)
        print(f"wrote {args.count:,} reports in {time.perf_counter() - started:,.0f} s", flush=True)
    size = sum(p.stat().st_size for p in folder.glob("*.txt"))
    print(f"input: {args.count:,} synthetic reports, {size / 2**20:,.1f} MB ({size / args.count / 1e3:,.0f} KB each)", flush=True)
    stores = {"jobs": args.workdir / f"store_{folder.name}_jobs{args.workers}",
              "cluster": args.workdir / f"store_{folder.name}_local{args.workers}"}
    client_cpu_per_quad = None
    if not args.skip_build:
        free = shutil.disk_usage(args.workdir).free
        need = args.count * (size / args.count + 2 * 2**20)  # a store: ~1.5 KB a quad before its repack, two kept
        if free < need:
            print(f"warning: {free / 2**30:,.0f} GB free in {args.workdir}, the builds may need {need / 2**30:,.0f} GB", flush=True)
        runs = {}
        hows = {"jobs": ["--jobs", str(args.workers)], "cluster": ["--cluster", f"local:{args.workers}"]}
        if args.concurrent:  # both at once: the same load for both, so their ratio is fair on a shared machine
            from concurrent.futures import ThreadPoolExecutor

            print(f"uptime before the concurrent builds: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
            with ThreadPoolExecutor(2) as pool:
                futures = {key: pool.submit(build, folder, stores[key], how, args.timeout) for key, how in hows.items()}
                runs = {key: f.result() for key, f in futures.items()}
            for key, how in hows.items():
                print("\n".join(describe(" ".join(how), *runs[key], args.count)), flush=True)
        for key, how in hows.items():
            if key in runs:
                continue
            print(f"uptime before the {key} build: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}", flush=True)
            runs[key] = build(folder, stores[key], how, args.timeout)
            print("\n".join(describe(" ".join(how), *runs[key], args.count)), flush=True)
        (j, jf), (c, cf) = runs["jobs"], runs["cluster"]
        rss = max(p.peak_rss for r in (j, c) for p in r.procs.values()) / 2**20
        print(f"\n| | --jobs {args.workers} | --cluster local:{args.workers} | cluster / jobs |\n|---|---:|---:|---:|")
        print(f"| wall s | {j.seconds:,.1f} | {c.seconds:,.1f} | {c.seconds / j.seconds:.2f} |")
        print(f"| reports/s | {jf[0] / j.seconds:.2f} | {cf[0] / c.seconds:.2f} | {(cf[0] / c.seconds) / (jf[0] / j.seconds):.2f} |")
        print(f"| peak RSS, largest process MB | {max(p.peak_rss for p in j.procs.values()) / 2**20:,.0f} | "
              f"{max(p.peak_rss for p in c.procs.values()) / 2**20:,.0f} | |")
        print(f"| peak RSS, whole tree MB | {j.tree_peak / 2**20:,.0f} | {c.tree_peak / 2**20:,.0f} | |")
        print(f"| store bytes/quad | {jf[2] / max(jf[1], 1):,.0f} | {cf[2] / max(cf[1], 1):,.0f} | |")
        print(f"| quads | {jf[1]:,} | {cf[1]:,} | {'same' if jf[1] == cf[1] else 'DIFFERENT'} |")
        print(f"goals: cluster no slower than jobs: {'met' if c.seconds <= j.seconds else 'missed'} ({c.seconds / j.seconds:.2f}x); "
              f"every process <= 2 GB: {'met' if rss <= GOAL_RSS_MB else 'missed'} ({rss:,.0f} MB); "
              f"store <= {GOAL_BYTES_PER_QUAD:g} bytes/quad: {'met' if cf[2] / max(cf[1], 1) <= GOAL_BYTES_PER_QUAD else 'missed'}", flush=True)
        clients = [p for p in c.procs.values() if p.role.startswith("client")]
        client_cpu_per_quad = clients[0].cpu / max(cf[1], 1) if clients else None
    store = stores["cluster"] if stores["cluster"].exists() else stores["jobs"]
    print(f"\nlibrary queries on {store.name} ({args.repeat} runs each):", flush=True)
    print("\n".join(time_queries(store, args.repeat, full=not args.no_full_answers)), flush=True)
    print(time_shacl(store, args.repeat), flush=True)
    if not args.no_projection:
        print()
        print("\n".join(projection(dev_cpu(SHARED), client_cpu_per_quad)), flush=True)


if __name__ == "__main__":
    main()
