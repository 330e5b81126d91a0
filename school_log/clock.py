"""The one clock, as the domain and the screens see it (defined in `storage.clock`)."""

from storage.clock import Clock, parse_instant

__all__ = ["Clock", "parse_instant"]
