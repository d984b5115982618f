"""`passage:<paper-slug>#<paragraph-id>` links, as notes and concept pages
write them: which paragraph of which paper they name, checked against the
papers that were read. Shared by the concepts stage (a paper's own
definition of a term) and the annotations stage (links in notes)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from build_tools.model import ReaderError, SourceLocation

SCHEME = "passage:"


def passage_target(href: str, where: SourceLocation, paragraph_ids: Mapping[str, Collection[str]],
                   need_paragraph: bool = False) -> tuple[str, str]:
    """(paper slug, paragraph id) of a `passage:` link; an error at `where`
    when it names no paper or no paragraph of it. The paragraph may be left
    out (the whole paper) unless `need_paragraph`."""
    slug, _, paragraph = href.removeprefix(SCHEME).partition("#")
    if (not href.startswith(SCHEME) or slug not in paragraph_ids
            or (paragraph and paragraph not in paragraph_ids[slug]) or (need_paragraph and not paragraph)):
        raise ReaderError(where, f"link {href!r} points at no paragraph",
                          "write passage:<paper-slug>#<paragraph-id>, e.g. passage:zou-balancing-act#s3-p3; "
                          "the id is in the paragraph's ¶ link")
    return slug, paragraph
