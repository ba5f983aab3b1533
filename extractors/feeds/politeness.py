"""How politely article pages are fetched: the knobs, with their defaults, in one commented place.

Each knob is an environment variable read at call time (`Politeness.from_environment()`), so a deployment or
a test sets it per process. The defaults follow what crawlers people trust do (Scrapy, news-please,
trafilatura's spider): robots.txt and its Crawl-delay are honoured, one request at a time per host with a gap
between requests, a back-off when a host answers 429/503, and a User-Agent that says who we are and where to
read about us.

| variable | default | what it tunes |
|---|---|---|
| `NEWSMON_USER_AGENT` | `newsmon/0.1 (article pages; +https://github.com/newsmon/newsmon)` | User-Agent of page and robots.txt requests; its first word (`newsmon`) is the token robots.txt groups are matched against |
| `NEWSMON_PAGE_GAP_SECONDS` | 1.0 | least time between the end of one request to a host and the start of the next (a longer `Crawl-delay` wins) |
| `NEWSMON_PAGES_PER_FEED` | 30 | article pages fetched per feed and run; the rest keep their summary for now and are fetched by a later run |
| `NEWSMON_PAGE_HOST_BUDGET_SECONDS` | 900 | time one run spends on one host; pages not reached wait for the next run |
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import timedelta

from extractors.settings import env_number, user_agent

#: Page requests name the project, say what they are, and point at where a site owner can read about them.
DEFAULT_USER_AGENT = "newsmon/0.1 (article pages; +https://github.com/newsmon/newsmon)"


@dataclass(frozen=True)
class Politeness:
    """One run's page-fetching manners; the defaults are what newsmon ships with."""

    user_agent: str = DEFAULT_USER_AGENT
    #: seconds between the end of one request to a host and the start of the next; Crawl-delay raises it
    min_gap_seconds: float = 1.0
    #: the per-run page budget of one feed: a cold start of a 50-item feed takes two runs, not 50 requests at once
    pages_per_feed: int = 30
    #: seconds one run may spend on one host, so a slow host or a long Crawl-delay cannot stretch the run
    host_budget_seconds: float = 900.0
    #: RFC 9309 section 2.4: a robots.txt should not be used from cache for more than 24 hours
    robots_ttl: timedelta = timedelta(hours=24)
    #: a host answering 429/503 without Retry-After is left alone this long, doubled per throttled run
    throttle_backoff: timedelta = timedelta(minutes=30)
    throttle_backoff_max: timedelta = timedelta(hours=24)
    #: pages still owed (budget, a host that asked to wait, an unreachable robots.txt) are asked for this long
    pending_days: int = 3

    @property
    def robots_token(self) -> str:
        """The product token robots.txt `User-agent` lines are matched against (RFC 9309 section 2.2.1)."""
        return self.user_agent.split("/", 1)[0].split()[0].strip() or "newsmon"

    def throttle_wait(self, throttled_runs: int) -> timedelta:
        """How long to leave a host alone after its `throttled_runs`-th throttled run in a row (1, 2, ...)."""
        factor = 2 ** max(0, throttled_runs - 1)
        return min(self.throttle_backoff * factor, self.throttle_backoff_max)

    @classmethod
    def from_environment(cls) -> "Politeness":
        """The defaults, with every `NEWSMON_*` knob of the table above that is set applied."""
        base = cls()
        agent = user_agent()
        return replace(
            base,
            user_agent=agent or base.user_agent,
            min_gap_seconds=env_number("NEWSMON_PAGE_GAP_SECONDS", base.min_gap_seconds, float),
            pages_per_feed=int(env_number("NEWSMON_PAGES_PER_FEED", base.pages_per_feed, int)),
            host_budget_seconds=env_number("NEWSMON_PAGE_HOST_BUDGET_SECONDS", base.host_budget_seconds, float),
        )

