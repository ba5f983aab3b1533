-- Each host's state after this run's visit (registered as visited_hosts), replacing what was known.
INSERT OR REPLACE INTO page_hosts
SELECT origin, robots_status, robots_http_status, robots_txt, robots_fetched_at, robots_error, retry_after_until,
       throttled_runs, requests, pages_ok, last_visit_at, last_error, $run_key
FROM visited_hosts;
