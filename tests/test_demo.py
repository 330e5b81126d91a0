"""`school-log demo`: a ready synthetic school, built once, with the logins printed."""

from __future__ import annotations

import io

import pytest

from school_log.demo import DemoSize, demo_logins, is_built, prepare_demo
from school_log.errors import InputError
from school_log.school import School
from storage.accounts import create_vault

TINY = DemoSize(pupils=16, staff=4, years=1, entries=60)


def test_demo_builds_once_then_reuses(tmp_path):
    """The first `school-log demo` builds the school; later runs open the same one, untouched."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    first, second = io.StringIO(), io.StringIO()
    assert prepare_demo(url, size=TINY, out=first) == url
    (_, _, _), (_, dsl, dsl_pass) = demo_logins(TINY)
    school = School.unlock(url, dsl, dsl_pass)
    before = len(school.roster.pupils()), school.verify().records + 1  # that verify is itself recorded
    assert prepare_demo(url, size=TINY, out=second) == url
    assert "Building" in first.getvalue() and "Reusing" in second.getvalue()
    again = School.unlock(url, dsl, dsl_pass)
    assert (len(again.roster.pupils()), again.verify().records) == before  # reused as it was
    assert again.review.items(), "the demo DSL has someone to review"


def test_demo_prints_how_to_log_in(tmp_path):
    """Someone trying the demo is told the teacher and DSL logins and how to use the CLI."""
    out = io.StringIO()
    url = prepare_demo(f"sqlite:///{tmp_path / 'demo.db'}", size=TINY, out=out)
    (_, teacher, teacher_pass), (_, dsl, dsl_pass) = demo_logins(TINY)
    text = out.getvalue()
    for needle in (teacher, teacher_pass, dsl, dsl_pass, "school-log review --json --user", "SCHOOL_LOG_DB="):
        assert needle in text
    assert School.unlock(url, teacher, teacher_pass).me.username == teacher


def test_demo_lives_in_the_project_and_says_when_it_is_reused(tmp_path, monkeypatch):
    """Started from a clone, the demo is built in its .demo/ (never a shared user data dir), and a
    second start says it reuses that school as it was left."""
    monkeypatch.chdir(tmp_path)
    first, second = io.StringIO(), io.StringIO()
    assert not is_built()
    url = prepare_demo(size=TINY, out=first)
    assert url == f"sqlite:///{tmp_path / '.demo' / 'demo.db'}" and (tmp_path / ".demo" / "demo.db").exists()
    assert is_built() and prepare_demo(size=TINY, out=second) == url
    assert "Building" in first.getvalue()
    assert "Reusing the demo school at" in second.getvalue() and "as it was left" in second.getvalue()


def test_demo_never_touches_a_real_vault(tmp_path):
    """The demo refuses a vault that is not the demo."""
    real = f"sqlite:///{tmp_path / 'real.db'}"
    create_vault(real, "Real School", "head", "Head Teacher", "amber kettle over the dunes")
    with pytest.raises(InputError, match="not the demo"):
        prepare_demo(real, size=TINY, out=io.StringIO())
