"""Make `docs/digests/`: the digest of every day the bundled sample feeds have news on, and of a quiet day,
as headless Chromium draws their HTML, plus an index (`docs/digests/README.md`) with each day's subject.

The sample feeds are served on a free port of 127.0.0.1 and loaded into a throw-away NEWSMON_HOME through
the ingest and extract DAGs' task bodies (never touching real state), so the pictures show what
`NEWSMON_FEEDS=config/feeds.sample.yaml make run` gives a new user.

    .venv/bin/python scripts/render_sample_digests.py [--out docs/digests] [--width 760]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "digests")
    parser.add_argument("--width", type=int, default=760)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="newsmon-sample-digests-") as work:
        os.environ["NEWSMON_HOME"] = str(Path(work) / "home")
        os.environ["NEWSMON_TZ"] = "Europe/Berlin"
        os.environ.pop("NEWSMON_WAREHOUSE", None)
        from tests.support.sample_warehouse import QUIET_DAY, build_sample_warehouse, sample_days
        from warehouse.digest.browser_preview import screenshot_whole_page
        from warehouse.digest.content import gather_from_read_copy
        from warehouse.digest.message import data_uri, render_digest, render_html

        build_sample_warehouse(Path(work))
        args.out.mkdir(parents=True, exist_ok=True)
        for old in args.out.glob("digest-*.png"):
            old.unlink()
        index = ["# The digest of every sample day",
                 "",
                 "Rendered by `scripts/render_sample_digests.py` from the bundled sample feeds (`config/sample_feeds/`)",
                 "as headless Chromium draws the HTML part; the plain-text part says the same. Each day's digest",
                 "goes out at 07:00 the next morning (`NEWSMON_TZ`, here Europe/Berlin).",
                 "",
                 "| day | subject | picture |",
                 "|---|---|---|"]
        for day in sample_days() + [QUIET_DAY]:
            rendered = render_digest(gather_from_read_copy(day))
            page = Path(work) / f"{day.isoformat()}.html"
            page.write_text(render_html(rendered.content, rendered.chart,
                                        image_src=data_uri(rendered.chart) if rendered.chart else None),
                            encoding="utf-8")
            name = f"digest-{day.isoformat()}.png"
            screenshot_whole_page(page, args.out / name, width=args.width)
            label = f"{day:%a} {day.isoformat()}" + (" (quiet day)" if day == QUIET_DAY else "")
            index.append(f"| {label} | {rendered.subject} | [{name}]({name}) |")
            print(f"wrote {args.out / name}: {rendered.subject}")
        (args.out / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
