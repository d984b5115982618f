"""CSL-JSON items, the one shape both structured readers give a reference in.

JATS `element-citation` and BibTeX entries are both turned into a CSL-JSON
item (a dict as the CSL-JSON schema names its variables), stored as text in
`RawReference.csl_json`; the references stage builds its `Work` from that
without parsing any string. When the source prints no reference text of its
own (an `element-citation`, a `.bib` entry), `readable_reference` renders one
plainly so the import report and search have something to show.
"""

from __future__ import annotations

import json
from typing import Any

CslItem = dict[str, Any]


def csl_name(family: str = "", given: str = "", literal: str = "") -> dict[str, str]:
    """A CSL name: a person (family, given) or an organisation (literal)."""
    if literal:
        return {"literal": literal}
    name = {"family": family}
    if given:
        name["given"] = given
    return name


def csl_text(item: CslItem) -> str:
    """The item as the JSON text `RawReference.csl_json` holds; keys sorted
    so the same reference always gives the same text (caches key on it)."""
    return json.dumps({k: v for k, v in item.items() if v not in ("", [], None)},
                      ensure_ascii=False, sort_keys=True)


def csl_year(item: CslItem) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts and parts[0]:
        return str(parts[0][0])
    return str((item.get("issued") or {}).get("literal", ""))


def _names(names: list[dict[str, str]]) -> str:
    shown = [n.get("literal") or ", ".join(x for x in (n.get("family", ""), n.get("given", "")) if x)
             for n in names]
    return "; ".join(s for s in shown if s)


def readable_reference(item: CslItem) -> str:
    """One plain line: `Authors (year) Title. Container volume(issue): pages.
    Publisher. doi:…` — enough to recognise the work, not a citation style."""
    parts: list[str] = []
    head = _names(item.get("author") or [])
    year = csl_year(item)
    if head or year:
        parts.append(f"{head} ({year or 'n.d.'})".strip())
    if item.get("title"):
        parts.append(str(item["title"]).rstrip(".") + ".")
    container = str(item.get("container-title") or "")
    if item.get("editor"):
        container = f"In {_names(item['editor'])} (eds.) {container}".strip()
    serial = container
    if item.get("volume"):
        serial += f" {item['volume']}"
    if item.get("issue"):
        serial += f"({item['issue']})"
    if item.get("page"):
        serial += f": {item['page']}"
    if serial.strip():
        parts.append(serial.strip() + ".")
    published = ": ".join(str(x) for x in (item.get("publisher-place"), item.get("publisher")) if x)
    if published:
        parts.append(published + ".")
    if item.get("DOI"):
        parts.append(f"doi:{item['DOI']}")
    elif item.get("URL"):
        parts.append(str(item["URL"]))
    return " ".join(parts)
