"""Security basics, each stated and pinned: where the API server listens, SQL only with parameters,
`python -m warehouse sql` unable to write, and the HTTP client's schemes.
(Secrets never logged: test_digest_faults.py; hostile text round-tripping: test_hostile_feeds.py.)"""
from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Every SQL string built by interpolation in product code, with why it is safe: all interpolate identifiers
# or SQL text from constants in the code base, never values. A new one fails this test until reviewed here.
REVIEWED_INTERPOLATIONS = {
    ("warehouse/deal_clustering.py", "table"): "a name from the TYPED_TABLES constant",
    ("warehouse/load_facts.py", "table"): "a name from a literal tuple in the same loop",
    ("warehouse/quality_gate.py", "check.sql"): "SQL text of warehouse/queries/quality_checks.sql (repository file)",
}
SQL_METHODS = {"execute", "executemany", "sql", "query", "read_sql"}


def interpolations(path: Path) -> list[tuple[int, str]]:
    """(line, expression) for every non-constant piece spliced into the SQL argument of an execute-like call."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_METHODS and node.args):
            continue
        sql = node.args[0]
        if isinstance(sql, ast.JoinedStr):
            found += [(node.lineno, ast.unparse(v.value)) for v in sql.values if isinstance(v, ast.FormattedValue)]
        elif isinstance(sql, ast.BinOp) and isinstance(sql.op, (ast.Mod, ast.Add)):
            found += [(node.lineno, ast.unparse(p)) for p in _leaves(sql) if not _is_constant_sql(p)]
        elif (isinstance(sql, ast.Call) and isinstance(sql.func, ast.Attribute) and sql.func.attr == "format"):
            found.append((node.lineno, ast.unparse(sql)))
    return found


def _leaves(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _leaves(node.left) + _leaves(node.right)
    return [node]


def _is_constant_sql(node: ast.AST) -> bool:
    """A string literal, or a named query file: `query("name")` (warehouse/queries/name.sql)."""
    if isinstance(node, ast.Constant):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "query"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant))


def test_sql_is_built_with_parameters_not_values():
    unreviewed = []
    seen = set()
    for folder in ("warehouse", "plugins", "dags", "extractors"):
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            for line, expression in interpolations(path):
                key = (relative, expression)
                seen.add(key)
                if key not in REVIEWED_INTERPOLATIONS:
                    unreviewed.append(f"{relative}:{line}: {expression}")
    assert unreviewed == [], "SQL built from interpolated values; use ? / $name parameters:\n" + "\n".join(unreviewed)
    assert seen, "the scan found no execute() calls at all: it is not looking where the SQL is"


def test_the_scan_catches_value_interpolation(tmp_path):
    """The detector itself: an f-string, % and .format with values are all found."""
    sample = tmp_path / "bad.py"
    sample.write_text("def f(con, title):\n"
                      "    con.execute(f\"SELECT * FROM articles WHERE title = '{title}'\")\n"
                      "    con.execute(\"SELECT %s\" % title)\n"
                      "    con.execute(\"SELECT {}\".format(title))\n"
                      "    con.execute(\"SELECT ?\", [title])\n"
                      "    con.execute(\"INSERT INTO t \" + query(\"named\") + \" WHERE x = \" + title)\n")
    assert interpolations(sample) == [(2, "title"), (3, "title"), (4, "'SELECT {}'.format(title)"), (6, "title")]


def test_api_server_binds_to_loopback_by_default(tmp_path, monkeypatch):
    from scripts.local_airflow import airflow_environment

    monkeypatch.setenv("AIRFLOW__API__HOST", "0.0.0.0")  # a stray setting in the caller's shell ...
    env = airflow_environment(tmp_path / "home", port=8793)
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1"  # ... does not open the UI to the network
    assert env["AIRFLOW__API__BASE_URL"] == "http://127.0.0.1:8793"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"].startswith("http://127.0.0.1:8793/")
    # Secrets for signing are generated per home, private to the user, and not the same across homes.
    secret = tmp_path / "home" / "airflow" / ".jwt_secret"
    assert secret.stat().st_mode & 0o077 == 0
    other = airflow_environment(tmp_path / "other", port=8793)
    assert other["AIRFLOW__API_AUTH__JWT_SECRET"] != env["AIRFLOW__API_AUTH__JWT_SECRET"]


def sql_cli(statement: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warehouse", "sql", statement], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=60, cwd=REPO)


@pytest.mark.parametrize("statement", [
    "ATTACH '{main}' AS w; DELETE FROM w.articles",
    "ATTACH '{main}' AS w (READ_WRITE)",
    "SET enable_external_access = true",
    "INSTALL httpfs",
    "CREATE TABLE sneaky AS SELECT 1",
    "UPDATE articles SET title = 'x'",
])
def test_sql_cli_cannot_write_or_reach_the_writable_file(newsmon_home, statement):
    """Beyond tests/warehouse/test_sql_cli.py: re-attaching the *writable* file, re-enabling external access."""
    from extractors import settings
    from warehouse.connection import read_copy_path, writer

    with writer() as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
                    "VALUES ('alpha', 'r1', 'http://x', TIMESTAMP '2026-11-26 10:00:00', 'new')")
    main, copy = settings.warehouse_path(), read_copy_path()
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (main, copy)}
    result = sql_cli(statement.format(main=main))
    assert result.returncode != 0 and result.stderr.startswith("error:"), (result.stdout, result.stderr)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (main, copy)} == digests


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1/",
                                 "data:text/xml,<rss/>", "javascript:alert(1)", "//127.0.0.1/feed.xml"])
def test_http_client_refuses_non_http_schemes(url):
    from extractors.feeds.http_fetch import FetchError, fetch

    with pytest.raises(FetchError) as refused:
        fetch(url)
    assert refused.value.kind == "scheme"
