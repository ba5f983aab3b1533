"""Make `docs/digest-example.png`: the digest of the test fixture day (26 Nov 2026), as headless Chromium
draws its HTML. Builds the fixture warehouse in a throw-away NEWSMON_HOME, so it never touches real state.

    .venv/bin/python scripts/render_digest_screenshot.py [--out docs/digest-example.png] [--height 2150]
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
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "digest-example.png")
    parser.add_argument("--width", type=int, default=900)
    parser.add_argument("--height", type=int, default=2150, help="tall enough for the whole fixture day")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="newsmon-digest-example-") as home:
        os.environ["NEWSMON_HOME"] = home
        os.environ.pop("NEWSMON_WAREHOUSE", None)
        from tests.digest.fixture_day import DAY, build_fixture_warehouse
        from warehouse.digest.browser_preview import screenshot_html
        from warehouse.digest.content import gather_from_read_copy
        from warehouse.digest.message import data_uri, render_digest, render_html

        build_fixture_warehouse()
        rendered = render_digest(gather_from_read_copy(DAY))
        page = Path(home) / "digest.html"
        page.write_text(render_html(rendered.content, rendered.chart, image_src=data_uri(rendered.chart)),
                        encoding="utf-8")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screenshot_html(page, args.out, width=args.width, height=args.height)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): {rendered.subject}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
