"""Textual's developer switches that would copy what the app shows or is typed into it elsewhere.

Checked before the app starts, from the same environment variables Textual reads:

- `TEXTUAL_SCREENSHOT` (and `…_LOCATION`/`…_FILENAME`): Textual's timer saves the screen as an
  SVG file — pupils' names, what a child said — unencrypted. Refused always.
- `TEXTUAL_LOG`, and `TEXTUAL=devtools`/`debug`: Textual logs every message to a file or to
  a devtools console over the network, including each keystroke's `Input.Changed` with the
  field's value (the passphrase among them). Allowed only on a simulated-clock vault (a demo,
  training or replay school), for developers; refused on a real school's log.
- `SCHOOL_LOG_DEBUG=1` (tracebacks with local variables; see tui/crash.py): the same rule.
"""

from __future__ import annotations

import os

from school_log.authority import keeps_simulated_time
from school_log.config import debug_requested
from school_log.errors import InputError

_SCREENSHOT = ("TEXTUAL_SCREENSHOT", "TEXTUAL_SCREENSHOT_LOCATION", "TEXTUAL_SCREENSHOT_FILENAME")
_LOGGING_FEATURES = {"devtools", "debug"}


def _developer_switches() -> list[str]:
    """The switches set now that expose what is typed or shown (Textual's log, devtools, debug)."""
    switches = [name for name in ("TEXTUAL_LOG", "TEXTUAL_DEBUG") if os.environ.get(name)]
    features = {part.strip() for part in os.environ.get("TEXTUAL", "").split(",")}
    switches += [f"TEXTUAL={feature}" for feature in sorted(features & _LOGGING_FEATURES)]
    if debug_requested():
        switches.append("SCHOOL_LOG_DEBUG")
    return switches


def check_environment(url: str | None) -> bool:
    """Refuse (InputError) a switch that would leak the log; True when debug tracebacks may be shown."""
    screenshot = [name for name in _SCREENSHOT if os.environ.get(name)]
    if screenshot:
        raise InputError(
            f"{screenshot[0]} is set: Textual would save the screen, pupils' names included, to an unencrypted "
            "file; unset it to open the school log"
        )
    switches = _developer_switches()
    if switches and not keeps_simulated_time(url):
        raise InputError(
            f"{', '.join(switches)} would record what is shown and typed (passphrases included) outside the "
            "log; unset it to open a real school's log (it is for demo and training vaults only)"
        )
    return debug_requested()
