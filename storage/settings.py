"""What the environment says, read in one place: every `SCHOOL_LOG_*` variable.

Read afresh on each call to `settings()`, so a script (or a test) that changes the
environment is heard. Passphrases are `SecretStr`: they never show in a repr or a log.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Each field is `SCHOOL_LOG_<NAME>`; None when the variable is not set (set but empty is "")."""

    model_config = SettingsConfigDict(env_prefix="SCHOOL_LOG_", frozen=True)

    db: str | None = None
    """The store's SQLAlchemy URL (else an SQLite file in the user data directory)."""
    config: str | None = None
    """The config file (else config.toml in the user config directory)."""
    user: str | None = None
    """Who is acting, when --user is not given."""
    passphrase: SecretStr | None = None
    """The acting account's passphrase, for scripts (else a prompt)."""
    new_passphrase: SecretStr | None = None
    """A passphrase being set, for scripts (else prompted twice)."""
    debug: bool = False
    """Show Textual's full traceback when the app fails (only on a simulated-clock vault; see tui/crash.py)."""
    export_password: SecretStr | None = None
    """The password an exported PDF is protected with (`export --encrypt`), for scripts (else prompted twice)."""
    now: str | None = None
    """ISO 8601: the clock frozen for tests, demos and replays (parsed by the clock, which says if it is bad)."""


def settings() -> Settings:
    """The environment as it is now."""
    return Settings()
