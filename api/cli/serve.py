"""``motcua serve`` (the Flask development server) and ``motcua worker`` (rq)."""

from __future__ import annotations

import os

import click

from api.cli.context import CliState, pass_state
from api.jobs import DEFAULT_QUEUE, app_worker_class, start_timer_ticker
from engine import migrations

__all__ = ["serve", "worker"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--debug", is_flag=True, help="Reload on code changes and show the debugger.")
@pass_state
def serve(state: CliState, host: str, port: int, debug: bool) -> None:
    """Serve the API and the web UI with Flask's development server.

    For a single machine or a demo; behind a real WSGI server use `api:create_app()`.
    """
    app = state.app
    if migrations.current(state.database_url) != migrations.head():
        click.echo("warning: the database schema is not current; run `motcua setup`", err=True)
    click.echo(f"MotCua is serving http://{host}:{port}/  (API: http://{host}:{port}/api/v1/)")
    # Without Redis there is no worker: deadline timers fire from a thread of this process
    # (only in the reloader's child when debugging, so they do not fire twice).
    ticker = None
    if not app.config.get("REDIS_URL") and (not debug or os.environ.get("WERKZEUG_RUN_MAIN")):
        ticker = start_timer_ticker(app)
    try:
        app.run(host=host, port=port, debug=debug, use_reloader=debug, load_dotenv=False)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from error
    finally:
        if ticker is not None:
            ticker.stop()


@click.command()
@click.option(
    "-q",
    "--queue",
    "queues",
    multiple=True,
    default=(DEFAULT_QUEUE,),
    show_default=True,
    help="Queue to work on (repeat for several, highest priority first).",
)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--with-timers", "timer_every", type=click.FloatRange(min=1), default=None,
              help="Also fire due deadline timers every N seconds from this worker.")
@click.pass_context
def worker(ctx: click.Context, queues: tuple[str, ...], burst: bool,
           timer_every: float | None) -> None:
    """Run an rq worker on REDIS_URL; each job runs inside an app context."""
    from redis import Redis  # noqa: PLC0415 - only the worker needs Redis
    from redis.exceptions import RedisError  # noqa: PLC0415
    from rq import Queue  # noqa: PLC0415
    from rq.serializers import JSONSerializer  # noqa: PLC0415

    state = ctx.ensure_object(CliState)
    url = state.app.config.get("REDIS_URL")
    if not url:
        click.echo(
            "Error: REDIS_URL is not configured. Set MOTCUA_REDIS_URL (e.g. "
            "redis://127.0.0.1:6379/0) to run a worker; without it jobs run inline in the "
            "web process and no worker is needed.",
            err=True,
        )
        ctx.exit(2)
    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisError as error:
        raise click.ClickException(f"cannot reach Redis at {url}: {error}") from error
    from rq import Worker  # noqa: PLC0415

    rq_worker = app_worker_class(Worker)(
        [Queue(name, connection=connection, serializer=JSONSerializer) for name in queues],
        connection=connection,
        serializer=JSONSerializer,
    )
    rq_worker.flask_app = state.app
    click.echo(f"MotCua worker on {url}, queues: {', '.join(queues)}")
    ticker = start_timer_ticker(state.app, every=timer_every) if timer_every else None
    try:
        rq_worker.work(burst=burst, with_scheduler=True)
    finally:
        if ticker is not None:
            ticker.stop()
