"""The annotations export is valid W3C Web Annotation JSON-LD: it expands,
offline, against a local copy of the anno context, with no term dropped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from build_tools import urls
from build_tools.export.jsonld import ANNO_CONTEXT
from build_tools.pipeline import build_site_content

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
LOCAL_CONTEXT = json.loads((Path(__file__).parent / "data" / "anno.jsonld").read_text(encoding="utf-8"))
SITE = "https://example.github.io/reader/"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"


def local_loader(url: str, options: Any = None) -> dict[str, Any]:
    # Tests never touch the network: only the anno context is served, from disk.
    if url != ANNO_CONTEXT:
        raise AssertionError(f"unexpected remote document {url}")
    return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # Exactly what the build writes to the site.
    content = build_site_content(ROOT, site_url=SITE.rstrip("/"))
    return json.loads(content.generated[urls.ANNOTATIONS_EXPORT])


@pytest.fixture(scope="module")
def expanded(document) -> list[dict[str, Any]]:
    # Round-trip through JSON text first: what is written to the site must be plain JSON.
    return jsonld.expand(json.loads(json.dumps(document)), {"documentLoader": local_loader})


def annotation_nodes(expanded) -> list[dict[str, Any]]:
    (collection,) = expanded
    (page,) = collection[AS + "first"]
    return page[AS + "items"][0]["@list"]


def test_the_collection_expands_with_every_annotation(document, expanded):
    (collection,) = expanded
    assert collection["@type"] == [AS + "OrderedCollection"]
    assert collection[AS + "totalItems"][0]["@value"] == document["total"] >= 10
    assert len(annotation_nodes(expanded)) == document["total"]


def test_each_annotation_expands_to_the_web_annotation_terms(expanded):
    for node in annotation_nodes(expanded):
        assert node["@type"] == [OA + "Annotation"]
        assert node["@id"].startswith(SITE + "annotations/#note-")
        assert node[OA + "motivatedBy"][0]["@id"].startswith(OA)
        (creator,) = node["http://purl.org/dc/terms/creator"]
        assert creator["http://xmlns.com/foaf/0.1/nick"] == [{"@value": "reader-team"}]
        assert node["http://purl.org/dc/terms/created"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
        (target,) = node[OA + "hasTarget"]
        assert target[OA + "hasSource"][0]["@id"].startswith(SITE + "papers/")
        (selector,) = target[OA + "hasSelector"]
        assert selector["@type"] == [OA + "TextQuoteSelector"]
        assert selector[OA + "exact"][0]["@value"]
        bodies = node[OA + "hasBody"]
        html = [b for b in bodies if "http://purl.org/dc/elements/1.1/format" in b]
        assert html[0]["http://purl.org/dc/elements/1.1/format"] == [{"@value": "text/html"}]
        assert html[0]["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"].startswith("<p>")
        tags = [b for b in bodies if OA + "hasPurpose" in b]
        assert tags and all(t[OA + "hasPurpose"] == [{"@id": OA + "tagging"}] for t in tags)


def test_the_target_points_at_the_anchored_paragraph(document):
    items = {item["id"]: item for item in document["first"]["items"]}
    note = items[SITE + "annotations/#note-zou-balancing-act--article-5-what-it-commits"]
    assert note["target"]["source"] == SITE + "papers/zou-balancing-act/#s2-p4"
    assert note["created"] == "2026-11-23T00:00:00Z"
    assert note["motivation"] == "commenting"


def test_every_key_used_is_defined_by_the_context(document):
    # JSON-LD expansion silently drops undefined terms; this catches a new
    # field whose name is not in the W3C context (or missing from our copy).
    defined = set(LOCAL_CONTEXT["@context"]) | {"@context"}

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    assert keys(document) <= defined, keys(document) - defined


def test_an_undefined_term_would_be_dropped_by_expansion():
    # The check above matters: pyld drops what the context does not define.
    expanded = jsonld.expand({"@context": ANNO_CONTEXT, "type": "Annotation", "id": "http://x/1", "colour": "red"},
                             {"documentLoader": local_loader})
    assert not any("colour" in key for key in expanded[0])


def test_note_bodies_carry_absolute_links_and_formatted_citations(document):
    """What a reader of the exported file follows must work away from the site:
    no `concept:`/`passage:` links and no raw `[@key]` citations."""
    bodies = [body["value"] for item in document["first"]["items"] for body in item["body"]
              if body.get("format") == "text/html"]
    joined = "\n".join(bodies)
    assert "concept:" not in joined and "passage:" not in joined and "[@" not in joined
    hrefs = re.findall(r'href="([^"]+)"', joined)
    assert hrefs and all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs), hrefs
    assert SITE + "concepts/retrenchment/" in hrefs
    assert any(h.startswith(SITE + "bibliography/#") for h in hrefs)
    assert re.search(r'class="reader-cite"[^>]*>\([A-Z][^<]*\d{4}[^<]*\)</a>', joined)
