"""Serve `config/sample_feeds/` on 127.0.0.1 so the pipeline shows data on a machine without internet.

`python -m extractors serve-samples [--port 8765] [--root DIR]`; `make run` with
`NEWSMON_FEEDS=config/feeds.sample.yaml` points the ingest DAG here. Files get an ETag and Last-Modified and
conditional requests get 304, so the sample server exercises the same path as a polite real server.
"""
from __future__ import annotations

import argparse
import email.utils
import hashlib
import mimetypes
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from extractors.settings import REPO_ROOT

DEFAULT_ROOT = REPO_ROOT / "config" / "sample_feeds"
DEFAULT_PORT = 8765
CONTENT_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
                 ".rdf": "application/rdf+xml", ".html": "text/html; charset=utf-8"}


class SampleFeedHandler(BaseHTTPRequestHandler):
    """GET/HEAD for files under `root` with ETag/Last-Modified and 304; nothing else."""

    server_version = "newsmon-samples/0.1"
    protocol_version = "HTTP/1.1"  # keep-alive: every response carries Content-Length

    def __init__(self, *args, root: Path, quiet: bool, **kwargs) -> None:
        self.root = root
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        if not self.quiet:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, *, send_body: bool) -> None:
        relative = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.root / relative).resolve()
        if not relative or not target.is_relative_to(self.root) or not target.is_file():
            self._plain(404, b"not found\n", send_body)
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        mtime = int(target.stat().st_mtime)
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        if self._not_modified(etag, mtime):
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            return
        content_type = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match.strip() == "*"
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError):
                return False
            return mtime <= since
        return False

    def _plain(self, status: int, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _SampleServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a client hanging up is not worth a traceback
        super().handle_error(request, client_address)


def make_server(port: int = DEFAULT_PORT, root: Path | None = None, *, quiet: bool = True) -> ThreadingHTTPServer:
    root = Path(root or DEFAULT_ROOT).resolve()
    server = _SampleServer(("127.0.0.1", port), partial(SampleFeedHandler, root=root, quiet=quiet))
    return server


def start_sample_server(port: int = 0, root: Path | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Serve in a background thread; returns (server, base URL). Stop with `server.shutdown()`."""
    server = make_server(port, root)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="sample-feed-server", daemon=True
    )
    thread.start()
    host, bound_port = server.server_address[:2]
    return server, f"http://{host}:{bound_port}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors serve-samples", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="folder of feed files to serve")
    args = parser.parse_args(argv)
    server = make_server(args.port, args.root, quiet=False)
    print(f"serving {args.root} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
