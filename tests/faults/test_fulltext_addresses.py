"""Article links pointing inside (loopback, private, link-local metadata, IPv6 loopback, non-http) and a
redirect into them: never fetched for full text, through the real ingest path of a `fulltext: true` feed.

The "outside" web is a server on 127.0.0.2, allowed with NEWSMON_FETCH_ALLOW=127.0.0.2/32; everything on
127.0.0.1 (where the feed itself and a fake admin endpoint live) stays forbidden.
"""
from __future__ import annotations

import pytest

from tests.faults.hostile_server import LoopbackAliasServer
from tests.faults.pipeline import Item, feed, fetch_row, rows, rss, run_ingest
from tests.support.http_server import LocalHttpServer

PAGE = ("<html><head><title>Story</title></head><body><article><h1>Outside story</h1>"
        + "<p>Helsing said on Monday that it had raised new money from a group of European investors.</p>"
          "<p>The Munich company plans to double its engineering staff in Britain and Germany next year.</p>"
          "<p>People familiar with the round said it values the business at several billion euros.</p>"
        + "</article></body></html>").encode()


@pytest.fixture
def servers(newsmon_home, monkeypatch):
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.2/32")
    with LocalHttpServer() as inside, LoopbackAliasServer("127.0.0.2") as outside:
        inside.route("/admin", body=b"internal admin page")
        outside.route("/story.html", body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
        outside.route("/bounce", status=302, redirect=inside.url("/admin"))
        outside.route("/bounce-meta", status=301, redirect="http://169.254.169.254/latest/meta-data/")
        outside.route("/bounce-file", status=302, redirect="file:///etc/passwd")
        yield inside, outside


def test_internal_links_and_redirects_into_them_are_never_fetched(servers):
    inside, outside = servers
    links = {
        "loopback": inside.url("/admin"),
        "localhost": f"http://localhost:{inside.port}/admin",
        "ipv6-loopback": f"http://[::1]:{inside.port}/admin",
        "private": "http://10.0.0.5/admin",
        "metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "file": "file:///etc/passwd",
        "ftp": "ftp://127.0.0.1/pub/",
        "redirect-loopback": outside.url("/bounce"),
        "redirect-metadata": outside.url("/bounce-meta"),
        "redirect-file": outside.url("/bounce-file"),
        "public": outside.url("/story.html"),
    }
    items = [Item(f"Story {name}", guid=f"ssrf-{name}", link=url, description=f"Teaser {name}.")
             for name, url in links.items()]
    inside.route("/ssrf.xml", body=rss(items), headers={"Content-Type": "application/xml"})
    run_ingest([feed("ssrf-feed", inside.url("/ssrf.xml"), fulltext=True)], "ssrf-run")

    status = dict(rows("SELECT guid, fulltext_status FROM articles WHERE feed = 'ssrf-feed'"))
    assert status.pop("ssrf-public") == "ok"
    assert status == {f"ssrf-{name}": "blocked" for name in links if name != "public"}
    # Nothing internal was asked: the fake admin endpoint saw no request; the redirects' first hop did.
    assert inside.requests_to("/admin") == []
    assert [r.path for r in inside.requests] == ["/ssrf.xml"]
    for path in ("/bounce", "/bounce-meta", "/bounce-file"):
        assert len(outside.requests_to(path)) == 1
    # Blocked articles are kept with their summaries: nothing lost, nothing internal in them.
    assert rows("SELECT text FROM articles WHERE guid = 'ssrf-redirect-loopback'") == [
        ("Story redirect-loopback\n\nTeaser redirect-loopback.",)]
    assert rows("SELECT count(*) FROM articles WHERE text LIKE '%internal admin%'") == [(0,)]
    assert "Helsing said on Monday" in rows("SELECT text FROM articles WHERE guid = 'ssrf-public'")[0][0]
    assert fetch_row("ssrf-feed")["outcome"] == "new"
