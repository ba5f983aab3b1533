"""What fetch tasks need to know about each feed before asking it again (ETag, Last-Modified, Retry-After).

Read from the published copy so that fetch tasks, which may run in parallel on any worker, never touch
the file the loader writes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from warehouse.connection import fetch_dicts, read_copy_path, reader


def load_feed_states(path: Path | None = None) -> dict[str, dict[str, Any]]:
    if not read_copy_path(path).exists():
        return {}
    con = reader(path)
    try:
        return {row["feed"]: row for row in fetch_dicts(con.execute("SELECT * FROM feed_state"))}
    finally:
        con.close()
