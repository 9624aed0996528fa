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

What the engine reads off a spec (:meth:`SpecCache.derive`, e.g. the dossier engine's
``ProcedureSpec``) is kept with the entry, under the same key and for the same reason:
it is a function of the bytes, so it can never go stale, and it leaves the cache with its
spec. Keeping it here rather than in a service makes it outlive the request: services
are built per session, the cache once per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from bpmn.parsing import ParsedProcess, parse_process

__all__ = ["CacheStats", "SpecCache"]

T = TypeVar("T")


@dataclass(frozen=True)
class CacheStats:
    size: int
    capacity: int
    hits: int
    misses: int


@dataclass
class _Entry:
    parsed: ParsedProcess
    derived: dict[str, Any] = field(default_factory=dict)


class SpecCache:
    """A bounded, thread-safe LRU of parsed specs keyed by BPMN content hash."""

    def __init__(self, capacity: int = 256,
                 parse: Callable[[bytes], ParsedProcess] = parse_process) -> None:
        if capacity < 1:
            raise ValueError("the spec cache needs room for at least one spec")
        self._capacity = capacity
        self._parse = parse
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, content_hash: str, load: Callable[[], bytes]) -> ParsedProcess:
        """The parsed spec for `content_hash`; `load` fetches the XML only on a miss."""
        return self._entry(content_hash, load).parsed

    def derive(self, content_hash: str, name: str, load: Callable[[], bytes],
               compute: Callable[[ParsedProcess], T]) -> T:
        """``compute(spec)``, computed once per spec and kept with it under ``name``.

        ``compute`` must depend on the spec only (module docstring); two threads missing
        at once may both compute it, and either result is kept.
        """
        entry = self._entry(content_hash, load)
        with self._lock:
            if name in entry.derived:
                return cast(T, entry.derived[name])
        value = compute(entry.parsed)  # outside the lock, like parsing
        with self._lock:
            return cast(T, entry.derived.setdefault(name, value))

    def _entry(self, content_hash: str, load: Callable[[], bytes]) -> _Entry:
        with self._lock:
            entry = self._entries.get(content_hash)
            if entry is not None:
                self._entries.move_to_end(content_hash)
                self._hits += 1
                return entry
            self._misses += 1
        entry = _Entry(self._parse(load()))  # outside the lock: parsing takes milliseconds
        with self._lock:
            entry = self._entries.setdefault(content_hash, entry)
            self._entries.move_to_end(content_hash)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return entry

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
