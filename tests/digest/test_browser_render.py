"""The digest HTML drawn by headless Chromium is a real page, not a blank one. Skipped (with the reason)
when `chromium` is not on PATH, unless NEWSMON_REQUIRE_BROWSER=1 makes a missing browser a failure."""
from __future__ import annotations

import struct
import zlib

import pytest

from tests.digest.fixture_day import DAY
from tests.support.browser import chromium  # noqa: F401 - the fixture
from warehouse.digest.browser_preview import screenshot_html

pytestmark = pytest.mark.browser


def png_summary(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, decompressed image data) from the PNG's IHDR and IDAT chunks."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, width, height, idat = 8, 0, 0, b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return width, height, zlib.decompress(idat)


def test_digest_html_renders_to_a_non_trivial_png(fixture_warehouse, tmp_path, chromium):
    from warehouse.digest.content import gather_from_read_copy
    from warehouse.digest.message import data_uri, render_digest, render_html

    rendered = render_digest(gather_from_read_copy(DAY))
    page = tmp_path / "digest.html"
    page.write_text(render_html(rendered.content, rendered.chart, image_src=data_uri(rendered.chart)), encoding="utf-8")
    png = screenshot_html(page, tmp_path / "digest.png", width=900, height=1600, binary=chromium).read_bytes()

    width, height, pixels = png_summary(png)
    assert (width, height) == (900, 1600)
    assert len(png) > 50_000                        # a blank page of this size compresses to a few KB
    assert len(set(pixels)) > 100                   # many distinct byte values: text, chart, colours


def test_a_blank_page_fails_the_same_check(tmp_path, chromium):
    """The check above can fail: an empty page gives a tiny, nearly single-valued PNG."""
    page = tmp_path / "blank.html"
    page.write_text("<!DOCTYPE html><html><body style='background:#fff'></body></html>")
    png = screenshot_html(page, tmp_path / "blank.png", width=900, height=1600, binary=chromium).read_bytes()
    _, _, pixels = png_summary(png)
    assert len(png) < 50_000 and len(set(pixels)) < 100
