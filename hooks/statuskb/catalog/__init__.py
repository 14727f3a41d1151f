"""The catalog area: YAML with positions, the editors' schema, the typed model, loading, rules.

Also the other data files read like the catalog (the lab's observations) and the
cross-references derived once per catalog. Everything above reads the catalog through this.
"""
