"""Test-wide set-up: a throw-away Airflow home (SQLite, migrated once per session) and a fresh
NEWSMON_HOME per test. Airflow reads its configuration at import time, so the environment is set here,
before any test module imports it."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="newsmon-test-airflow-"))

os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO / "dags")
os.environ["AIRFLOW__CORE__PLUGINS_FOLDER"] = str(REPO / "plugins")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_AIRFLOW_HOME}/airflow.db"
os.environ["AIRFLOW__CORE__EXECUTOR"] = "LocalExecutor"
os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "WARNING"
os.environ["NEWSMON_RETRY_DELAY_SECONDS"] = "1"
# Pages of one host are 1 s apart by default; tests that are not about pacing need not wait that long.
# Tests of pacing set their own gap, and the DAG test of the shipped configuration removes this.
os.environ["NEWSMON_PAGE_GAP_SECONDS"] = "0.05"
for _name in ("NEWSMON_FEEDS", "NEWSMON_WAREHOUSE", "NEWSMON_DIGEST_TO", "NEWSMON_ALERT_TO", "NEWSMON_STAGING",
              "NEWSMON_USER_AGENT", "NEWSMON_PAGES_PER_FEED", "NEWSMON_PAGE_HOST_BUDGET_SECONDS"):
    os.environ.pop(_name, None)
os.environ["NEWSMON_HOME"] = str(Path(tempfile.mkdtemp(prefix="newsmon-test-home-")))


@pytest.fixture
def newsmon_home(tmp_path, monkeypatch) -> Path:
    """A fresh NEWSMON_HOME (warehouse, staging) for one test."""
    home = tmp_path / "newsmon-home"
    home.mkdir()
    monkeypatch.setenv("NEWSMON_HOME", str(home))
    monkeypatch.delenv("NEWSMON_WAREHOUSE", raising=False)
    return home


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """A migrated Airflow metadata DB, once per session (dag.test() needs one)."""
    from airflow.utils import db

    db.initdb()
    return _AIRFLOW_HOME
