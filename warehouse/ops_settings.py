"""The operations knobs, with their defaults, in one commented place.

Each is an environment variable read at call time (tests and deployments set them per process). The lead
may fold these into `extractors/settings.py`, the general home of `NEWSMON_*` variables; they live here for
now because only `warehouse` (feed health, quality gate) reads them.

| variable | default | what it tunes |
|---|---|---|
| `NEWSMON_FEED_FAIL_RUNS` | 3 | a feed whose last N fetches all failed is `failing` |
| `NEWSMON_FEED_STALE_DAYS` | 3 | a feed that delivered nothing new for D days is `stale` |
| `NEWSMON_QUALITY_MIN_RATIO` | 0.5 | a row count below this share of the last passing gate run has `collapsed` |
| `NEWSMON_DIGEST_WAIT_MINUTES` | 360 | a digest run waits this long for its day's data, then records `no_data` and fails |
| `NEWSMON_ALERT_TO` | none | failure alert recipients (read by `extractors.settings.alert_recipients`) |
| `NEWSMON_EXTRACT_MAX_CHARS` | 200000 | characters of an article's text extracted; the rest is cut (recorded) |
| `NEWSMON_EXTRACT_ARTICLE_SECONDS` | 120 | one article's extraction time before it fails (recorded), the shard goes on |
| `NEWSMON_EXTRACT_SHARD_SECONDS` | 1500 | one shard's time; articles not reached stay pending for the next run |
"""
from __future__ import annotations

from extractors.settings import env_number

#: failed fetches in a row before a feed is flagged `failing` (one bad run is noise, three is a broken feed)
DEFAULT_FEED_FAIL_RUNS = 3
#: days without a new article before a feed is flagged `stale` (weekend-quiet feeds stay `ok`)
DEFAULT_FEED_STALE_DAYS = 3
#: a table shrinking below this share of its size at the last passing gate means something deleted rows
DEFAULT_QUALITY_MIN_RATIO = 0.5
#: the longest real articles run to ~60,000 characters; 200,000 keeps every one whole while a hostile
#: multi-MB summary costs at most this much extraction work
DEFAULT_EXTRACT_MAX_CHARS = 200_000
#: a capped article extracts in well under 20 s even on a slow day; past 120 s something is wrong with it
DEFAULT_EXTRACT_ARTICLE_SECONDS = 120.0
#: below the extract task's 30-minute execution_timeout, so the shard ends on its own terms and loads
DEFAULT_EXTRACT_SHARD_SECONDS = 1500.0


def _number(name: str, default: float, cast: type) -> float:
    return env_number(name, default, cast)


def feed_fail_runs() -> int:
    return int(_number("NEWSMON_FEED_FAIL_RUNS", DEFAULT_FEED_FAIL_RUNS, int))


def feed_stale_days() -> int:
    return int(_number("NEWSMON_FEED_STALE_DAYS", DEFAULT_FEED_STALE_DAYS, int))


def quality_min_ratio() -> float:
    return float(_number("NEWSMON_QUALITY_MIN_RATIO", DEFAULT_QUALITY_MIN_RATIO, float))


#: how long a digest run waits for an ingest (and its extraction) covering its day before recording `no_data`
DEFAULT_DIGEST_WAIT_MINUTES = 360
#: how often a waiting digest run looks again (it holds no worker slot in between)
DIGEST_RECHECK_SECONDS = 60


def digest_wait_minutes() -> float:
    return float(_number("NEWSMON_DIGEST_WAIT_MINUTES", DEFAULT_DIGEST_WAIT_MINUTES, float))


def extract_max_chars() -> int:
    return int(_number("NEWSMON_EXTRACT_MAX_CHARS", DEFAULT_EXTRACT_MAX_CHARS, int))


def extract_article_seconds() -> float:
    return float(_number("NEWSMON_EXTRACT_ARTICLE_SECONDS", DEFAULT_EXTRACT_ARTICLE_SECONDS, float))


def extract_shard_seconds() -> float:
    return float(_number("NEWSMON_EXTRACT_SHARD_SECONDS", DEFAULT_EXTRACT_SHARD_SECONDS, float))
