"""Stage 6, export: annotations as a W3C Web Annotation Data Model document
(JSON-LD), so readers can take the notes into other annotation tools.

One `AnnotationCollection` with a single `AnnotationPage` holding every
annotation; each targets its paragraph's permalink with the contributor's
TextQuoteSelector, so a client can re-anchor it in the text itself. Note
bodies are the HTML the pages show, with absolute links (from `site_url`)
and formatted citations, since the file is read away from the site.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from build_tools import urls
from build_tools.model import Annotation, Note, Paper

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotations_to_jsonld(notes: Iterable[Note], bodies: Mapping[str, str], papers: Iterable[Paper],
                          site_url: str) -> dict[str, Any]:
    """The collection document. `bodies` maps each annotation id to its note
    as HTML with absolute links (render/notes.py with `absolute_links`)."""
    export = urls.absolute_url(site_url, urls.ANNOTATIONS_EXPORT)
    titles = {paper.slug: paper.title for paper in papers}
    items = [_annotation(note, bodies[note.annotation.id], site_url) for note in notes]
    return {
        "@context": ANNO_CONTEXT,
        "id": export,
        "type": "AnnotationCollection",
        "label": "Reader annotations on " + "; ".join(titles[slug] for slug in sorted(titles)),
        "total": len(items),
        "first": {
            "id": export + "#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def jsonld_text(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def annotation_url(annotation: Annotation, site_url: str) -> str:
    """The note's place on the annotations page, also its JSON-LD id."""
    return urls.absolute_url(site_url, urls.ANNOTATIONS_PAGE, urls.note_anchor(annotation.id))


def _annotation(note: Note, body_html: str, site_url: str) -> dict[str, Any]:
    annotation, anchor = note.annotation, note.anchor
    selector: dict[str, str] = {"type": "TextQuoteSelector", "exact": annotation.selector.exact}
    # Empty prefix/suffix are left out rather than sent as "" (which would
    # claim the quote starts or ends a document).
    if annotation.selector.prefix:
        selector["prefix"] = annotation.selector.prefix
    if annotation.selector.suffix:
        selector["suffix"] = annotation.selector.suffix
    bodies: list[dict[str, str]] = [{
        "type": "TextualBody",
        "value": body_html,
        "format": "text/html",
        "language": "en",
    }]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags]
    return {
        "id": annotation_url(annotation, site_url),
        "type": "Annotation",
        "motivation": annotation.motivation,
        "creator": {"type": "Person", "nickname": annotation.author},
        "created": annotation.created + "T00:00:00Z",
        "body": bodies,
        "target": {
            "source": urls.absolute_url(site_url, urls.paper_page(annotation.paper_slug), anchor.paragraph_id),
            "selector": selector,
        },
    }
