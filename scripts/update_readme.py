"""Rewrite the README's settings table from the option declarations.

.venv/bin/python scripts/update_readme.py
"""

from pathlib import Path

from pelican_newsclean.settings import options_table_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- settings-table:start -->", "<!-- settings-table:end -->"

text = README.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
_, tail = rest.split(END, 1)
README.write_text(f"{head}{START}\n{options_table_markdown()}\n{END}{tail}", encoding="utf-8")
print(f"updated {README.name}")
