"""`python -m warehouse sql` is bounded: statement timeout, a memory limit the query cannot raise, streamed
output (a row cap with "N more rows" in `table`), a clean Ctrl-C, and control characters escaped.

Regressions pinned (all found by probing the CLI): a cross join ran until killed; Ctrl-C was ignored half the
time or printed a 17-line traceback; a 5M-row result took 1.8 GB because every row was fetched before the
first was printed; `SET memory_limit='100TB'` was allowed; terminal escapes in a feed title reached the
terminal raw (only `\\n` was replaced).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from warehouse.connection import writer

PY = sys.executable
RUNAWAY = "SELECT count(*) FROM range(100000000) a, range(100000000) b"
# Runs the CLI in a fresh interpreter and reports its own peak RSS on stderr at exit: VmHWM, the high-water
# mark of this program's memory (ru_maxrss would carry over the forking test process's peak).
PEAK_RSS_WRAPPER = (
    "import atexit, re, runpy, sys\n"
    "hwm = lambda: re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "atexit.register(lambda: sys.stderr.write('maxrss_kib=%s\\n' % hwm()))\n"
    "sys.argv = ['warehouse', *sys.argv[1:]]\n"
    "runpy.run_module('warehouse', run_name='__main__')\n"
)


@pytest.fixture(autouse=True)
def warehouse_exists(newsmon_home):
    """A reader never creates the warehouse: make an empty one, as `python -m warehouse migrate` does."""
    with writer():
        pass


def sql(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "warehouse", "sql", *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=timeout)


def test_a_runaway_query_ends_at_the_statement_timeout(newsmon_home):
    started = time.monotonic()
    result = sql("--timeout", "2", RUNAWAY)
    elapsed = time.monotonic() - started
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("error: the query ran longer than the statement timeout of 2 s "
                             "(--timeout SECONDS to allow more)\n")
    assert elapsed < 20, elapsed                      # interrupted, not run to the end (hours)
    assert "(default 60)" in " ".join(sql("--help").stdout.split())  # the default without the flag


def test_ctrl_c_interrupts_the_query_with_one_line(newsmon_home):
    for delay in (1.0, 2.0, 3.5):   # before, during and well into the query: never ignored, never a traceback
        proc = subprocess.Popen([PY, "-m", "warehouse", "sql", RUNAWAY], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
                                # a shell starts a foreground command with SIGINT at its default
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(delay)
        assert proc.poll() is None, "the query ended by itself"
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert time.monotonic() - signalled < 10, delay
        assert (proc.returncode, out, err) == (130, "", "error: interrupted\n"), delay


def test_the_query_cannot_raise_its_memory_limit(newsmon_home):
    raised = sql("SET memory_limit = '100TB'")
    assert raised.returncode == 1
    assert "the configuration has been locked" in raised.stderr
    reset = sql("RESET memory_limit")
    assert reset.returncode == 1 and "locked" in reset.stderr
    shown = sql("--format", "csv", "--memory-limit", "200MB", "SELECT current_setting('memory_limit') AS m")
    assert shown.stdout.splitlines() == ["m", "190.7 MiB"]   # DuckDB reports 200 MB in MiB
    too_big = sql("--memory-limit", "100MB", "SELECT length(list(range)) FROM range(50000000)")
    assert too_big.returncode == 1 and "Out of Memory" in too_big.stderr and "Traceback" not in too_big.stderr


def peak_rss_mib(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    result = subprocess.run([PY, "-c", PEAK_RSS_WRAPPER, "sql", *args], capture_output=True, text=True,
                            env=os.environ.copy(), timeout=300)
    peak = int(re.search(r"maxrss_kib=(\d+)", result.stderr).group(1)) / 1024
    return result, peak


def test_millions_of_rows_stream_with_bounded_memory_and_table_is_capped(newsmon_home):
    many = "SELECT range AS i, repeat('x', 100) AS s FROM range(2000000)"
    as_csv, csv_peak = peak_rss_mib("--format", "csv", many)
    assert as_csv.returncode == 0, as_csv.stderr
    lines = as_csv.stdout.splitlines()
    assert len(lines) == 2_000_001 and lines[0] == "i,s" and lines[-1] == "1999999," + "x" * 100
    assert all(re.fullmatch(r"\d+,x{100}", line) for line in lines[1:])   # no progress bar among the rows
    # fetched before printing these rows took ~750 MB (1.1 GB for 3M); streamed they take what DuckDB needs
    assert csv_peak < 300, f"peak RSS {csv_peak:.0f} MiB"
    del as_csv, lines

    as_table, table_peak = peak_rss_mib(many)
    assert as_table.returncode == 0, as_table.stderr
    tail = as_table.stdout.splitlines()
    assert len(tail) == 2 + 1000 + 2                 # header, rule, the first 1000 rows, the two lines below
    assert tail[-2] == "... 1999000 more rows (--max-rows to show more; --format csv streams them all)"
    assert tail[-1] == "(2000000 rows)"
    assert table_peak < 300, f"peak RSS {table_peak:.0f} MiB"
    assert len(sql("--max-rows", "5", many).stdout.splitlines()) == 2 + 5 + 2


def test_control_characters_are_shown_escaped_in_table_output(newsmon_home):
    hostile = "Ev\x1b[2J\x1b]0;pw\x07 t\r\n\u202etxt\u2028e\x9b"
    with writer() as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome, error) "
                    "VALUES ('alpha', 'r1', 'http://x', TIMESTAMP '2026-11-26 10:00:00', 'error', ?)", [hostile])
    table = sql("SELECT error AS \"col\x1b[31m\" FROM feed_fetches")
    assert table.returncode == 0, table.stderr
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]", table.stdout), repr(table.stdout)
    assert r"Ev\x1b[2J\x1b]0;pw\x07 t\r\n\u202etxt\u2028e\x9b" in table.stdout
    assert r"col\x1b[31m" in table.stdout
    # machine formats keep the value exactly (JSON escapes it itself; CSV is data, not a screen)
    import json

    assert json.loads(sql("--format", "jsonl", "SELECT error FROM feed_fetches").stdout)["error"] == hostile
    assert json.loads(sql("--format", "json", "SELECT error FROM feed_fetches").stdout) == [{"error": hostile}]
