"""Run by test_ci_postgres.py in a pytest of its own (not collected: no test_ prefix)."""


def test_needs_postgresql(pg_url: str) -> None:
    assert pg_url
