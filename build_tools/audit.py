"""`python -m build_tools audit`: Lighthouse scores and page weight for the
home, a paper and a concept page, on mobile and desktop.

An audit to read, not a test: scores depend on the machine. It builds the
site into a temporary directory, serves it on 127.0.0.1, and runs npm's
`lighthouse` (installed into .cache/lighthouse on first use) with Debian's
Chromium (or CHROME_PATH).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                   "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
            server.terminate()
            server.wait()
    return 0
