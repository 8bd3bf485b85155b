"""Small dialogs that collect text: a memo, a new inductive category, a category edit.

Each is typed by its result and only collects and checks input; the coding screen hands the
result to a service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Select

from qualcode.domain.codebook import Anchor, Category, Codebook
from qualcode.services.codebook import CodebookService
from qualcode.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.widgets import TextArea


def _text_area(text: str, id: str) -> TextArea:
    """A TextArea, imported when a dialog first opens (it costs the workbench's start ~20 ms)."""
    from textual.widgets import TextArea

    return TextArea(text, id=id)


def _text(dialog: ModalScreen[object], selector: str) -> str:
    """The text of a dialog's TextArea."""
    from textual.widgets import TextArea

    return dialog.query_one(selector, TextArea).text


class _Dialog(ModalScreen[object]):
    """A dialog that fits 80x24: the fields scroll between the title and the buttons, which
    stay in view, and the key bar names the keys (ctrl+s saves)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog-save", key_display="ctrl+s"),
    ]
    title_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                yield from self.fields()
            yield from self.buttons()
        yield KeyBar()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError

    def complain(self, message: str) -> None:
        self.notify(message, severity="error")


class MemoDialog(_Dialog):
    """Write or change the memo of a coding (empty clears it), or another text (``title``).

    ``check`` says what is wrong with a text (None: nothing): the dialog then stays open with
    the text as typed, rather than closing and losing it to an error message.
    """

    def __init__(
        self,
        memo: str,
        about: str,
        *,
        title: str | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.memo, self.about, self.check = memo, about, check
        self.title_text = title or f"Memo on {about}"

    def fields(self) -> ComposeResult:
        yield _text_area(self.memo, "memo-text")

    def on_mount(self) -> None:
        self.query_one("#memo-text").focus()

    def action_save(self) -> None:
        text = _text(self, "#memo-text")
        problem = self.check(text) if self.check is not None else None
        if problem:
            self.complain(problem)
            return
        self.dismiss(text)


@dataclass(frozen=True)
class NewCategory:
    name: str
    parent: str | None
    definition: str
    reason: str = ""
    coding_rule: str = ""


class NewCategoryDialog(_Dialog):
    """A new inductive category from the selected passage, with the whole guideline entry:
    definition, the passage as its anchor example, and the coding rule."""

    title_text = "New inductive category from the selection"

    def __init__(self, book: Codebook, passage: str, parent: str | None) -> None:
        super().__init__()
        self.book, self.passage, self.parent_code = book, passage, parent

    def fields(self) -> ComposeResult:
        options = [(f"{c.code} {c.name}", c.code) for c in self.book if c.depth <= 1]
        yield Label("Name")
        yield Input(id="new-name", placeholder="a short, text-near name")
        yield Label("Under")
        yield Select(
            options,
            value=self.parent_code or Select.NULL,
            id="new-parent",
            prompt="(a new main category)",
        )
        yield Label("Definition (edit the passage into a definition)")
        yield _text_area(self.passage, "new-definition")
        yield Label("Kodierregel: when does a passage get it, and not a neighbour?")
        yield _text_area("", "new-rule")
        yield Label("Why? (kept in the audit trail; needed once the codebook is frozen)")
        yield Input(id="new-reason")

    def on_mount(self) -> None:
        self.query_one("#new-name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#new-name", Input).value.strip()
        if not name:
            self.complain("The category needs a name.")
            return
        parent = self.query_one("#new-parent", Select).value
        definition = _text(self, "#new-definition").strip()
        reason = self.query_one("#new-reason", Input).value.strip()
        rule = _text(self, "#new-rule").strip()
        under = None if parent is Select.NULL else str(parent)
        self.dismiss(NewCategory(name, under, definition, reason, coding_rule=rule))


@dataclass(frozen=True)
class CategoryEdit:
    name: str
    definition: str
    coding_rule: str
    anchors: tuple[Anchor, ...]
    reason: str

    def apply(
        self, codebook: CodebookService, code: str, *, version: int | None = None
    ) -> Category:
        """Save this edit through the codebook service (coding screen and editor alike).

        ``version``: the category's version the form was filled from; when another coder
        changed it since, the service refuses the edit and the screen says by whom.
        """
        return codebook.edit_category(
            code,
            reason=self.reason,
            name=self.name,
            definition=self.definition,
            coding_rule=self.coding_rule,
            anchors=self.anchors,
            expected_version=version,
        )


def anchors_to_lines(anchors: tuple[Anchor, ...]) -> str:
    return "\n".join(f"{a.text} | {a.document} | {a.position}" for a in anchors)


def lines_to_anchors(text: str) -> tuple[Anchor, ...]:
    """``passage | document | Pos.`` per line; raises ValueError naming a bad line."""
    anchors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.rsplit("|", 2)]
        if len(parts) != 3 or not parts[2].isdigit() or not parts[0] or not parts[1]:
            raise ValueError(f"anchor line {number}: write 'passage | document | Pos.'")
        anchors.append(Anchor(parts[0], parts[1], int(parts[2])))
    return tuple(anchors)


class EditCategoryDialog(_Dialog):
    """Edit a category's guideline; the reason is required (it goes into the audit trail)."""

    def __init__(self, category: Category) -> None:
        super().__init__()
        self.category = category
        self.title_text = f"Edit {category.code}"

    def fields(self) -> ComposeResult:
        c = self.category
        yield Label("Name")
        yield Input(c.name, id="edit-name")
        yield Label("Definition")
        yield _text_area(c.definition, "edit-definition")
        yield Label("Ankerbeispiele: one per line, 'passage | document | Pos.'")
        yield _text_area(anchors_to_lines(c.anchors), "edit-anchors")
        yield Label("Kodierregel")
        yield _text_area(c.coding_rule, "edit-rule")
        yield Label("Why does it change? (required, kept in the audit trail)")
        yield Input(id="edit-reason")

    def action_save(self) -> None:
        reason = self.query_one("#edit-reason", Input).value.strip()
        if not reason:
            self.complain("Say why the category changes: the reason is kept in the audit trail.")
            self.query_one("#edit-reason", Input).focus()
            return
        try:
            anchors = lines_to_anchors(_text(self, "#edit-anchors"))
        except ValueError as exc:
            self.complain(str(exc))
            return
        edit = CategoryEdit(
            name=self.query_one("#edit-name", Input).value.strip(),
            definition=_text(self, "#edit-definition").strip(),
            coding_rule=_text(self, "#edit-rule").strip(),
            anchors=anchors,
            reason=reason,
        )
        c = self.category
        same = (edit.name, edit.definition, edit.coding_rule, edit.anchors)
        if same == (c.name, c.definition.strip(), c.coding_rule.strip(), c.anchors):
            self.notify(f"Nothing changed in {c.code}: there is nothing to save.")
            self.dismiss(None)
            return
        self.dismiss(edit)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str = ""
    required: bool = True


class AskDialog(_Dialog):
    """A few one-line answers (a name, a reason); returns them by key."""

    def __init__(self, title: str, fields: list[Field]) -> None:
        super().__init__()
        self.title_text, self.questions = title, fields

    def fields(self) -> ComposeResult:
        for field in self.questions:
            yield Label(field.label)
            yield Input(field.value, id=f"ask-{field.key}")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        answers = {
            f.key: self.query_one(f"#ask-{f.key}", Input).value.strip() for f in self.questions
        }
        for field in self.questions:
            if field.required and not answers[field.key]:
                self.complain(f"Please fill in: {field.label}")
                self.query_one(f"#ask-{field.key}", Input).focus()
                return
        self.dismiss(answers)


def edit_category(
    screen: Screen[Any],
    book: Codebook | None,
    code: str,
    codebook: CodebookService,
    run: Callable[[Callable[[], object], str], object],
) -> None:
    """Open the guideline of ``code`` for editing; a saved form is applied through ``run``,
    the calling screen's own write worker (the coding screen and the codebook editor)."""
    if book is None or (category := book.get(code)) is None:
        return

    def save(form: object) -> None:
        if isinstance(form, CategoryEdit):
            run(lambda: form.apply(codebook, code, version=category.version), f"Saved {code}")

    screen.app.push_screen(EditCategoryDialog(category), save)
