"""`school-log demo`: a small synthetic school, built once, ready to open.

The demo vault lives in its own file, `.demo/demo.db` under the directory it is
started from (the project, for `make demo`), never in the real store: a new clone
gets a new demo, and a reused one says so. Its accounts and passphrases are synthetic and derived from a
fixed seed, so they are printed for anyone trying the app; never use them for a
real school. "Now" is the real time unless `SCHOOL_LOG_NOW` is set.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from school_log.errors import AuthError, InputError
from school_log.synthetic.build import build_school, default_passphrases
from storage.engine import sqlite_path
from storage.vault import Vault

DEMO_DIR = ".demo"
DEMO_SEED = 2026


@dataclass(frozen=True)
class DemoSize:
    pupils: int = 60
    staff: int = 8
    years: int = 1
    entries: int = 300


DEMO_SIZE = DemoSize()


def default_demo_url() -> str:
    return f"sqlite:///{Path.cwd() / DEMO_DIR / 'demo.db'}"


def is_built(url: str | None = None) -> bool:
    """Whether a demo school is already there (it is then reused, as it was left)."""
    return Vault(url or default_demo_url()).exists()


def demo_logins(size: DemoSize = DEMO_SIZE) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(role, username, passphrase) of the demo teacher and the demo DSL, from the fixed seed."""
    passphrase_for = default_passphrases(DEMO_SEED)
    teacher, dsl = "t001", f"t{size.staff:03d}"  # see synthetic.roll.staff_accounts: the last account is the lead DSL
    return ("teacher", teacher, passphrase_for(teacher)), ("DSL", dsl, passphrase_for(dsl))


def prepare_demo(url: str | None = None, *, size: DemoSize = DEMO_SIZE, out: TextIO | None = None) -> str:
    """The URL of a ready demo vault: reused if it exists, else built now (a few seconds)."""
    out = out or sys.stdout
    url = url or default_demo_url()
    (_, teacher, teacher_pass), (_, dsl, dsl_pass) = demo_logins(size)
    vault = Vault(url)
    if vault.exists():
        try:
            vault.unlock(dsl, dsl_pass).lock()
        except AuthError:
            raise InputError(f"a vault at {vault.safe_url} is not the demo school; not touching it") from None
        print(
            f"Reusing the demo school at {vault.location}, as it was left (delete it to build a fresh one)",
            file=out,
        )
    else:
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        print(
            "Building a synthetic demo school (invented pupils and staff; takes a few seconds)...", file=out, flush=True
        )
        built = build_school(
            url, pupils=size.pupils, staff=size.staff, years=size.years, entries=size.entries, seed=DEMO_SEED
        )
        assert (built.teacher.username, built.dsl.username) == (teacher, dsl)
        print(f"Built {built.name}: {built.pupils} pupils, {built.entries} entries.", file=out)
    _print_hints(out, url, teacher, teacher_pass, dsl, dsl_pass)
    return url


def _print_hints(out: TextIO, url: str, teacher: str, teacher_pass: str, dsl: str, dsl_pass: str) -> None:
    db = shlex.quote(url)
    print(
        "\nDemo logins (synthetic accounts; never use these passphrases for real):\n"
        f"  teacher  username: {teacher}  passphrase: {teacher_pass}\n"
        f"  DSL      username: {dsl}  passphrase: {dsl_pass}\n"
        "\nThe same school from the command line, e.g. the DSL's review as JSON:\n"
        f"  SCHOOL_LOG_DB={db} SCHOOL_LOG_PASSPHRASE={shlex.quote(dsl_pass)} school-log review --json --user {dsl}\n"
        f"  SCHOOL_LOG_DB={db} SCHOOL_LOG_PASSPHRASE={shlex.quote(teacher_pass)}"
        f" school-log entries --json --user {teacher}\n",
        file=out,
        flush=True,
    )
