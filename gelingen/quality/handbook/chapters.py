"""The chapter tree: numbering (1, 1.2, 1.2.3), depth limit and moves without loops."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import MAX_CHAPTER_DEPTH, Chapter, Document


@dataclass
class Node:
    chapter: Chapter
    number: str
    depth: int  # 1 = top level
    children: list[Node] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


def build_tree(chapters, documents=()) -> list[Node]:
    """Nested nodes in position order, each numbered like a table of contents; documents attached."""
    by_parent: dict[int | None, list[Chapter]] = {}
    for chapter in sorted(chapters, key=lambda c: (c.position, c.title.lower(), c.pk)):
        by_parent.setdefault(chapter.parent_id, []).append(chapter)
    docs: dict[int, list[Document]] = {}
    for document in sorted(documents, key=lambda d: (d.position, d.number)):
        docs.setdefault(document.chapter_id, []).append(document)

    def nodes(parent_id: int | None, prefix: str, depth: int) -> list[Node]:
        result = []
        for i, chapter in enumerate(by_parent.get(parent_id, []), start=1):
            number = f"{prefix}{i}"
            node = Node(chapter, number, depth, documents=docs.get(chapter.pk, []))
            node.children = nodes(chapter.pk, f"{number}.", depth + 1)
            result.append(node)
        return result

    return nodes(None, "", 1)


def flatten(tree: list[Node]) -> list[Node]:
    """Depth-first: the order of a table of contents."""
    result = []
    for node in tree:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def depth_of(chapter: Chapter | None, parents: dict[int, int | None]) -> int:
    """1 for a top-level chapter; `parents` maps chapter id -> parent id."""
    depth, current = 0, chapter.pk if chapter else None
    while current is not None:
        depth += 1
        current = parents.get(current)
        if depth > 50:  # a loop in stored data: stop rather than spin
            break
    return depth


def subtree_ids(chapter_id: int, parents: dict[int, int | None]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    result, stack = set(), [chapter_id]
    while stack:
        current = stack.pop()
        result.add(current)
        stack.extend(children.get(current, []))
    return result


def subtree_height(chapter_id: int, parents: dict[int, int | None]) -> int:
    """1 for a chapter without sub-chapters, 2 with sub-chapters, ..."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)

    def height(pk: int) -> int:
        return 1 + max((height(c) for c in children.get(pk, [])), default=0)

    return height(chapter_id)


def placement_error(chapter: Chapter, parent: Chapter | None, parents: dict[int, int | None]) -> str | None:
    """Why `chapter` cannot go below `parent` (a loop, or deeper than 3 levels), or None."""
    if parent is None:
        height = subtree_height(chapter.pk, parents) if chapter.pk else 1
        return None if height <= MAX_CHAPTER_DEPTH else _too_deep()
    if chapter.pk and parent.pk in subtree_ids(chapter.pk, parents):
        return _("Ein Kapitel kann nicht unter sich selbst oder eines seiner Unterkapitel verschoben werden.")
    height = subtree_height(chapter.pk, parents) if chapter.pk else 1
    if depth_of(parent, parents) + height > MAX_CHAPTER_DEPTH:
        return _too_deep()
    return None


def _too_deep() -> str:
    return _("Das Handbuch hat höchstens %(n)s Kapitelebenen.") % {"n": MAX_CHAPTER_DEPTH}


def parent_map(organisation) -> dict[int, int | None]:
    return dict(Chapter.objects.filter(organisation=organisation).values_list("pk", "parent_id"))
