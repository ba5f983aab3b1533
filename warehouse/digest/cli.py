"""`python -m warehouse digest --date YYYY-MM-DD --out FILE.eml [--html FILE.html]`: render a day's digest
from the read copy without sending or recording it. The HTML file embeds the chart as a `data:` URI so a
browser shows it without the email's Content-ID plumbing.

Output paths are checked before anything is rendered: a folder that does not exist (or a path that is a
folder) is a one-line error naming it, exit status 2, and nothing is written."""
from __future__ import annotations

import sys
from email import policy
from pathlib import Path


def output_path_problem(path: str) -> str | None:
    """Why `path` cannot be written as an output file, or None. Checked up front, so a bad `--html` does not
    leave a written `--out` behind."""
    target = Path(path)
    folder = target.parent
    if not folder.exists():
        return f"cannot write {target}: the folder {folder} does not exist (create it first)"
    if not folder.is_dir():
        return f"cannot write {target}: {folder} is not a folder"
    if target.is_dir():
        return f"cannot write {target}: it is a folder, give a file name"
    return None


def _write(path: str, data: bytes) -> str | None:
    """Write the file; an OS error (permissions, a full disk) comes back as one line."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return None


def render_to_files(date: str, out: str | None, html: str | None) -> int:
    from warehouse.connection import WarehouseNotFound
    from warehouse.digest.content import gather_from_read_copy
    from warehouse.digest.message import data_uri, render_digest, render_html
    from warehouse.digest.period import check_day_has_begun, parse_day

    try:
        day = check_day_has_begun(parse_day(date))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in (out, html):
        problem = path and output_path_problem(path)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    try:
        content = gather_from_read_copy(day)
    except WarehouseNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rendered = render_digest(content)
    raw = rendered.message.as_bytes(policy=policy.SMTP)
    if out:
        if problem := _write(out, raw):
            print(f"error: {problem}", file=sys.stderr)
            return 1
        print(f"wrote {out} ({len(raw)} bytes)", file=sys.stderr)
    if html:
        chart = rendered.chart
        page = render_html(rendered.content, chart, image_src=data_uri(chart) if chart else None)
        if problem := _write(html, page.encode("utf-8")):
            print(f"error: {problem}", file=sys.stderr)
            return 1
        print(f"wrote {html}", file=sys.stderr)
    if not out and not html:
        sys.stdout.buffer.write(raw)
    print(f"{rendered.subject} ({rendered.content.item_count} items, Message-ID {rendered.message_id})",
          file=sys.stderr)
    return 0
