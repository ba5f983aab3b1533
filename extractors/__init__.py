"""Airflow-free extraction layer: feeds to normalised articles, and text to entities, money and facts.

Dependency rule: `warehouse` may import `extractors`; `extractors` never imports `warehouse` or Airflow.
"""
