"""Bounded work per article in `newsmon_extract`: one hostile item cannot stall its shard.

Two limits, both recorded in `extraction_limits` (migration 0150), as the feeds' size caps are recorded in
`feed_fetches`:

* **A text cap** where articles are staged (`stage_pending`): only the first `NEWSMON_EXTRACT_MAX_CHARS`
  (200,000) characters of an article are extracted, cut back to a paragraph or sentence end (a cut inside
  "raised $1 billion" would read "$1"). Row `kind = 'text_cap'`, with the full and the kept length.
* **Time limits** where shards are extracted (`extract_within_limits`): each article may take
  `NEWSMON_EXTRACT_ARTICLE_SECONDS` (120); past that it is interrupted and fails alone (row
  `kind = 'deadline'`: no results from this extractor version, its earlier facts stay, and it is not staged
  again for this version unless `reprocess_all`), and the shard goes on. The shard as a whole stops starting
  articles after `NEWSMON_EXTRACT_SHARD_SECONDS` (1500, under the task's 30-minute execution_timeout): the
  ones not reached get no results and stay pending for the next run, so the shard's task ends on its own
  terms and everything it did extract is loaded.

The interruption is a SIGALRM timer (`call_with_time_limit`), the mechanism Airflow's own execution_timeout uses:
it nests inside Airflow's (the earlier of the two fires; Airflow's is re-armed with what it had left).
Outside the main thread there are no signals; there an over-long article is only logged after the fact.
"""
from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

log = logging.getLogger(__name__)

LIMITS_SUFFIX = ".limits.jsonl"
LIMIT_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("extractor_version", pa.string()), ("kind", pa.string()),
    ("text_chars", pa.int64()), ("kept_chars", pa.int64()), ("seconds", pa.float64()), ("note", pa.string()),
])


class ArticleTimeout(BaseException):
    """Raised by the timer inside the extraction; a BaseException so no `except Exception` swallows it."""


def cut_text(text: str, max_chars: int) -> str:
    """The first at most `max_chars` characters, ending after a newline, a sentence or a word when possible
    (the same cut the extractor uses for its pieces)."""
    if len(text) <= max_chars:
        return text
    from extractors.nlp.extract import split_long_text

    return split_long_text(text[:max_chars + 1], max_chars)[0][1]


#: After the first alarm, it fires again every this many seconds until the call has stopped: an exception
#: raised from a signal handler is swallowed when it lands in a weakref callback or a `__del__` (Python
#: prints "Exception ignored in ..."), which the garbage collector runs at any time during an extraction.
REFIRE_SECONDS = 0.05
_ALARM = {"active": False}


def _on_alarm(signum: int, frame: Any) -> None:
    if _ALARM["active"]:
        raise ArticleTimeout()


def call_with_time_limit(seconds: float, function: Callable[..., Any], *args: Any) -> tuple[Any, bool]:
    """`(function(*args), armed)`; raises `ArticleTimeout` once `seconds` have passed (`armed`: whether the
    limit could be set: only in the main thread, and not when an outer timer fires sooner)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return function(*args), False
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, 0)   # read (and pause) an outer timer
    if outer_delay and outer_delay <= seconds:   # Airflow's execution_timeout comes first: leave it alone
        signal.setitimer(signal.ITIMER_REAL, outer_delay, outer_interval)
        return function(*args), False
    outer_handler = signal.signal(signal.SIGALRM, _on_alarm)
    started = time.monotonic()
    try:
        try:
            _ALARM["active"] = True
            signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE_SECONDS)
            return function(*args), True
        finally:
            # No call before the flag is cleared: a handler runs only at a call or a backward jump, so the
            # first statement cannot be preempted; an alarm that lands in the setitimer call is caught here.
            while True:
                try:
                    _ALARM["active"] = False
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    break
                except ArticleTimeout:
                    continue
    finally:
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_delay:
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - (time.monotonic() - started), 0.001),
                             outer_interval)


@dataclass
class BoundedExtraction:
    records: list[dict[str, Any]] = field(default_factory=list)     # results of the articles that finished
    limits: list[dict[str, Any]] = field(default_factory=list)      # rows for `extraction_limits`
    left_pending: list[str] = field(default_factory=list)           # article ids not reached in time


def text_cap_row(article: dict[str, Any], version: str, max_chars: int) -> dict[str, Any]:
    full, kept = article["text_chars"], len(article.get("text") or "")
    return {"article_id": article["article_id"], "extractor_version": version, "kind": "text_cap",
            "text_chars": full, "kept_chars": kept, "seconds": None,
            "note": f"text cut from {full:,} to {kept:,} characters (NEWSMON_EXTRACT_MAX_CHARS={max_chars})"}


#: Articles extracted together (one `nlp.pipe` call); one at a time cost ~30% more. A batch that runs out of
#: time is redone one article at a time, so only the slow article fails (at most twice its limit spent).
BATCH_SIZE = 16


def extract_within_limits(articles: list[dict[str, Any]],
                          extract_batch: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
                          *, version: str, article_seconds: float, shard_seconds: float,
                          max_chars: int) -> BoundedExtraction:
    """`extract_batch` over the staged articles, within the article and shard time limits (module docstring):
    batches of `BATCH_SIZE` under one article's limit, a batch that runs out redone article by article."""
    out = BoundedExtraction()
    clock = _ShardClock(time.monotonic() + shard_seconds, article_seconds)
    for start in range(0, len(articles), BATCH_SIZE):
        batch = articles[start:start + BATCH_SIZE]
        try:
            records = clock.run(extract_batch, batch)
        except _ShardTimeUp:
            out.left_pending = [a["article_id"] for a in articles[start:]]
            break
        except ArticleTimeout:
            records = None
        if records is not None:
            _keep(out, batch, records, version, max_chars)
            continue
        for index, article in enumerate(batch):   # find the slow one: the others still get their results
            started = time.monotonic()
            try:
                (record,) = clock.run(extract_batch, [article])
            except _ShardTimeUp:
                out.left_pending = [a["article_id"] for a in batch[index:] + articles[start + BATCH_SIZE:]]
                break
            except ArticleTimeout:
                out.limits.append(_deadline_row(article, version, time.monotonic() - started, article_seconds))
                continue
            _keep(out, [article], [record], version, max_chars)
        if out.left_pending:
            break
    if out.left_pending:
        log.warning("shard time limit of %gs reached: %d article(s) left for the next run", shard_seconds,
                    len(out.left_pending))
    return out


class _ShardTimeUp(Exception):
    """The shard's own time is spent: the articles not done stay pending."""


@dataclass
class _ShardClock:
    deadline: float
    article_seconds: float

    def run(self, extract_batch: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
            batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`extract_batch(batch)` within one article's limit, cut short (`_ShardTimeUp`) by the shard's."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _ShardTimeUp()
        budget = min(self.article_seconds, left)
        started = time.monotonic()
        try:
            records, armed = call_with_time_limit(budget, extract_batch, batch)
        except ArticleTimeout:
            if budget < self.article_seconds:   # the shard's limit, not the article's
                raise _ShardTimeUp() from None
            raise
        if not armed and time.monotonic() - started > self.article_seconds:
            log.warning("%d article(s) took %.1fs, over the %gs limit (no timer outside the main thread)",
                        len(batch), time.monotonic() - started, self.article_seconds)
        return records


def _keep(out: BoundedExtraction, batch: list[dict[str, Any]], records: list[dict[str, Any]], version: str,
          max_chars: int) -> None:
    out.records.extend(records)
    out.limits.extend(text_cap_row(a, version, max_chars) for a in batch if a.get("text_chars") is not None)


def _deadline_row(article: dict[str, Any], version: str, seconds: float, limit: float) -> dict[str, Any]:
    log.warning("article %s: extraction stopped after %.1fs (limit %gs); it gets no facts from %s",
                article["article_id"], seconds, limit, version)
    return {"article_id": article["article_id"], "extractor_version": version, "kind": "deadline",
            "text_chars": len(article.get("text") or ""), "kept_chars": None, "seconds": round(seconds, 3),
            "note": f"extraction stopped after {seconds:.1f} s (NEWSMON_EXTRACT_ARTICLE_SECONDS={limit:g})"}


def limits_path(shard: Path | str) -> Path:
    shard = Path(shard)
    return shard.with_name(shard.name.removesuffix(".jsonl") + LIMITS_SUFFIX)


def read_limits(shard: Path | str) -> list[dict[str, Any]]:
    path = limits_path(shard)
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def record_limits(con, rows: list[dict[str, Any]], run_key: str, recorded_at: datetime) -> int:
    """Upsert the rows (inside the caller's transaction); a re-run of the same article replaces its row."""
    if not rows:
        return 0
    table = pa.Table.from_pylist([{k: r.get(k) for k in LIMIT_SCHEMA.names} for r in rows], schema=LIMIT_SCHEMA)
    con.register("staged_limits", table)
    try:
        con.execute("""
            INSERT OR REPLACE INTO extraction_limits
            SELECT article_id, extractor_version, kind, text_chars, kept_chars, seconds, $run_key, $at, note
            FROM staged_limits""", {"run_key": run_key, "at": recorded_at})
    finally:
        con.unregister("staged_limits")
    return len(rows)
