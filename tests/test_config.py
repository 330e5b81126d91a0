"""config.toml is checked by models that refuse what they do not know, each problem in one line naming the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from school_log.config import Config, load_config
from school_log.errors import InputError


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        (
            "[alerts]\n[app]\nidle_lock_minutes = 0\n",
            "unknown section [alerts] (use [app], [school], [serve] or [thresholds])",
        ),
        ("[app]\nidle_lock_minutes = 0\n", "app.idle_lock_minutes must be a number of minutes from 0.1 to 120"),
        ("[app]\nidle_lock_minutes = true\n", "app.idle_lock_minutes must be a number of minutes from 0.1 to 120"),
        ("[retention]\nreview_after_years = 1\n", "[retention] is no longer read from a file: the retention period is"),
        ("[app]\nidle_lock_minute = 3\n", "unknown setting 'idle_lock_minute' in [app] (known: idle_lock_minutes)"),
        ("app = 5\n", "[app] must be a table of settings"),
        ('[school]\ntimezone = "Europe/Londn"\n', "school.timezone: 'Europe/Londn' is not a time zone"),
        ("[school]\ntimezone = 1\n", "school.timezone must be a time zone name"),
        ('[school]\nholidays = "wales-and-england"\n', "school.holidays must be one of england, wales, scotland"),
        ('[school]\nterms = [["2026-12-18", "2026-09-02"]]\n', "school.terms: a term ends (2026-09-02) before it"),
        ('[school]\nterms = ["2026-09-02"]\n', "school.terms must be a list of [first day, last day] pairs"),
        ("[school]\nzone = 1\n", "unknown setting 'zone' in [school] (known: timezone, holidays, terms,"),
        ('[school]\nurn = "12345"\n', "school.urn must be the school's six-digit URN"),
        ('[school]\ndsl_email = "dana at oakfield"\n', "school.dsl_email must be an email address"),
        ('[school]\nphone = "ring the office"\n', "school.phone must be a phone number"),
        ("[school]\naddress = 12\n", "school.address must be one line of text"),
        (
            '[school]\npostcode = "NS1 2AB"\n',
            "unknown setting 'postcode' in [school] (known: timezone, holidays, terms, address,",
        ),
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


def test_the_school_section_sets_the_zone_the_nation_the_terms_and_the_closures(tmp_path: Path) -> None:
    """`[school]` names the zone and whose bank holidays apply; terms and `[thresholds] holidays` (closures)
    join the same working-day calendar."""
    path = tmp_path / "config.toml"
    path.write_text(
        '[school]\ntimezone = "Europe/Belfast"\nholidays = "northern-ireland"\n'
        "terms = [[2026-09-01, 2026-10-23], ['2026-11-02', '2026-12-18']]\n"
        "[thresholds]\nholidays = [2026-11-24]\n"
    )
    config = load_config(path)
    days = config.working_days
    assert config.timezone == "Europe/Belfast" and days.nation == "northern-ireland"
    assert days.terms == ((date(2026, 9, 1), date(2026, 10, 23)), (date(2026, 11, 2), date(2026, 12, 18)))
    assert not days.is_working_day(date(2026, 11, 24)) and not days.is_working_day(date(2026, 10, 26))
    assert days.is_working_day(date(2026, 11, 25))


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
