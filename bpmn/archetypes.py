"""The six archetype processes that every catalogue procedure is an instance of.

Each archetype is a function of the catalogue row: the row fixes names, step budgets,
the number of partner agencies and the warning timer, the archetype fixes the shape.
Every archetype has

- a refusal path at reception (Form 03; status 3),
- a withdrawal path: an interrupting ``withdraw`` signal on every back-office task, into
  a terminate end event so parallel branches stop too (status 7),
- a non-interrupting boundary timer on the main processing task that throws the
  ``deadline_warning`` escalation before the step's budget runs out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from bpmn import forms
from bpmn.catalog.model import Archetype, Procedure, TimeUnit
from bpmn.diagram import Boundary, BoundaryKind, Diagram, Lane, Node, NodeKind

__all__ = ["WARNING_SHARE", "build_diagram", "process_id", "warning_duration"]

LANES = {
    "reception": Lane("reception", "Bộ phận Một cửa"),
    "specialist": Lane("specialist", "Phòng chuyên môn"),
    "partner": Lane("partner", "Cơ quan phối hợp"),
    "leader": Lane("leader", "Lãnh đạo"),
}
ROLE_OF_LANE = {
    "reception": "receiver",
    "specialist": "specialist",
    "partner": "partner",
    "leader": "leader",
}
# The warning timer fires when this share of the main step's budget has elapsed.
WARNING_SHARE = 0.75
_MINUTES_PER_UNIT = {
    TimeUnit.WORKING_DAYS: 24 * 60,
    TimeUnit.DAYS: 24 * 60,
    TimeUnit.HOURS: 60,
    TimeUnit.MONTHS: 30 * 24 * 60,
}


def process_id(code: str) -> str:
    return "Process_" + code.replace(".", "_")


def warning_duration(budget: float, unit: TimeUnit) -> str:
    """The quoted ISO 8601 duration after which the warning timer fires.

    Working days shorter than one day are counted in office hours (8 a day), longer ones
    as calendar days: the engine's working calendar gives exact due dates, this timer
    only has to warn early rather than late.
    """
    share = budget * WARNING_SHARE
    if unit is TimeUnit.WORKING_DAYS and share < 1:
        minutes = share * 8 * 60
    else:
        minutes = share * _MINUTES_PER_UNIT[unit]
    total = max(1, math.floor(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = "".join(f"{n}{u}" for n, u in ((hours, "H"), (mins, "M")) if n)
    iso = "P" + (f"{days}D" if days else "") + (f"T{parts}" if parts else "")
    return f'"{iso}"'


class _Builder:
    """Adds the pieces archetypes share to a `Diagram` under construction."""

    def __init__(self, procedure: Procedure, lanes: Sequence[str]) -> None:
        self.procedure = procedure
        self.budgets = {s.step: s.budget for s in procedure.steps}
        self.diagram = Diagram(
            process_id=process_id(procedure.code),
            name=procedure.name,
            lanes=[LANES[key] for key in lanes],
            properties={
                "motcua.code": procedure.code,
                "motcua.field": procedure.field,
                "motcua.level": procedure.level.value,
                "motcua.archetype": procedure.archetype.value,
                "motcua.statutoryTime": _number(procedure.statutory_time),
                "motcua.timeUnit": procedure.time_unit.value,
            },
        )

    def event(self, node_id: str, lane: str, name: str, kind: NodeKind = NodeKind.END) -> str:
        self.diagram.add(Node(node_id, kind, lane, name))
        return node_id

    def gateway(
        self, node_id: str, lane: str, name: str, kind: NodeKind = NodeKind.EXCLUSIVE
    ) -> str:
        self.diagram.add(Node(node_id, kind, lane, name))
        return node_id

    def task(
        self,
        node_id: str,
        lane: str,
        name: str,
        *,
        step: str | None,
        form: forms.Schema,
        budget: float | None = None,
    ) -> str:
        if budget is None and step is not None:
            budget = self.budgets[step]
        self.diagram.add(
            Node(node_id, NodeKind.USER_TASK, lane, name, ROLE_OF_LANE[lane], step, budget, form)
        )
        return node_id

    def withdrawable(self, task_id: str) -> None:
        """The citizen may withdraw while this task is open."""
        suffix = task_id.removeprefix("Task_")
        lane = self.diagram.nodes[task_id].lane
        end = self.event(f"Event_withdrawn_{suffix}", lane, "Đã rút hồ sơ", NodeKind.TERMINATE_END)
        self.diagram.boundaries.append(
            Boundary(
                f"Boundary_withdraw_{suffix}",
                BoundaryKind.WITHDRAW,
                task_id,
                "Công dân rút hồ sơ",
                end,
            )
        )

    def warned(self, task_id: str) -> None:
        """Warn the officers when most of this task's budget has gone."""
        node = self.diagram.nodes[task_id]
        suffix = task_id.removeprefix("Task_")
        end = self.event(
            f"Event_warned_{suffix}", node.lane, "Cảnh báo sắp đến hạn", NodeKind.ESCALATION_END
        )
        assert node.budget is not None
        self.diagram.boundaries.append(
            Boundary(
                f"Boundary_timer_{suffix}",
                BoundaryKind.TIMER,
                task_id,
                "Sắp đến hạn",
                end,
                warning_duration(node.budget, self.procedure.time_unit),
            )
        )

    def reception(self) -> str:
        """Start, reception check and the refusal path; returns the accepting gateway."""
        d = self.diagram
        self.event("Event_submitted", "reception", "Hồ sơ được nộp", NodeKind.START)
        self.task(
            "Task_receive",
            "reception",
            "Tiếp nhận, kiểm tra hồ sơ",
            step="receive",
            form=forms.receive_form(),
        )
        self.gateway("Gateway_valid", "reception", "Hồ sơ hợp lệ?")
        self.event("Event_refused", "reception", "Từ chối tiếp nhận (Mẫu 03)")
        d.chain("Event_submitted", "Task_receive", "Gateway_valid")
        d.connect(
            "Gateway_valid",
            "Event_refused",
            name="Không hợp lệ",
            condition='reception_outcome == "refuse"',
        )
        return "Gateway_valid"

    def accepted(self, gateway: str, target: str) -> None:
        self.diagram.connect(gateway, target, name="Hợp lệ", default=True)

    def appraise(self, *, with_supplement: bool = False) -> str:
        task = self.task(
            "Task_appraise",
            "specialist",
            "Thẩm định hồ sơ",
            step="appraise",
            form=forms.work_form("Thẩm định hồ sơ", with_supplement=with_supplement),
        )
        self.warned(task)
        self.withdrawable(task)
        return task

    def approve(self) -> str:
        task = self.task(
            "Task_approve", "leader", "Phê duyệt kết quả", step="approve", form=forms.approve_form()
        )
        self.withdrawable(task)
        return task

    def give_back(self, name: str = "Trả kết quả") -> tuple[str, str]:
        task = self.task("Task_return", "reception", name, step="return", form=forms.return_form())
        end = self.event("Event_done", "reception", "Đã trả kết quả")
        self.diagram.connect(task, end)
        return task, end


def _same_day(b: _Builder, partners: Sequence[str]) -> None:
    valid = b.reception()
    resolve = b.task(
        "Task_resolve",
        "reception",
        "Giải quyết tại quầy",
        step="resolve",
        form=forms.work_form("Giải quyết tại quầy"),
    )
    b.warned(resolve)
    b.withdrawable(resolve)
    sign = b.task("Task_sign", "leader", "Ký duyệt kết quả", step="sign", form=forms.approve_form())
    b.withdrawable(sign)
    give, _ = b.give_back("Trả kết quả tại quầy")
    b.accepted(valid, resolve)
    b.diagram.chain(resolve, sign, give)


def _standard(b: _Builder, partners: Sequence[str]) -> None:
    valid = b.reception()
    appraise, approve = b.appraise(), b.approve()
    give, _ = b.give_back()
    b.accepted(valid, appraise)
    b.diagram.chain(appraise, approve, give)


def _supplement(b: _Builder, partners: Sequence[str]) -> None:
    d = b.diagram
    valid = b.reception()
    merge = b.gateway("Gateway_resume", "specialist", "Tiếp tục thẩm định")
    appraise = b.appraise(with_supplement=True)
    complete = b.gateway("Gateway_complete", "specialist", "Cần bổ sung hồ sơ?")
    wait = b.task(
        "Task_supplement",
        "reception",
        "Tiếp nhận hồ sơ bổ sung (Mẫu 02)",
        step=None,
        form=forms.supplement_form(),
    )
    b.withdrawable(wait)
    approve = b.approve()
    give, _ = b.give_back()
    b.accepted(valid, merge)
    d.chain(merge, appraise, complete)
    d.connect(complete, wait, name="Cần bổ sung", condition='appraisal_outcome == "supplement"')
    d.connect(complete, approve, name="Đầy đủ", default=True)
    d.connect(wait, merge)
    d.chain(approve, give)


def _inspection(b: _Builder, partners: Sequence[str]) -> None:
    valid = b.reception()
    appraise = b.appraise()
    inspect = b.task(
        "Task_inspect", "specialist", "Kiểm tra thực địa", step="inspect", form=forms.inspect_form()
    )
    b.withdrawable(inspect)
    approve = b.approve()
    give, _ = b.give_back()
    b.accepted(valid, appraise)
    b.diagram.chain(appraise, inspect, approve, give)


def _inter_agency(b: _Builder, partners: Sequence[str]) -> None:
    d = b.diagram
    valid = b.reception()
    appraise = b.appraise()
    split = b.gateway("Gateway_consult", "specialist", "Lấy ý kiến phối hợp", NodeKind.PARALLEL)
    join = b.gateway("Gateway_consulted", "specialist", "Đủ ý kiến phối hợp", NodeKind.PARALLEL)
    approve = b.approve()
    give, _ = b.give_back()
    b.accepted(valid, appraise)
    d.chain(appraise, split)
    for index, agency_name in enumerate(partners, start=1):
        task = b.task(
            f"Task_consult_{index}",
            "partner",
            f"Cho ý kiến: {agency_name}",
            step="consult",
            form=forms.consult_form(f"opinion_{index}", agency_name),
        )
        b.withdrawable(task)
        d.chain(split, task, join)
    d.chain(join, approve, give)


def _fee_eresult(b: _Builder, partners: Sequence[str]) -> None:
    valid = b.reception()
    appraise, approve = b.appraise(), b.approve()
    fee = b.task(
        "Task_fee", "reception", "Xác nhận nộp phí, lệ phí", step=None, form=forms.fee_form()
    )
    b.withdrawable(fee)
    issue = "Task_return"
    b.diagram.add(
        Node(
            issue,
            NodeKind.SERVICE_TASK,
            "reception",
            "Trả kết quả điện tử",
            "receiver",
            "return",
            b.budgets["return"],
            operator="eresult.issue",
            result_variable="e_result",
        )
    )
    end = b.event("Event_done", "reception", "Đã trả kết quả điện tử")
    b.accepted(valid, appraise)
    b.diagram.chain(appraise, approve, fee, issue, end)


_BUILDERS: dict[Archetype, tuple[tuple[str, ...], Callable[[_Builder, Sequence[str]], None]]] = {
    Archetype.SAME_DAY: (("reception", "leader"), _same_day),
    Archetype.STANDARD: (("reception", "specialist", "leader"), _standard),
    Archetype.SUPPLEMENT: (("reception", "specialist", "leader"), _supplement),
    Archetype.INSPECTION: (("reception", "specialist", "leader"), _inspection),
    Archetype.INTER_AGENCY: (("reception", "specialist", "partner", "leader"), _inter_agency),
    Archetype.FEE_ERESULT: (("reception", "specialist", "leader"), _fee_eresult),
}


def build_diagram(procedure: Procedure, partner_names: Sequence[str] = ()) -> Diagram:
    """The process graph of `procedure`; `partner_names` label the consultation tasks."""
    lanes, build = _BUILDERS[procedure.archetype]
    builder = _Builder(procedure, lanes)
    build(builder, partner_names)
    return builder.diagram


def _number(value: float) -> str:
    return f"{value:g}"
