"""The OpenAPI schema reads in the reader's language: every summary and description the mobility
centres' developers see is Kazakh with ``?lang=kk``, Russian with ``?lang=ru`` (codes and names
of fields stay as they are)."""

import json
import re

import pytest

LETTERS = {"kk": r"[а-яәғқңөұүһі]", "ru": r"[а-яё]"}


def _texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("summary", "description", "title") and isinstance(value, str):
                yield value
            yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_summary_and_description_is_in_the_language_asked_for(client, lang):
    response = client.get("/api/v1/schema/", {"lang": lang, "format": "json"})
    assert response.status_code == 200
    texts = set(_texts(json.loads(response.content)))
    assert len(texts) > 100
    english = sorted(t for t in texts if re.search(r"[A-Za-z]{4,}", t) and not re.search(LETTERS[lang], t, re.I))
    assert english == []


def test_docstrings_written_for_developers_stay_out_of_the_schema(client):
    schema = client.get("/api/v1/schema/", {"lang": "en", "format": "json"}).content.decode()
    assert "domain errors as the API's" not in schema  # a base view's docstring
    assert "Astana migration portal API" in schema and "List quotas" in schema
