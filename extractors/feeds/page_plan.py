"""Which article pages a run fetches, and which task fetches them: the plan, as pure functions.

Candidates come in priority order: pages owed from earlier runs first (they have waited), then the run's new
articles. Each article is asked for once (the same story in two feeds is one page), each feed gets at most
`pages_per_feed` pages per run (the rest stay `pending` for the next run), and the pages are grouped by host:
one host's pages all go to one batch, so one thread of one task talks to each host, and
"one request at a time per host" holds across tasks and workers without any lock. Batches are balanced by
page count (largest host first onto the lightest batch).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from extractors.feeds.page_fetching import PageJob

MAX_BATCHES = 4  # page-fetching tasks per run; each runs its hosts side by side


@dataclass
class PagePlan:
    """Batches of (origin, jobs) (origin None: links that are no http(s) URL) and the jobs over budget."""

    batches: list[list[tuple[str | None, list[PageJob]]]] = field(default_factory=list)
    over_budget: list[PageJob] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(len(jobs) for batch in self.batches for _, jobs in batch)


def plan_pages(candidates: Iterable[PageJob], *, pages_per_feed: int, max_batches: int = MAX_BATCHES) -> PagePlan:
    """The run's page plan (module docstring)."""
    plan = PagePlan()
    seen: set[str] = set()
    per_feed: Counter[str] = Counter()
    by_origin: dict[str | None, list[PageJob]] = {}
    for job in candidates:
        if job.article_id in seen:
            continue
        seen.add(job.article_id)
        if per_feed[job.feed] >= pages_per_feed:
            plan.over_budget.append(job)
            continue
        per_feed[job.feed] += 1
        by_origin.setdefault(job.origin, []).append(job)
    if not by_origin:
        return plan
    plan.batches = [[] for _ in range(min(max_batches, len(by_origin)))]
    loads = [0] * len(plan.batches)
    for origin, jobs in sorted(by_origin.items(), key=lambda item: (-len(item[1]), item[0] or "")):
        lightest = loads.index(min(loads))
        plan.batches[lightest].append((origin, jobs))
        loads[lightest] += len(jobs)
    return plan
