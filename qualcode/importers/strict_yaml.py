"""YAML from users' files (codebooks, speaker maps, front matter), read strictly.

PyYAML's safe loader still accepts three things that hurt here:

- a key written twice in one mapping: the second silently wins, so a category's second
  ``definition:`` throws the first away unseen;
- an alias (``*name``) of a list or mapping: a few lines of nested aliases stand for billions
  of entries ("billion laughs"), and an alias inside its own anchor makes a cycle that sends
  every reader into endless recursion; an alias of a single value (a repeated reference) is
  harmless and stays allowed;
- nesting deep enough to exhaust Python's recursion limit while the tree is built;
- a tag (``!custom``, ``!!binary``, ``!!python/object/apply:os.system``): the safe loader
  never builds such an object, but a reader of the node tree would take the value for plain
  text (``!!binary aGk=`` as "aGk="); no codebook or speaker map needs one, so it is refused.

:class:`StrictLoader` refuses each with :class:`YamlRefused`, a :class:`yaml.MarkedYAMLError`
whose ``problem`` is one line for a researcher and whose ``problem_mark`` gives the line, so
callers that catch ``yaml.YAMLError`` already report it.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode

MAX_DEPTH = 64  # lists and mappings inside each other; a codebook of 20 levels needs about 45
# Tags that only say what the value is anyway (text, a number, a list ...).
_PLAIN_TAGS = frozenset(
    ["!"]
    + [f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")]
)


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that parses but is refused; ``problem`` says why, ``problem_mark`` where, and
    ``kind`` which rule: "duplicate", "alias", "depth" or "tag"."""

    def __init__(self, kind: str, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.kind = kind


class StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys, aliases of lists and mappings, nesting
    beyond :data:`MAX_DEPTH` and tags other than the plain ones."""

    def __init__(self, stream: str, *, duplicates: bool = False) -> None:
        super().__init__(stream)
        self._depth = 0
        self._duplicates = duplicates

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            target = self.anchors.get(event.anchor)
            if target is not None and not isinstance(target, ScalarNode):
                raise YamlRefused(
                    "alias",
                    f"the alias *{event.anchor} repeats a list or mapping; "
                    "write it out where it is needed",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        tag = getattr(self.peek_event(), "tag", None)  # type: ignore[no-untyped-call]
        if tag is not None and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlRefused(
                "tag",
                f"the tag {shown} is not read here; remove it and write the value as text",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlRefused(
                    "depth",
                    f"lists and mappings nest more than {MAX_DEPTH} levels deep here",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        node: MappingNode = super().compose_mapping_node(anchor)
        first: dict[str, int] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode):
                continue
            line = key.start_mark.line + 1
            if key.value in first and not self._duplicates:
                raise YamlRefused(
                    "duplicate",
                    f"the key '{key.value}' appears twice in one mapping "
                    f"(first on line {first[key.value]}); keep one",
                    key.start_mark,
                )
            first[key.value] = line
        return node


def compose(text: str) -> Node | None:
    """The node tree of ``text`` (for messages that name lines); raises ``yaml.YAMLError``."""
    loader = StrictLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def load(text: str, *, duplicates: bool = False) -> Any:
    """The Python value of ``text``; raises ``yaml.YAMLError``. ``duplicates``: a key written
    twice is allowed, and the last one wins (YAML front matter, where other tools allow it)."""
    loader = StrictLoader(text, duplicates=duplicates)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def reason(exc: yaml.YAMLError) -> str | None:
    """The one-line reason of a refusal by :class:`StrictLoader`; None for a syntax error."""
    return str(exc.problem) if isinstance(exc, YamlRefused) else None
