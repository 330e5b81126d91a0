"""The school's settings: a TOML file in the platform's config directory.

# ~/.config/school-log/config.toml (or $SCHOOL_LOG_CONFIG)
[app]
idle_lock_minutes = 5

[school]
timezone = "Europe/London"        # every time shown and typed is the school's (times are stored in UTC)
holidays = "england"              # bank holidays: england, wales, scotland or northern-ireland
terms = [["2026-09-02", "2026-10-23"], ["2026-11-02", "2026-12-18"]]  # optional: outside them, no working days

[thresholds]
multiple_reporters = [3, 30]
holidays = [2026-11-24]           # the school's own closures (INSET days), on top of the bank holidays

[serve]              # `school-log serve`: the app in a browser
host = "0.0.0.0"     # beyond this machine only with a certificate and key
port = 8443
certificate = "/etc/school-log/cert.pem"
key = "/etc/school-log/key.pem"
public_url = "https://safeguarding.school.example:8443"

[school]   # the referrer, on the first page of every referral pack
address = "Oakfield Primary, 1 Mill Lane, Northshire NS1 2AB"
urn = "123456"
phone = "01632 960000"
dsl_phone = "01632 960001"
dsl_email = "dsl@oakfield.example.sch.uk"

The retention period is not here: it is a school setting a DSL signs into the log
(`school-log retention period`), so that no machine's file can shorten it.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationError

from school_log.errors import InputError
from school_log.forms.fields import problem, text_problem
from school_log.local_time import DEFAULT_ZONE, zone_named
from school_log.patterns.thresholds import Thresholds
from school_log.workdays import DEFAULT_NATION, NATIONS, WorkingDays
from storage.app_name import APP_NAME
from storage.settings import settings


@dataclass(frozen=True)
class ServeConfig:
    """Where `school-log serve` listens, and its TLS certificate and key (PEM files)."""

    host: str = "127.0.0.1"
    port: int = 8000
    certificate: Path | None = None
    key: Path | None = None
    public_url: str | None = None


@dataclass(frozen=True)
class Referrer:
    """How an agency reaches the school and its DSL ("" where not set): the pack's first page."""

    address: str = ""
    urn: str = ""
    phone: str = ""
    dsl_phone: str = ""
    dsl_email: str = ""


@dataclass(frozen=True)
class Config:
    idle_lock_minutes: float = 5.0
    thresholds: Thresholds = field(default_factory=Thresholds)
    serve: ServeConfig = field(default_factory=ServeConfig)
    timezone: str = DEFAULT_ZONE
    working_days: WorkingDays = field(default_factory=WorkingDays)
    referrer: Referrer = field(default_factory=Referrer)


def _minutes(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.1 <= value <= 120:
        raise problem("app.idle_lock_minutes must be a number of minutes from 0.1 to 120")
    return float(value)


def _port(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise problem("serve.port must be a whole number from 1 to 65535")
    return value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _App(_Section):
    idle_lock_minutes: Annotated[float, PlainValidator(_minutes)] = Config.idle_lock_minutes


class _Serve(_Section):
    host: str = ServeConfig.host
    port: Annotated[int, PlainValidator(_port)] = ServeConfig.port
    certificate: Path | None = None
    key: Path | None = None
    public_url: str | None = None


def _zone(value: Any) -> str:
    if not isinstance(value, str):
        raise problem(f"school.timezone must be a time zone name such as {DEFAULT_ZONE!r}")
    try:
        zone_named(value)
    except InputError as error:
        raise problem(f"school.timezone: {error}") from None
    return value


def _nation(value: Any) -> str:
    if value not in NATIONS:
        raise problem(f"school.holidays must be one of {', '.join(NATIONS)} (the nation whose bank holidays apply)")
    return str(value)


def _terms(value: Any) -> tuple[tuple[date, date], ...]:
    """[[first day, last day], ...]: TOML dates or 'YYYY-MM-DD' text, each term's first day on or before its last."""
    bad = problem('school.terms must be a list of [first day, last day] pairs, like [["2026-09-02", "2026-10-23"]]')
    if not isinstance(value, list):
        raise bad
    terms = []
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise bad
        try:
            first, last = (d if isinstance(d, date) else date.fromisoformat(d) for d in pair)
        except (TypeError, ValueError):
            raise bad from None
        if first > last:
            raise problem(f"school.terms: a term ends ({last}) before it starts ({first})")
        terms.append((first, last))
    return tuple(sorted(terms))


def _line(name: str, pattern: str = "", words: str = "") -> PlainValidator:
    """One line of text for [school] `name` (at most 200 characters; matching `pattern`, said as `words`)."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or text_problem(value, one_line=True) is not None or len(value) > 200:
            raise problem(f"school.{name} must be one line of text (at most 200 characters)")
        if value and pattern and not re.fullmatch(pattern, value.strip()):
            raise problem(f"school.{name} must be {words}")
        return value.strip()

    return PlainValidator(check)


class _School(_Section):
    """Where and when the school is (time zone, bank holidays, terms) and how an agency reaches it."""

    timezone: Annotated[str, PlainValidator(_zone)] = DEFAULT_ZONE
    holidays: Annotated[str, PlainValidator(_nation)] = DEFAULT_NATION
    terms: Annotated[tuple[tuple[date, date], ...], PlainValidator(_terms)] = ()
    address: Annotated[str, _line("address")] = ""
    urn: Annotated[str, _line("urn", r"\d{6}", "the school's six-digit URN")] = ""
    phone: Annotated[str, _line("phone", r"\+?[\d ()-]{6,20}", "a phone number")] = ""
    dsl_phone: Annotated[str, _line("dsl_phone", r"\+?[\d ()-]{6,20}", "a phone number")] = ""
    dsl_email: Annotated[str, _line("dsl_email", r"[^@\s]+@[^@\s]+\.[^@\s]+", "an email address")] = ""


class _File(_Section):
    """The file's sections; [thresholds] is checked by `Thresholds`, in its own words."""

    app: _App = _App()
    serve: _Serve = _Serve()
    school: _School = _School()
    thresholds: Any = None


def config_path() -> Path:
    override = settings().config
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def debug_requested() -> bool:
    """`SCHOOL_LOG_DEBUG=1`: a developer asks for full tracebacks (allowed only where tui/leaks.py says)."""
    return settings().debug


def load_config(path: Path | None = None) -> Config:
    """The settings, or the defaults when there is no file; a bad file is one clear error."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read the config file ({error})") from None
    try:
        parsed = _File.model_validate(data)
    except ValidationError as error:
        raise _refused(error, path) from None
    thresholds = Thresholds.from_mapping({} if parsed.thresholds is None else parsed.thresholds)
    return Config(
        idle_lock_minutes=parsed.app.idle_lock_minutes,
        serve=ServeConfig(**parsed.serve.model_dump()),
        thresholds=thresholds,
        timezone=parsed.school.timezone,
        working_days=WorkingDays(parsed.school.holidays, frozenset(thresholds.holidays), parsed.school.terms),
        referrer=Referrer(**parsed.school.model_dump(include=set(Referrer.__dataclass_fields__))),
    )


def school_setting_problems(values: Mapping[str, str]) -> list[InputError]:
    """What is wrong with [school] settings about to be written (by the rules the file is read with), each
    placed on its setting's name."""
    try:
        _School.model_validate(values)
    except ValidationError as error:
        return [
            InputError(re.sub(r"^school\.(\w+):? ", r"\1: ", found["ctx"]["problem"]), field=str(found["loc"][0]))
            for found in error.errors(include_url=False)
        ]
    return []


_HEADER = re.compile(r"\s*\[\[?\s*([^\]]*?)\s*\]")


def save_school_settings(values: Mapping[str, str], path: Path | None = None) -> Path:
    """Set `values` (e.g. the URN and time zone) in the file's [school] table, made if missing; every
    other line stays as it was. The file is read back: what it says afterwards is what was asked, or
    it is left as it was and the one line says so. Returns the file's path."""
    path = path or config_path()
    load_config(path)  # a file that is wrong already is said first, and nothing is written
    wrong = school_setting_problems(values)
    if wrong:
        raise wrong[0]
    try:
        before = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        before = None
    lines = (before or "").splitlines()
    headers = [(n, match.group(1)) for n, line in enumerate(lines) if (match := _HEADER.match(line))]
    start = next((n for n, name in headers if name == "school"), None)
    if start is None:
        lines += ["", "[school]"] if lines else ["[school]"]
        start = len(lines) - 1
    end = next((n for n, _ in headers if n > start), len(lines))
    for key, value in values.items():
        line = f"{key} = {json.dumps(value)}"  # a JSON string is a TOML basic string
        found = next((n for n in range(start + 1, end) if re.match(rf"\s*{key}\s*=", lines[n])), None)
        if found is None:
            lines.insert(start + 1, line)
            end += 1
        else:
            lines[found] = line
    _write(path, "\n".join(lines) + "\n")
    after = tomllib.loads(path.read_text(encoding="utf-8")).get("school", {})
    if any(after.get(key) != value for key, value in values.items()):
        if before is None:
            path.unlink()
        else:
            _write(path, before)
        settings = ", ".join(f"{key} = {json.dumps(value)}" for key, value in values.items())
        raise InputError(f"could not set {settings} in [school] (the file is laid out unusually): set it by hand")
    return path


def _write(path: Path, text: str) -> None:
    """The whole file at once: a reader sees the old file or the new, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.new")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the config file ({error.strerror or type(error).__name__})") from None


def _refused(error: ValidationError, path: Path) -> InputError:
    """The first thing wrong with the file, in one line naming it: an unknown section first."""
    found = error.errors(include_url=False)
    unknown = sorted(str(e["loc"][0]) for e in found if e["type"] == "extra_forbidden" and len(e["loc"]) == 1)
    if unknown == ["retention"]:
        return InputError(
            "[retention] is no longer read from a file: the retention period is a school setting a DSL signs "
            "into the log ('school-log retention period --years N --reason ...'); remove the section",
            form=str(path),
        )
    if unknown:
        return InputError(
            f"unknown section [{unknown[0]}] (use [app], [school], [serve] or [thresholds])", form=str(path)
        )
    first = found[0]
    section = str(first["loc"][0])
    if first["type"] == "extra_forbidden":
        known = ", ".join(_SECTIONS[section].model_fields)
        return InputError(f"unknown setting {first['loc'][1]!r} in [{section}] (known: {known})", form=str(path))
    if first["type"] == "model_type":
        return InputError(f"[{section}] must be a table of settings", form=str(path))
    return InputError(first["ctx"]["problem"], form=str(path))


_SECTIONS: dict[str, type[_Section]] = {"app": _App, "school": _School, "serve": _Serve}
