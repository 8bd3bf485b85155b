"""The export catalogue: plain data that agrees with the writers and the export request."""

from __future__ import annotations

from dataclasses import fields

import pytest

from qualcode import exporters
from qualcode.domain.errors import InvalidInputError
from qualcode.services import export_catalogue as catalogue
from qualcode.services.exports import ExportRequest
from tests.helpers import ROOT
from tests.test_import_hygiene import HEAVY, loaded_after


def test_every_format_offered_has_a_writer() -> None:
    for kind in catalogue.KINDS:
        writers = (
            exporters.CHART_FORMATS
            if kind.chart
            else exporters.PROJECT_FORMATS
            if kind.project
            else exporters.FORMATS
        )
        if kind.page:  # the reviewer's page, the methods chapter, the transcript appendix
            writers = (
                *catalogue.PAGE_FORMATS,
                *catalogue.DOCUMENT_FORMATS,
                *catalogue.APPENDIX_FORMATS,
            )
        assert set(kind.formats) <= set(writers), kind.name
        assert kind.default_format in kind.formats and kind.start_format in kind.formats
        for fmt in kind.formats:
            assert catalogue.format_of(fmt).suffix == f".{fmt}"


def test_text_formats_are_those_the_writers_can_stream() -> None:
    text = {f.name for f in catalogue.FORMATS.values() if f.text}
    assert text == {*exporters.TEXT_FORMATS, "svg", *catalogue.PAGE_FORMATS}


def test_every_option_sets_a_field_of_the_request() -> None:
    request = {f.name: f.default for f in fields(ExportRequest)}
    for kind in catalogue.KINDS:
        names = [o.name for o in kind.options]
        assert len(names) == len(set(names)), kind.name
        for option in kind.options:
            assert option.name in request, (kind.name, option.name)
            assert option.help.endswith(".") and option.label
            if option.choices and option.default is not None:
                assert option.default in option.choices
            if option.default is not None and option.name != "unit":
                # The request's default is the option's, so a front end may leave it out.
                assert request[option.name] == option.default, (kind.name, option.name)


def test_names_descriptions_and_file_names() -> None:
    names = [k.name for k in catalogue.KINDS]
    assert len(names) == len(set(names))
    assert all(k.description.endswith(".") and len(k.description) <= 100 for k in catalogue.KINDS)
    chart = catalogue.find("chart")
    assert chart.file_name("svg") == "chart-bar.svg"
    assert chart.file_name("pdf", {"chart": "heatmap"}) == "chart-heatmap.pdf"
    assert catalogue.find("quotes").file_name("docx") == "quotes.docx"
    with pytest.raises(InvalidInputError, match="there is no export 'pie'"):
        catalogue.find("pie")
    with pytest.raises(InvalidInputError, match="no export format 'odt'"):
        catalogue.format_of("odt")


def test_importing_the_catalogue_loads_no_heavy_package() -> None:
    loaded = loaded_after("import qualcode.services.export_catalogue", ROOT)
    assert not {m for m in (*HEAVY, "qualcode.services.exports", "click") if m in loaded}


def test_the_agreement_report_takes_the_table_formats() -> None:
    assert sorted(catalogue.REPORT_FORMATS) == sorted(catalogue.TABLE_FORMATS)
