"""A real Redis for job tests: reachable or skipped (failed on CI), cleaned up after use.

The URL is ``MOTCUA_TEST_REDIS_URL`` or database 15 of the local server, so a developer's
own queues (database 0) are never touched. Each test gets a queue name of its own
(the ``queue_name`` fixture) and must use it as the prefix of its job ids and as its worker's
name: every key containing it is deleted afterwards, and nothing else, so concurrent runs
on one server do not meet.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from redis import Redis
from redis.exceptions import RedisError

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_url() -> str:
    return os.environ.get("MOTCUA_TEST_REDIS_URL", DEFAULT_REDIS_URL)


@pytest.fixture(name="queue_name")
def queue_name_fixture() -> str:
    """A queue name no other test run uses; prefix job ids and worker names with it."""
    return f"motcua-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(name="redis_connection")
def redis_connection_fixture(queue_name: str) -> Iterator[Redis]:
    """A connection to the test Redis; the keys naming ``queue_name`` are removed after."""
    connection = Redis.from_url(redis_url())
    try:
        connection.ping()
    except RedisError as error:
        connection.close()
        reason = f"Redis at {redis_url()} is unreachable: {error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: Redis tests must run)", pytrace=False)
        pytest.skip(reason)
    yield connection
    ours = list(connection.scan_iter(f"*{queue_name}*"))
    if ours:
        connection.delete(*ours)
    for registry in connection.scan_iter("rq:*"):
        if connection.type(registry) == b"set":
            members = [m for m in connection.smembers(registry) if queue_name.encode() in m]
            if members:
                connection.srem(registry, *members)
    connection.close()
