"""Credentials for a feed that needs them: kept in an Airflow connection the feed entry names.

    feeds:
      - name: partner-wire
        url: https://partner.example/feed.xml
        connection: partner_wire      # AIRFLOW_CONN_PARTNER_WIRE, a secrets backend, or the Airflow UI

The connection's `login`/`password` are sent as HTTP Basic auth; its extras may add request headers and
query parameters for token-style APIs:
`{"conn_type": "http", "login": "...", "password": "...", "extra": {"headers": {"X-Api-Key": "..."}, "params": {"token": "..."}}}`.

Why not in the URL: a feed URL is logged, stored in `feed_fetches`, staged, passed through XCom and shown on
the Newsmon page; the feed list refuses `user:password@` URLs for that reason. The values here exist only
in the fetching process: headers go to the feed's own origin (never to a redirect target on another host),
parameters are added to the request URL only, and every error text is scrubbed of them
(`url_redaction.redact_text`). Airflow-free: the lookup that reads the connection is passed in.
"""
from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode


class CredentialsError(ValueError):
    """The named connection is missing or its extras are not what a feed can use."""


@dataclass(frozen=True)
class FeedCredentials:
    username: str | None = None
    password: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_connection(cls, login: str | None, password: str | None, extra: Mapping[str, Any] | None,
                        conn_id: str = "") -> FeedCredentials:
        """From an Airflow connection's fields; extras other than `headers`/`params` are an error."""
        extra = dict(extra or {})
        unknown = sorted(set(extra) - {"headers", "params"})
        if unknown:
            raise CredentialsError(f"connection `{conn_id}`: unknown extra(s) {', '.join(unknown)} "
                                   "(a feed connection uses login, password and the extras headers, params)")
        parts = {}
        for name in ("headers", "params"):
            value = extra.get(name) or {}
            if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                         for k, v in value.items()):
                raise CredentialsError(f"connection `{conn_id}`: extra `{name}` must map names to strings")
            parts[name] = dict(value)
        return cls(username=login or None, password=password or None, **parts)

    def request_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.username is not None or self.password is not None:
            pair = f"{self.username or ''}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return headers

    def request_url(self, url: str) -> str:
        if not self.params:
            return url
        base, hash_sign, fragment = url.partition("#")
        joiner = "&" if "?" in base else "?"
        return base + joiner + urlencode(dict(self.params)) + hash_sign + fragment

    def secrets(self) -> list[str]:
        """Every value that must never be shown (for `redact_text`)."""
        values = [self.password, *self.headers.values(), *self.params.values()]
        auth = self.request_headers().get("Authorization")
        return [v for v in (*values, auth, auth.split(" ", 1)[1] if auth else None) if v]
