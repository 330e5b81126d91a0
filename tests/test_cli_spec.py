"""The command line's grammar (`school_log.cli.spec`) is apart from what runs each command: `--help`
answers without loading the program, and every command it lists still reaches its own handler."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from school_log.cli.spec import COMMANDS, SCHEMA_KINDS, build_parser
from school_log.forms import inputs as forms

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "cryptography", "textual", "school_log.model")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_in_the_help_runs_a_function_that_exists() -> None:
    """Each command `--help` lists names, in the one table, a handler that imports and is callable; the
    table names no command the parser lacks (the app's own `demo` and `serve` are run by tui.main)."""
    commands = _subcommands(build_parser())
    assert set(commands) - set(COMMANDS) == {"demo", "serve"}
    for name, target in COMMANDS.items():
        module, _, function = target.partition(":")
        assert callable(getattr(importlib.import_module(module), function, None)), name
        assert commands[name].get_default("run").target == target


def test_schema_offers_exactly_the_inputs_it_can_print() -> None:
    """`school-log schema --help` lists every input the forms check, and no other (the list is written out
    so that help need not load pydantic)."""
    assert SCHEMA_KINDS == tuple(sorted(forms.SCHEMAS))


@pytest.mark.parametrize("argv", [["--help"], ["record", "--help"], ["retention", "destroy", "--help"]])
def test_help_answers_without_loading_the_database_or_the_models(argv: list[str]) -> None:
    """`school-log --help` and a command's `--help` print their usage from the parser alone: SQLAlchemy,
    pydantic, cryptography and the screen stay unloaded (what made help take a second)."""
    program = (
        "import json, sys, tui.main\n"
        "try:\n    tui.main.main(sys.argv[1:])\n"
        "except SystemExit as done:\n    code = done.code\n"
        "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, *argv], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    code, modules = json.loads(done.stderr.splitlines()[-1])
    assert code == 0 and done.stdout.startswith("usage: school-log")
    loaded = [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY]
    assert loaded == []
