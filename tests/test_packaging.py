"""What a school installs is what we test: the wheel built from this tree carries everything the
program reads at run time (fonts, stylesheet, migrations, licence) and runs from outside the tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [built] = out.glob("school_log-*.whl")
    return built


def test_the_wheel_carries_fonts_stylesheet_migrations_and_licence(wheel: Path) -> None:
    """A PDF needs its fonts, the app its stylesheet, a new store its migrations: all in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui/app.tcss" in names
    assert any(n.startswith("school_log/outward/exports/fonts/") and n.endswith(".ttf") for n in names)
    assert "storage/migrations/__init__.py" in names
    assert any(n.startswith("storage/migrations/versions/") and n.endswith(".py") for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "school-log = tui.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_creates_a_store_and_reports_its_version(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel alone (not this source tree), `school-log` answers --version and
    creates a store with its migrations: nothing it needs was left behind in the tree."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_DATA_HOME": str(tmp_path / "data")}
    program = [sys.executable, "-c", "import sys, tui.main; sys.exit(tui.main.main())"]
    where = subprocess.run(
        [sys.executable, "-c", "import school_log, tui; print(school_log.__file__, tui.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.count(str(target)) == 2, where.stdout
    version = subprocess.run([*program, "--version"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("school-log 0."), version.stderr
    store = f"sqlite:///{tmp_path / 'new.db'}"
    init = subprocess.run(
        [*program, "init", "--db", store, "--school", "Wheel School", "--dsl", "dana", "--simulated-clock"],
        env={**env, "SCHOOL_LOG_NEW_PASSPHRASE": "a long passphrase nobody would guess 7"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert init.returncode == 0, init.stderr


def test_the_shell_completes_commands_and_options(tmp_path: Path) -> None:
    """Tab after `school-log ver` offers `verify`, and after `school-log export --f` offers `--format`
    (argcomplete, as bash asks it)."""

    def complete(line: str) -> list[str]:
        out = tmp_path / "completions"
        env = {
            **os.environ,
            "_ARGCOMPLETE": "1",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
        }
        program = [sys.executable, "-c", "import sys, tui.main; sys.exit(tui.main.main())"]
        subprocess.run(program, env=env, capture_output=True, timeout=120, cwd=ROOT)
        return out.read_text().split()

    assert complete("school-log ver") == ["verify"]
    assert "--format" in complete("school-log export --f")
