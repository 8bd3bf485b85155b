"""The codebook file format (docs/codebook-format.md): YAML in, a checked Codebook out.

The YAML is read as a node tree so that every problem names its line; all problems are collected
before raising, so one run of ``qualcode codebook check`` lists everything to fix. It is read
strictly (:mod:`qualcode.importers.strict_yaml`: no key twice, no alias of a list or mapping),
and categories nest at most :data:`MAX_LEVELS` deep.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qualcode.domain import limits
from qualcode.domain.autocoding import (
    ANY_SPEAKER,
    DEFAULT_SPEAKER,
    MAX_PATTERN,
    MAX_SPEAKER,
    RULE_KINDS,
    SPEAKER_ROLES,
    UNITS,
    Rule,
    pattern_problem,
)
from qualcode.domain.codebook import Anchor, Category, Codebook, tree_problems
from qualcode.domain.errors import CodebookError, InvalidInputError
from qualcode.domain.limits import Limit
from qualcode.importers import strict_yaml
from qualcode.importers.files import read_file

FORMAT = "qualcode-codebook/1"
MAX_LEVELS = 20  # main categories are level 1; Mayring's systems rarely go beyond 3
TOO_DEEP = f"categories nest more than {MAX_LEVELS} levels deep; flatten the category system"
_TOP_KEYS = {"format", "title", "version", "language", "description", "source", "categories"}
_CATEGORY_KEYS = {
    "code",
    "name",
    "colour",
    "color",
    "origin",
    "reference",
    "definition",
    "coding_rule",
    "anchors",
    "status",
    "subcategories",
    "autocode",
}
_RULE_KEYS = {*RULE_KINDS, "unit", "speaker"}
_ANCHOR_KEYS = {"text", "document", "position"}

Problems = list[tuple[int | None, str]]


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: Node) -> dict[str, tuple[Node, Node]]:
    assert isinstance(node, MappingNode)
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


class _Reader:
    def __init__(self) -> None:
        self.problems: Problems = []
        self.rules: list[Rule] = []

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append((_line(node) if node is not None else None, message))

    def text(
        self,
        fields: dict[str, tuple[Node, Node]],
        key: str,
        owner: Node,
        *,
        required: bool,
        where: str,
        limit: Limit | None = None,
    ) -> str:
        if key not in fields:
            if required:
                self.problem(owner, f"{where} has no '{key}'")
            return ""
        value = fields[key][1]
        if not isinstance(value, ScalarNode) or value.tag.endswith(":null"):
            self.problem(value, f"'{key}' of {where} must be text")
            return ""
        text = str(value.value).strip()
        if required and not text:
            self.problem(value, f"'{key}' of {where} is empty")
        too_long = limit.problem(text) if limit is not None else None
        if too_long:
            self.problem(value, too_long)
        return text

    def unknown(self, fields: dict[str, tuple[Node, Node]], allowed: set[str], where: str) -> None:
        for key, (key_node, _) in fields.items():
            if key not in allowed:
                self.problem(key_node, f"unknown key '{key}' in {where}")


def parse_codebook(source: str, *, name: str = "<codebook>") -> Codebook:
    """A codebook from YAML text; raises :class:`CodebookError` listing every problem."""
    try:
        root = strict_yaml.compose(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        refused = strict_yaml.reason(exc)
        if isinstance(exc, strict_yaml.YamlRefused) and exc.kind == "depth":
            refused = TOO_DEEP  # nothing else nests that deep in a codebook
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        message = refused or f"this is not valid YAML: {problem}"
        raise CodebookError([(line, message)], file=name) from exc
    reader = _Reader()
    if not isinstance(root, MappingNode):
        raise CodebookError([(1, "a codebook must be a YAML mapping with 'categories'")], file=name)
    top = _mapping(root)
    reader.unknown(top, _TOP_KEYS, "the codebook")
    fmt = reader.text(top, "format", root, required=True, where="the codebook")
    if fmt and fmt != FORMAT:
        reader.problem(top["format"][1], f"format must be '{FORMAT}', not '{fmt}'")
    title = reader.text(
        top, "title", root, required=True, where="the codebook", limit=limits.CODEBOOK_TITLE
    )
    version = reader.text(
        top, "version", root, required=True, where="the codebook", limit=limits.CODEBOOK_VERSION
    )
    language = reader.text(top, "language", root, required=False, where="the codebook") or "de"
    description = reader.text(top, "description", root, required=False, where="the codebook")
    source_text = reader.text(top, "source", root, required=False, where="the codebook")
    categories: list[Category] = []
    if "categories" not in top:
        reader.problem(root, "the codebook has no 'categories'")
    else:
        node = top["categories"][1]
        if not isinstance(node, SequenceNode) or not node.value:
            reader.problem(node, "'categories' must be a non-empty list")
        else:
            for order, item in enumerate(node.value):
                _category(reader, item, None, order, categories)
    reader.problems.extend(tree_problems(categories))
    if reader.problems:
        reader.problems.sort(key=lambda p: p[0] or 0)
        raise CodebookError(reader.problems, file=name)
    return Codebook(
        title=title,
        version=version,
        language=language,
        description=description,
        source=source_text,
        categories=tuple(categories),
        rules=tuple(reader.rules),
    )


def _category(
    reader: _Reader,
    node: Node,
    parent: str | None,
    order: int,
    out: list[Category],
    level: int = 1,
) -> None:
    if level > MAX_LEVELS:
        reader.problem(node, TOO_DEEP)
        return
    if not isinstance(node, MappingNode):
        reader.problem(node, "each category must be a mapping with code, name, definition, ...")
        return
    fields = _mapping(node)
    code = reader.text(
        fields, "code", node, required=True, where="a category", limit=limits.CATEGORY_CODE
    )
    where = f"category {code}" if code else "a category"
    reader.unknown(fields, _CATEGORY_KEYS, where)
    name = reader.text(fields, "name", node, required=True, where=where, limit=limits.CATEGORY_NAME)
    definition = reader.text(fields, "definition", node, required=True, where=where)
    coding_rule = reader.text(fields, "coding_rule", node, required=True, where=where)
    origin = reader.text(fields, "origin", node, required=True, where=where)
    reference = reader.text(fields, "reference", node, required=origin == "deductive", where=where)
    colour_key = "colour" if "colour" in fields else "color"
    colour = reader.text(fields, colour_key, node, required=False, where=where) or None
    status = reader.text(fields, "status", node, required=False, where=where) or "active"
    anchors = _anchors(reader, fields, node, where)
    if "autocode" in fields and code:
        _rules(reader, fields["autocode"][1], code, where)
    out.append(
        Category(
            code=code,
            name=name,
            definition=definition,
            coding_rule=coding_rule,
            origin=origin,
            reference=reference,
            anchors=anchors,
            parent=parent,
            colour=colour,
            status=status,
            order=order,
            line=_line(node),
        )
    )
    if "subcategories" in fields:
        children = fields["subcategories"][1]
        if not isinstance(children, SequenceNode):
            reader.problem(children, f"'subcategories' of {where} must be a list")
            return
        for child_order, child in enumerate(children.value):
            _category(reader, child, code or None, child_order, out, level + 1)


def _anchors(
    reader: _Reader, fields: dict[str, tuple[Node, Node]], owner: Node, where: str
) -> tuple[Anchor, ...]:
    if "anchors" not in fields:
        reader.problem(owner, f"{where} has no anchor example ('anchors')")
        return ()
    node = fields["anchors"][1]
    if not isinstance(node, SequenceNode) or not node.value:
        reader.problem(node, f"{where} needs at least one anchor example under 'anchors'")
        return ()
    anchors = []
    for item in node.value:
        if not isinstance(item, MappingNode):
            reader.problem(item, f"an anchor of {where} must have text, document and position")
            continue
        a = _mapping(item)
        reader.unknown(a, _ANCHOR_KEYS, f"an anchor of {where}")
        text = reader.text(a, "text", item, required=True, where=f"an anchor of {where}")
        document = reader.text(a, "document", item, required=True, where=f"an anchor of {where}")
        position = _position(reader, a, item, where)
        if text and document and position:
            anchors.append(Anchor(text=text, document=document, position=position))
    return tuple(anchors)


MAX_RULES = 200  # search rules of one category
MAX_PATTERNS = 1000  # words, phrases and expressions in them together


def _rules(reader: _Reader, node: Node, code: str, where: str) -> None:
    """A category's ``autocode`` list: each entry one kind (words, lemmas, phrases or regex)
    with a text or a list of texts, and the unit to code (match, sentence, turn)."""
    if not isinstance(node, SequenceNode) or not node.value:
        reader.problem(node, f"'autocode' of {where} must be a list of rules")
        return
    if len(node.value) > MAX_RULES:
        reader.problem(node, f"{where} has more than {MAX_RULES} autocode rules")
        return
    for item in node.value:
        if not isinstance(item, MappingNode):
            reader.problem(
                item, f"an autocode rule of {where} must be a mapping such as 'lemmas: [Kunde]'"
            )
            continue
        fields = _mapping(item)
        reader.unknown(fields, _RULE_KEYS, f"an autocode rule of {where}")
        kinds = [kind for kind in RULE_KINDS if kind in fields]
        if len(kinds) != 1:
            reader.problem(
                item, f"an autocode rule of {where} needs exactly one of {', '.join(RULE_KINDS)}"
            )
            continue
        kind = kinds[0]
        unit = reader.text(
            fields, "unit", item, required=False, where=f"an autocode rule of {where}"
        )
        unit = unit or "sentence"
        if unit not in UNITS:
            reader.problem(
                fields["unit"][1], f"the unit of a rule must be one of {', '.join(UNITS)}"
            )
            continue
        speaker = reader.text(
            fields, "speaker", item, required=False, where=f"an autocode rule of {where}"
        )
        speaker = (speaker or DEFAULT_SPEAKER).strip()
        if not speaker or len(speaker) > MAX_SPEAKER:
            reader.problem(
                fields["speaker"][1],
                f"the speaker of a rule is a role ({', '.join(SPEAKER_ROLES)}), a speaker's "
                f"name of up to {MAX_SPEAKER} letters, or '{ANY_SPEAKER}'",
            )
            continue
        value = fields[kind][1]
        texts = value.value if isinstance(value, SequenceNode) else [value]
        if not texts:
            reader.problem(value, f"'{kind}' of an autocode rule of {where} is empty")
        for text_node in texts:
            if not isinstance(text_node, ScalarNode) or text_node.tag.endswith(":null"):
                reader.problem(text_node, f"'{kind}' of an autocode rule of {where} must be text")
                continue
            pattern = str(text_node.value).strip()
            if not pattern:
                reader.problem(text_node, f"'{kind}' of an autocode rule of {where} is empty")
                continue
            if len(pattern) > MAX_PATTERN:
                reader.problem(text_node, f"a rule's text is longer than {MAX_PATTERN} characters")
                continue
            problem = pattern_problem(pattern) if kind == "regex" else None
            if problem:
                reader.problem(text_node, problem)
                continue
            if sum(r.category == code for r in reader.rules) >= MAX_PATTERNS:
                reader.problem(text_node, f"{where} has more than {MAX_PATTERNS} autocode texts")
                return
            reader.rules.append(
                Rule(category=code, kind=kind, pattern=pattern, unit=unit, speaker=speaker)
            )


def _position(
    reader: _Reader, fields: dict[str, tuple[Node, Node]], owner: Node, where: str
) -> int:
    if "position" not in fields:
        reader.problem(owner, f"an anchor of {where} has no 'position' (the Pos. of its turn)")
        return 0
    node = fields["position"][1]
    value: Any = node.value if isinstance(node, ScalarNode) else None
    if not (isinstance(value, str) and value.isdigit() and int(value) >= 1):
        reader.problem(node, f"the position of an anchor of {where} must be a whole number from 1")
        return 0
    return int(value)


def load_codebook(path: Path) -> Codebook:
    """Read and check a codebook file; errors name the file and line."""
    data = read_file(path, "codebook file")
    if path.suffix.lower() in (".qdc", ".qdpx") or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        raise InvalidInputError(
            "this is not a qualcode codebook (YAML) but XML, such as a REFI-QDA codebook from "
            "another program: bring it in with 'qualcode import-project FILE'",
            file=str(path),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            "a codebook file must be UTF-8 text (save it as UTF-8 in your editor)", file=str(path)
        ) from exc
    return parse_codebook(text, name=str(path))
