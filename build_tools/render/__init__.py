"""Stage 5, render: the stages' results → the Markdown of every generated
page. The only stage that knows Markdown and HTML syntax; every URL comes
from `build_tools.urls`. Entry points are called by `pipeline`, one per
page kind (`paper_page.render_paper`, `bibliography_page`, `concept_pages`,
`annotation_pages`, `home`).
"""
