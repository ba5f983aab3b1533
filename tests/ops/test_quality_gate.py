"""The quality gate: one fixture per check (tests/ops/fixtures/quality/<check>.sql) breaks exactly that
check on top of a clean warehouse; the gate must fail naming it, and a clean warehouse must pass."""
from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.connection import reader, writer
from warehouse.quality_gate import QualityGateFailed, enforce, load_checks, run_checks

FIXTURES = Path(__file__).parent / "fixtures" / "quality"
VIOLATIONS = sorted(p for p in FIXTURES.glob("*.sql") if p.stem != "clean")


def seed(*files: Path) -> None:
    with writer() as con:
        for path in files:
            con.execute(path.read_text())


def test_every_check_has_a_violation_fixture_and_every_fixture_a_check():
    assert {c.name for c in load_checks()} == {p.stem for p in VIOLATIONS}


def test_checks_are_named_documented_and_staged():
    for check in load_checks():
        assert check.protects and check.stages, check.name
    assert {c.name for c in load_checks() if "ingest" in c.stages} == {
        "articles_have_unique_ids", "article_count_did_not_collapse", "ingest_run_reached_a_feed"}


def test_clean_warehouse_passes_every_stage(newsmon_home):
    seed(FIXTURES / "clean.sql")
    for stage in ("ingest", "extract"):
        results = run_checks(stage, run_key="test-run")
        assert results and all(r.passed for r in results), [r.describe() for r in results if not r.passed]
    extract_checks = len([c for c in load_checks() if "extract" in c.stages])
    assert enforce("extract", "test-run") == {"stage": "extract", "checks": extract_checks, "failed": 0}


def last_stage_of(check_name: str) -> str:
    """The gate that runs every check it can: `extract` for most, `ingest` for an ingest-only check."""
    (check,) = [c for c in load_checks() if c.name == check_name]
    return "extract" if "extract" in check.stages else "ingest"


def record_fetch(run_key: str, outcome: str = "new", feed: str = "ai-wire") -> None:
    with writer() as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
                    "VALUES (?, ?, 'https://wire.example/feed', TIMESTAMP '2026-11-21 09:00', ?)",
                    [feed, run_key, outcome])


@pytest.mark.parametrize("fixture", VIOLATIONS, ids=[p.stem for p in VIOLATIONS])
def test_violation_fails_the_gate_with_the_checks_name(newsmon_home, fixture):
    seed(FIXTURES / "clean.sql", fixture)
    with pytest.raises(QualityGateFailed) as failure:
        enforce(last_stage_of(fixture.stem), "test-run")
    assert [r.name for r in failure.value.failed] == [fixture.stem]
    message = str(failure.value)
    assert fixture.stem in message and "violating row" in message


def test_ingest_gate_ignores_extract_only_checks(newsmon_home):
    seed(FIXTURES / "clean.sql", FIXTURES / "amounts_are_positive_and_sane.sql")
    assert enforce("ingest", "test-run")["failed"] == 0


def test_gate_records_each_run_and_compares_only_with_passing_runs(newsmon_home):
    seed(FIXTURES / "clean.sql")
    for run_key in ("run-1", "run-2"):
        record_fetch(run_key)
    enforce("ingest", "run-1")
    # a later run after most articles vanished: fails, and is recorded as failed ...
    with writer() as con:
        con.execute("INSERT INTO quality_runs (stage, run_key, articles, facts, mentions, passed) "
                    "VALUES ('ingest', 'run-0', 50, 0, 0, true)")
    with pytest.raises(QualityGateFailed, match="article_count_did_not_collapse"):
        enforce("ingest", "run-2")
    con = reader()
    try:
        runs = dict(con.execute("SELECT run_key, passed FROM quality_runs").fetchall())
    finally:
        con.close()
    assert runs == {"run-0": True, "run-1": True, "run-2": False}
    # ... so re-running run-2 still compares with the last *passing* run and still fails
    with pytest.raises(QualityGateFailed):
        enforce("ingest", "run-2")


@pytest.mark.parametrize("fetches", [[], ["error"], ["error", "error"]], ids=["no-fetch", "one-error", "all-errors"])
def test_an_ingest_run_in_which_no_feed_answered_does_not_pass(newsmon_home, fetches):
    """Regression: a run whose feeds all failed (or whose feed list yielded no fetch at all) passed the gate
    with 0 articles and moved the Asset on."""
    seed(FIXTURES / "clean.sql")
    for number, outcome in enumerate(fetches):
        record_fetch("run-9", outcome, feed=f"feed-{number}")
    with pytest.raises(QualityGateFailed) as failure:
        enforce("ingest", "run-9")
    assert [r.name for r in failure.value.failed] == ["ingest_run_reached_a_feed"]
    assert f'"fetches_failed": {len(fetches)}' in str(failure.value)


@pytest.mark.parametrize("outcome", ["new", "not_modified", "gone", "deferred"])
def test_one_feed_that_answered_is_enough_for_the_ingest_gate(newsmon_home, outcome):
    seed(FIXTURES / "clean.sql")
    record_fetch("run-9", "error")
    record_fetch("run-9", outcome, feed="ki-ticker")
    assert enforce("ingest", "run-9")["failed"] == 0


def test_a_check_that_cannot_run_fails_instead_of_passing(newsmon_home):
    seed(FIXTURES / "clean.sql")
    with writer() as con:
        con.execute("DROP TABLE deal_sources")
    with pytest.raises(QualityGateFailed) as failure:
        enforce("extract", "test-run")
    assert {"deals_point_to_facts", "deals_are_not_duplicated"} <= {r.name for r in failure.value.failed}
    assert "the check itself failed" in str(failure.value)
