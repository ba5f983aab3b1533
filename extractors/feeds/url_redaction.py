"""Secrets out of every URL newsmon shows: log lines, error texts, tables, staging files, XCom, pages.

A feed URL may carry a secret in its query string (`?token=...`, `&api_key=...`): the fetch needs it, nothing
else does. `redact_url` keeps the URL readable (host, path, harmless parameters) and replaces the value of
every parameter whose name looks secret-bearing with `***`, and any `user:password@` part (the feed list
refuses those; a redirect target may still carry one). Names are matched by the parts in
`SECRET_KEY_PARTS`, case-insensitively, so `token`, `access_token`, `X-Api-Key`, `sig`, `password` are all
caught; over-redacting a harmless `keyword=` is the price of not leaking a `mykey=`.

`redact_text` applies this to every http(s) URL inside a free text (an error message) and also replaces
known secret values (a connection's password, header or parameter values) wherever they appear.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote

REDACTED = "***"
#: A query parameter whose lower-cased name contains one of these is a secret.
SECRET_KEY_PARTS = ("token", "secret", "pass", "pwd", "key", "auth", "sig", "session", "credential", "jwt",
                    "code", "bearer")
#: Secret values shorter than this are not searched for in texts (they would match ordinary words).
MIN_SECRET_CHARS = 4

_URL_IN_TEXT = re.compile(r"https?://[^\s'\"<>`]+", re.IGNORECASE)
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)[^/?#@]*@", re.IGNORECASE)


def is_secret_key(name: str) -> bool:
    key = unquote(name).lower()
    return any(part in key for part in SECRET_KEY_PARTS)


def _redact_query(query: str) -> str:
    pieces = []
    for piece in query.split("&"):
        name, sep, _ = piece.partition("=")
        pieces.append(f"{name}={REDACTED}" if sep and is_secret_key(name) else piece)
    return "&".join(pieces)


def redact_url(url: str) -> str:
    """`url` with userinfo and secret-bearing query values replaced by `***`; other text is kept as is."""
    if not isinstance(url, str):
        return url
    redacted = _USERINFO.sub(lambda m: m.group(1) + REDACTED + "@", url)
    head, hash_sign, fragment = redacted.partition("#")
    base, question, query = head.partition("?")
    if question:
        head = base + "?" + _redact_query(query)
    return head + hash_sign + fragment


def has_secret(url: str) -> bool:
    """Whether `redact_url` would change `url` (it carries userinfo or a secret-bearing parameter)."""
    return redact_url(url) != url


def redact_text(text: str | None, secrets: Iterable[str | None] = ()) -> str | None:
    """Every http(s) URL in `text` redacted, and every known secret value (>= 4 characters) replaced."""
    if not text:
        return text
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group()), text)
    forms = {form for s in secrets if s and len(s) >= MIN_SECRET_CHARS for form in (s, quote(s, safe=""), quote_plus(s))}
    for secret in sorted(forms, key=len, reverse=True):   # as given, and as it appears inside a URL
        text = text.replace(secret, REDACTED)
    return text
