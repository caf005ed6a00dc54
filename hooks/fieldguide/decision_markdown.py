"""A decision tree (data/decisions/*.yml) as a nested Markdown list: question -> options -> the next
question or the answer.

Why a module of its own: two exports print the same walk in different words. The page's Markdown copy
(fieldguide.export, also in llms-full.txt and the skill's references) links each answer to its section,
and the skill's SKILL.md (fieldguide.bundles) condenses it to the answer's title and short link. The walk
(which question comes next, how deep a follow-up question is nested, a question already on the path is
not repeated) is the same for both and is kept here once; the callers say only how an option that ends
in an answer reads.

Pure module: no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Callable

from fieldguide import decisions, escape


def nested_list(tree: decisions.Tree, unit: str, after_label: str,
                answer: Callable[[decisions.Answer], str]) -> list[str]:
    """One line per question and per option, from the tree's start question. `unit` is one level of
    indentation; an option's label is followed by `after_label`, then, for an option that ends in an
    answer, a space and `answer(that answer)`; an option that leads to a question is followed by that
    question, two levels deeper."""
    md = escape.markdown_inline
    out: list[str] = []

    def walk(qid: str, depth: int, trail: tuple[str, ...]) -> None:
        q = tree.questions.get(qid)
        if q is None or qid in trail:
            return
        pad = unit * depth
        out.append(f"{pad}- {md(q.text)}")
        for o in q.options:
            a = tree.answers.get(o.next)
            if a is not None:
                out.append(f"{pad}{unit}- {md(o.label)}{after_label} {answer(a)}")
            else:
                out.append(f"{pad}{unit}- {md(o.label)}{after_label}")
                walk(o.next, depth + 2, trail + (qid,))

    walk(tree.start, 0, ())
    return out
