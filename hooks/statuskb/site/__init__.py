"""The site: the page plan (pure functions from the typed catalog to Markdown pages), the page
renderers, hand-written page blocks, and writing the plan to a folder (`statuskb render`).

The top of the core: it assembles every other area's output into pages; only the MkDocs
adapter (hooks/generate.py) and the CLI sit above it.
"""
