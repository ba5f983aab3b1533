"""Named SQL lives in `warehouse/queries/<name>.sql`; code refers to it by name."""
from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def query(name: str) -> str:
    return resources.files("warehouse.queries").joinpath(f"{name}.sql").read_text(encoding="utf-8")
