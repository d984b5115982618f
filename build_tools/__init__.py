"""The annotated reader's build: papers to cross-linked MkDocs pages.

The pipeline is `build_tools.pipeline.build_site_content`; the MkDocs plugin
is `build_tools.mkdocs.plugin`; `python -m build_tools` is the command line.
"""

from __future__ import annotations

from typing import Any


def parse_reference(text: str) -> dict[str, Any]:
    """One reference string in any common style → CSL-JSON (a dict), the same
    as `python -m build_tools parse-reference TEXT` prints. Never raises on
    odd input: what cannot be parsed comes back as a titled document marked
    "unparsed"."""
    from build_tools.references.parse_reference import parse_reference as parse

    return parse(text)
