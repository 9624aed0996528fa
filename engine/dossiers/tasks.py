"""The human-task inbox rows of a dossier, kept in step with its workflow.

Lifecycle of a row: a user task that becomes READY in the workflow gets an ``open`` row
(queue ``"<unit>:<role>"``, see :mod:`~engine.dossiers.routing`); an officer may claim
it (assignee), give it back (unclaim) or hand it to a colleague (delegate); completing
it makes the row ``completed``; when the workflow moves on without it (withdrawal, stop,
a terminate end) the row becomes ``cancelled``. The inbox reads these rows, never the
workflow blobs, so :func:`sync_tasks` runs in the same transaction as every change of
the workflow.

Due dates: a budgeted task is due when its step's cumulative budget, counted from
reception on the working calendar, runs out (:func:`engine.calendar.step_due_dates`),
moved later by the office time the dossier has spent paused. Tasks that wait on the
citizen (supplement, fee) and tasks of a dossier not yet received have no due date.

Priority (higher first; the inbox sorts by it, then by due date), from the office time
left until the task is due, in working days: 100 when overdue; 90 when due within one
working day; 10 less for each further working day, never below 20; 10 when there is no
due date. It is recomputed for every open row of the dossier whenever the dossier
changes, so it is a snapshot of urgency at the last action.

Timers the workflow waits on are mirrored in ``dossier_timers`` by
:func:`engine.dossiers.timers.sync_timers`, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState as SpiffState

from engine.calendar import WorkingCalendar, step_due_dates
from engine.dossiers.errors import FormValidationError, NotYourTask, TransitionError
from engine.dossiers.models import Dossier, DossierTask, TaskState
from engine.dossiers.routing import candidate_group, task_unit
from engine.dossiers.workflow import ProcedureSpec, TaskInfo

__all__ = [
    "claim",
    "delegate",
    "priority",
    "ready_tasks",
    "sync_tasks",
    "unclaim",
    "validate_form",
]

OVERDUE, NO_DUE, FLOOR, TOP = 100, 10, 20, 90


def ready_tasks(workflow: BpmnWorkflow) -> dict[str, Any]:
    """The workflow's READY user tasks by task id (string UUID)."""
    return {str(t.id): t for t in workflow.get_tasks(state=SpiffState.READY, manual=True)}


def _info(spec: ProcedureSpec, task: Any) -> TaskInfo:
    name = task.task_spec.name
    return spec.tasks.get(name) or TaskInfo(
        name, task.task_spec.bpmn_name or name, "specialist", None, None, None
    )


def _step_dues(dossier: Dossier, spec: ProcedureSpec,
               calendar: WorkingCalendar) -> dict[str, dt.datetime]:
    if dossier.received_at is None or not spec.steps:
        return {}
    dues = step_due_dates(dossier.received_at, spec.steps, spec.time_unit, calendar=calendar,
                          centre=dossier.received_centre)
    shift = dossier.paused_seconds or 0
    return {
        d.step: calendar.add_working_seconds(d.due, shift, dossier.received_centre)
        for d in dues
    }


def priority(due: dt.datetime | None, now: dt.datetime, calendar: WorkingCalendar,
             centre: str | None = None) -> int:
    """The inbox priority of a task due at ``due`` (rule in the module docstring)."""
    if due is None:
        return NO_DUE
    if due <= now:
        return OVERDUE
    days = calendar.working_seconds_between(now, due, centre) / calendar.hours(
        centre).seconds_per_day
    return max(FLOOR, TOP - 10 * math.floor(max(days, 0.0)))


def sync_tasks(dossier: Dossier, workflow: BpmnWorkflow, spec: ProcedureSpec, *,
               procedure_code: str, partner_agencies: list[str], now: dt.datetime,
               calendar: WorkingCalendar) -> list[DossierTask]:
    """Cancel rows whose task left the workflow, open rows for new READY tasks, and
    refresh due dates and priorities; returns the rows opened."""
    ready = ready_tasks(workflow)
    known = {row.workflow_task_id for row in dossier.tasks}
    for row in dossier.tasks:
        if row.state is TaskState.OPEN and row.workflow_task_id not in ready:
            row.state = TaskState.CANCELLED
    opened = []
    for task_id, task in ready.items():
        if task_id in known:
            continue
        info = _info(spec, task)
        unit = task_unit(info.role, info.spec_id, received_centre=dossier.received_centre,
                         competent=dossier.competent_agency, partner_agencies=partner_agencies)
        row = DossierTask(
            workflow_task_id=task_id, spec_id=info.spec_id, name=info.name[:300],
            procedure_code=procedure_code, role=info.role, unit=unit,
            candidate_group=candidate_group(unit, info.role), state=TaskState.OPEN,
            created_at=now,
        )
        dossier.tasks.append(row)
        opened.append(row)
    dues = _step_dues(dossier, spec, calendar)
    for row in dossier.tasks:
        if row.state is TaskState.OPEN:
            step = spec.tasks[row.spec_id].step if row.spec_id in spec.tasks else None
            row.due_at = dues.get(step) if step is not None else None
            row.priority = priority(row.due_at, now, calendar, dossier.received_centre)
    return opened


# -- forms -------------------------------------------------------------------------------


def _field_errors(error: ValidationError, schema: Mapping[str, Any]) -> dict[str, str]:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, Mapping):
        required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
        missing = [n for n in required if n not in error.instance]
        return {".".join(filter(None, (path, n))): "is required" for n in missing}
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = set(schema.get("properties", {})) if not path else set()
        extra = [n for n in error.instance if n not in allowed]
        known = ", ".join(sorted(allowed)) or "none"
        return {n: f"is not a field of this form (fields: {known})" for n in extra}
    if error.validator == "oneOf" and isinstance(error.validator_value, list):
        options = [str(o["const"]) for o in error.validator_value if "const" in o]
        if options:
            return {path: f"{error.instance!r} is not one of: {', '.join(options)}"}
    return {path: error.message}


def validate_form(schema: Mapping[str, Any] | None, data: Mapping[str, Any],
                  *, task: str) -> None:
    """Check ``data`` against the task's form (JSON Schema 2020-12); raise with every field."""
    if not isinstance(data, Mapping):
        raise FormValidationError(f"the form data of {task} must be an object",
                                  {"": f"got {type(data).__name__}"})
    if schema is None:
        return
    errors: dict[str, str] = {}
    for error in Draft202012Validator(schema).iter_errors(dict(data)):
        for name, message in _field_errors(error, schema).items():
            errors.setdefault(name, message)
    if errors:
        raise FormValidationError(
            f"the form of {task} has {len(errors)} invalid field(s); correct them and submit "
            "again", dict(sorted(errors.items())))


# -- claiming ----------------------------------------------------------------------------


def _open(row: DossierTask) -> None:
    if row.state is not TaskState.OPEN:
        raise TransitionError(f"task {row.id} ({row.spec_id}) is {row.state}; only open tasks "
                              "can be claimed, released or delegated")


def claim(row: DossierTask, actor: str) -> bool:
    """Take an open task; True if it changed (claiming one's own task again is a no-op)."""
    _open(row)
    if row.assignee == actor:
        return False
    if row.assignee is not None:
        raise NotYourTask(f"task {row.id} ({row.spec_id}) is assigned to {row.assignee}; "
                          "ask them to release or delegate it")
    row.assignee = actor
    return True


def unclaim(row: DossierTask, actor: str) -> None:
    """Give a task back to its queue; only its assignee may."""
    _open(row)
    if row.assignee != actor:
        holder = row.assignee or "nobody"
        raise NotYourTask(f"task {row.id} ({row.spec_id}) is assigned to {holder}, not "
                          f"{actor}; only the assignee can release it")
    row.assignee = None


def delegate(row: DossierTask, actor: str, to: str) -> None:
    """Hand a task to ``to``: its assignee may, and anyone may dispatch an unassigned one
    (queue membership is checked by the caller, who knows the officers)."""
    _open(row)
    if not to or not to.strip():
        raise TransitionError("name the officer to delegate the task to")
    if row.assignee is not None and row.assignee != actor:
        raise NotYourTask(f"task {row.id} ({row.spec_id}) is assigned to {row.assignee}; "
                          "only the assignee can delegate it")
    if to == row.assignee:
        raise TransitionError(f"task {row.id} is already assigned to {to}")
    row.assignee = to
