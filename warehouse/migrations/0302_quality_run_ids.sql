-- Which Airflow run a quality-gate row belongs to, for people: `run_key` is the logical date for scheduled
-- runs but the run id for asset-triggered ones, so the Newsmon page showed a mix of both. `run_at` is the
-- run's logical date (its run-after time when it has none), `run_id` Airflow's run id; both NULL for rows
-- written before this migration and for gates run outside Airflow. `checked_at` is UTC from here on
-- (written by the gate, no longer defaulted from the session's time zone).
ALTER TABLE quality_runs ADD COLUMN run_id VARCHAR;
ALTER TABLE quality_runs ADD COLUMN run_at TIMESTAMP;
