"""No import circle in the domain or the vault: `make lint` runs this after import-linter.

For each package of school_log and storage (the roots too), its children (modules and subpackages, each with
everything under it) must import each other without a circle. Imports made only for type checking
(`if TYPE_CHECKING:`) are left out: they never run, and a type may name what imports it.
Prints each circle on one line and exits 1 if there is one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import grimp

ROOTS = ("school_log", "storage")


def circles(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(nodes):
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, rest = work[-1]
            step = next(iter(rest), None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(edges[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def main() -> int:
    graph = grimp.build_graph(*ROOTS, exclude_type_checking_imports=True, cache_dir=None)  # never a stale graph
    packages = {m for m in graph.modules if graph.find_children(m)}
    problems = []
    for package in sorted(packages):
        children = graph.find_children(package)
        edges: dict[str, set[str]] = {child: set() for child in children}
        for child in children:
            for module in {child} | graph.find_descendants(child):
                for imported in graph.find_modules_directly_imported_by(module):
                    target = next((c for c in children if imported == c or imported.startswith(c + ".")), None)
                    if target is not None and target != child:
                        edges[child].add(target)
        problems += circles(set(children), edges)
    for circle in problems:
        print("import circle: " + " <-> ".join(circle))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
