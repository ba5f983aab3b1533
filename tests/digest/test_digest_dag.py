"""`dag.test()` of newsmon_digest against a real SMTP server on 127.0.0.1: what arrives, and when nothing
must arrive (re-runs, quiet days in skip mode, no recipients), and what an SMTP outage leaves behind."""
from __future__ import annotations

from html.parser import HTMLParser

import duckdb

from tests.digest.conftest import RUN_FOR_FIXTURE_DAY, RUN_FOR_QUIET_DAY, SENDER, free_port, smtp_connection_json
from tests.digest.fixture_day import ARTICLES, SCRIPT_TITLE

RECIPIENTS = ["alice@example.org", "bob@example.org"]


def digest_rows():
    from extractors import settings

    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        return con.execute("SELECT digest_date::VARCHAR, status, recipients, message_id, sent_at IS NOT NULL, "
                           "send_attempts, error FROM digests ORDER BY digest_date").fetchall()
    finally:
        con.close()


def task_states(run) -> dict[str, str]:
    return {ti.task_id: ti.state for ti in run.get_task_instances()}


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[dict] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs.get("href"))
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "script":
            self.scripts += 1


def test_fixture_day_arrives_complete_and_escaped(airflow_db, fixture_warehouse, smtp_mailbox, monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", ",".join(RECIPIENTS))
    run = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert task_states(run) == {"render_digest": "success", "send_digest": "success"}

    assert len(smtp_mailbox.received) == 1
    mail = smtp_mailbox.received[0]
    assert mail.mail_from == SENDER and sorted(mail.rcpt_tos) == RECIPIENTS
    message = mail.parsed()

    # headers
    assert message["Subject"] == "AI landscape, 26 Nov: xAI raises $6B at $40B; 5 deals"
    assert message["Message-ID"] == "<digest-2026-11-26@newsmon.local>"
    assert message["From"] == SENDER
    assert [a.strip() for a in message["To"].split(",")] == RECIPIENTS
    assert message["Date"].datetime is not None

    # structure: alternative(text, related(html, png))
    assert message.get_content_type() == "multipart/alternative"
    plain, related = message.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, image = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"
    png = image.get_content()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    content_id = image["Content-ID"].strip("<>")
    html = html_part.get_content()
    links = LinkCollector()
    links.feed(html)
    assert [img["src"] for img in links.images] == [f"cid:{content_id}"]
    assert "funding by company" in links.images[0]["alt"] and "xAI $6B" in links.images[0]["alt"]

    # every section with its items, in order
    text = plain.get_content()
    headlines = ["xAI raises $6B at $40B", "Mistral AI raises €1.7B at €11.7B",
                 "Black Forest Labs in talks to raise $300M", "OpenAI: $300B → $500B", "xAI: $24B → $40B",
                 "Cohere acquires Lumen Parse for $120M", "Microsoft invests €600M (≈ $650M) in Aleph Alpha",
                 "Nvidia shares down 4.2%", "Mistral AI releases Mistral Large 3",
                 "Aleph Alpha: 9 mentions in 5 articles", "Quantaloop Labs"]
    positions = [text.index(h) for h in headlines]
    assert positions == sorted(positions)
    for title in ("Biggest funding rounds", "Valuation changes", "Investments and acquisitions", "Stock moves",
                  "Model releases", "Unusual attention", "New entrants"):
        assert title in html and title.upper() in text
    for headline in headlines:
        assert headline in html
    assert "Series C: €1.7B (≈ $1.9B)" in text
    assert "Investors: Andreessen Horowitz (lead), Sequoia Capital, Nvidia" in text

    # every linkable source is linked in the HTML and listed in the text; German titles kept as written
    for article_id, feed, lang, title, url, published in ARTICLES:
        if article_id == "a00":
            continue                                   # three days earlier: only in the chart
        if url.startswith("https://"):
            assert url.replace("&", "&amp;") in html
            assert url in links.hrefs
            assert url in text
    assert "xAI sammelt sechs Milliarden Dollar ein – Bewertung steigt auf 40 Milliarden" in html
    assert "Aleph Alpha: Microsoft steigt mit 600 Millionen Euro ein" in text
    assert not any(h and h.startswith("javascript:") for h in links.hrefs)

    # feed-supplied markup arrives escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower() and links.scripts == 0
    assert SCRIPT_TITLE in text                          # the text part shows it as written

    assert digest_rows() == [("2026-11-26", "sent", ", ".join(RECIPIENTS), "<digest-2026-11-26@newsmon.local>",
                              True, 1, None)]


def test_rerun_sends_nothing_new_and_force_resend_sends_again(airflow_db, fixture_warehouse, smtp_mailbox,
                                                             monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", RECIPIENTS[0])
    digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert len(smtp_mailbox.received) == 1

    run = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert task_states(run)["send_digest"] == "success"
    assert len(smtp_mailbox.received) == 1                 # nothing new
    assert digest_rows()[0][1] == "sent" and digest_rows()[0][5] == 1

    digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY, run_conf={"force_resend": True})
    assert len(smtp_mailbox.received) == 2
    again = smtp_mailbox.received[1].parsed()
    assert again["Message-ID"] == "<digest-2026-11-26@newsmon.local>"   # recognisably the same digest
    assert digest_rows()[0][1] == "sent" and digest_rows()[0][5] == 2


def test_variable_overrides_environment_recipients(airflow_db, fixture_warehouse, smtp_mailbox, monkeypatch,
                                                   digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", "env@example.org")
    monkeypatch.setenv("AIRFLOW_VAR_NEWSMON_DIGEST_TO", "variable@example.org, second@example.org")
    digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert [m.rcpt_tos for m in smtp_mailbox.received] == [["variable@example.org", "second@example.org"]]


def test_smtp_down_fails_the_task_after_retries_and_records_failed(airflow_db, fixture_warehouse, monkeypatch,
                                                                  digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", RECIPIENTS[0])
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", smtp_connection_json(free_port()))   # nobody listens
    run = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    states = task_states(run)
    assert states == {"render_digest": "success", "send_digest": "failed"}
    send = next(ti for ti in run.get_task_instances() if ti.task_id == "send_digest")
    assert send.try_number == 3                            # 1 try + 2 retries
    [(day, status, recipients, message_id, sent, attempts, error)] = digest_rows()
    assert (day, status, sent, attempts) == ("2026-11-26", "failed", False, 3)
    assert "ConnectionRefusedError" in error


def test_no_recipients_renders_and_records_without_sending(airflow_db, fixture_warehouse, smtp_mailbox, digest_dag):
    run = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert task_states(run)["send_digest"] == "success"
    assert smtp_mailbox.received == []
    assert digest_rows() == [("2026-11-26", "rendered", None, "<digest-2026-11-26@newsmon.local>", False, 0, None)]


def test_quiet_day_sends_a_short_digest(airflow_db, fixture_warehouse, smtp_mailbox, monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", RECIPIENTS[0])
    digest_dag.test(logical_date=RUN_FOR_QUIET_DAY)
    [mail] = smtp_mailbox.received
    message = mail.parsed()
    assert message["Subject"] == "AI landscape, 20 Nov: a quiet day"
    text = message.get_body(("plain",)).get_content()
    assert "A quiet day" in text and len(text) < 800
    assert not any(part.get_content_type() == "image/png" for part in message.walk())   # no chart that week
    assert digest_rows()[0][:2] == ("2026-11-20", "sent")


def test_quiet_day_skip_mode_sends_nothing(airflow_db, fixture_warehouse, smtp_mailbox, monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", RECIPIENTS[0])
    monkeypatch.setenv("NEWSMON_DIGEST_QUIET", "skip")
    run = digest_dag.test(logical_date=RUN_FOR_QUIET_DAY)
    assert task_states(run)["send_digest"] == "success"
    assert smtp_mailbox.received == []
    assert digest_rows()[0][:2] == ("2026-11-20", "skipped_quiet")

    digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)          # a day with news is still sent in skip mode
    assert len(smtp_mailbox.received) == 1


def test_dag_wiring(digest_dag):
    from airflow.sdk import CronTriggerTimetable

    timetable = digest_dag.timetable
    assert isinstance(timetable, CronTriggerTimetable)
    assert (timetable.expression, str(timetable.timezone)) == ("0 7 * * *", "Europe/Berlin")
    assert digest_dag.params["force_resend"] is False
    assert [i.name for i in digest_dag.get_task("render_digest").inlets] == ["newsmon_facts"]
    assert digest_dag.get_task("send_digest").pool == "newsmon_warehouse"
    assert digest_dag.get_task("send_digest").upstream_task_ids == {"render_digest"}
