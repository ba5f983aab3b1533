"""docker-compose.yaml: valid against the Compose specification's JSON schema, and consistent with the
project (one image, one DAG and plugin folder, real NEWSMON_* names, the one-writer warehouse worker)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO.parent / "shared" / "data" / "compose-spec" / "compose-spec.json"
COMPOSE = yaml.safe_load((REPO / "docker-compose.yaml").read_text())
SERVICES = COMPOSE["services"]
AIRFLOW = {name: svc for name, svc in SERVICES.items() if name.startswith("airflow-")}
SOURCES = [p for d in ("extractors", "warehouse", "plugins", "dags", "scripts") for p in (REPO / d).rglob("*.py")]


def env_of(service: dict) -> dict[str, str]:
    return {k: str(v) for k, v in service.get("environment", {}).items()}


def mounts_of(service: dict) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) for each volume, short or long syntax."""
    result = []
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            parts = volume.split(":")
            result.append((parts[0], parts[1], len(parts) > 2 and "ro" in parts[2].split(",")))
        else:
            result.append((volume["source"], volume["target"], bool(volume.get("read_only"))))
    return result


def test_compose_file_validates_against_the_compose_spec_schema():
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the Compose schema is missing: {SCHEMA}")
        pytest.skip(f"Compose schema not found at {SCHEMA}")
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)   # the schema declares draft-07
    errors = sorted(validator.iter_errors(COMPOSE), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_check_would_catch_a_broken_file():
    """The validation above is not vacuous: a typo'd key is rejected by the same schema."""
    if not SCHEMA.exists():
        pytest.skip(f"Compose schema not found at {SCHEMA}")
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    broken = {**COMPOSE, "services": {**SERVICES, "airflow-worker": {**SERVICES["airflow-worker"], "comand": "x"}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_every_required_service_is_there():
    assert {"postgres", "redis", "mailpit", "airflow-init", "airflow-apiserver", "airflow-scheduler",
            "airflow-dag-processor", "airflow-triggerer", "airflow-worker", "airflow-warehouse-worker"} <= set(SERVICES)


def test_every_airflow_service_runs_the_same_image_and_folders():
    images = {(svc.get("image"), json.dumps(svc.get("build"), sort_keys=True)) for svc in AIRFLOW.values()}
    assert len(images) == 1 and None not in next(iter(images))
    dockerfile = (REPO / "Dockerfile").read_text()
    for name, svc in AIRFLOW.items():
        env = env_of(svc)
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/newsmon/dags", name
        assert env["AIRFLOW__CORE__PLUGINS_FOLDER"] == "/opt/newsmon/plugins", name
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
    assert "COPY --chown=airflow:root dags /opt/newsmon/dags" in dockerfile
    assert "COPY --chown=airflow:root plugins /opt/newsmon/plugins" in dockerfile


def test_image_is_the_official_airflow_of_the_lock_with_the_project_from_the_lock():
    dockerfile = (REPO / "Dockerfile").read_text()
    pinned = re.search(r"apache-airflow==([\d.]+)", (REPO / "requirements.lock").read_text()).group(1)
    assert re.search(rf"^FROM apache/airflow:{re.escape(pinned)}-python3\.11$", dockerfile, re.M)
    assert re.search(r"pip install .*--no-deps.*-r /opt/newsmon/requirements\.lock", dockerfile)
    everything = dockerfile + (REPO / "docker-compose.yaml").read_text() + (REPO / ".env.example").read_text()
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in everything


def test_newsmon_variables_are_names_the_project_reads():
    source = "\n".join(p.read_text() for p in SOURCES)
    used = {k for svc in AIRFLOW.values() for k in env_of(svc) if k.startswith("NEWSMON_")}
    unknown = {name for name in used if f'"{name}"' not in source}
    assert not unknown, f"compose sets variables nothing reads: {unknown}"
    settings = (REPO / "extractors" / "settings.py").read_text()
    read_by_settings = set(re.findall(r'"(NEWSMON_[A-Z_]+)"', settings))
    for name, svc in AIRFLOW.items():
        assert read_by_settings <= set(env_of(svc)), f"{name} lacks {read_by_settings - set(env_of(svc))}"


def test_secrets_come_from_the_env_file_which_is_not_committed():
    example = (REPO / ".env.example").read_text()
    declared = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", example, re.M))
    required = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*):\?", (REPO / "docker-compose.yaml").read_text()))
    assert required and required <= declared, required - declared
    assert ".env" in (REPO / ".gitignore").read_text().split()


def test_warehouse_worker_is_the_one_writer():
    from newsmon_common import WAREHOUSE_QUEUE  # noqa: F401 - imported below through airflow's sys.path

    command = SERVICES["airflow-warehouse-worker"]["command"]
    assert command[:2] == ["celery", "worker"]
    assert command[command.index("--queues") + 1] == "warehouse" == WAREHOUSE_QUEUE
    assert command[command.index("--concurrency") + 1] == "1"
    assert "deploy" not in SERVICES["airflow-warehouse-worker"]          # never scaled
    worker = SERVICES["airflow-worker"]["command"]
    assert "warehouse" not in worker[worker.index("--queues") + 1].split(",")


def test_only_the_warehouse_worker_mounts_the_warehouse_read_write():
    writers = {name for name, svc in SERVICES.items()
               for source, _, read_only in mounts_of(svc) if source == "newsmon-warehouse" and not read_only}
    assert writers == {"airflow-warehouse-worker"}
    target = {t for s, t, _ in mounts_of(SERVICES["airflow-warehouse-worker"]) if s == "newsmon-warehouse"}
    assert target == {str(Path(env_of(SERVICES["airflow-warehouse-worker"])["NEWSMON_WAREHOUSE"]).parent)}


def test_default_workers_scale_and_share_staging():
    worker = SERVICES["airflow-worker"]
    assert "replicas" in worker.get("deploy", {}) and "container_name" not in worker
    staging = env_of(worker)["NEWSMON_STAGING"]
    for name in ("airflow-worker", "airflow-warehouse-worker"):
        assert any(t == staging and not ro for _, t, ro in mounts_of(SERVICES[name])), name


@pytest.fixture(autouse=True, scope="module")
def _plugins_on_path():
    import airflow.settings  # noqa: F401 - puts the plugins folder on sys.path
