"""Feeds fetched and parsed per second against a local server: 200 generated feeds x 50 items.

Two passes through `fetch_feed` with a pool of 8 threads (like several Airflow workers): a cold pass (every
feed downloaded and parsed) and a conditional pass (every feed answers 304). The server runs in its own
process (`python -m extractors serve-samples --root ...`) so it does not compete for this process's GIL.
Targets (2 cores): cold pass < 60 s, 304 pass < 10 s.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

FEEDS = 200
ITEMS = 50
WORKERS = 8
COMPANIES = ["Mistral AI", "Anthropic", "Black Forest Labs", "Helsing", "Parloa", "DeepL", "n8n", "Aleph Alpha",
             "Databricks", "Cohere", "Nvidia", "SAP"]


def write_feeds(folder: Path) -> None:
    """200 RSS 2.0 files of 50 items with HTML summaries, dated November 2026."""
    base = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
    for f in range(FEEDS):
        items = []
        for i in range(ITEMS):
            company = COMPANIES[(f + i) % len(COMPANIES)]
            amount = 10 + (f * 7 + i * 13) % 490
            when = format_datetime(base - timedelta(hours=f + i * 3), usegmt=True)
            summary = (f"<p><b>{company}</b> has raised ${amount} million in a funding round led by "
                       f"Example Ventures {i}. The company said it will hire engineers in Berlin and Paris. "
                       f"Existing investors also took part, according to a person familiar with the deal.</p>")
            items.append(
                f"<item><title>{escape(company)} raises ${amount} million (feed {f}, item {i})</title>"
                f"<link>https://bench{f}.example/{i}?utm_source=rss</link>"
                f"<guid isPermaLink=\"false\">bench-{f}-{i}</guid><pubDate>{when}</pubDate>"
                f"<description>{escape(summary)}</description></item>"
            )
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench {f}</title>'
                f"<link>https://bench{f}.example/</link><description>generated</description>{''.join(items)}"
                "</channel></rss>")
        (folder / f"feed-{f:03d}.xml").write_text(body, encoding="utf-8")


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "extractors", "serve-samples", "--port", "0", "--root", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.terminate()
        raise RuntimeError(f"sample server did not start: {line!r}")
    return process, f"http://127.0.0.1:{match.group(1)}"


def run_pass(specs, states, now, client):
    from extractors.feeds.fetch_feed import fetch_feed

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda s: fetch_feed(s, states.get(s.name), now=now, client=client), specs))
    return time.perf_counter() - started, results


def main() -> None:
    from extractors.feeds.feed_list import FeedSpec
    from extractors.feeds.fetch_feed import FeedState
    from extractors.feeds.http_fetch import make_client

    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-feeds-") as tmp:
        folder = Path(tmp)
        write_feeds(folder)
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        process, base = start_server(folder)
        try:
            specs = [FeedSpec(f"bench-{f:03d}", f"{base}/feed-{f:03d}.xml", "auto") for f in range(FEEDS)]
            with make_client() as client:
                cold_s, cold = run_pass(specs, {}, now, client)
                states = {r.fetch["feed"]: FeedState(r.fetch["etag"], r.fetch["last_modified"]) for r in cold}
                warm_s, warm = run_pass(specs, states, now, client)
        finally:
            process.terminate()
            process.wait(timeout=10)
    articles = sum(len(r.articles) for r in cold)
    outcomes_cold = {r.fetch["outcome"] for r in cold}
    outcomes_warm = {r.fetch["outcome"] for r in warm}
    print(f"feeds: {FEEDS} feeds x {ITEMS} items ({size_mb:.1f} MB), {WORKERS} threads, {os.cpu_count()} CPUs")
    print(f"cold pass: {cold_s:.2f} s total, {FEEDS / cold_s:.1f} feeds/s, {articles / cold_s:.0f} articles/s "
          f"(outcomes {sorted(outcomes_cold)}; target < 60 s)")
    print(f"304 pass:  {warm_s:.2f} s total, {FEEDS / warm_s:.1f} feeds/s (outcomes {sorted(outcomes_warm)}; target < 10 s)")
    if articles != FEEDS * ITEMS or outcomes_cold != {"new"} or outcomes_warm != {"not_modified"}:
        print("WARNING: unexpected results; the figures above do not measure what they claim", file=sys.stderr)


if __name__ == "__main__":
    main()
