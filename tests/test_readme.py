"""The README's tables render as tables: no blank line or stray text splits one."""

from pathlib import Path

from django.conf import settings


def _tables(text: str) -> list[tuple[int, list[str]]]:
    """Blocks of consecutive `|` lines outside code fences, with the line number of their first row."""
    tables: list[tuple[int, list[str]]] = []
    fenced = False
    current: list[str] = []
    start = 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            if not current:
                start = number
            current.append(line)
        elif current:
            tables.append((start, current))
            current = []
    return tables


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").replace("\\|", "").split("|")]


def test_every_readme_table_has_a_header_and_rows_of_its_width():
    text = (Path(settings.BASE_DIR) / "README.md").read_text()
    tables = _tables(text)
    assert len(tables) >= 3
    for start, rows in tables:
        assert len(rows) >= 3, f"README.md:{start}: a table needs a header, a separator and a row"
        separator = _cells(rows[1])
        assert all(set(c) <= set("-:") and c for c in separator), (
            f"README.md:{start}: the second row is not a separator (a blank line split a table?)"
        )
        width = len(_cells(rows[0]))
        for offset, row in enumerate(rows):
            assert len(_cells(row)) == width, (
                f"README.md:{start + offset}: {len(_cells(row))} cells, not {width}"
            )


def test_a_split_table_is_found():
    split = "| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n"
    (_, first), (_, second) = _tables(split)
    assert len(first) == 3 and second == ["| 3 | 4 |"]
