"""How procedure names are composed: verb templates × field objects × qualifiers.

Announced procedure names follow a few patterns ("Cấp lại giấy phép X đối với Y",
"Đăng ký thay đổi nội dung đăng ký Z"), so a field's vocabulary is a list of real names
plus *objects* (the thing acted on), each with the verbs that make sense for it and the
qualifiers that narrow it. Composition only pairs a verb with the objects that declare it,
which is what keeps composed names reading like real ones.

Level hints: a real name, an object or a qualifier may start with ``"p:"`` (only a
province-level procedure) or ``"c:"`` (only commune-level). A composed name takes the
intersection of its object's and qualifier's hints. A real name may end with
``"|<time>"`` (``"|10wd"``) to fix its statutory time; see :mod:`bpmn.catalog.fields`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bpmn.catalog.model import Level

__all__ = [
    "APPRAISE",
    "CERT",
    "ESTABLISH",
    "LICENCE",
    "LICENCE_R",
    "ONE",
    "PRACTICE",
    "RECOGNISE",
    "REGISTER",
    "Candidate",
    "Obj",
    "Vocab",
    "compose",
    "obj",
]

ONE = ("{o}",)  # the object is itself a complete name
LICENCE = ("Cấp {o}", "Cấp lại {o}", "Gia hạn {o}", "Điều chỉnh {o}")
LICENCE_R = (*LICENCE, "Thu hồi {o}")
CERT = ("Cấp {o}", "Cấp lại {o}", "Cấp đổi {o}")
PRACTICE = ("Cấp {o}", "Cấp lại {o}", "Điều chỉnh nội dung {o}", "Thu hồi {o}")
REGISTER = ("Đăng ký {o}", "Thay đổi nội dung đăng ký {o}", "Cấp lại giấy đăng ký {o}")
APPRAISE = ("Thẩm định {o}", "Phê duyệt {o}", "Điều chỉnh {o}")
ESTABLISH = ("Thành lập {o}", "Sáp nhập, chia, tách {o}", "Giải thể {o}")
RECOGNISE = ("Công nhận {o}", "Công nhận lại {o}")

_BOTH = frozenset({Level.PROVINCE, Level.COMMUNE})
_HINTS = {"p:": frozenset({Level.PROVINCE}), "c:": frozenset({Level.COMMUNE})}


@dataclass(frozen=True)
class Obj:
    """A thing procedures act on, the verbs that apply to it and its qualifiers."""

    phrase: str
    verbs: tuple[str, ...]
    qualifiers: tuple[str, ...] = ()


def obj(phrase: str, verbs: tuple[str, ...], *qualifiers: str) -> Obj:
    """Shorthand used by the ``vocab_*`` tables."""
    return Obj(phrase, verbs, qualifiers)


@dataclass(frozen=True)
class Vocab:
    """A field's real names (used first) and the objects composed names come from."""

    real: tuple[str, ...] = ()
    objects: tuple[Obj, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A possible procedure name with the levels it may have and an optional fixed time."""

    name: str
    levels: frozenset[Level]
    time: str | None = None


def _hint(text: str) -> tuple[frozenset[Level], str]:
    for prefix, levels in _HINTS.items():
        if text.startswith(prefix):
            return levels, text[len(prefix) :]
    return _BOTH, text


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


def compose(vocab: Vocab) -> tuple[list[Candidate], list[Candidate]]:
    """The real candidates in table order and the composed ones in a stable order.

    Composed names that repeat a real one are dropped; the caller shuffles the composed
    list with its own generator.
    """
    real: list[Candidate] = []
    for entry in vocab.real:
        levels, text = _hint(entry)
        name, _, time = text.partition("|")
        real.append(Candidate(name, levels, time or None))
    seen = {c.name for c in real}
    composed: list[Candidate] = []
    for item in vocab.objects:
        obj_levels, phrase = _hint(item.phrase)
        for qualifier in ("", *item.qualifiers):
            q_levels, q_text = _hint(qualifier) if qualifier else (_BOTH, "")
            levels = obj_levels & q_levels
            if not levels:
                continue
            target = f"{phrase} {q_text}" if q_text else phrase
            for verb in item.verbs:
                name = _capitalise(verb.replace("{o}", target))
                if name not in seen:
                    seen.add(name)
                    composed.append(Candidate(name, levels))
    return real, composed
