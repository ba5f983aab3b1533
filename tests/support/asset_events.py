"""Read what Airflow recorded about Assets: whether a run really moved an Asset on."""
from __future__ import annotations


def asset_events(asset_name: str, run_id: str) -> int:
    """How many events of `asset_name` the run `run_id` emitted, from Airflow's metadata DB."""
    from sqlalchemy import func, select

    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        return session.scalar(
            select(func.count()).select_from(AssetEvent).join(AssetModel, AssetModel.id == AssetEvent.asset_id)
            .where(AssetModel.name == asset_name, AssetEvent.source_run_id == run_id))
