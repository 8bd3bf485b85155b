"""A project as a reviewer meets it: two coders, memos, a frozen pilot, a revised category and
settled disagreements. The reviewer's page tests, the screenshots and the bench build on it."""

from __future__ import annotations

from qualcode.services.agreement import AgreementRequest
from qualcode.services.project import Project


def code_two_coders(project: Project) -> Project:
    """Code B01 to B03 as alice and bob would (the sample interviews must be imported)."""
    alice, bob = project.as_coder("alice"), project.as_coder("bob")
    plan = [
        ("B01", "K2.1", (4, 4), "Messe als wichtigster Kanal"),
        ("B01", "K2.3", (6, 7), ""),
        ("B01", "K3.1", (9, 9), ""),
        ("B02", "K1.1", (2, 3), "Erstkontakt"),
        ("B02", "K2.1", (5, 5), ""),
        ("B03", "K4.1", (3, 4), ""),
    ]
    for document, category, turns, memo in plan:
        alice.coding.code(document, category, turns=turns, memo=memo, coding_pass="pilot")
    alice.versions.freeze(reason="pilot done")
    alice.codebook.edit_category(
        "K2.1", reason="Abgrenzung zu K2.2 geschärft", coding_rule="Nur persönliche Kontakte."
    )
    for document, category, turns, _memo in plan[:4]:
        bob.coding.code(document, category, turns=turns)
    bob.coding.code("B02", "K2.2", turns=(5, 5), memo="eher online")
    bob.coding.code("B03", "K4.2", turns=(3, 4))
    request = AgreementRequest(("alice", "bob"))
    views = alice.agreement.compare(request).disagreements
    for view in views:
        d = view.disagreement
        if d.document == "B02" and d.code == "K2.1":
            alice.disagreements.resolve(request.coders, view, "a", reason="Messe klar genannt")
        elif d.document == "B03" and d.code == "K4.2":
            alice.disagreements.resolve(request.coders, view, "neither", reason="kein Beleg")
    return project
