"""Airflow-free DuckDB warehouse: migrations, loaders, named queries, the `python -m warehouse` CLI."""
