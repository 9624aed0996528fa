"""Reading BPMN files safely, and parsing them with SpiffWorkflow without surprises.

Diagrams arrive from browsers and spreadsheets, so XML is read with entity expansion,
DTDs and network access off and lxml's size limits on (no billion-laughs, no local file
disclosure through external entities). A file that declares a DOCTYPE is refused: BPMN
never needs one.

SpiffWorkflow reports problems through many exception types: ``ValidationException``
(with the element's id and name), ``TypeError``/``KeyError``/``NameError``/
``AttributeError`` from files it did not expect, even ``RecursionError``. Callers (the
engine's spec cache, the API's save and publish, ``motcua bpmn check``) must see exactly
one type, :class:`~bpmn.errors.BpmnParseError`, carrying the offending element's id and a
sentence a reform planner can act on. Nothing else leaves :func:`parse_process`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from bpmn.errors import BpmnParseError

__all__ = ["BPMN_NS", "RESERVED_IDS", "ParsedProcess", "parse_process", "read_bpmn_xml"]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"

# What to do about the messages SpiffWorkflow 3.2 is known to give, by a piece of them.
_ADVICE = (
    (
        "Service Task must have an operator",
        "Choose the service the task calls (spiffworkflow:serviceTaskOperator) in its properties.",
    ),
    ("is not executable", 'Mark the process as executable (isExecutable="true").'),
    ("No start event found", "Add a start event where the procedure begins."),
    ("without condition", "Give the flow a condition, or make it the gateway's default flow."),
    (
        "Multiple outgoing flows are not supported",
        "Put a gateway after the element to split the flow.",
    ),
    ("has no implementation", "The engine has no data stores; remove the data store."),
    (
        "no support implemented for this task type",
        "Replace the element with a supported one "
        "(use exclusive or parallel gateways instead of complex gateways).",
    ),
    ("Exactly one start event is required", "Give the sub-process exactly one blank start event."),
    ("Duplicate process ID", "Give every process a distinct id."),
    (
        "When looking for a task spec",
        "A sequence flow points to an element that does not exist; reconnect or delete it.",
    ),
    (
        "was not found",
        "A call activity calls a process that is not in this file; call one of this file's "
        "processes, or draw the steps as a sub-process.",
    ),
    ("Unknown Time Specification", "Give the timer a duration, a date or a cycle."),
    (
        "multiinstance task must specify",
        "Set the loop cardinality or the input collection of the multi-instance activity.",
    ),
)
_DEFAULT_ADVICE = "Correct the element in the modeler and save again."
_POSITION = re.compile(r",? line \d+, column \d+$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
# SpiffWorkflow sometimes puts an lxml element's repr (with its memory address) in a message.
_ELEMENT_REPR = re.compile(r"<Element \{[^}]*\}(\w+) at 0x[0-9a-fA-F]+>")
# ... and sometimes the repr of the exception it caught: KeyError('id').
_EXCEPTION_REPR = re.compile(r"^(\w+)\((['\"]?)(.*)\2\)$")
# SpiffWorkflow names the task specs it adds to every process "Start" and "End"; a flow
# node with one of these ids silently replaces them and the workflow cannot run.
RESERVED_IDS = frozenset({"Start", "End"})
_FLOW_NODE_SUFFIXES = ("Task", "Event", "Gateway", "SubProcess")
_FLOW_NODE_NAMES = frozenset({"task", "subProcess", "callActivity", "transaction"})


@dataclass(frozen=True)
class ParsedProcess:
    """One executable process of a file, ready to instantiate a workflow from.

    ``spec`` is SpiffWorkflow's ``BpmnProcessSpec``; ``subprocess_specs`` maps the ids of
    its call activities' and sub-processes' specs to theirs (what ``BpmnWorkflow`` takes
    as its second argument); ``tree`` is the document it came from.
    """

    spec: Any
    subprocess_specs: dict[str, Any]
    process_id: str
    tree: etree._ElementTree


def read_bpmn_xml(xml: bytes) -> etree._Element:
    """The root ``bpmn:definitions`` element of a file, read with the safe settings."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        problem = _POSITION.sub("", exc.msg or "unreadable")
        raise BpmnParseError(
            f"The file is not well-formed XML: {problem} (line {exc.lineno}). "
            "Save the diagram again from the modeler, or repair the XML at that line."
        ) from exc
    except (ValueError, TypeError) as exc:
        raise BpmnParseError(f"The file cannot be read as XML ({exc}).") from exc
    _check_document(root)
    return root


def _check_document(root: etree._Element) -> None:
    if root.getroottree().docinfo.doctype:
        raise BpmnParseError(
            "The file declares a DOCTYPE, which BPMN files never need and which is refused "
            "for safety. Remove the <!DOCTYPE ...> declaration."
        )
    qname = etree.QName(root)
    if (qname.namespace, qname.localname) != (BPMN_NS, "definitions"):
        raise BpmnParseError(
            f"The file is XML but not a BPMN 2.0 diagram: its root element is "
            f"<{qname.localname}>, not <definitions> in the BPMN 2.0 namespace. "
            "Export the diagram as BPMN 2.0 XML."
        )


def parse_process(xml: bytes, *, process_id: str | None = None) -> ParsedProcess:
    """Parse one process of a BPMN file with SpiffWorkflow's Spiff dialect.

    Without ``process_id`` the file's single process marked ``isExecutable="true"`` is
    taken, or its first process when none is marked. Raises only ``BpmnParseError``.
    """
    root = read_bpmn_xml(xml)
    chosen = _choose_process(root, process_id)
    _refuse_reserved_ids(root)
    try:
        parser = SpiffBpmnParser()
        parser.add_bpmn_xml(root)
        spec = parser.get_spec(chosen)
        subprocess_specs = dict(parser.get_subprocess_specs(chosen))
    except ValidationException as exc:
        raise _from_validation(root, exc) from exc
    except Exception as exc:  # SpiffWorkflow's other failure modes, whatever their type
        raise _from_unexpected(root, exc) from exc
    return ParsedProcess(spec, subprocess_specs, chosen, root.getroottree())


def _choose_process(root: etree._Element, process_id: str | None) -> str:
    processes = root.findall(f"{{{BPMN_NS}}}process")
    ids = [p.get("id") or "" for p in processes]
    if not processes:
        raise BpmnParseError("The file contains no process. Draw the procedure as a process.")
    if process_id is not None:
        if process_id not in ids:
            raise BpmnParseError(
                f"The file has no process '{process_id}'; its processes are: "
                f"{', '.join(ids)}. Choose one of them.",
                element_id=process_id,
            )
        return process_id
    executable = [p for p in processes if (p.get("isExecutable") or "").strip() == "true"]
    if len(executable) > 1:
        names = ", ".join(p.get("id") or "?" for p in executable)
        raise BpmnParseError(
            f"The file has several executable processes ({names}). Keep one executable "
            "process per procedure file, or say which one to run.",
            element_id=executable[1].get("id"),
        )
    chosen = (executable or processes)[0]
    if not chosen.get("id"):
        raise BpmnParseError("The process has no id. Give it one, e.g. 'Process_1'.")
    return chosen.get("id") or ""


def _is_flow_node(el: etree._Element) -> bool:
    local = etree.QName(el).localname if isinstance(el.tag, str) else ""
    return local.endswith(_FLOW_NODE_SUFFIXES) or local in _FLOW_NODE_NAMES


def _refuse_reserved_ids(root: etree._Element) -> None:
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        for el in process.iter():
            if el.get("id") in RESERVED_IDS and _is_flow_node(el):
                what = _describe(el, el.get("id"))
                raise BpmnParseError(
                    f"{what[:1].upper()}{what[1:]} has the id '{el.get('id')}', "
                    "which the workflow engine uses for its own start and end steps; a "
                    f"dossier would break. Give it another id, e.g. '{el.get('id')}Event_1'.",
                    element_id=el.get("id"),
                )


def _find(root: etree._Element, element_id: str | None) -> etree._Element | None:
    if not element_id:
        return None
    for el in root.iter():
        if el.get("id") == element_id and isinstance(el.tag, str):
            return el
    return None


def _describe(el: etree._Element | None, element_id: str | None) -> str:
    if el is None:
        return f"element {element_id}" if element_id else "the diagram"
    words = _CAMEL.sub(" ", etree.QName(el).localname).lower()
    name = " ".join((el.get("name") or "").split())
    where = f", line {el.sourceline}" if el.sourceline else ""
    named = f"{words} '{name}'" if name else words
    return f"{named} ({element_id}{where})"


def _advice(message: str) -> str:
    for fragment, advice in _ADVICE:
        if fragment in message:
            return advice
    return _DEFAULT_ADVICE


def _from_validation(root: etree._Element, exc: ValidationException) -> BpmnParseError:
    raw = str(exc.args[0]) if exc.args else str(exc)
    text = _humanize(" ".join(_ELEMENT_REPR.sub(r"\1", raw).split()))
    element_id = getattr(exc, "id", "") or _element_named_in(root, text)
    what = _describe(_find(root, element_id), element_id)
    return BpmnParseError(
        f"The workflow engine cannot read {what}: {text.rstrip('.')}. {_advice(text)}",
        element_id=element_id,
    )


def _humanize(text: str) -> str:
    match = _EXCEPTION_REPR.match(text)
    if match is None:
        return text
    kind, _quote, detail = match.groups()
    if kind == "KeyError":
        return f"the attribute or property '{detail}' is missing"
    return f"{kind}: {detail}"


def _element_named_in(root: etree._Element, message: str) -> str | None:
    """Some messages name a data store or a called process, not an element id; find it."""
    for store in root.iter(f"{{{BPMN_NS}}}dataStore"):
        name = " ".join((store.get("name") or "").split())
        if name and name in message:
            return store.get("id")
    for call in root.iter(f"{{{BPMN_NS}}}callActivity"):
        if call.get("calledElement") and f"'{call.get('calledElement')}'" in message:
            return call.get("id")
    return None


def _from_unexpected(root: etree._Element, exc: Exception) -> BpmnParseError:
    element = _element_in_traceback(exc.__traceback__)
    element_id = element.get("id") if element is not None else None
    what = _describe(_find(root, element_id), element_id)
    detail = _ELEMENT_REPR.sub(r"\1", str(exc))
    return BpmnParseError(
        f"The workflow engine failed while reading {what} ({type(exc).__name__}: {detail}). "
        "The element is probably incomplete or uses a construct the engine does not "
        f"support. {_DEFAULT_ADVICE}",
        element_id=element_id,
    )


def _element_in_traceback(tb: TracebackType | None) -> etree._Element | None:
    """The innermost BPMN element SpiffWorkflow was working on (its ``node``), if any."""
    found: etree._Element | None = None
    while tb is not None:
        f_locals = tb.tb_frame.f_locals
        for candidate in (f_locals.get("node"), getattr(f_locals.get("self"), "node", None)):
            if isinstance(candidate, etree._Element) and candidate.get("id"):
                found = candidate
                break
        tb = tb.tb_next
    return found
