"""Stage 2, references: every paper's reference list → one bibliography of
`Work`s. Entry: `references.bibliography.build_bibliography`.

`entry_parser` turns one reference into a `Work` (structured CSL-JSON when
the source gives it, the CRF parser in `parse_reference` otherwise);
`bibliography` merges the same work across papers and assigns keys;
`citation_syntax` reads `[@key]` citations in hand-written text.
"""
