"""The behaviour lab: real servers, a misbehaving upstream, and what each server does about it."""
