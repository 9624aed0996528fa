"""Exceptions of the simulator, a branch of :class:`bpmn.errors.MotcuaError`::

    SimulationError             anything the simulator raises on purpose
    ├── ScenarioError           a scenario document is invalid (names the key and value)
    ├── CompileError            a procedure or network cannot be turned into a model
    ├── CalibrationError        an event log cannot be fitted (names the column or row)
    └── InteropError            a Prosimos/Simod model cannot be read

The API maps ``ScenarioError``, ``CalibrationError`` and ``InteropError`` to 422 and
``CompileError`` to 409; the CLI prints the message and exits with status 2.
"""

from __future__ import annotations

from bpmn.errors import MotcuaError

__all__ = [
    "CalibrationError",
    "CompileError",
    "InteropError",
    "ScenarioError",
    "SimulationError",
]


class SimulationError(MotcuaError):
    """Root of the simulator's errors."""


class ScenarioError(SimulationError):
    """A scenario is invalid; ``key`` is its dotted path (``levers.time_cut.percent``)."""

    def __init__(self, message: str, *, key: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.key = key
        self.value = value


class CompileError(SimulationError):
    """A procedure's routing graph or the network cannot be compiled."""


class CalibrationError(SimulationError):
    """An event log cannot be read or fitted."""


class InteropError(SimulationError):
    """A model written by another simulator cannot be read."""
