"""Rewrite the README's generated parts: the settings table (from the option
declarations) and the settings example (docs/pelicanconf-example.py).

.venv/bin/python scripts/update_readme.py
"""

from pathlib import Path

from pelican_newsclean.settings import options_table_markdown

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
EXAMPLE = REPO / "docs" / "pelicanconf-example.py"


def replace_between(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


text = README.read_text(encoding="utf-8")
text = replace_between(text, "settings-table", options_table_markdown())
example = EXAMPLE.read_text(encoding="utf-8").rstrip("\n")
text = replace_between(text, "settings-example", f"```python\n{example}\n```")
README.write_text(text, encoding="utf-8")
print(f"updated {README.name}")
