"""Pathological report files: inputs that are small but have once made a reader or the extractor
run for minutes or grow to gigabytes (issue 16), written at any scale.

    .venv/bin/python benchmarks/pathological.py OUT_DIR [--scale 1.0] [--kinds a,b]
    .venv/bin/python benchmarks/pathological.py OUT_DIR --time [--scales 0.5,1,2,4] [--limit 30]

``--time`` builds each word-shaped case (issue 20: runs of initials, capitalised words, hyphenated capitals
before a site noun, 'AandAand…' before 'sites are certified', connectors, ...) at each scale in this process
and prints the seconds of each build (ingest + extraction + graph, the pipeline built beforehand), so the
growth with the number of words shows; a build past ``--limit`` seconds is stopped and the case's larger
sizes are skipped.

``scale=1`` writes the sizes of issue 16 (80,000 empty lines, 30,000 ``=``, 200,000 form feeds,
1 MB of ``&amp;``, a 200 x 10,000 Markdown table, a PDF with 1.5 M text operators ...); the test
suite writes the same kinds at a small scale (:func:`write_all`), ``bench_robustness.py`` at full
scale.  Every text is invented here; no real report is copied.
"""
from __future__ import annotations

import argparse
import os
import zlib
from collections.abc import Callable
from pathlib import Path

# A short report of our own (invented company): enough for a reporting company and a report year.
REPORT = """Harrowgate Tile Works Limited
2024 Sustainability Report

This report is published by Harrowgate Tile Works Limited (hereinafter "Harrowgate") for the year 2024.
Harrowgate obtained the ISO 14001 environmental management system certification in 2024.
The Company aims to achieve carbon neutrality by 2045.
"""


def _n(base: int, scale: float) -> int:
    return max(1, int(base * scale))


def _text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def empty_lines(folder: Path, scale: float) -> Path:
    """A short report followed by 80,000 empty lines (a heading regex once backtracked on them)."""
    path = folder / "empty_lines.txt"
    _text(path, REPORT + "\n" * _n(80_000, scale))
    return path


def _repeated(char: str, name: str) -> Callable[[Path, float], Path]:
    def write(folder: Path, scale: float) -> Path:
        path = folder / f"{name}.txt"
        _text(path, REPORT + "\n" + char * _n(30_000, scale) + "\n")
        return path

    write.__doc__ = f"A short report and one line of 30,000 {char!r} (once minutes in the tokenizer)."
    return write


def spaces(folder: Path, scale: float) -> Path:
    """A short report with 50,000 spaces on one line between two table bars (a table-rule regex)."""
    path = folder / "spaces.txt"
    _text(path, REPORT + "|" + " " * _n(50_000, scale) + "|-\n" + " " * _n(50_000, scale) + "x\n")
    return path


def form_feeds(folder: Path, scale: float) -> Path:
    """A short report followed by 200,000 form feeds (200,000 empty pages)."""
    path = folder / "form_feeds.txt"
    _text(path, REPORT + "\f" * _n(200_000, scale))
    return path


def entities(folder: Path, scale: float) -> Path:
    """An HTML report with 1 MB of ``&amp;`` in one paragraph."""
    path = folder / "entities.html"
    body = "&amp;" * _n(200_000, scale)
    _text(path, f"<html><body><p>{REPORT}</p><p>{body}</p></body></html>")
    return path


def wide_table(folder: Path, scale: float) -> Path:
    """A Markdown report with a table of 200 rows x 10,000 columns."""
    path = folder / "wide_table.md"
    cols, rows = _n(10_000, scale), _n(200, min(1.0, scale * 5))
    line = "|" + "|".join("x" for _ in range(cols)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(cols)) + "|\n"
    _text(path, REPORT + "\n" + line + rule + line * rows)
    return path


def vertical_tabs(folder: Path, scale: float) -> Path:
    """A good report whose line breaks are vertical tabs (word processors write them): not binary."""
    path = folder / "vertical_tabs.txt"
    _text(path, REPORT.replace("\n", "\v\n") + "\v" * 50)
    return path


def odd_names(folder: Path, scale: float) -> list[Path]:
    """A good report under three names: not UTF-8, with a newline, and 250 bytes long."""
    data = REPORT.encode()
    raw = os.fsencode(folder)
    paths = []
    for name in (b"report_\xff\xfe_latin1_\xe9t\xe9.txt", b"report with\nnewline.txt", b"r" * 246 + b".txt"):
        full = raw + b"/" + name
        with open(full, "wb") as f:
            f.write(data)
        paths.append(Path(os.fsdecode(full)))
    return paths


# ----------------------------------------------------------------------------- PDFs
def _pdf(content: bytes, *, filter_flate: bool = False, stream: bytes | None = None) -> bytes:
    """A one-page PDF with ``content`` as its page content stream (Helvetica as F1); ``stream``: an
    already Flate-compressed content stream instead."""
    if stream is None:
        stream = zlib.compress(content) if filter_flate else content
    else:
        filter_flate = True
    extra = b" /Filter /FlateDecode" if filter_flate else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + extra + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _lines_op(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 720 Td"]
    ops += [b"(" + line.replace("(", "[").replace(")", "]").encode("latin-1", "replace") + b") '" for line in lines]
    ops.append(b"ET")
    return b"\n".join(ops)


def text_matrix_scale(folder: Path, scale: float) -> Path:
    """One page whose text matrix scales a run by 1e8 (a column finder allocated per unit of width)."""
    path = folder / "text_matrix_scale.pdf"
    body = _lines_op(REPORT.splitlines())
    body += b"\nBT /F1 11 Tf 100000000 0 0 1 72 100 Tm (Stretched run) Tj ET\nBT /F1 11 Tf 72 80 Td (Short) Tj ET"
    body += b"\nBT /F1 11 Tf 300 60 Td (a) Tj ET BT /F1 11 Tf 300 40 Td (b) Tj ET BT /F1 11 Tf 300 20 Td (c) Tj ET"
    path.write_bytes(_pdf(body))
    return path


def text_operators(folder: Path, scale: float) -> Path:
    """One page with 1.5 million tiny text operators (a run per character)."""
    path = folder / "text_operators.pdf"
    n = _n(1_500_000, scale)
    ops = [_lines_op(REPORT.splitlines()), b"BT /F1 2 Tf"]
    unit = b"1 0 Td (x) Tj\n"
    per_row = 500
    row = b"-500 -2 Td " + unit * per_row
    ops.append(b"72 600 Td\n" + row * (n // per_row))
    ops.append(b"ET")
    path.write_bytes(_pdf(b"\n".join(ops), filter_flate=True))
    return path


def flate_bomb(folder: Path, scale: float) -> Path:
    """A page whose content stream inflates to gigabytes (1 GB of spaces and ``(x) Tj`` per 100 KB)."""
    path = folder / "flate_bomb.pdf"
    total = _n(2_000_000_000, scale)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(_lines_op(REPORT.splitlines()) + b"\nBT /F1 11 Tf 72 100 Td ")]
    chunk = b" " * 1_000_000
    for _ in range(total // len(chunk)):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.compress(b"(end) Tj ET"))
    parts.append(compressor.flush())
    path.write_bytes(_pdf(b"", stream=b"".join(parts)))
    return path


# ----------------------------------------------------------------------------- word-shaped (issue 20)
# Runs of words that a backtracking regular expression could split in exponentially many ways (an initial
# that also eats its space, "and" both a connector and a word, a hyphen inside and between capitals) or
# rescan from every word (quadratic).  ``base`` words at scale 1; each sits in one line of a short report.
WORD_CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "initials": (lambda n: "Our partner " + "A. " * n + "Holdings Limited supplies steel to the Company.", 22),
    "initials_name": (lambda n: "We thank " + "A. " * n + "Smith for the review of this report.", 22),
    "initials_tight": (lambda n: "Our partner " + "A." * n + " Holdings Limited supplies steel.", 22),
    "capitals": (lambda n: "Our partner " + "Abc " * n + "supplies steel to the Company.", 200),
    "capitals_limited": (lambda n: "Our partner " + "Abc " * n + "Limited supplies steel.", 200),
    "hyphenated_plant": (lambda n: "We operate the " + "-".join(chr(65 + i % 26) for i in range(n)) + " plant in 2024.", 26),
    "hyphenated_pilot": (lambda n: "We operate the " + "-".join(chr(65 + i % 26) for i in range(n)) + " pilot plant in 2024.", 26),
    "hyphenated_owned": (lambda n: "We operate the " + "-".join(chr(65 + i % 26) for i in range(n)) + "'s plant in 2024.", 26),
    "hyphenated_site": (lambda n: "Our " + "-".join(chr(65 + i % 26) for i in range(n)) + " site is certified to ISO 14001.", 26),
    "aand_sites": (lambda n: "Our " + "Aand" * n + " sites are certified to ISO 14001.", 30),
    "aand_comma_sites": (lambda n: "Our " + "Aand" * n + ", sites are certified to ISO 14001.", 20),
    "aand_spaced_sites": (lambda n: "Our " + "Aand " * n + "sites are certified to ISO 14001.", 20),
    "aand_our_sites": (lambda n: "All of our " + "Aand" * n + " sites are certified.", 30),
    "and_and": (lambda n: "Our " + "and " * n + "sites are certified to ISO 14001.", 200),
    "caps_and": (lambda n: "Our " + "Abc and " * n + "sites are certified to ISO 14001.", 100),
    "of_the": (lambda n: "The Company " + "of the " * n + "plant aims to cut emissions by 2030.", 200),
    "digits": (lambda n: "We reduced emissions by " + "1 " * n + "% by 2030.", 400),
    "punctuation": (lambda n: "Our site " + ".,;:" * n + " is certified to ISO 14001.", 400),
    "tabs": (lambda n: "Our site" + "\t" * n + "is certified to ISO 14001.", 2000),
    "spaces": (lambda n: "Our site" + " " * n + "is certified to ISO 14001.", 2000),
    "possessive": (lambda n: "A" * n + "'s plant is certified to ISO 14001.", 5000),
    "run_on_sites": (lambda n: "Acme Holdings Limited operates the Eastfield plant and " * n + "more.", 500),
    "run_on_ventures": (lambda n: "a joint venture between Acme Limited and Beta Limited and " * n + "more.", 1000),
    "quoted_caps": (lambda n: "Our partner (the \"" + "Abc " * n + "\") supplies steel.", 200),
}


def word_case(name: str, words: int) -> str:
    """The short report with one line of the word-shaped case ``name`` at ``words`` words."""
    line, _ = WORD_CASES[name]
    return REPORT + line(words) + "\n"


def _word_writer(name: str) -> Callable[[Path, float], Path]:
    def write(folder: Path, scale: float) -> Path:
        path = folder / f"words_{name}.txt"
        _text(path, word_case(name, _n(WORD_CASES[name][1], scale)))
        return path

    write.__doc__ = f"A short report with the word-shaped run {name!r} (issue 20)."
    return write


WRITERS: dict[str, Callable[[Path, float], Path | list[Path]]] = {
    "empty_lines": empty_lines,
    "equals": _repeated("=", "equals"),
    "ampersands": _repeated("&", "ampersands"),
    "dollars": _repeated("$", "dollars"),
    "percents": _repeated("%", "percents"),
    "spaces": spaces,
    "form_feeds": form_feeds,
    "entities": entities,
    "wide_table": wide_table,
    "vertical_tabs": vertical_tabs,
    "odd_names": odd_names,
    "text_matrix_scale": text_matrix_scale,
    "text_operators": text_operators,
    "flate_bomb": flate_bomb,
    **{f"words_{name}": _word_writer(name) for name in WORD_CASES},
}


def write_all(folder: Path, scale: float = 1.0, kinds: list[str] | None = None) -> list[Path]:
    """Write every kind (or ``kinds``) into ``folder`` at ``scale``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for name in kinds or list(WRITERS):
        written = WRITERS[name](folder, scale)
        out.extend(written if isinstance(written, list) else [written])
    return out


def time_word_cases(folder: Path, scales: list[float], limit: float = 30.0, cases: list[str] | None = None) -> None:
    """Build each word-shaped case at each scale (``base words x scale``) and print the seconds per build."""
    import signal
    import time

    from esgkg.pipeline import build_one

    class _Stop(Exception):
        pass

    def stop(signum, frame):  # noqa: ARG001
        raise _Stop

    folder.mkdir(parents=True, exist_ok=True)
    warm = folder / "warm.txt"
    _text(warm, REPORT)
    build_one(warm)  # the pipeline is built once per process: not part of any case's figure
    signal.signal(signal.SIGALRM, stop)
    print(f"{'case':<20} " + " ".join(f"{'words':>7} {'s':>7}" for _ in scales))
    for name in cases or list(WORD_CASES):
        cells = []
        for scale in scales:
            words = _n(WORD_CASES[name][1], scale)
            path = folder / f"words_{name}_{words}.txt"
            _text(path, word_case(name, words))
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                build_one(path)
                seconds = f"{time.perf_counter() - started:7.2f}"
            except _Stop:
                seconds = f"{'>' + format(limit, 'g'):>7}"
            except Exception as err:  # noqa: BLE001 - a refused tiny report still took its time
                seconds = f"{time.perf_counter() - started:7.2f}" + ("" if "not a report" not in str(err) else "r")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            cells.append(f"{words:>7} {seconds}")
            if seconds.strip().startswith(">"):
                break
        print(f"{name:<20} " + " ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--kinds", default=None, help="comma-separated: " + ",".join(WRITERS))
    parser.add_argument("--time", action="store_true", help="time the word-shaped cases instead of writing the kinds")
    parser.add_argument("--scales", default="0.5,1,2,4", help="with --time: comma-separated multiples of each case's base size")
    parser.add_argument("--limit", type=float, default=30.0, help="with --time: stop a build after this many seconds")
    parser.add_argument("--cases", default=None, help="with --time: comma-separated: " + ",".join(WORD_CASES))
    args = parser.parse_args()
    if args.time:
        time_word_cases(args.folder, [float(x) for x in args.scales.split(",")], args.limit,
                        args.cases.split(",") if args.cases else None)
        return
    for path in write_all(args.folder, args.scale, args.kinds.split(",") if args.kinds else None):
        print(os.fsencode(path).decode("utf-8", "backslashreplace").replace("\n", "\\n"), path.stat().st_size)


if __name__ == "__main__":
    main()
