"""The digest as an email: multipart/alternative (plain text + HTML), the HTML inside multipart/related with
the chart as an inline PNG referenced by Content-ID.

    multipart/alternative
    ├── text/plain
    └── multipart/related
        ├── text/html          <img src="cid:chart-2026-11-26@newsmon.local">
        └── image/png          Content-ID: <chart-2026-11-26@newsmon.local>

The Message-ID is stable per digest day (`<digest-2026-11-26@newsmon.local>`), so a forced re-send is
recognisable as the same digest by clients and by the `digests` table.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from jinja2 import Environment, PackageLoader, StrictUndefined

from extractors import settings
from warehouse.amounts import format_money
from warehouse.digest.chart import Chart
from warehouse.digest.content import DigestContent
from warehouse.digest.wording import counted

DOMAIN = "newsmon.local"
DEFAULT_FROM = f"newsmon digest <digest@{DOMAIN}>"


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("warehouse.digest", "templates"),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def message_id(day: date, domain: str = DOMAIN) -> str:
    return f"<digest-{day.isoformat()}@{domain}>"


def chart_content_id(day: date, domain: str = DOMAIN) -> str:
    """Without angle brackets: the HTML says `cid:<this>`, the header `Content-ID: <this>`."""
    return f"chart-{day.isoformat()}@{domain}"


def day_label(day: date) -> str:
    return f"{day:%A}, {day.day} {day:%B %Y}"


def subject_line(content: DigestContent) -> str:
    """'AI landscape, 26 Nov: xAI raises $6B at $40B; 12 deals' — the day, the lead, the count of deals
    (left out on a day without any: "; 0 deals" after a model release reads like an error)."""
    prefix = f"AI landscape, {content.day.day} {content.day:%b}"
    if content.quiet:
        return f"{prefix}: a quiet day"
    lead = content.headline or counted(content.item_count, "item")
    return f"{prefix}: {lead}; {counted(content.deal_count, 'deal')}" if content.deal_count else f"{prefix}: {lead}"


def _context(content: DigestContent, chart: Chart | None, image_src: str | None, tz_name: str | None) -> dict:
    return {
        "content": content, "chart": chart, "image_src": image_src, "subject": subject_line(content),
        "day_label": day_label(content.day), "tz_name": tz_name or settings.timezone_name(),
        "money": lambda amount: format_money(amount, "USD"),
    }


def render_text(content: DigestContent, chart: Chart | None = None, tz_name: str | None = None) -> str:
    return _environment().get_template("digest.txt.j2").render(_context(content, chart, None, tz_name))


def render_html(content: DigestContent, chart: Chart | None, *, image_src: str | None = None,
                tz_name: str | None = None) -> str:
    """The HTML part; `image_src` is `cid:...` in the email, a `data:` URI for a browser."""
    if chart is not None and image_src is None:
        image_src = f"cid:{chart_content_id(content.day)}"
    return _environment().get_template("digest.html.j2").render(_context(content, chart, image_src, tz_name))


def data_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


@dataclass
class RenderedDigest:
    content: DigestContent
    chart: Chart | None
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def build_message(content: DigestContent, chart: Chart | None, *, now: datetime | None = None,
                  sender: str = DEFAULT_FROM, recipients: list[str] | None = None,
                  tz_name: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject_line(content)
    message["From"] = sender
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(now or datetime.now(timezone.utc))
    message["Message-ID"] = message_id(content.day)
    message["X-Newsmon-Digest-Date"] = content.day.isoformat()
    message.set_content(render_text(content, chart, tz_name))
    message.add_alternative(render_html(content, chart, tz_name=tz_name), subtype="html")
    if chart is not None:
        html_part = message.get_payload()[1]
        html_part.add_related(chart.png, maintype="image", subtype="png",
                              cid=f"<{chart_content_id(content.day)}>", filename="weekly-funding.png",
                              disposition="inline")
    return message


def render_digest(content: DigestContent, *, now: datetime | None = None, tz_name: str | None = None) -> RenderedDigest:
    """Content -> chart -> message, without sending or storing anything."""
    from warehouse.digest.chart import funding_chart

    chart = funding_chart(content.weekly_funding, content.day)
    return RenderedDigest(content, chart, build_message(content, chart, now=now, tz_name=tz_name))
