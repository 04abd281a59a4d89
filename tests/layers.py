#!/usr/bin/env python3
"""layers.py BUILD: no two source files of tool/ include or call each other
in a loop (issue 12). Two graphs over tool/*.c, each a file -> file edge:

- calls: A -> B when A's object (BUILD/A.o) uses a symbol that B's object
  defines (nm: undefined in A, defined in B); a table (export_kinds,
  due_kind_names) counts as a call;
- includes: A -> B when A includes B's header: the one named for it (b.h,
  and ydoc.h for yaml.c). A header may also declare what other files
  define (page.h the pages, history.h history_cache.c's); the call graph
  sees those uses.

Each graph must be a DAG. On a loop it prints the files in it and exits 1.
With -v it prints the layers, lowest first (a file only uses files below).
"""
import os
import re
import subprocess
import sys

# headers not named for their source file
RENAMED = {"ydoc.h": ["yaml"]}


def sources(top):
    return sorted(f[:-2] for f in os.listdir(os.path.join(top, "tool")) if f.endswith(".c"))


def call_graph(top, build, files):
    defs, uses = {}, {}
    for f in files:
        obj = os.path.join(build, f + ".o")
        out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        uses[f] = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                uses[f].add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDRB":
                defs.setdefault(parts[2], f)
    return {f: {defs[s] for s in uses[f] if s in defs and defs[s] != f} for f in files}


def include_graph(top, files):
    impl = {f + ".h": [f] for f in files}
    impl.update(RENAMED)
    g = {}
    for f in files:
        text = open(os.path.join(top, "tool", f + ".c"), encoding="utf-8").read()
        g[f] = set()
        for h in re.findall(r'^#include "([^"]+)"', text, re.M):
            g[f].update(x for x in impl.get(h, []) if x != f)
    return g


def loop(g):
    """A cycle of g as a list of nodes, or None."""
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def layers(g):
    level = {}

    def depth(n):
        if n not in level:
            level[n] = 1 + max((depth(m) for m in g[n]), default=-1)
        return level[n]

    for n in g:
        depth(n)
    out = {}
    for n, d in level.items():
        out.setdefault(d, []).append(n)
    return [sorted(out[d]) for d in sorted(out)]


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = args[0] if args else os.path.join(top, "build")
    files = sources(top)
    ok = True
    for name, g in (("call", call_graph(top, build, files)), ("include", include_graph(top, files))):
        c = loop(g)
        if c:
            print("layers: a %s loop: %s" % (name, " -> ".join(c)))
            ok = False
        elif "-v" in sys.argv:
            print("%s layers, lowest first:" % name)
            for i, l in enumerate(layers(g)):
                print("  %d: %s" % (i, " ".join(l)))
    if ok:
        print("layers: no include or call loops among %d files of tool/" % len(files))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
