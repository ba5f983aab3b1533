"""The newsmon page in the Airflow 3 UI: a FastAPI app mounted by the API server at `/newsmon/`, plus a
navigation entry (an external view rendered in the UI's iframe) pointing at it.

Read-only: it reads the warehouse's published read copy through `warehouse.ui_page`, so it never blocks
or waits for a loader. Note that FastAPI plugin apps are not behind Airflow's login: the page shows only
what the public news feeds said and the feeds' health, nothing secret, and offers no action.
"""
from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin
from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse

URL_PREFIX = "/newsmon"

app = FastAPI(title="newsmon", description="Feed health and company landscape, read-only", docs_url=None,
              redoc_url=None, openapi_url=None)


@app.get("/", response_class=HTMLResponse)
def newsmon_page() -> HTMLResponse:
    from warehouse.ui_page import load_page_data, render_page

    return HTMLResponse(render_page(load_page_data()), headers={
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    })


@app.get("/health.json")
def newsmon_health_json() -> JSONResponse:
    """The same feed-health rows for scripts and monitors."""
    from warehouse.ui_page import load_page_data

    data = load_page_data()
    body = {"warehouse_exists": data.warehouse_exists, "snapshot_at": data.snapshot_at,
            "feed_health": data.feed_health, "feed_list_error": data.feed_list_error}
    return JSONResponse(jsonable_encoder(body), headers={"Cache-Control": "no-store"})


class NewsmonUiPlugin(AirflowPlugin):
    name = "newsmon_ui"
    fastapi_apps = [{"app": app, "url_prefix": URL_PREFIX, "name": "newsmon page"}]
    external_views = [{
        "name": "Newsmon",
        "href": URL_PREFIX + "/",   # absolute: the UI puts it in an iframe under /plugin/newsmon
        "url_route": "newsmon",
        "destination": "nav",
    }]
