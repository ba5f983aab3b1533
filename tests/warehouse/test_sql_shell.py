"""`python -m warehouse shell` (`make sql`) driven through a pseudo-terminal, the way a person types into it.

Regression: the shell used to start the duckdb CLI with `-readonly` only, so
`COPY (SELECT 'overwritten' AS x) TO '<warehouse>.duckdb' (FORMAT csv)` turned the writable warehouse into
a 14-byte CSV, `read_csv('/etc/passwd')` read local files and `.shell` ran commands.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from warehouse.connection import read_copy_path, writer

PROMPT = "D "
ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07)")
# What a terminal answers when the CLI asks for its background colour (OSC 11) and its type (DA1).
TERMINAL_REPLIES = {b"\x1b]11;?\x07": b"\x1b]11;rgb:0000/0000/0000\x07", b"\x1b[c": b"\x1b[?1;2c"}


class PtyShell:
    """The shell on the slave side of a pty that answers like a terminal (80x40, replies to the CLI's
    queries); `type` sends one line and returns what the screen showed, colours stripped."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        self.proc = subprocess.Popen([sys.executable, "-m", "warehouse", "shell"], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, cwd=cwd, start_new_session=True)
        os.close(slave)
        self.banner = self._read_until(PROMPT, timeout=60)

    def _read_until(self, marker: str, timeout: float) -> str:
        seen = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the slave side closed: the shell exited
                break
            seen += chunk
            for query, reply in TERMINAL_REPLIES.items():
                if query in chunk:
                    os.write(self.master, reply)
            if ANSI.sub("", seen.decode("utf-8", "replace")).endswith(marker):
                break
        return ANSI.sub("", seen.decode("utf-8", "replace"))

    def type(self, line: str, timeout: float = 30) -> str:
        os.write(self.master, line.encode() + b"\r")
        return self._read_until(PROMPT, timeout)

    def close(self) -> int | None:
        """`.quit`; the exit status (1 after a refused command, as the CLI reports errors), None if it hung."""
        try:
            os.write(self.master, b".quit\r")
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return None
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            os.close(self.master)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_typed_commands_cannot_write_read_files_or_run_commands(newsmon_home, tmp_path):
    from extractors import settings

    with writer() as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
                    "VALUES ('alpha', 'r1', 'http://x', TIMESTAMP '2026-11-26 10:00:00', 'new')")
    main, copy = settings.warehouse_path(), read_copy_path()
    before = {p: sha256(p) for p in (main, copy)}
    marker, output, once = tmp_path / "shell-ran", tmp_path / "output.txt", tmp_path / "once.txt"
    attempts = {
        f"COPY (SELECT 'overwritten' AS x) TO '{main}' (FORMAT csv);": "Permission Error",
        "SELECT count(*) FROM read_csv('/etc/passwd');": "Permission Error",
        f"ATTACH '{main}' AS w;": "Permission Error",
        f"SELECT * FROM '{main}';": "Permission Error",
        f".shell touch {marker}": "cannot be used in -safe mode",
        f".system touch {marker}": "cannot be used in -safe mode",
        f".output {output}": "cannot be used in -safe mode",
        f".once {once}": "cannot be used in -safe mode",
        f".open {main}": "cannot be used in -safe mode",
        "SET enable_external_access = true;": "the configuration has been locked",
        "SET lock_configuration = false;": "the configuration has been locked",
        "SET memory_limit = '100TB';": "the configuration has been locked",
        "INSTALL httpfs;": "Permission Error",
        "DELETE FROM feed_fetches;": "read-only mode",
    }
    shell = PtyShell(os.environ.copy(), Path(__file__).resolve().parents[2])
    try:
        assert "read-only shell on" in shell.banner
        assert "alpha" in shell.type("SELECT feed FROM feed_fetches;")  # it is a working shell
        for command, refusal in attempts.items():
            shown = shell.type(command)
            assert refusal in shown, (command, shown)
        # after all that the session still reads, and nothing it was asked to do happened
        assert "alpha" in shell.type("SELECT feed FROM feed_fetches;")
    finally:
        assert shell.close() is not None
    assert {p: sha256(p) for p in (main, copy)} == before
    assert not marker.exists() and not output.exists() and not once.exists()


def test_shell_uses_the_pinned_binary_in_safe_mode(newsmon_home):
    """The argv itself: `-safe` and `-no-init` before the user types anything, on the read copy only."""
    from warehouse.sql_shell import cli_binary, shell_arguments

    binary = cli_binary()
    assert binary is not None and binary.name == "duckdb"
    argv = shell_arguments(binary, read_copy_path())
    assert argv[1:4] == ["-safe", "-readonly", "-no-init"] and argv[-1] == str(read_copy_path())
    version = subprocess.run([str(binary), "-version"], capture_output=True, text=True, timeout=30).stdout
    import duckdb

    assert version.split()[0] == f"v{duckdb.__version__}"
