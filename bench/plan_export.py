"""Export the sample case's concept plan van aanpak to Word and Markdown and print the timings.

    .venv/bin/python bench/plan_export.py [--repeat 5] [--pdf]

The sample case gets a complete fictional plan first (``duiding.plan.demo.demo_plan``: goals, ten
adopted interventions, indicators, a status update). Each run clears the chart cache first, as the
first export of a new case version does, and times the full ``export_plan`` for docx and md, then the
steps one by one: network analysis, assembling the plan, rendering the three charts (vl-convert),
building the .docx (python-docx) and the Markdown. Target: a full export (docx + md) <= 3 s. With
``--pdf`` the .docx is also converted with LibreOffice headless (not part of the target).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from duiding.analysis import analyse  # noqa: E402
from duiding.plan.assemble import assemble_plan  # noqa: E402
from duiding.plan.demo import demo_plan  # noqa: E402
from duiding.plan.figures import clear_png_cache  # noqa: E402
from duiding.plan.report import export_plan, render_figures, to_docx, to_markdown  # noqa: E402
from duiding.sample import load_sample_case  # noqa: E402

TARGET_S = 3.0


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also convert the .docx to PDF with LibreOffice")
    args = parser.parse_args()

    today = date(2026, 11, 30)
    case = demo_plan(load_sample_case(), today)
    print(
        f"Sample plan: {len(case.members)} members, {len(case.incidents)} incidents, "
        f"{len(case.plan.measures)} measures, {len(case.plan.indicators)} indicators"
    )

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for run in range(args.repeat + 1):
            clear_png_cache()  # every run renders its charts, as the first export of a new version does
            cpu_start = time.process_time()
            _, t_full_docx = _timed(export_plan, case, "docx", out / "plan.docx", today=today)
            _, t_full_md = _timed(export_plan, case, "md", out / "plan.md", today=today)
            cpu = time.process_time() - cpu_start
            clear_png_cache()  # the same steps once more, one by one
            analysis, t_analysis = _timed(analyse, case)
            doc, t_assemble = _timed(assemble_plan, case, analysis, today=today)
            images, t_figures = _timed(render_figures, doc)
            data, t_docx = _timed(to_docx, doc, images)
            md, t_md = _timed(to_markdown, doc, images)
            rows.append(
                (t_assemble, t_figures, t_docx, t_md, t_full_docx, t_full_md, len(data), len(md), cpu)
            )
            label = "cold" if run == 0 else f"run {run}"
            print(
                f"{label:>6}: analysis {t_analysis * 1000:5.0f} ms · assemble {t_assemble * 1000:4.0f} ms · charts {t_figures * 1000:6.0f} ms · "
                f"docx {t_docx * 1000:5.0f} ms · md {t_md * 1000:4.0f} ms · "
                f"export_plan docx {t_full_docx:.2f} s + md {t_full_md:.2f} s (cpu {cpu:.2f} s)"
            )
        _, t_again = _timed(export_plan, case, "docx", out / "again.docx", today=today)
        print(f"Same version exported again (charts cached): docx {t_again:.2f} s")
        warm = rows[1:] or rows
        full = [r[4] + r[5] for r in warm]
        print(
            f"\nFull export (docx + md), warm median: {statistics.median(full):.2f} s wall, "
            f"{statistics.median(r[8] for r in warm):.2f} s cpu; cold: {rows[0][4] + rows[0][5]:.2f} s wall "
            f"(target <= {TARGET_S:.0f} s; load average now {os.getloadavg()[0]:.1f})"
        )
        print(f"Sizes: docx {rows[-1][6] / 1024:.0f} KiB, md {rows[-1][7] / 1024:.0f} KiB (images embedded)")
        if args.pdf:
            soffice = shutil.which("soffice") or shutil.which("libreoffice")
            if soffice is None:
                print("LibreOffice not installed: PDF conversion skipped")
            else:
                _, t_pdf = _timed(
                    subprocess.run,
                    [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(out / "plan.docx")],
                    check=True,
                    capture_output=True,
                )
                print(f"LibreOffice docx -> pdf: {t_pdf:.2f} s")
        ok = statistics.median(full) <= TARGET_S  # cold includes starting vl-convert's JS runtime
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
