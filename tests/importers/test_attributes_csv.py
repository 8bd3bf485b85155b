from __future__ import annotations

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.importers.attributes_csv import parse_attributes


def test_german_excel_csv_with_semicolons_and_cp1252() -> None:
    data = "Dokument;Branche;Größe\nB01;Maschinenbau;250–999\nB02;Software;\n".encode("cp1252")
    assert parse_attributes(data, source="c.csv") == {
        "B01": {"Branche": "Maschinenbau", "Größe": "250–999"},
        "B02": {"Branche": "Software"},
    }


def test_document_column_need_not_be_first() -> None:
    data = b"Branche,document\nLogistik,B03\n"
    assert parse_attributes(data, source="c.csv") == {"B03": {"Branche": "Logistik"}}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("document\nB01\n", 1, "header row"),
        ("document,a,a\nB01,1,2\n", 1, "appears twice"),
        ("document,a\nB01,1\nB01,2\n", 3, "appears twice"),
        ("document,a\nB01,1,2\n", 2, "cells"),
        ("document,a\n,1\n", 2, "name is empty"),
    ],
)
def test_broken_tables_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as info:
        parse_attributes(text.encode(), source="c.csv")
    assert info.value.line == line


def test_a_table_mixing_utf8_and_windows_lines_is_refused_not_misread() -> None:
    """Read in a Windows encoding, the UTF-8 umlauts would be stored as "KÃ¶ln"; read as
    UTF-8, the Windows one is broken: either way a value would be wrong, so it is refused."""
    data = "document;ort\nB01;Köln\n".encode() + "B02;München\n".encode("cp1252")
    with pytest.raises(InvalidInputError, match="damaged: .*not UTF-8 .* on line 3"):
        parse_attributes(data, source="cases.csv")
