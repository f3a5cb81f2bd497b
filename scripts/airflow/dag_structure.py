"""Prints the structure of an Airflow DAG file as JSON, read with Python's `ast` (Airflow itself is
not imported, so this runs where Airflow is not installed):

    python3 scripts/airflow/dag_structure.py scripts/airflow/alert_recs_dag.py

{
  "dag":        the DAG(...) arguments (dag_id, schedule, catchup, default_args, ...),
  "tasks":      [{"task_id", "variable", "operator", "args"}] in the order they are defined,
  "edges":      [[upstream, downstream], ...] from `a >> b` / `a << b` chains (task ids),
  "order":      the task ids in dependency order (when the graph is a single chain, that chain),
  "imports":    {local name: "module.name"},
  "constants":  module-level assignments whose value could be worked out,
  "functions":  {name: {"raises": [exception classes], "calls": [dotted names called]}},
  "strings":    every string literal in the file (to check what the file does NOT spell out),
  "shared_module": when the DAG imports alert_recs_job: the status object's location and the
                retry decision of that module, evaluated (it is plain Python, no Airflow)
}

Values are worked out where it is plain: literals, names of module-level constants, `+` of
strings, f-strings without expressions, timedelta(...) (as {"timedelta_seconds": N}) and its
.total_seconds(). Anything else is {"expr": "<source text>"}.
"""

from __future__ import annotations

import ast
import json
import sys
from graphlib import TopologicalSorter
from pathlib import Path

TIMEDELTA_UNITS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1,
                   "milliseconds": 0.001, "microseconds": 0.000001}


class Structure:
    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.constants: dict[str, object] = {}
        self.imports: dict[str, str] = {}
        self.task_ids: dict[str, str] = {}
        self.tasks: list[dict] = []
        self.edges: list[list[str]] = []
        self.dag: dict = {}
        self.functions: dict[str, dict] = {}

    # ---- values -------------------------------------------------------------------------------

    def value(self, node: ast.AST):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.constants:
                return self.constants[node.id]
            if node.id in self.task_ids:
                return {"task": self.task_ids[node.id]}
            return {"name": node.id}
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(node.op, ast.Add):
                if isinstance(left, str) and isinstance(right, str):
                    return left + right
                if _is_td(left) and _is_td(right):
                    return {"timedelta_seconds": left["timedelta_seconds"] + right["timedelta_seconds"]}
            return {"expr": ast.unparse(node)}
        if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
            return "".join(v.value for v in node.values)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Set):
            return sorted((self.value(e) for e in node.elts), key=repr)
        if isinstance(node, ast.Dict):
            return {self._key(k): self.value(v) for k, v in zip(node.keys, node.values)}
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in ("timedelta", "datetime.timedelta"):
                seconds = 0
                for kw in node.keywords:
                    v = self.value(kw.value)
                    if kw.arg not in TIMEDELTA_UNITS or not isinstance(v, (int, float)):
                        return {"expr": ast.unparse(node)}
                    seconds += v * TIMEDELTA_UNITS[kw.arg]
                return {"timedelta_seconds": seconds}
            if isinstance(node.func, ast.Attribute) and node.func.attr == "total_seconds":
                inner = self.value(node.func.value)
                if _is_td(inner):
                    return inner["timedelta_seconds"]
        return {"expr": ast.unparse(node)}

    def _key(self, k) -> str:
        v = self.value(k) if k is not None else "**"
        return v if isinstance(v, str) else json.dumps(v)

    def call_args(self, call: ast.Call) -> dict:
        args = {kw.arg: self.value(kw.value) for kw in call.keywords if kw.arg}
        if call.args:
            args["*positional"] = [self.value(a) for a in call.args]
        return args

    # ---- walking ------------------------------------------------------------------------------

    def read(self) -> None:
        for node in self.tree.body:
            self.statement(node)

    def statement(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                self.imports[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                self.imports[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Try):
            for child in node.body:
                self.statement(child)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and node.value is not None:
                self.assign(targets[0].id, node.value)
        elif isinstance(node, ast.FunctionDef):
            self.functions[node.name] = self.function(node)
        elif isinstance(node, ast.With):
            for item in node.items:
                if isinstance(item.context_expr, ast.Call) and _dotted(item.context_expr.func) == "DAG":
                    self.dag = self.call_args(item.context_expr)
            for child in node.body:
                self.statement(child)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp):
            self.chain(node.value)

    def assign(self, name: str, value: ast.AST) -> None:
        if isinstance(value, ast.Call) and any(kw.arg == "task_id" for kw in value.keywords):
            args = self.call_args(value)
            self.task_ids[name] = args["task_id"]
            self.tasks.append({"task_id": args["task_id"], "variable": name,
                               "operator": _dotted(value.func), "args": args})
        else:
            self.constants[name] = self.value(value)

    def function(self, node: ast.FunctionDef) -> dict:
        raises, calls, assigned, conditional = [], [], {}, []
        for n in ast.walk(node):
            if isinstance(n, ast.Raise) and n.exc is not None:
                raises.append(_raised(n))
            elif isinstance(n, ast.Call):
                calls.append(_dotted(n.func))
            elif isinstance(n, ast.Assign) and isinstance(n.value, ast.Call):
                for t in n.targets:
                    for name in ast.walk(t):
                        if isinstance(name, ast.Name):
                            assigned[name.id] = _dotted(n.value.func)
            elif isinstance(n, ast.If):
                for child in n.body:
                    if isinstance(child, ast.Raise) and child.exc is not None:
                        conditional.append({"if": ast.unparse(n.test), "raises": _raised(child)})
        last = node.body[-1]
        return {"raises": sorted(set(raises)), "calls": sorted(set(calls)),
                # a name -> the function whose result was assigned to it
                "assigned_from": assigned,
                # `if <test>: raise X` inside the function
                "raises_if": conditional,
                # the exception the function ends with, when its last statement is a raise
                "raises_last": _raised(last) if isinstance(last, ast.Raise) else None}

    def operands(self, node: ast.AST) -> list[str]:
        if isinstance(node, ast.Name) and node.id in self.task_ids:
            return [self.task_ids[node.id]]
        if isinstance(node, (ast.List, ast.Tuple)):
            return [t for e in node.elts for t in self.operands(e)]
        raise ValueError(f"not a task in a dependency: {ast.unparse(node)}")

    def chain(self, node: ast.BinOp) -> list[str]:
        """Records the edges of `a >> b >> c`; returns the tasks at the right end."""
        if not isinstance(node.op, (ast.RShift, ast.LShift)):
            return []
        left = self.chain(node.left) if isinstance(node.left, ast.BinOp) else self.operands(node.left)
        right = self.operands(node.right)
        ups, downs = (left, right) if isinstance(node.op, ast.RShift) else (right, left)
        self.edges += [[u, d] for u in ups for d in downs]
        return right

    def order(self) -> list[str]:
        graph: dict[str, set[str]] = {t["task_id"]: set() for t in self.tasks}
        for up, down in self.edges:
            graph.setdefault(down, set()).add(up)
        return list(TopologicalSorter(graph).static_order())

    def strings(self) -> list[str]:
        return sorted({n.value for n in ast.walk(self.tree)
                       if isinstance(n, ast.Constant) and isinstance(n.value, str)})

    def as_json(self) -> dict:
        return {"dag": self.dag, "tasks": self.tasks, "edges": self.edges, "order": self.order(),
                "imports": self.imports, "constants": self.constants,
                "functions": self.functions, "strings": self.strings()}


def _raised(node: ast.Raise) -> str:
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return _dotted(exc)


def shared_module(dag_file: str, imports: dict[str, str]) -> dict | None:
    """What the module the DAG builds its requests with does (it needs no Airflow): where it
    looks for the status object and which outcomes it retries."""
    if "alert_recs_job" not in imports.values():
        return None
    here = Path(dag_file).resolve().parent
    for directory in (here, here.parent / "lib"):
        if (directory / "alert_recs_job.py").is_file():
            sys.path.insert(0, str(directory))
            break
    else:
        return {"file": None}
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import alert_recs_job as job

    def retryable(status) -> bool:
        return job.classify_status(status)[0]

    return {
        "file": str(Path(job.__file__).resolve()),
        "status_uri": job.status_uri("s3://bucket/recs", "2026-11-25"),
        "retryable": {
            "no_status_object": retryable(None),
            "status_running": retryable({"status": "running"}),
            **{f"exit_code_{code}": retryable({"status": "failed", "exit_code": code})
               for code in range(1, 8)},
        },
    }


def _is_td(v) -> bool:
    return isinstance(v, dict) and "timedelta_seconds" in v


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    return ast.unparse(node)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: dag_structure.py DAG_FILE.py", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        structure = Structure(ast.parse(f.read(), filename=argv[0]))
    structure.read()
    out = structure.as_json()
    out["shared_module"] = shared_module(argv[0], structure.imports)
    print(json.dumps(out, indent=2, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
