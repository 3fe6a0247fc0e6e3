"""How a report typeset as a Word draft compares with its PDF: judgements, findings kept, comments anchored.

For each PDF: ``judgecheck extract`` to Markdown, pandoc to DOCX, then both checked;
judgements are compared as (area, grade) sets, findings as (rule, excerpt) multisets
with the running-header rule JC601 aside (a typeset draft has no running header), and
``--annotate`` on the draft counts the findings with a sentence whose comment is
anchored on it. Usage: ``python docs/docx_figures.py WORKDIR report.pdf ...``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fixtures"))
from docx_drafts import JUDGECHECK, pandoc_draft  # noqa: E402

from judgecheck.output.annotate import key_of  # noqa: E402
from judgecheck.output.annotate_docx import annotate_docx  # noqa: E402
from judgecheck.model import Finding  # noqa: E402


def keys(document: dict) -> Counter[tuple[str, str]]:
    return Counter((f["rule"], key_of(f["excerpt"])[0][:60]) for f in document["findings"] if f["rule"] != "JC601")


def main(work: Path, pdfs: list[Path]) -> None:
    work.mkdir(parents=True, exist_ok=True)
    drafts = [d if d.exists() else pandoc_draft(pdf, d) for pdf, d in ((p, work / f"{p.stem}.docx") for p in pdfs)]
    out = subprocess.run([str(JUDGECHECK), "--format", "json", "--exit-zero", *map(str, pdfs), *map(str, drafts)],
                         capture_output=True, text=True, check=True)
    data = {Path(d["path"]).name: d for d in json.loads(out.stdout)["documents"]}
    same = kept = total = anchored = sentences = 0
    for pdf, draft in zip(pdfs, drafts):
        a, b = data[pdf.name], data[draft.name]
        equal = {(j["area"], j["grade"]) for j in a["judgements"]} == {(j["area"], j["grade"]) for j in b["judgements"]}
        k, n = sum((keys(a) & keys(b)).values()), sum(keys(a).values())
        findings = [Finding(**{f: x[f] for f in ("rule", "name", "severity", "message", "page", "line", "section", "paragraph", "excerpt")})
                    for x in b["findings"]]
        done = annotate_docx(draft, findings, work / f"{pdf.stem}.annotated.docx")
        placed = [c for c in done.placements if c.finding.excerpt]
        same, kept, total = same + equal, kept + k, total + n
        anchored, sentences = anchored + sum(c.anchored for c in placed), sentences + len(placed)
        print(f"{pdf.stem}: judgements {'equal' if equal else 'DIFFER'}; findings kept {k}/{n}; "
              f"anchored {sum(c.anchored for c in placed)}/{len(placed)}")
    print(f"judgements equal on {same} of {len(pdfs)} reports; findings kept {kept}/{total} = {kept / max(total, 1):.1%} "
          f"(JC601 aside); comments anchored {anchored}/{sentences} = {anchored / max(sentences, 1):.1%}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
