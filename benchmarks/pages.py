"""Polite page fetching against 20 local hosts (loopback aliases 127.0.0.2-21), with the shipped pacing.

1. Pages per second, per host and overall: 20 hosts x 15 pages through `fetch_hosts` (robots.txt read
   first, `NEWSMON_PAGE_GAP_SECONDS` = 1 s between the requests to one host, one at a time per host).
   Pacing is the point: per host the figure cannot exceed one page a second.
2. One ingest run of 200 feeds x 50 items with full text, through the ingest DAG's own task bodies:
   `stage_feed` for every feed (8 at a time, like `max_active_tis_per_dagrun`), `plan_pages`, every
   `fetch_pages` batch in its own process (like the mapped tasks on workers), `load_run`. 10 feeds share
   each host, so the per-feed budget of 30 pages makes 300 pages per host: the run takes about five
   minutes of pacing. Target: within one ingest interval (30 min) with room to spare.
The hosts run in another process, so they do not compete for this one's GIL. Pages are generated prose
(random words, ~3,000 characters in paragraphs, with navigation and footer around them).
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import statistics
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HOSTS = 20
FEEDS = 200
ITEMS = 50
PROBE_PAGES = 15
FEED_WORKERS = 8
PAGE_PROCESSES = 4


def _server_process(ready, stop) -> None:
    """Feeds on 127.0.0.1 and article pages on 127.0.0.2..; puts {host: port} on `ready`, runs until `stop`."""
    from benchmarks.warehouse_load import _prose

    prose = _prose(random.Random(20261204))
    pages: dict[str, bytes] = {}
    lock = threading.Lock()
    page_hosts: dict[int, str] = {}

    def page(path: str) -> bytes:
        with lock:
            if path not in pages:
                paragraphs = "".join(f"<p>{prose(500)}</p>" for _ in range(6))
                pages[path] = (f"<!DOCTYPE html><html><head><title>{path}</title></head><body><nav><a href='/'>Home"
                               "</a> | <a href='/newsletter'>Newsletter</a></nav><main><article><h1>Story "
                               f"{hashlib.sha1(path.encode()).hexdigest()[:8]}</h1>{paragraphs}</article></main>"
                               "<footer>Imprint | Privacy</footer></body></html>").encode()
            return pages[path]

    def feed(number: int) -> bytes:
        host = f"127.0.0.{2 + number % HOSTS}"
        items = "".join(
            f"<item><title>Story {number}-{i}</title><link>http://{host}:{page_hosts[2 + number % HOSTS]}"
            f"/p/{number}/{i}.html</link><guid isPermaLink=\"false\">bench-{number}-{i}</guid>"
            f"<pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate><description>{escape('A teaser of one sentence.')}"
            "</description></item>" for i in range(ITEMS))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench {number}</title>'
                f"<link>http://127.0.0.1/</link><description>generated</description>{items}</channel></rss>").encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path.startswith("/feed-"):
                body, kind = feed(int(self.path[6:].split(".")[0])), "application/xml"
            else:
                body, kind = page(self.path), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = []
    for last in range(1, HOSTS + 2):
        server = ThreadingHTTPServer((f"127.0.0.{last}", 0), Handler)
        server.daemon_threads = True
        servers.append(server)
        page_hosts[last] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.put(dict(page_hosts))
    stop.wait()
    for server in servers:
        server.shutdown()


def _fetch_batch(batch: str) -> dict:
    from warehouse.page_steps import fetch_pages

    return fetch_pages(batch)


def probe_pace(ports: dict[int, int]) -> None:
    from extractors.feeds.page_fetching import PageJob, fetch_hosts
    from extractors.feeds.politeness import Politeness

    politeness = Politeness.from_environment()
    hosts = []
    for last in range(2, HOSTS + 2):
        origin = f"http://127.0.0.{last}:{ports[last]}"
        hosts.append((origin, [PageJob(f"probe-{last}-{i}", "probe", f"{origin}/probe/{i}.html", "t")
                               for i in range(PROBE_PAGES)], None))
    started = time.perf_counter()
    per_host = []

    def one(entry):
        begun = time.perf_counter()
        [outcome] = fetch_hosts([entry], politeness=politeness)
        return outcome, time.perf_counter() - begun

    with ThreadPoolExecutor(max_workers=HOSTS) as pool:
        for outcome, seconds in pool.map(one, hosts):
            ok = sum(r["fulltext_status"] == "ok" for r in outcome.results)
            per_host.append(ok / seconds)
    elapsed = time.perf_counter() - started
    total = HOSTS * PROBE_PAGES
    print(f"pace: {HOSTS} hosts x {PROBE_PAGES} pages, gap {politeness.min_gap_seconds:g} s: {elapsed:.1f} s, "
          f"{total / elapsed:.1f} pages/s overall; per host {min(per_host):.2f} / {statistics.median(per_host):.2f} "
          f"/ {max(per_host):.2f} pages/s (min / median / max; the gap caps it at {1 / politeness.min_gap_seconds:.2f})")


def ingest_run(ports: dict[int, int]) -> None:
    from extractors.feeds.politeness import Politeness
    from warehouse.connection import reader
    from warehouse.ingest_steps import load_run, stage_feed
    from warehouse.page_steps import plan_pages

    feeds = [{"name": f"bench-{f:03d}", "url": f"http://127.0.0.1:{ports[1]}/feed-{f:03d}.xml", "lang": "en",
              "fulltext": True} for f in range(FEEDS)]
    run = "bench-pages-run"
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    timings = {}
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=FEED_WORKERS) as pool:
        list(pool.map(lambda f: stage_feed(f, run, now=now), feeds))
    timings["feeds"] = time.perf_counter() - started
    mark = time.perf_counter()
    batches = plan_pages(run, feeds, now=now)
    timings["plan"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with ProcessPoolExecutor(max_workers=PAGE_PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
        summaries = list(pool.map(_fetch_batch, batches))
    timings["pages"] = time.perf_counter() - mark
    mark = time.perf_counter()
    loaded = load_run(run)
    timings["load"] = time.perf_counter() - mark
    total = time.perf_counter() - started
    con = reader()
    try:
        counts = dict(con.execute("SELECT split_part(fulltext_status, ':', 1), count(*) FROM articles GROUP BY 1").fetchall())
    finally:
        con.close()
    politeness = Politeness.from_environment()
    print(f"ingest: {FEEDS} feeds x {ITEMS} items on {HOSTS} hosts, full text, budget {politeness.pages_per_feed} "
          f"pages per feed, gap {politeness.min_gap_seconds:g} s, {len(batches)} page tasks: {total:.0f} s = "
          f"{total / 60:.1f} min (target < 30 min)")
    print("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
          + f"; articles {loaded['articles_new']}, pages {counts} ({sum(s.get('ok', 0) for s in summaries)} fetched)")
    if counts.get("ok", 0) != FEEDS * politeness.pages_per_feed:
        print("WARNING: not every budgeted page was fetched; the figure does not measure what it claims")


def main() -> None:
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    server = context.Process(target=_server_process, args=(ready, stop), daemon=True)
    server.start()
    try:
        ports = ready.get(timeout=60)
        with tempfile.TemporaryDirectory(prefix="newsmon-bench-pages-") as home:
            os.environ["NEWSMON_HOME"] = home
            os.environ["NEWSMON_FETCH_ALLOW"] = "127.0.0.0/8"
            for name in ("NEWSMON_PAGE_GAP_SECONDS", "NEWSMON_PAGES_PER_FEED", "NEWSMON_PAGE_HOST_BUDGET_SECONDS"):
                os.environ.pop(name, None)          # the shipped defaults
            print(f"pages: {os.cpu_count()} CPUs; hosts in their own process")
            probe_pace(ports)
            ingest_run(ports)
    finally:
        stop.set()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
