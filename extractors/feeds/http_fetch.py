"""Polite, bounded HTTP GET for feeds and article pages (httpx underneath).

Why not `feedparser.parse(url)` or a bare `httpx.get`: feedparser's fetching has no timeout, and a plain
client trusts the server about size and speed. Here every request has
- connect/read timeouts and an overall deadline (a server dripping one byte a second ends at the deadline),
- a size cap enforced while streaming, also on the *decompressed* size (we decode gzip/deflate ourselves in
  bounded steps, so a gzip bomb stops at the cap with bounded memory),
- at most `max_redirects` redirects, followed by hand so a `guard` can check every hop,
- retries with exponential backoff on 5xx and connection errors, `Retry-After` honoured on 429/503 when short
  and reported (as a time the host must not be asked before) when long,
- conditional GET (If-None-Match / If-Modified-Since), and only http/https,
- extra request headers (a feed's credentials) sent only to the origin of the URL asked for, never to a
  redirect target on another host; httpx's own request log lines have secret URL parts redacted.

The clock is injectable (`Clock`), so tests check backoff and Retry-After without waiting.
"""
from __future__ import annotations

import email.utils
import logging
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from extractors.feeds.url_redaction import redact_text

USER_AGENT = "newsmon/0.1 (+https://github.com/newsmon/newsmon)"
RETRYABLE_STATUS = frozenset({500, 502, 503, 504, 429})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


class _RedactingFilter(logging.Filter):
    """httpx logs every request URL at INFO ("HTTP Request: GET ...?token=..."); Airflow task logs keep INFO."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


logging.getLogger("httpx").addFilter(_RedactingFilter())


class FetchError(Exception):
    """A fetch that did not produce a usable response.

    `kind` is one of: timeout, too_large, http_status, network, scheme, blocked_address, redirect_loop,
    rate_limited (Retry-After longer than we wait; see `retry_after_until`), decoding, credentials (the
    connection a feed names is missing or unusable; raised by `fetch_feed`, never by `fetch`).
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        retry_after_until: datetime | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
        self.retry_after_until = retry_after_until
        self.attempts = attempts

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch; defaults suit feeds, `ARTICLE_POLICY` is tighter for article pages."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 45.0  # seconds for one request (all its bytes), whatever the server's pace
    max_bytes: int = 10 * 1024 * 1024  # after decompression
    max_redirects: int = 5
    retries: int = 2  # extra attempts after the first, for 5xx / connection errors
    backoff_base: float = 1.0  # 1 s, 2 s, 4 s ...
    backoff_max: float = 30.0
    retry_after_cap: float = 30.0  # wait for Retry-After up to this; longer -> give up, report the time
    user_agent: str = USER_AGENT
    accept: str = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


def feed_policy() -> FetchPolicy:
    """The policy for feed fetches, read at call time: `NEWSMON_FETCH_DEADLINE_SECONDS` (if set) replaces the
    45 s overall deadline and caps the connect/read timeouts, so a test or a slow site can shorten how long
    a hanging or dripping server may hold a fetch task.
    """
    from extractors.settings import fetch_deadline_seconds

    deadline = fetch_deadline_seconds()
    if deadline is None:
        return FetchPolicy()
    base = FetchPolicy()
    return replace(base, deadline=deadline, connect_timeout=min(base.connect_timeout, deadline),
                   read_timeout=min(base.read_timeout, deadline))


ARTICLE_POLICY = FetchPolicy(
    deadline=20.0,
    read_timeout=10.0,
    max_bytes=3 * 1024 * 1024,
    retries=1,
    accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
)


@dataclass
class Clock:
    """Wall clock, monotonic clock and sleep, swappable in tests (deadlines use `monotonic`)."""

    now: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class FetchResponse:
    """A completed response: 2xx with its (decoded) body, or 304 with an empty body."""

    url: str  # final URL after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    attempts: int
    wire_bytes: int  # bytes received before decoding

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def make_client(policy: FetchPolicy = FetchPolicy()) -> httpx.Client:
    """A client to share between fetches (connection pooling); redirects are followed by `fetch`, not httpx.

    Its sockets obey the per-request deadline (see `_DeadlineBackend`), also while headers trickle in.
    """
    client = httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
        headers={"User-Agent": policy.user_agent},
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        trust_env=True,
    )
    install_deadline_backend(client)
    return client


# -- the overall deadline at socket level ------------------------------------------------------------------
# httpx's read timeout bounds each recv(), not the whole exchange: a server sending one header byte per second
# would keep a request alive for hours. The deadline of the request running in *this thread* is kept in a
# thread-local, and every socket read/write of a pooled connection clamps its timeout to what is left.
# The same thread-local carries an optional `peer_guard`, checked against the address each new connection reached.
_deadline = threading.local()


@contextmanager
def _request_deadline(seconds: float) -> Iterator[float]:
    previous = getattr(_deadline, "at", None)
    _deadline.at = time.monotonic() + seconds
    try:
        yield _deadline.at
    finally:
        _deadline.at = previous


def _remaining(timeout: float | None, error: type[Exception]) -> float | None:
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("overall request deadline exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """A network stream whose reads and writes never wait past the current request's deadline."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout, httpcore.ConnectTimeout)))

    def close(self) -> None:
        self._inner.close()

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend:
    """httpcore network backend wrapper: connections made through it get `_DeadlineStream`s."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kwargs: Any) -> Any:
        stream = self._inner.connect_tcp(host, port, _remaining(timeout, httpcore.ConnectTimeout), **kwargs)
        peer_guard = getattr(_deadline, "peer_guard", None)
        if peer_guard is not None:
            peer = stream.get_extra_info("server_addr")
            try:
                peer_guard(str(peer[0]) if peer else "")
            except BaseException:
                stream.close()
                raise
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None, **kwargs: Any) -> Any:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _remaining(timeout, httpcore.ConnectTimeout), **kwargs))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def install_deadline_backend(client: httpx.Client) -> bool:
    """Wrap the network backend of the client's connection pools; False if httpx/httpcore internals moved.

    Uses httpcore's private `_network_backend` (httpcore is pinned in the lock file; a test pins this too).
    Without it the deadline is still checked between body chunks, just not inside a trickling header.
    """
    transports = [client._transport, *[t for t in client._mounts.values() if t is not None]]
    installed = False
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            continue
        if not isinstance(backend, _DeadlineBackend):
            pool._network_backend = _DeadlineBackend(backend)
        installed = True
    return installed


def check_scheme(url: str) -> None:
    """Refuse anything that is not an absolute http(s) URL (file:, ftp:, data:, gopher: ...)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("scheme", f"refused URL scheme {parts.scheme or '(none)'!r}: only http and https", url=url)
    if not parts.hostname:
        raise FetchError("scheme", f"URL has no host: {url!r}", url=url)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy = FetchPolicy(),
    client: httpx.Client | None = None,
    clock: Clock | None = None,
    guard: Callable[[str], None] | None = None,
    peer_guard: Callable[[str], None] | None = None,
    headers: Mapping[str, str] | None = None,
) -> FetchResponse:
    """GET `url` within `policy`; returns 2xx/304 responses, raises `FetchError` for everything else.

    `headers` (credentials) go with every hop that stays on the origin (scheme, host, port) of `url`.

    `guard(url)` is called before every hop (first request and each redirect target) and may raise
    `FetchError(kind="blocked_address")`. `peer_guard(ip)` is called with the address every *new* connection
    actually reached (closing the gap between the guard's DNS lookup and httpx's own); use it with a client
    whose pooled connections were all made under the same guard.
    """
    clock = clock or Clock()
    own_client = client is None
    client = client or make_client(policy)
    if not own_client:
        install_deadline_backend(client)  # idempotent; only active while a fetch runs in this thread
    previous_peer_guard = getattr(_deadline, "peer_guard", None)
    _deadline.peer_guard = peer_guard
    try:
        return _fetch_with_retries(url, etag, last_modified, policy, client, clock, guard, headers or {})
    finally:
        _deadline.peer_guard = previous_peer_guard
        if own_client:
            client.close()


def _fetch_with_retries(
    url: str,
    etag: str | None,
    last_modified: str | None,
    policy: FetchPolicy,
    client: httpx.Client,
    clock: Clock,
    guard: Callable[[str], None] | None,
    headers: Mapping[str, str],
) -> FetchResponse:
    attempt = 0
    while True:
        attempt += 1
        try:
            response = _fetch_following_redirects(url, etag, last_modified, policy, client, clock, guard, headers)
            return replace(response, attempts=attempt)
        except _RetryableStatus as retry:
            wait = _wait_before_retry(retry, attempt, policy, clock, url)
        except FetchError as error:
            if error.kind != "network" or attempt > policy.retries:
                error.attempts = attempt
                raise
            wait = _backoff(attempt, policy)
        clock.sleep(wait)


class _RetryableStatus(Exception):
    def __init__(self, status: int, url: str, retry_after: str | None) -> None:
        self.status = status
        self.url = url
        self.retry_after = retry_after


def _wait_before_retry(retry: _RetryableStatus, attempt: int, policy: FetchPolicy, clock: Clock, url: str) -> float:
    """Seconds to wait before the next attempt, or raise when out of attempts or told to come back later."""
    now = clock.now()
    until = None
    if retry.retry_after is not None and retry.status in (429, 503):
        until = parse_retry_after(retry.retry_after, now)
    delay = _backoff(attempt, policy) if until is None else max(0.0, (until - now).total_seconds())
    if until is not None and delay > policy.retry_after_cap:
        raise FetchError(
            "rate_limited",
            f"HTTP {retry.status} with Retry-After {retry.retry_after!r}: "
            f"not asking again before {until.replace(microsecond=0).isoformat()}",
            url=retry.url,
            status=retry.status,
            retry_after_until=until,
            attempts=attempt,
        )
    if attempt > policy.retries:
        raise FetchError(
            "http_status", f"HTTP {retry.status} after {attempt} attempts: {retry.url}", url=retry.url,
            status=retry.status, retry_after_until=until, attempts=attempt,
        )
    return delay


def _backoff(attempt: int, policy: FetchPolicy) -> float:
    return min(policy.backoff_max, policy.backoff_base * (2 ** (attempt - 1)))


def parse_retry_after(value: str, now: datetime) -> datetime | None:
    """`Retry-After` as an absolute UTC time: either delta-seconds or an HTTP date; None if unparseable."""
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def _fetch_following_redirects(
    url: str,
    etag: str | None,
    last_modified: str | None,
    policy: FetchPolicy,
    client: httpx.Client,
    clock: Clock,
    guard: Callable[[str], None] | None,
    headers: Mapping[str, str],
) -> FetchResponse:
    seen: list[str] = []
    current = url
    while True:
        check_scheme(current)
        if guard is not None:
            guard(current)
        if current in seen:
            raise FetchError("redirect_loop", f"redirect loop: {' -> '.join(seen + [current])}", url=url)
        if len(seen) > policy.max_redirects:
            raise FetchError("redirect_loop", f"more than {policy.max_redirects} redirects from {url}", url=url)
        seen.append(current)
        # Conditional headers only for the URL we have validators for.
        conditional = current == url
        outcome = _single_request(
            current, etag if conditional else None, last_modified if conditional else None, policy, client, clock,
            headers if _origin(current) == _origin(url) else {},
        )
        if isinstance(outcome, str):  # a redirect target
            current = outcome
            continue
        return outcome


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        port = None
    return parts.scheme.lower(), parts.hostname, port


def _single_request(
    url: str,
    etag: str | None,
    last_modified: str | None,
    policy: FetchPolicy,
    client: httpx.Client,
    clock: Clock,
    extra_headers: Mapping[str, str] | None = None,
) -> FetchResponse | str:
    """One HTTP exchange: returns a response, a redirect target (str), or raises."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": policy.accept,
        "Accept-Encoding": "gzip, deflate",
        **(extra_headers or {}),
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = clock.monotonic()
    deadline_at = started + policy.deadline
    # A single read never waits longer than the whole deadline.
    timeout = httpx.Timeout(
        min(policy.read_timeout, policy.deadline),
        connect=min(policy.connect_timeout, policy.deadline),
        pool=min(policy.connect_timeout, policy.deadline),
    )
    try:
        request = client.build_request("GET", url, headers=headers, timeout=timeout)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as error:
        raise FetchError("scheme", f"invalid URL {url!r}: {error}", url=url) from error
    with _request_deadline(policy.deadline):
        return _exchange(client, request, url, policy, clock, started, deadline_at)


def _exchange(
    client: httpx.Client,
    request: httpx.Request,
    url: str,
    policy: FetchPolicy,
    clock: Clock,
    started: float,
    deadline_at: float,
) -> FetchResponse | str:
    try:
        response = client.send(request, stream=True, follow_redirects=False)
    except httpx.TimeoutException as error:
        elapsed = clock.monotonic() - started
        if elapsed >= policy.deadline * 0.99:
            raise FetchError("timeout", f"deadline of {policy.deadline:g}s exceeded waiting for {url}", url=url) from error
        kind = "network" if isinstance(error, (httpx.ConnectTimeout, httpx.PoolTimeout)) else "timeout"
        raise FetchError(kind, f"{type(error).__name__} after {elapsed:.1f}s: {url}", url=url) from error
    except httpx.TransportError as error:
        raise FetchError("network", f"{type(error).__name__}: {error or 'connection failed'} ({url})", url=url) from error
    try:
        status = response.status_code
        response_headers = {k.lower(): v for k, v in response.headers.items()}
        if status in REDIRECT_STATUS:
            location = response.headers.get("location")
            if not location:
                raise FetchError("http_status", f"HTTP {status} redirect without Location from {url}", url=url, status=status)
            return urljoin(url, location.strip())
        if status == 304:
            return FetchResponse(url, 304, response_headers, b"", attempts=1, wire_bytes=0)
        if status in RETRYABLE_STATUS:
            raise _RetryableStatus(status, url, response.headers.get("retry-after"))
        if not 200 <= status < 300:
            raise FetchError("http_status", f"HTTP {status} from {url}", url=url, status=status)
        try:
            body, wire = _read_body(response, policy, clock, deadline_at, url)
        except FetchError as error:
            error.status = error.status or status  # the status line was fine; the body was not
            raise
        return FetchResponse(url, status, response_headers, body, attempts=1, wire_bytes=wire)
    finally:
        response.close()


def _read_body(
    response: httpx.Response, policy: FetchPolicy, clock: Clock, deadline_at: float, url: str
) -> tuple[bytes, int]:
    """Stream the raw body, decode it in bounded steps, stop at the size cap or the deadline."""
    declared = response.headers.get("content-length")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared and declared.isdigit() and encoding in ("", "identity") and int(declared) > policy.max_bytes:
        raise FetchError("too_large", f"Content-Length {declared} exceeds the cap of {policy.max_bytes} bytes: {url}", url=url)
    decoder = _BoundedDecoder(encoding, policy.max_bytes, url)
    wire = 0
    try:
        for chunk in response.iter_raw():  # as received: a re-chunking size would hide a slow drip
            wire += len(chunk)
            decoder.feed(chunk)
            if clock.monotonic() > deadline_at:
                raise FetchError("timeout", f"deadline of {policy.deadline:g}s exceeded while reading {url}", url=url)
            if wire > policy.max_bytes:
                raise FetchError("too_large", f"response exceeds the cap of {policy.max_bytes} bytes: {url}", url=url)
    except httpx.TimeoutException as error:
        if clock.monotonic() >= deadline_at:
            raise FetchError("timeout", f"deadline of {policy.deadline:g}s exceeded while reading {url}", url=url) from error
        raise FetchError("timeout", f"read timed out while reading {url}", url=url) from error
    except httpx.TransportError as error:
        raise FetchError("network", f"{type(error).__name__} while reading {url}: {error}", url=url) from error
    return decoder.finish(), wire


class _BoundedDecoder:
    """gzip/deflate/identity decoding that never holds more than `max_bytes` (+ one small step) in memory."""

    STEP = 65536

    def __init__(self, encoding: str, max_bytes: int, url: str) -> None:
        self.encoding = encoding
        self.max_bytes = max_bytes
        self.url = url
        self.parts: list[bytes] = []
        self.size = 0
        self._zlib: zlib._Decompress | None = None  # type: ignore[name-defined]
        self._deflate_probe = encoding == "deflate"
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        elif encoding not in ("", "identity"):
            raise FetchError("decoding", f"unsupported Content-Encoding {encoding!r} from {url}", url=url)

    def feed(self, data: bytes) -> None:
        if self._zlib is None:
            self._append(data)
            return
        for piece in self._inflate(data):
            self._append(piece)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._zlib.decompress(data, self.STEP)
            except zlib.error as error:
                if self._deflate_probe:  # some servers send raw deflate without the zlib header
                    self._deflate_probe = False
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError("decoding", f"corrupt {self.encoding} body from {self.url}: {error}", url=self.url) from error
            self._deflate_probe = False
            yield out
            if self._zlib.eof:
                # Concatenated gzip members: start a fresh decompressor on the rest.
                data = self._zlib.unused_data
                if data and self.encoding in ("gzip", "x-gzip"):
                    self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    continue
                return
            data = self._zlib.unconsumed_tail
            if not data and len(out) < self.STEP:
                return

    def _append(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchError(
                "too_large", f"response exceeds the cap of {self.max_bytes} bytes after decoding: {self.url}", url=self.url
            )
        self.parts.append(data)

    def finish(self) -> bytes:
        if self._zlib is not None:
            self._append(self._zlib.flush())
        return b"".join(self.parts)
