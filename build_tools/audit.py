"""`python -m build_tools audit`: Lighthouse scores and page weight for the
home, a paper and a concept page, on mobile and desktop.

An audit to read, not a test: scores depend on the machine. It builds the
site into a temporary directory, serves it on 127.0.0.1, and runs npm's
`lighthouse` (installed into .cache/lighthouse on first use) with Debian's
Chromium (or CHROME_PATH).
"""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from build_tools.loopback import free_port

LIGHTHOUSE_VERSION = "13.5.0"
PAGES = ("", "papers/zou-balancing-act/", "papers/istomin-baykov-2020/", "concepts/entrapment/")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync")


def lighthouse_binary(root: Path) -> Path:
    cache = root / ".cache" / "lighthouse"
    binary = cache / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzipped when asked, as GitHub Pages does; Python's plain
    http.server would make every page look several times heavier."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".bib", ".txt")

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in self.TEXT and "gzip" in self.headers.get("Accept-Encoding", "")
                and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = lambda *args: CompressingHandler(*args, directory=str(directory))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(root: Path) -> int:
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/lib/chromium/chromium"
    if Path("/usr/lib/chromium/chromium").exists() and not os.environ.get("CHROME_PATH"):
        chrome = "/usr/lib/chromium/chromium"  # the /usr/bin wrapper script confuses chrome-launcher
    binary = lighthouse_binary(root)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                       cwd=root, env=env, check=True)
        server = serve(site, port)
        try:
            print(f"{'page':34} {'form':8} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES) + "   weight (KB)")
            for page in PAGES:
                for form in ("mobile", "desktop"):
                    report = Path(tmp) / "report.json"
                    command = [str(binary), url + page, "--quiet", "--output=json", f"--output-path={report}",
                               f"--chrome-flags={CHROME_FLAGS}", f"--form-factor={form}"]
                    if form == "desktop":
                        command.append("--preset=desktop")
                    subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome}, check=True)
                    result = json.loads(report.read_text(encoding="utf-8"))
                    scores = [round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES]
                    weight = result["audits"]["total-byte-weight"]["numericValue"] / 1024
                    print(f"{'/' + page:34} {form:8} " + " ".join(f"{s:>13}" for s in scores) + f"   {weight:10.0f}")
        finally:
            server.shutdown()
    return 0
