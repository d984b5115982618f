"""A copy of the project with six corpus papers added as a maintainer
would add them: the source (and its .bib) copied as it is, and a paper.yml
of five lines. One paper per reader (converted Markdown, JATS, Pandoc), a
converted paper with footnotes, one whose converter interleaved two columns,
and one whose table cites works in its cells."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from tests.conftest import ROOT, copy_project, record_new_papers

CORPUS = ROOT / "tests" / "corpus"
CORPUS_PAPERS = {
    "converted": "webb-2017-vespa-pymupdf4llm",     # author-year citations, tables
    "jats": "musmeci-2015-financial-clustering",    # display and inline maths, author notes
    "pandoc": "cambon-2021-tidygeocoder",           # [@key] citations, a .bib
    "footnotes": "medeiros-2024-china-new-normal-pymupdf4llm",  # 29 notes after the references, calls glued to words
    "interleaved": "spagat-2017-iraq-excess-deaths-markitdown",  # two columns glued line by line: a page-wide notice
    "table-citations": "douglas-2014-ace-inhibitors-pymupdf4llm",  # Table 1's cells cite ("RXP407 [32]")
}


def add_corpus_papers(project: Path) -> Path:
    """`project` (a copy) with the corpus papers under papers/ and in the nav
    (another change builds the nav of papers; until then --strict needs them listed)."""
    copy_project(project)
    titles = {}
    for slug in CORPUS_PAPERS.values():
        source_dir, target = CORPUS / slug, project / "papers" / slug
        target.mkdir(parents=True)
        given = yaml.safe_load((source_dir / "paper.yml").read_text(encoding="utf-8"))
        for file in source_dir.iterdir():
            if file.name not in ("paper.yml", "expected.yml") and file.is_file():
                shutil.copy2(file, target / file.name)
        lines = {"slug": slug, "source": given["source"], "short_title": given["short_title"],
                 "provenance": " ".join(str(given["provenance"]).split())[:200],
                 "licence": " ".join(str(given["licence"]).split())[:120]}
        (target / "paper.yml").write_text("".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n"
                                                  for k, v in lines.items()), encoding="utf-8")
        titles[slug] = given["short_title"]
    record_new_papers(project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    entries = "".join(f"      - {json.dumps(t)}: papers/{s}.md\n" for s, t in titles.items())
    config = re.sub(r"(      - Zou, Balancing Act: papers/zou-balancing-act.md\n)", lambda m: m.group(1) + entries,
                    config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project
