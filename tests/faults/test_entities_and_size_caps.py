"""XXE, billion laughs, an oversize feed and a gzip bomb through the real ingest path.

Each case ends as a `feed_fetches` row saying what happened, nothing of the attack reaches the warehouse,
and memory stays bounded: measured as peak-RSS growth of a separate interpreter running the ingest
(tests/faults/memory_probe.py), which also sees C allocations (expat, zlib, DuckDB).
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.faults.pipeline import Item, articles_of, feed, fetch_row, rows, rss, run_ingest
from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
MEMORY_BOUND = 64 * MiB  # the feed size cap is 10 MiB; a decoded copy or two of it must fit under this
GOOD = rss([Item("A calm item", guid="calm-1", link="https://calm.example/1")])


def probe(home: Path, warmup_url: str, hostile_url: str) -> dict:
    env = {**os.environ, "NEWSMON_HOME": str(home), "PYTHONPATH": str(REPO)}
    env.pop("NEWSMON_WAREHOUSE", None)
    done = subprocess.run([sys.executable, "-m", "tests.faults.memory_probe", warmup_url, hostile_url], env=env,
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def hostile_fetch_row(home: Path) -> dict:
    con = duckdb.connect(str(home / "warehouse" / "newsmon.duckdb"), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM feed_fetches WHERE feed = 'hostile'")
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone()))
    finally:
        con.close()


def every_text_value(path: Path) -> str:
    """All VARCHAR values of every table of a DuckDB file, concatenated (for 'is X anywhere?')."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = []
        for (table,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall():
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND data_type IN ('VARCHAR', 'JSON')", [table]).fetchall()]
            for column in columns:
                found += [str(v) for (v,) in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall() if v]
        return "\n".join(found)
    finally:
        con.close()


@pytest.fixture
def server():
    with LocalHttpServer() as srv:
        srv.route("/good.xml", body=GOOD, headers={"Content-Type": "application/xml"})
        yield srv


def test_xxe_local_file_content_is_nowhere_in_the_warehouse(newsmon_home, server, tmp_path):
    secret = tmp_path / "secret.txt"
    marker = "XXE-SECRET-7f3a9c"
    secret.write_text(f"{marker} root:x:0:0", encoding="utf-8")
    prolog = (f'<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> '
              f'<!ENTITY remote SYSTEM "{server.url("/exfil")}"> ]>\n')
    body = rss([Item(raw_title="Leak &xxe; here", guid="xxe-1", link="https://xxe.example/1",
                     raw_description="Body &xxe; and &remote;")], prolog=prolog)
    server.route("/xxe.xml", body=body, headers={"Content-Type": "application/xml"})
    result = run_ingest([feed("xxe-feed", server.url("/xxe.xml")), feed("good-feed", server.url("/good.xml"))], "xxe")

    assert result.loaded["feeds"] == 2 and articles_of("good-feed", "title") == [("A calm item",)]
    # Whatever the parser made of the undefined entity, the secret is not in any table, file or staging.
    from extractors import settings
    from warehouse.connection import read_copy_path

    for path in (settings.warehouse_path(), read_copy_path()):
        assert marker not in every_text_value(path)
        assert marker.encode() not in path.read_bytes()
    for staged in settings.staging_root().rglob("*"):
        if staged.is_file():
            assert marker.encode() not in staged.read_bytes(), staged
    assert server.requests_to("/exfil") == []  # no external entity fetched either
    assert rows("SELECT count(*) FROM feed_fetches WHERE feed = 'xxe-feed'") == [(1,)]


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
                  + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']>\n<rss version="2.0"><channel><title>laughs</title><item><title>&lol9;</title>'
                    b'<guid isPermaLink="false">lol-1</guid><description>&lol9;</description></item></channel></rss>')


def test_billion_laughs_expands_nothing_with_bounded_memory(newsmon_home, server):
    server.route("/laughs.xml", body=BILLION_LAUGHS, headers={"Content-Type": "application/xml"})
    measured = probe(newsmon_home, server.url("/good.xml"), server.url("/laughs.xml"))
    assert measured["growth"] < MEMORY_BOUND, measured  # expanded, &lol9; is 3 GB
    row = hostile_fetch_row(newsmon_home)
    text = every_text_value(newsmon_home / "warehouse" / "newsmon.duckdb")
    assert "lollollol" not in text
    if row["outcome"] == "new":  # kept without expansion: the entity stays unexpanded text or vanishes
        assert row["items_seen"] == 1
    else:
        assert row["outcome"] == "error" and "parse" in row["error"]


def test_25_mb_feed_is_aborted_at_the_size_cap(newsmon_home, server):
    item = Item("Padding item", guid="pad", link="https://pad.example/", description="x" * 1000).xml()
    body = rss([]).replace(b"</channel>", item.encode() * (25 * MiB // len(item)) + b"</channel>")
    assert len(body) > 24 * MiB
    # No Content-Length: the cap must hold while streaming, not only on a declared length.
    server.route("/big.xml", body=body, close_delimited=True, headers={"Content-Type": "application/xml"})
    measured = probe(newsmon_home, server.url("/good.xml"), server.url("/big.xml"))
    row = hostile_fetch_row(newsmon_home)
    assert row["outcome"] == "error" and row["error"].startswith("too_large: response exceeds the cap of 10485760 bytes")
    assert measured["task_error"] and "too_large" in measured["task_error"]
    assert measured["growth"] < MEMORY_BOUND, measured


def gzip_bomb(expanded: int = 1024 * MiB) -> bytes:
    """~1 MB of concatenated gzip members that decode to `expanded` bytes of zeros (valid per RFC 1952)."""
    member = gzip.compress(b"\0" * MiB, compresslevel=9)
    return member * (expanded // MiB)


def test_gzip_bomb_is_aborted_at_the_size_cap_with_bounded_memory(newsmon_home, server):
    bomb = gzip_bomb()
    assert len(bomb) < 2 * MiB
    server.route("/bomb.xml", raw_gzip=bomb, headers={"Content-Type": "application/xml"})
    measured = probe(newsmon_home, server.url("/good.xml"), server.url("/bomb.xml"))
    row = hostile_fetch_row(newsmon_home)
    assert row["outcome"] == "error"
    assert row["error"].startswith("too_large: response exceeds the cap of 10485760 bytes after decoding"), row["error"]
    assert measured["growth"] < MEMORY_BOUND, measured
    assert len(server.requests_to("/bomb.xml")) == 1  # a size cap is final: no retry
