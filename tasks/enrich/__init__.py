"""Enrichment: entities, temporal expressions and quotes for cleaned stories."""
