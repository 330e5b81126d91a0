"""Reusable Textual widgets (presentation only)."""
