"""Textual app: presentation only; every decision lives in school_log."""
