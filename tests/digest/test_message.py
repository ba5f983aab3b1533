"""The email's shape: parts, headers, the inline chart, escaping — without sending."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from tests.digest.fixture_day import DAY
from warehouse.digest.chart import funding_chart
from warehouse.digest.content import ChartRow, DigestContent, Item, Section, SourceLink
from warehouse.digest.message import build_message, render_digest, render_html, subject_line

NOW = datetime(2026, 11, 27, 6, 0, 3, tzinfo=timezone.utc)


def tiny_content(title: str = "A <b>bold</b> & \"quoted\" title", url: str = "https://x.example/?a=1&b=2"):
    item = Item("Acme raises $5M", ["Seed: $5M"], [SourceLink(title, "feed-a", url, "en")])
    return DigestContent(day=date(2026, 11, 26), sections=[Section("funding", "Biggest funding rounds", [item])],
                         headline="Acme raises $5M", deal_count=1,
                         weekly_funding=[ChartRow("Acme", 5e6, 1)])


def test_subject_says_day_headline_and_deals():
    assert subject_line(tiny_content()) == "AI landscape, 26 Nov: Acme raises $5M; 1 deal"
    quiet = DigestContent(day=date(2026, 11, 2), sections=[], headline=None, deal_count=0, weekly_funding=[])
    assert subject_line(quiet) == "AI landscape, 2 Nov: a quiet day"


def test_html_escapes_feed_text_and_attributes():
    html = render_html(tiny_content(), None)
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34; title" in html
    assert 'href="https://x.example/?a=1&amp;b=2"' in html
    assert "<b>bold" not in html


def test_message_structure_ids_and_inline_chart():
    content = tiny_content()
    chart = funding_chart(content.weekly_funding, content.day)
    message = build_message(content, chart, now=NOW, recipients=["a@example.org"])
    assert message["Message-ID"] == "<digest-2026-11-26@newsmon.local>"
    assert message["Date"] == "Fri, 27 Nov 2026 06:00:03 +0000"
    assert message["To"] == "a@example.org"
    types = [part.get_content_type() for part in message.walk()]
    assert types == ["multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png"]
    image = list(message.walk())[-1]
    assert image["Content-ID"] == "<chart-2026-11-26@newsmon.local>"
    assert image.get_content_disposition() == "inline"
    assert 'src="cid:chart-2026-11-26@newsmon.local"' in message.get_body(("html",)).get_content()
    assert image.get_content() == chart.png


def test_no_chart_means_no_image_and_no_img_tag():
    content = tiny_content()
    content.weekly_funding = []
    rendered = render_digest(content, now=NOW)
    assert rendered.chart is None
    assert [p.get_content_type() for p in rendered.message.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert "<img" not in rendered.message.get_body(("html",)).get_content()


def test_chart_png_and_alt_text():
    chart = funding_chart([ChartRow("xAI", 6e9, 1), ChartRow("Mistral AI", 1.9e9, 1)], DAY)
    assert chart.png.startswith(b"\x89PNG") and len(chart.png) > 5000
    assert chart.alt == "Bar chart: funding by company, 20 Nov to 26 Nov 2026 (USD): xAI $6B; Mistral AI $1.9B"
    assert funding_chart([], DAY) is None


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", " vbscript:x"])
def test_dangerous_urls_never_become_links(url):
    from warehouse.digest.content import _safe_url

    assert _safe_url(url) is None


def test_subject_leads_with_news_and_counts_only_real_deals():
    """Regression (sample days): 'AI landscape, 9 Nov: 1 items; 0 deals' for a day with one stock move."""
    from datetime import date

    from warehouse.digest.content import DigestContent, Item, Section
    from warehouse.digest.message import subject_line

    def day_with(deals: int, headline: str | None, items: int) -> DigestContent:
        section = Section("stocks", "Stock moves", [Item(f"item {n}") for n in range(items)])
        return DigestContent(day=date(2026, 11, 9), sections=[section], headline=headline, deal_count=deals,
                             weekly_funding=[])

    assert subject_line(day_with(0, "CoreWeave shares down 12%", 1)) == "AI landscape, 9 Nov: CoreWeave shares down 12%"
    assert subject_line(day_with(1, "n8n raises $180M", 2)) == "AI landscape, 9 Nov: n8n raises $180M; 1 deal"
    assert subject_line(day_with(0, None, 1)) == "AI landscape, 9 Nov: 1 item"
