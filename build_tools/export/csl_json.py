"""Export: works as CSL-JSON, the data format of citeproc processors, Zotero
and Pandoc (`--citeproc`). The same CSL data the site's own citation style
formats (render/citation_style.py), minus what only the page needs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from build_tools.model import Work
from build_tools.render.citation_style import work_to_csl


def works_to_csl_json(works: Iterable[Work]) -> str:
    """A JSON array of CSL items, sorted by key, as UTF-8 text."""
    items = [work_to_csl_item(w) for w in sorted(works, key=lambda w: w.key)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def work_to_csl_item(work: Work) -> dict[str, Any]:
    item = work_to_csl(work, as_html=False)
    if not work.year.isdigit():
        # The page prints "n.d."; as data, an unknown date is no date.
        item.pop("issued", None)
    return item
