"""The error-page gallery: themes, self-contained error pages, and one module per server
target with its configuration renderer and its checks, plus the gallery page and archive.
"""
