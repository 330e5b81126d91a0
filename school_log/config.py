"""The school's settings: a TOML file in the platform's config directory.

# ~/.config/school-log/config.toml (or $SCHOOL_LOG_CONFIG)
[app]
idle_lock_minutes = 5

[thresholds]
multiple_reporters = [3, 30]

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

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import BaseModel, ConfigDict, PlainValidator, ValidationError

from school_log.errors import InputError
from school_log.form_fields import has_control, problem
from school_log.thresholds import Thresholds
from storage.engine import APP_NAME
from storage.settings import settings


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
    referrer: Referrer = field(default_factory=Referrer)


def _minutes(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.1 <= value <= 120:
        raise problem("app.idle_lock_minutes must be a number of minutes from 0.1 to 120")
    return float(value)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _App(_Section):
    idle_lock_minutes: Annotated[float, PlainValidator(_minutes)] = Config.idle_lock_minutes


def _line(name: str, pattern: str = "", words: str = "") -> PlainValidator:
    """One line of text for [school] `name` (at most 200 characters; matching `pattern`, said as `words`)."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or has_control(value) or len(value) > 200:
            raise problem(f"school.{name} must be one line of text (at most 200 characters)")
        if value and pattern and not re.fullmatch(pattern, value.strip()):
            raise problem(f"school.{name} must be {words}")
        return value.strip()

    return PlainValidator(check)


class _School(_Section):
    address: Annotated[str, _line("address")] = ""
    urn: Annotated[str, _line("urn", r"\d{6}", "the school's six-digit URN")] = ""
    phone: Annotated[str, _line("phone", r"\+?[\d ()-]{6,20}", "a phone number")] = ""
    dsl_phone: Annotated[str, _line("dsl_phone", r"\+?[\d ()-]{6,20}", "a phone number")] = ""
    dsl_email: Annotated[str, _line("dsl_email", r"[^@\s]+@[^@\s]+\.[^@\s]+", "an email address")] = ""


class _File(_Section):
    """The file's sections; [thresholds] is checked by `Thresholds`, in its own words."""

    app: _App = _App()
    thresholds: Any = None
    school: _School = _School()


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
    return Config(
        idle_lock_minutes=parsed.app.idle_lock_minutes,
        thresholds=Thresholds.from_mapping({} if parsed.thresholds is None else parsed.thresholds),
        referrer=Referrer(**parsed.school.model_dump()),
    )


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
        return InputError(f"unknown section [{unknown[0]}] (use [app], [thresholds] or [school])", form=str(path))
    first = found[0]
    section = str(first["loc"][0])
    if first["type"] == "extra_forbidden":
        known = ", ".join(_SECTIONS[section].model_fields)
        return InputError(f"unknown setting {first['loc'][1]!r} in [{section}] (known: {known})", form=str(path))
    if first["type"] == "model_type":
        return InputError(f"[{section}] must be a table of settings", form=str(path))
    return InputError(first["ctx"]["problem"], form=str(path))


_SECTIONS: dict[str, type[_Section]] = {"app": _App, "school": _School}
