"""docs/sql.md is code: every ```sql block runs against a fixture warehouse (loaded through the real load path,
read through the read-only copy like `python -m warehouse sql`) and returns rows; several answers are checked;
every table, view and column the landscape migrations create is documented."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.landscape_fixture import build_landscape
from warehouse.connection import reader
from warehouse.migrate import migration_files

DOC = Path(__file__).resolve().parents[2] / "docs" / "sql.md"
SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)


def doc_queries() -> list[str]:
    return SQL_BLOCK.findall(DOC.read_text(encoding="utf-8"))


def question_of(sql: str) -> str:
    """The paragraph before a block: its question, used as the test id."""
    text = DOC.read_text(encoding="utf-8")
    before = text[: text.index(sql)].rstrip().rsplit("\n\n", 1)[-1]
    return before.strip().splitlines()[-1][:60]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sqldocs")
    path = root / "w.duckdb"
    build_landscape(root / "staging", path)
    return path


def answer(warehouse: Path, sql: str) -> list[tuple]:
    con = reader(warehouse)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_doc_asks_at_least_twelve_questions():
    assert len(doc_queries()) >= 12


@pytest.mark.parametrize("sql", doc_queries(), ids=question_of)
def test_every_documented_query_returns_rows(warehouse, sql):
    assert answer(warehouse, sql), "query returned no rows on the fixture warehouse"


def query_for(question: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(question)
    return SQL_BLOCK.search(text, start).group(1)


def test_who_raised_the_most_this_month(warehouse):
    rows = answer(warehouse, query_for("Who raised the most this month?"))
    assert [r[0] for r in rows] == ["Mistral AI", "Quantloop"]       # OpenAI is only in talks
    assert rows[0][1] == pytest.approx(1.7e9 * 1.1747)


def test_anthropic_valuation_this_year(warehouse):
    rows = answer(warehouse, query_for("How did Anthropic's valuation move this year?"))
    assert rows == [(date(2026, 3, 3), 61.5e9, None, None), (date(2026, 9, 2), 183e9, 61.5e9, 197.6)]


def test_who_backs_mistral(warehouse):
    rows = answer(warehouse, query_for("Who backs Mistral AI?"))
    assert sorted(r[0] for r in rows) == ["ASML", "Nvidia"]


def test_suddenly_in_the_news(warehouse):
    rows = answer(warehouse, query_for("Which companies are suddenly in the news?"))
    names = [r[0] for r in rows]
    assert "Quantloop" in names and "Mistral AI" in names
    assert "Anthropic" not in names                                  # steady, only two mentions


def test_outlets_of_the_mistral_round(warehouse):
    rows = answer(warehouse, query_for("Which outlets reported the Mistral AI round"))
    assert sorted(r[0] for r in rows) == ["alpha", "beta", "delta", "epsilon", "gamma"]
    assert {r[1] for r in rows} == {"en", "de"}


def test_conflicting_reports(warehouse):
    rows = answer(warehouse, query_for("Which deals do the reports disagree about?"))
    assert [(r[0], r[2]) for r in rows] == [("Mistral AI", 5)]
    assert "€11.7B" in rows[0][3] and "€14B" in rows[0][3]


def test_changes_this_week_include_every_kind_of_event(warehouse):
    rows = answer(warehouse, query_for("What changed in the landscape this week?"))
    kinds = {r[1] for r in rows}
    assert {"funding_round", "acquisition", "stock_move", "model_release", "new_entrant", "mover"} <= kinds
    assert all(date(2026, 11, 20) <= r[0] <= date(2026, 11, 26) for r in rows)


def test_valuation_periods_are_events_of_their_own(warehouse):
    rows = answer(warehouse, query_for("How did Mistral AI's valuation move"))
    assert [(r[0], r[1], r[2], r[6]) for r in rows] == [
        (date(2024, 6, 1), "im Juni 2024", 6e9, False), (date(2026, 11, 24), None, 11.7e9, True)]
    june_2024_usd = answer(warehouse, "SELECT amount_usd FROM valuations WHERE as_of = DATE '2024-06-01'")[0][0]
    assert rows[1][4] == june_2024_usd and rows[1][5] > 90                          # previous: the June 2024 value


def test_undated_events_have_no_date(warehouse):
    rows = answer(warehouse, query_for("Which events does only an undated feed item report"))
    assert [(r[0], r[1], r[3]) for r in rows] == [("funding_round", "Gearloop Robotics", 1)]


def test_an_undated_item_moves_no_window_and_no_date(warehouse, tmp_path):
    """The same landscape without the undated item answers the same for everybody else."""
    from tests.warehouse.landscape_fixture import AS_OF, landscape_articles

    without = tmp_path / "without.duckdb"
    build_landscape(tmp_path / "staging", without, [a for a in landscape_articles() if not a["undated"]])
    assert answer(warehouse, "SELECT as_of FROM landscape_as_of") == [(AS_OF,)]
    others = "SELECT * FROM {} WHERE {} NOT IN ('gearloop-robotics') ORDER BY ALL"
    for view, key in (("company_landscape", "company_id"), ("landscape_changes", "coalesce(company_id, '')"),
                      ("funding_rounds", "investee_id"), ("valuations", "company_id")):
        assert answer(warehouse, others.format(view, key)) == answer(without, others.format(view, key)), view


def documented_columns() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### `(\w+)`", line)
        if heading:
            current = sections.setdefault(heading.group(1), set())
        elif current is not None and (item := re.match(r"- `(\w+)` — \S", line)):
            current.add(item.group(1))
        elif line.startswith("## "):
            current = None
    return sections


def test_every_landscape_table_view_and_column_is_documented():
    con = duckdb.connect()
    for version, _, sql in migration_files():
        if version < 200:                       # core and landscape; digest/ops tables belong to their owners
            con.execute(sql)
    actual: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
        actual.setdefault(table, set()).add(column)
    documented = documented_columns()
    missing = {t: sorted(cols - documented.get(t, set())) for t, cols in actual.items() if cols - documented.get(t, set())}
    assert missing == {}
