"""The category tree with counts, filtered as you type, and the guideline of the chosen one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.transcript import DocumentInfo


def matches(category: Category, words: list[str]) -> bool:
    """Filter rule: every typed word occurs in the code or the name (case-insensitive)."""
    haystack = f"{category.code} {category.name}".casefold()
    return all(word in haystack for word in words)


class CodebookTree(Tree[str]):
    """The category hierarchy; each node's data is its code."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit category", id="edit-category"),
        Binding("p", "pin", "Pin", id="pin-category"),
    ]

    @dataclass
    class CategoryChosen(Message):
        tree: CodebookTree
        code: str

        @property
        def control(self) -> CodebookTree:
            return self.tree

    @dataclass
    class EditRequested(Message):
        code: str

    @dataclass
    class PinRequested(Message):
        code: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Codebook", id=id)
        self.show_root = False
        self.guide_depth = 2

    def fill(
        self, book: Codebook, counts: dict[str, int], words: list[str], cursor: str | None = None
    ) -> None:
        """Rebuild the tree: matching categories and their ancestors, with coding counts.

        Branches open before stay open, and the cursor stays on the category it was on (or
        goes to ``cursor``), so that a count changing or a category renamed does not throw the
        reader back to the top of a collapsed tree."""
        opened = {node.data for node in self._tree_nodes.values() if node.is_expanded}
        if cursor is None and self.cursor_node is not None:
            cursor = self.cursor_node.data
        self.clear()
        keep: set[str] = set()
        for category in book:
            if not words or matches(category, words):
                keep.add(category.code)
                parent = category.parent
                while parent:
                    keep.add(parent)
                    item = book.get(parent)
                    parent = item.parent if item else None
        nodes: dict[str | None, TreeNode[str]] = {None: self.root}
        for category in book:
            if category.code not in keep:
                continue
            label = Text()
            colour = book.colour_of(category.code) or "white"
            label.append("■ ", style=colour)
            label.append(f"{category.code} ", style="bold")
            label.append(category.name)
            rolled = counts.get(category.code, 0)
            if rolled:
                label.append(f" ({rolled})", style="dim")
            parent_node = nodes.get(category.parent, self.root)
            has_children = bool(book.children(category.code))
            expand = bool(words) or category.code in opened
            node = parent_node.add(label, data=category.code, expand=expand)
            if not has_children:
                node.allow_expand = False
            nodes[category.code] = node
        self.root.expand()
        if cursor is not None:
            self.show_code(cursor, nodes)

    def show_code(self, code: str, nodes: dict[str | None, TreeNode[str]] | None = None) -> bool:
        """Put the cursor on a category, opening the branches above it; whether it is there."""
        if nodes is None:
            nodes = {node.data: node for node in self._tree_nodes.values()}
        node = nodes.get(code)
        if node is None:
            return False
        parent = node.parent
        while parent is not None and parent is not self.root:
            parent.expand()
            parent = parent.parent
        _ = self.last_line  # lays out the opened branches, so that the node has its line
        self.move_cursor(node, animate=False)
        return True

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.CategoryChosen(self, event.node.data))

    def action_edit(self) -> None:
        if self.cursor_node is not None and self.cursor_node.data:
            self.post_message(self.EditRequested(self.cursor_node.data))

    def action_pin(self) -> None:
        if self.cursor_node is not None and self.cursor_node.data:
            self.post_message(self.PinRequested(self.cursor_node.data))


class CodebookPanel(Vertical):
    """Filter field above the tree."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.book: Codebook | None = None
        self.counts: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter categories…", id="category-filter")
        yield CodebookTree(id="codebook-tree")

    def set_codebook(
        self, book: Codebook, counts: dict[str, int], cursor: str | None = None
    ) -> None:
        """Show the codebook; the tree keeps its open branches and its cursor's category (or
        moves to ``cursor``)."""
        self.book, self.counts = book, counts
        self._refill(cursor)

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._refill()

    def _refill(self, cursor: str | None = None) -> None:
        if self.book is None:
            return
        words = self.query_one(Input).value.casefold().split()
        self.query_one(CodebookTree).fill(self.book, self.counts, words, cursor)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()


class GuidelinePanel(VerticalScroll):
    """Mayring's coding guideline of the chosen category, always at hand while coding."""

    HINT = "Choose a category to see its definition, anchor example and rule."

    _document_shown = False

    def compose(self) -> ComposeResult:
        yield Static(self.HINT, id="guideline")

    def show_category(self, category: Category, colour: str | None) -> None:
        self._document_shown = False
        self.query_one("#guideline", Static).update(guideline_text(category, colour))
        self.scroll_home(animate=False)

    def forget_document(self) -> None:
        """Another document opened without memo or sets: the last one's are not left showing."""
        if self._document_shown:
            self._document_shown = False
            self.query_one("#guideline", Static).update(self.HINT)

    def show_document(self, document: DocumentInfo) -> None:
        """A document's memo and sets, shown when it is opened (until a category is chosen)."""
        text = Text()
        text.append(f"{document.name}\n", style="bold")
        if document.sets:
            text.append("Sets: ", style="bold")
            text.append(", ".join(document.sets) + "\n")
        if document.memo:
            text.append("\nMemo\n", style="bold underline")
            text.append(document.memo)
        self.query_one("#guideline", Static).update(text)
        self._document_shown = True
        self.scroll_home(animate=False)


def guideline_text(category: Category, colour: str | None, *, rule_first: bool = False) -> Text:
    """A category's guideline entry: definition, anchor examples and coding rule (Mayring's
    order). ``rule_first`` puts the rule before the anchors and the source last, where room is
    short and the passage is being compared with the guideline (the category picker)."""
    text = Text()
    text.append("■ ", style=colour or "white")
    text.append(f"{category.code} {category.name}\n", style="bold")
    origin = "deductive" if category.origin == "deductive" else "inductive"
    source = Text(f"{origin}: {category.reference}", style="dim italic")
    if not rule_first:
        text.append_text(source)
        text.append("\n\n")
    text.append("Definition\n", style="bold underline")
    text.append(category.definition + "\n\n")
    rule = Text()
    rule.append("Kodierregel\n", style="bold underline")
    rule.append(category.coding_rule)
    anchors = Text()
    for anchor in category.anchors:
        anchors.append("Ankerbeispiel\n", style="bold underline")
        anchors.append(f"„{anchor.text}“ ", style="italic")
        anchors.append(f"({anchor.source})\n\n", style="dim")
    if rule_first:
        text.append_text(rule)
        text.append("\n\n")
        text.append_text(anchors)
        text.append_text(source)
    else:
        text.append_text(anchors)
        text.append_text(rule)
    return text
