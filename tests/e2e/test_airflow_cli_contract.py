"""The outside harness's path (contracts.md): `airflow dags test` of ingest, then extract, then digest, from
a clean NEWSMON_HOME, with nothing set but NEWSMON_* and the standard Airflow settings on an AIRFLOW_HOME
where only `airflow db migrate` has run (no pool created)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "dags" / "fixtures"
AIRFLOW = str(Path(sys.executable).parent / "airflow")
pytestmark = pytest.mark.e2e


def test_ingest_extract_digest_through_airflow_dags_test(tmp_path):
    airflow_home = tmp_path / "airflow"
    airflow_home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSMON"))}
    env.update({
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "NEWSMON_HOME": str(tmp_path / "home"),
    })
    subprocess.run([AIRFLOW, "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)
    with LocalHttpServer(root=FIXTURES) as srv:
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text("feeds:\n"
                         f"  - name: alpha-ai-news\n    url: {srv.url('/alpha-ai-news.xml')}\n    lang: en\n"
                         f"  - name: beta-ki-nachrichten\n    url: {srv.url('/beta-ki-nachrichten.xml')}\n")
        env["NEWSMON_FEEDS"] = str(feeds)
        for dag_id, day in (("newsmon_ingest", "2026-11-26"), ("newsmon_extract", "2026-11-26"),
                            ("newsmon_digest", "2026-11-27")):
            result = subprocess.run([AIRFLOW, "dags", "test", dag_id, day], env=env, capture_output=True,
                                    text=True, timeout=600, cwd=tmp_path)
            tail = (result.stdout + result.stderr)[-3000:]
            assert result.returncode == 0, tail
            assert "state=success" in result.stdout + result.stderr, tail

    def sql(query: str) -> list[dict]:
        out = subprocess.run([sys.executable, "-m", "warehouse", "sql", "--format", "json", query], env=env,
                             capture_output=True, text=True, timeout=60, cwd=REPO)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert sql("SELECT count(*) AS n FROM articles")[0]["n"] == 6
    assert sql("SELECT count(*) AS n FROM article_extractions")[0]["n"] == 6
    rounds = sql("SELECT investee, sources FROM funding_rounds WHERE investee = 'Mistral AI'")
    assert rounds == [{"investee": "Mistral AI", "sources": 2}]
    digest = sql("SELECT CAST(digest_date AS VARCHAR) AS day, status FROM digests")
    assert digest == [{"day": "2026-11-26", "status": "rendered"}]     # no recipients set: rendered, stored
