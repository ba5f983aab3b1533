"""Debian's Chromium for tests of what a person sees, and a real HTTP server for an ASGI app.

`chromium` is a fixture: the browser's path, or a skip with the reason (a failure when
NEWSMON_REQUIRE_BROWSER=1, which `.ci/run` sets). `serve_asgi(app)` runs the app under uvicorn on a free
port of 127.0.0.1 for the duration of a `with` block and yields its base URL."""
from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from warehouse.digest.browser_preview import chromium_binary

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def chromium() -> str:
    binary = chromium_binary()
    if binary is None:
        if os.environ.get("NEWSMON_REQUIRE_BROWSER") == "1":
            pytest.fail("NEWSMON_REQUIRE_BROWSER=1 but chromium is not on PATH (apt-get install chromium)")
        pytest.skip("chromium is not on PATH (apt-get install chromium, or set NEWSMON_REQUIRE_BROWSER=1 to fail)")
    return binary


@contextlib.contextmanager
def serve_asgi(app, timeout: float = 30) -> Iterator[str]:
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=timeout)
