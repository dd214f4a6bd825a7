"""Write docs/cli.md from the commands' own --help, so the reference never drifts.

    .venv/bin/python scripts/cli_reference.py          # rewrite docs/cli.md
    .venv/bin/python scripts/cli_reference.py --check  # exit 1 if it is stale

tests/serve/test_cli_docs.py runs the check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from masar.serve.cli import cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    runner = CliRunner()
    parts = [
        "# Masar command reference\n",
        "Generated from `masar --help` by `scripts/cli_reference.py`; do not edit by hand.\n",
        "## masar\n",
        "```\n" + runner.invoke(cli, ["--help"], prog_name="masar").output + "```\n",
    ]
    for name in sorted(cli.commands):
        output = runner.invoke(cli, [name, "--help"], prog_name="masar").output
        parts += [f"## masar {name}\n", "```\n" + output + "```\n"]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
