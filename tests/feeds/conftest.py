"""Shared pieces for the feed tests: a local HTTP server over the fixtures and a fixed fetch time."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from extractors.feeds.http_fetch import Clock, FetchPolicy
from tests.support.http_server import LocalHttpServer

FIXTURES = Path(__file__).parent / "fixtures"
FETCH_TIME = datetime(2026, 11, 27, 12, 0, 0, tzinfo=timezone.utc)


class RecordingClock(Clock):
    """Real monotonic time (deadlines stay real), recorded instead of real sleeps."""

    def __init__(self, now: datetime = FETCH_TIME) -> None:
        super().__init__(now=lambda: now)
        self.sleeps: list[float] = []
        self.sleep = self.sleeps.append  # type: ignore[method-assign]


@pytest.fixture
def server():
    with LocalHttpServer(root=FIXTURES) as srv:
        yield srv


@pytest.fixture
def clock() -> RecordingClock:
    return RecordingClock()


@pytest.fixture
def fast_policy() -> FetchPolicy:
    """Short limits so error cases finish quickly."""
    return FetchPolicy(connect_timeout=2, read_timeout=2, deadline=3, max_bytes=200_000, retries=2, retry_after_cap=30)
