"""Stage 5 export: annotations as a W3C Web Annotation Data Model document
(JSON-LD), so readers can take the notes into other annotation tools.

One `AnnotationCollection` with a single `AnnotationPage` holding every
annotation; each targets its paragraph's permalink with the contributor's
TextQuoteSelector, so a client can re-anchor it in the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from build_tools.model import Anchor, Annotation, Paper

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATIONS_PAGE = "annotations/"
EXPORT_FILE = "annotations/annotations.jsonld"


def annotations_to_jsonld(annotations: Iterable[Annotation], anchors: Iterable[Anchor],
                          papers: Iterable[Paper], site_url: str) -> dict[str, Any]:
    """The collection document; `site_url` is the site's root URL, ending in "/"
    or not. Every annotation needs its anchor (from `anchor_annotation`)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    anchor_of = {anchor.annotation_id: anchor for anchor in anchors}
    titles = {paper.slug: paper.title for paper in papers}
    items = [_annotation(a, anchor_of[a.id], base) for a in annotations]
    return {
        "@context": ANNO_CONTEXT,
        "id": base + EXPORT_FILE,
        "type": "AnnotationCollection",
        "label": "Reader annotations on " + "; ".join(titles[slug] for slug in sorted(titles)),
        "total": len(items),
        "first": {
            "id": base + EXPORT_FILE + "#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def annotation_url(annotation: Annotation, site_url: str) -> str:
    """The note's place on the annotations page, also its JSON-LD id."""
    return site_url + ANNOTATIONS_PAGE + "#" + annotation.html_id


def _annotation(annotation: Annotation, anchor: Anchor, base: str) -> dict[str, Any]:
    selector: dict[str, str] = {"type": "TextQuoteSelector", "exact": annotation.selector.exact}
    # Empty prefix/suffix are left out rather than sent as "" (which would
    # claim the quote starts or ends a document).
    if annotation.selector.prefix:
        selector["prefix"] = annotation.selector.prefix
    if annotation.selector.suffix:
        selector["suffix"] = annotation.selector.suffix
    bodies: list[dict[str, str]] = [{
        "type": "TextualBody",
        "value": annotation.body_html,
        "format": "text/html",
        "language": "en",
    }]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags]
    return {
        "id": annotation_url(annotation, base),
        "type": "Annotation",
        "motivation": annotation.motivation,
        "creator": {"type": "Person", "nickname": annotation.author},
        "created": annotation.created + "T00:00:00Z",
        "body": bodies,
        "target": {
            "source": f"{base}papers/{annotation.paper_slug}/#{anchor.paragraph_id}",
            "selector": selector,
        },
    }
