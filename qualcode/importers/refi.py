"""REFI-QDA (QDA-XML 1.0) import: ``.qdpx`` projects, bare ``.qde`` files and ``.qdc`` codebooks.

Files come from strangers and from many programs, so reading is careful and tolerant:

- the archive is opened through :mod:`qualcode.importers.archives` (caps on sizes, ratio and
  members; no absolute or ``..`` names) and XML is parsed by
  :func:`~qualcode.importers.xml_safety.safe_parser` after refusing any DTD, so no entity is
  expanded, no file outside the archive and nothing on the network is read;
- the file is checked against the vendored schema, and what breaks it harmlessly (an empty
  element, an odd ``schemaLocation``, another namespace) becomes a warning naming it; elements
  are matched by their local names;
- a source whose text is missing, a selection outside its source, a coding of an unknown code
  are left out and listed, never clamped or guessed;
- positions are read as the writing program counted them and placed on qualcode's transcript
  of the text (:mod:`qualcode.importers.placing`).

A file that qualcode wrote carries the ``qualcode`` note (see :mod:`qualcode.exporters.refi`);
with it, turns, codes, passes, versions, the trail, the autocoding rules and their proposals
come back exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from qualcode.domain import plurals
from qualcode.domain.autocoding import STATUSES as PROPOSAL_STATUSES
from qualcode.domain.autocoding import rules_from_rows
from qualcode.domain.codebook import (
    CODE_PATTERN,
    COLOUR_PATTERN,
    ORIGINS,
    STATUSES,
    Category,
    Codebook,
)
from qualcode.domain.coding import PASSES
from qualcode.domain.errors import InvalidInputError, QualcodeError
from qualcode.domain.exchange import (
    ExchangeReport,
    ExCoder,
    ExCoding,
    ExDocument,
    ExNote,
    ExProject,
    ExProposal,
    ExSet,
    ExVersion,
    derived_guid,
    read_description,
)
from qualcode.domain.limits import CODER_NAME
from qualcode.domain.names import document_name, printable
from qualcode.domain.text import normalise
from qualcode.domain.transcript import ParsedTranscript, Turn
from qualcode.importers.placing import (
    CODE_POINTS,
    UTF16,
    CountedText,
    Counting,
    Placer,
    choose_counting,
    same_words,
)

KIND = "REFI-QDA project"
EXTENSION_NAME = "qualcode"
EXTENSION_FORMAT = "qualcode-refi/1"
_LEFT_OUT_SHOWN = 50

# What each program is known to count where a file has no quoted text to tell (docs/refi-qda.md
# says where each finding comes from). Line ends: ATLAS.ti writes its sources with CRLF but counts
# each as one character, and MAXQDA wants CRLF in a source while counting each as one (QualCoder's
# importer and exporter handle them so); NVivo for Windows counts both characters.
_PREFERRED = (
    ("maxqda", Counting(UTF16, lf=True)),
    ("nvivo", Counting(UTF16)),
    ("atlas", Counting(UTF16, lf=True)),
)

Reader = Callable[[str], bytes | None]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _strip_namespaces(root: Any) -> None:
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = _local(element.tag)


def _parse(data: bytes, *, source: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    from qualcode.importers.xml_safety import refuse_dtd, safe_parser

    refuse_dtd(data, source=source, kind="REFI-QDA file")
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidInputError(
            # lxml's message may hold a line break (after a NUL, say): one line it is
            f"this REFI-QDA file is not well-formed XML ({' '.join(str(exc).split())}); "
            "nothing was imported",
            file=source,
        ) from exc


def _schema_warnings(root: Any, kind: str) -> list[str]:
    """What breaks the schema, as warnings (the file is read anyway)."""
    from lxml import etree

    warnings: list[str] = []
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    if location is not None and "urn:QDA-XML" not in location:
        warnings.append(f"an odd schemaLocation {printable(location)!s} (ignored)")
    namespace = etree.QName(root).namespace
    expected = f"urn:QDA-XML:{kind}:1.0"
    if namespace != expected:
        warnings.append(f"the namespace is {namespace or 'missing'}, not {expected} (read anyway)")
        return warnings
    validator = schema(kind)
    if not validator.validate(root):
        errors = list(validator.error_log)
        for error in errors[:3]:
            warnings.append(f"line {error.line}: {error.message} (read anyway)")
        if len(errors) > 3:
            warnings.append(f"{len(errors) - 3} more departures from the schema (read anyway)")
    return warnings


def schema(kind: str) -> Any:
    """The vendored QDA-XML schema of ``kind`` (project, codebook) as an lxml XMLSchema."""
    from importlib import resources

    from lxml import etree

    name = "Project.xsd" if kind == "project" else "Codebook.xsd"
    data = resources.files("qualcode.importers").joinpath("schemas", name).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, etree.XMLParser(resolve_entities=False)))


# ----- entry points ----------------------------------------------------------------------


def read_refi(path: Path) -> tuple[ExProject, ExchangeReport]:
    """A ``.qdpx``, ``.qde`` or ``.qdc`` file as an exchange project and what was read."""
    data = path.read_bytes()
    source = path.name
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() == ".qdpx":
        return _read_archive(data, source)
    root = _parse(data, source=source)
    if _local(root.tag) == "CodeBook":
        return read_codebook_root(root, source)
    folder = path.parent / "sources"

    def loose(name: str) -> bytes | None:
        # A bare .qde: its sources in the folder beside it, by plain file name only.
        if not name or "/" in name or "\\" in name or name.startswith("."):
            return None
        candidate = folder / name
        for step in (folder, candidate):
            if step.is_symlink():  # a stranger's folder may link sources/B01.txt to ~/.ssh/...
                raise InvalidInputError(
                    f"this REFI-QDA project cannot be imported: its source file "
                    f"{printable(str(step.relative_to(path.parent)))} is a link to another file; "
                    "put the file itself there",
                    file=source,
                )
        return candidate.read_bytes() if candidate.is_file() else None

    return _read_project_root(root, source, loose)


def _read_archive(data: bytes, source: str) -> tuple[ExProject, ExchangeReport]:
    from qualcode.importers.archives import open_archive

    with open_archive(
        data, source=source, kind=KIND, resave="export it again from the program that made it"
    ) as archive:
        archive.verify()
        qde = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n.strip("/")]
        if not qde:
            raise InvalidInputError(
                f"this {KIND} cannot be imported: it holds no project.qde", file=source
            )
        chosen = next((n for n in qde if n.lower() == "project.qde"), qde[0])
        root = _parse(archive.read(chosen), source=source)
        members = {n.lower(): n for n in archive.names}

        def member(name: str) -> bytes | None:
            for candidate in (f"sources/{name}", name):
                found = members.get(candidate.lower())
                if found is not None:
                    return archive.read(found)
            return None

        if _local(root.tag) == "CodeBook":
            return read_codebook_root(root, source)
        return _read_project_root(root, source, member)


# ----- the codebook ----------------------------------------------------------------------


class _Codes:
    """Codes into categories: qualcode codes where the file has them, made up where not."""

    def __init__(self, extension: dict[str, Any], report: ExchangeReport) -> None:
        self.known: dict[str, dict[str, Any]] = extension.get("categories") or {}
        self.report = report
        self.categories: list[Category] = []
        self.guids: dict[str, str] = {}  # code -> guid
        self.by_guid: dict[str, str] = {}  # guid -> code
        self._used: set[str] = set()

    def read(self, codes: list[Any]) -> None:
        self._level(codes, None, "C")

    def _level(self, codes: list[Any], parent: str | None, stem: str) -> None:
        names: set[str] = set()
        for number, node in enumerate(codes, start=1):
            guid = (node.get("guid") or "").strip()
            name = document_name(node.get("name") or "") or "(unnamed)"
            if name.casefold() in names:
                twin = 2
                while f"{name} ({twin})".casefold() in names:
                    twin += 1
                self.report.warnings.append(
                    f"two codes under one parent are named {name!r}; the second is {name} ({twin})"
                )
                name = f"{name} ({twin})"
            names.add(name.casefold())
            meta = self.known.get(guid, {})
            code = str(meta.get("code") or "")
            prefix = f"{parent}." if parent else ""
            if (
                not code
                or code in self._used
                or not CODE_PATTERN.match(code)
                or (parent and not code.startswith(prefix))
            ):
                code = f"{prefix}{number}" if parent else f"{stem}{number}"
                while code in self._used:
                    code += "x"
            self._used.add(code)
            description = node.find("Description")
            guideline = read_description(description.text or "" if description is not None else "")
            colour = _colour(node.get("color"))
            status = str(meta.get("status") or "active")
            origin = str(meta.get("origin") or "inductive")
            self.categories.append(
                Category(
                    code=code,
                    name=name[:300],
                    definition=guideline.definition,
                    coding_rule=guideline.coding_rule,
                    origin=origin if origin in ORIGINS else "inductive",
                    reference=guideline.reference,
                    anchors=guideline.anchors,
                    parent=parent,
                    colour=colour,
                    status=status if status in STATUSES else "active",
                    order=number,
                )
            )
            if guid:
                self.guids[code] = guid
                self.by_guid[guid] = code
            self._level(node.findall("Code"), code, stem)


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.upper() if COLOUR_PATTERN.match(value) else None


def read_codebook_root(root: Any, source: str) -> tuple[ExProject, ExchangeReport]:
    """A ``.qdc`` codebook (or a project's code book alone)."""
    report = ExchangeReport(source, origin=root.get("origin") or "")
    report.warnings += _schema_warnings(root, "codebook")
    _strip_namespaces(root)
    codes = _Codes({}, report)
    codes.read(root.findall("Codes/Code"))
    project = ExProject(name=Path(source).stem, guid="", origin=report.origin)
    project.codebook = Codebook(
        title=Path(source).stem, version="1", categories=tuple(codes.categories)
    )
    project.category_guids = codes.guids
    report.codes = len(codes.categories)
    return project, report


# ----- the project -----------------------------------------------------------------------


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _decode(data: bytes) -> tuple[str, bool]:
    """A source's text and whether it began with a byte-order mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), True
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), True
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        from qualcode.importers.decoding import decode

        text, _, _ = decode(data, source="source")
        return text, False


def _extension(notes: list[Any], read: Reader) -> tuple[dict[str, Any], str | None]:
    for note in notes:
        if note.get("name") != EXTENSION_NAME:
            continue
        content = note.find("PlainTextContent")
        text = content.text if content is not None else None
        member = _internal(note.get("plainTextPath") or "")
        if not text and member:
            raw = read(member)
            text = raw.decode("utf-8", errors="replace") if raw is not None else None
        try:
            data = json.loads(text or "")
        except (ValueError, RecursionError):  # not JSON, or nested thousands deep
            continue
        if isinstance(data, dict) and data.get("format") == EXTENSION_FORMAT:
            return data, note.get("guid")
    return {}, None


def _read_project_root(root: Any, source: str, read: Reader) -> tuple[ExProject, ExchangeReport]:
    origin = root.get("origin") or ""
    report = ExchangeReport(source, origin=origin)
    report.warnings += _schema_warnings(root, "project")
    _strip_namespaces(root)
    notes_nodes = root.findall("Notes/Note")
    extension, extension_guid = _extension(notes_nodes, read)
    ours = bool(extension)
    project = ExProject(
        name=root.get("name") or Path(source).stem,
        guid=extension_guid or "",
        origin=origin,
    )
    users = {}
    for user in root.findall("Users/User"):
        guid = (user.get("guid") or "").strip()
        name = document_name(user.get("name") or user.get("id") or "") or f"user {guid[:8]}"
        users[guid] = name
        project.coders.append(ExCoder(name, guid))
    report.coders = len(users)

    codes = _Codes(extension, report)
    codes.read(root.findall("CodeBook/Codes/Code"))
    meta = extension.get("codebook") or {}
    rules = [  # qualcode's own: the autocoding rules, by code GUID
        rule
        for guid, found in codes.known.items()
        if guid in codes.by_guid and isinstance(found, dict)
        for rule in rules_from_rows(codes.by_guid[guid], found.get("autocode"))
    ]
    if codes.categories:
        project.codebook = Codebook(
            title=str(meta.get("title") or project.name),
            version=str(meta.get("version") or "1"),
            categories=tuple(codes.categories),
            language=str(meta.get("language") or "de"),
            description=str(meta.get("description") or ""),
            source=str(meta.get("source") or source),
            rules=tuple(rules),
        )
    project.category_guids = codes.guids
    report.codes = len(codes.categories)

    notes: dict[str, tuple[str, str]] = {}
    for note in notes_nodes:
        guid = note.get("guid") or ""
        if guid == extension_guid:
            continue
        content = note.find("PlainTextContent")
        text = content.text if content is not None and content.text else ""
        path = note.get("plainTextPath")
        if not text and path:
            raw = read(_internal(path) or "")
            text = _decode(raw)[0] if raw is not None else ""
        notes[guid] = (note.get("name") or "", text)
    used_notes: set[str] = set()

    def note_text(node: Any) -> tuple[str, str]:
        texts, guid = [], ""
        for ref in node.findall("NoteRef"):
            target = ref.get("targetGUID") or ""
            if target in notes:
                used_notes.add(target)
                texts.append(notes[target][1])
                guid = guid or target
        return "\n\n".join(t for t in texts if t), guid

    attributes = _attributes(root, report)
    for version in extension.get("versions") or []:
        created = _when(version.get("created")) or datetime.now(UTC)
        project.versions.append(
            ExVersion(
                label=str(version.get("label") or ""),
                created=created,
                created_by=str(version.get("created_by") or ""),
                reason=str(version.get("reason") or ""),
                frozen=_when(version.get("frozen")),
                coded_share=version.get("coded_share"),
            )
        )
    project.audit = list(extension.get("audit") or [])
    documents_meta: dict[str, Any] = extension.get("documents") or {}
    codings_meta: dict[str, Any] = extension.get("codings") or {}
    preferred = next((c for key, c in _PREFERRED if key in origin.lower()), Counting(CODE_POINTS))
    if ours:
        preferred = Counting(CODE_POINTS)
    names: set[str] = set()
    for kind in ("PictureSource", "AudioSource", "VideoSource"):
        for node in root.findall(f"Sources/{kind}"):
            medium = kind.removesuffix("Source").lower()
            report.left_out.append(
                f"{printable(node.get('name') or node.get('guid') or kind)}: "
                f"{'an' if medium[0] in 'aeiou' else 'a'} {medium} source "
                "(qualcode reads text sources only)"
            )
    sources = [(n, n) for n in root.findall("Sources/TextSource")]
    for pdf in root.findall("Sources/PDFSource"):
        representation = pdf.find("Representation")
        if representation is not None:
            sources.append((pdf, representation))
        else:
            report.left_out.append(
                f"{printable(pdf.get('name') or pdf.get('guid') or 'PDF')}: a PDF source "
                "without a text representation"
            )
    for node, text_node in sources:
        _read_source(
            node,
            text_node,
            read=read,
            project=project,
            report=report,
            users=users,
            codes=codes,
            note_text=note_text,
            attributes=attributes,
            names=names,
            preferred=preferred,
            meta=documents_meta.get(node.get("guid") or "") if ours else None,
            codings_meta=codings_meta,
        )
    project.sets = _sets(root, project, codes, report)
    project.proposals = _proposals(extension.get("proposals"), project, codes)
    for guid, (name, text) in notes.items():
        if guid not in used_notes and text:
            project.notes.append(ExNote(guid, name, text))
    report.memos += len(project.notes)
    report.documents = len(project.documents)
    report.codings = len(project.codings)
    report.attributes = sum(len(d.attributes) for d in project.documents)
    if not project.guid:
        project.guid = derived_guid(str(derived_guid_namespace()), "project", source)
    return project, report


def derived_guid_namespace() -> str:
    from qualcode.domain.exchange import GUID_NAMESPACE

    return str(GUID_NAMESPACE)


def _internal(path: str) -> str | None:
    """The archive member a source path names, or None for a path outside the archive."""
    path = path.strip()
    if path.lower().startswith("internal://"):
        name = path[len("internal://") :]
    elif "://" in path or path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        return None
    else:
        name = path
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _attributes(root: Any, report: ExchangeReport) -> dict[str, dict[str, str]]:
    """Case attributes per source GUID: variables of cases and of sources."""
    variables = {v.get("guid"): v.get("name") or "" for v in root.findall("Variables/Variable")}
    found: dict[str, dict[str, str]] = {}

    def values(node: Any) -> dict[str, str]:
        result = {}
        for value in node.findall("VariableValue"):
            ref = value.find("VariableRef")
            name = variables.get(ref.get("targetGUID")) if ref is not None else None
            if not name:
                continue
            for child in value:
                if child.tag != "VariableRef" and child.text is not None:
                    result[name] = child.text.strip()
        return result

    for case in root.findall("Cases/Case"):
        case_values = values(case)
        for ref in case.findall("SourceRef"):
            found.setdefault(ref.get("targetGUID") or "", {}).update(case_values)
    for node in root.findall("Sources/*"):
        own = values(node)
        if own:
            found.setdefault(node.get("guid") or "", {}).update(own)
    return found


def _proposals(entries: Any, project: ExProject, codes: _Codes) -> list[ExProposal]:
    """qualcode's autocoding proposals from its note, by the GUIDs of their sources and codes.
    An entry not well formed, or naming a source or code that was not read, is passed over;
    whether its passage still fits its text is checked where it is stored."""
    if not isinstance(entries, list):
        return []
    documents = {d.guid: d.name for d in project.documents}

    def text(entry: dict[str, Any], key: str, most: int | None = 300) -> str:
        value = entry.get(key)
        return value[:most] if isinstance(value, str) else ""

    found: list[ExProposal] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        document = documents.get(text(entry, "source"))
        category = codes.by_guid.get(text(entry, "code"))
        start, end, status = entry.get("start"), entry.get("end"), entry.get("status")
        if (
            document is None
            or category is None
            or status not in PROPOSAL_STATUSES
            or type(start) is not int
            or type(end) is not int
        ):
            continue
        found.append(
            ExProposal(
                guid=text(entry, "guid"),
                document=document,
                category=category,
                start=start,
                end=end,
                text=text(entry, "text", None),  # checked against its document when stored
                rule=text(entry, "rule", 500),
                status=status,
                created_by=document_name(text(entry, "created_by", CODER_NAME.most)),
                created_at=_when(text(entry, "created")),
                decided_by=document_name(text(entry, "decided_by", CODER_NAME.most)),
                decided_at=_when(text(entry, "decided")),
                coding=text(entry, "coding"),
                coding_pass=text(entry, "pass") if entry.get("pass") in PASSES else None,
            )
        )
    return found


def _sets(root: Any, project: ExProject, codes: _Codes, report: ExchangeReport) -> list[ExSet]:
    """The file's sets of sources and of codes, with their members among what was read (a
    member left out, a picture say, is not in its set; the set itself is kept)."""
    documents = {d.guid: d.name for d in project.documents}
    sets: list[ExSet] = []
    partial: list[str] = []
    for node in root.findall("Sets/Set"):
        name = document_name(node.get("name") or "") or "(unnamed set)"
        description = node.find("Description")
        members = [r.get("targetGUID") or "" for r in node.findall("MemberSource")]
        code_members = [r.get("targetGUID") or "" for r in node.findall("MemberCode")]
        found = ExSet(
            guid=(node.get("guid") or "").strip()
            or derived_guid(derived_guid_namespace(), "set", name),
            name=name[:300],
            description=(description.text or "").strip() if description is not None else "",
            documents=tuple(dict.fromkeys(documents[g] for g in members if g in documents)),
            categories=tuple(
                dict.fromkeys(codes.by_guid[g] for g in code_members if g in codes.by_guid)
            ),
        )
        if len(found.documents) + len(found.categories) < len(members) + len(code_members):
            partial.append(printable(name))
        sets.append(found)
    if partial:
        report.warnings.append(
            f"{len(partial)} sets keep only the members that were read (the others were not "
            f"read): {', '.join(partial)}"
        )
    return sets


def _read_source(
    node: Any,
    text_node: Any,
    *,
    read: Reader,
    project: ExProject,
    report: ExchangeReport,
    users: dict[str, str],
    codes: _Codes,
    note_text: Callable[[Any], tuple[str, str]],
    attributes: dict[str, dict[str, str]],
    names: set[str],
    preferred: Counting,
    meta: dict[str, Any] | None,
    codings_meta: dict[str, Any],
) -> None:
    guid = (node.get("guid") or "").strip()
    selections = text_node.findall("PlainTextSelection")
    content = text_node.find("PlainTextContent")
    raw_bytes: bytes | None = None
    path = text_node.get("plainTextPath")
    # Messages name the source as its document will be named (by its name, else its text
    # file's), not by a GUID the user has never seen.
    named = document_name(node.get("name") or "") or Path(path or guid).stem or guid
    label = printable(named or "a source")
    lost = _lost(len(selections))
    if content is not None and content.text:
        raw, had_bom = content.text, False
    else:
        member = _internal(path or "")
        if path and member is None:
            report.left_out.append(
                f"{label}: its text lies outside the project file ({printable(path)}), not read"
                + lost
            )
            return
        raw_bytes = read(member) if member else None
        if raw_bytes is None:
            report.left_out.append(
                f"{label}: its text file {printable(path or '(none named)')} is missing" + lost
            )
            return
        raw, had_bom = _decode(raw_bytes)
    if meta is not None:  # qualcode's own file: code points, as it wrote them
        counting = Counting(CODE_POINTS)
    else:
        hints = [
            (_int(s.get("startPosition")), _int(s.get("endPosition")), s.get("name") or "")
            for s in selections[:200]
        ]
        counting = choose_counting(raw, hints, had_bom=had_bom, preferred=preferred)
    counted = CountedText(raw, counting, had_bom=had_bom)
    rich = _internal(text_node.get("richTextPath") or "")
    if not raw.strip() and rich and rich.lower().endswith(".docx"):
        # NVivo writes some plain-text files empty and keeps the words in the .docx beside them.
        _rich_source(node, rich, read, label, selections, project, report, attributes, names)
        return
    try:
        transcript, placer = _transcript(counted.text, meta, label)
    except QualcodeError as exc:
        report.left_out.append(f"{label}: {exc.message}{lost}")
        return
    name = _unique(named, names)
    label = printable(name)
    memo, memo_guid = note_text(node)
    own = node.find("Description")
    if own is not None and own.text and own.text.strip():  # the standard's memo of a source
        memo = "\n\n".join(x for x in (own.text.strip(), memo) if x)
    if memo:
        report.memos += 1
    if _tells(counting, raw):
        report.warnings.append(f"{label}: positions read as {counting.describe()}")
    document = ExDocument(
        name=name,
        guid=guid or derived_guid(derived_guid_namespace(), "source", name),
        text=transcript.text,
        turns=transcript.turns,
        source_name=str((meta or {}).get("source_name") or node.get("name") or path or ""),
        format=str((meta or {}).get("format") or "refi"),
        attributes=dict(attributes.get(guid, {})),
        memo=memo,
        memo_guid=memo_guid,
        imported_by=users.get(
            node.get("creatingUser") or "", str((meta or {}).get("imported_by") or "")
        ),
        imported_at=_when((meta or {}).get("imported_at")) or _when(node.get("creationDateTime")),
        sha256=str((meta or {}).get("sha256") or ""),
    )
    project.documents.append(document)
    adjusted = 0
    for selection in selections:
        start, end = _int(selection.get("startPosition")), _int(selection.get("endPosition"))

        def what(selection: Any = selection, start: int = start, end: int = end) -> str:
            shown = printable((selection.get("name") or "")[:60])
            return f"{label}: the selection {shown} ({start}-{end})"

        span = counted.span(start, end)
        if span is None:
            report.left_out.append(
                f"{what()} lies outside its source ({len(counted.text)} characters)"
            )
            continue
        placed = placer.place(*span)
        if placed is None:
            report.left_out.append(f"{what()} holds only a speaker label or blanks")
            continue
        text = transcript.text[placed[0] : placed[1]]
        if placer.moved and not same_words(counted.text[span[0] : span[1]], text):
            adjusted += 1
        memo, memo_guid = note_text(selection)
        description = selection.find("Description")
        if description is not None and description.text and description.text.strip():
            memo = "\n\n".join(x for x in (description.text.strip(), memo) if x)
        coding_nodes = selection.findall("Coding")
        if not coding_nodes:
            report.left_out.append(f"{what()} has no code")
            continue
        for coding in coding_nodes:
            ref = coding.find("CodeRef")
            target = ref.get("targetGUID") if ref is not None else None
            category = codes.by_guid.get(target or "")
            if category is None:
                report.left_out.append(f"{what()} refers to a code that is not in the codebook")
                continue
            coder_guid = coding.get("creatingUser") or selection.get("creatingUser") or ""
            extra = codings_meta.get(coding.get("guid") or "") or ["main", None, None]
            if memo:
                report.memos += 1
            project.codings.append(
                ExCoding(
                    guid=coding.get("guid") or "",
                    document=name,
                    category=category,
                    start=placed[0],
                    end=placed[1],
                    text=text,
                    coder=users.get(coder_guid, ""),
                    memo=memo,
                    memo_guid=memo_guid,
                    created=_when(coding.get("creationDateTime"))
                    or _when(selection.get("creationDateTime")),
                    updated=_when(extra[2]) if len(extra) > 2 else None,
                    coding_pass=str(extra[0] or "main"),
                    codebook_version=extra[1],
                    selection_guid=selection.get("guid") or "",
                )
            )
    if adjusted:
        report.warnings.append(
            f"{label}: {plurals.counted(adjusted, 'coding', thousands=True)} "
            "began or ended on a speaker label, "
            "time mark or line break that qualcode keeps apart from the words; "
            f"{'each holds' if adjusted != 1 else 'it holds'} the words coded"
        )


def _tells(counting: Counting, raw: str) -> bool:
    """Whether reading ``raw`` by ``counting`` gives other characters than plain code points
    would (UTF-16 units of a text without emoji do not, nor a CRLF rule without CRLF)."""
    if counting.unit == UTF16 and any(ord(c) > 0xFFFF for c in raw):
        return True
    if counting.unit not in (UTF16, CODE_POINTS) and not raw.isascii():
        return True
    return (counting.lf and "\r\n" in raw) or counting.bom


def _rich_source(
    node: Any,
    member: str,
    read: Reader,
    label: str,
    selections: list[Any],
    project: ExProject,
    report: ExchangeReport,
    attributes: dict[str, dict[str, str]],
    names: set[str],
) -> None:
    """A source whose plain text is empty, read from its Word file instead (its selections,
    which count characters of the empty plain text, cannot be placed and are listed)."""
    from qualcode.importers.docx import DocxImporter

    data = read(member)
    if data is None:
        report.left_out.append(f"{label}: its text is empty and its Word file is missing")
        return
    try:
        parsed = DocxImporter().parse(data, source=label)
    except QualcodeError as exc:
        report.left_out.append(f"{label}: {exc.message}")
        return
    guid = (node.get("guid") or "").strip()
    name = _unique(document_name(node.get("name") or "") or Path(member).stem, names)
    project.documents.append(
        ExDocument(
            name=name,
            guid=guid or derived_guid(derived_guid_namespace(), "source", name),
            text=parsed.text,
            turns=parsed.turns,
            source_name=node.get("name") or member,
            format="docx",
            attributes=dict(attributes.get(guid, {})),
        )
    )
    report.warnings.append(f"{label}: its plain text is empty; read from its Word file")
    if selections:
        report.left_out.append(
            f"{label}: {plurals.counted(len(selections), 'coding', thousands=True)} "
            f"{'point' if len(selections) != 1 else 'points'} into the empty plain text and "
            f"{'were' if len(selections) != 1 else 'was'} left out"
        )


def _lost(selections: int) -> str:
    """The end of a message about a source left out: the codings that went with it."""
    if not selections:
        return ""
    return f"; {plurals.counted(selections, 'coding', thousands=True)} left out"


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _unique(name: str, names: set[str]) -> str:
    base, n = name[:290], 2
    while name.casefold() in names:
        name = f"{base} ({n})"
        n += 1
    names.add(name.casefold())
    return name


def _transcript(
    text: str, meta: dict[str, Any] | None, label: str
) -> tuple[ParsedTranscript, Placer]:
    """qualcode's transcript of a source's text, and how the text's characters map onto it.

    qualcode's own export is rebuilt exactly from its recorded turns; any other text becomes
    turns as the text importer makes them (speaker labels recognised).
    """
    if meta and isinstance(meta.get("turns"), list):
        rebuilt = _rebuild(text, meta["turns"])
        if rebuilt is not None:
            return rebuilt
    from qualcode.importers.text import transcript_from_text

    parsed = transcript_from_text(normalise(text), fmt="refi", source=label, first_line=None)
    return parsed, Placer(text, parsed)


def _rebuild(text: str, spec: list[Any]) -> tuple[ParsedTranscript, Placer] | None:
    lines = text.split("\n")
    if len(lines) != len(spec):
        return None
    turns, pieces, blocks = [], [], []
    offset = line_start = 0
    for position, (line, item) in enumerate(zip(lines, spec, strict=True), start=1):
        speaker, start, end = (list(item) + [None, None, None])[:3]
        prefix = f"{speaker}: " if speaker else ""
        if not line.startswith(prefix):
            return None
        body = line[len(prefix) :]
        turns.append(Turn(position, speaker, offset, offset + len(body), start, end))
        pieces.append(body)
        if body:
            blocks.append((line_start + len(prefix), offset, len(body)))
        offset += len(body) + 1
        line_start += len(line) + 1
    joined = "\n".join(pieces)
    parsed = ParsedTranscript(text=joined, turns=tuple(turns), format="refi")
    return parsed, Placer.exact(joined, blocks)
