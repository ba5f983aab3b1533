"""Run one ingest (stage + load) in a fresh interpreter and report its peak-RSS growth as JSON.

Peak RSS (`ru_maxrss`) sees every allocation, also those of expat, zlib and DuckDB that `tracemalloc`
misses. The probe first ingests a small good feed twice (imports, DuckDB, migrations, the read copy warm)
and notes the peak, then ingests the hostile feed under another run key and notes the peak again: the
growth is what the hostile feed needed beyond an ordinary ingest. (Measured from the peak, not from the RSS in use, because opening
the read copy alone can take tens of MB transiently, depending on the machine; an expanded entity or an
uncapped body would be hundreds of MB to GBs.)

    python -m tests.faults.memory_probe WARMUP_URL HOSTILE_URL   (NEWSMON_HOME from the environment)
"""
from __future__ import annotations

import json
import resource
import sys
from datetime import datetime, timezone


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def current_rss_bytes() -> int:
    """Resident set size right now (Linux), so growth is measured from what is in use, not from an old peak."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(warmup_url: str, hostile_url: str) -> dict:
    from warehouse.ingest_steps import FeedFetchFailed, load_run, stage_feed

    now = datetime.now(timezone.utc)
    for warmup in ("probe-warmup-1", "probe-warmup-2"):  # the second also opens the read copy for feed states
        stage_feed({"name": "warmup", "url": warmup_url, "lang": "en", "fulltext": False}, warmup, now=now)
        load_run(warmup)
    before = peak_rss_bytes()  # the warm pipeline's own high-water mark (DuckDB opens cost tens of MB)
    in_use = current_rss_bytes()
    error = None
    try:
        stage_feed({"name": "hostile", "url": hostile_url, "lang": "en", "fulltext": False}, "probe-hostile", now=now)
    except FeedFetchFailed as failed:
        error = str(failed)
    after_fetch = peak_rss_bytes()
    loaded = load_run("probe-hostile")
    after = peak_rss_bytes()
    return {"in_use_before": in_use, "before": before, "after": after, "growth": after - before, "fetch_growth": after_fetch - before,
            "task_error": error, "loaded": loaded}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
