"""Bundled data files the warehouse loads (the ECB reference-rate snapshot)."""
