"""The analysis workers' own grouping of terms (`preanalysed.field_terms`) must give exactly
what Whoosh's `field.index(value)` gives: the same terms in the same order, frequencies,
weights (with the field's boost) and encoded values, on every indexed text field — random
German-looking text with the characters web pages leave inside words, and real articles."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.index.preanalysed import field_terms
from archive.index.schema import build_schema
from conftest import SEEDS
from test_fuzz_analysis import german_text

SCHEMA = build_schema()
TEXT_FIELDS = ["title", "teaser", "body", "exact", "outlet", "author", "agency"]


def _whoosh(field_name: str, text: str) -> list[tuple[bytes, int, float, bytes]]:
    return list(SCHEMA[field_name].index(text))


@settings(derandomize=True, max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=german_text(), field_name=st.sampled_from(TEXT_FIELDS))
def test_terms_equal_whooshs_on_random_text(text: str, field_name: str) -> None:
    assert field_terms(SCHEMA[field_name], text) == _whoosh(field_name, text)


def test_terms_equal_whooshs_on_the_seeds() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert texts
    for text in texts:
        for field_name in TEXT_FIELDS:
            assert field_terms(SCHEMA[field_name], text) == _whoosh(field_name, text), field_name


def test_forms_whoosh_groups_itself_are_left_to_it() -> None:
    """A field without the German chain (the names) and a value that is no string take
    Whoosh's own path, with its own result or error."""
    assert field_terms(SCHEMA["author"], "Thomas Müller") == _whoosh("author", "Thomas Müller")
    assert field_terms(SCHEMA["body"], ["Wahl", "Wahl"]) == list(SCHEMA["body"].index(["Wahl", "Wahl"]))
