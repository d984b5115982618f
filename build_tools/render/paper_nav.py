"""Stage 5 helper: the "Papers" entries of the site nav, one per paper, so a
new paper needs no edit of mkdocs.yml. The plugin calls it from `on_config`
(or `on_nav`) and puts the result under the nav's "Papers" section."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.model import Paper


def paper_nav_entries(papers: Sequence[Paper]) -> list[dict[str, str]]:
    """[{short title: "papers/<slug>.md"}, …] in slug order, as mkdocs.yml
    writes nav entries."""
    return [{paper.metadata.short_title: f"papers/{paper.slug}.md"}
            for paper in sorted(papers, key=lambda p: p.slug)]
