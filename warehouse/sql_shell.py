"""`make sql` / `python -m warehouse shell`: the duckdb CLI on the read copy, really read-only.

`-readonly` alone only stops writes to the opened file: external access stays on, so `COPY ... TO` could
overwrite the writable warehouse with a CSV, `read_csv('/etc/passwd')` reads local files and `.shell`
runs commands. The CLI's `-safe` mode closes all of that before the first prompt: it turns external
access off and locks the configuration (so no `SET` re-opens it, `memory_limit` included), and refuses the
dot commands that reach the file system or a shell (`.shell`/`.system`, `.output`/`.once`/`.excel`,
`.open`, `.read`, `.import`, `.cd`, `.log`). `-no-init` skips `~/.duckdbrc`, which would run before it.

Why the binary and not the `duckdb` script on PATH: the pip package `duckdb-cli` wraps the binary in a
script that passes `-cmd "SET extension_directories = ..."`, which safe mode's locked configuration refuses,
so `duckdb -safe` through the wrapper fails on start. The binary the package ships is the same release as
the `duckdb` module (both pinned), so it reads the files the pipeline writes.
"""
from __future__ import annotations

import os
from pathlib import Path


def cli_binary() -> Path | None:
    """The duckdb CLI executable shipped by the `duckdb-cli` package, None when it is not installed."""
    try:
        import duckdb_cli
    except ImportError:
        return None
    binary = Path(duckdb_cli.__file__).parent / "duckdb"
    return binary if binary.is_file() and os.access(binary, os.X_OK) else None


def shell_arguments(binary: Path, database: Path) -> list[str]:
    """argv for an interactive shell that cannot write, read other files or run commands."""
    return [str(binary), "-safe", "-readonly", "-no-init", str(database)]
