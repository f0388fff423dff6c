"""Screenshot of the `esgkg serve` console running a library query (headless Chromium).

    .venv/bin/python benchmarks/console_screenshot.py [--query group-structure] [-o console.png] [REPORT_OR_FOLDER ...]

Builds the given reports (default: examples/) into a temporary store, starts `esgkg serve` on a free port,
opens ``/#<query>`` (which opens that library query in its own tab and runs it) in headless Chromium
(Debian package ``chromium``), saves the picture, and prints how many result rows and labels the page showed.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[REPO / "examples"])
    ap.add_argument("--query", default="group-structure")
    ap.add_argument("-o", "--output", type=Path, default=Path("console.png"))
    args = ap.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        sys.exit("no headless browser found (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="esgkg-console-") as tmp:
        store = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "esgkg.cli", "build", *map(str, args.paths), "--store", str(store), "-q"], check=True)
        server = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "serve", "--store", str(store), "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = re.search(r"(http://\S+)/query", server.stdout.readline()).group(1)
            flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     "--window-size=1400,900", "--virtual-time-budget=8000", f"--user-data-dir={tmp}/profile"]
            page = f"{url}/#{args.query}"
            started = time.perf_counter()
            dom = subprocess.run([browser, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
            subprocess.run([browser, *flags, f"--screenshot={args.output.resolve()}", page], capture_output=True, timeout=120)
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(10)
    table = dom[dom.find("<table"):]
    rows = len(re.findall(r"<tr", table)) - 1
    labels = len(re.findall(r'class="esg-label"', table))
    print(f"{args.query}: {rows} result row(s), {labels} label(s) shown -> {args.output} ({seconds:.1f} s for both page loads)")
    return 0 if rows > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
