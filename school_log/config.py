"""The school's settings: a TOML file in the platform's config directory.

# ~/.config/school-log/config.toml (or $SCHOOL_LOG_CONFIG)
[app]
idle_lock_minutes = 5

[thresholds]
multiple_reporters = [3, 30]

[retention]
review_after_years = 25   # a pupil's file is due for review at date of birth + this
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from school_log.errors import InputError
from school_log.thresholds import Thresholds
from storage.settings import settings

APP_NAME = "school-log"


@dataclass(frozen=True)
class Config:
    idle_lock_minutes: float = 5.0
    thresholds: Thresholds = field(default_factory=Thresholds)
    retention_years: int = 25


def config_path() -> Path:
    override = settings().config
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The settings, or the defaults when there is no file; a bad file is one clear error."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read the config file ({error})") from None
    unknown = sorted(set(data) - {"app", "thresholds", "retention"})
    if unknown:
        raise InputError(f"{path}: unknown section [{unknown[0]}] (use [app], [thresholds] or [retention])")
    app = data.get("app", {})
    minutes = app.get("idle_lock_minutes", Config.idle_lock_minutes)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 0.1 <= minutes <= 120:
        raise InputError(f"{path}: app.idle_lock_minutes must be a number of minutes from 0.1 to 120")
    years = data.get("retention", {}).get("review_after_years", Config.retention_years)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 150:
        raise InputError(f"{path}: retention.review_after_years must be a whole number of years from 1 to 150")
    return Config(
        idle_lock_minutes=float(minutes),
        thresholds=Thresholds.from_mapping(data.get("thresholds", {})),
        retention_years=years,
    )
