"""Time the site build at several corpus sizes and print a table.

    python -m benchmarks.run                      # sizes 2,20,200, 3 repeats
    python -m benchmarks.run --with-1000          # add N = 1,000 (slow; --large-repeats 1)
    python -m benchmarks.run --sizes 20 --repeats 1 --no-serve --no-search
    python -m benchmarks.run --baseline /tmp/before   # also build with an older checkout, back to back

For each N: a synthetic project (benchmarks/generate_corpus.py) is built
with `mkdocs build --strict` into a fresh site dir, and so is a bare copy of
the same final Markdown without the `reader` plugin
(`python -m build_tools export`), alternately, `--repeats` times; the table
gives medians of CPU time (user + system of the build process, which a
shared machine disturbs far less than wall time) and wall time. Every build
is a fresh process and a fresh site dir. Ours is built with an empty
on-disk cache (`cold`: the project's `.cache/reader/` removed first) and
again with the cache that build left (`warm`: sources unchanged), as
`--cache` says (default both). Then the built site's search index and one paper page's
transfer size, the live-rebuild time under `mkdocs serve` at `--serve-size`,
and Material search's time to first result in Chromium at N >= 200.

These are figures, not tests: nothing here passes or fails on speed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.loopback import free_port

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
BUILD_TIMEOUT = 1800  # seconds; a hung build must not hold the machine
PAPER_PAGE = "papers/zou-balancing-act/index.html"
CHROMIUM = "/usr/lib/chromium/chromium"
CACHE_DIR = ".cache"  # the plugin's on-disk cache (build_tools/lasting_cache.py)


def child_env(code: Path = ROOT) -> dict[str, str]:
    """`code`'s build_tools first (the worktree's, or a baseline checkout
    given by `--baseline`), whatever is installed editable."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    # Installed packages (MkDocs, Material) run from bytecode pip compiled;
    # so must ours, or every build of ours pays for compiling it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_bytecode(code: Path) -> None:
    """Compile `code`'s build_tools once before timing (see child_env)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "build_tools")], env=child_env(code),
                   capture_output=True, check=True)


@dataclass
class Build:
    seconds: float
    max_rss_kb: int
    # user + system CPU seconds of the build process: on a shared machine
    # other processes stretch wall time far more than they stretch this
    cpu_seconds: float = float("nan")


def mkdocs_build(project: Path, site: Path, code: Path = ROOT, cold: bool = False) -> Build:
    """One strict build into a fresh `site`: wall time, CPU time and the
    child's peak RSS. `cold`: with the project's on-disk cache emptied."""
    if site.exists():
        shutil.rmtree(site)
    if cold:
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as record:
        if Path(TIME).exists():
            command = [TIME, "-f", "%U %S %M", "-o", record.name, *command]
        before = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(command, cwd=project, env=child_env(code), capture_output=True, text=True,
                                timeout=BUILD_TIMEOUT, check=False)
        seconds = time.perf_counter() - before
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise SystemExit(f"mkdocs build failed in {project}:\n{result.stdout}{result.stderr}")
        text = Path(record.name).read_text().strip()
    if text:  # /usr/bin/time's own figures for the build process alone
        user, system, rss = text.splitlines()[-1].split()
        return Build(seconds, int(rss), float(user) + float(system))
    # no /usr/bin/time: CPU from the difference in the children's usage; the
    # RSS is the largest child so far, an upper bound
    cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return Build(seconds, after.ru_maxrss, cpu)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_transfer(site: Path, page: str) -> tuple[int, int]:
    """HTML + the CSS and JS files the page loads (local only), raw and gzip."""
    path = site / page
    html = path.read_bytes()
    assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(rb'<script src="([^"]+)"', html)
    raw, packed = len(html), gzip_size(html)
    for href in dict.fromkeys(a.decode() for a in assets):
        if href.startswith(("http:", "https:", "//")):
            continue
        target = (path.parent / href.split("?")[0]).resolve()
        data = target.read_bytes()
        raw, packed = raw + len(data), packed + gzip_size(data)
    return raw, packed


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


@contextlib.contextmanager
def serving(command: list[str], cwd: Path, url: str, env: dict[str, str], startup: float) -> Iterator[None]:
    """Run a server until the block ends; wait (at most `startup` s) for `url`."""
    log = tempfile.TemporaryFile()  # noqa: SIM115  # closed in the finally below
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup
        while fetch(url) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise SystemExit(f"server did not start: {' '.join(command)}\n{log.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def edited_files(project: Path) -> dict[str, tuple[Path, str]]:
    """What the live-rebuild timing edits, by name: (file, page URL path that
    must show the edit). A note's body, as a contributor saving an annotation
    would, and a paper's title line, which also changes the page header."""
    note = sorted((project / "annotations" / "zou-balancing-act").glob("[a-z]*.md"))[0]
    slug = next(p.name for p in sorted((project / "papers").iterdir()) if (p / "source.md").exists()
                and p.name.startswith("synthetic"))
    return {"annotation": (note, "papers/zou-balancing-act/"),
            "paper title": (project / "papers" / slug / "source.md", f"papers/{slug}/")}


def with_token(kind: str, text: str, token: str) -> str:
    if kind == "annotation":
        return text.rstrip("\n") + f" {token}\n"
    first, rest = text.split("\n", 1)
    return f"{first[:-3]} {token}***\n{rest}"


def live_rebuild_seconds(project: Path, kind: str, tries: int, dirty: bool = False, code: Path = ROOT) -> list[float]:
    """Save an edit under `mkdocs serve` (with `code`'s build_tools) and time
    until the served page shows it (polled every 20 ms). The file is
    restored after."""
    source, page = edited_files(project)[kind]
    original = source.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    times = []
    try:
        with serving(command, project, url, child_env(code), startup=600):
            time.sleep(1.0)  # let the watcher settle after the first build
            for attempt in range(tries):
                token = f"Edit{attempt}x{os.getpid()}"
                source.write_text(with_token(kind, original, token), encoding="utf-8")
                before = time.perf_counter()
                while token not in (fetch(url) or ""):
                    if time.perf_counter() - before > 120:
                        raise SystemExit("the served page never showed the edit")
                    time.sleep(0.02)
                times.append(time.perf_counter() - before)
                time.sleep(1.0)
    finally:
        source.write_text(original, encoding="utf-8")
    return times


SEARCH_SCRIPT = r"""
import json, sys, time
from playwright.sync_api import sync_playwright
url, exe, mode = sys.argv[1], sys.argv[2], sys.argv[3]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=exe,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_page()
    sizes = {"load": 0, "query": 0}
    phase = ["load"]
    def finished(request):
        try:
            sizes[phase[0]] += request.sizes()["responseBodySize"]
        except Exception:
            pass
    page.on("requestfinished", finished)
    if mode == "material":
        page.goto(url, wait_until="networkidle")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        box, result = page.locator("input.md-search__input"), ".md-search-result__item"
    else:
        page.goto(url + "search/", wait_until="networkidle")
        box, result = page.locator(".pagefind-ui__search-input"), ".pagefind-ui__result"
    phase[0] = "query"
    before = time.perf_counter()
    box.press_sequentially("alliance", delay=30)
    page.wait_for_selector(result, timeout=120000)
    seconds = time.perf_counter() - before
    page.wait_for_load_state("networkidle")
    print(json.dumps({"seconds": seconds, "load_bytes": sizes["load"], "query_bytes": sizes["query"]}))
    browser.close()
"""


def search_first_result(site: Path, tries: int, mode: str = "material") -> list[dict[str, float]]:
    """Seconds from the first keystroke of "alliance" to the first result in
    headless Chromium (site on loopback, no compression), and the bytes
    transferred to load the page and to answer the query. `mode` is
    "material" (header search box) or "pagefind" (the Search page)."""
    import json
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    results = []
    with serving([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
                 site, url, dict(os.environ), startup=30):
        for _ in range(tries):
            result = subprocess.run([sys.executable, "-c", SEARCH_SCRIPT, url, CHROMIUM, mode], capture_output=True,
                                    text=True, timeout=300, check=False)
            if result.returncode != 0:
                raise SystemExit(f"search timing failed:\n{result.stderr[-2000:]}")
            results.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return results


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@dataclass
class Row:
    papers: int
    works: int = 0
    ours: list[Build] = field(default_factory=list)  # cold cache, or warm when only warm is measured
    warm: list[Build] = field(default_factory=list)  # with `--cache both`
    bare: list[Build] = field(default_factory=list)
    baseline: list[Build] = field(default_factory=list)
    index_bytes: int = 0
    index_gzip: int = 0
    page_raw: int = 0
    page_gzip: int = 0
    search: list[dict[str, float]] = field(default_factory=list)
    pagefind: list[dict[str, float]] = field(default_factory=list)
    pagefind_bytes: int = 0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(papers: int, seed: int, repeats: int, work: Path, search: bool, nav_style: str = "every-paper",
            baseline: Path | None = None, cache: str = "both") -> Row:
    from benchmarks.generate_corpus import generate
    from build_tools.export.markdown_project import export_markdown_project
    from build_tools.read.papers import read_papers
    from build_tools.references.bibliography import build_bibliography

    project, bare = work / f"n{papers}", work / f"n{papers}-bare"
    generate(papers, seed, project, nav_style=nav_style)
    export_markdown_project(project, bare)
    row = Row(papers, works=len(build_bibliography(read_papers(project / "papers"))))
    site, bare_site = work / f"n{papers}-site", work / f"n{papers}-bare-site"
    if cache == "warm":
        mkdocs_build(project, site)  # fills the cache, untimed
    for _ in range(repeats):
        # Alternating, so a busy spell on the machine falls on both builds.
        row.ours.append(mkdocs_build(project, site, cold=cache != "warm"))
        line = (f"  N={papers}: ours{'' if cache == 'both' else ' ' + cache} {row.ours[-1].cpu_seconds:.2f} CPU s "
                f"({row.ours[-1].seconds:.2f} wall)")
        if cache == "both":  # the cache the cold build just left
            row.warm.append(mkdocs_build(project, site))
            line += f", ours warm {row.warm[-1].cpu_seconds:.2f} CPU s ({row.warm[-1].seconds:.2f} wall)"
        if baseline is not None:
            row.baseline.append(mkdocs_build(project, work / f"n{papers}-baseline-site", code=baseline))
            line += f", baseline {row.baseline[-1].cpu_seconds:.2f} CPU s ({row.baseline[-1].seconds:.2f} wall)"
        row.bare.append(mkdocs_build(bare, bare_site))
        line += (f", bare {row.bare[-1].cpu_seconds:.2f} CPU s ({row.bare[-1].seconds:.2f} wall); "
                 f"ours/bare {row.ours[-1].cpu_seconds / row.bare[-1].cpu_seconds:.2f} in CPU time")
        if row.warm:
            line += f" ({row.warm[-1].cpu_seconds / row.bare[-1].cpu_seconds:.2f} warm)"
        print(line, flush=True)
    index = (site / "search" / "search_index.json").read_bytes()
    row.index_bytes, row.index_gzip = len(index), gzip_size(index)
    row.page_raw, row.page_gzip = page_transfer(site, PAPER_PAGE)
    if search and papers >= 200 and Path(CHROMIUM).exists():
        row.search = search_first_result(site, repeats)
        pagefind_site = work / f"n{papers}-pagefind-site"
        os.environ["READER_SEARCH"] = "pagefind"
        try:
            mkdocs_build(project, pagefind_site)
        finally:
            del os.environ["READER_SEARCH"]
        row.pagefind_bytes = directory_size(pagefind_site / "pagefind")
        row.pagefind = search_first_result(pagefind_site, repeats, mode="pagefind")
    shutil.rmtree(bare_site, ignore_errors=True)
    shutil.rmtree(work / f"n{papers}-baseline-site", ignore_errors=True)
    return row


def search_table(rows: list[Row]) -> str:
    lines = ["| N | search | index on disk | page load transferred | query transferred | first result s |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        for name, runs, size in (("Material", r.search, r.index_bytes), ("Pagefind", r.pagefind, r.pagefind_bytes)):
            if runs:
                load = median([x["load_bytes"] for x in runs]) / 1e3
                query = median([x["query_bytes"] for x in runs]) / 1e3
                lines.append(f"| {r.papers} | {name} | {size / 1e6:.2f} MB | {load:.0f} KB | {query:.0f} KB "
                             f"| {median([x['seconds'] for x in runs]):.2f} |")
    return "\n".join(lines)


def table(rows: list[Row]) -> str:
    base = next((median([b.seconds for b in r.ours]) / r.papers for r in rows if r.papers == 20), None)
    head = ("| N | works | ours CPU s | bare CPU s | ours/bare CPU | ours wall s | bare wall s | ours/bare wall "
            "| s per paper (ours, wall) | per paper / at N=20 | plugin CPU s per paper "
            "| peak RSS MB (ours / bare) | search_index.json (gzip) | paper page HTML+CSS+JS (gzip) "
            "| search 1st result s |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        ours, bare = median([b.seconds for b in r.ours]), median([b.seconds for b in r.bare])
        ours_cpu, bare_cpu = median([b.cpu_seconds for b in r.ours]), median([b.cpu_seconds for b in r.bare])
        rss_ours = median([b.max_rss_kb for b in r.ours]) / 1024
        rss_bare = median([b.max_rss_kb for b in r.bare]) / 1024
        search = f"{median([x['seconds'] for x in r.search]):.2f}" if r.search else "–"
        flat = f"{ours / r.papers / base:.2f}" if base else "–"
        lines.append(
            f"| {r.papers} | {r.works} | {ours_cpu:.2f} | {bare_cpu:.2f} | {ours_cpu / bare_cpu:.2f} "
            f"| {ours:.2f} | {bare:.2f} | {ours / bare:.2f} | {ours / r.papers:.3f} | {flat} "
            f"| {(ours_cpu - bare_cpu) / r.papers:.3f} | {rss_ours:.0f} / {rss_bare:.0f} "
            f"| {r.index_bytes / 1e6:.2f} MB ({r.index_gzip / 1e6:.2f} MB) "
            f"| {r.page_raw / 1e3:.0f} KB ({r.page_gzip / 1e3:.0f} KB) | {search} |")
    return "\n".join(lines)


def warm_table(rows: list[Row]) -> str:
    head = "| N | ours cold CPU s | ours warm CPU s | bare CPU s | ours/bare CPU, cold | warm | warm peak RSS MB |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        cold, warm = median([b.cpu_seconds for b in r.ours]), median([b.cpu_seconds for b in r.warm])
        bare = median([b.cpu_seconds for b in r.bare])
        lines.append(f"| {r.papers} | {cold:.2f} | {warm:.2f} | {bare:.2f} | {cold / bare:.2f} | {warm / bare:.2f} "
                     f"| {median([b.max_rss_kb for b in r.warm]) / 1024:.0f} |")
    return "\n".join(lines)


def baseline_table(rows: list[Row]) -> str:
    """`--baseline`: the same corpora built by the baseline's code and by
    this worktree's, alternating with the bare build, medians."""
    head = ("| N | CPU s (baseline → ours) | bare CPU s | ratio to bare, CPU (baseline → ours) "
            "| wall s (baseline → ours) | bare wall s | peak RSS MB (baseline → ours / bare) |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        def of(builds: list[Build], what: str) -> float:
            return median([getattr(b, what) for b in builds])
        old, new, bare = of(r.baseline, "cpu_seconds"), of(r.ours, "cpu_seconds"), of(r.bare, "cpu_seconds")
        lines.append(
            f"| {r.papers} | {old:.2f} → {new:.2f} | {bare:.2f} | {old / bare:.2f} → {new / bare:.2f} "
            f"| {of(r.baseline, 'seconds'):.2f} → {of(r.ours, 'seconds'):.2f} | {of(r.bare, 'seconds'):.2f} "
            f"| {of(r.baseline, 'max_rss_kb') / 1024:.0f} → {of(r.ours, 'max_rss_kb') / 1024:.0f} "
            f"/ {of(r.bare, 'max_rss_kb') / 1024:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2,20,200", help="comma-separated paper counts (default 2,20,200)")
    parser.add_argument("--with-1000", action="store_true", help="also N = 1,000 (several minutes per build)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--large-repeats", type=int, default=1,
                        help="repeats for N >= 1,000, where one build takes minutes (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve-size", type=int, default=20, help="N for the live-rebuild timing")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve timing")
    parser.add_argument("--no-search", action="store_true", help="skip the Chromium search timing")
    parser.add_argument("--note-only", action="store_true",
                        help="time only the note edit under `mkdocs serve --dirty` (with --sizes '' no builds)")
    parser.add_argument("--serve-edits", type=int, help="edits per live-rebuild timing (default max(repeats, 3))")
    parser.add_argument("--serve-rounds", type=int, default=1,
                        help="live-rebuild timings per kind; with --baseline each round times the baseline, then ours")
    parser.add_argument("--nav", choices=("every-paper", "home"), default="every-paper",
                        help="every paper in the nav (as the real site) or only on the home page")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temporary one, removed)")
    parser.add_argument("--cache", choices=("cold", "warm", "both"), default="both",
                        help="our builds with the on-disk cache emptied first (cold), with a previous build's "
                             "(warm), or each repeat both, cold then warm (default)")
    parser.add_argument("--baseline", type=Path,
                        help="a checkout of older code (e.g. `git worktree add /tmp/before <commit>`) whose "
                             "build_tools also builds each corpus, in turn with ours and bare: before and "
                             "after, back to back")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_1000 and 1000 not in sizes:
        sizes.append(1000)
    work = args.work or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, {_ram_gb():.0f} GB RAM, Python {sys.version.split()[0]}; work dir {work}")
    try:
        baseline = args.baseline.resolve() if args.baseline else None
        for code in filter(None, (ROOT, baseline)):
            compile_bytecode(code)
        rows = [measure(n, args.seed, args.repeats if n < 1000 else args.large_repeats, work, not args.no_search,
                        args.nav, baseline, args.cache) for n in sizes]
        if rows:
            print()
            print(table(rows))
        if any(r.warm for r in rows):
            print("\nours with a warm cache (the cache the cold build left, sources unchanged):\n")
            print(warm_table(rows))
        if baseline is not None and rows:
            print(f"\nbaseline {baseline} against this worktree:\n")
            print(baseline_table(rows))
        if any(r.search for r in rows):
            print()
            print(search_table(rows))
        if not args.no_serve:
            project = work / f"n{args.serve_size}"
            if not project.exists():
                from benchmarks.generate_corpus import generate
                generate(args.serve_size, args.seed, project)
            print(f"\nlive rebuild, N={args.serve_size} (save until the served page shows the edit):")
            kinds = [("annotation", True)] if args.note_only else [
                (kind, dirty) for kind in ("annotation", "paper title") for dirty in (False, True)]
            codes = [("", ROOT)] if baseline is None else [("baseline, ", baseline), ("ours, ", ROOT)]
            for kind, dirty in kinds:
                flag = "mkdocs serve --dirty" if dirty else "mkdocs serve"
                for _ in range(args.serve_rounds):  # with a baseline: alternating, back to back
                    for label, code in codes:
                        times = live_rebuild_seconds(project, kind, args.serve_edits or max(args.repeats, 3),
                                                     dirty=dirty, code=code)
                        print(f"  {label}{kind} edit, {flag}: median {median(times):.2f} s "
                              f"(tries: {', '.join(f'{t:.2f}' for t in times)}; load average "
                              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})", flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def _ram_gb() -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


if __name__ == "__main__":
    main()
