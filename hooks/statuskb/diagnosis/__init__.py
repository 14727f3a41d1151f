"""Diagnosis: from what a reader has (a log line, a response) to the code, hop and cause.

The signature matcher, the explainer's index and page, response fingerprints and
`statuskb diagnose`. Reads the catalog and the lab's observations, never the lab's runtime.
"""
