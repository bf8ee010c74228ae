"""Evaluation: the scoring behind ``storywire eval`` (entities, temporal expressions, HTML text)."""
