"""Polite and bounded HTTP against a real local server: statuses, retries, Retry-After, timeouts, caps."""
from __future__ import annotations

import email.utils
import gzip
import io
import socket
import time
import tracemalloc
import zlib
from datetime import timedelta

import pytest

from extractors.feeds.http_fetch import USER_AGENT, FetchError, FetchPolicy, fetch, parse_retry_after
from tests.feeds.conftest import FETCH_TIME

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def test_plain_200_sends_user_agent_and_accepts_gzip(server, clock, fast_policy):
    server.route("/ok.xml", body=FEED, headers={"ETag": '"v1"'})
    response = fetch(server.url("/ok.xml"), policy=fast_policy, clock=clock)
    assert response.status == 200 and response.body == FEED and response.etag == '"v1"'
    sent = server.requests_to("/ok.xml")[0].headers
    assert sent["user-agent"] == USER_AGENT
    assert "gzip" in sent["accept-encoding"]


def test_gzip_body_is_decoded(server, clock, fast_policy):
    server.route("/gz.xml", body=FEED * 50, gzip=True)
    response = fetch(server.url("/gz.xml"), policy=fast_policy, clock=clock)
    assert response.body == FEED * 50
    assert response.wire_bytes < len(FEED * 50)


def test_404_is_an_http_status_error_without_retry(server, clock, fast_policy):
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/missing.xml"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "http_status" and caught.value.status == 404
    assert len(server.requests_to("/missing.xml")) == 1
    assert clock.sleeps == []


def test_500_is_retried_with_exponential_backoff_then_succeeds(server, clock, fast_policy):
    server.route("/flaky.xml", status=500, times=2)
    server.route("/flaky.xml", body=FEED)
    response = fetch(server.url("/flaky.xml"), policy=fast_policy, clock=clock)
    assert response.status == 200 and response.attempts == 3
    assert len(server.requests_to("/flaky.xml")) == 3
    assert clock.sleeps == [1.0, 2.0]


def test_500_forever_gives_up_after_the_retries(server, clock, fast_policy):
    server.route("/down.xml", status=502)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/down.xml"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "http_status" and caught.value.status == 502
    assert len(server.requests_to("/down.xml")) == fast_policy.retries + 1
    assert clock.sleeps == [1.0, 2.0]


def test_connection_refused_is_a_network_error_and_retried(clock, fast_policy):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/feed.xml", policy=fast_policy, clock=clock)
    assert caught.value.kind == "network"
    assert caught.value.attempts == 3 and clock.sleeps == [1.0, 2.0]


def test_429_with_short_retry_after_waits_that_long_and_retries(server, clock, fast_policy):
    server.route("/busy.xml", status=429, headers={"Retry-After": "7"}, times=1)
    server.route("/busy.xml", body=FEED)
    response = fetch(server.url("/busy.xml"), policy=fast_policy, clock=clock)
    assert response.status == 200
    assert clock.sleeps == [7.0]


def test_429_with_long_retry_after_gives_up_and_reports_until_when(server, clock, fast_policy):
    server.route("/busy.xml", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/busy.xml"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "rate_limited" and caught.value.status == 429
    assert caught.value.retry_after_until == FETCH_TIME + timedelta(seconds=3600)
    assert len(server.requests_to("/busy.xml")) == 1 and clock.sleeps == []


def test_503_with_http_date_retry_after(server, clock, fast_policy):
    until = FETCH_TIME + timedelta(hours=2)
    server.route("/maint.xml", status=503, headers={"Retry-After": email.utils.format_datetime(until, usegmt=True)})
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/maint.xml"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "rate_limited" and caught.value.retry_after_until == until


def test_parse_retry_after_forms():
    assert parse_retry_after("120", FETCH_TIME) == FETCH_TIME + timedelta(seconds=120)
    assert parse_retry_after("Fri, 27 Nov 2026 13:00:00 GMT", FETCH_TIME) == FETCH_TIME + timedelta(hours=1)
    assert parse_retry_after("soon", FETCH_TIME) is None


def test_conditional_get_sends_validators_and_returns_304(server, clock, fast_policy):
    stamp = "Wed, 25 Nov 2026 10:00:00 GMT"
    server.route("/cond.xml", body=FEED, headers={"ETag": '"abc"', "Last-Modified": stamp})
    first = fetch(server.url("/cond.xml"), policy=fast_policy, clock=clock)
    second = fetch(server.url("/cond.xml"), etag=first.etag, last_modified=first.last_modified, policy=fast_policy, clock=clock)
    assert second.status == 304 and second.body == b""
    sent = server.requests_to("/cond.xml")[1].headers
    assert sent["if-none-match"] == '"abc"' and sent["if-modified-since"] == stamp


def test_server_that_never_answers_times_out(server, clock):
    server.route("/hang.xml", hang=True)
    policy = FetchPolicy(connect_timeout=1, read_timeout=1, deadline=5, retries=2)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/hang.xml"), policy=policy, clock=clock)
    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 4
    assert len(server.requests_to("/hang.xml")) == 1  # a read timeout is not hammered with retries


def test_slow_drip_ends_at_the_overall_deadline(server, clock):
    server.route("/drip.xml", drip=b"<" * 200, drip_interval=0.2)  # 5 bytes/s, 40 s in total
    policy = FetchPolicy(connect_timeout=1, read_timeout=1, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/drip.xml"), policy=policy, clock=clock)
    elapsed = time.monotonic() - started
    assert caught.value.kind == "timeout" and "deadline" in caught.value.message
    assert 1.4 < elapsed < 4.0  # without the deadline this takes 17-40 s


def test_slowly_trickling_headers_end_at_the_overall_deadline(server, clock):
    """Regression: httpx's read timeout is per recv(), so headers sent a byte at a time never timed out."""
    server.route("/trickle.xml", body=FEED, headers={"X-Padding": "p" * 200}, drip_headers=True, drip_interval=0.2)
    policy = FetchPolicy(connect_timeout=1, read_timeout=1, deadline=1.5, retries=2)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/trickle.xml"), policy=policy, clock=clock)
    elapsed = time.monotonic() - started
    assert caught.value.kind == "timeout" and "deadline" in caught.value.message
    assert 1.4 < elapsed < 4.0  # without the deadline this takes 17-40 s
    assert len(server.requests_to("/trickle.xml")) == 1


def test_trickling_headers_within_the_deadline_still_succeed(server, clock):
    server.route("/trickle.xml", body=FEED, drip_headers=True, drip_interval=0.005)
    response = fetch(server.url("/trickle.xml"), policy=FetchPolicy(deadline=10), clock=clock)
    assert response.body == FEED


def test_declared_oversize_body_is_refused(server, clock):
    server.route("/big.xml", body=b"x" * 50_000)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/big.xml"), policy=FetchPolicy(max_bytes=10_000), clock=clock)
    assert caught.value.kind == "too_large"


def test_oversize_body_without_content_length_stops_while_streaming(server, clock):
    server.route("/big.xml", body=b"x" * 3_000_000, close_delimited=True)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/big.xml"), policy=FetchPolicy(max_bytes=100_000), clock=clock)
    assert caught.value.kind == "too_large" and "Content-Length" not in caught.value.message
    server.route("/small.xml", body=FEED, close_delimited=True)
    assert fetch(server.url("/small.xml"), policy=FetchPolicy(max_bytes=100_000), clock=clock).body == FEED


def test_gzip_bomb_aborts_at_the_cap_with_bounded_memory(server, clock):
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as archive:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(50):  # 50 MB of zeros
            archive.write(chunk)
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    server.route("/bomb.xml", raw_gzip=bomb, headers={"Content-Type": "application/xml"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetch(server.url("/bomb.xml"), policy=FetchPolicy(max_bytes=1_000_000), clock=clock)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.kind == "too_large" and "after decoding" in caught.value.message
    assert peak < 8 * 1024 * 1024, f"peak memory {peak} bytes"


def test_deflate_body_with_and_without_zlib_header(server, clock, fast_policy):
    server.route("/zlib.xml", body=zlib.compress(FEED), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    server.route("/raw.xml", body=raw.compress(FEED) + raw.flush(), headers={"Content-Encoding": "deflate"})
    assert fetch(server.url("/zlib.xml"), policy=fast_policy, clock=clock).body == FEED
    assert fetch(server.url("/raw.xml"), policy=fast_policy, clock=clock).body == FEED


def test_redirects_are_followed_up_to_the_limit(server, clock, fast_policy):
    server.route("/old.xml", status=301, redirect="/new.xml")
    server.route("/new.xml", body=FEED)
    response = fetch(server.url("/old.xml"), policy=fast_policy, clock=clock)
    assert response.body == FEED and response.url.endswith("/new.xml")
    for i in range(7):
        server.route(f"/hop{i}", redirect=f"/hop{i + 1}")
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/hop0"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "redirect_loop"
    assert len(server.requests_to("/hop6")) == 0  # stopped after 5 redirects


def test_redirect_loop_is_detected(server, clock, fast_policy):
    server.route("/a", redirect="/b")
    server.route("/b", redirect="/a")
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/a"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "redirect_loop" and "loop" in caught.value.message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://x/", "data:text/plain,hi"])
def test_non_http_schemes_are_refused(url, clock):
    with pytest.raises(FetchError) as caught:
        fetch(url, clock=clock)
    assert caught.value.kind == "scheme"


def test_redirect_to_file_scheme_is_refused(server, clock, fast_policy):
    server.route("/sneaky", redirect="file:///etc/passwd")
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/sneaky"), policy=fast_policy, clock=clock)
    assert caught.value.kind == "scheme"


def test_deadline_backend_is_installed_on_our_clients():
    """Pins the httpcore internals `install_deadline_backend` relies on (upgrade check)."""
    from extractors.feeds.http_fetch import install_deadline_backend, make_client

    with make_client() as client:
        assert install_deadline_backend(client) is True
        assert type(client._transport._pool._network_backend).__name__ == "_DeadlineBackend"
