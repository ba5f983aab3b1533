"""PostgreSQL and Redis for the distributed end-to-end test: reachability (skip or, under
NEWSMON_REQUIRE_DISTRIBUTED=1, fail), a throw-away database, and a Redis db number emptied before and after."""
from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


@dataclass(frozen=True)
class Services:
    database: str
    redis_db: int

    @property
    def metadata_url(self) -> str:
        return f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{self.database}"

    @property
    def result_backend(self) -> str:
        return f"db+postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{self.database}"

    @property
    def broker_url(self) -> str:
        return f"redis://{REDIS_HOST}:{REDIS_PORT}/{self.redis_db}"


def _unreachable() -> str | None:
    for name, host, port in (("PostgreSQL", PG_HOST, PG_PORT), ("Redis", REDIS_HOST, REDIS_PORT)):
        try:
            socket.create_connection((host, port), timeout=2).close()
        except OSError as exc:
            return f"{name} is not reachable on {host}:{port} ({exc})"
    try:
        import psycopg2

        psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any reason means "cannot run here"
        return f"PostgreSQL refuses user {PG_USER} on {PG_HOST}:{PG_PORT} ({exc})"
    return None


def require_services() -> None:
    """Skip with the reason, unless NEWSMON_REQUIRE_DISTRIBUTED=1 (CI), which turns the skip into a failure."""
    reason = _unreachable()
    if reason is None:
        return
    if os.environ.get("NEWSMON_REQUIRE_DISTRIBUTED") == "1":
        pytest.fail(f"NEWSMON_REQUIRE_DISTRIBUTED=1 but {reason}")
    pytest.skip(reason)


def _admin(sql: str) -> None:
    import psycopg2

    con = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(sql)
    finally:
        con.close()


def _redis(db: int):
    import redis

    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=5)


def database_exists(name: str) -> bool:
    import psycopg2

    con = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    try:
        with con.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cur.fetchone() is not None
    finally:
        con.close()


def redis_keys(db: int) -> int:
    return _redis(db).dbsize()


@contextmanager
def throwaway_services() -> Iterator[Services]:
    services = Services(database=f"newsmon_e2e_{secrets.token_hex(4)}",
                        redis_db=int(os.environ.get("NEWSMON_E2E_REDIS_DB", "11")))
    _admin(f'CREATE DATABASE "{services.database}"')
    _redis(services.redis_db).flushdb()
    try:
        yield services
    finally:
        _redis(services.redis_db).flushdb()
        _admin(f'DROP DATABASE IF EXISTS "{services.database}" WITH (FORCE)')
