"""An in-memory sliding-window rate limiter for login attempts.

Why in memory: it needs no Redis and no table, and the account lockout stored on the user
row (:mod:`engine.accounts.services`) already holds across processes. This limiter adds
what the lockout cannot: it slows guessing against one username from one address before
the lockout trips, and password spraying (many usernames, one address) that never
reaches any one account's limit. Its limits are per process: with ``w`` web workers an
address gets up to ``w`` times the limit. A shared limiter (Redis sorted sets keyed the
same way) is the next step when the API runs in several processes or hosts.

Keys are bounded (:attr:`SlidingWindow.max_keys`, least recently used dropped first) so
that a flood of made-up usernames cannot exhaust memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """At most ``limit`` hits per ``window`` seconds per key."""

    def __init__(self, limit: int, window: float, *, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError(f"limit={limit}, window={window}: both must be positive")
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._hits: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: Hashable) -> int | None:
        """Count one attempt; None when allowed, else the seconds to wait (Retry-After).

        A refused attempt is not counted: waiting out the answer always works.
        """
        now = self.clock()
        with self._lock:
            hits = self._hits.pop(key, None) or deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                self._hits[key] = hits
                return max(1, math.ceil(hits[0] + self.window - now))
            hits.append(now)
            self._hits[key] = hits  # most recently used last
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
            return None

    def reset(self, key: Hashable) -> None:
        """Forget a key's attempts (after a successful login)."""
        with self._lock:
            self._hits.pop(key, None)
