"""Reuse on other sites and by programs: the embeddable FAQ, JSON-LD, and the static JSON API.
"""
