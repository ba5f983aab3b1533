"""The digest is bounded and honest about its day: at most `MAX_ITEMS_PER_SECTION` items per section, then
one "and M more ..." line without links; a day that has not begun is an error, not a quiet digest.

Regressions: 10,000 rounds in a day made an 8 MB email listing every one; `--date 2099-01-01` rendered a
"quiet day" without a word (and the DAG, run for a future day, would record it as sent).
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from tests.digest.fixture_day import DAY

REPO = Path(__file__).resolve().parents[2]
FLOOD = 10_000


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warehouse", "digest", *args], cwd=REPO, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=300)


def add_flood_of_rounds(count: int) -> None:
    """`count` small rounds on the fixture day, each with its own source article (and link)."""
    from warehouse.connection import writer

    with writer() as con:
        con.execute("""
            INSERT INTO articles (article_id, guid_stored, url_stored, canonical_url, feed, lang, title, summary,
                                  fulltext, published_at, date_flag, fetched_at, fulltext_status, first_run_key)
            SELECT 'flood' || i, 'guid-flood' || i, 'https://flood.example/' || i, 'https://flood.example/' || i,
                   'flood-wire', 'en', 'Startup ' || i || ' raises a seed round', NULL, NULL,
                   TIMESTAMP '2026-11-26 09:00', NULL, TIMESTAMP '2026-11-26 09:05', NULL, 'fixture'
            FROM range($n) t(i)""", {"n": count})
        con.execute("""
            INSERT INTO funding_rounds (deal_id, investee, investee_id, amount, currency, amount_usd, round,
                                        investors, status, announced_on, last_reported_on, sources)
            SELECT 'f-flood' || i, 'Startup ' || i, 'startup-' || i, 1e6 + i, 'USD', 1e6 + i, 'seed', [], 'completed',
                   $day, $day, 1
            FROM range($n) t(i)""", {"n": count, "day": DAY})
        con.execute("INSERT INTO deal_sources (deal_type, deal_id, article_id, fact_id) "
                    "SELECT 'funding_rounds', 'f-flood' || i, 'flood' || i, 'fact-flood' || i FROM range($n) t(i)",
                    {"n": count})


def test_a_flood_of_rounds_lists_ten_and_counts_the_rest_without_links(fixture_warehouse, tmp_path):
    from warehouse.digest.content import MAX_ITEMS_PER_SECTION

    add_flood_of_rounds(FLOOD)
    eml, html = tmp_path / "day.eml", tmp_path / "day.html"
    result = run_cli("--date", DAY.isoformat(), "--out", str(eml), "--html", str(html))
    assert result.returncode == 0, result.stderr
    assert eml.stat().st_size < 300_000, eml.stat().st_size     # was ~8 MB with every round listed

    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    page = html.read_text(encoding="utf-8")
    total = FLOOD + 3                                             # the fixture day's own three rounds
    more = f"and {total - MAX_ITEMS_PER_SECTION:,} more funding rounds"
    assert f"* {more}" in text and more in page
    assert "xAI raises $6B at $40B" in text                      # the biggest stay listed
    listed_flood = MAX_ITEMS_PER_SECTION - 3                     # the biggest ten: the fixture's three, then seven
    assert text.count("https://flood.example/") == listed_flood   # one link per listed item, none for the rest
    assert page.count('href="https://flood.example/') == listed_flood
    more_line = page[page.index(more) - 200:page.index(more)]
    assert "<a " not in more_line.split("</tr>")[-1]              # the count is not a link
    assert f"{FLOOD + 5:,} deals" in message["Subject"]          # the subject counts every deal of the day
    funding = text.split("BIGGEST FUNDING ROUNDS")[1].split("VALUATION CHANGES")[0]
    assert funding.count("\n* ") == MAX_ITEMS_PER_SECTION + 1     # ten items and the "and M more" line


def test_a_future_date_is_an_error(fixture_warehouse, tmp_path):
    result = run_cli("--date", "2099-01-01", "--out", str(tmp_path / "x.eml"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: 2099-01-01 is in the future (today is ")
    assert "nothing to digest yet" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.eml").exists()


def test_the_dag_step_refuses_a_day_that_has_not_begun(fixture_warehouse):
    from warehouse.digest.period import FutureDayError
    from warehouse.digest.steps import render_step

    with pytest.raises(FutureDayError):
        render_step(datetime(2099, 1, 2, 6, 0, tzinfo=timezone.utc))
    summary = render_step(datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc))  # a past day still renders
    assert summary["day"] == DAY.isoformat() and not summary["quiet"]
