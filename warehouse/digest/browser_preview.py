"""Render the digest HTML in headless Chromium to a PNG: how the docs screenshot is made and how a test
checks that the HTML really draws something. Chromium runs with a fresh profile, no network features,
and only ever loads a local `file://` page."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def chromium_binary() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def screenshot_html(html_file: Path, png_file: Path, *, width: int = 900, height: int = 1600,
                    binary: str | None = None, timeout: float = 90) -> Path:
    """Screenshot `html_file` at `width`x`height` into `png_file`; raises with Chromium's output on failure."""
    binary = binary or chromium_binary()
    if not binary:
        raise FileNotFoundError("chromium is not on PATH (Debian: apt-get install chromium)")
    png_file = png_file.resolve()
    png_file.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsmon-chromium-") as profile:
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={png_file}",
                   f"--window-size={width},{height}", html_file.resolve().as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not png_file.exists():
        raise RuntimeError(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}")
    return png_file


def screenshot_whole_page(html_file: Path, png_file: Path, *, width: int = 760, max_height: int = 4000,
                          binary: str | None = None) -> Path:
    """The page at `width`, as tall as its content: drawn `max_height` tall, then the rows of plain
    background below the content cut off, stored with a 128-colour palette (a fraction of the size; text
    stays sharp) -- the docs/digests screenshots."""
    from PIL import Image

    screenshot_html(html_file, png_file, width=width, height=max_height, binary=binary)
    with Image.open(png_file) as drawn:
        image = drawn.convert("RGB")
    background = image.getpixel((image.width - 1, image.height - 1))
    bottom = image.height
    while bottom > 1 and all(image.getpixel((x, bottom - 1)) == background for x in range(0, image.width, 4)):
        bottom -= 1
    image.crop((0, 0, image.width, min(image.height, bottom + 16))).quantize(colors=128).save(png_file, optimize=True)
    return png_file
