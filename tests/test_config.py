"""config.toml is checked by models that refuse what they do not know, each problem in one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from school_log.config import Config, load_config
from school_log.errors import InputError


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        (
            "[alerts]\n[app]\nidle_lock_minutes = 0\n",
            "unknown section [alerts] (use [app], [thresholds] or [school])",
        ),
        ("[app]\nidle_lock_minutes = 0\n", "app.idle_lock_minutes must be a number of minutes from 0.1 to 120"),
        ("[app]\nidle_lock_minutes = true\n", "app.idle_lock_minutes must be a number of minutes from 0.1 to 120"),
        ("[retention]\nreview_after_years = 1\n", "[retention] is no longer read from a file: the retention period is"),
        ("[app]\nidle_lock_minute = 3\n", "unknown setting 'idle_lock_minute' in [app] (known: idle_lock_minutes)"),
        ("app = 5\n", "[app] must be a table of settings"),
        ('[school]\nurn = "12345"\n', "school.urn must be the school's six-digit URN"),
        ('[school]\ndsl_email = "dana at oakfield"\n', "school.dsl_email must be an email address"),
        ('[school]\nphone = "ring the office"\n', "school.phone must be a phone number"),
        ("[school]\naddress = 12\n", "school.address must be one line of text"),
        ('[school]\npostcode = "NS1 2AB"\n', "unknown setting 'postcode' in [school] (known: address, urn, phone,"),
    ],
)
def test_a_bad_config_is_one_line_naming_the_file(tmp_path: Path, text: str, expect: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: {expect}") and "\n" not in str(caught.value)


def test_a_good_config_overrides_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[app]\nidle_lock_minutes = 2\n[thresholds]\nrising_min = 4\n")
    config = load_config(path)
    assert config.idle_lock_minutes == 2.0 and config.thresholds.rising_min == 4
    assert load_config(tmp_path / "absent.toml") == Config()


def test_the_school_section_names_the_referrer(tmp_path: Path) -> None:
    """[school] gives the referral pack's first page the school's address, URN and phone and the DSL's phone
    and email; a school without it gets empty details, never an error."""
    path = tmp_path / "config.toml"
    path.write_text('[school]\naddress = "1 Mill Lane, Northshire"\nurn = "123456"\ndsl_email = "dsl@oak.sch.uk"\n')
    referrer = load_config(path).referrer
    assert (referrer.address, referrer.urn, referrer.dsl_email, referrer.phone) == (
        "1 Mill Lane, Northshire",
        "123456",
        "dsl@oak.sch.uk",
        "",
    )
