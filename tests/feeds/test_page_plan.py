"""The page plan: each story once, the per-feed budget, owed pages first, one host in one batch only."""
from __future__ import annotations

from extractors.feeds.page_fetching import PageJob
from extractors.feeds.page_plan import plan_pages


def job(article_id: str, feed: str, host: str) -> PageJob:
    return PageJob(article_id, feed, f"https://{host}/{article_id}", article_id)


def test_each_story_once_and_at_most_the_budget_per_feed_in_priority_order():
    owed = [job("old1", "a", "one.example"), job("old2", "a", "one.example")]
    fresh = [job(f"new{i}", "a", "one.example") for i in range(4)] + [job("old1", "b", "one.example")]
    plan = plan_pages(owed + fresh, pages_per_feed=3)
    [[(origin, jobs)]] = plan.batches
    assert origin == "https://one.example"
    assert [j.article_id for j in jobs] == ["old1", "old2", "new0"]        # owed first, then the run's new ones
    assert [j.article_id for j in plan.over_budget] == ["new1", "new2", "new3"]
    assert plan.pages == 3                                                  # feed b's copy of old1 is the same story


def test_a_host_lives_in_exactly_one_batch_and_batches_are_balanced():
    candidates = [job(f"{host}-{i}", f"feed-{host}-{i % 2}", f"{host}.example")
                  for host, count in (("big", 8), ("mid", 5), ("small", 2), ("tiny", 1), ("wee", 1)) for i in range(count)]
    plan = plan_pages(candidates, pages_per_feed=10, max_batches=2)
    origins = [origin for batch in plan.batches for origin, _ in batch]
    assert sorted(origins) == sorted(set(origins)) and len(origins) == 5
    loads = sorted(sum(len(jobs) for _, jobs in batch) for batch in plan.batches)
    assert loads == [8, 9]


def test_links_that_are_no_http_url_form_their_own_group():
    plan = plan_pages([PageJob("x", "a", "javascript:alert(1)"), PageJob("y", "a", None)], pages_per_feed=5)
    assert [(origin, [j.article_id for j in jobs]) for origin, jobs in plan.batches[0]] == [(None, ["x", "y"])]


def test_nothing_due_is_no_batch():
    assert plan_pages([], pages_per_feed=5).batches == []
