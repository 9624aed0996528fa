"""``motcua demo``: demo users for every role and a few hundred dossiers in every state.

Run after ``motcua setup`` (it needs the built catalogue). Accounts: a receiver, a
specialist and a leader at the provincial centre, at two commune centres and at the
provincial agencies of the procedures used, plus a planner, an analyst and an admin, all
with one known password printed in a table: **for demonstration only**, never on a server
reachable by others.

Dossiers are not inserted as rows: they are driven through
:class:`~engine.dossiers.services.DossierService` with a :class:`FixedClock` stepped
through the last ``--days`` days (receptions in office hours, each step some working
hours after the previous), so the event log, audit chain and Decision 766 indicators are
all real. Due timer rows are fired once a simulated day; note that SpiffWorkflow dates a
timer from the wall clock, not from the service's clock, so the deadline warnings of the
replayed past come due after the demo (as on a live server after a restart). Each dossier is given
a target (received, processing, supplement requested, decided, returned, refused,
withdrawn, overdue) and is worked until it gets there; "overdue" ones are old dossiers
left in processing past their due date.

Idempotent: the ``demo.admin`` account is the marker; when it exists nothing is done.
Everything is written in one transaction, committed at the end.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import click
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.cli.context import CliState, pass_state
from bpmn.catalog.geography import UBND_XA
from bpmn.catalog.model import Archetype, Level
from engine.accounts.passwords import PasswordHasher
from engine.accounts.services import AccountService
from engine.calendar import WorkingCalendar
from engine.catalog.models import Procedure, ProcedureVersion, VersionStatus
from engine.dossiers.clock import FixedClock, SystemClock
from engine.dossiers.jobs import DossierTimerHooks
from engine.dossiers.models import Dossier, DossierStatus, TaskState
from engine.dossiers.services import DossierService
from engine.dossiers.timers import TimerService
from engine.specs import SpecCache

__all__ = ["DEMO_PASSWORD", "MARKER", "DemoSeeder", "demo"]

DEMO_PASSWORD = "thu-nghiem-Lam-Dong-2025"
MARKER = "demo.admin"
APPLICANT_SUFFIX = " (demo)"
PROVINCE = "000.00.00.H36"
COMMUNES = {"000.23.01.H36": "lacduong", "000.24.01.H36": "donduong"}
OFFICER_ROLES = ("receiver", "specialist", "leader")
#: Target states and their shares of the demo dossiers.
TARGETS = {"received": 0.06, "processing": 0.16, "supplement": 0.08, "decided": 0.10,
           "returned": 0.36, "refused": 0.06, "withdrawn": 0.06, "overdue": 0.12}
ANSWERS: dict[str, dict[str, Any]] = {
    "Task_receive": {"reception_outcome": "accept"},
    "Task_resolve": {"appraisal_opinion": "Đủ điều kiện"},
    "Task_appraise": {"appraisal_opinion": "Hồ sơ đầy đủ"},
    "Task_approve": {"decision": "approve"},
    "Task_sign": {"decision": "approve"},
    "Task_return": {"return_channel": "counter"},
    "Task_supplement": {"supplement_note": "Đã bổ sung bản sao"},
}
REFUSE = {"reception_outcome": "refuse", "refusal_reason": "Hồ sơ không thuộc thẩm quyền"}
SUPPLEMENT = {"appraisal_outcome": "supplement", "supplement_request": "Thiếu bản vẽ"}
COMPLETE = {"appraisal_outcome": "complete"}
ARCHETYPES = (Archetype.STANDARD, Archetype.SUPPLEMENT, Archetype.SAME_DAY)
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
         "K'Brơi", "Ya Thị Hoa", "Đặng Văn Khoa", "Bùi Thị Lan", "Võ Minh Tuấn")


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    unit: str | None
    where: str


@dataclass
class Plan:
    """One dossier: its target, procedure, reception and where it is now."""

    target: str
    procedure: Procedure
    centre: str
    home: str | None
    start: dt.datetime
    dossier: Dossier | None = None
    supplement_first: bool = False
    done: bool = False
    appraisals: int = 0


@dataclass
class DemoReport:
    users: list[DemoUser] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    timers_fired: int = 0
    skipped: bool = False


def demo_users(agencies: Iterable[str]) -> list[DemoUser]:
    """The accounts: officers of the centres and agencies, then the three staff roles."""
    centres = [(PROVINCE, "tinh", "provincial centre"),
               *((code, slug, f"commune centre {code}") for code, slug in COMMUNES.items())]
    users = [DemoUser(f"demo.{slug}.{role}", role, code, where)
             for code, slug, where in centres for role in OFFICER_ROLES]
    # Departments work the province-level dossiers; receivers sit at the centres.
    users += [DemoUser(f"demo.so{code.split('.')[2]}.{role}", role, code, f"agency {code}")
              for code in agencies for role in ("specialist", "leader")]
    users += [DemoUser(f"demo.{role}", role, None, "province") for role in
              ("planner", "analyst", "admin")]
    return users


class DemoSeeder:
    """Seeds the demo in ``session`` (flushes only; the command commits)."""

    def __init__(self, session: Session, *, now: dt.datetime, rng: random.Random,
                 calendar: WorkingCalendar, specs: SpecCache,
                 hasher: PasswordHasher | None = None) -> None:
        self.session, self.now, self.rng, self.calendar = session, now, rng, calendar
        self.clock = FixedClock(now)
        self.accounts = AccountService(session, clock=SystemClock(), hasher=hasher)
        self.service = DossierService(session, clock=self.clock, calendar=calendar,
                                      specs=specs)
        self.timers = TimerService(session, clock=self.clock,
                                   loader=DossierTimerHooks(self.service),
                                   on_escalation=DossierTimerHooks(self.service))
        self.actors: dict[tuple[str, str], str] = {}

    def already_seeded(self) -> bool:
        return self.accounts.find(MARKER) is not None

    def seed(self, count: int, days: int) -> DemoReport:
        if self.already_seeded():
            return DemoReport(skipped=True)
        procedures = self._procedures()
        agencies = sorted({p.agency for p in procedures if p.agency != UBND_XA})
        report = DemoReport(users=demo_users(agencies))
        for user in report.users:
            self.accounts.create_user(user.username, display_name=f"Demo {user.role}",
                                      roles=[user.role], units=[user.unit] if user.unit else [],
                                      password=DEMO_PASSWORD)
            if user.unit:
                self.actors[(user.unit, user.role)] = user.username
        plans = [self._plan(target, procedures, days) for target in self._targets(count)]
        report.timers_fired = self._run(plans)
        report.by_status = self._count_statuses()
        return report

    # -- choosing -------------------------------------------------------------------

    def _procedures(self) -> list[Procedure]:
        """Two published procedures per archetype and level (commune, province)."""
        chosen: list[Procedure] = []
        for archetype in ARCHETYPES:
            for level in (Level.COMMUNE, Level.PROVINCE):
                chosen += self.session.scalars(
                    select(Procedure).join(ProcedureVersion)
                    .where(Procedure.archetype == archetype, Procedure.level == level,
                           ProcedureVersion.status == VersionStatus.PUBLISHED)
                    .order_by(Procedure.code).limit(2)).all()
        if not any(p.archetype is Archetype.SUPPLEMENT for p in chosen):
            raise click.ClickException("the catalogue has no published procedures of the "
                                       "standard/supplement archetypes: run `motcua setup`")
        return chosen

    def _targets(self, count: int) -> list[str]:
        """``count`` targets in the :data:`TARGETS` shares (each at least once when
        ``count`` allows), shuffled."""
        counts = {t: max(1, int(share * count)) if count >= len(TARGETS) else 0
                  for t, share in TARGETS.items()}
        while sum(counts.values()) > count:
            counts[max(counts, key=counts.__getitem__)] -= 1
        targets = [t for t, n in counts.items() for _ in range(n)]
        targets += self.rng.choices(list(TARGETS), weights=list(TARGETS.values()),
                                    k=count - len(targets))
        self.rng.shuffle(targets)
        return targets

    def _plan(self, target: str, procedures: list[Procedure], days: int) -> Plan:
        pool = [p for p in procedures if p.archetype is Archetype.SUPPLEMENT] if (
            target == "supplement") else procedures
        procedure = self.rng.choice(pool)
        centre = self.rng.choice([PROVINCE, *COMMUNES])
        home = None
        if procedure.agency == UBND_XA and centre == PROVINCE:
            home = self.rng.choice(list(COMMUNES))  # phi địa giới: filed at the province
        age = {"received": (0, 1), "processing": (1, 6), "overdue": (days // 2, days),
               "supplement": (1, days // 2)}.get(target, (3, days))
        start = self._office_time(self.now - dt.timedelta(days=self.rng.uniform(*age)))
        first = procedure.archetype is Archetype.SUPPLEMENT and self.rng.random() < 0.3
        return Plan(target, procedure, centre, home, start, supplement_first=first)

    def _office_time(self, moment: dt.datetime) -> dt.datetime:
        moment = self.calendar.next_working_time(moment)
        return min(moment, self.now - dt.timedelta(minutes=5))

    def _gap(self, moment: dt.datetime) -> dt.datetime:
        later = moment + dt.timedelta(hours=self.rng.uniform(1, 30))
        return self._office_time(later) if later < self.now else later

    # -- driving --------------------------------------------------------------------

    def _run(self, plans: list[Plan]) -> int:
        """Every step of every dossier in time order, firing due timers once a day."""
        queue = [(plan.start, n, plan) for n, plan in enumerate(plans)]
        heapq.heapify(queue)
        fired, day = 0, None
        while queue:
            at, n, plan = heapq.heappop(queue)
            if at >= self.now:
                continue  # its next step would be in the future: it stays where it is
            self.clock.set(at)
            if at.date() != day:
                day, fired = at.date(), fired + self._fire_timers(at)
            self._step(plan, at)
            if not plan.done:
                heapq.heappush(queue, (self._gap(at), n, plan))
        self.clock.set(self.now)
        return fired + self._fire_timers(self.now)

    def _fire_timers(self, at: dt.datetime) -> int:
        fired = 0
        for timer in self.timers.due(at):
            fired += len(self.timers.fire(timer.id, at).fired)
        return fired

    def _actor(self, unit: str, role: str) -> str:
        return self.actors.get((unit, role)) or self.actors.get(
            (PROVINCE, "specialist" if role == "partner" else role), MARKER)

    def _step(self, plan: Plan, at: dt.datetime) -> None:
        if plan.dossier is None:
            plan.dossier, _ = self.service.receive(
                plan.procedure.code, centre=plan.centre, channel="1",
                applicant_name=self.rng.choice(NAMES) + APPLICANT_SUFFIX,
                home_centre=plan.home, actor=self._actor(plan.centre, "receiver"), at=at)
            plan.done = plan.target == "received"
            return
        dossier = plan.dossier
        if plan.target == "withdrawn" and dossier.status is DossierStatus.PROCESSING:
            self.service.withdraw(dossier.code, actor=self._actor(plan.centre, "receiver"),
                                  reason="Công dân xin rút hồ sơ")
            plan.done = True
            return
        rows = sorted((t for t in dossier.tasks if t.state is TaskState.OPEN),
                      key=lambda t: (t.spec_id, t.id))
        if not rows or self._arrived(plan, {r.spec_id for r in rows}):
            plan.done = True
            return
        row = rows[0]
        self.service.complete_task(row.id, self._answer(plan, row.spec_id),
                                   actor=self._actor(row.unit, row.role))
        plan.done = dossier.status.is_final or (
            plan.target == "supplement" and dossier.status is DossierStatus.SUPPLEMENT)

    @staticmethod
    def _arrived(plan: Plan, open_specs: set[str]) -> bool:
        if plan.target in ("processing", "overdue"):
            return bool(open_specs & {"Task_approve", "Task_sign"})
        return plan.target == "decided" and "Task_return" in open_specs

    def _answer(self, plan: Plan, spec_id: str) -> dict[str, Any]:
        if spec_id == "Task_receive":
            return dict(REFUSE if plan.target == "refused" else ANSWERS[spec_id])
        if spec_id == "Task_appraise" and plan.procedure.archetype is Archetype.SUPPLEMENT:
            plan.appraisals += 1
            wants = plan.target == "supplement" or (plan.supplement_first and
                                                    plan.appraisals == 1)
            return dict(SUPPLEMENT if wants else COMPLETE)
        return dict(ANSWERS[spec_id])

    def _count_statuses(self) -> dict[str, int]:
        rows = self.session.execute(
            select(Dossier.status, func.count()).where(
                Dossier.applicant_name.like(f"%{APPLICANT_SUFFIX}"))
            .group_by(Dossier.status))
        counts = Counter({DossierStatus(status).name.lower(): n for status, n in rows})
        overdue = self.session.scalar(
            select(func.count()).select_from(Dossier).where(
                Dossier.applicant_name.like(f"%{APPLICANT_SUFFIX}"),
                Dossier.status.in_([DossierStatus.RECEIVED, DossierStatus.PROCESSING]),
                Dossier.due_at < self.now))
        counts["overdue (processing past due)"] = overdue or 0
        return dict(sorted(counts.items()))


def _print_report(report: DemoReport) -> None:
    click.echo("Demo accounts — FOR DEMONSTRATION ONLY: the password is public; never "
               "seed these on a server others can reach.")
    width = max(len(u.username) for u in report.users)
    click.echo(f"{'username'.ljust(width)}  {'role':<10}  {'password':<24}  unit")
    for user in report.users:
        click.echo(f"{user.username.ljust(width)}  {user.role:<10}  {DEMO_PASSWORD:<24}  "
                   f"{user.unit or '-'} ({user.where})")
    click.echo("dossiers by status: " + ", ".join(f"{k} {v}" for k, v in
                                                  report.by_status.items()))
    click.echo(f"timers fired while replaying: {report.timers_fired}")


@click.command()
@click.option("--dossiers", "count", default=300, show_default=True,
              type=click.IntRange(1, 5000), help="How many demo dossiers to create.")
@click.option("--days", default=60, show_default=True, type=click.IntRange(7, 365),
              help="Spread them over this many days back from now.")
@click.option("--seed", default=36, show_default=True, help="Seed of the random choices.")
@pass_state
def demo(state: CliState, count: int, days: int, seed: int) -> None:
    """Seed demo users (every role) and dossiers in every state; idempotent."""
    state.require_schema()
    now = SystemClock().now()
    years = range(now.year - 1, now.year + 2)
    with state.session(commit=True) as session:
        seeder = DemoSeeder(session, now=now, rng=random.Random(seed),
                            calendar=WorkingCalendar.vietnam(years), specs=SpecCache())
        report = seeder.seed(count, days)
    if report.skipped:
        click.echo(f"demo data already present (user {MARKER} exists); nothing done")
        return
    _print_report(report)
