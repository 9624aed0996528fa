"""The restricted script engine: ordinary scripts work, data is written back only on
success, timers and services run, and every archetype runs to completion under it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from bpmn.catalog.model import Archetype
from bpmn.generator import NS, render
from engine.errors import (
    MotcuaError,
    ScriptError,
    ScriptLimitError,
    ScriptResultError,
    ScriptRuntimeError,
    ServiceError,
    UnknownServiceError,
)
from engine.scripting import (
    RestrictedEnvironment,
    RestrictedScriptEngine,
    ScriptLimits,
    ServiceCall,
    ServiceRegistry,
    default_services,
    script_error_of,
)
from engine.scripting import __all__ as public_names
from tests.bpmn.factories import PARTNER_NAMES, procedure
from tests.bpmn.test_archetypes import paths
from tests.bpmn.walk import SERIALIZER, ended_at, walk

FIXED = datetime(2026, 1, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def env() -> RestrictedEnvironment:
    return RestrictedEnvironment(clock=lambda: FIXED)


def test_public_names_are_pinned() -> None:
    assert set(public_names) == {
        "RestrictedEnvironment", "RestrictedScriptEngine", "ScriptLimits", "ServiceCall",
        "ServiceOperator", "ServiceRegistry", "default_services", "script_error_of",
    }


ORDINARY = [
    ('reception_outcome == "refuse"', {"reception_outcome": "refuse"}, True),
    ('reception_outcome == "refuse"', {"reception_outcome": "accept"}, False),
    ('appraisal_outcome == "supplement"', {"appraisal_outcome": "complete"}, False),
    ("fee * 2 + 1 - discount / 4", {"fee": 50_000, "discount": 4}, 100_000.0),
    ("2 ** 10 + 7 // 2 + 7 % 3 + (1 << 4)", {}, 1024 + 3 + 1 + 16),
    ("[x * 2 for x in items if x > 1]", {"items": [1, 2, 3]}, [4, 6]),
    ("{k: v for k, v in fees.items() if v}", {"fees": {"a": 1, "b": 0}}, {"a": 1}),
    ("sum(x for x in items) + len(items)", {"items": [1, 2, 3]}, 9),
    ("applicant['name'].strip().upper()", {"applicant": {"name": "  nguyễn an "}}, "NGUYỄN AN"),
    ("applicant.get('phone', 'none')", {"applicant": {}}, "none"),
    ("', '.join(sorted(tags))", {"tags": ["b", "a"]}, "a, b"),
    ("code.split('-')[1].zfill(8)", {"code": "H36-260130-0001"}, "00260130"),
    ("'x'.ljust(5, '.') + 'ab'.replace('a', 'c')", {}, "x....cb"),
    ("max(scores) - min(scores)", {"scores": [3, 9, 4]}, 6),
    ("any(o == 'agree' for o in opinions) and not all(opinions)", {"opinions": ["agree", ""]},
     True),
    ("isinstance(n, int) and isinstance(s, (str, list))", {"n": 1, "s": "x"}, True),
    ("round(7 / 3, 2)", {}, 2.33),
    ("int('42') + float('0.5') + abs(-1)", {}, 43.5),
    ("list(range(3)) + [len(set([1, 1, 2]))]", {}, [0, 1, 2, 2]),
    ("dict(zip(['a', 'b'], [1, 2]))", {}, {"a": 1, "b": 2}),
    ("[i for i, _ in enumerate('ab')]", {}, [0, 1]),
    ("'H36' in code and 3 in range(10**12)", {"code": "H36-1"}, True),
    ("f'{code}: {fee:,} đ ({ratio:.1%})'", {"code": "A", "fee": 1_500_000, "ratio": 0.25},
     "A: 1,500,000 đ (25.0%)"),
    ("(parse_date(received) + timedelta(days=3)).isoformat()", {"received": "2026-01-30"},
     "2026-02-02"),
    ("(date(2026, 2, 17) - date(2026, 1, 30)).days", {}, 18),
    ("parse_datetime(t).hour", {"t": "2026-01-30T15:30:00+07:00"}, 15),
    ("today().weekday()", {}, 4),
    ("now().isoformat()", {}, FIXED.isoformat()),
    ("date.fromisoformat('2026-01-30').strftime('%d/%m/%Y')", {}, "30/01/2026"),
    ("ceil(2.1) + floor(2.9)", {}, 5),
    ("f'{x:{w}.{p}f}|{x!r:>6}'", {"x": 3.14159, "w": 8, "p": 2}, "    3.14|3.14159"),
    ("sorted(({1, 2} | {3}) - {2}) + [10 - 3, 6 & 3, 6 ^ 3]", {}, [1, 3, 7, 2, 5]),
    ("{**form, 'b': 2}", {"form": {"a": 1}}, {"a": 1, "b": 2}),
    ("dict(**form)", {"form": {"a": 1}}, {"a": 1}),
    ("items.append(2) or items", {"items": [1]}, [1, 2]),  # on a copy: data is unchanged
    ('"P3D"', {}, "P3D"),
]


@pytest.mark.parametrize(("expression", "data", "expected"), ORDINARY,
                         ids=[case[0] for case in ORDINARY])
def test_ordinary_expressions_keep_working(env: RestrictedEnvironment, expression: str,
                                           data: dict[str, Any], expected: Any) -> None:
    before = json.dumps(data, sort_keys=True)
    assert env.evaluate(expression, data) == expected
    assert json.dumps(data, sort_keys=True) == before  # an expression never edits the data


def test_script_results_are_written_back(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"items": [3, 1, 2], "old": 1, "fees": {"a": 1}}
    script = """total = 0
for x in items:
    total += x
n = 0
while n < 3:
    n += 1
items.sort()
fees['b'] = 2
first, *rest = items
window = [0, 0, 0]
window[1:] = [7, 8]
del window[0]
due = (today() + timedelta(days=3)).isoformat()
del old"""
    assert env.execute(script, data) is True
    assert data == {"items": [1, 2, 3], "fees": {"a": 1, "b": 2}, "total": 6, "x": 2, "n": 3,
                    "first": 1, "rest": [2, 3], "window": [7, 8], "due": "2026-02-02"}


@pytest.mark.parametrize(("script", "what"), [
    ("f = len", "builtin_function_or_method"),
    ("d = today()", "isoformat"),
    ("t = (1, 2)", "use a list"),
    ("x = float('nan')", "nan"),
    ("m = {1: 'a'}", "object keys must be text"),
    ("x = []\nfor i in range(100):\n    x = [x]", "nested deeper"),
    ("g = (x for x in [1])", "generator"),
])
def test_non_json_results_are_refused_and_nothing_is_written(
        env: RestrictedEnvironment, script: str, what: str) -> None:
    data = {"kept": True}
    with pytest.raises(ScriptResultError, match=what):
        env.execute(script, data)
    assert data == {"kept": True}


def test_ordinary_exceptions_can_still_be_caught(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"form": {}}
    env.execute("try:\n    phone = form['phone']\nexcept KeyError:\n    phone = None", data)
    assert data["phone"] is None


def test_host_functions_can_be_added() -> None:
    env = RestrictedEnvironment(functions={"working_days": lambda a, b: 3})
    assert env.evaluate("working_days('2026-01-30', '2026-02-04') + 1", {}) == 4
    assert env.evaluate("working_days", {"working_days": 7}) == 7  # task data shadows them


def test_evaluations_in_threads_have_their_own_budgets(env: RestrictedEnvironment) -> None:
    def stopped() -> str:
        with pytest.raises(ScriptLimitError) as caught:
            env.execute("while True:\n    pass", {})
        return str(caught.value)

    def ordinary(n: int) -> int:
        result: int = env.evaluate("sum(i for i in range(n))", {"n": n})
        return result

    with ThreadPoolExecutor(max_workers=4) as pool:
        loops = [pool.submit(stopped) for _ in range(2)]
        sums = [pool.submit(ordinary, 50_000) for _ in range(4)]
        assert [f.result() for f in sums] == [sum(range(50_000))] * 4
        assert all("loop iterations" in f.result() for f in loops)


def test_failed_script_leaves_data_untouched(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"items": [1], "count": 0}
    with pytest.raises(ScriptRuntimeError, match="ZeroDivisionError") as caught:
        env.execute("items.append(2)\ncount = 5\nx = 1 / 0", data)
    assert data == {"items": [1], "count": 0}
    assert isinstance(caught.value, MotcuaError)
    assert caught.value.line == 3
    assert "line 3" in str(caught.value)
    assert "items.append(2)" in str(caught.value)  # names the source


def test_compiled_code_is_cached_by_source(env: RestrictedEnvironment) -> None:
    for value in ("a", "b", "a"):
        env.evaluate("x == 'a'", {"x": value})
    info = env.compiler.cache_info()
    assert (info.hits, info.misses) == (2, 1)
    small = RestrictedEnvironment(ScriptLimits(cache_size=2))
    for n in range(5):
        small.evaluate(f"{n} + 1", {})
    assert small.compiler.cache_info().currsize == 2


def test_limits_are_configurable() -> None:
    tight = RestrictedEnvironment(ScriptLimits(max_iterations=10, max_size=100))
    tight.evaluate("[i for i in range(10)]", {})
    with pytest.raises(ScriptLimitError, match="exceeded 10 loop iterations"):
        tight.evaluate("[i for i in range(11)]", {})
    with pytest.raises(ScriptLimitError, match="result too large"):
        tight.evaluate("'a' * 101", {})


# --- SpiffWorkflow integration ---------------------------------------------------------

SCRIPT_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="Definitions_t" targetNamespace="urn:motcua:test">
  <bpmn:process id="Process_script" isExecutable="true">
    <bpmn:startEvent id="Event_begin"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="Task_count" name="Count">
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:script>n = 0
while n &lt; limit:
    n += 1
counted = n</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:serviceTask id="Task_issue" name="Issue">
      <bpmn:extensionElements>
        <spiffworkflow:serviceTaskOperator id="OPERATOR" resultVariable="e_result">
          <spiffworkflow:parameters>
            <spiffworkflow:parameter id="dossier_code" type="str" value="code.upper()"/>
          </spiffworkflow:parameters>
        </spiffworkflow:serviceTaskOperator>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="Event_finish"><bpmn:incoming>Flow_3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Event_begin" targetRef="Task_count"/>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_count" targetRef="Task_issue"/>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_issue" targetRef="Event_finish"/>
  </bpmn:process>
</bpmn:definitions>
"""


def script_workflow(data: dict[str, Any], engine: RestrictedScriptEngine,
                    operator: str = "eresult.issue") -> BpmnWorkflow:
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(SCRIPT_PROCESS.replace("OPERATOR", operator).encode())
    spec = parser.get_spec("Process_script")
    workflow = BpmnWorkflow(spec, script_engine=engine)
    workflow.get_tasks(state=TaskState.READY)[0].data.update(data)
    return workflow


def test_stopped_script_task_keeps_state_and_can_be_retried() -> None:
    engine = RestrictedScriptEngine()
    workflow = script_workflow({"limit": 10**9, "code": "h36-260130-0001"}, engine)
    with pytest.raises(WorkflowTaskException) as caught:
        workflow.do_engine_steps()
    error = script_error_of(caught.value)
    assert isinstance(error, ScriptLimitError)
    assert "exceeded 100000 loop iterations" in str(error)
    assert caught.value.__cause__ is error
    assert caught.value.line_number == 2
    [task] = [t for t in workflow.get_tasks() if t.task_spec.name == "Task_count"]
    assert task.state == TaskState.ERROR
    assert task.data == {"limit": 10**9, "code": "h36-260130-0001"}  # nothing half-written
    assert not workflow.is_completed()

    # the stopped workflow is saved as it is, reloaded later, fixed and retried
    saved = json.loads(json.dumps(SERIALIZER.to_dict(workflow)))
    again = SERIALIZER.from_dict(saved)
    again.script_engine = engine
    [task] = [t for t in again.get_tasks() if t.task_spec.name == "Task_count"]
    assert task.state == TaskState.ERROR
    task.data["limit"] = 5
    task.run()
    again.do_engine_steps()
    assert again.is_completed()
    result = again.last_task.data
    assert result["counted"] == 5
    assert result["e_result"]["issued"] is True
    assert result["e_result"]["dossier_code"] == "H36-260130-0001"
    assert result["e_result"]["reference"].startswith("KQ-")


def test_unknown_service_operator_is_a_clear_script_error() -> None:
    workflow = script_workflow({"limit": 1, "code": "x"}, RestrictedScriptEngine(),
                               operator="portal.missing")
    with pytest.raises(WorkflowTaskException) as caught:
        workflow.do_engine_steps()
    error = script_error_of(caught.value)
    assert isinstance(error, UnknownServiceError)
    assert "'portal.missing'" in str(error)
    assert "eresult.issue" in str(error)  # says what is registered


def test_service_registry_dispatches_and_wraps_failures() -> None:
    registry = ServiceRegistry()
    registry.register("echo", lambda call: {"got": dict(call.params)})
    registry.register("broken", lambda call: 1 / 0)
    registry.register("opaque", lambda call: object())
    assert json.loads(registry.call(ServiceCall("echo", {"a": 1}))) == {"got": {"a": 1}}
    with pytest.raises(ServiceError, match="ZeroDivisionError"):
        registry.call(ServiceCall("broken"))
    with pytest.raises(ServiceError, match="not JSON"):
        registry.call(ServiceCall("opaque"))
    with pytest.raises(ValueError, match="already registered"):
        registry.register("echo", lambda call: None)
    assert "echo" in registry
    issue = default_services().call
    first = issue(ServiceCall("eresult.issue", {"dossier_code": "H36-1"}, {}, "T"))
    again = issue(ServiceCall("eresult.issue", {"dossier_code": "H36-1"}, {}, "T"))
    other = issue(ServiceCall("eresult.issue", {"dossier_code": "H36-2"}, {}, "T"))
    assert first == again != other  # a deterministic reference per dossier


def duration_of(value: str) -> timedelta:
    parsed = TimerEventDefinition.parse_iso_duration(value)
    delta: timedelta = TimerEventDefinition.get_timedelta_from_start(parsed)
    return delta


@pytest.mark.parametrize("archetype", list(Archetype), ids=[a.value for a in Archetype])
def test_generated_conditions_and_timers_evaluate_in_the_sandbox(archetype: Archetype) -> None:
    xml = etree.fromstring(render(procedure(archetype, budget=5.0), PARTNER_NAMES))
    conditions = [e.text or "" for e in xml.iterfind(".//bpmn:conditionExpression", NS)]
    timers = [e.text or "" for e in xml.iterfind(".//bpmn:timeDuration", NS)]
    assert 'reception_outcome == "refuse"' in conditions
    assert timers
    assert all(t.startswith('"P') for t in timers)
    env = RestrictedEnvironment()
    answers = {"reception_outcome": "refuse", "appraisal_outcome": "supplement"}
    for condition in conditions:
        assert env.evaluate(condition, answers) is True
        assert env.evaluate(condition, {k: "other" for k in answers}) is False
    for timer in timers:
        assert duration_of(env.evaluate(timer, {})) >= timedelta(hours=1)
    assert duration_of(env.evaluate('"P3D"', {})) == timedelta(days=3)


class RecordingEngine(RestrictedScriptEngine):
    """Remembers what SpiffWorkflow asked it to evaluate."""

    seen: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.seen = []

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        self.seen.append(expression)
        return super().evaluate(task, expression, external_context)


ARCHETYPE_PATHS = [
    pytest.param(archetype, name, id=f"{archetype.value}: {name}")
    for archetype in Archetype
    for name, _, _ in paths(archetype)
]


@pytest.mark.parametrize(("archetype", "name"), ARCHETYPE_PATHS)
def test_every_archetype_runs_to_completion_under_the_restricted_engine(
        archetype: Archetype, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ends = {n: (p, e) for n, p, e in paths(archetype)}[name]  # fresh: walk mutates it
    engine = RecordingEngine()
    warns = path.warn_at is not None
    workflow = walk(render(procedure(archetype), PARTNER_NAMES), path, monkeypatch,
                    engine=engine)
    assert workflow.script_engine is engine
    assert workflow.is_completed(), f"stuck after {path.visited}"
    assert ends <= ended_at(workflow) if path.withdraw_at else ended_at(workflow) == ends
    assert 'reception_outcome == "refuse"' in engine.seen  # the gateway went through us
    if warns:
        assert any(expr.startswith('"P') for expr in engine.seen)  # so did the timer
    if archetype is Archetype.FEE_ERESULT and ends == {"Event_done"}:
        issued = workflow.last_task.data.get("e_result") or {}
        assert issued.get("reference", "").startswith("KQ-")


def test_script_error_of_finds_nothing_in_unrelated_errors() -> None:
    assert script_error_of(ValueError("x")) is None
    inner = ScriptError("inner")
    outer = RuntimeError("outer")
    outer.__context__ = inner  # what `raise RuntimeError(...)` inside `except` leaves
    assert script_error_of(outer) is inner


def test_engine_validate_refuses_what_the_sandbox_refuses() -> None:
    engine = RestrictedScriptEngine()
    engine.validate("a == 1")
    with pytest.raises(ScriptError, match="lambda"):
        engine.validate("(lambda: 1)()")


def test_today_and_now_use_vietnam_time_by_default() -> None:
    assert RestrictedEnvironment().evaluate("now().utcoffset()", {}) == timedelta(hours=7)
