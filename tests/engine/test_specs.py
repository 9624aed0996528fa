"""The spec cache parses a version once, serves it by content hash and stays bounded."""

from __future__ import annotations

import hashlib

import pytest

from bpmn.catalog.model import Archetype
from bpmn.generator import render
from bpmn.parsing import ParsedProcess
from engine.specs import SpecCache
from tests.bpmn.factories import procedure


def xml_and_hash(budget: float) -> tuple[bytes, str]:
    xml = render(procedure(Archetype.STANDARD, budget=budget))
    return xml, hashlib.sha256(xml).hexdigest()


def test_second_get_is_served_without_loading_or_parsing() -> None:
    cache = SpecCache(capacity=4)
    xml, digest = xml_and_hash(1.0)
    loads: list[str] = []

    def load() -> bytes:
        loads.append(digest)
        return xml

    first = cache.get(digest, load)
    second = cache.get(digest, load)
    assert first is second
    assert loads == [digest]
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
    assert first.spec.name == "Process_1_001234"


def test_least_recently_used_spec_is_evicted_at_capacity() -> None:
    cache = SpecCache(capacity=2)
    versions = [xml_and_hash(b) for b in (1.0, 2.0, 3.0)]
    for xml, digest in versions[:2]:
        cache.get(digest, lambda xml=xml: xml)
    cache.get(versions[0][1], pytest.fail)  # touch the first: the second is now oldest
    cache.get(versions[2][1], lambda: versions[2][0])
    assert versions[0][1] in cache
    assert versions[1][1] not in cache
    assert cache.stats.size == 2


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one"):
        SpecCache(capacity=0)


def test_derived_values_are_computed_once_and_leave_with_their_spec() -> None:
    cache = SpecCache(capacity=1)
    (first_xml, first), (second_xml, second) = xml_and_hash(1.0), xml_and_hash(2.0)
    computed: list[str] = []

    def describe(parsed: ParsedProcess) -> object:
        computed.append(parsed.spec.name)
        return object()

    value = cache.derive(first, "describe", lambda: first_xml, describe)
    assert cache.derive(first, "describe", pytest.fail, describe) is value
    assert len(computed) == 1
    cache.get(second, lambda: second_xml)  # evicts the first spec, and with it its value
    assert cache.derive(first, "describe", lambda: first_xml, describe) is not value
    assert len(computed) == 2
