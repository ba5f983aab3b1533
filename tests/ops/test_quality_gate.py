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
        "articles_have_unique_ids", "article_count_did_not_collapse"}


def test_clean_warehouse_passes_every_stage(newsmon_home):
    seed(FIXTURES / "clean.sql")
    for stage in ("ingest", "extract"):
        results = run_checks(stage, run_key="test-run")
        assert results and all(r.passed for r in results), [r.describe() for r in results if not r.passed]
    assert enforce("extract", "test-run") == {"stage": "extract", "checks": len(load_checks()), "failed": 0}


@pytest.mark.parametrize("fixture", VIOLATIONS, ids=[p.stem for p in VIOLATIONS])
def test_violation_fails_the_gate_with_the_checks_name(newsmon_home, fixture):
    seed(FIXTURES / "clean.sql", fixture)
    with pytest.raises(QualityGateFailed) as failure:
        enforce("extract", "test-run")
    assert [r.name for r in failure.value.failed] == [fixture.stem]
    message = str(failure.value)
    assert fixture.stem in message and "violating row" in message


def test_ingest_gate_ignores_extract_only_checks(newsmon_home):
    seed(FIXTURES / "clean.sql", FIXTURES / "amounts_are_positive_and_sane.sql")
    assert enforce("ingest", "test-run")["failed"] == 0


def test_gate_records_each_run_and_compares_only_with_passing_runs(newsmon_home):
    seed(FIXTURES / "clean.sql")
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


def test_a_check_that_cannot_run_fails_instead_of_passing(newsmon_home):
    seed(FIXTURES / "clean.sql")
    with writer() as con:
        con.execute("DROP TABLE deal_sources")
    with pytest.raises(QualityGateFailed) as failure:
        enforce("extract", "test-run")
    assert {"deals_point_to_facts", "deals_are_not_duplicated"} <= {r.name for r in failure.value.failed}
    assert "the check itself failed" in str(failure.value)
