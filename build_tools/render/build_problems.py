"""Stage 5, `mkdocs serve` only: the problems of the sources, shown on the
pages they belong to.

While a contributor writes a note, the live preview builds the site from
the files that passed and shows each problem (file, line, message, hint)
in a box at the top of the page that would have shown the file: a note's
or a paper's problems on the paper's page, a concept page's on that page,
a hand-written page's on itself. The home page lists every problem, and so
does any problem that belongs to no page (the recorded checksums). A
strict build never gets here: it stops at the first stage with problems.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from build_tools import urls
from build_tools.model import ReaderError
from build_tools.render.escape import html_text, markdown_text

ANNOTATIONS_DIR = "annotations"
PAPERS_DIR = "papers"


def problem_pages(errors: Iterable[ReaderError], root: Path, docs_dir: Path,
                  paper_slugs: Collection[str]) -> dict[str, list[ReaderError]]:
    """Docs-relative page path → the problems shown on it, by file and line."""
    pages: dict[str, list[ReaderError]] = {}
    for error in sorted(errors, key=lambda e: (str(e.location.path), e.location.line)):
        pages.setdefault(urls.HOME_PAGE, []).append(error)
        page = page_of(error.location.path, root, docs_dir, paper_slugs)
        if page is not None and page != urls.HOME_PAGE:
            pages.setdefault(page, []).append(error)
    return pages


def page_of(path: Path, root: Path, docs_dir: Path, paper_slugs: Collection[str]) -> str | None:
    """The page that shows what `path` holds, if there is one."""
    path = path.resolve()
    if path.is_relative_to(docs_dir.resolve()):
        return path.relative_to(docs_dir.resolve()).as_posix()
    for folder in (ANNOTATIONS_DIR, PAPERS_DIR):
        if path.is_relative_to((root / folder).resolve()):
            parts = path.relative_to((root / folder).resolve()).parts
            if len(parts) > 1 and parts[0] in paper_slugs:
                return urls.paper_page(parts[0])
    return None


def problems_html(errors: Iterable[ReaderError], root: Path) -> str:
    """A box of problems, as raw HTML that Markdown leaves alone."""
    errors = list(errors)
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    return (f'<div class="admonition failure reader-problems" role="alert">\n'
            f'<p class="admonition-title">{count} in the sources: this page is shown without what they '
            f"affect; a strict build (<code>mkdocs build</code>) refuses them.</p>\n"
            f"{problem_list_html(errors, root)}</div>\n\n")


def problem_list_html(errors: Iterable[ReaderError], root: Path) -> str:
    """Each problem with its file and line relative to `root`, its message
    and hint; every value escaped."""
    items = []
    for error in errors:
        where = f"{shown_path(error.location.path, root)}:{error.location.line}"
        hint = f'<br><span class="reader-problem-hint">hint: {html_text(error.hint)}</span>' if error.hint else ""
        items.append(f"<li><code>{where}</code>: {html_text(error.message)}{hint}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>\n" if items else ""


def shown_path(path: Path, root: Path) -> str:
    """`path` relative to the project (as a contributor names it), escaped for HTML."""
    resolved, top = path.resolve(), root.resolve()
    return html_text(resolved.relative_to(top).as_posix() if resolved.is_relative_to(top) else str(path))


def with_problems(markdown: str, box: str) -> str:
    """`markdown` with the problems box under its title (or at its top)."""
    first, _, rest = markdown.lstrip("\n").partition("\n")
    if first.startswith("# "):
        return f"{first}\n\n{box}{rest}"
    return box + markdown


def unreadable_paper_page(slug: str) -> str:
    """The page of a paper that could not be read, for its problems box."""
    return f"# {markdown_text(slug)}\n\nThis paper could not be read: see the problems above.\n"
