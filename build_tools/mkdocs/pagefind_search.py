"""Optional site search with Pagefind instead of Material's built-in search.

Material's search downloads one `search_index.json` holding every page's
text before it can answer; at 200 papers that is about 10 MB (2 MB gzip) and
several seconds to a first result. Pagefind writes a chunked, compressed
index after the build and fetches only the chunks a query needs. The reader
plugin switches to it with `search: pagefind` (mkdocs.yml reads the
`READER_SEARCH` environment variable); see benchmarks/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from build_tools.model import ReaderError

SEARCH_PAGE = "search.md"
INIT_SCRIPT = "javascripts/pagefind-init.js"
EXTRA_CSS = ("pagefind/pagefind-ui.css",)
EXTRA_JAVASCRIPT = ("pagefind/pagefind-ui.js", INIT_SCRIPT)

SEARCH_PAGE_TEXT = """---
title: Search
hide: [toc]
---

# Search

Search the papers, the bibliography and the concept pages.

<div id="pagefind-search"></div>
"""

# Material's instant navigation swaps pages without DOMContentLoaded, so the
# UI is created whenever a page with the search element is shown.
INIT_SCRIPT_TEXT = """document$.subscribe(() => {
  const element = document.querySelector("#pagefind-search");
  if (element && !element.dataset.ready && typeof PagefindUI !== "undefined") {
    element.dataset.ready = "1";
    new PagefindUI({ element, showSubResults: true, showImages: false });
  }
});
"""


def pagefind_files() -> dict[str, str]:
    """The search page and the script that starts the UI, as generated files."""
    return {SEARCH_PAGE: SEARCH_PAGE_TEXT, INIT_SCRIPT: INIT_SCRIPT_TEXT}


def index_site(site_dir: Path) -> None:
    """Run Pagefind over the built site; only the article text is indexed."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--root-selector", "article.md-content__inner",
               # What Material's search leaves out (the ¶ links, page numbers)
               # and the maintainers' import report stay out of Pagefind's too.
               "--exclude-selectors", ".headerlink",
               "--exclude-selectors", "[data-search-exclude]",
               "--exclude-selectors", ".reader-import-report", "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise ReaderError(site_dir, f"could not run Pagefind: {error}",
                          "pip install 'pagefind[extended]', or build without READER_SEARCH=pagefind") from None
    if result.returncode != 0:
        raise ReaderError(site_dir, f"Pagefind failed: {(result.stderr or result.stdout).strip()[-500:]}",
                          "pip install 'pagefind[extended]', or build without READER_SEARCH=pagefind")
