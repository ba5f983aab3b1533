"""`LocalHttpServer` on another loopback address (e.g. 127.0.0.2).

The address guard blocks loopback, so a test that needs an "outside" server the guard lets through
(via `NEWSMON_FETCH_ALLOW=127.0.0.2/32`) while everything on 127.0.0.1 stays forbidden runs the outside
server here: a redirect from it into 127.0.0.1 is then exactly the hop the guard must stop.
"""
from __future__ import annotations

import threading

from tests.support.http_server import LocalHttpServer, _Handler, _QuietServer


class LoopbackAliasServer(LocalHttpServer):
    """The same scripted server, bound to `host` instead of 127.0.0.1 (Linux routes all of 127/8 to lo)."""

    def __init__(self, host: str = "127.0.0.2", root=None) -> None:
        super().__init__(root=root)
        self.host = host

    def start(self) -> "LoopbackAliasServer":
        owner = self

        class Handler(_Handler):
            server_owner = owner

        self._server = _QuietServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"LoopbackAliasServer-{self.host}", daemon=True)
        self._thread.start()
        return self
