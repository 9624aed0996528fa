"""Known sandbox escapes and resource bombs: each is refused with a ScriptError that names
what was refused, quickly, and without running (the task data stays as it was).

The escape corpus collects the classic Python-sandbox breaks (subclass walks, format-string
attribute walks, generator frames, computed getattr) and the RestrictedPython advisories
(format_map and string.Formatter, CVE-2023-41039; generator/frame attributes,
CVE-2023-37271; ``except*``, CVE-2025-22153; guard hooks shadowed through positional-only
parameters, GHSA-ffg3-p8fm-mjx2; a str subclass as attribute name, CVE-2024-47532).
"""

from __future__ import annotations

import time

import pytest

from engine.errors import (
    ScriptAccessError,
    ScriptError,
    ScriptLimitError,
    ScriptRefusedError,
    ScriptResultError,
)
from engine.scripting import RestrictedEnvironment, ScriptLimits
from engine.scripting.attributes import guarded_getattr
from engine.scripting.environment import vietnam_now
from engine.scripting.guards import GUARDS
from engine.scripting.library import SAFE_BUILTINS
from engine.scripting.limits import running

REFUSED, ACCESS, LIMIT, RESULT = (ScriptRefusedError, ScriptAccessError, ScriptLimitError,
                                  ScriptResultError)

ESCAPES: list[tuple[str, str, type[ScriptError], str]] = [
    # name, source, error, what the message must name
    ("subclass walk", "().__class__.__base__.__subclasses__()", REFUSED, "__class__"),
    ("object subclasses", "object.__subclasses__()", REFUSED, "__subclasses__"),
    ("import builtin", "__import__('os')", REFUSED, "__import__"),
    ("str.format attribute walk", '"{0.__class__}".format(x)', ACCESS, "format"),
    ("str.format globals walk", '"{0.__init__.__globals__}".format(x)', ACCESS, "format"),
    ("format on a str subclass walk", "'{0}'.format", ACCESS, "format"),
    ("format_map walk", '"{x.__class__}".format_map({"x": x})', ACCESS, "format_map"),
    ("string.Formatter", "string.Formatter().format('{0.__class__}', x)", ACCESS, "'string'"),
    ("printf formatting", "'%s' % x", ACCESS, "'%' formatting"),
    ("generator frame walk", "(x for x in []).gi_frame.f_back.f_globals", REFUSED, "gi_frame"),
    ("generator code", "(x for x in []).gi_code", REFUSED, "gi_code"),
    ("generator methods", "(x for x in [1]).send(None)", ACCESS, "'send'"),
    ("computed getattr", "getattr(x, '_' + '_class__')", ACCESS, "'getattr'"),
    ("setattr", "setattr(x, 'a', 1)", ACCESS, "'setattr'"),
    ("type()", "type(x)", ACCESS, "'type'"),
    ("type() then dunder", "type(x).__subclasses__()", REFUSED, "__subclasses__"),
    ("object()", "object()", ACCESS, "'object'"),
    ("super()", "super()", ACCESS, "'super'"),
    ("lambda globals", "(lambda: 0).__globals__", REFUSED, "lambda"),
    ("lambda Y-combinator", "(lambda f: f(f))(lambda f: f(f))", REFUSED, "lambda"),
    ("mro comprehension", "[c for c in ().__class__.__mro__]", REFUSED, "__mro__"),
    ("mro method", "str.mro()", ACCESS, "'mro'"),
    ("class attributes of builtins", "dict.fromkeys(range(10))", ACCESS, "'fromkeys'"),
    ("int.from_bytes", "int.from_bytes", ACCESS, "'from_bytes'"),
    ("f-string dunder", 'f"{x.__class__}"', REFUSED, "__class__"),
    ("f-string conversion dunder", 'f"{x.__init__!r}"', REFUSED, "__init__"),
    ("vars()", "vars()", ACCESS, "'vars'"),
    ("globals()", "globals()", ACCESS, "'globals'"),
    ("locals()", "locals()", ACCESS, "'locals'"),
    ("dir()", "dir(x)", ACCESS, "'dir'"),
    ("__builtins__", "__builtins__['open']", REFUSED, "__builtins__"),
    ("builtin __self__", "len.__self__", REFUSED, "__self__"),
    ("attributes of functions", "sorted.keywords", ACCESS, "'keywords'"),
    ("exec", "exec('import os')", REFUSED, "Exec"),
    ("eval", "eval('1 + 1')", REFUSED, "Eval"),
    ("compile", "compile('1', 's', 'eval')", ACCESS, "'compile'"),
    ("open", "open('/etc/passwd').read()", ACCESS, "'open'"),
    ("os module", "os.system('id')", ACCESS, "'os'"),
    ("sys.modules", "sys.modules['os']", ACCESS, "'sys'"),
    ("input", "input()", ACCESS, "'input'"),
    ("help", "help()", ACCESS, "'help'"),
    ("breakpoint", "breakpoint()", REFUSED, "breakpoint"),
    ("memoryview", "memoryview(x)", ACCESS, "'memoryview'"),
    ("iter with sentinel", "iter(int, 1)", ACCESS, "'iter'"),
    ("print", "print(x)", REFUSED, "print"),
    ("dict view mapping", "d.keys().mapping", ACCESS, "'mapping'"),
    ("bytes literal", "b'x' * 10**10", REFUSED, "bytes"),
    ("walrus on a guard", "(_getattr_ := 1)", REFUSED, "_getattr_"),
    ("isinstance with a non-type", "isinstance(x, zip)", ACCESS, "isinstance"),
    ("indexing odd objects", "today()[0]", ACCESS, "indexing date"),
    ("return a builtin", "len", RESULT, "builtin_function_or_method"),
    ("return a generator", "(i for i in range(10**12))", RESULT, "generator"),
]

SCRIPT_ESCAPES: list[tuple[str, str, type[ScriptError], str]] = [
    ("import statement", "import os", REFUSED, "'import'"),
    ("from import", "from os import system", REFUSED, "'from ... import'"),
    ("import hidden in a branch", "if False:\n    import os", REFUSED, "'import'"),
    ("decorator", "@staticmethod\ndef f():\n    pass", REFUSED, "'def'"),
    ("function definition", "def f():\n    return 1", REFUSED, "'def'"),
    ("class definition", "class A:\n    pass", REFUSED, "'class'"),
    ("metaclass", "class A(metaclass=type):\n    pass", REFUSED, "'class'"),
    ("guard shadowed by a positional-only parameter",
     "def f(_getattr_, /):\n    return 1", REFUSED, "_getattr_"),
    ("guard rebound", "_getiter_ = list", REFUSED, "_getiter_"),
    ("guard shadowed by a loop variable", "for _getattr_ in [1]:\n    pass", REFUSED,
     "_getattr_"),
    ("except star", "try:\n    pass\nexcept* Exception:\n    pass", REFUSED, "TryStar"),
    ("traceback frame", "try:\n    1 / 0\nexcept Exception as e:\n    f = e.__traceback__",
     REFUSED, "__traceback__"),
    ("with_traceback", "try:\n    1 / 0\nexcept Exception as e:\n    f = e.with_traceback",
     ACCESS, "with_traceback"),
    ("catch the guard error and go on",
     "try:\n    y = type(x)\nexcept Exception:\n    escaped = True\nafter = 1", ACCESS, "'type'"),
    ("catch a limit and go on",
     "try:\n    while True:\n        pass\nexcept Exception:\n    escaped = True", LIMIT,
     "loop iterations"),
    ("bare except around a refusal",
     "try:\n    open('/etc/passwd')\nexcept:\n    escaped = True", ACCESS, "'open'"),
    ("finally after a limit",
     "try:\n    while True:\n        pass\nfinally:\n    escaped = True", LIMIT, "loop"),
    ("write into a date", "d = today()\nd.year = 1", ACCESS, "date values cannot be changed"),
    ("write into a class", "date.max = 1", ACCESS, "type values cannot be changed"),
    ("augmented item assignment", "d['a'] += 1", REFUSED, "Augmented assignment"),
    ("global", "global x\nx = 1", REFUSED, "'global'"),
    ("with", "with x:\n    pass", REFUSED, "'with'"),
    ("async def", "async def f():\n    pass", REFUSED, "AsyncFunctionDef"),
    ("match statement", "match x:\n    case _:\n        pass", REFUSED, "Match"),
    ("store a function", "f = sorted", RESULT, "function"),
]


@pytest.fixture
def env() -> RestrictedEnvironment:
    return RestrictedEnvironment()


def fresh_data() -> dict[str, object]:
    return {"x": 1, "d": {"a": 1}, "canary": "untouched"}


@pytest.mark.parametrize(("source", "error", "named"),
                         [pytest.param(s, e, n, id=name) for name, s, e, n in ESCAPES])
def test_escape_expressions_are_refused(env: RestrictedEnvironment, source: str,
                                        error: type[ScriptError], named: str) -> None:
    data = fresh_data()
    with pytest.raises(error) as caught:
        env.evaluate(source, data)
    assert named in str(caught.value)
    assert data == fresh_data()


@pytest.mark.parametrize(("source", "error", "named"),
                         [pytest.param(s, e, n, id=name) for name, s, e, n in SCRIPT_ESCAPES])
def test_escape_scripts_are_refused_and_change_nothing(
        env: RestrictedEnvironment, source: str, error: type[ScriptError], named: str) -> None:
    data = fresh_data()
    with pytest.raises(error) as caught:
        env.execute("canary = 'ran'\n" + source, data)
    assert named in str(caught.value)
    assert data == fresh_data()  # neither the canary nor the escape's variables were kept


def test_a_str_subclass_cannot_name_an_attribute() -> None:
    # CVE-2024-47532: a str subclass whose startswith() lies got past safer_getattr.

    class Sly(str):
        def startswith(self, *args: object) -> bool:
            return False

    with running(ScriptLimits(), vietnam_now), pytest.raises(ScriptAccessError):
        guarded_getattr((), Sly("__class__"))


def test_guards_refuse_outside_an_evaluation() -> None:
    with pytest.raises(ScriptAccessError, match="outside a script evaluation"):
        guarded_getattr("x", "upper")
    with pytest.raises(ScriptAccessError, match="outside"):
        GUARDS["_getiter_"]([1])  # type: ignore[operator]


def test_no_dangerous_builtin_is_reachable() -> None:
    dangerous = {"open", "exec", "eval", "compile", "getattr", "setattr", "delattr", "globals",
                 "locals", "vars", "dir", "type", "super", "object", "__import__", "breakpoint",
                 "input", "help", "memoryview"}
    for name in dangerous:
        value = SAFE_BUILTINS.get(name)
        assert value is None or type(value).__name__ == "Refused", name


RESOURCE_BOMBS: list[tuple[str, str, str]] = [
    # name, source (a script), what the message must say
    ("9**9**9", "r = 9**9**9", "result too large"),
    ("10**10**10", "r = 10**10**10", "result too large"),
    ("2 << 10**9", "r = 2 << 10**9", "result too large"),
    ("'a' * 10**10", "r = 'a' * 10**10", "result too large"),
    ("10**10 * 'a'", "r = 10**10 * 'a'", "result too large"),
    ("[0] * 10**9", "r = [0] * 10**9", "result too large"),
    ("nested repetition", "r = [[0] * 10**6] * 10**6", "result too large"),
    ("list(range(10**10))", "r = list(range(10**10))", "result too large"),
    ("'x'.ljust(10**10)", "r = 'x'.ljust(10**10)", "result too large"),
    ("'a'.center(10**10)", "r = 'a'.center(10**10)", "result too large"),
    ("'a'.rjust(10**10)", "r = 'a'.rjust(10**10)", "result too large"),
    ("'1'.zfill(10**10)", "r = '1'.zfill(10**10)", "result too large"),
    ("replace growth", "r = ('a' * 1000).replace('', 'x' * 10000)", "result too large"),
    ("join growth", "s = 'x' * 600000\nr = '-'.join([s, s])", "result too large"),
    ("f-string width", "r = f'{x:>{10**10}}'", "format"),
    ("strftime width", "r = today().strftime('%01000000000Y')", "format"),
    ("round to -10**9 digits", "r = round(5, -10**9)", "result too large"),
    ("binary int parsing", "r = int('1' * 999999, 2)", "result too large"),
    ("while True: pass", "while True:\n    pass", "exceeded 100000 loop iterations"),
    ("for i in range(10**12): pass", "for i in range(10**12):\n    pass",
     "exceeded 100000 loop iterations"),
    ("comprehension over range(10**12)", "r = [i for i in range(10**12)]",
     "exceeded 100000 loop iterations"),
    ("sum of a generator", "r = sum(i for i in range(10**12))",
     "exceeded 100000 loop iterations"),
    ("star unpacking", "r = max(*range(10**12))", "exceeded 100000 loop iterations"),
    ("set display unpacking", "r = {*range(10**12)}", "exceeded 100000 loop iterations"),
    ("tuple unpacking", "a, *b = range(10**12)", "result too large"),
    ("membership scan in C", "r = 'a' in zip(range(10**12))", "exceeded 100000 loop iterations"),
    ("membership in a huge range", "r = 'a' in range(10**12)", "no error: answered in O(1)"),
    ("sorted(range(10**12))", "r = sorted(range(10**12))", "result too large"),
    ("set union with a huge range", "r = set().union(range(10**12))", "result too large"),
    ("list.extend doubling", "x = [0]\nwhile True:\n    x.extend(x)", "result too large"),
    ("string doubling", "s = 'a'\nwhile True:\n    s += s", "result too large"),
    ("f-string doubling", "s = 'a'\nwhile True:\n    s = f'{s}{s}'", "result too large"),
    ("power in place", "n = 2\nn **= 10**9", "result too large"),
    ("repeat in place", "s = 'ab'\ns *= 10**10", "result too large"),
    ("aliased list printed", "x = [0] * 10**6\ny = [x for i in range(50000)]\nr = str(y)",
     "result too large"),
    ("aliased lists compared",
     "a = [0] * 10**6\nb = [0] * 10**6\ny = [a for i in range(40000)]\n"
     "z = [b for i in range(40000)]\nr = y == z", "result too large"),
    ("aliased list sorted", "x = [0] * 10**6\ny = [x for i in range(50000)]\ny.sort()",
     "result too large"),
    ("aliased list stored", "x = [0] * 10**6\ny = [x for i in range(50000)]",
     "result too large"),
    ("many big lists", "y = [[0] * 10**6 for i in range(1000)]", "built more than"),
    ("many slice copies", "x = [0] * 10**6\ny = [x[:] for i in range(1000)]", "built more than"),
    ("many list copies", "x = [0] * 10**6\ny = [x.copy() for i in range(1000)]",
     "built more than"),
    ("many list() copies", "x = list(range(10**6))\ny = [list(x) for i in range(1000)]",
     "built more than"),
    ("many upper-cased texts", "s = 'a' * 10**6\ny = [s.upper() for i in range(1000)]",
     "built more than"),
    ("many set operations", "s = set(range(10**6))\ny = [s & s for i in range(1000)]",
     "built more than"),
    ("many dict spreads", "d = {i: i for i in range(90000)}\ny = [{**d} for i in range(1000)]",
     "built more than"),
    ("slice assignment from a huge range", "x = [0]\nx[:] = range(10**12)", "result too large"),
    ("slice assignment from a lazy iterator", "x = []\nx[0:0] = zip(range(10**12))",
     "exceeded 100000 loop iterations"),
    ("one huge number printed a million times", "x = [10**3000] * 10**6", "result too large"),
    ("huge numbers stored", "x = [10**3000 for i in range(5000)]", "result too large"),
    ("recursion through lambdas", "f = lambda n: f(n - 1)\nr = f(10)", "'lambda'"),
    ("recursion through def", "def f(n):\n    return f(n)\nr = f(1)", "'def'"),
    ("deeply nested data printed", "x = []\nfor i in range(50000):\n    x = [x]\nr = str(x)",
     "nested too deeply"),
]


@pytest.mark.parametrize(("source", "named"),
                         [pytest.param(s, n, id=name) for name, s, n in RESOURCE_BOMBS])
def test_resource_bombs_are_stopped_quickly(env: RestrictedEnvironment, source: str,
                                            named: str) -> None:
    data = fresh_data()
    started = time.perf_counter()
    if named.startswith("no error"):
        env.execute(source, data)
        assert data["r"] is False
    else:
        with pytest.raises(ScriptError) as caught:
            env.execute(source, data)
        assert named in str(caught.value)
        assert data == fresh_data()
    assert time.perf_counter() - started < 1.0


def test_time_limit_stops_work_that_stays_under_every_other_limit() -> None:
    env = RestrictedEnvironment(ScriptLimits(max_seconds=0.2))
    started = time.perf_counter()
    with pytest.raises(ScriptLimitError, match=r"time limit of 0\.2 s"):
        env.execute("big = list(range(10**6))\nfor i in range(90000):\n    n = max(big)", {})
    assert time.perf_counter() - started < 1.0


def test_source_length_is_bounded(env: RestrictedEnvironment) -> None:
    with pytest.raises(ScriptRefusedError, match="characters long"):
        env.evaluate("1 + " * 10_000 + "1", {})


def test_deeply_nested_source_is_refused_not_crashed(env: RestrictedEnvironment) -> None:
    with pytest.raises(ScriptRefusedError):
        env.evaluate("(" * 5000 + "1" + ")" * 5000, {})
