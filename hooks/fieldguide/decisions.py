"""Decision trees: one YAML file per tree in data/decisions/, validated and rendered three ways.

Why data: the overview's quick decision trees (which primitive, which channel, how to share state,
whether to go async at all) are answered in reviews again and again. Kept as data they are rendered
as (1) a heading per answer with a permanent id, so search lands on "broadcast" and reviewers can link
an answer, (2) a mermaid flowchart of the whole tree, and (3) a click-through picker that works
offline and with the keyboard. Without JavaScript the headings and the flowchart remain.

Tree format (data/decisions/<name>.yml):

    title: Which channel?
    intro: One sentence shown above the picker.
    start: q-consumers                 # the first question
    questions:
      q-consumers:
        text: How many receivers does each message need?
        options:
          - {label: Exactly one, next: q-reply}       # next: a question id or an answer id
    answers:
      channel-mpsc:                   # a permanent review id (kind: decision)
        title: "mpsc: many producers, one consumer"
        apis: [tokio::sync::mpsc::channel]
        why: One or two sentences.
        wrong_when: When it is the wrong choice.
        see: pattern-catalog.md#mpsc-single-consumer   # the section that explains it
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fieldguide import DATA_DIR, REPO_ROOT, escape
from fieldguide.report import Problem

DECISIONS_DIR = DATA_DIR / "decisions"
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*decision-tree:\s*(?P<name>[a-z0-9-]+)\s*-->\s*$", re.M)
TOP_KEYS = {"title", "intro", "start", "questions", "answers"}
QUESTION_KEYS = {"text", "options"}
OPTION_KEYS = {"label", "next"}
ANSWER_KEYS = {"title", "apis", "why", "wrong_when", "see"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")




@dataclass
class Option:
    label: str
    next: str
    line: int


@dataclass
class Question:
    id: str
    text: str
    options: list[Option]
    line: int


@dataclass
class Answer:
    id: str
    title: str
    apis: list[str]
    why: str
    wrong_when: str
    see: str
    line: int


@dataclass
class Tree:
    name: str
    path: str
    title: str = ""
    intro: str = ""
    start: str = ""
    questions: dict[str, Question] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _line(node) -> int:
    return node.start_mark.line + 1


def _map(node, tree: Tree, allowed: set[str] | None, what: str) -> dict[str, tuple[object, int]]:
    """Mapping node -> {key: (value node, line)}, reporting duplicates and unknown keys."""
    out: dict[str, tuple[object, int]] = {}
    if not isinstance(node, yaml.MappingNode):
        tree.problems.append(Problem(tree.path, _line(node) if node else 1, "schema", f"{what} must be a mapping"))
        return out
    for k, v in node.value:
        key = str(k.value)
        if key in out:
            tree.problems.append(Problem(tree.path, _line(k), "duplicate-id",
                                         f"{what}: {key!r} is defined twice (first at line {out[key][1]})"))
        elif allowed is not None and key not in allowed:
            tree.problems.append(Problem(tree.path, _line(k), "unknown-key",
                                         f"{what}: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}"))
        out[key] = (v, _line(k))
    return out


def _scalar(node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def yaml_error_line(e: yaml.YAMLError) -> int:
    """1-based line to blame for a YAML error. For "could not find expected ':'" PyYAML's problem mark is
    the line after the mistake; the context mark ("while scanning a simple key") is the line itself."""
    context = getattr(e, "context", None) or ""
    mark = getattr(e, "context_mark", None) if "simple key" in context else None
    mark = mark or getattr(e, "problem_mark", None)
    return mark.line + 1 if mark else 1


def yaml_error_text(e: yaml.YAMLError) -> str:
    parts = [getattr(e, "context", None), getattr(e, "problem", None)]
    return ", ".join(p for p in parts if p) or str(e).split("\n")[0]


def load(path: Path) -> Tree:
    tree = Tree(path.stem, _rel(path))
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        tree.problems.append(Problem(tree.path, yaml_error_line(e), "yaml",
                                     f"YAML does not parse: {yaml_error_text(e)}; fix the syntax (quote a value "
                                     "that contains ': ' or starts with a special character)"))
        return tree
    top = _map(root, tree, TOP_KEYS, "tree")
    for key in ("title", "start", "questions", "answers"):
        if key not in top:
            tree.problems.append(Problem(tree.path, 1, "schema", f"tree is missing {key!r}"))
    tree.title = _scalar(top["title"][0]) if "title" in top else ""
    tree.intro = _scalar(top["intro"][0]) if "intro" in top else ""
    if "start" in top:
        tree.start = _scalar(top["start"][0])
    for qid, (qnode, qline) in (_map(top["questions"][0], tree, None, "questions") if "questions" in top else {}).items():
        fields = _map(qnode, tree, QUESTION_KEYS, f"question {qid}")
        options = []
        opt_node = fields.get("options", (None, qline))[0]
        if not isinstance(opt_node, yaml.SequenceNode) or not opt_node.value:
            tree.problems.append(Problem(tree.path, qline, "schema", f"question {qid} needs a list of options"))
        else:
            for o in opt_node.value:
                of = _map(o, tree, OPTION_KEYS, f"option of {qid}")
                if "label" not in of or "next" not in of:
                    tree.problems.append(Problem(tree.path, _line(o), "schema", f"option of {qid} needs label and next"))
                    continue
                options.append(Option(_scalar(of["label"][0]), _scalar(of["next"][0]), _line(o)))
        if "text" not in fields:
            tree.problems.append(Problem(tree.path, qline, "schema", f"question {qid} needs text"))
        tree.questions[qid] = Question(qid, _scalar(fields["text"][0]) if "text" in fields else "", options, qline)
    for aid, (anode, aline) in (_map(top["answers"][0], tree, None, "answers") if "answers" in top else {}).items():
        fields = _map(anode, tree, ANSWER_KEYS, f"answer {aid}")
        missing = sorted(ANSWER_KEYS - set(fields))
        if missing:
            tree.problems.append(Problem(tree.path, aline, "missing-answer-field",
                                         f"answer {aid} is missing {', '.join(missing)} (every answer names its "
                                         "APIs, says why and when it is wrong, and links its section)"))
        apis_node = fields.get("apis", (None, aline))[0]
        apis = [_scalar(v) for v in apis_node.value] if isinstance(apis_node, yaml.SequenceNode) else []
        if "apis" in fields and not apis:
            tree.problems.append(Problem(tree.path, aline, "missing-answer-field", f"answer {aid}: apis is empty"))
        def text(key: str, fields=fields) -> str:
            return _scalar(fields[key][0]) if key in fields else ""

        tree.answers[aid] = Answer(aid, text("title"), apis, text("why"), text("wrong_when"), text("see"), aline)
    validate_graph(tree)
    return tree


def validate_graph(tree: Tree) -> None:
    """Dangling references, cycles, ids used twice, and answers nothing leads to."""
    for ident, line in [(q.id, q.line) for q in tree.questions.values()] + [(a.id, a.line) for a in tree.answers.values()]:
        if not ID_RE.match(ident):
            tree.problems.append(Problem(tree.path, line, "bad-id", f"{ident!r} is not lowercase kebab-case"))
    for ident in set(tree.questions) & set(tree.answers):
        tree.problems.append(Problem(tree.path, tree.answers[ident].line, "duplicate-id",
                                     f"{ident!r} is both a question and an answer"))
    if tree.start and tree.start not in tree.questions:
        tree.problems.append(Problem(tree.path, 1, "dangling-reference", f"start: {tree.start!r} is not a question"))
    for q in tree.questions.values():
        for o in q.options:
            if o.next not in tree.questions and o.next not in tree.answers:
                tree.problems.append(Problem(tree.path, o.line, "dangling-reference",
                                             f"option {o.label!r} of {q.id} leads to {o.next!r}, which is neither "
                                             "a question nor an answer"))
    # Cycles: depth-first search over questions.
    state: dict[str, int] = {}

    def visit(qid: str, trail: list[str]) -> None:
        state[qid] = 1
        for o in tree.questions[qid].options:
            if o.next in tree.questions:
                if state.get(o.next) == 1:
                    cycle = " -> ".join(trail[trail.index(o.next):] + [o.next]) if o.next in trail else o.next
                    tree.problems.append(Problem(tree.path, o.line, "cycle", f"questions form a cycle: {cycle}"))
                elif o.next not in state:
                    visit(o.next, trail + [o.next])
        state[qid] = 2

    if tree.start in tree.questions:
        visit(tree.start, [tree.start])
    reachable_answers = {o.next for q in tree.questions.values() if q.id in state for o in q.options}
    for q in tree.questions.values():
        if q.id not in state and tree.start in tree.questions:
            tree.problems.append(Problem(tree.path, q.line, "unreachable", f"question {q.id} is never reached from start"))
    for a in tree.answers.values():
        if a.id not in reachable_answers:
            tree.problems.append(Problem(tree.path, a.line, "unreachable", f"answer {a.id} is never reached"))
    if not tree.answers:
        tree.problems.append(Problem(tree.path, 1, "missing-answer", "the tree has no answers"))


def load_all(directory: Path = DECISIONS_DIR) -> dict[str, Tree]:
    trees = {p.stem: load(p) for p in sorted(directory.glob("*.yml"))}
    seen: dict[str, str] = {}
    for tree in trees.values():
        for ident in list(tree.questions) + list(tree.answers):
            if ident in seen:
                line = (tree.answers.get(ident) or tree.questions[ident]).line
                tree.problems.append(Problem(tree.path, line, "duplicate-id", f"{ident!r} is also used in {seen[ident]}"))
            seen[ident] = tree.path
    return trees


# --- rendering ---------------------------------------------------------------------------------

def _mermaid_label(text: str) -> str:
    return escape.mermaid_label(text)


def accessible_text(tree: Tree) -> tuple[str, str]:
    """(accTitle, accDescr) of a tree's flowchart: its title, and its intro plus where it starts and ends."""
    title = f"Decision flowchart: {tree.title}"
    start = tree.questions.get(tree.start)
    answers = "; ".join(a.title for a in tree.answers.values())
    parts = [tree.intro] if tree.intro else []
    if start:
        parts.append(f"It starts at the question: {start.text}")
    parts.append(f"It ends at one of {len(tree.answers)} answers: {answers}. The same questions are asked by the "
                 "picker above, and each answer is a section below.")
    return title, " ".join(parts)


def mermaid(tree: Tree) -> str:
    title, description = accessible_text(tree)
    lines = ["flowchart TD", f"    accTitle: {escape.mermaid_acc(title)}", f"    accDescr: {escape.mermaid_acc(description)}"]
    for q in tree.questions.values():
        lines.append(f'    {q.id.replace("-", "_")}{{"{_mermaid_label(q.text)}"}}')
    # Answers are rounded boxes: mermaid draws a stadium (["..."]) as a ~40 KB hand-drawn path.
    for a in tree.answers.values():
        lines.append(f'    {a.id.replace("-", "_")}("{_mermaid_label(a.title)}")')
    for q in tree.questions.values():
        for o in q.options:
            lines.append(f'    {q.id.replace("-", "_")} -->|"{_mermaid_label(o.label)}"| {o.next.replace("-", "_")}')
    return "\n".join(lines)


def picker_data(tree: Tree) -> dict:
    return {
        "start": tree.start,
        "questions": {q.id: {"text": q.text, "options": [{"label": o.label, "next": o.next} for o in q.options]}
                      for q in tree.questions.values()},
        "answers": {a.id: {"title": a.title} for a in tree.answers.values()},
    }


def render(tree: Tree, heading_level: int = 4, indent: str = "", source_line: int = 0) -> str:
    """Markdown for one tree: picker, flowchart, and a heading per answer. Answer headings carry
    `data-fg-line` (the directive's line) so checks on them can point at the page's source."""
    hashes = "#" * heading_level
    data = escape.html_text(json.dumps(picker_data(tree), ensure_ascii=False))
    parts = []
    if tree.intro:
        parts.append(escape.markdown_inline(tree.intro))
    parts.append(
        f'<div class="fg-picker" data-tree="{escape.html_text(tree.name)}" data-picker="{data}">'
        f'<p class="fg-picker__fallback">Answer the questions in the flowchart below, or read the answers that '
        f'follow it.</p></div>')
    parts.append(f"```mermaid\n{mermaid(tree)}\n```")
    for a in tree.answers.values():
        apis = ", ".join(escape.code_span(api) for api in a.apis)
        parts.append(
            f"{hashes} {escape.markdown_inline(a.title)} {{ #{a.id} data-fg-line=\"{source_line}\" }}\n\n"
            f"**Use:** {apis}\n\n{escape.markdown_inline(a.why)}\n\n"
            f"**Wrong choice when:** {escape.markdown_inline(a.wrong_when)}\n\n"
            f"**Read more:** [{escape.markdown_inline(_see_text(a.see))}](<{a.see}>)")
    text = "\n\n".join(parts)
    return "\n".join(indent + line if line else line for line in text.split("\n"))


def _see_text(target: str) -> str:
    page, _, anchor = target.partition("#")
    name = page.removesuffix(".md").replace("-", " ")
    return f"{name}: {anchor.replace('-', ' ')}" if anchor else name


def expand(markdown: str, trees: dict[str, Tree], path: str, line_offset: int = 0) -> tuple[str, list[Problem]]:
    """Replace every `<!-- decision-tree: name -->` with the rendered tree."""
    problems: list[Problem] = []

    def replace(m: re.Match) -> str:
        name = m.group("name")
        line = markdown.count("\n", 0, m.start()) + 1 + line_offset
        if name not in trees:
            problems.append(Problem(path, line, "unknown-tree",
                                    f"no data/decisions/{name}.yml; known trees: {', '.join(sorted(trees))}"))
            return m.group(0)
        return render(trees[name], indent=m.group("indent"), source_line=line)

    return DIRECTIVE.sub(replace, markdown), problems
