"""The read-only newsmon page shown inside the Airflow UI: feed health, the latest company landscape and
the last quality-gate runs, read from the published read copy (never the file the loaders write).

Every time is shown to the second in `NEWSMON_TZ`, with the zone's abbreviation, and the page says which
zone that is (the warehouse stores naive UTC). The quality-gate table has one Run column: the run's
logical date (its run-after time when it has none, as asset-triggered runs), with the Airflow run id as
its title (tooltip); before, it showed logical dates for some runs and run ids for others.

A feed list that does not validate (or cannot be read) is shown first, as "feed list invalid: ...": the
page validates the file itself on every request rather than showing what the last run recorded, because
that file is what the next run will read and what the operator has to fix.

Airflow-free: `plugins/newsmon_ui.py` mounts it as a FastAPI app. Every value is escaped by Jinja2's
autoescape, since feed names, titles and company names come from the open web.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, select_autoescape

from warehouse.amounts import format_money
from warehouse.connection import fetch_dicts, read_copy_path, reader
from warehouse.named_queries import query

LANDSCAPE_ROWS = 25

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsmon — feeds and landscape</title>
<style>
 body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5rem;color:#1f2933;background:#fff}
 h1{font-size:1.4rem;margin:0 0 .2rem} h2{font-size:1.1rem;margin-top:1.8rem}
 .meta{color:#616e7c;font-size:.85rem} table{border-collapse:collapse;width:100%;font-size:.9rem}
 th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
 th{background:#f5f7fa;font-weight:600} td.num{text-align:right;font-variant-numeric:tabular-nums}
 .badge{display:inline-block;padding:.05rem .5rem;border-radius:.7rem;font-size:.8rem;font-weight:600}
 .ok{background:#e3f9e5;color:#207227} .stale{background:#fff3c4;color:#8d2b0b}
 .failing{background:#ffe3e3;color:#ab091e} .gone{background:#e4e7eb;color:#323f4b}
 .note{color:#52606d} .empty{padding:.8rem;background:#f5f7fa;border-radius:.4rem;color:#52606d}
 .alert{padding:.8rem 1rem;background:#ffe3e3;color:#610316;border:1px solid #f29b9b;border-radius:.4rem;margin:.8rem 0}
 .alert ul{margin:.4rem 0 0;padding-left:1.2rem}
</style></head><body>
{% if feed_list_error %}
<div class="alert" id="feed-list-invalid" role="alert"><strong>feed list invalid: {{ feed_list_error.path }}</strong>
<ul>{% for problem in feed_list_error.problems %}<li>{{ problem }}</li>{% endfor %}</ul>
No feed is fetched until it is fixed.</div>
{% endif %}
<h1>newsmon</h1>
<div class="meta">Read-only view of the warehouse read copy{% if snapshot_at %}, published {{ snapshot_at|when }}{% endif %}.
Times in {{ zone_name }}.</div>
{% if not warehouse_exists %}
<p class="empty">The warehouse has not been created yet: run the <code>newsmon_ingest</code> DAG once.</p>
{% endif %}

<h2>Feed health</h2>
{% if feed_health is none %}
<p class="empty">Feed health is not available yet: no <code>check_feed_health</code> task has run.</p>
{% elif not feed_health %}
<p class="empty">No feeds checked yet.</p>
{% else %}
<p class="meta">{% for status, n in status_counts %}{{ n }} {{ status }}{% if not loop.last %} · {% endif %}{% endfor %}</p>
<table id="feed-health"><thead><tr><th>Feed</th><th>Status</th><th>Failures in a row</th><th>Days without new</th>
<th>Last fetch</th><th>Last new article</th><th>Note</th></tr></thead><tbody>
{% for f in feed_health %}<tr><td>{{ f.feed }}</td><td><span class="badge {{ f.status }}">{{ f.status }}</span></td>
<td class="num">{{ f.consecutive_failures }}</td><td class="num">{{ f.days_without_new }}</td>
<td>{{ f.last_fetch_at|when }}</td><td>{{ f.last_new_at|when("never") }}</td><td class="note">{{ f.note or "" }}</td></tr>
{% endfor %}</tbody></table>
{% endif %}

<h2>Company landscape</h2>
{% if landscape is none %}
<p class="empty">The company landscape is not available yet: the <code>company_landscape</code> view does not exist
in this warehouse (the extraction has not run or not been deployed).</p>
{% elif not landscape %}
<p class="empty">No company has been mentioned or funded yet.</p>
{% else %}
<p class="meta">As of {{ landscape[0].as_of }}; top {{ landscape|length }} by mentions in the last 30 days.</p>
<table id="landscape"><thead><tr><th>Company</th><th>Kind</th><th>Latest valuation</th><th>Total raised</th>
<th>Last round</th><th>Mentions 7d</th><th>Mentions 30d</th></tr></thead><tbody>
{% for c in landscape %}<tr><td>{{ c.company }}</td><td>{{ c.kind }}</td><td class="num">{{ c.latest_valuation_usd|usd }}</td>
<td class="num">{{ c.total_raised_usd|usd }}</td><td>{{ c.last_round or "" }} {{ c.last_round_on or "" }}</td>
<td class="num">{{ c.mentions_7d }}</td><td class="num">{{ c.mentions_30d }}</td></tr>
{% endfor %}</tbody></table>
{% endif %}

<h2>Quality gate</h2>
{% if not quality_runs %}
<p class="empty">No quality-gate run recorded yet.</p>
{% else %}
<table id="quality"><thead><tr><th>Checked</th><th>Stage</th><th>Run</th><th>Articles</th><th>Facts</th><th>Result</th></tr></thead><tbody>
{% for q in quality_runs %}<tr><td>{{ q.checked_at|when }}</td><td>{{ q.stage }}</td>
<td class="run" title="{{ q.run_id or q.run_key }}">{{ q|run_moment|when(q.run_key) }}</td>
<td class="num">{{ q.articles }}</td><td class="num">{{ q.facts }}</td>
<td>{% if q.passed %}<span class="badge ok">passed</span>{% else %}<span class="badge failing">failed</span> {{ q.failed_checks|join(", ") }}{% endif %}</td></tr>
{% endfor %}</tbody></table>
{% endif %}
</body></html>
"""


def format_usd(value: Any) -> str:
    """A USD column as the digest writes money ("$6.6B", `warehouse.amounts`); a dash when unknown."""
    return "—" if value is None else format_money(float(value), "USD")


def page_zone():
    """NEWSMON_TZ, read per request (the digest's zone: one zone for everything a person reads)."""
    from warehouse.local_time import local_zone

    return local_zone()


def format_when(value: Any, missing: str = "—") -> str:
    """A moment to the second in NEWSMON_TZ with the zone's abbreviation: '2026-11-28 14:03:07 CET'.
    Naive values are UTC, as the warehouse stores them; an ISO string is parsed; anything else is shown as is."""
    if value is None or value == "":
        return missing
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(page_zone())
    return local.strftime("%Y-%m-%d %H:%M:%S ") + (local.tzname() or "")


def run_moment(row: dict[str, Any]) -> Any:
    """The moment the Run column shows: `run_at`, or for rows older than migration 0302 the run key when it
    is a logical date (None otherwise, and the column falls back to the run key itself)."""
    if row.get("run_at") is not None:
        return row["run_at"]
    try:
        return datetime.fromisoformat(str(row.get("run_key")))
    except ValueError:
        return None


_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_ENV.filters["usd"] = format_usd
_ENV.filters["when"] = format_when
_ENV.filters["run_moment"] = run_moment
_PAGE = _ENV.from_string(_TEMPLATE)


@dataclass(frozen=True)
class FeedListProblem:
    path: str
    problems: list[str]


def feed_list_problem(path: Path | None = None) -> FeedListProblem | None:
    """Why the feed list the next ingest run reads (`NEWSMON_FEEDS`) is unusable, or None when it validates."""
    from extractors.feeds.feed_list import FeedListError, load_feed_list
    from extractors.settings import feeds_path

    path = path or feeds_path()
    try:
        load_feed_list(path)
    except FeedListError as error:
        return FeedListProblem(str(path), list(error.problems))
    return None


@dataclass
class PageData:
    warehouse_exists: bool
    snapshot_at: datetime | None = None                  # when the read copy was published (UTC)
    feed_health: list[dict[str, Any]] | None = None       # None: the table does not exist
    landscape: list[dict[str, Any]] | None = None         # None: the view does not exist
    quality_runs: list[dict[str, Any]] = field(default_factory=list)
    feed_list_error: FeedListProblem | None = None

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for row in self.feed_health or []:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        return sorted(counts.items())


def _rows(con, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """Rows as dicts, or None when the relation the query reads does not exist (yet)."""
    try:
        cursor = con.execute(sql, params or {})
    except duckdb.CatalogException:
        return None
    return fetch_dicts(cursor)


def load_page_data(path: Path | None = None) -> PageData:
    """What the page shows. Never creates the warehouse: a UI must not become a writer."""
    copy = read_copy_path(path)
    if not copy.exists():
        return PageData(warehouse_exists=False, feed_list_error=feed_list_problem())
    snapshot_at = datetime.fromtimestamp(copy.stat().st_mtime, tz=timezone.utc).replace(microsecond=0)
    con = reader(path)
    try:
        return PageData(
            warehouse_exists=True,
            snapshot_at=snapshot_at,
            feed_health=_rows(con, query("ui_feed_health")),
            landscape=_rows(con, query("ui_landscape"), {"limit": LANDSCAPE_ROWS}),
            quality_runs=_rows(con, "SELECT * FROM quality_runs ORDER BY checked_at DESC, stage LIMIT 6") or [],
            feed_list_error=feed_list_problem(),
        )
    finally:
        con.close()


def render_page(data: PageData) -> str:
    return _PAGE.render(
        warehouse_exists=data.warehouse_exists, snapshot_at=data.snapshot_at, feed_health=data.feed_health,
        landscape=data.landscape, quality_runs=data.quality_runs, status_counts=data.status_counts,
        feed_list_error=data.feed_list_error, zone_name=page_zone().key)
