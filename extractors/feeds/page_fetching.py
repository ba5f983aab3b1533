"""Fetching article pages politely: robots.txt, one request at a time per host, pacing, budgets, back-off.

The unit of work is one host (an origin, `scheme://host:port`) with its list of pages (`PageJob`s), handled by
`fetch_host_pages` in one thread: that is what makes "one request at a time per host" hold by construction.
For each host it
1. leaves the host alone while an earlier 429/503 asked us to wait (`HostState.retry_after_until`),
2. uses the cached robots.txt while fresh (24 h), else fetches it (through the address guard, paced like a
   page); what its status means is `extractors.feeds.robots`,
3. asks for each allowed page in turn, waiting `max(min_gap_seconds, Crawl-delay)` between the end of one
   request and the start of the next; a page robots.txt disallows is never requested (`disallowed`), and
   neither is a redirect hop on the same host that it disallows,
4. stops at the first 429/503 (after `http_fetch`'s own short Retry-After wait and retry): the host is left
   alone until its Retry-After, else for a back-off that doubles per throttled run; the pages not reached
   stay `pending: ...` and a later run asks for them,
5. stops at the host's time budget for the run; the rest stay pending too.
`fetch_hosts` runs several hosts side by side (a thread each). Nothing here touches the warehouse: the
pages' results and each host's new state are plain records the loader stores.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Callable

from extractors.feeds.address_guard import check_peer, check_url
from extractors.feeds.feed_entries import as_utc, iso_utc
from extractors.feeds.fulltext import PageResult, article_text, fetch_page, make_article_client
from extractors.feeds.http_fetch import ARTICLE_POLICY, Clock, FetchError
from extractors.feeds.politeness import Politeness
from extractors.feeds.robots import BLOCKED, UNREACHABLE, RobotsRecord, fetch_robots, origin_of

log = logging.getLogger(__name__)

MAX_HOST_THREADS = 8  # hosts fetched side by side in one task; each host still gets one request at a time


@dataclass(frozen=True)
class PageJob:
    """One article page to fetch."""

    article_id: str
    feed: str
    url: str | None
    title: str | None = None

    @property
    def origin(self) -> str | None:
        return origin_of(self.url) if self.url else None


@dataclass(frozen=True)
class HostState:
    """What the warehouse remembers about a host between runs (table `page_hosts`)."""

    origin: str
    robots: RobotsRecord | None = None
    retry_after_until: datetime | None = None
    throttled_runs: int = 0


@dataclass
class HostOutcome:
    """One host's run: a result per page and the host's new state (a `page_hosts` row)."""

    results: list[dict[str, Any]] = field(default_factory=list)
    host: dict[str, Any] | None = None


class HostPacer:
    """One host's pace: at least `gap` seconds from the end of one request to the start of the next."""

    def __init__(self, clock: Clock, gap: float) -> None:
        self.clock = clock
        self.gap = gap  # may grow once robots.txt is read (Crawl-delay); applies to the wait still ahead
        self._last_end: float | None = None

    def seconds_to_wait(self) -> float:
        return 0.0 if self._last_end is None else max(0.0, self._last_end + self.gap - self.clock.monotonic())

    def wait(self) -> None:
        delay = self.seconds_to_wait()
        if delay > 0:
            self.clock.sleep(delay)

    def done(self) -> None:
        self._last_end = self.clock.monotonic()


def _result(job: PageJob, page: PageResult, at: datetime) -> dict[str, Any]:
    text = article_text(job.title, page.text) if page.text else None
    return {"article_id": job.article_id, "feed": job.feed, "url": job.url, "fulltext_status": page.status,
            "text": text, "fetched_at": iso_utc(at)}


def fetch_host_pages(
    origin: str,
    jobs: list[PageJob],
    state: HostState | None,
    *,
    politeness: Politeness,
    clock: Clock | None = None,
    guard: Callable[[str], None] = check_url,
    peer_guard: Callable[[str], None] | None = check_peer,
) -> HostOutcome:
    """Fetch one host's pages politely (module docstring); never raises for the host's faults."""
    clock = clock or Clock()
    state = state or HostState(origin)
    now = as_utc(clock.now())
    outcome = HostOutcome()

    def settle(remaining: list[PageJob], status: str) -> None:
        outcome.results.extend(_result(job, PageResult(status), now) for job in remaining)

    host: dict[str, Any] = {
        **(state.robots.as_row() if state.robots else RobotsRecord.empty_row(origin)),
        "retry_after_until": state.retry_after_until, "throttled_runs": state.throttled_runs,
        "requests": 0, "pages_ok": 0, "last_visit_at": now, "last_error": None,
    }
    wait_until = as_utc(state.retry_after_until)
    if wait_until is not None and wait_until > now:
        settle(jobs, f"pending: the host asked us to wait until {iso_utc(wait_until)}")
        outcome.host = {**host, "requests": 0, "last_error": "waiting: the host answered 429/503 before"}
        return outcome

    policy = replace(ARTICLE_POLICY, user_agent=politeness.user_agent)
    token = politeness.robots_token
    pacer = HostPacer(clock, politeness.min_gap_seconds)
    started = clock.monotonic()
    throttle: PageResult | None = None
    with make_article_client(policy) as client:
        robots = state.robots
        if robots is None or not robots.is_fresh(now, politeness.robots_ttl):
            robots = fetch_robots(origin, user_agent=politeness.user_agent, now=now, cached=robots, client=client,
                                  clock=clock, guard=guard, peer_guard=peer_guard)
            if robots.status != BLOCKED:
                pacer.done()  # the robots.txt request counts: the first page waits its gap too
                host["requests"] += 1
            if robots.throttled:
                throttle = PageResult("pending: HTTP 429/503 on robots.txt", throttled=True,
                                      retry_after_until=robots.retry_after_until)
        host.update(robots.as_row())
        pacer.gap = max(politeness.min_gap_seconds, robots.crawl_delay(token))

        def page_guard(url: str) -> None:
            guard(url)
            if origin_of(url) == origin and not robots.allows(url, token):
                raise FetchError("disallowed", f"robots.txt of {origin} disallows {url}", url=url)

        pending = list(jobs)
        if robots.status == BLOCKED:
            settle(pending, "blocked")
            pending = []
        elif robots.status == UNREACHABLE or throttle is not None:
            settle(pending, f"pending: robots.txt unreachable ({robots.error or robots.http_status})"[:300])
            pending = []
        while pending:
            job = pending.pop(0)
            if not robots.allows(job.url, token):
                outcome.results.append(_result(job, PageResult("disallowed"), clock.now()))
                continue
            if clock.monotonic() - started + pacer.seconds_to_wait() > politeness.host_budget_seconds:
                settle([job, *pending], f"pending: the run's {politeness.host_budget_seconds:g}s for this host were used")
                break
            pacer.wait()
            page = fetch_page(job.url, client=client, clock=clock, policy=policy, guard=page_guard,
                              peer_guard=peer_guard)
            pacer.done()
            host["requests"] += 1
            host["pages_ok"] += page.status == "ok"
            outcome.results.append(_result(job, page, clock.now()))
            if page.throttled:
                throttle = page
                settle(pending, "pending: the host asked us to slow down (HTTP 429/503)")
                break
    if throttle is not None:
        runs = state.throttled_runs + 1
        until = as_utc(throttle.retry_after_until) or now + politeness.throttle_wait(runs)
        host.update(retry_after_until=until, throttled_runs=runs, last_error=throttle.status)
        log.warning("host %s throttled us (run %d in a row): no request before %s", origin, runs, iso_utc(until))
    else:
        host.update(retry_after_until=None, throttled_runs=0)
    outcome.host = host
    return outcome


def fetch_linkless(jobs: list[PageJob]) -> HostOutcome:
    """Jobs whose link is no http(s) URL with a host: each gets its verdict without any request."""
    outcome = HostOutcome()
    for job in jobs:
        page = fetch_page(job.url) if job.url else PageResult("error: entry has no link")
        outcome.results.append(_result(job, page, as_utc(Clock().now())))
    return outcome


def fetch_hosts(
    hosts: list[tuple[str | None, list[PageJob], HostState | None]],
    *,
    politeness: Politeness,
    clock: Clock | None = None,
    guard: Callable[[str], None] = check_url,
    peer_guard: Callable[[str], None] | None = check_peer,
    threads: int = MAX_HOST_THREADS,
) -> list[HostOutcome]:
    """Several hosts side by side, one thread per host (at most `threads` at once), outcomes in input order."""

    def one(entry: tuple[str | None, list[PageJob], HostState | None]) -> HostOutcome:
        origin, jobs, state = entry
        if origin is None:
            return fetch_linkless(jobs)
        try:
            return fetch_host_pages(origin, jobs, state, politeness=politeness, clock=clock, guard=guard,
                                    peer_guard=peer_guard)
        except Exception as error:  # a bug must not lose the other hosts' pages: their pages stay pending
            log.exception("host %s: unexpected failure", origin)
            now = as_utc((clock or Clock()).now())
            status = f"pending: internal error: {type(error).__name__}: {error}"[:300]
            return HostOutcome([_result(job, PageResult(status), now) for job in jobs], None)

    if not hosts:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(hosts))), thread_name_prefix="page-host") as pool:
        return list(pool.map(one, hosts))
