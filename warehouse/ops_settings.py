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
"""
from __future__ import annotations

from extractors.settings import env_number

#: failed fetches in a row before a feed is flagged `failing` (one bad run is noise, three is a broken feed)
DEFAULT_FEED_FAIL_RUNS = 3
#: days without a new article before a feed is flagged `stale` (weekend-quiet feeds stay `ok`)
DEFAULT_FEED_STALE_DAYS = 3
#: a table shrinking below this share of its size at the last passing gate means something deleted rows
DEFAULT_QUALITY_MIN_RATIO = 0.5


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
