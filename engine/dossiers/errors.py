"""Exceptions of the dossier lifecycle (the ``CaseError`` branch of the MotCua tree).

The branch (the root is :mod:`bpmn.errors`)::

    MotcuaError
    └── CaseError                   a dossier action is not allowed or cannot be done
        ├── DossierNotFound         no dossier has this code (the API answers 404)
        │   └── TaskNotFound        no task row has this id
        ├── ProcedureUnavailable    the procedure has no published version to receive on
        ├── TransitionError         the action does not fit the dossier's status or its
        │                           open tasks (withdraw a returned dossier, extend twice)
        ├── ConflictError           another transaction changed the dossier first; reload
        │                           and try again (optimistic lock on ``lock_version``)
        ├── FormValidationError     the submitted form data does not match the task's
        │                           form; ``errors`` maps each field to its message
        ├── NotYourTask             the task is assigned to someone else (also a
        │                           ``PermissionError``)
        └── WorkflowStateError      the stored workflow state cannot be read by this
                                    engine (unknown serializer version)

Every error leaves the dossier exactly as it was: the service raises before it changes
anything, or the caller's transaction is rolled back (``ConflictError``). Messages name
the dossier or task and say what to do.
"""

from __future__ import annotations

from collections.abc import Mapping

from bpmn.errors import MotcuaError

__all__ = [
    "CaseError",
    "ConflictError",
    "DossierNotFound",
    "FormValidationError",
    "NotYourTask",
    "ProcedureUnavailable",
    "TaskNotFound",
    "TransitionError",
    "WorkflowStateError",
]


class CaseError(MotcuaError):
    """A dossier action is not allowed or cannot be done."""


class DossierNotFound(CaseError, LookupError):
    """No dossier has the requested code."""


class TaskNotFound(DossierNotFound):
    """No task row has the requested id."""


class ProcedureUnavailable(CaseError):
    """The procedure exists but no version of it is published."""


class TransitionError(CaseError):
    """The action is not allowed in the dossier's current status or step."""


class ConflictError(CaseError):
    """Another transaction changed the dossier since it was read."""


class FormValidationError(CaseError, ValueError):
    """The form data does not match the task's ``formJsonSchema``.

    ``errors`` maps a field name (``""`` for the form as a whole) to what is wrong with it,
    so the UI can show each message next to its field.
    """

    def __init__(self, message: str, errors: Mapping[str, str]) -> None:
        super().__init__(message)
        self.errors: dict[str, str] = dict(errors)

    def __str__(self) -> str:
        fields = "; ".join(f"{name or 'form'}: {text}" for name, text in self.errors.items())
        return f"{self.args[0]} ({fields})" if fields else str(self.args[0])


class NotYourTask(CaseError, PermissionError):
    """The task is assigned to another officer."""


class WorkflowStateError(CaseError):
    """The stored workflow state was written in a format this engine does not read."""
