"""Cleaning: the bytes of one source -> story drafts or rejects (decode, parse, date, language)."""
