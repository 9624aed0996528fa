"""parse_process: a usable spec for good files, one BpmnParseError for every kind of bad one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffProcessParser
from SpiffWorkflow.spiff.parser.task_spec import ServiceTaskParser
from SpiffWorkflow.util.task import TaskState

from bpmn.errors import BpmnParseError, ProcedureError
from bpmn.parsing import ParsedProcess, parse_process, read_bpmn_xml

HEAD = (
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="D">'
)


def process(body: str, ident: str = "P", executable: str | None = "true") -> str:
    flag = f' isExecutable="{executable}"' if executable is not None else ""
    return f'<bpmn:process id="{ident}"{flag}>{body}</bpmn:process>'


def document(*processes: str) -> bytes:
    return (HEAD + "".join(processes) + "</bpmn:definitions>").encode()


def flow(ident: str, source: str, target: str, condition: str | None = None) -> str:
    inner = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
    return f'<bpmn:sequenceFlow id="{ident}" sourceRef="{source}" targetRef="{target}">{inner}' + (
        "</bpmn:sequenceFlow>"
    )


SIMPLE = (
    '<bpmn:startEvent id="S"/><bpmn:userTask id="T" name="Review"/><bpmn:endEvent id="E"/>'
    + flow("F1", "S", "T")
    + flow("F2", "T", "E")
)
WITH_SUBPROCESS = (
    '<bpmn:startEvent id="S"/><bpmn:subProcess id="SP" name="Appraise">'
    '<bpmn:startEvent id="SS"/><bpmn:userTask id="ST" name="Check"/><bpmn:endEvent id="SE"/>'
    + flow("SF1", "SS", "ST")
    + flow("SF2", "ST", "SE")
    + '</bpmn:subProcess><bpmn:endEvent id="E"/>'
    + flow("F1", "S", "SP")
    + flow("F2", "SP", "E")
)


def test_parses_the_executable_process() -> None:
    parsed = parse_process(document(process(SIMPLE)))

    assert isinstance(parsed, ParsedProcess)
    assert parsed.process_id == "P"
    assert parsed.spec.name == "P"
    assert "T" in parsed.spec.task_specs
    assert etree.QName(parsed.tree.getroot()).localname == "definitions"
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.process_id = "other"  # type: ignore[misc]


def test_parsed_process_runs_including_its_subprocess() -> None:
    parsed = parse_process(document(process(WITH_SUBPROCESS)))

    assert "SP" in parsed.subprocess_specs
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs)
    workflow.do_engine_steps()
    ready = workflow.get_tasks(state=TaskState.READY)
    assert [t.task_spec.bpmn_id for t in ready] == ["ST"]


@pytest.mark.parametrize(
    ("processes", "process_id", "expected"),
    [
        ((process(SIMPLE, "A", "false"), process(SIMPLE, "B", "true")), None, "B"),
        ((process(SIMPLE, "A", None), process(SIMPLE, "B", None)), None, "A"),
        ((process(SIMPLE, "A", "true"), process(SIMPLE, "B", "true")), "B", "B"),
    ],
    ids=["the-executable-one", "first-when-none-marked", "named"],
)
def test_chooses_the_process(
    processes: tuple[str, ...], process_id: str | None, expected: str
) -> None:
    assert parse_process(document(*processes), process_id=process_id).process_id == expected


# (case, file, process_id, element_id the error must carry, fragment of its message)
ERROR_CASES = [
    ("xml-syntax", b"<root>\n<unclosed>", None, None, "(line 2)"),
    ("not-bpmn", b"<html/>", None, None, "not a BPMN 2.0 diagram"),
    ("no-process", document(), None, None, "no process"),
    ("unknown-process-id", document(process(SIMPLE)), "Nope", "Nope", "no process 'Nope'"),
    (
        "several-executable",
        document(process(SIMPLE, "A"), process(SIMPLE, "B")),
        None,
        "B",
        "several executable processes",
    ),
    ("not-executable", document(process(SIMPLE, "P", "false")), None, "P", "executable"),
    (
        "service-task-without-operator",
        document(process(SIMPLE.replace("userTask", "serviceTask"))),
        None,
        "T",
        "serviceTaskOperator",
    ),
    (
        "operator-without-id",
        document(
            process(
                SIMPLE.replace(
                    '<bpmn:userTask id="T" name="Review"/>',
                    '<bpmn:serviceTask id="T"><bpmn:extensionElements>'
                    "<spiffworkflow:serviceTaskOperator/></bpmn:extensionElements>"
                    "</bpmn:serviceTask>",
                )
            )
        ),
        None,
        "T",
        "'id' is missing",
    ),
    (
        "flow-without-condition",
        document(
            process(
                '<bpmn:startEvent id="S"/><bpmn:exclusiveGateway id="G"/>'
                '<bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>'
                + flow("F1", "S", "G")
                + flow("F2", "G", "E1", "x == 1")
                + flow("F3", "G", "E2")
            )
        ),
        None,
        "F3",
        "default flow",
    ),
    (
        "complex-gateway",
        document(process(SIMPLE.replace("userTask", "complexGateway"))),
        None,
        "T",
        "exclusive or parallel",
    ),
    (
        "reserved-id",
        document(process(SIMPLE.replace('"S"', '"Start"'))),
        None,
        "Start",
        "'Start'",
    ),
    (
        "missing-called-process",
        document(process(SIMPLE.replace("userTask", 'callActivity calledElement="Other"'))),
        None,
        "T",
        "Other",
    ),
    (
        "flow-to-nowhere",
        document(process(SIMPLE.replace('targetRef="E"', 'targetRef="Nowhere"'))),
        None,
        "T",
        "does not exist",
    ),
    (
        "data-object-property-without-name",  # a KeyError outside any task parser
        document(
            process(
                '<bpmn:dataObject id="DO"><bpmn:extensionElements><spiffworkflow:properties>'
                '<spiffworkflow:property value="x"/></spiffworkflow:properties>'
                "</bpmn:extensionElements></bpmn:dataObject>" + SIMPLE
            )
        ),
        None,
        "P",
        "KeyError",
    ),
]


@pytest.mark.parametrize(
    ("xml", "process_id", "element_id", "fragment"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_bad_files_raise_bpmn_parse_error_naming_the_element(
    xml: bytes, process_id: str | None, element_id: str | None, fragment: str
) -> None:
    with pytest.raises(BpmnParseError) as caught:
        parse_process(xml, process_id=process_id)

    assert caught.value.element_id == element_id
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ProcedureError)
    assert "0x" not in str(caught.value)  # no object reprs with memory addresses


@pytest.mark.parametrize(
    "error", [TypeError, NameError, KeyError, AttributeError, RecursionError, ValueError]
)
def test_any_exception_while_parsing_a_task_names_the_task(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def explode(self: object) -> None:
        raise error("odd file")

    monkeypatch.setattr(ServiceTaskParser, "create_task", explode)
    xml = document(process(SIMPLE.replace("userTask", "serviceTask")))

    with pytest.raises(BpmnParseError) as caught:
        parse_process(xml)

    assert caught.value.element_id == "T"
    assert "odd file" in str(caught.value)


@pytest.mark.parametrize("error", [TypeError, NameError, KeyError, AttributeError])
def test_any_exception_outside_task_parsers_names_the_process(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def explode(self: object, obj: object) -> None:
        raise error("odd file")

    monkeypatch.setattr(SpiffProcessParser, "parse_data_object", explode)
    xml = document(process('<bpmn:dataObject id="DO"/>' + SIMPLE))

    with pytest.raises(BpmnParseError) as caught:
        parse_process(xml)

    assert caught.value.element_id == "P"
    assert type(caught.value.__cause__) is error


def test_external_entities_are_refused_and_not_read(tmp_path: Path) -> None:
    secret = "s3cr3t-content"
    target = tmp_path / "secret.txt"
    target.write_text(secret)
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{target}">]>'
        f"{HEAD}<bpmn:documentation>&x;</bpmn:documentation></bpmn:definitions>"
    ).encode()

    with pytest.raises(BpmnParseError) as caught:
        parse_process(xml)

    assert "DOCTYPE" in str(caught.value)
    assert secret not in str(caught.value)


def test_entity_expansion_bomb_is_refused() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    xml = f"<!DOCTYPE d [{entities}]><d>&i;</d>".encode()

    with pytest.raises(BpmnParseError):
        read_bpmn_xml(xml)


@pytest.mark.parametrize("xml", [b"", b"\x00\x01\x02", b"\xff\xfe<", "<a/>".encode("utf-16")])
def test_garbage_never_escapes_as_another_exception(xml: bytes) -> None:
    with pytest.raises(BpmnParseError):
        parse_process(xml)
