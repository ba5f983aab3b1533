"""`python -m warehouse digest --date YYYY-MM-DD --out FILE.eml [--html FILE.html]`: render a day's digest
from the read copy without sending or recording it. The HTML file embeds the chart as a `data:` URI so a
browser shows it without the email's Content-ID plumbing."""
from __future__ import annotations

import sys
from email import policy
from pathlib import Path


def render_to_files(date: str, out: str | None, html: str | None) -> int:
    from warehouse.digest.content import gather_from_read_copy
    from warehouse.digest.message import data_uri, render_digest, render_html
    from warehouse.digest.period import check_day_has_begun, parse_day

    try:
        day = check_day_has_begun(parse_day(date))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rendered = render_digest(gather_from_read_copy(day))
    raw = rendered.message.as_bytes(policy=policy.SMTP)
    if out:
        Path(out).write_bytes(raw)
        print(f"wrote {out} ({len(raw)} bytes)", file=sys.stderr)
    if html:
        chart = rendered.chart
        page = render_html(rendered.content, chart, image_src=data_uri(chart) if chart else None)
        Path(html).write_text(page, encoding="utf-8")
        print(f"wrote {html}", file=sys.stderr)
    if not out and not html:
        sys.stdout.buffer.write(raw)
    print(f"{rendered.subject} ({rendered.content.item_count} items, Message-ID {rendered.message_id})",
          file=sys.stderr)
    return 0
