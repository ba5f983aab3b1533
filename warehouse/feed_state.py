"""What fetch tasks need to know about each feed before asking it again (ETag, Last-Modified, Retry-After).

Read from the published copy so that fetch tasks, which may run in parallel on any worker, never touch
the file the loader writes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from warehouse.connection import read_copy_path, reader


def load_feed_states(path: Path | None = None) -> dict[str, dict[str, Any]]:
    if not read_copy_path(path).exists() if path else not read_copy_path().exists():
        return {}
    con = reader(path)
    try:
        cursor = con.execute("SELECT * FROM feed_state")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}
    finally:
        con.close()
