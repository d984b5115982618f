"""The MkDocs plugin (`plugin.ReaderPlugin`): the only code that imports
MkDocs. A thin adapter that runs `pipeline.build_site_content` inside
`mkdocs build` and `mkdocs serve`.
"""
