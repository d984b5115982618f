"""Stage 6, export: the same resolved data the pages show, for use away from
the site: BibTeX (`bibtex`), W3C Web Annotations (`jsonld`), and the whole
site as plain Markdown for another renderer (`markdown_project`).
"""
