"""JSON columns are written with orjson but accept and refuse what :mod:`json` does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import JSON, Engine, Text, bindparam, cast, select

from engine.db import json_dumps


def test_the_text_reads_back_as_the_standard_library_writes_it() -> None:
    state = {"tasks": {"a1": {"data": {"ý kiến": "Hồ sơ đầy đủ", "n": [1, 2.5, None, True]}}},
             "nested": [{"x": -0.0}, "\u2028"], 7: "non-str key"}
    assert json.loads(json_dumps(state)) == json.loads(json.dumps(state))


def test_an_integer_beyond_64_bits_falls_back_to_the_standard_library() -> None:
    assert json.loads(json_dumps({"big": 2**70})) == {"big": 2**70}


def test_what_json_refuses_is_still_refused() -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    for value in (dt.datetime(2026, 3, 3, tzinfo=dt.UTC), Point(1)):
        with pytest.raises(TypeError):
            json.dumps({"value": value})
        with pytest.raises(TypeError):
            json_dumps({"value": value})


def test_engines_write_json_columns_with_it(db_engine: Engine) -> None:
    value = {"b": [1, 2], "a": "x"}
    with db_engine.connect() as connection:
        text = connection.execute(
            select(cast(bindparam("value", value, type_=JSON), Text))).scalar_one()
    assert text == json_dumps(value)
    assert text != json.dumps(value)  # the standard library puts spaces after separators
