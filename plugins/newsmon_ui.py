"""The newsmon page in the Airflow 3 UI: a FastAPI app mounted by the API server at `/newsmon/`, plus a
navigation entry (an external view rendered in the UI's iframe) pointing at it.

Read-only: it reads the warehouse's published read copy through `warehouse.ui_page`, so it never blocks
or waits for a loader.

Behind Airflow's login: Airflow 3 mounts plugin apps without any auth, so the app carries Airflow's own
dependency `requires_access_view(AccessView.PLUGINS)` for every route. A request without a valid token is
answered 401 (403 for a user the auth manager does not allow to see plugins); the token is read from a
`Authorization: Bearer` header (scripts) or the UI's `_token` cookie (the page inside the UI's iframe).
Checking the token first also keeps anonymous clients from reading the warehouse at all.

The app is built on first use (`newsmon_app`): only the API server reads `fastapi_apps`, and Airflow's API
security module takes seconds to import, which every task process would otherwise pay when it loads the
plugins.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from airflow.plugins_manager import AirflowPlugin

URL_PREFIX = "/newsmon"


@cache
def newsmon_app() -> Any:
    """The FastAPI app; `app.state.login` is its login dependency (tests override it to test the page)."""
    from airflow.api_fastapi.auth.managers.models.resource_details import AccessView
    from airflow.api_fastapi.core_api.security import requires_access_view
    from fastapi import Depends, FastAPI
    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import HTMLResponse, JSONResponse

    login = requires_access_view(AccessView.PLUGINS)
    app = FastAPI(title="newsmon", description="Feed health and company landscape, read-only", docs_url=None,
                  redoc_url=None, openapi_url=None, dependencies=[Depends(login)])
    app.state.login = login

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

    return app


class _FastApiApps:
    """`NewsmonUiPlugin.fastapi_apps`, evaluated when read (by the API server), not when imported."""

    def __get__(self, instance: Any, owner: type) -> list[dict[str, Any]]:
        return [{"app": newsmon_app(), "url_prefix": URL_PREFIX, "name": "newsmon page"}]


class NewsmonUiPlugin(AirflowPlugin):
    name = "newsmon_ui"
    fastapi_apps = _FastApiApps()
    external_views = [{
        "name": "Newsmon",
        "href": URL_PREFIX + "/",   # absolute: the UI puts it in an iframe under /plugin/newsmon
        "url_route": "newsmon",
        "destination": "nav",
    }]
