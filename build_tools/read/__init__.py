"""Stage 1, read: `papers/<slug>/` → `Paper`. Entry: `read.papers.read_papers`.

`paper_directory` loads paper.yml, applies corrections and detects the
source's form; one reader per form turns it into the shared model
(`polis_landing_page`, `converted_markdown` and its helpers, `jats`,
`pandoc_markdown`).
"""
