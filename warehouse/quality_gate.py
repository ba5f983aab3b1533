"""The data-quality gate: run the named checks of `queries/quality_checks.sql` and fail loudly.

Each check is a query returning the rows that violate it. `run_checks(stage)` runs the checks of a stage
against a connection (the read copy by default) and returns one result per check; `enforce(stage, run_key)`
is the task body: it runs them on the read copy, records the run in `quality_runs` (the baseline
for the "did not collapse" checks), and raises `QualityGateFailed` naming every failed check with a few of
its rows, which fails the task and, through the failure callback, sends the alert email.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from warehouse import ops_settings
from warehouse.connection import reader, writer
from warehouse.named_queries import query

log = logging.getLogger(__name__)

STAGES = ("ingest", "extract")
SAMPLE_ROWS = 5
_HEADER = re.compile(r"^--\s*(check|stages|protects):\s*(.*)$")
_PARAM = re.compile(r"\$([a-z_]+)")


class QualityGateFailed(RuntimeError):
    """At least one quality check found violating rows; the message names every one of them."""

    def __init__(self, stage: str, failed: list["CheckResult"]):
        self.stage = stage
        self.failed = failed
        lines = [f"quality gate '{stage}' failed {len(failed)} check(s): {', '.join(r.name for r in failed)}"]
        for result in failed:
            lines.append(result.describe())
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class QualityCheck:
    name: str
    stages: tuple[str, ...]
    protects: str
    sql: str

    @property
    def parameters(self) -> set[str]:
        return set(_PARAM.findall(self.sql))


@dataclass
class CheckResult:
    name: str
    protects: str
    violations: int
    sample: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.violations == 0 and self.error is None

    def describe(self) -> str:
        if self.error:
            return f"- {self.name}: the check itself failed: {self.error}"
        rows = "\n".join("    " + json.dumps(row, default=str, ensure_ascii=False) for row in self.sample)
        return f"- {self.name} ({self.protects}): {self.violations} violating row(s), e.g.\n{rows}"


@cache
def load_checks() -> tuple[QualityCheck, ...]:
    """Parse `quality_checks.sql` into named checks; a malformed file is a programming error, raised early."""
    checks: list[QualityCheck] = []
    current: dict[str, Any] | None = None

    def close() -> None:
        if current is not None:
            sql = "\n".join(current["lines"]).strip().rstrip(";").strip()
            if not sql or not current.get("stages") or not current.get("protects"):
                raise ValueError(f"quality check {current['name']} needs stages, protects and a query")
            checks.append(QualityCheck(current["name"], current["stages"], current["protects"], sql))

    for line in query("quality_checks").splitlines():
        header = _HEADER.match(line.strip())
        if header and header.group(1) == "check":
            close()
            current = {"name": header.group(2).strip(), "lines": []}
        elif current is None:
            continue
        elif header and header.group(1) == "stages":
            current["stages"] = tuple(s.strip() for s in header.group(2).split(",") if s.strip())
            unknown = set(current["stages"]) - set(STAGES)
            if unknown:
                raise ValueError(f"quality check {current['name']}: unknown stage(s) {sorted(unknown)}")
        elif header and header.group(1) == "protects":
            current["protects"] = header.group(2).strip()
        else:
            current["lines"].append(line)
    close()
    names = [c.name for c in checks]
    if len(names) != len(set(names)):
        raise ValueError(f"duplicate quality check names in quality_checks.sql: {names}")
    return tuple(checks)


def checks_for(stage: str) -> list[QualityCheck]:
    if stage not in STAGES:
        raise ValueError(f"unknown quality-gate stage {stage!r}; expected one of {STAGES}")
    return [c for c in load_checks() if stage in c.stages]


def run_check(con, check: QualityCheck, params: dict[str, Any]) -> CheckResult:
    try:
        cursor = con.execute(f"SELECT * FROM ({check.sql}) AS violations",
                             {k: v for k, v in params.items() if k in check.parameters})
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except Exception as exc:  # a check that cannot run must not pass silently
        return CheckResult(check.name, check.protects, 0, error=f"{type(exc).__name__}: {exc}")
    sample = [dict(zip(names, row)) for row in rows[:SAMPLE_ROWS]]
    return CheckResult(check.name, check.protects, len(rows), sample)


def run_checks(stage: str, con=None, *, run_key: str = "", path: Path | None = None) -> list[CheckResult]:
    """Run every check of `stage`; on the published read copy unless a connection is given."""
    params = {"run_key": run_key, "min_ratio": ops_settings.quality_min_ratio()}
    own = con is None
    con = reader(path) if own else con
    try:
        return [run_check(con, check, params) for check in checks_for(stage)]
    finally:
        if own:
            con.close()


def _table_counts(con) -> tuple[int, int, int]:
    return con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM facts), "
                       "(SELECT count(*) FROM mentions)").fetchone()


def _utc_naive(moment: datetime | None) -> datetime | None:
    """How the warehouse stores moments: naive UTC (a naive input is taken as UTC already)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class RunIdentity:
    """Which Airflow run a gate belongs to, for people reading `quality_runs` (the Newsmon page)."""

    run_id: str | None = None
    run_at: datetime | None = None   # the logical date, else the run-after time


def _record(con, stage: str, run_key: str, results: list[CheckResult], counts: tuple[int, int, int],
            run: RunIdentity) -> None:
    failed = [r.name for r in results if not r.passed]
    checked_at = _utc_naive(datetime.now(timezone.utc))
    con.execute("DELETE FROM quality_runs WHERE stage = ? AND run_key = ?", [stage, run_key])
    con.execute("INSERT INTO quality_runs (stage, run_key, checked_at, articles, facts, mentions, passed, "
                "failed_checks, run_id, run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [stage, run_key, checked_at, *counts, not failed, failed, run.run_id, _utc_naive(run.run_at)])


def enforce(stage: str, run_key: str, path: Path | None = None, *, run: RunIdentity | None = None) -> dict[str, Any]:
    """The `quality_gate` task body: check, record, and raise `QualityGateFailed` if anything failed.

    The checks read the published copy (the load before the gate published it; the warehouse pool keeps
    other writers out meanwhile), so a check that errors cannot abort the writer's transaction and the
    writer lock is held only for recording the run."""
    con = reader(path)
    try:
        results = run_checks(stage, con, run_key=run_key)
        counts = _table_counts(con)
    finally:
        con.close()
    with writer(path) as con:
        _record(con, stage, run_key, results, counts, run or RunIdentity())
    failed = [r for r in results if not r.passed]
    for result in results:
        log.info("quality check %-34s %s", result.name,
                 "ok" if result.passed else (f"FAILED: {result.error}" if result.error
                                             else f"FAILED: {result.violations} violating row(s)"))
    if failed:
        raise QualityGateFailed(stage, failed)
    return {"stage": stage, "checks": len(results), "failed": 0}
