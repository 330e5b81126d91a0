"""The README's picture of a referral pack, rendered from a demo pupil: `make readme-images`.

    .venv/bin/python tools/readme_images.py [--out docs/referral-pack.png]

Builds the demo school (the same seed and size as `make demo`, at a fixed "now" so the
picture is the same on every machine) in a scratch directory, with a synthetic
`[school]` section in its config; the demo DSL records a referral for the pupil the log
is most worried about, saves the pack, and its first page is drawn to a PNG with
pypdfium2 (a test dependency). Everything it makes is synthetic; the scratch directory
is removed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOW = "2026-11-23T10:00:00+00:00"  # a Monday in the autumn term
CONFIG = """\
[school]
address = "{school}, 1 Mill Lane, Northshire NS1 2AB"
urn = "123456"
phone = "01632 960000"
dsl_phone = "01632 960001"
dsl_email = "dsl@school.example.sch.uk"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "referral-pack.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["SCHOOL_LOG_NOW"] = NOW
        os.environ["SCHOOL_LOG_CONFIG"] = str(Path(scratch) / "config.toml")
        page = _first_page(Path(scratch))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.save(args.out, optimize=True)
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def _first_page(scratch: Path):  # type: ignore[no-untyped-def]  # a PIL image
    import pypdfium2 as pdfium

    from school_log.demo import DEMO_SEED, DEMO_SIZE
    from school_log.outward.exports import export, school_year_start
    from school_log.school import School
    from school_log.synthetic.build import build_school

    url = f"sqlite:///{scratch / 'demo.db'}"
    size = DEMO_SIZE
    built = build_school(
        url, pupils=size.pupils, staff=size.staff, years=size.years, entries=size.entries, seed=DEMO_SEED
    )
    (scratch / "config.toml").write_text(CONFIG.format(school=built.name), encoding="utf-8")
    dsl = School.unlock(url, built.dsl.username, built.dsl.passphrase)
    worried = dsl.review.items()[0].pupil
    dsl.log.decide(
        worried.upn,
        {
            "outcome": "refer-social-care",
            "level": 4,
            "rationale": "Repeated injuries without an account that fits, with a police notification; "
            "the pattern the log shows has not eased with monitoring.",
            "agency": "Northshire MASH",
            "why_now": "A new injury this morning with no explanation, after a police call to the home",
            "immediate_risk": "Not known to be safe tonight: please advise before 15:15 pick-up",
            "parents_informed": False,
            "parents_not_informed_why": "Telling them first could put the child at risk",
            "consent": "not-sought",
            "discussed_with": ["School nurse", "Headteacher"],
        },
    )
    pack = scratch / "pack.pdf"
    export(dsl, "referral", worried.upn, pack, since=school_year_start(dsl.clock.today()))
    pdf = pdfium.PdfDocument(str(pack))
    return pdf[0].render(scale=1.6).to_pil().convert("L")


if __name__ == "__main__":
    raise SystemExit(main())
