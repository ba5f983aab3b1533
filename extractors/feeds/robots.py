"""robots.txt for article-page fetching, handled the way RFC 9309 says, parsed by protego (Scrapy's parser).

Why protego and not `urllib.robotparser`: the standard library applies the first matching rule instead of the
longest one and knows no `*`/`$` wildcards, so `Allow: /news/` under `Disallow: /` or `Disallow: /*?print`
would be read wrong; protego implements RFC 9309's matching and reads `Crawl-delay` and `Request-rate`.

What a fetch of `/robots.txt` means (RFC 9309 section 2.3.1):
- 2xx: its rules apply (the first 500 KiB are parsed, as the RFC requires at least).
- 3xx: followed (up to five hops, each through the address guard) like any fetch.
- 4xx ("unavailable"): no rules, everything is allowed. 429 is the exception: a host asking us to slow down is
  not saying it has no robots.txt, so it counts as unreachable (as Google does) and throttles the host.
- 5xx, network errors, timeouts, a file over 512 KiB ("unreachable"): complete disallow, unless an earlier
  copy is cached; that copy is then used for as long as the file stays unreachable (section 2.4 allows it
  past the 24 hours). A 429 or 503 also throttles the host like the same answer to a page would.
A record is cached per origin (`scheme://host:port`, the scope of a robots.txt) for `Politeness.robots_ttl`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, Callable
from urllib.parse import urlsplit

from extractors.feeds.address_guard import check_peer, check_url
from extractors.feeds.http_fetch import ARTICLE_POLICY, Clock, FetchError, FetchPolicy, fetch

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 section 2.5: parse at least 500 KiB
ROBOTS_POLICY = replace(ARTICLE_POLICY, max_bytes=ROBOTS_MAX_BYTES, accept="text/plain, */*;q=0.5", retries=0)

RULES = "rules"          # a robots.txt was read; its rules apply
ALLOW_ALL = "allow_all"  # 4xx: there is none, everything is allowed
UNREACHABLE = "unreachable"  # 5xx / 429 / network: complete disallow unless an older copy is cached
BLOCKED = "blocked"      # the origin is not a public address: nothing is requested there at all


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of an http(s) URL (the scope of one robots.txt), None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = 80 if scheme == "http" else 443
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


@dataclass(frozen=True)
class RobotsRecord:
    """One origin's robots.txt as last fetched: what newsmon caches between runs (table `page_hosts`)."""

    origin: str
    status: str               # RULES, ALLOW_ALL, UNREACHABLE or BLOCKED
    fetched_at: datetime      # when this was learnt (the cache's age)
    http_status: int | None = None
    body: str | None = None   # the robots.txt text when status is RULES
    error: str | None = None  # why it is UNREACHABLE or BLOCKED
    throttled: bool = False   # this fetch was answered 429/503: leave the host alone for a while
    retry_after_until: datetime | None = None  # ... until then, when the answer said (Retry-After)

    def is_fresh(self, now: datetime, ttl: timedelta) -> bool:
        """Usable without asking again: a real answer younger than `ttl` (a block or an outage is re-checked)."""
        return self.status in (RULES, ALLOW_ALL) and now - self.fetched_at < ttl

    @cached_property
    def _rules(self) -> Any:
        from protego import Protego

        return Protego.parse(self.body or "")

    def allows(self, url: str, token: str) -> bool:
        """May `url` be fetched by a crawler whose robots token is `token`? (UNREACHABLE and BLOCKED: no.)"""
        if self.status == ALLOW_ALL:
            return True
        if self.status != RULES:
            return False
        return bool(self._rules.can_fetch(url, token))

    def crawl_delay(self, token: str) -> float:
        """Seconds the site asks between requests (`Crawl-delay`, or `Request-rate` n/s as s/n); 0 if none."""
        if self.status != RULES:
            return 0.0
        delay = self._rules.crawl_delay(token) or 0.0
        rate = self._rules.request_rate(token)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)

    @staticmethod
    def empty_row(origin: str) -> dict[str, Any]:
        """The robots columns of a host whose robots.txt was never fetched."""
        return {"origin": origin, "robots_status": None, "robots_http_status": None, "robots_txt": None,
                "robots_fetched_at": None, "robots_error": None}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "RobotsRecord | None":
        """The record `as_row` stored, or None when the host's robots.txt was never fetched."""
        if not row.get("robots_status") or row.get("robots_fetched_at") is None:
            return None
        return cls(row["origin"], row["robots_status"], row["robots_fetched_at"], row.get("robots_http_status"),
                   row.get("robots_txt"), row.get("robots_error"))

    def as_row(self) -> dict[str, Any]:
        return {"origin": self.origin, "robots_status": self.status, "robots_http_status": self.http_status,
                "robots_txt": self.body, "robots_fetched_at": self.fetched_at, "robots_error": self.error}


def fetch_robots(
    origin: str,
    *,
    user_agent: str,
    now: datetime,
    cached: RobotsRecord | None = None,
    client: Any = None,
    clock: Clock | None = None,
    guard: Callable[[str], None] | None = check_url,
    peer_guard: Callable[[str], None] | None = check_peer,
    policy: FetchPolicy = ROBOTS_POLICY,
) -> RobotsRecord:
    """Fetch `<origin>/robots.txt` and say what it means (module docstring); never raises for the site's faults."""
    policy = replace(policy, user_agent=user_agent)
    url = origin + "/robots.txt"
    try:
        response = fetch(url, policy=policy, client=client, clock=clock, guard=guard, peer_guard=peer_guard)
    except FetchError as error:
        if error.kind in ("blocked_address", "scheme"):
            return RobotsRecord(origin, BLOCKED, now, error=f"{error.kind}: {error}")
        if error.kind == "http_status" and error.status is not None and 400 <= error.status < 500 \
                and error.status != 429:
            return RobotsRecord(origin, ALLOW_ALL, now, http_status=error.status)
        reason = f"{error.kind}: {error}"
        throttle = {"throttled": error.status in (429, 503), "retry_after_until": error.retry_after_until}
        if cached is not None and cached.status in (RULES, ALLOW_ALL):
            # Unreachable now, but we know an earlier answer: keep using it (RFC 9309 section 2.4).
            return replace(cached, error=f"unreachable since {now.isoformat()}, using the copy of "
                                         f"{cached.fetched_at.isoformat()}: {reason}"[:300], **throttle)
        return RobotsRecord(origin, UNREACHABLE, now, http_status=error.status, error=reason[:300], **throttle)
    body = response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
    return RobotsRecord(origin, RULES, now, http_status=response.status, body=body)
