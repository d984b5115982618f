"""Material's search index, rewritten after the build with the reader's own
entries for papers and concept pages (render/search_entries.py says which
and why). Material writes `search/search_index.json` in its post-build
hook; the reader plugin's runs after it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from build_tools.model import Concept, Paper
from build_tools.render.search_entries import with_site_entries


def rewrite_search_index(index_file: Path, papers: Sequence[Paper], concepts: Sequence[Concept]) -> None:
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"] = with_site_entries(index["docs"], papers, concepts)
    # As Material writes it: compact, so the file stays as small.
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
