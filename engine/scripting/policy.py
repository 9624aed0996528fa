"""The compile-time half of the sandbox: what source is accepted and how it is rewritten.

RestrictedPython's :class:`RestrictingNodeTransformer` already refuses names and
attributes starting with ``_``, ``exec``/``eval`` calls, ``except*``, async code and the
frame/generator attributes of its ``INSPECT_ATTRIBUTES``, and it routes attribute, item,
iteration and write access through ``_getattr_``, ``_getitem_``, ``_getiter_`` and
``_write_``. It bounds neither CPU nor memory, so :class:`MotcuaPolicy` also:

- refuses what a gateway condition or a pre/post script never needs and what makes
  guards hard to reason about: ``def``, ``lambda`` (no user functions means no
  recursion), ``class``, decorators, ``import``, ``global``, ``yield``, ``with``, ``print``;
- rewrites ``**``, ``*``, ``<<``, ``+``, ``%`` and the set operators ``| & ^ -`` into
  ``_binop_(op, a, b)``, which estimates the size of the result before computing it
  (augmented assignments go through ``_inplacevar_``, which does the same), and routes
  ``**mapping`` in dict displays and calls through ``_spread_``, which charges the copy;
- calls ``_tick_()`` at the top of every ``while`` body. ``for`` loops and comprehensions
  are counted by ``_getiter_``, which every one of them draws from (counting them in the
  body as well would count each iteration twice);
- routes ``*x`` unpacking through ``_getiter_``, the right operand of ``in`` through
  ``_container_`` (``'a' in range(10**12)`` scans the range in C otherwise) and the other
  operands of comparisons through ``_compared_`` (``a == b`` on two lists holding 10^5
  references to a 10^6-item list is 10^11 comparisons in one C call);
- compiles f-strings into ``_fstring_(...)``/``_format_(...)`` calls, so that format
  specs (``f"{x:>{10**10}}"``) and the total length are checked;
- calls ``_check_()`` first thing in every ``except`` block, so a guard error that the
  script catches is raised again at once.

Compiling is costly (an AST walk plus CPython's compiler); :class:`Compiler` keeps the
code objects in a bounded LRU keyed by mode and source. Code objects carry no state:
each evaluation brings its own guards and budget.
"""

from __future__ import annotations

import ast
import functools
from types import CodeType
from typing import Literal

from RestrictedPython.compile import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.transformer import RestrictingNodeTransformer

from engine.errors import ScriptRefusedError
from engine.scripting.limits import ScriptLimits

__all__ = ["FILENAME", "Compiler", "Mode", "MotcuaPolicy"]

Mode = Literal["eval", "exec"]
FILENAME = "<script>"

_BINOPS: dict[type[ast.operator], str] = {
    ast.Pow: "**", ast.Mult: "*", ast.LShift: "<<", ast.Add: "+", ast.Mod: "%",
    ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^", ast.Sub: "-",
}
_COMPARED: dict[type[ast.cmpop], str] = {ast.In: "_container_", ast.NotIn: "_container_"}
_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.FunctionDef: "'def' (a function definition)",
    ast.Lambda: "'lambda'",
    ast.ClassDef: "'class' (a class definition)",
    ast.Import: "'import'",
    ast.ImportFrom: "'from ... import'",
    ast.Global: "'global'",
    ast.Yield: "'yield'",
    ast.YieldFrom: "'yield from'",
    ast.With: "'with'",
}


def _call(name: str, args: list[ast.expr], like: ast.AST) -> ast.Call:
    node = ast.copy_location(ast.Call(func=ast.Name(name, ast.Load()), args=args, keywords=[]),
                             like)
    return ast.fix_missing_locations(node)


class MotcuaPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy plus refusals and resource-guard rewrites (see module)."""

    def _refuse(self, node: ast.AST) -> ast.AST:
        """Record the refusal; keep the node so that the rest of the walk sees a valid tree."""
        what = _REFUSED_NODES[type(node)]
        self.error(node, f"{what} is not allowed in workflow scripts")
        return node

    visit_FunctionDef = visit_Lambda = visit_ClassDef = _refuse
    visit_Import = visit_ImportFrom = visit_Global = _refuse
    visit_Yield = visit_YieldFrom = visit_With = _refuse

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in ("print", "printed"):
            self.error(node, f'"{node.id}" is not available in workflow scripts '
                             "(a script's output is the task data it sets)")
            return node
        result = super().visit_Name(node)
        assert isinstance(result, ast.AST)
        return result

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.node_contents_visit(node)
        symbol = _BINOPS.get(type(node.op))
        if symbol is None:
            return node
        return _call("_binop_", [ast.Constant(symbol), node.left, node.right], node)

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        node = self.node_contents_visit(node)
        node.values = [_call("_spread_", [value], value) if key is None else value
                       for key, value in zip(node.keys, node.values, strict=True)]
        return node

    def visit_keyword(self, node: ast.keyword) -> ast.AST:
        node = self.node_contents_visit(node)
        if node.arg is None:
            node.value = _call("_spread_", [node.value], node.value)
        return node

    def visit_While(self, node: ast.While) -> ast.AST:
        node = self.node_contents_visit(node)
        node.body.insert(0, ast.copy_location(ast.Expr(_call("_tick_", [], node)), node))
        return node

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> ast.AST:
        handled = super().visit_ExceptHandler(node)
        assert isinstance(handled, ast.ExceptHandler)
        check = ast.copy_location(ast.Expr(_call("_check_", [], handled)), handled)
        handled.body.insert(0, check)
        return handled

    def visit_Starred(self, node: ast.Starred) -> ast.AST:
        node = self.node_contents_visit(node)
        if isinstance(node.ctx, ast.Load):
            node.value = _call("_getiter_", [node.value], node.value)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        node = self.node_contents_visit(node)
        if not all(isinstance(op, ast.Is | ast.IsNot) for op in node.ops):
            node.left = _call("_compared_", [node.left], node.left)
        node.comparators = [
            _call(_COMPARED.get(type(op), "_compared_"), [right], right)
            if not isinstance(op, ast.Is | ast.IsNot) else right
            for op, right in zip(node.ops, node.comparators, strict=True)
        ]
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, bytes):
            self.error(node, "bytes literals are not allowed in workflow scripts")
        result = super().visit_Constant(node)
        assert isinstance(result, ast.AST)
        return result

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        node = self.node_contents_visit(node)
        return _call("_fstring_", list(node.values), node)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        node = self.node_contents_visit(node)
        spec = node.format_spec if node.format_spec is not None else ast.Constant("")
        return _call("_format_", [node.value, ast.Constant(node.conversion), spec], node)


class Compiler:
    """Compiles restricted source to code objects, remembering the last `cache_size`."""

    def __init__(self, limits: ScriptLimits) -> None:
        self.limits = limits
        self._cached = functools.lru_cache(maxsize=limits.cache_size)(self._compile)

    def compile(self, source: str, mode: Mode) -> CodeType:
        """The code of `source`; raises ScriptRefusedError naming what was refused."""
        if not isinstance(source, str):
            raise ScriptRefusedError(f"a script must be text, not {type(source).__name__}")
        if len(source) > self.limits.max_source_chars:
            raise ScriptRefusedError(
                f"script refused: {len(source)} characters long; the limit is "
                f"{self.limits.max_source_chars}", source=source)
        code, errors = self._cached(source, mode)
        if code is None:
            raise ScriptRefusedError(f"script refused: {'; '.join(errors)}", source=source)
        return code

    def cache_info(self) -> functools._CacheInfo:
        return self._cached.cache_info()

    @staticmethod
    def _compile(source: str, mode: Mode) -> tuple[CodeType | None, tuple[str, ...]]:
        compile_restricted = compile_restricted_eval if mode == "eval" else compile_restricted_exec
        try:
            result = compile_restricted(source, filename=FILENAME, policy=MotcuaPolicy)
        except RecursionError:
            return None, ("the expression is nested too deeply",)
        except Exception as err:  # anything the parser or the policy trips on is a refusal
            return None, (f"{type(err).__name__}: {err}",)
        return result.code, tuple(result.errors)
