"""Hostile files, built on demand: what a stranger's file may hold to break an import.

Each builder writes one file (or folder) into the folder it is given and returns its path, so
that tests and ``scripts/hostile_campaign.py`` make them under a temporary folder: nothing
large is kept in the repository. The files are the real formats (a .docx is a ZIP archive
with Word's parts, a Taguette project a real SQLite file) with one hostile thing in each.
"""

from __future__ import annotations

import io
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

SECRET = "top-secret-line-from-a-local-file"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_PROJECT = (
    '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
    '<TextSource guid="11111111-1111-1111-1111-111111111111" name="B01"{attrs}>'
    "{content}</TextSource></Sources></Project>"
)
_LAUGHS = '<!ENTITY a0 "ha">' + "".join(
    f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
)


def document_xml(body: str = "INT: Hallo.", *, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{_W}"><w:body>'
        f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    )


def write_zip(
    path: Path,
    members: dict[str, bytes | str],
    *,
    symlinks: dict[str, str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A ZIP archive with ``members`` and, in ``symlinks``, members marked as symbolic links
    (Unix mode in the external attributes) whose content is the link's target."""
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def docx(path: Path, document: str | None = None, **extra: bytes | str) -> Path:
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/document.xml": document if document is not None else document_xml(),
    }
    members.update(extra)
    return write_zip(path, members)


def odt(path: Path, content: str) -> Path:
    return write_zip(
        path,
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": content,
            "META-INF/manifest.xml": (
                '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
            ),
        },
    )


def project_qde(
    *,
    content: str = "<PlainTextContent>Hallo</PlainTextContent>",
    attrs: str = "",
    doctype: str = "",
) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>{doctype}' + _PROJECT.format(
        attrs=attrs, content=content
    )


def deep_zip(path: Path, depth: int = 30) -> Path:
    """A ZIP inside a ZIP inside a ZIP ... (each one ``inner.zip``), the innermost a .docx."""
    data = io.BytesIO()
    docx_path = path.with_suffix(".inner.docx")
    docx(docx_path)
    inner = docx_path.read_bytes()
    docx_path.unlink()
    for _ in range(depth):
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            archive.writestr("inner.zip", inner)
        inner = data.getvalue()
    path.write_bytes(inner)
    return path


def bomb_member(size: int) -> bytes:
    return b"\0" * size


def sqlite_file(path: Path, script: str) -> Path:
    with sqlite3.connect(path) as connection:
        connection.executescript(script)
    connection.close()
    return path


TAGUETTE_SCHEMA = """
CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT, description TEXT);
CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, description TEXT, filename TEXT,
    project_id INTEGER, contents TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, project_id INTEGER, path TEXT, description TEXT);
CREATE TABLE highlights (id INTEGER PRIMARY KEY, document_id INTEGER, start_offset INTEGER,
    end_offset INTEGER, snippet TEXT);
CREATE TABLE highlight_tags (highlight_id INTEGER, tag_id INTEGER);
CREATE TABLE project_members (project_id INTEGER, user_login TEXT, privileges TEXT);
CREATE TABLE commands (id INTEGER PRIMARY KEY, date TEXT, user_login TEXT, project_id INTEGER,
    document_id INTEGER, payload TEXT);
"""


def taguette(path: Path, rows: str) -> Path:
    """A Taguette project with Taguette's tables and ``rows`` (SQL inserts) in them."""
    return sqlite_file(path, TAGUETTE_SCHEMA + rows)


Builder = Callable[[Path], Path]


# ---------------------------------------------------------------------------------------------
# The campaign's cases: (name, what the file is, builder, the command's arguments; "{f}" stands
# for the built file, "{ok}" for a harmless transcript, "{dir}" for the folder of the files).


def _text(data: bytes, name: str) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _zip(name: str, members: dict[str, bytes | str], **kw: object) -> Builder:
    return lambda folder: write_zip(folder / name, members, **kw)  # type: ignore[arg-type]


def _docx_with(document: str, **extra: bytes | str) -> Builder:
    return lambda folder: docx(folder / "hostile.docx", document, **extra)


def _odt_with(content: str) -> Builder:
    return lambda folder: odt(folder / "hostile.odt", content)


def _qdpx(members: dict[str, bytes | str], **kw: object) -> Builder:
    return _zip("hostile.qdpx", members, **kw)


def _pdf_encrypted(folder: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    path = folder / "encrypted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _fifo(folder: Path) -> Path:
    import os

    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _named(name: str) -> Builder:
    return _text(b"INT: Hallo.\nB: Guten Tag.\n", name)


def _readonly_taguette(folder: Path) -> Path:
    path = taguette(
        folder / "readonly.sqlite3",
        "INSERT INTO projects VALUES (1, 'p', '');"
        "INSERT INTO documents VALUES (1, 'B01', '', 'B01.txt', 1, '<p>Hallo</p>');",
    )
    path.chmod(0o444)
    return path


def _qualcoder_folder(data: bytes | None, script: str | None = None) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / "hostile.qda"
        path.mkdir()
        if script is not None:
            sqlite_file(path / "data.qda", script)
        else:
            (path / "data.qda").write_bytes(data or b"")
        return path

    return build


def _truncated(builder: Builder, keep: float) -> Builder:
    def build(folder: Path) -> Path:
        path = builder(folder)
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])
        return path

    return build


def _corrupt_sqlite(folder: Path) -> Path:
    path = taguette(
        folder / "corrupt.sqlite3",
        "INSERT INTO projects VALUES (1, 'p', '');"
        + "".join(
            f"INSERT INTO documents VALUES ({i}, 'B{i}', '', 'B.txt', 1, '{'x' * 3000}');"
            for i in range(1, 40)
        ),
    )
    data = bytearray(path.read_bytes())
    for at in range(4096 * 3, len(data), 97):  # pages after the schema, overwritten
        data[at] = 0xFF
    path.write_bytes(bytes(data))
    return path


def _qde_with_link(folder: Path) -> Path:
    secret = folder / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "sources").mkdir()
    (folder / "sources" / "b01.txt").symlink_to(secret)
    path = folder / "linked.qde"
    path.write_text(
        project_qde(content="", attrs=' plainTextPath="internal://b01.txt"'), encoding="utf-8"
    )
    return path


_HTML_XXE = (
    f'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">{_LAUGHS}]>'
    "<html><body><p><b>INT:</b> &x; &a9;</p><p><b>B:</b> Hallo</p></body></html>"
)
_QDC_XXE = (
    f'<?xml version="1.0"?><!DOCTYPE CodeBook [{_LAUGHS}]>'
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-1111-1111-1111-'
    '111111111111" name="&a9;" isCodable="true"/></Codes></CodeBook>'
)
_DEEP_JSON = b"[" * 200_000 + b"]" * 200_000
_YAML_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "categories: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)
_YAML_TAG = "title: !!python/object/apply:os.system ['touch /tmp/qualcode-pwned']\ncategories: []\n"
_YAML_DEEP = "categories: " + "[" * 5000 + "]" * 5000 + "\n"
_ROWS = "INSERT INTO projects VALUES (1, 'p', '');"
_OK = b"INT: Hallo.\nB: Guten Tag.\n"

CASES: list[tuple[str, str, Builder, list[str]]] = [
    # --- transcripts: qualcode import
    (
        "docx-xxe",
        "docx, external entity",
        _docx_with(
            document_xml(
                "&x;", doctype='<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            )
        ),
        ["import", "{f}"],
    ),
    (
        "docx-laughs",
        "docx, billion laughs",
        _docx_with(document_xml("&a9;", doctype=f"<!DOCTYPE w:document [{_LAUGHS}]>")),
        ["import", "{f}"],
    ),
    (
        "docx-bomb",
        "docx, 300 MB of zeros in one part",
        lambda d: docx(d / "bomb.docx", None, **{"word/media/zeros.bin": bomb_member(300 * 2**20)}),
        ["import", "{f}"],
    ),
    (
        "docx-many",
        "docx, 20,000 parts",
        _docx_with(document_xml(), **{f"word/media/p{i}.xml": "<a/>" for i in range(20_000)}),
        ["import", "{f}"],
    ),
    (
        "docx-nested",
        "zip in zip, 30 deep, named .docx",
        lambda d: deep_zip(d / "nested.docx"),
        ["import", "{f}"],
    ),
    (
        "docx-climb",
        "docx, part ../../evil.txt",
        _docx_with(document_xml(), **{"../../evil.txt": SECRET}),
        ["import", "{f}"],
    ),
    (
        "docx-abs",
        "docx, part /tmp/evil.txt",
        _docx_with(document_xml(), **{"/tmp/evil.txt": SECRET}),
        ["import", "{f}"],
    ),
    (
        "docx-symlink",
        "docx, symlink part",
        lambda d: write_zip(
            d / "link.docx",
            {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS},
            symlinks={"word/document.xml": "/etc/passwd"},
        ),
        ["import", "{f}"],
    ),
    (
        "docx-truncated",
        "docx cut in half",
        _truncated(_docx_with(document_xml()), 0.5),
        ["import", "{f}"],
    ),
    (
        "docx-garbage",
        "random bytes named .docx",
        _text(bytes(range(256)) * 40, "junk.docx"),
        ["import", "{f}"],
    ),
    ("docx-empty", "empty .docx", _text(b"", "empty.docx"), ["import", "{f}"]),
    (
        "docx-noparts",
        "zip without word/document.xml",
        _zip("parts.docx", {"a.txt": "x"}),
        ["import", "{f}"],
    ),
    (
        "docx-deepxml",
        "docx, 100,000 nested elements",
        _docx_with(
            document_xml("<w:x>" * 100_000 + "</w:x>" * 100_000)
            .replace("<w:t>", "")
            .replace("</w:t>", "")
        ),
        ["import", "{f}"],
    ),
    (
        "docx-deepxml-stored",
        "docx stored, 100,000 nested elements",
        lambda d: write_zip(
            d / "deep.docx",
            {
                "[Content_Types].xml": _CONTENT_TYPES,
                "_rels/.rels": _RELS,
                "word/document.xml": document_xml("<w:x>" * 100_000 + "</w:x>" * 100_000),
            },
            compression=zipfile.ZIP_STORED,
        ),
        ["import", "{f}"],
    ),
    (
        "odt-deepxml-stored",
        "odt stored, 100,000 nested elements",
        lambda d: write_zip(
            d / "deep.odt",
            {
                "mimetype": "application/vnd.oasis.opendocument.text",
                "content.xml": '<office:document-content xmlns:office="urn:oasis:names:'
                'tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:'
                'opendocument:xmlns:text:1.0"><office:body><office:text>'
                + "<text:span>" * 100_000
                + "INT: Hallo"
                + "</text:span>" * 100_000
                + "</office:text></office:body></office:document-content>",
            },
            compression=zipfile.ZIP_STORED,
        ),
        ["import", "{f}"],
    ),
    (
        "odt-xxe",
        "odt, billion laughs",
        _odt_with(
            f'<?xml version="1.0"?><!DOCTYPE office:document-content [{_LAUGHS}]>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:'
            '1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            "<office:text><text:p>&a9;</text:p></office:text></office:body>"
            "</office:document-content>"
        ),
        ["import", "{f}"],
    ),
    (
        "odt-climb",
        "odt, part ../evil",
        _zip(
            "climb.odt",
            {"mimetype": "application/vnd.oasis.opendocument.text", "../evil.xml": "<a/>"},
        ),
        ["import", "{f}"],
    ),
    ("odt-truncated", "odt cut off", _truncated(_odt_with("<a/>"), 0.6), ["import", "{f}"]),
    (
        "odt-nocontent",
        "odt without content.xml",
        _zip("bare.odt", {"mimetype": "application/vnd.oasis.opendocument.text"}),
        ["import", "{f}"],
    ),
    (
        "fodt-xxe",
        "flat odt with DTD",
        _text(
            (
                f'<?xml version="1.0"?><!DOCTYPE office:document [{_LAUGHS}]><office:document '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
            ).encode(),
            "flat.fodt",
        ),
        ["import", "{f}"],
    ),
    (
        "html-xxe",
        "html, entities + external",
        _text(_HTML_XXE.encode(), "xxe.html"),
        ["import", "{f}"],
    ),
    (
        "html-deep",
        "html, 200,000 nested divs",
        _text(
            b"<html><body>"
            + b"<div>" * 200_000
            + b"<p><b>INT:</b> Hallo</p>"
            + b"</div>" * 200_000
            + b"</body></html>",
            "deep.html",
        ),
        ["import", "{f}"],
    ),
    (
        "rtf-deep",
        "rtf, 100,000 nested groups",
        _text(b"{\\rtf1 " + b"{" * 100_000 + b"INT: Hallo" + b"}" * 100_000 + b"}", "deep.rtf"),
        ["import", "{f}"],
    ),
    (
        "rtf-unbalanced",
        "rtf, 100,000 open groups",
        _text(b"{\\rtf1 " + b"{" * 100_000 + b"INT: Hallo", "open.rtf"),
        ["import", "{f}"],
    ),
    (
        "rtf-binary",
        "rtf, \\bin with huge length",
        _text(b"{\\rtf1 INT: Hallo \\bin999999999999 x}", "bin.rtf"),
        ["import", "{f}"],
    ),
    (
        "pdf-broken",
        "pdf header, garbage",
        _text(b"%PDF-1.4\n" + bytes(range(256)) * 50, "broken.pdf"),
        ["import", "{f}"],
    ),
    (
        "pdf-truncated",
        "pdf with no trailer",
        _text(b"%PDF-1.4\n1 0 obj << /Type /Catalog", "cut.pdf"),
        ["import", "{f}"],
    ),
    ("pdf-encrypted", "pdf with a password", _pdf_encrypted, ["import", "{f}"]),
    (
        "pdf-loop",
        "pdf whose pages refer to themselves",
        _text(
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n",
            "loop.pdf",
        ),
        ["import", "{f}"],
    ),
    (
        "txt-bom-middle",
        "text, BOMs in the middle",
        _text(b"INT: Hallo\xef\xbb\xbf Welt.\n\xef\xbb\xbfB: Ja.\n", "bom.txt"),
        ["import", "{f}"],
    ),
    (
        "txt-surrogate",
        "text, lone surrogates (CESU bytes)",
        _text(b"INT: Hallo \xed\xa0\x80 Welt.\nB: Ja.\n", "surrogate.txt"),
        ["import", "{f}"],
    ),
    (
        "txt-utf16-surrogate",
        "UTF-16 with a lone surrogate",
        _text(
            "\ufeffINT: Hallo ".encode("utf-16-le")
            + b"\x00\xd8"
            + " Welt.\nB: Ja.\n".encode("utf-16-le"),
            "surrogate16.txt",
        ),
        ["import", "{f}"],
    ),
    (
        "txt-control",
        "text, ESC sequences and NULs",
        _text(b"INT: Hallo \x1b[31mrot\x1b[0m\x00\x07.\nB: Ja.\n", "control.txt"),
        ["import", "{f}"],
    ),
    (
        "txt-bidi",
        "text, RTL override",
        _text("INT: Hallo \u202egnal\u202c.\nB: Ja.\n".encode(), "bidi.txt"),
        ["import", "{f}"],
    ),
    (
        "txt-50mb-line",
        "text, one 50 MB line",
        lambda d: _text(b"INT: " + b"a" * (50 * 2**20), "long.txt")(d),
        ["import", "{f}"],
    ),
    (
        "txt-50mb-word",
        "text, 50 MB line of one-letter words",
        lambda d: _text(b"INT: " + b"a " * (25 * 2**20), "words.txt")(d),
        ["import", "{f}"],
    ),
    (
        "vtt-huge-time",
        "vtt, time 99999999:00:00",
        _text(b"WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:01.000\nHallo\n", "time.vtt"),
        ["import", "{f}"],
    ),
    (
        "srt-garbage",
        "srt, broken cue",
        _text(b"1\n00:00:01,000 --> \nHallo\n", "cue.srt"),
        ["import", "{f}"],
    ),
    ("json-deep", "json, 200,000 nested arrays", _text(_DEEP_JSON, "deep.json"), ["import", "{f}"]),
    (
        "json-bignum",
        "whisperX json, 100,000-digit start",
        _text(
            b'{"segments": [{"start": ' + b"9" * 100_000 + b', "end": 1, "text": "Hallo"}]}',
            "bignum.json",
        ),
        ["import", "{f}"],
    ),
    (
        "json-nan",
        "whisperX json, NaN and Infinity",
        _text(b'{"segments": [{"start": NaN, "end": Infinity, "text": "Hallo"}]}', "nan.json"),
        ["import", "{f}"],
    ),
    (
        "json-types",
        "whisperX json, wrong types",
        _text(b'{"segments": [{"start": "x", "end": [], "text": 5, "speaker": {}}]}', "types.json"),
        ["import", "{f}"],
    ),
    (
        "tsv-field",
        "whisperX tsv, 1 MB field",
        _text(b"start\tend\ttext\n0\t10\t" + b"a" * 2**20 + b"\n", "big.tsv"),
        ["import", "{f}"],
    ),
    (
        "tsv-nul",
        "whisperX tsv, NUL bytes",
        _text(b"start\tend\ttext\n0\t10\tHal\x00lo\n", "nul.tsv"),
        ["import", "{f}"],
    ),
    ("fifo", "a named pipe", _fifo, ["import", "{f}"]),
    ("dev-zero", "/dev/zero", lambda d: Path("/dev/zero"), ["import", "{f}"]),
    ("name-newline", "file name with a newline", _named("B01\nrm -rf.txt"), ["import", "{f}"]),
    ("name-rtl", "file name with RTL override", _named("B01\u202etxt.exe.txt"), ["import", "{f}"]),
    ("name-long", "file name of 250 characters", _named("Ü" * 120 + ".txt"), ["import", "{f}"]),
    ("name-dots", "file name '...txt'", _named("...txt"), ["import", "{f}"]),
    # --- case attributes: qualcode import --attributes
    (
        "csv-formula",
        "attributes, formulas",
        _text(b'document,age\nok,=HYPERLINK("http://x")\n', "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-nul",
        "attributes, NUL bytes",
        _text(b"document,age\nok,4\x002\n", "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-field",
        "attributes, 1 MB field",
        _text(b"document,age\nok," + b"a" * 2**20 + b"\n", "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-quote-field",
        "attributes, unclosed quote to the end",
        _text(b'document,age\nok,"' + b"a" * 300_000 + b"\n", "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-mixed",
        "attributes, UTF-8 and Latin-1 mixed",
        _text("document,ort\nok,Köln\n".encode() + "x,München\n".encode("latin-1"), "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-blank",
        "attributes, only separators",
        _text(b",,,\n;;;\n", "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-utf16",
        "attributes, UTF-16",
        _text("\ufeffdocument,age\nok,42\n".encode("utf-16-le"), "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    (
        "csv-wide",
        "attributes, 100,000 columns",
        _text(b",".join(b"c%d" % i for i in range(100_000)) + b"\n", "cases.csv"),
        ["import", "{ok}", "--attributes", "{f}"],
    ),
    # --- anonymisation table
    (
        "anon-field",
        "anonymise csv, 1 MB field",
        _text(b"term,replacement\nAnna," + b"a" * 2**20 + b"\n", "anon.csv"),
        ["anonymise", "import", "{f}"],
    ),
    (
        "anon-nul",
        "anonymise csv, NUL",
        _text(b"term,replacement\nAn\x00na,B\n", "anon.csv"),
        ["anonymise", "import", "{f}"],
    ),
    (
        "anon-binary",
        "anonymise csv, binary",
        _text(bytes(range(256)) * 4, "anon.csv"),
        ["anonymise", "import", "{f}"],
    ),
    (
        "anon-blank",
        "anonymise csv, only separators",
        _text(b",,,\n", "anon.csv"),
        ["anonymise", "import", "{f}"],
    ),
    # --- codebooks and speaker maps (YAML), REFI codebooks
    (
        "yaml-bomb",
        "codebook, alias bomb",
        _text(_YAML_BOMB.encode(), "bomb.yaml"),
        ["codebook", "check", "{f}"],
    ),
    (
        "yaml-tag",
        "codebook, python tag",
        _text(_YAML_TAG.encode(), "tag.yaml"),
        ["codebook", "load", "{f}"],
    ),
    (
        "yaml-deep",
        "codebook, 5,000 nested lists",
        _text(_YAML_DEEP.encode(), "deep.yaml"),
        ["codebook", "check", "{f}"],
    ),
    (
        "yaml-binary",
        "codebook, binary",
        _text(bytes(range(256)) * 4, "bin.yaml"),
        ["codebook", "check", "{f}"],
    ),
    (
        "yaml-init",
        "init --codebook alias bomb",
        _text(_YAML_BOMB.encode(), "bomb.yaml"),
        ["init", "--codebook", "{f}"],
    ),
    (
        "speakers-bomb",
        "speaker map, alias bomb",
        _text(_YAML_BOMB.encode(), "map.yaml"),
        ["speakers", "load", "{f}"],
    ),
    (
        "speakers-tag",
        "speaker map, custom tag",
        _text(b"B01: !custom {INT: Anna}\n", "map.yaml"),
        ["speakers", "load", "{f}"],
    ),
    (
        "speakers-deep",
        "speaker map, deep nesting",
        _text(_YAML_DEEP.encode(), "map.yaml"),
        ["import", "{ok}", "--speaker-map", "{f}"],
    ),
    (
        "qdc-xxe",
        "REFI codebook, billion laughs",
        _text(_QDC_XXE.encode(), "xxe.qdc"),
        ["import-project", "{f}"],
    ),
    (
        "qdc-codebook-load",
        "REFI codebook given to codebook load",
        _text(_QDC_XXE.encode(), "xxe.qdc"),
        ["codebook", "load", "{f}"],
    ),
    (
        "qdc-deep",
        "REFI codebook, 10,000 nested codes",
        _text(
            (
                '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                + "".join(
                    f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="c{i}" isCodable="true">'
                    for i in range(10_000)
                )
                + "</Code>" * 10_000
                + "</Codes></CodeBook>"
            ).encode(),
            "deep.qdc",
        ),
        ["import-project", "{f}"],
    ),
    # --- projects from other programs: qualcode import-project
    (
        "qdpx-xxe",
        "qdpx, external entity",
        _qdpx(
            {
                "project.qde": project_qde(
                    content="<PlainTextContent>&x;</PlainTextContent>",
                    doctype='<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                )
            }
        ),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-bomb",
        "qdpx, 2 x 250 MB of zeros",
        lambda d: write_zip(
            d / "bomb.qdpx",
            {
                "project.qde": project_qde(),
                "sources/z.txt": bomb_member(250 * 2**20),
                "sources/y.txt": bomb_member(250 * 2**20),
            },
        ),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-climb",
        "qdpx, member ../../evil",
        _qdpx({"project.qde": project_qde(), "../../evil.txt": SECRET}),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-symlink",
        "qdpx, symlink member as source",
        _qdpx(
            {"project.qde": project_qde(content="", attrs=' plainTextPath="internal://a.txt"')},
            symlinks={"sources/a.txt": "/etc/passwd"},
        ),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-outside",
        "qdpx, source at /etc/passwd",
        _qdpx({"project.qde": project_qde(content="", attrs=' plainTextPath="/etc/passwd"')}),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-outside-rel",
        "qdpx, source internal://../../x",
        _qdpx(
            {
                "project.qde": project_qde(
                    content="", attrs=' plainTextPath="internal://../../../../etc/passwd"'
                )
            }
        ),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-file-url",
        "qdpx, source file:///etc/passwd",
        _qdpx(
            {"project.qde": project_qde(content="", attrs=' plainTextPath="file:///etc/passwd"')}
        ),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-missing",
        "qdpx, source missing",
        _qdpx(
            {
                "project.qde": project_qde(
                    content="", attrs=' plainTextPath="internal://nowhere.txt"'
                )
            }
        ),
        ["import-project", "{f}"],
    ),
    ("qdpx-noqde", "qdpx without project.qde", _qdpx({"x.txt": "x"}), ["import-project", "{f}"]),
    (
        "qdpx-truncated",
        "qdpx cut off",
        _truncated(_qdpx({"project.qde": project_qde()}), 0.5),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-nested",
        "zip in zip, named .qdpx",
        lambda d: deep_zip(d / "nested.qdpx"),
        ["import-project", "{f}"],
    ),
    (
        "qdpx-many",
        "qdpx, 20,000 members",
        _qdpx({"project.qde": project_qde(), **{f"sources/{i}.txt": "x" for i in range(20_000)}}),
        ["import-project", "{f}"],
    ),
    (
        "qde-deep",
        "qde, 100,000 nested elements",
        _text(
            project_qde(
                content="<PlainTextContent>"
                + "<x>" * 100_000
                + "</x>" * 100_000
                + "</PlainTextContent>"
            ).encode(),
            "deep.qde",
        ),
        ["import-project", "{f}"],
    ),
    (
        "qde-loose-link",
        "bare .qde, its sources/ file a link to a secret",
        _qde_with_link,
        ["import-project", "{f}"],
    ),
    (
        "qde-garbage",
        "qde, not XML",
        _text(b"<" + bytes(range(256)) * 10, "junk.qde"),
        ["import-project", "{f}"],
    ),
    (
        "qde-badpos",
        "qde, selection beyond text, negative",
        _text(
            project_qde(
                content="<PlainTextContent>Hallo</PlainTextContent><PlainTextSelection guid="
                '"22222222-2222-2222-2222-222222222222" startPosition="-5" endPosition="99999999999'
                '99999999999"><Coding guid="33333333-3333-3333-3333-333333333333"><CodeRef '
                'targetGUID="44444444-4444-4444-4444-444444444444"/></Coding></PlainTextSelection>'
            ).encode(),
            "badpos.qde",
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-text",
        "text file named .sqlite3",
        _text(b"hello\n", "notdb.sqlite3"),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-header",
        "SQLite header then garbage",
        _text(b"SQLite format 3\x00" + bytes(range(256)) * 16, "header.sqlite3"),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-corrupt",
        "Taguette db, pages overwritten",
        _corrupt_sqlite,
        ["import-project", "{f}"],
    ),
    (
        "sqlite-truncated",
        "Taguette db cut off",
        _truncated(
            lambda d: taguette(
                d / "cut.sqlite3",
                _ROWS
                + "".join(
                    f"INSERT INTO documents VALUES ({i}, 'B{i}', '', 'B.txt', 1, '{'x' * 3000}');"
                    for i in range(1, 40)
                ),
            ),
            0.5,
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-empty-db",
        "SQLite with no tables",
        lambda d: sqlite_file(d / "empty.sqlite3", "CREATE TABLE t (x);"),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-wrong-cols",
        "Taguette tables, wrong columns",
        lambda d: sqlite_file(
            d / "cols.sqlite3",
            "CREATE TABLE projects (x); CREATE TABLE documents (x);"
            "CREATE TABLE tags (x); CREATE TABLE highlights (x); CREATE TABLE highlight_tags (x);"
            "INSERT INTO projects VALUES (1);",
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-wrong-types",
        "Taguette, blobs and numbers where text is",
        lambda d: taguette(
            d / "types.sqlite3",
            "INSERT INTO projects VALUES (1, 7, x'00ff');"
            "INSERT INTO documents VALUES (1, 42, 5, 'B.txt', 1, x'00ff00');"
            "INSERT INTO tags VALUES (1, 1, 99, x'01');"
            "INSERT INTO highlights VALUES (1, 1, 'a', x'02', 7);"
            "INSERT INTO highlight_tags VALUES (1, 1);",
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-bad-offsets",
        "Taguette, offsets negative and huge",
        lambda d: taguette(
            d / "offsets.sqlite3",
            _ROWS + "INSERT INTO documents VALUES (1, 'B01', '', 'B.txt', 1, '<p>Hallo Welt</p>');"
            "INSERT INTO tags VALUES (1, 1, 'a', '');"
            "INSERT INTO highlights VALUES (1, 1, -50, 99999999999999, 'Hallo');"
            "INSERT INTO highlights VALUES (2, 1, 8, 2, 'x');"
            "INSERT INTO highlight_tags VALUES (1, 1); INSERT INTO highlight_tags VALUES (2, 1);",
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-deep-payload",
        "Taguette, deeply nested command payload",
        lambda d: taguette(
            d / "payload.sqlite3",
            _ROWS
            + "INSERT INTO commands VALUES (1, '2020', 'a', 1, 1, '"
            + "[" * 100_000
            + '"highlight_add"'
            + "]" * 100_000
            + "');",
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-deep-html",
        "Taguette, 100,000 nested tags in a document",
        lambda d: taguette(
            d / "html.sqlite3",
            _ROWS
            + "INSERT INTO documents VALUES (1, 'B01', '', 'B.txt', 1, '"
            + "<b>" * 100_000
            + "Hallo"
            + "</b>" * 100_000
            + "');",
        ),
        ["import-project", "{f}"],
    ),
    (
        "sqlite-readonly",
        "Taguette db, read-only file",
        _readonly_taguette,
        ["import-project", "{f}"],
    ),
    (
        "sqlite-qualcode",
        "a qualcode project as foreign project",
        lambda d: sqlite_file(
            d / "other.sqlite3", "PRAGMA application_id = 1365470275; CREATE TABLE documents (x);"
        ),
        ["import-project", "{f}"],
    ),
    (
        "qda-notdb",
        "QualCoder folder, data.qda is text",
        _qualcoder_folder(b"hello"),
        ["import-project", "{f}"],
    ),
    (
        "qda-wrong",
        "QualCoder folder, wrong schema",
        _qualcoder_folder(
            None,
            "CREATE TABLE source (x); CREATE TABLE code_name (x); CREATE TABLE code_text (x);"
            "INSERT INTO source VALUES (1);",
        ),
        ["import-project", "{f}"],
    ),
    (
        "qda-types",
        "QualCoder, blobs where text is",
        _qualcoder_folder(
            None,
            "CREATE TABLE source (id, name, fulltext, memo, owner, mediapath);"
            "CREATE TABLE code_name (cid, name, memo, catid, color, owner, date);"
            "CREATE TABLE code_text (ctid, cid, fid, seltext, pos0, pos1, owner, date, memo);"
            "INSERT INTO source VALUES (1, x'00', x'ff00', 3, 4, NULL);"
            "INSERT INTO code_name VALUES (1, 5, x'00', 'z', 99, 'a', 'b');"
            "INSERT INTO code_text VALUES (1, 1, 1, 7, 'a', x'00', 5, 6, 7);",
        ),
        ["import-project", "{f}"],
    ),
    ("project-fifo", "import-project of a named pipe", _fifo, ["import-project", "{f}"]),
    # --- the reviewer's comments: qualcode import-review
    (
        "review-deep",
        "comments, deeply nested JSON",
        _text(_DEEP_JSON, "comments.json"),
        ["import-review", "{f}"],
    ),
    (
        "review-binary",
        "comments, binary",
        _text(bytes(range(256)) * 4, "comments.json"),
        ["import-review", "{f}"],
    ),
    (
        "review-nan",
        "comments, NaN",
        _text(b'{"format": NaN}', "comments.json"),
        ["import-review", "{f}"],
    ),
    # --- other files a command reads
    (
        "plan-latin1",
        "plan set --file, Latin-1 text",
        _text("Fragestellung für Köln".encode("latin-1"), "plan.txt"),
        ["plan", "set", "material", "--file", "{f}"],
    ),
    (
        "plan-binary",
        "plan set --file, binary",
        _text(bytes(range(256)) * 400, "plan.bin"),
        ["plan", "set", "material", "--file", "{f}"],
    ),
    # --- the project file itself given by --project
    (
        "project-text",
        "--project pointing at a text file",
        _text(b"hello\n", "notdb.db"),
        ["--project", "{f}", "documents"],
    ),
    (
        "project-corrupt",
        "--project pointing at a corrupt SQLite file",
        _corrupt_sqlite,
        ["--project", "{f}", "documents"],
    ),
]
