"""Parsed procedure specs, cached by the content hash of their BPMN.

Parsing is the expensive part of running a dossier (about 7 ms a procedure, against
~1.5 ms to load, advance and save a workflow), so a published version is parsed once,
the first time a dossier needs it, and kept while it is in use. The key is the content
hash: two versions with the same bytes share a spec, and an edited diagram can never be
served from a stale entry. The cache is bounded (least recently used goes first) because
the whole catalogue parsed at once takes ~170 MB. Nothing is parsed at start-up.

SpiffWorkflow's specs are shared between workflows without copying. One construct makes
SpiffWorkflow 3.2 rewrite a spec at run time: an event sub-process with a message or signal
start, which it connects to the process start the first time it triggers. The archetypes
do not use it (withdrawal is drawn as boundary signals for that reason).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bpmn.parsing import ParsedProcess, parse_process

__all__ = ["CacheStats", "SpecCache"]


@dataclass(frozen=True)
class CacheStats:
    size: int
    capacity: int
    hits: int
    misses: int


class SpecCache:
    """A bounded, thread-safe LRU of parsed specs keyed by BPMN content hash."""

    def __init__(self, capacity: int = 256,
                 parse: Callable[[bytes], ParsedProcess] = parse_process) -> None:
        if capacity < 1:
            raise ValueError("the spec cache needs room for at least one spec")
        self._capacity = capacity
        self._parse = parse
        self._entries: OrderedDict[str, ParsedProcess] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, content_hash: str, load: Callable[[], bytes]) -> ParsedProcess:
        """The parsed spec for `content_hash`; `load` fetches the XML only on a miss."""
        with self._lock:
            parsed = self._entries.get(content_hash)
            if parsed is not None:
                self._entries.move_to_end(content_hash)
                self._hits += 1
                return parsed
            self._misses += 1
        parsed = self._parse(load())  # outside the lock: parsing takes milliseconds
        with self._lock:
            self._entries[content_hash] = parsed
            self._entries.move_to_end(content_hash)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return parsed

    def __contains__(self, content_hash: object) -> bool:
        with self._lock:
            return content_hash in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    @property
    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(len(self._entries), self._capacity, self._hits, self._misses)
