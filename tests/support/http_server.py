"""A real threaded HTTP server on 127.0.0.1 (random port) for tests: files plus scripted routes.

Tests talk to it over real sockets, so timeouts, slow drips, gzip, redirects and conditional GETs are
exercised for real. Every request is recorded (method, path, headers, time) so tests can assert "no request
was made" or "If-None-Match was sent".

    with LocalHttpServer(root=fixtures) as srv:
        srv.route("/flaky.xml", status=500, times=2)      # first two requests fail ...
        srv.route("/flaky.xml", body=feed_bytes)           # ... then this answer sticks
        srv.route("/slow.xml", drip=b"x" * 100, drip_interval=0.5)
        fetch(srv.url("/flaky.xml"))
        assert len(srv.requests_to("/flaky.xml")) == 3
"""
from __future__ import annotations

import email.utils
import gzip as gzip_module
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass
class Reply:
    """One scripted answer. `times=None` means it answers forever once reached."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    hang: bool = False  # never answer (until the server stops)
    drip: bytes | None = None  # send this body one byte per drip_interval
    drip_interval: float = 1.0
    drip_headers: bool = False  # send the status line and headers one byte per drip_interval too
    redirect: str | None = None  # Location (status defaults to 302)
    gzip: bool = False  # gzip-compress `body` and say Content-Encoding: gzip
    raw_gzip: bytes | None = None  # already-compressed body, sent with Content-Encoding: gzip
    close_delimited: bool = False  # no Content-Length: the body ends when the connection closes
    conditional: bool = True  # honour If-None-Match / If-Modified-Since against ETag / Last-Modified headers
    times: int | None = None


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # including the query string
    headers: dict[str, str]  # lower-case names
    time: float  # time.monotonic() when received


class LocalHttpServer:
    """Threaded HTTP server for tests; use as a context manager."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root).resolve() if root else None
        self.requests: list[RecordedRequest] = []
        self._routes: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> "LocalHttpServer":
        owner = self

        class Handler(_Handler):
            server_owner = owner

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # hanging handlers must not block shutdown
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="LocalHttpServer", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "LocalHttpServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- scripting -------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, reply: Reply | None = None, **kwargs: Any) -> "LocalHttpServer":
        """Append a scripted reply for `path` (exact path, without query); replies are used in order."""
        reply = reply or Reply(**kwargs)
        with self._lock:
            self._routes.setdefault(path, []).append(reply)
        return self

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if urlsplit(r.path).path == path]

    # -- internals used by the handler ------------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_reply(self, path: str) -> Reply | None:
        with self._lock:
            queue = self._routes.get(path)
            if not queue:
                return None
            reply = queue[0]
            if reply.times is not None:
                reply.times -= 1
                if reply.times <= 0:
                    queue.pop(0)
            return reply


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-request is what timeout and size-cap tests do: no traceback for that."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server_owner: LocalHttpServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        owner = self.server_owner
        owner._record(
            RecordedRequest("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        )
        path = unquote(urlsplit(self.path).path)
        reply = owner._next_reply(path)
        if reply is None:
            reply = self._file_reply(path)
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeouts, size caps): that is what many tests want

    def _file_reply(self, path: str) -> Reply:
        owner = self.server_owner
        if owner.root is not None:
            target = (owner.root / path.lstrip("/")).resolve()
            if target.is_relative_to(owner.root) and target.is_file():
                body = target.read_bytes()
                headers = {
                    "Content-Type": "application/xml",
                    "ETag": '"' + hashlib.sha1(body).hexdigest()[:16] + '"',
                    "Last-Modified": email.utils.formatdate(int(target.stat().st_mtime), usegmt=True),
                }
                return Reply(body=body, headers=headers)
        return Reply(status=404, body=b"not found\n", headers={"Content-Type": "text/plain"})

    def _send(self, reply: Reply) -> None:
        stopping = self.server_owner._stopping
        if reply.hang or reply.delay or reply.drip is not None or reply.drip_headers:
            self.close_connection = True  # the client may give up mid-way: never reuse this connection
        if reply.hang:
            stopping.wait(60)
            return
        if reply.delay:
            if stopping.wait(reply.delay):
                return
        if reply.conditional and self._is_not_modified(reply.headers):
            self.send_response(304)
            for name, value in reply.headers.items():
                if name.lower() in ("etag", "last-modified"):
                    self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = reply.status
        headers = dict(reply.headers)
        body = reply.body
        if reply.redirect is not None:
            status = reply.status if reply.status in (301, 302, 303, 307, 308) else 302
            headers["Location"] = reply.redirect
        if reply.gzip:
            body = gzip_module.compress(body)
            headers["Content-Encoding"] = "gzip"
        if reply.raw_gzip is not None:
            body = reply.raw_gzip
            headers["Content-Encoding"] = "gzip"
        if reply.drip is not None:
            body = reply.drip
        if reply.close_delimited:
            self.close_connection = True
            headers["Connection"] = "close"
        elif "content-length" not in {k.lower() for k in headers}:
            headers["Content-Length"] = str(len(body))
        if reply.drip_headers:
            head = f"HTTP/1.1 {status} Scripted\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
            for byte in head.encode("latin-1"):
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if stopping.wait(reply.drip_interval):
                    return
            self.wfile.write(body)
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.drip is not None:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                if stopping.wait(reply.drip_interval):
                    return
            return
        self.wfile.write(body)

    def _is_not_modified(self, headers: dict[str, str]) -> bool:
        lowered = {k.lower(): v for k, v in headers.items()}
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match and "etag" in lowered:
            return lowered["etag"] in [t.strip() for t in if_none_match.split(",")]
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since and "last-modified" in lowered:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since)
                modified = email.utils.parsedate_to_datetime(lowered["last-modified"])
            except (TypeError, ValueError):
                return False
            return modified <= since
        return False
