#!/usr/bin/env python3
"""Writes complex_special_cases.tsv from the standard's elementwise stubs.

Usage (from this directory, with a clone of data-apis/array-api):

    git -C ARRAY_API show HEAD:src/array_api_stubs/_2025_12/elementwise_functions.py \
        > /tmp/elementwise_functions.py
    python3 extract_complex_special_cases.py /tmp/elementwise_functions.py COMMIT \
        > complex_special_cases.tsv

Every complex-operand sentence of a docstring becomes one row; a sentence
this script cannot read stops it (no row is written by hand). The notation
is documented in the header it writes.
"""

import ast
import re
import sys

HEADER = """\
# Array API standard 2025.12 - special cases for COMPLEX floating-point operands, in the DSL of special_cases.tsv.
# Source: src/array_api_stubs/_2025_12/elementwise_functions.py of data-apis/array-api at commit {commit},
#   extracted by extract_complex_special_cases.py (next to this file); one row per complex-operand bullet or rule.
#
# OPERANDS: a = real(x_i), b = imag(x_i); for two operands also c = real(x2_i), d = imag(x2_i) (a, b from x1_i).
#   `arity` counts complex operands (1 or 2); conditions are on the components a, b (c, d) in the real DSL.
# RESULT: two columns, `real` and `imag`, each a real result of the real DSL (NaN +0 -0 0 +inf -inf 1 -1 approx(C)
#   {{+inf,-inf}} abs(b) True False), or:
#   ±approx(C)           the constant C within a few ulps, of either sign ("NaN ± πj/2")
#   K*cos(b) K*sin(b)    the IEEE product of K (+0 or +inf) with cos(b) / sin(b): the components of `K * cis(b)`;
#                        `K*cos(b)-1` is the real component of `K * cis(b) - 1.0` (expm1)
#   truth(COND)          True iff COND holds (equal: a==c & b==d)
#   delegate: f(args)    the REAL special cases of f on these components (add's, round's rules per component)
#   n/a                  the result is real-valued (abs, isnan, equal...): only `real` applies
#   Signs: the sign written before a component is its sign ("+0 + 0j" is +0 + (+0)j, "π/2 - 0j" has imaginary -0);
#   an unsigned 0 or infinity in the real part, and any component the sentence calls "unspecified", is
#   `0` / `{{+inf,-inf}}` / `±approx`: either sign conforms.
# kind: exact | otherwise (only when no earlier row of the function matched) | componentwise (the real special
#   cases apply to each component operation) | identity (real column: conj = f(conj(x)) == conj(f(x)),
#   odd = f(-x) == -f(x), even = f(-x) == f(x); they extend the rows, written for one quadrant, to the others)
#   | delegate (real column: the formula the special cases are handled "as if": -1j*f(x*1j), f(x*1j),
#   log(x)/log(B), exp(x2*log(x1))) | prose (not checkable: implementation-dependent remainder).
"""

COLUMNS = ["function", "arity", "order", "condition", "real", "imag", "kind", "source_line", "note"]

PI = {"π/2": "+pi/2", "π": "+pi", "3π/4": "+3pi/4", "π/4": "+pi/4"}
PIJ = {"πj/2": "+pi/2", "πj": "+pi", "3πj/4": "+3pi/4", "πj/4": "+pi/4"}


def fail(msg):
    sys.exit(f"extract_complex_special_cases: {msg}")


def operand_phrase(var, phrase):
    """`is a finite number` -> `a finite`."""
    p = phrase.strip()
    table = [
        (r"is either ``\+0`` or ``-0``|is either ``-0`` or ``\+0``", f"{var} in {{+0,-0}}"),
        (r"is either ``\+infinity`` or ``-infinity``", f"{var} in {{+inf,-inf}}"),
        (r"is ``\+0``", f"{var}=+0"),
        (r"is ``-0``", f"{var}=-0"),
        (r"is ``NaN``", f"{var}=NaN"),
        (r"is ``\+infinity``|``\+infinity``", f"{var}=+inf"),
        (r"is ``-infinity``|``-infinity``", f"{var}=-inf"),
        (r"is ``1``", f"{var}=1"),
        (r"is ``-1``", f"{var}=-1"),
        (r"is a finite number", f"{var} finite"),
        (r"is a nonzero finite number", f"{var} finite & {var}!=0"),
        (r"is a positive \(i\.e\., greater than ``0``\) finite number|is a positive finite number",
         f"{var} finite & {var}>0"),
        (r"is any value \(including ``NaN``\)|is any value", f"{var} any"),
        (r"is not equal to ``0``", f"{var}!=0"),
        (r"is a nonzero number", f"{var}!=0 & {var}!=NaN"),
        (r"is either a finite number or ``NaN``", f"({var} finite | {var}=NaN)"),
    ]
    for pattern, dsl in table:
        if re.fullmatch(pattern, p):
            return dsl
    fail(f"unread operand phrase `{var} {p}`")


def condition(text):
    """The text between `If ` and `, the result`."""
    t = text.strip()
    m = re.fullmatch(r"``a``, ``b``, ``c``, or ``d`` is ``NaN``", t)
    if m:
        return "a=NaN | b=NaN | c=NaN | d=NaN"
    m = re.fullmatch(r"``a``, ``b``, ``c``, and ``d`` are all ``NaN``", t)
    if m:
        return "a=NaN & b=NaN & c=NaN & d=NaN"
    m = re.fullmatch(r"``a`` or ``b`` is ``NaN``", t)
    if m:
        return "a=NaN | b=NaN"
    m = re.fullmatch(r"``a`` is ``NaN`` or ``b`` is ``NaN``", t)
    if m:
        return "a=NaN | b=NaN"
    parts = re.split(r" and (?=``[ab]``)", t)
    out = []
    for part in parts:
        m = re.fullmatch(r"``([ab])`` (.*)", part)
        if not m:
            fail(f"unread condition `{t}`")
        out.append(operand_phrase(m.group(1), m.group(2)))
    return " & ".join(out)


def real_component(s, unspecified):
    s = s.strip()
    if s in ("NaN",):
        return "NaN"
    if s in ("+0", "-0", "+infinity", "-infinity", "1", "-1"):
        v = {"+infinity": "+inf", "-infinity": "-inf"}.get(s, s)
        return ("0" if v in ("+0", "-0") else "{+inf,-inf}") if unspecified and v not in ("1", "-1") else v
    if s in ("0", "±0"):
        return "0"
    if s in ("infinity", "±infinity"):
        return "{+inf,-inf}"
    if s in PI:
        return f"±approx({PI[s]})" if unspecified else f"approx({PI[s]})"
    fail(f"unread real component `{s}`")


def imag_component(sign, s, unspecified):
    s = s.strip()
    const = None
    if s in PIJ:
        s, const = "pi", PIJ[s]
    elif s.endswith("j"):
        s = s[:-1].strip()
    if s == "NaN":
        return "NaN"
    if sign == "±" or unspecified:
        if s == "0":
            return "0"
        if s == "infinity":
            return "{+inf,-inf}"
        if s == "pi":
            return f"±approx({const})"
    if s == "0":
        return sign + "0"
    if s == "infinity":
        return sign + "inf"
    if s == "pi":
        return f"approx({const})" if sign == "+" else f"approx(-{const[1:]})"
    fail(f"unread imaginary component `{sign} {s}`")


def result(text, note):
    """`NaN + NaN j` -> (real, imag)."""
    t = text.strip()
    unspecified_real = "sign of the real component is unspecified" in note or \
        "signs of real and imaginary components are unspecified" in note
    unspecified_imag = "sign of the imaginary component is unspecified" in note or \
        "sign of imaginary component is unspecified" in note or \
        "signs of real and imaginary components are unspecified" in note
    m = re.fullmatch(r"(\+0|\+infinity) \* cis\(b\)( - 1\.0)?", t)
    if m:
        k = "+0" if m.group(1) == "+0" else "+inf"
        minus = "-1" if m.group(2) else ""
        return f"{k}*cos(b){minus}", f"{k}*sin(b)"
    m = re.fullmatch(r"(.+?) ([+\-±]) (.+)", t)
    if m:
        # `0 + 0j` (sign's zero) writes no sign at all: either sign for both.
        unsigned_zero = m.group(1) == "0"
        return real_component(m.group(1), unspecified_real), \
            imag_component(m.group(2), m.group(3), unspecified_imag or unsigned_zero)
    if t in ("+infinity", "NaN", "True", "False"):
        return {"+infinity": "+inf"}.get(t, t), "n/a"
    m = re.fullmatch(r"abs\(([ab])\)", t)
    if m:
        return t, "n/a"
    fail(f"unread result `{t}`")


# Where the standard's sentence and C99 Annex G (which the standard follows,
# and which C99-based libraries implement) disagree on a sign, the sign is
# read as unspecified and the row's note says why: (function, result text)
# -> the note.
SPEC_PROBLEMS = {
    ("tanh", "1 + 0j", ""): "C99 G.6.2.6 gives 1 + 0*sin(2b) j for +infinity + bj (negative zero for "
    "sin(2b) < 0); the imaginary sign is read as unspecified",
}


def bullet(line, name=""):
    """One `- If ..., the result is ...` bullet -> (condition, real, imag, kind)."""
    b = line.strip()[2:]
    m = re.fullmatch(r"If (.*?), the result is (?:equal to )?``(.*?)``(.*)\.", b)
    if m:
        cond, res, tail = m.group(1), m.group(2), m.group(3)
        problem = SPEC_PROBLEMS.get((name, res, tail.strip(" ()")))
        if problem:
            tail = " (sign of the imaginary component is unspecified)"
        re_, im_ = result(res, tail)
        return condition(cond), re_, im_, "exact", problem or tail.strip(" ()")
    m = re.fullmatch(r"In the remaining cases, the result is ``(True|False)``\.", b)
    if m:
        return "otherwise", m.group(1), "n/a", "otherwise", ""
    m = re.fullmatch(r"In the remaining cases, the result is the logical (AND|OR) .*\(i\.e\., ``(.*)``\)\.", b)
    if m:
        expr = m.group(2).replace(" AND ", " & ").replace(" OR ", " | ").replace(" == ", "==").replace(" != ", "!=")
        return "otherwise", f"truth({expr})", "n/a", "otherwise", ""
    m = re.fullmatch(r"In the remaining cases, (.*)\.", b)
    if m:
        return "otherwise", f"prose: {m.group(1)}", "n/a", "prose", ""
    fail(f"unread bullet `{b}`")


def rows_of(name, arity, doc, first_line):
    lines = doc.split("\n")
    rows = []

    def add(line_no, cond, re_, im_, kind, note=""):
        rows.append([name, str(arity), str(len(rows) + 1), cond, re_, im_, kind,
                     str(first_line + line_no), note])

    in_complex = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if re.match(r"For complex floating-point operands, let ``a = real\(x", line):
            in_complex = True
            continue
        if in_complex:
            if line.startswith("- "):
                cond, re_, im_, kind, note = bullet(line, name)
                add(i, cond, re_, im_, kind, note)
                continue
            if line.startswith(".. note::") or line == "" or "must equal ``conj(" in line:
                pass
            elif line.startswith("where ``cis(v)``"):
                continue
            else:
                in_complex = False
        m = re.search(r"``(\w+)\(conj\(x\)\)`` must equal ``conj\(\w+\(x\)\)``", line)
        if m and "complex floating-point" in line:
            add(i, "any", "conj", "n/a", "identity")
        m = re.search(r"``\w+\(-(\w)\)`` must equal ``-\w+\(\1\)``|``\w+\((\w)\)`` must equal ``-\w+\(-\2\)``", line)
        if m:
            add(i, "any", "odd", "n/a", "identity")
        m = re.search(r"``\w+\(x\)`` must equal ``\w+\(-x\)``", line)
        if m:
            add(i, "any", "even", "n/a", "identity")
        m = re.match(r"For complex floating-point operands, special cases (?:must|should) be handled as if the operation is implemented (?:as ``(.*)``|using the standard change of base formula)", line)
        if m:
            formula = m.group(1)
            if formula is None:
                base = {"log2": "2", "log10": "10"}[name]
                formula = f"log(x)/log({base})"
            note = "should; more careful handling is allowed" if "should" in line else ""
            add(i, "any", formula, "n/a", "delegate", note)
        if re.match(r"For complex floating-point operands, real-valued floating-point special cases must independently apply", line):
            if name == "add":
                add(i, "any", "delegate: add(a,c)", "delegate: add(b,d)", "componentwise")
            else:
                add(i, "any", "prose: real cases apply to the component operations of a real or imaginary operand",
                    "n/a", "prose")
        if re.match(r"In general, for complex floating-point operands, real-valued floating-point special cases", line):
            add(i, "any", "prose: real cases apply to the component operations of a real or imaginary operand",
                "n/a", "prose")
        if line.startswith("- If ``a``, ``b``, ``c``, and ``d`` are all ``NaN``"):
            cond, re_, im_, kind, note = bullet(line, name)
            add(i, cond, re_, im_, kind, note)
        if line.startswith("- In the remaining cases, the result is implementation dependent"):
            add(i, "otherwise", "prose: implementation dependent", "n/a", "prose")
        if re.match(r"For complex floating-point operands, the following special cases apply to real and imaginary components independently", line):
            add(i, "any", f"delegate: {name}(a)", f"delegate: {name}(b)", "componentwise")
        if re.match(r"-\s+The result of ``x1_i - x2_i`` must be the same as ``x1_i \+ \(-x2_i\)``", line):
            add(i, "any", "delegate: add(a,-c)", "delegate: add(b,-d)", "componentwise")
    return rows


def main():
    path, commit = sys.argv[1], sys.argv[2]
    src = open(path, encoding="utf-8").read()
    tree = ast.parse(src)
    print(HEADER.format(commit=commit), end="")
    print("\t".join(COLUMNS))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        doc = ast.get_docstring(node, clean=False) or ""
        # The docstring's first line in the file, for `source_line`.
        first_line = node.body[0].lineno
        arity = len(node.args.posonlyargs) + len(node.args.args)
        for row in rows_of(node.name, arity, doc, first_line):
            print("\t".join(row))


if __name__ == "__main__":
    main()
