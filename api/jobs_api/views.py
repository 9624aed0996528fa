"""``GET /api/v1/jobs/{id}``: what became of a job a request enqueued.

The answer is the app's :class:`~engine.jobs.JobPublisher` snapshot (rq on Redis, or the
inline publisher of this process): status, progress, result, error. An id that was never
enqueued or whose record expired is a 404 (``UnknownJobError``). Any logged-in user may
ask: job ids are random and only handed to whoever enqueued the job.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import fields

from api.auth import current_principal
from api.jobs import jobs
from engine.jobs import JobStatus, UnknownJobError

__all__ = ["JobSchema", "blp"]

blp = Blueprint("jobs", __name__, url_prefix="/api/v1",
                description="Background jobs: status, progress and result.")


class ProgressSchema(ma.Schema):
    done = fields.Integer()
    total = fields.Integer()
    message = fields.String()


class JobSchema(ma.Schema):
    id = fields.String()
    status = fields.Enum(JobStatus, by_value=True)
    description = fields.String(allow_none=True)
    progress = fields.Nested(ProgressSchema, metadata={"description": "{} until reported"})
    result = fields.Raw(allow_none=True, metadata={"description": "The job's JSON result"})
    error = fields.String(allow_none=True, metadata={"description": "Last line of the error"})


@blp.route("/jobs/<job_id>")
class Job(MethodView):
    @blp.doc(security=[{"bearerAuth": []}, {"cookieAuth": []}])
    @blp.response(200, JobSchema)
    def get(self, job_id: str) -> Any:
        """The status of a job: queued, started, finished (with its result) or failed."""
        current_principal()
        try:
            return jobs(current_app).status(job_id)
        except UnknownJobError as error:
            abort(404, message=f"{error}; job records expire after a while, so enqueue the "
                               "work again if you still need it")
