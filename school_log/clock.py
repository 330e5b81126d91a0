"""The one clock, as the domain and the screens see it (defined in `storage.clock`)."""

from storage.clock import now, parse_instant, today

__all__ = ["now", "parse_instant", "today"]
