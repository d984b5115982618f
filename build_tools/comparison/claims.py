"""Stage 4b: each paper's argument as claims, read from
`papers/<slug>/claims.yml` and checked against the paper.

A claims file sorts the paper's argument under fixed aspects (its question,
thesis, mechanism, evidence, scope, and what it would say of the other
papers); each claim is a sentence in the site's words and the `passage:`
link to the paragraph that makes it, checked like a note's link. A paper
with a claims file is a column of the comparison page, so the page grows
with the corpus: a third paper with claims is a third column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.front_matter import load_located_mapping, text_fields
from build_tools.inputs import METADATA_LIMIT, read_text
from build_tools.model import Paper, ReaderError, SourceLocation, each_checked
from build_tools.passage_links import passage_target

CLAIMS_FILE = "claims.yml"
# aspect → its row heading on the comparison page, in row order
ASPECTS = {
    "question": "Question",
    "thesis": "Thesis",
    "mechanism": "Mechanism",
    "evidence": "Evidence",
    "scope": "Scope",
    "on_others": "What it would say of the others",
}
CLAIM_FIELDS = ("claim", "passage", "about")
HINT = ("write aspects (" + ", ".join(ASPECTS) + "), each a list of '- claim: <one sentence in your words>' "
        "with 'passage: passage:<paper-slug>#<paragraph-id>' (and, under on_others, 'about: <paper-slug>')")


@dataclass(frozen=True)
class Claim:
    """One claim of a paper: the site's sentence, the paragraph that makes
    it, and for `on_others` the paper it is about (if one)."""

    paper_slug: str
    aspect: str
    text: str
    passage_paper: str
    paragraph_id: str
    location: SourceLocation
    about: str = ""


def load_claims(papers_dir: Path, papers: Sequence[Paper]) -> tuple[Claim, ...]:
    """Every paper's claims, in paper order, then aspect order; the problems
    of every file are reported together."""
    paragraph_ids = {p.slug: tuple(paragraph.id for paragraph in p.paragraphs()) for p in papers}
    files = [(p.slug, papers_dir / p.slug / CLAIMS_FILE) for p in papers
             if (papers_dir / p.slug / CLAIMS_FILE).is_file()]
    read = each_checked(files, lambda item: _paper_claims(item[0], item[1], paragraph_ids))
    return tuple(claim for claims in read for claim in claims)


def _paper_claims(slug: str, path: Path, paragraph_ids: dict[str, tuple[str, ...]]) -> tuple[Claim, ...]:
    text = read_text(path, METADATA_LIMIT, "a claims file", root=path.parent.parent.parent, hand_written=True)
    mapping = load_located_mapping(text, path)
    for key in mapping.values:
        if key not in ASPECTS:
            raise ReaderError(mapping.where(str(key)), f"unknown aspect '{key}'", HINT)
    claims: list[Claim] = []
    for aspect in ASPECTS:
        items = mapping.values.get(aspect)
        if items is None:
            continue
        if not isinstance(items, list):
            raise ReaderError(mapping.where(aspect), f"'{aspect}' must be a list of claims", HINT)
        for index, item in enumerate(items):
            where = SourceLocation(path, mapping.item_line(aspect, index))
            claims.append(_claim(slug, aspect, item, where, paragraph_ids))
    return tuple(claims)


def _claim(slug: str, aspect: str, item: object, where: SourceLocation,
           paragraph_ids: dict[str, tuple[str, ...]]) -> Claim:
    fields = text_fields(item, where, CLAIM_FIELDS, ("claim", "passage"), "a claim", HINT)
    about = fields.get("about", "")
    if about and (aspect != "on_others" or about not in paragraph_ids or about == slug):
        raise ReaderError(where, f"'about: {about}' must name another paper, under on_others",
                          "name the folder of another paper in papers/, or leave 'about' out")
    passage_paper, paragraph_id = passage_target(fields["passage"], where, paragraph_ids,
                                                 need_paragraph=True)
    if passage_paper != slug:
        raise ReaderError(where, f"a claim of {slug} must link a passage of {slug}, not of {passage_paper}",
                          "a paper's claims are made by its own paragraphs")
    return Claim(slug, aspect, fields["claim"], passage_paper, paragraph_id, where, about)
