"""The school's settings: a TOML file in the platform's config directory.

# ~/.config/school-log/config.toml (or $SCHOOL_LOG_CONFIG)
[app]
idle_lock_minutes = 5

[thresholds]
multiple_reporters = [3, 30]
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from school_log.errors import InputError
from school_log.thresholds import Thresholds

APP_NAME = "school-log"


@dataclass(frozen=True)
class Config:
    idle_lock_minutes: float = 5.0
    thresholds: Thresholds = field(default_factory=Thresholds)


def config_path() -> Path:
    override = os.environ.get("SCHOOL_LOG_CONFIG")
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
    unknown = sorted(set(data) - {"app", "thresholds"})
    if unknown:
        raise InputError(f"{path}: unknown section [{unknown[0]}] (use [app] or [thresholds])")
    app = data.get("app", {})
    minutes = app.get("idle_lock_minutes", Config.idle_lock_minutes)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 0.1 <= minutes <= 120:
        raise InputError(f"{path}: app.idle_lock_minutes must be a number of minutes from 0.1 to 120")
    return Config(idle_lock_minutes=float(minutes), thresholds=Thresholds.from_mapping(data.get("thresholds", {})))
