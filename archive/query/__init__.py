"""The search language: parse a query string into a small tree (no Whoosh here)."""
