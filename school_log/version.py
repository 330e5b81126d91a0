"""Which release of school-log this is, as installed (pyproject.toml's version)."""

from __future__ import annotations


def program_version() -> str:
    """The installed distribution's version, read from its metadata (importlib.metadata loads only when
    asked: `--help` and the operational log's set-up never need it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("school-log")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"
