"""The same final Markdown as the reader plugin produces, written out as plain
files, so a bare Material build (no `reader` plugin) can be timed against
ours on identical pages.

    python -m benchmarks.export_markdown PROJECT_DIR OUT_DIR

OUT_DIR gets docs/ with every generated page (paper pages, bibliography,
.bib files) and every hand-written page after the plugin's
`on_page_markdown` work (home page paper list, concept backlinks, `[@key]` citations), plus
overrides/, includes/ and a mkdocs.yml without `- reader` in `plugins`.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from mkdocs.utils.meta import get_data

from build_tools.front_matter import body_first_line
from build_tools.pipeline import build_site_content


def export(project: Path, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("docs", "overrides", "includes"):
        if (project / name).is_dir():
            shutil.copytree(project / name, out / name)
    content = build_site_content(project)
    docs = out / "docs"
    for page in sorted(docs.rglob("*.md")):
        src_uri = page.relative_to(docs).as_posix()
        raw = page.read_text(encoding="utf-8")
        markdown, _ = get_data(raw)
        head = raw[: len(raw) - len(markdown)] if raw.endswith(markdown) else ""
        markdown = content.hand_written_markdown(markdown, page, src_uri, body_first_line(page, markdown))
        page.write_text(head + markdown, encoding="utf-8")
    for uri, text in content.generated.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"(?m)^  - reader:?\n(?:      .*\n)*", "", config)
    if count != 1:
        raise SystemExit("mkdocs.yml has no '  - reader' plugin line to remove")
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    export(args.project, args.out)


if __name__ == "__main__":
    main()
