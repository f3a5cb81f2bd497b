"""Turns the Athena DDL files into the calls that apply them, one statement per call.

Athena runs one statement per StartQueryExecution and rejects a query string that starts with a
comment, so each file is cut into its statements (at semicolons outside quoted text) and every
`--` comment is removed. The database is created first, without a database context (it does not
exist yet); every other statement runs in it. ${OUTPUT_ROOT} becomes the job's output root;
${dt} stays, it is Athena's partition projection template.

Prints one JSON object a line: {"source", "work_group", "database", "query_string", "argv"},
argv being the exact aws CLI command that starts the query.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

CREATE_DATABASE = re.compile(r"^\s*create\s+(database|schema)\b", re.IGNORECASE)


def strip_comments(sql: str) -> str:
    """Drops `--` comments outside quoted text, and the lines they leave empty."""
    out = []
    for line in sql.splitlines():
        quote = None
        cut = len(line)
        for i, c in enumerate(line):
            if quote:
                if c == quote:
                    quote = None
            elif c in "'\"`":
                quote = c
            elif c == "-" and line[i + 1:i + 2] == "-":
                cut = i
                break
        kept = line[:cut].rstrip()
        if kept.strip():
            out.append(kept)
    return "\n".join(out)


def split_statements(sql: str) -> list[str]:
    """Statements of a comment-free script, cut at semicolons outside quoted text."""
    statements, current, quote = [], [], None
    for c in sql:
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
        elif c == ";":
            statements.append("".join(current))
            current = []
            continue
        current.append(c)
    statements.append("".join(current))
    return [s.strip() for s in statements if s.strip()]


def plan(sql_files: list[Path], database: str, work_group: str, output_root: str,
         region: str | None = None) -> list[dict]:
    aws = ["aws"] + (["--region", region] if region else []) + ["athena", "start-query-execution"]

    def call(source: str, statement: str, in_database: bool) -> dict:
        argv = aws + ["--work-group", work_group, "--query-string", statement]
        if in_database:
            argv += ["--query-execution-context", f"Database={database}"]
        return {"source": source, "work_group": work_group,
                "database": database if in_database else None,
                "query_string": statement, "argv": argv}

    databases = [call("(database)", f"CREATE DATABASE IF NOT EXISTS `{database}`", False)]
    tables = []
    for path in sql_files:
        text = path.read_text(encoding="utf-8").replace("${OUTPUT_ROOT}", output_root)
        for statement in split_statements(strip_comments(text)):
            if "${OUTPUT_ROOT}" in statement:
                raise ValueError(f"{path}: ${{OUTPUT_ROOT}} left in a statement")
            if CREATE_DATABASE.match(statement):
                databases.append(call(str(path), statement, False))
            else:
                tables.append(call(str(path), statement, True))
    return databases + tables


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="athena_statements.py")
    p.add_argument("--database", required=True)
    p.add_argument("--work-group", required=True)
    p.add_argument("--output", required=True, help="the job's output root, s3://bucket/prefix")
    p.add_argument("--region")
    p.add_argument("files", nargs="+", type=Path)
    args = p.parse_args(argv)
    try:
        calls = plan(args.files, args.database, args.work_group, args.output.rstrip("/"),
                     args.region)
    except (OSError, ValueError) as e:
        print(f"athena-apply.sh: {e}", file=sys.stderr)
        return 1
    for c in calls:
        print(json.dumps(c))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
