"""Founding a school: the one way a store gets its vault and first DSL (`school-log init` and the app's
first run both come here).

The school's name and the first DSL are sealed into the vault. The URN and time zone are not secret
and each machine reads them from its config file (`[school] urn`, `timezone`), which is where they
are written: one place, read by every screen, command and export as before.
"""

from __future__ import annotations

from pathlib import Path

from school_log.authority import open_vault
from school_log.config import load_config, save_school_settings, school_setting_problems
from school_log.errors import InputError
from school_log.forms.fields import MAX_SHORT, text_problem
from storage.accounts import check_username, create_vault
from storage.passphrase import check_new_passphrase


def awaits_founding(url: str | None) -> str | None:
    """Where the store is (its URL, no password) if it holds no school yet and may be given one (empty,
    or not made yet); else None.

    A store holding another database's tables is not offered for founding: unlocking it says what is wrong.
    """
    vault = open_vault(url)
    if vault.exists():
        return None
    try:
        vault.refuse_foreign()
    except InputError:
        return None
    return vault.safe_url


def _line(value: str, field: str, what: str) -> InputError | None:
    """A name shown on one line in every list and document, or what is wrong with it."""
    if not value.strip():
        return InputError(f"give {what}", field=field)
    if len(value) > MAX_SHORT:
        return InputError(f"{what}: longer than {MAX_SHORT} characters", field=field)
    wrong = text_problem(value, one_line=True)
    return InputError(f"{what}: {wrong}", field=field) if wrong else None


def founding_problems(
    school: str,
    username: str,
    name: str,
    passphrase: str | None,
    *,
    urn: str = "",
    timezone: str | None = None,
) -> list[InputError]:
    """Everything wrong with a school about to be founded, each on its field (school, username, name,
    passphrase, urn, timezone; a passphrase None is not asked for yet); nothing is looked up or written."""
    found = [
        problem
        for problem in (_line(school, "school", "the school's name"), _line(name, "name", "your full name"))
        if problem
    ]
    try:
        username = check_username(username) if username.strip() else ""
    except InputError as error:
        found.append(error)
    if not username:
        found.append(InputError("choose a username (lower-case letters, digits, '.', '_' or '-')", field="username"))
    try:
        if passphrase is not None:
            check_new_passphrase(passphrase, username, (school, name))
    except InputError as error:
        found.append(error)
    return found + school_setting_problems(_settings(urn, timezone))


def _settings(urn: str, timezone: str | None) -> dict[str, str]:
    """The [school] settings founding writes: a URN given, a time zone chosen (None: as the file says)."""
    given = {"urn": urn.strip(), "timezone": (timezone or "").strip()}
    return {key: value for key, value in given.items() if value}


def found_school(
    url: str | None,
    school: str,
    username: str,
    name: str,
    passphrase: str,
    *,
    urn: str = "",
    timezone: str | None = None,
    simulated_clock: bool = False,
) -> Path | None:
    """Create the school's vault with `username` as its first DSL, after writing the URN and time zone
    into the config file (only what differs from it). Refused, with nothing written, on the first
    problem, or where the store already holds a vault or anything else. Returns the config file written,
    if any."""
    wrong = founding_problems(school, username, name, passphrase, urn=urn, timezone=timezone)
    if wrong:
        raise wrong[0]
    vault = open_vault(url)
    if vault.exists():
        raise InputError(f"a vault already exists at {vault.safe_url}; refusing to overwrite it")
    vault.refuse_foreign()
    config = load_config()
    settings = {
        key: value
        for key, value in _settings(urn, timezone).items()
        if value != {"urn": config.referrer.urn, "timezone": config.timezone}[key]
    }
    written = save_school_settings(settings) if settings else None
    create_vault(url, school.strip(), username, name.strip(), passphrase, simulated_clock=simulated_clock)
    return written
