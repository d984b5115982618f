"""Stage 3, concepts: `docs/concepts/*.md` → `Glossary`, and where the papers
use each concept. Entry: `concepts.glossary.load_glossary` and
`find_term_occurrences`.
"""
