"""Evaluation: the scoring behind ``storywire eval`` (entities, temporal expressions, wire
structure, quotes, HTML text)."""
