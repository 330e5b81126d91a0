"""`school-log schema KIND` tells a script writer what each command takes, and the README's examples
are what the program accepts: each example is checked against the printed schema and by the model."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from school_log.forms import inputs as forms
from tests.cli_runner import Runner

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"`\w+\.json` \(`school-log schema ([\w-]+)`\):\n\n```json\n(.*?)```", README, flags=re.S)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(monkeypatch, capsys)


def test_the_readme_shows_an_example_for_record_and_decide() -> None:
    assert {kind for kind, _ in EXAMPLES} >= {"concern", "decision"}


@pytest.mark.parametrize(("kind", "text"), EXAMPLES, ids=[kind for kind, _ in EXAMPLES])
def test_each_readme_example_fits_its_schema_and_is_accepted(kind: str, text: str, run: Runner) -> None:
    """Every field of the example is in `school-log schema KIND`, every required one is given, and the
    model the command uses accepts it."""
    printed = run("schema", kind)
    assert printed.code == 0
    schema = printed.json()
    example = json.loads(text)
    assert set(example) <= set(schema["properties"]), set(example) - set(schema["properties"])
    assert set(schema.get("required", ())) <= set(example)
    forms.checked(forms.SCHEMAS[kind], example, kind, now=datetime(2026, 11, 23, 10, tzinfo=UTC))


def test_every_input_has_a_schema_and_an_unknown_kind_is_one_line(run: Runner) -> None:
    for kind in forms.SCHEMAS:
        assert run("schema", kind).json()["type"] == "object"
    refused = run("schema", "concerns")
    assert refused.code == 2 and "invalid choice" in refused.err


def test_every_option_of_every_command_says_what_it_is_for() -> None:
    """`--help` of every command explains each option (none left blank), so a script writer needs no source."""
    import argparse

    from school_log.cli.spec import build_parser

    def parsers(parser: argparse.ArgumentParser):  # type: ignore[no-untyped-def]
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    yield from parsers(child)

    blank = [
        f"{p.prog} {'/'.join(a.option_strings)}"
        for p in parsers(build_parser())
        for a in p._actions
        if a.option_strings and a.help is None
    ]
    assert blank == []


def test_the_old_json_file_spelling_still_records_with_a_note(run: Runner, tmp_path: Path) -> None:
    """Scripts written for the last release (`record --json FILE`) keep working this release, told the new name;
    giving both spellings is refused in one line."""
    from tests.factory import make_school

    school = make_school(tmp_path, run.mp)
    entry = tmp_path / "concern.json"
    entry.write_text(json.dumps({"pupil": "R100000000001", "what_happened": "A bruise on the arm"}))
    old = run.as_("tom")("--db", school.url, "record", "--json", str(entry))
    assert old.code == 0 and "'--json FILE' is now '--input FILE'" in old.notes
    both = run.as_("tom")("--db", school.url, "record", "--json", str(entry), "--input", str(entry))
    assert both.code == 2 and "not allowed with" in both.err
