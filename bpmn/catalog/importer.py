"""Import a real procedure list: JSON, CSV or XLSX, national or our own column names.

Lifecycle: :func:`read_procedures` loads the file into numbered raw rows, turns each into
a :class:`~bpmn.catalog.model.Procedure` while collecting *every* problem as a
``RowError`` (row numbers as the user sees them: the spreadsheet row counting the header,
or the JSON item's index + 1), checks codes are unique within the file, and either
returns all procedures or raises ``ImportRowsError`` with the full list: nothing is
returned half-done. A file that cannot be read at all is one error on row 0.

Accepted keys, case and punctuation ignored: the national database's ``MaTTHC``,
``TenTTHC``, ``CapThucHien``, ``LinhVuc``, ``CoQuanThucHien``, ``CoQuanPhoiHop``,
``MucDo`` and ``CachThucThucHien`` (also written with diacritics and spaces, "Mã TTHC";
channels with ``Kenh``, ``ThoiGian``, ``DonViTinh``,
``PhiLePhi``; the in-person channel wins, and flat ``ThoiGian``/``DonViTinh``/``PhiLePhi``
columns win over channels), or :data:`RECORD_KEYS`. Missing values are derived: agency
from the level and field, unit = working days, fee = 0, online level from the channels,
partners from the field's usual partners, archetype from time, flags and field, and the
step budgets with :func:`bpmn.catalog.generate.allocate_steps`.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bpmn.catalog import import_values as v
from bpmn.catalog.fields import field_spec
from bpmn.catalog.generate import allocate_steps, is_short, representable
from bpmn.catalog.geography import UBND_XA
from bpmn.catalog.geography import agency as lookup_agency
from bpmn.catalog.model import (
    ARCHETYPE_STEPS,
    Archetype,
    Level,
    OnlineLevel,
    Procedure,
    TimeUnit,
)
from bpmn.errors import CatalogError, ImportRowsError, RowError

__all__ = ["RECORD_KEYS", "read_procedures", "to_record"]

RECORD_KEYS = (
    "code", "name", "level", "field", "agency", "statutory_time", "time_unit", "fee",
    "online_level", "appointment_free", "inter_agency", "archetype", "partner_agencies",
)
_ALIASES = {
    "matthc": "code", "tentthc": "name", "capthuchien": "level", "linhvuc": "field",
    "coquanthuchien": "agency", "coquanphoihop": "partner_agencies", "partners": "partner_agencies",
    "thoigian": "statutory_time", "thoihangiaiquyet": "statutory_time",
    "donvitinh": "time_unit", "philephi": "fee", "mucdo": "online_level",
    "mucdodvc": "online_level", "cachthucthuchien": "channels",
    **{v.key_of(key): key for key in RECORD_KEYS},
}
_WRAPPERS = ("data", "items", "procedures", "result")
_T = TypeVar("_T")
_NONE: tuple[str, ...] = ()

Raw = dict[str, tuple[str, Any]]  # canonical key -> (key as written, value)


def read_procedures(path: Path) -> list[Procedure]:
    """All procedures in ``path``, or ``ImportRowsError`` listing every bad row."""
    rows = _load(Path(path))
    errors: list[RowError] = []
    procedures: list[Procedure] = []
    first_row: dict[str, int] = {}
    for number, raw in rows:
        procedure = _RowReader(number, raw, errors).procedure()
        if procedure is None:
            continue
        if procedure.code in first_row:
            errors.append(RowError(number, raw["code"][0], f"duplicate code {procedure.code!r},"
                                   f" first used on row {first_row[procedure.code]}"))
            continue
        first_row[procedure.code] = number
        procedures.append(procedure)
    if not rows:
        errors.append(RowError(0, "file", f"{path} holds no procedures"))
    if errors:
        raise ImportRowsError(sorted(errors, key=lambda e: e.row))
    return procedures


def to_record(procedure: Procedure) -> dict[str, Any]:
    """A procedure under :data:`RECORD_KEYS`; what :func:`read_procedures` reads back."""
    return {
        "code": procedure.code,
        "name": procedure.name,
        "level": procedure.level.value,
        "field": procedure.field,
        "agency": procedure.agency,
        "statutory_time": procedure.statutory_time,
        "time_unit": procedure.time_unit.value,
        "fee": procedure.fee,
        "online_level": procedure.online_level.value,
        "appointment_free": procedure.appointment_free,
        "inter_agency": procedure.inter_agency,
        "archetype": procedure.archetype.value,
        "partner_agencies": list(procedure.partner_agencies),
    }


# -- loading ------------------------------------------------------------------------


def _unreadable(message: str) -> ImportRowsError:
    return ImportRowsError([RowError(0, "file", message)])


def _load(path: Path) -> list[tuple[int, Raw]]:
    suffix = path.suffix.lower()
    loaders: dict[str, Callable[[Path], list[tuple[int, dict[str, Any]]]]] = {
        ".json": _load_json, ".csv": _load_csv, ".xlsx": _load_xlsx, ".xlsm": _load_xlsx,
    }
    if suffix not in loaders:
        raise _unreadable(f"unsupported file type {suffix or path.name!r}: use .json, .csv or "
                          ".xlsx")
    if not path.is_file():
        raise _unreadable(f"cannot open {path}: no such file")
    return [(number, _canonical(row)) for number, row in loaders[suffix](path)]


def _canonical(row: dict[str, Any]) -> Raw:
    raw: Raw = {}
    for key, value in row.items():
        name = _ALIASES.get(v.key_of(key))
        if name is not None and name not in raw and value not in (None, ""):
            raw[name] = (str(key), value)
    return raw


def _load_json(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise _unreadable(f"{path.name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _unreadable(f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                          f"column {exc.colno}") from None
    if isinstance(data, dict):
        wrapped = [data[k] for k in _WRAPPERS if isinstance(data.get(k), list)]
        data = wrapped[0] if wrapped else [data]
    if not isinstance(data, list):
        raise _unreadable(f"{path.name} must hold a procedure object or a list of them")
    rows = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise _unreadable(f"item {index} of {path.name} is not an object")
        rows.append((index, item))
    return rows


def _load_csv(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable(f"{path.name} is not UTF-8: save it as 'CSV UTF-8'") from None
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _unreadable(f"{path.name} is not valid CSV: {exc}") from None
    return _table_rows(table)


def _load_xlsx(path: Path) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook  # noqa: PLC0415 - only XLSX imports pay for it
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style warnings of real-world files are noise
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _unreadable(f"{path.name} is not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table_rows(table)


def _table_rows(table: list[list[Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Header row + data rows → (spreadsheet row number, cells by header), blanks skipped."""
    if not table:
        return []
    header = [str(cell).strip() if cell is not None else "" for cell in table[0]]
    if not any(_ALIASES.get(v.key_of(h)) == "code" for h in header):
        raise ImportRowsError([RowError(1, "header", "no code column: name one MaTTHC or code")])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        rows.append((number, {h: c for h, c in zip(header, cells, strict=False) if h}))
    return rows


# -- one row ------------------------------------------------------------------------


class _RowReader:
    """Reads one raw row; every problem goes to ``errors``, the row is kept or dropped."""

    def __init__(self, number: int, raw: Raw, errors: list[RowError]) -> None:
        self.number = number
        self.raw = raw
        self.errors = errors
        self.failed = False
        self.channel, self.online_channel = _channel(raw.get("channels"))

    def fail(self, key: str, message: str) -> None:
        self.failed = True
        where = self.raw.get(key) or self.channel.get(key) or (key, None)
        self.errors.append(RowError(self.number, where[0], message))

    def get(self, key: str, parse: Callable[[Any], _T], default: _T | None = None) -> _T | None:
        """The parsed value, ``default`` when absent, ``None`` (and an error) when bad."""
        found = self.raw.get(key) or self.channel.get(key)
        if found is None:
            return default
        value = found[1]
        try:
            return parse(value)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def require(self, key: str, parse: Callable[[Any], _T], what: str) -> _T | None:
        if key not in self.raw and key not in self.channel:
            self.fail(key, f"missing {what}")
            return None
        return self.get(key, parse)

    def procedure(self) -> Procedure | None:
        """Parse every value, check how they fit together, then build (or give up)."""
        code = self.require("code", v.parse_code, "procedure code (MaTTHC or code)")
        name = self.require("name", _name, "procedure name (TenTTHC or name)")
        field = self.require("field", v.parse_field, "field (LinhVuc or field)")
        agencies = self.get("agency", _agency_list, _NONE)
        level = self.get("level", v.parse_level)
        if level is None and "level" not in self.raw:
            level = lookup_agency(agencies[0]).level if agencies else None
            if level is None:
                self.fail("level", "missing level (CapThucHien or level) and no agency to "
                                   "tell it")
        time = self.require("statutory_time", v.parse_number, "statutory time (ThoiGian)")
        unit = self.get("time_unit", v.parse_unit, TimeUnit.WORKING_DAYS)
        fee = self.get("fee", v.parse_fee, 0)
        online = self.get("online_level", v.parse_online_level,
                          OnlineLevel.FULL if self.online_channel else OnlineLevel.PARTIAL)
        appointment_free = self.get("appointment_free", v.parse_bool, False)
        partners = self.get("partner_agencies", _agency_list, _NONE)
        archetype = self.get("archetype", v.parse_archetype)
        inter = self.get("inter_agency", v.parse_bool,
                         bool(partners) or archetype is Archetype.INTER_AGENCY)
        agency = None
        if agencies is not None and level is not None and field is not None:
            agency = self._agency(agencies, level, field)
        if inter and not partners and field is not None and agency is not None:
            partners = tuple(p for p in field_spec(field).partners if p != agency)[:2]
        if agency is not None and partners is not None and agency in partners:
            self.fail("partner_agencies", f"the competent agency {agency} is also a partner")
        if time is None or unit is None or fee is None or online is None or inter is None:
            return None
        if archetype is None and field is not None:
            archetype = _infer_archetype(field, time=time, short=is_short(time, unit),
                                         inter=inter, fee=fee, online=online)
        if archetype is None or appointment_free is None:
            return None
        self._check(time, unit, fee=fee, inter=inter, archetype=archetype,
                    appointment_free=appointment_free)
        try:
            time, unit = representable(time, unit, archetype)
        except CatalogError as exc:
            self.fail("statutory_time", str(exc))
        if (self.failed or code is None or name is None or field is None or level is None
                or agency is None or partners is None):
            return None
        return Procedure(
            code=code, name=name, level=level, field=field, agency=agency,
            statutory_time=time, time_unit=unit, fee=fee, online_level=online,
            appointment_free=appointment_free, inter_agency=inter, archetype=archetype,
            steps=allocate_steps(archetype, time), partner_agencies=partners,
        )

    def _agency(self, agencies: tuple[str, ...], level: Level, field: str) -> str | None:
        """The first listed agency of the row's level; the usual one when none is listed."""
        if not agencies:
            return UBND_XA if level is Level.COMMUNE else field_spec(field).agency
        matching = [a for a in agencies if lookup_agency(a).level is level]
        if not matching:
            self.fail("agency", f"no {level}-level agency among {', '.join(agencies)}")
            return None
        return matching[0]

    def _check(self, time: float, unit: TimeUnit, *, fee: int, inter: bool,
               archetype: Archetype, appointment_free: bool) -> None:
        """The rules that tie archetype, time, fee and flags together (see generate)."""
        short = is_short(time, unit)
        if inter != (archetype is Archetype.INTER_AGENCY):
            self.fail("archetype", f"archetype {archetype} does not match inter_agency={inter}:"
                                   " inter-agency procedures use the inter_agency archetype")
        if archetype is Archetype.SAME_DAY and not short:
            self.fail("archetype", f"same_day needs at most 1 working day or 8 hours, not "
                                   f"{time:g} {unit}")
        if archetype is Archetype.FEE_ERESULT and fee == 0:
            self.fail("archetype", "fee_eresult is for procedures that charge a fee")
        if appointment_free and not short:
            self.fail("appointment_free", f"only procedures of at most 1 working day or 8 hours"
                                          f" can be appointment-free, not {time:g} {unit}")


def _name(value: object) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("empty name")
    return text


def _agency_list(value: object) -> tuple[str, ...]:
    return tuple(v.parse_agency(item) for item in v.as_list(value))


def _channel(channels: tuple[str, Any] | None) -> tuple[Raw, bool]:
    """The in-person channel of ``CachThucThucHien`` (else the first) under our keys, and
    whether an online channel exists."""
    if channels is None or not isinstance(channels[1], list):
        return {}, False
    dicts = [c for c in channels[1] if isinstance(c, dict)]
    if not dicts:
        return {}, False
    kinds = [v.norm(str(c.get("Kenh", ""))) for c in dicts]
    index = kinds.index("trực tiếp") if "trực tiếp" in kinds else 0
    keys = {"thoigian": "statutory_time", "donvitinh": "time_unit", "philephi": "fee"}
    values: Raw = {
        keys[k.lower()]: (f"{channels[0]}[{index + 1}].{k}", x)
        for k, x in dicts[index].items()
        if k.lower() in keys and x not in (None, "")
    }
    return values, any("trực tuyến" in kind for kind in kinds)


def _infer_archetype(field: str, *, time: float, short: bool, inter: bool, fee: int,
                     online: OnlineLevel) -> Archetype:
    """The archetype a row without one most plausibly has (same rules as the generator)."""
    if short:
        return Archetype.SAME_DAY
    if inter:
        return Archetype.INTER_AGENCY
    if fee > 0 and online is OnlineLevel.FULL:
        return Archetype.FEE_ERESULT
    standard, supplement, inspection = field_spec(field).archetypes
    fits_five = time * 4 >= len(ARCHETYPE_STEPS[Archetype.INSPECTION])
    if fits_five and inspection > max(standard, supplement):
        return Archetype.INSPECTION
    return Archetype.SUPPLEMENT if supplement > standard else Archetype.STANDARD
