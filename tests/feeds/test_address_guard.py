"""The address guard: article pages only from public addresses, checked after DNS and on every redirect."""
from __future__ import annotations

import ipaddress

import pytest

from extractors.feeds.address_guard import check_url, is_public_address
from extractors.feeds.fulltext import fetch_page
from extractors.feeds.http_fetch import FetchError, FetchPolicy, fetch


def fixed_resolver(*addresses: str):
    return lambda host, port: list(addresses)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.5.5.5", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
        "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1",
        "2002:7f00:1::1",
    ],
)
def test_non_public_addresses(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_literal_loopback_and_metadata_urls_are_blocked():
    for url in ("http://127.0.0.1:8080/api", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        with pytest.raises(FetchError) as caught:
            check_url(url, allow=[])
        assert caught.value.kind == "blocked_address", url


def test_hostname_resolving_to_a_private_address_is_blocked():
    with pytest.raises(FetchError) as caught:
        check_url("https://intranet.example.com/", allow=[], resolve=fixed_resolver("10.0.0.7"))
    assert caught.value.kind == "blocked_address" and "10.0.0.7" in str(caught.value)


def test_one_private_address_among_public_ones_is_enough_to_block():
    with pytest.raises(FetchError):
        check_url("https://mixed.example.com/", allow=[], resolve=fixed_resolver("93.184.215.14", "192.168.0.2"))


def test_public_hostname_passes():
    check_url("https://news.example.com/a", allow=[], resolve=fixed_resolver("93.184.215.14", "2606:4700::1"))


def test_allow_list_lets_a_cidr_through_but_nothing_else():
    check_url("http://127.0.0.1:8765/x", allow=["127.0.0.1/32"])
    with pytest.raises(FetchError):
        check_url("http://127.0.0.2:8765/x", allow=["127.0.0.1/32"])
    with pytest.raises(FetchError):
        check_url("http://10.0.0.1/x", allow=["127.0.0.1/32"])


def test_allow_list_comes_from_newsmon_fetch_allow(monkeypatch):
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "10.0.0.0/8, 127.0.0.1")
    check_url("http://127.0.0.1/x")
    check_url("http://10.20.30.40/x")
    monkeypatch.delenv("NEWSMON_FETCH_ALLOW")
    with pytest.raises(FetchError):
        check_url("http://127.0.0.1/x")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://93.184.215.14/", "javascript:alert(1)", "http:///nohost"])
def test_non_http_urls_are_refused(url):
    with pytest.raises(FetchError) as caught:
        check_url(url, allow=[])
    assert caught.value.kind == "scheme"


def test_redirect_into_loopback_is_blocked_on_the_hop(server):
    """A public-looking first hop (allowed here via a fake resolver) redirecting to 127.0.0.1 must stop."""
    server.route("/article", redirect=server.url("/internal-admin"))
    server.route("/internal-admin", body=b"secret")
    port = server.port

    def guard(url: str) -> None:
        # "public.example" stands for a public host; it is served by the local server through a rewrite below.
        check_url(url, allow=[], resolve=fixed_resolver("93.184.215.14"))

    # First hop: check against the fake public resolution, then really request the local server.
    first_hop = f"http://public.example:{port}/article"
    import httpx

    transport = httpx.HTTPTransport()

    class Rewrite(httpx.BaseTransport):
        def handle_request(self, request):
            if request.url.host == "public.example":
                request.url = request.url.copy_with(host="127.0.0.1")
            return transport.handle_request(request)

    with httpx.Client(transport=Rewrite(), follow_redirects=False) as client:
        with pytest.raises(FetchError) as caught:
            fetch(first_hop, client=client, guard=guard, policy=FetchPolicy(retries=0))
    assert caught.value.kind == "blocked_address"
    assert len(server.requests_to("/article")) == 1
    assert server.requests_to("/internal-admin") == []


def test_fulltext_of_a_loopback_link_is_blocked_unless_allowed(server, monkeypatch):
    server.route("/story.html", body=b"<html><body><p>" + b"Long article text. " * 40 + b"</p></body></html>",
                 headers={"Content-Type": "text/html"})
    monkeypatch.delenv("NEWSMON_FETCH_ALLOW", raising=False)
    page = fetch_page(server.url("/story.html"))
    assert (page.text, page.status) == (None, "blocked")
    assert server.requests_to("/story.html") == []
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")
    page = fetch_page(server.url("/story.html"))
    assert page.status == "ok" and "Long article text." in page.text


@pytest.mark.parametrize("host", ["localhost", "2130706433", "127.1", "0x7f000001"])
def test_loopback_spellings_are_blocked_after_real_resolution(host):
    """Odd spellings of 127.0.0.1 that the system resolver accepts are caught after resolution."""
    with pytest.raises(FetchError) as caught:
        check_url(f"http://{host}:8080/", allow=[])
    assert caught.value.kind in ("blocked_address", "network")
    if caught.value.kind == "network":  # a resolver that refuses the spelling is safe as well
        assert "resolve" in str(caught.value)


def test_dns_rebinding_is_caught_at_connect_time(server, monkeypatch):
    """The URL check saw a public address, but the connection reaches 127.0.0.1: blocked before any request."""
    from functools import partial

    from extractors.feeds.address_guard import check_peer

    server.route("/page.html", body=b"<html><body><p>internal</p></body></html>", headers={"Content-Type": "text/html"})
    monkeypatch.delenv("NEWSMON_FETCH_ALLOW", raising=False)
    url = f"http://localhost:{server.port}/page.html"
    lying_guard = partial(check_url, allow=[], resolve=fixed_resolver("93.184.215.14"))
    page = fetch_page(url, guard=lying_guard)
    assert (page.text, page.status) == (None, "blocked")
    assert server.requests_to("/page.html") == []
    # With the peer check switched off, the same lie would have reached the server (the check is what stops it).
    fetch_page(url, guard=lying_guard, peer_guard=None)
    assert len(server.requests_to("/page.html")) == 1
    check_peer("127.0.0.1", allow=["127.0.0.1/32"])
