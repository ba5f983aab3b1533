"""The daily digest email: what moved in the AI landscape on one calendar day, with its sources.

Pipeline: `period` (which day a run covers) -> `content` (the day's sections from the read copy) ->
`chart` + `message` (a multipart email) -> `send` (SMTP through Airflow's provider) -> `store` (the
`digests` table, which makes sending idempotent). `steps` holds the DAG's Airflow-free task bodies and
`cli` the `python -m warehouse digest` command.
"""
