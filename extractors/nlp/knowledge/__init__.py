"""Data files of the language side: the company knowledge base (companies.yaml)."""
