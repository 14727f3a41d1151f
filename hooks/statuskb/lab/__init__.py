"""The behaviour lab: real servers, a misbehaving upstream, and what each server does about it.

Scenarios, the upstream, the loopback resolver and client, one module per server (its config
template, start command and log normaliser), the runner, the drift check, and the claims: the
catalog's server-specific statements checked against what the servers did.
"""
