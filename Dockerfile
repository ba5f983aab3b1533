# newsmon on the official Airflow image: the project and its locked dependencies, nothing resolved at start-up.
# Built by docker-compose.yaml (every airflow-* service runs this image with a different command).
FROM apache/airflow:3.3.2-python3.11

# The lock file pins every package (with hashes); --no-deps installs exactly those versions, so nothing is
# resolved again and the image's Airflow stays the one the lock names (3.3.2, like the FROM tag).
COPY --chown=airflow:root requirements.lock /opt/newsmon/requirements.lock
RUN pip install --no-cache-dir --no-deps --require-hashes -r /opt/newsmon/requirements.lock

# The project itself (packages extractors and warehouse), then the DAG and plugin folders Airflow reads.
COPY --chown=airflow:root pyproject.toml README.md /opt/newsmon/
COPY --chown=airflow:root extractors /opt/newsmon/extractors
COPY --chown=airflow:root warehouse /opt/newsmon/warehouse
RUN pip install --no-cache-dir --no-deps /opt/newsmon
COPY --chown=airflow:root dags /opt/newsmon/dags
COPY --chown=airflow:root plugins /opt/newsmon/plugins
COPY --chown=airflow:root config /opt/newsmon/config

ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/newsmon/dags \
    AIRFLOW__CORE__PLUGINS_FOLDER=/opt/newsmon/plugins \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    NEWSMON_HOME=/var/lib/newsmon

USER root
RUN mkdir -p /var/lib/newsmon/warehouse /var/lib/newsmon/staging && chown -R airflow:root /var/lib/newsmon
USER airflow
WORKDIR /opt/newsmon
