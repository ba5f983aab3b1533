"""One writer at a time, readers on a published copy.

DuckDB locks a database file against every other process while a read-write connection is open, and a
read-only connection from another process blocks the writer just the same. So the pipeline never lets
readers near the file it writes:

* `writer()` takes an advisory lock (waiting with a log line while another loader holds it), opens the
  file, applies pending migrations, runs the caller's work in one transaction, checkpoints, closes, and
  publishes a read copy by copying the file and `os.replace`-ing it into place (atomic on POSIX).
* `reader()` opens the read copy `read_only`. A reader that started before a publish keeps reading the
  old inode, so it never sees a half-copied file, and the writer never waits for readers.
* Only writers create. A reader pointed at a folder without a warehouse (a forgotten or misspelt
  `NEWSMON_HOME`) raises `WarehouseNotFound` with one line naming the path and `NEWSMON_HOME`, instead of
  creating an empty warehouse there and answering every query with no rows. Pipeline tasks that read first
  (`stage_pending`, `render_step`) call `ensure_warehouse()` themselves, so a clean home still runs.

A loader killed mid-transaction leaves an uncommitted transaction that DuckDB discards on the next open,
and the read copy is untouched because publishing happens only after commit.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from extractors import settings

log = logging.getLogger(__name__)



class WarehouseBusyError(RuntimeError):
    """Another writer held the warehouse longer than we were willing to wait."""


class WarehouseNotFound(FileNotFoundError):
    """A reader found no (published) warehouse where the settings point; the message is one line."""


def missing_warehouse_message(path: Path) -> str:
    """One line for a person: the path looked at, where it came from, and the two ways out."""
    home = settings.env_value("NEWSMON_HOME")
    origin = f"NEWSMON_HOME={home}" if home else f"NEWSMON_HOME is not set, so the default {settings.newsmon_home()}"
    if settings.env_value("NEWSMON_WAREHOUSE"):
        origin += f"; NEWSMON_WAREHOUSE={settings.env_value('NEWSMON_WAREHOUSE')}"
    return (f"no warehouse at {read_copy_path(path)} ({origin}): set NEWSMON_HOME to the folder the pipeline "
            "uses (make run prints it), or create an empty one with `python -m warehouse migrate`")


def read_copy_path(path: Path | None = None) -> Path:
    path = path or settings.warehouse_path()
    return path.with_name(path.stem + ".read" + path.suffix)


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def writer_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Advisory cross-process lock around the whole write + publish window (`NEWSMON_WRITER_LOCK_TIMEOUT`
    seconds of waiting by default, read when the lock is asked for)."""
    timeout = settings.writer_lock_timeout() if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_file = _lock_path(path)
    with open(lock_file, "a+") as handle:
        deadline = time.monotonic() + timeout
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    log.info("warehouse %s is being written by another loader (%s); waiting up to %.0fs",
                             path, holder, timeout)
                    announced = True
                if time.monotonic() > deadline:
                    raise WarehouseBusyError(f"warehouse {path} still locked by another writer after {timeout:.0f}s")
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish_read_copy(path: Path) -> Path:
    """Copy the (closed, checkpointed) warehouse beside itself and swap it in atomically."""
    target = read_copy_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(path, tmp)
    os.replace(tmp, target)
    return target


@contextlib.contextmanager
def writer(path: Path | None = None, *, publish: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection inside one transaction; commits, checkpoints and publishes on success."""
    from warehouse.migrate import apply_migrations

    path = path or settings.warehouse_path()
    with writer_lock(path):
        con = duckdb.connect(str(path))
        try:
            # Bulk inserts may use both cores when row order need not be kept (no query relies on it).
            con.execute("SET preserve_insertion_order = false")
            apply_migrations(con)
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if publish:
            publish_read_copy(path)


def fetch_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    """The rows of an executed query as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def ensure_warehouse(path: Path | None = None) -> Path:
    """Create the warehouse (migrations applied) and its read copy if either is missing."""
    path = path or settings.warehouse_path()
    if not path.exists() or not read_copy_path(path).exists():
        with writer(path):
            pass
    return path


def reader(path: Path | None = None, *, allow_external_access: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published copy; it cannot modify anything, not even other files.
    Raises `WarehouseNotFound` when there is no published copy: a reader never creates one."""
    path = path or settings.warehouse_path()
    copy = read_copy_path(path)
    if not copy.exists():
        raise WarehouseNotFound(missing_warehouse_message(path))
    config = {} if allow_external_access else {"enable_external_access": False}
    return duckdb.connect(str(copy), read_only=True, config=config)
