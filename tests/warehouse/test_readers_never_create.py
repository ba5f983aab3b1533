"""Only writers create a warehouse. Every reader (`warehouse sql`, `warehouse shell`, `warehouse digest`, the
UI page) pointed at a folder without one fails with one line naming the path it looked at and
NEWSMON_HOME, and leaves the folder as it was.

Regression: `python -m warehouse sql` with a misspelt NEWSMON_HOME created and migrated a new, empty
warehouse there and printed `(0 rows)` with exit status 0."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

PY = sys.executable
READERS = {
    "sql": ["sql", "SELECT count(*) FROM articles"],
    "shell": ["shell"],
    "digest": ["digest", "--date", "2026-11-26", "--out", "{tmp}/day.eml"],
}


def warehouse_cli(args: list[str], home, **extra_env) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name != "NEWSMON_WAREHOUSE"}
    env.update({"NEWSMON_HOME": str(home), **extra_env})
    return subprocess.run([PY, "-m", "warehouse", *args], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_reader_on_a_home_without_a_warehouse_fails_in_one_line_and_creates_nothing(tmp_path, reader):
    home = tmp_path / "newsmon-hom"                     # a typo of the real home
    args = [a.format(tmp=tmp_path) for a in READERS[reader]]
    result = warehouse_cli(args, home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: no warehouse at {home / 'warehouse' / 'newsmon.read.duckdb'} ")
    assert f"NEWSMON_HOME={home}" in line and "python -m warehouse migrate" in line
    assert not home.exists()
    assert not (tmp_path / "day.eml").exists()


def test_the_message_names_an_explicit_warehouse_path_too(tmp_path):
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere" / "wh.duckdb"
    result = warehouse_cli(READERS["sql"], home, NEWSMON_WAREHOUSE=str(elsewhere))
    assert result.returncode == 1
    assert f"no warehouse at {elsewhere.with_name('wh.read.duckdb')} " in result.stderr
    assert f"NEWSMON_HOME={home}; NEWSMON_WAREHOUSE={elsewhere}" in result.stderr
    assert not elsewhere.parent.exists()


def test_a_writer_creates_and_then_every_reader_answers(tmp_path):
    home = tmp_path / "home"
    created = warehouse_cli(["migrate"], home)
    assert created.returncode == 0, created.stderr
    answered = warehouse_cli(["sql", "SELECT count(*) AS n FROM articles", "--format", "csv"], home)
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.splitlines() == ["n", "0"]
