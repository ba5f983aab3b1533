"""Where the `NEWSMON_*` environment variables are read: one place, so every task, CLI and test agrees.

Values are read at call time, not import time, so tests can point a fresh `NEWSMON_HOME` per test.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def newsmon_home() -> Path:
    """All state lives here (warehouse, staging files, the `make run` Airflow home)."""
    return Path(os.environ.get("NEWSMON_HOME") or REPO_ROOT / ".newsmon").resolve()


def feeds_path() -> Path:
    return Path(os.environ.get("NEWSMON_FEEDS") or REPO_ROOT / "config" / "feeds.yaml").resolve()


def warehouse_path() -> Path:
    """The DuckDB file the pipeline writes (readers use its published read copy)."""
    explicit = os.environ.get("NEWSMON_WAREHOUSE")
    return Path(explicit).resolve() if explicit else newsmon_home() / "warehouse" / "newsmon.duckdb"


def staging_root() -> Path:
    """Per-run staging files; a task hands data to the next through files here, XCom carries only paths."""
    return Path(os.environ.get("NEWSMON_STAGING") or newsmon_home() / "staging").resolve()


def digest_recipients() -> list[str]:
    return [a.strip() for a in os.environ.get("NEWSMON_DIGEST_TO", "").split(",") if a.strip()]


def alert_recipients() -> list[str]:
    return [a.strip() for a in os.environ.get("NEWSMON_ALERT_TO", "").split(",") if a.strip()]


def timezone_name() -> str:
    return os.environ.get("NEWSMON_TZ") or "Europe/Berlin"


def fetch_allow() -> list[str]:
    """Extra IPs/CIDRs that article-page fetches may reach although they are not public."""
    return [a.strip() for a in os.environ.get("NEWSMON_FETCH_ALLOW", "").split(",") if a.strip()]


def digest_quiet_mode() -> str:
    """`send` (default: a short "quiet day" digest) or `skip` (nothing sent on a day without news)."""
    value = (os.environ.get("NEWSMON_DIGEST_QUIET") or "send").strip().lower()
    if value not in ("send", "skip"):
        raise ValueError(f"NEWSMON_DIGEST_QUIET must be 'send' or 'skip', got {value!r}")
    return value


def env_number(name: str, default: float, cast: type = float) -> float:
    """A non-negative number from the environment variable `name` (`default` when unset or blank)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = cast(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a {cast.__name__}") from exc
    if value < 0:
        raise ValueError(f"{name}={raw!r} must not be negative")
    return value


def env_value(name: str) -> str | None:
    """The raw value of a `NEWSMON_*` variable, for messages that say where a setting came from."""
    return os.environ.get(name) or None


def user_agent() -> str | None:
    """`NEWSMON_USER_AGENT`: the User-Agent of page and robots.txt requests (None: the built-in one)."""
    return (os.environ.get("NEWSMON_USER_AGENT") or "").strip() or None


def fetch_deadline_seconds() -> float | None:
    """`NEWSMON_FETCH_DEADLINE_SECONDS`: the overall limit of one feed request (None: the built-in 45 s)."""
    raw = os.environ.get("NEWSMON_FETCH_DEADLINE_SECONDS", "").strip()
    if not raw:
        return None
    try:
        deadline = float(raw)
    except ValueError as error:
        raise ValueError(f"NEWSMON_FETCH_DEADLINE_SECONDS={raw!r} is not a number of seconds") from error
    if deadline <= 0:
        raise ValueError(f"NEWSMON_FETCH_DEADLINE_SECONDS={raw!r} must be positive")
    return deadline


def writer_lock_timeout() -> float:
    """`NEWSMON_WRITER_LOCK_TIMEOUT`: seconds a loader waits for another writer before failing."""
    return float(env_number("NEWSMON_WRITER_LOCK_TIMEOUT", 600.0, float))


def warehouse_queue() -> str:
    """`NEWSMON_WAREHOUSE_QUEUE`: the Celery queue of the worker that owns the warehouse volume."""
    return (os.environ.get("NEWSMON_WAREHOUSE_QUEUE") or "warehouse").strip()


def retry_delay_seconds() -> int:
    """`NEWSMON_RETRY_DELAY_SECONDS`: the first retry delay of every newsmon task (tests shorten it)."""
    return int(env_number("NEWSMON_RETRY_DELAY_SECONDS", 30, int))
