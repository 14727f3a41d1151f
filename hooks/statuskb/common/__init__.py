"""The lowest layer: what every area shares and nothing else.

Problems and their PATH:LINE:COL form, the one Markdown path (catalog text to safe HTML and to
plain text), small text helpers (front matter, code spans, relative links), the one Jinja
environment, where every page lives (urls) and where the site is published (site_info).
Nothing here imports another area.
"""
