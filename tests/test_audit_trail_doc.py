"""The check script in docs/audit-trail.md works, without qualcode, on a real project file."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from qualcode.services.project import init_project
from tests.helpers import CODEBOOK, ROOT, SAMPLE_FILES

DOC = (ROOT / "docs" / "audit-trail.md").read_text(encoding="utf-8")


def _script(tmp_path: Path) -> Path:
    found = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)
    assert len(found) == 1
    assert len(found[0].splitlines()) <= 12  # a reviewer reads it in one glance
    script = tmp_path / "check.py"
    script.write_text(found[0], encoding="utf-8")
    return script


def test_the_documented_script_agrees_with_log_verify(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    project = init_project(str(path), "jürgen", CODEBOOK)
    project.documents.import_files(SAMPLE_FILES[:1])
    coding = project.coding.code("B01", "K2.1", turns=(3, 3))
    project.coding.set_memo(coding.id, "„Zitat“ – 0.1 + 0.2")
    head = project.audit.verify().head
    project.close()
    script = _script(tmp_path)
    run = [sys.executable, "-I", str(script), str(path)]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"intact; head {head}"
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER audit_events_no_update")
    raw.execute("UPDATE audit_events SET reason = 'x' WHERE seq = 7")
    raw.commit()
    raw.close()
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "broken at no. 7" in result.stderr
