"""Material's search index, rewritten after the build with the reader's own
entries for papers and concept pages (render/search_entries.py says which
and why), and after a dirty rebuild without the stale entries Material
leaves. Material writes `search/search_index.json` in its post-build hook;
the reader plugin's runs after it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from build_tools.cache import BuildCache
from build_tools.mkdocs.dirty_rebuild import without_replaced_search_entries
from build_tools.model import Concept, Paper
from build_tools.render.search_entries import with_site_entries


def rewrite_search_index(index_file: Path, papers: Sequence[Paper], concepts: Sequence[Concept],
                         site_entries: bool = True, dirty: bool = False, cache: BuildCache | None = None,
                         build_order: Mapping[str, int] | None = None) -> None:
    """With `site_entries`, the reader's own entries (a paper page Material
    left out placed by `build_order`, see `with_site_entries`); after a
    `dirty` rebuild, without the entries Material left of the rebuilt pages
    (dirty_rebuild.py). The file is read and written once."""
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = without_replaced_search_entries(index["docs"]) if dirty else index["docs"]
    if site_entries:
        docs = with_site_entries(docs, papers, concepts, cache, build_order)
    elif len(docs) == len(index["docs"]):
        return  # nothing to change
    index["docs"] = docs
    # As Material writes it: compact, so the file stays as small.
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
