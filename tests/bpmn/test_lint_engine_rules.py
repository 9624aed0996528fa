"""The linter's engine rules: timer expressions, condition variables and syntax, form schemas."""

from __future__ import annotations

import pytest

from bpmn.lint import lint
from bpmn.lint.compat import is_iso_literal
from tests.bpmn.lint_fixtures import CLEAN_BODY, bpmn_file, flow, form, rules_on
from tests.bpmn.lint_fixtures import condition_body as _condition_body


def _timer_body(expression: str, kind: str = "timeDuration") -> str:
    return CLEAN_BODY.replace(
        '<bpmn:timeDuration>"P3D"</bpmn:timeDuration>',
        f"<bpmn:{kind}>{expression}</bpmn:{kind}>",
    )


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("PT1H", "timeDuration"),
        ("P3D", "timeDuration"),
        ("R3/PT1H", "timeCycle"),
        ("2026-01-01T08:00", "timeDate"),
    ],
)
def test_bare_iso_timer_is_unquoted(expression: str, kind: str) -> None:
    findings = lint(bpmn_file(_timer_body(expression, kind)))

    assert rules_on(findings, "Boundary_late") == {"motcua/timer-unquoted"}
    unquoted = next(f for f in findings if f.rule == "motcua/timer-unquoted")
    assert f'"{expression}"' in unquoted.message


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ('"PT1H', "timeDuration"),  # unterminated string
        ("", "timeDuration"),
        ('"P1X"', "timeDuration"),  # quoted, but not ISO 8601
        ('"yesterday"', "timeDate"),
    ],
)
def test_invalid_timer_is_timer_syntax(expression: str, kind: str) -> None:
    findings = lint(bpmn_file(_timer_body(expression, kind)))

    assert rules_on(findings, "Boundary_late") == {"motcua/timer-syntax"}


@pytest.mark.parametrize(
    ("expression", "kind"),
    [('"PT4H"', "timeDuration"), ('"R3/PT1H"', "timeCycle"), ("deadline", "timeDate")],
)
def test_quoted_or_computed_timer_is_accepted(expression: str, kind: str) -> None:
    assert lint(bpmn_file(_timer_body(expression, kind))) == []


@pytest.mark.parametrize("text", ["PT1H", "P3D", "P1Y2M", "R/P1D", "2026-01-01", "R3/PT1H"])
def test_iso_literals_are_recognised(text: str) -> None:
    assert is_iso_literal(text)


@pytest.mark.parametrize("text", ["deadline", '"PT1H"', "P", "PT", "due + 1"])
def test_expressions_are_not_iso_literals(text: str) -> None:
    assert not is_iso_literal(text)




def test_condition_on_undefined_variable_names_variable_and_flow() -> None:
    findings = lint(bpmn_file(_condition_body("aproved == True")))

    assert [(f.rule, f.element_id) for f in findings] == [("motcua/undefined-variable", "Flow_yes")]
    assert "'aproved'" in findings[0].message
    assert "'yes'" in findings[0].message


@pytest.mark.parametrize(
    "condition",
    [
        "approved and fee &gt; 0",  # fee is assigned by the script task
        "len([d for d in documents if d]) &gt; 0",  # documents is a data object
        "any(x for x in [approved])",  # comprehension variable, builtin
        "result_code == 200",  # service result variable
    ],
)
def test_condition_variables_from_forms_scripts_and_data_are_defined(condition: str) -> None:
    extra = (
        '<bpmn:dataObject id="documents" name="Documents"/>'
        '<bpmn:serviceTask id="Svc" name="Check registry"><bpmn:extensionElements>'
        '<spiffworkflow:serviceTaskOperator id="registry/check" resultVariable="result_code"/>'
        "</bpmn:extensionElements></bpmn:serviceTask>"
    )
    body = _condition_body(condition).replace(
        flow("Flow_1", "StartEvent_1", "Task_review"),
        flow("Flow_1", "StartEvent_1", "Svc") + flow("Flow_0", "Svc", "Task_review"),
    )

    assert lint(bpmn_file(extra + body)) == []


def test_empty_condition_is_condition_syntax() -> None:
    findings = lint(bpmn_file(_condition_body("")))

    assert rules_on(findings, "Flow_yes") == {"motcua/condition-syntax"}


@pytest.mark.parametrize("value", ["[1, 2]", '{"properties": []}'])
def test_form_schema_must_be_an_object_with_object_properties(value: str) -> None:
    body = CLEAN_BODY.replace(
        form({"approved": "boolean"}),
        "<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property "
        f"name=\"formJsonSchema\" value='{value}'/></spiffworkflow:properties>"
        "</bpmn:extensionElements>",
    )

    findings = lint(bpmn_file(body))

    assert "motcua/form-schema" in rules_on(findings, "Task_review")


