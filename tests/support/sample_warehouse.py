"""The bundled sample feeds (config/sample_feeds/, what `NEWSMON_FEEDS=config/feeds.sample.yaml make run`
reads) loaded into a warehouse: served by the sample-feed server on a free port of 127.0.0.1, then ingested
and extracted either through the real DAGs (`dag.test()`) or through the task bodies those DAGs call (for the
screenshot script, which runs without Airflow). The caller sets NEWSMON_HOME first.

`sample_days()` are the days the sample feeds have dated news on (in NEWSMON_TZ); `QUIET_DAY` has none.
"""
from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE_FEEDS = REPO / "config" / "sample_feeds"
#: A Saturday inside the sample weeks without any sample item.
QUIET_DAY = date(2026, 11, 21)
#: The undated sample item (Gründer-Ticker, no pubDate): stored with its fetch time.
UNDATED_TITLE = "Münchner Robotik-Firma RobCo erhält frisches Kapital"
LOGICAL_DATE = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)


def feed_list(base_url: str, target: Path) -> Path:
    """config/feeds.sample.yaml pointed at `base_url` instead of 127.0.0.1:8765."""
    text = (REPO / "config" / "feeds.sample.yaml").read_text(encoding="utf-8")
    target.write_text(text.replace("http://127.0.0.1:8765", base_url.rstrip("/")), encoding="utf-8")
    return target


def without_undated_item(target: Path) -> Path:
    """A copy of the sample feeds without the undated item, to compare against."""
    shutil.copytree(SAMPLE_FEEDS, target)
    latin1 = target / "gruender-ticker-latin1.xml"
    text = latin1.read_bytes().decode("iso-8859-1")
    start = text.rindex("<item>", 0, text.index(UNDATED_TITLE))
    end = text.index("</item>", start) + len("</item>")
    latin1.write_bytes((text[:start] + text[end:]).encode("iso-8859-1"))
    return target


def build_sample_warehouse(work: Path, *, dags=None, root: Path | None = None) -> None:
    """Serve the sample feeds (or the folder `root`), ingest and extract them once. `dags`: (ingest, extract)
    DAG objects to run with `dag.test()`; None runs the DAGs' task bodies directly."""
    from extractors.feeds.sample_server import start_sample_server

    server, base = start_sample_server(port=0, root=root)
    previous = {k: os.environ.get(k) for k in ("NEWSMON_FEEDS", "NEWSMON_FETCH_ALLOW")}
    os.environ["NEWSMON_FEEDS"] = str(feed_list(base, work / "feeds.sample.yaml"))
    os.environ["NEWSMON_FETCH_ALLOW"] = "127.0.0.1/32"     # the press-desk feed's pages are on the same server
    try:
        if dags is not None:
            ingest, extract = dags
            for dag in (ingest, extract):
                run = dag.test(logical_date=LOGICAL_DATE)
                assert run.state == "success", {ti.task_id: ti.state for ti in run.get_task_instances()}
        else:
            _run_task_bodies()
    finally:
        server.shutdown()
        server.server_close()
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run_task_bodies() -> None:
    from warehouse.extract_steps import extract_shard, load_facts, stage_pending
    from warehouse.ingest_steps import FeedFetchFailed, list_feeds, load_run, stage_feed
    from warehouse.page_steps import fetch_pages, plan_pages

    run_key = LOGICAL_DATE.isoformat()
    feeds = list_feeds()
    for feed in feeds:
        try:
            stage_feed(feed, run_key)
        except FeedFetchFailed:
            pass
    for batch in plan_pages(run_key, feeds):       # the teaser feeds' article pages, as the ingest DAG fetches them
        fetch_pages(batch)
    load_run(run_key, expected_feeds=feeds)
    shards = stage_pending(run_key)
    for shard in shards:
        extract_shard(shard)
    load_facts(run_key, shards)


def sample_days() -> list[date]:
    """The local days with dated sample news, read from the warehouse."""
    from warehouse.connection import reader
    from warehouse.local_time import local_day

    con = reader()
    try:
        moments = [r[0] for r in con.execute(
            "SELECT published_at FROM articles WHERE article_is_dated(date_flag)").fetchall()]
    finally:
        con.close()
    return sorted({local_day(m) for m in moments})
