from __future__ import annotations

from qualcode.domain.codebook import Category, Codebook, tree_problems


def cat(code: str, parent: str | None = None, name: str | None = None, **kw: object) -> Category:
    return Category(
        code=code,
        name=name or f"Name {code}",
        definition="d",
        coding_rule="r",
        origin=str(kw.pop("origin", "deductive")),
        parent=parent,
        **kw,  # type: ignore[arg-type]
    )


def book() -> Codebook:
    return Codebook(
        title="t",
        version="1",
        categories=(
            cat("K1", colour="#112233"),
            cat("K1.1", "K1", name="Kaltakquise"),
            cat("K1.1.1", "K1.1"),
            cat("K2"),
            cat("K2.1", "K2"),
        ),
    )


def test_descendants_children_and_colour_inheritance() -> None:
    b = book()
    assert [c.code for c in b.descendants("K1")] == ["K1.1", "K1.1.1"]
    assert [c.code for c in b.children(None)] == ["K1", "K2"]
    assert b.colour_of("K1.1.1") == "#112233"
    assert b.colour_of("K2.1") is None


def test_resolve_by_code_exact_name_or_folded_name() -> None:
    b = book()
    assert b.resolve("K1.1") is b.get("K1.1")
    assert b.resolve("Kaltakquise") is b.get("K1.1")
    assert b.resolve("kaltakquise") is b.get("K1.1")
    assert b.resolve("k2.1") is b.get("K2.1")
    assert b.resolve("Unbekannt") is None


def test_tree_problems_find_every_broken_rule() -> None:
    problems = tree_problems(
        [
            cat("K1", line=1),  # type: ignore[arg-type]
            cat("K1", line=5),  # type: ignore[arg-type]
            cat("K3.1", "K1", line=9),  # type: ignore[arg-type]
            cat("K1.2", "K1", name="Name K3.1", line=12),  # type: ignore[arg-type]
            cat("K4", origin="abductive", colour="red", line=20),  # type: ignore[arg-type]
            cat("K 5", line=30),  # type: ignore[arg-type]
        ]
    )
    by_line: dict[int | None, str] = {}
    for line, message in problems:
        by_line[line] = by_line.get(line, "") + message + "\n"
    assert "used twice" in by_line[5]
    assert "must start with its parent's code" in by_line[9]
    assert "same parent are named" in by_line[12]
    assert "origin must be" in by_line[20] and "hex colour" in by_line[20]
    assert "not valid" in by_line[30]
