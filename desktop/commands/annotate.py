"""`planreview annotate SOURCE --markups M.(json|xfdf) -o OUT.(pdf|xfdf|dxf|csv) [--letter]`.

Writes the markups for a consultant: a marked-up copy of the PDF (standard annotations) or of
the DXF (REVIEW-<DISCIPLINE> layers), an XFDF file, a CSV summary, or with --letter the
corrections letter as a PDF. The source file is never modified.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from desktop.commands.arguments import absolute_path
from desktop.commands.errors import UsageError

OUTPUTS = (".pdf", ".xfdf", ".dxf", ".csv")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "annotate", help="write markups as a marked-up PDF or DXF, XFDF, CSV or a letter")
    parser.add_argument("source", type=absolute_path, help="the consultant's PDF or DXF drawing")
    parser.add_argument("--markups", required=True, type=absolute_path, help="markups file: .json or .xfdf")
    parser.add_argument("-o", "--output", required=True, type=absolute_path,
                        help="file to write: .pdf, .xfdf, .dxf or .csv (.pdf with --letter)")
    parser.add_argument("--letter", action="store_true",
                        help="write the corrections letter (a PDF) instead of a marked-up copy")
    parser.add_argument("--reference", default="", help="application reference for the letter")
    parser.add_argument("--reviewer", default="", help="reviewer's name for the letter")
    parser.add_argument("--date", type=_date, default=None,
                        help="letter date as YYYY-MM-DD (default today)")
    parser.add_argument("--authority", default="", help="issuing authority printed on the letter")
    parser.add_argument("--password", help="password of an encrypted PDF source")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD, not {text!r}") from None


def run(args) -> int:
    from desktop.logsetup import data_dir
    from review.exchange.frames import check_placement
    from review.markups import load_disciplines
    from viewers.core.formats import sniff_kind

    source, out = Path(args.source), Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in OUTPUTS or (args.letter and suffix != ".pdf"):
        wanted = ".pdf" if args.letter else ", ".join(OUTPUTS)
        raise UsageError(f"the output must end in {wanted}, not {out.name!r}")
    if not source.is_file():
        raise FileNotFoundError(2, "No such file", str(source))
    kind = sniff_kind(source)
    if kind == "dwg":
        raise UsageError(f"{source.name} is a DWG drawing: open it in Plan Review or convert"
                         f" it to DXF, then annotate the DXF")
    if suffix == ".pdf" and kind != "pdf" and not args.letter:
        raise UsageError("a marked-up .pdf needs a PDF source; for a DXF source write .dxf")
    if suffix == ".dxf" and kind != "dxf":
        raise UsageError("a marked-up .dxf needs a DXF source; for a PDF source write .pdf")
    disciplines = load_disciplines(data_dir() / "disciplines.json")
    frames = _frames(source, kind, args.password)
    markups = _read_markups(Path(args.markups), frames, disciplines)
    check_placement(markups, frames, source_name=source.name)
    identities = _sheet_identities(source, kind, args.password, frames,
                                    {m.sheet for m in markups})
    warnings: tuple[str, ...] = ()
    if args.letter:
        _write_letter(args, source, kind, out, markups, identities, disciplines)
    elif suffix == ".pdf":
        from review.exchange.pdf_annotations import write_annotated_pdf

        warnings = write_annotated_pdf(source, markups, out, disciplines=disciplines,
                                       password=args.password).warnings
    elif suffix == ".dxf":
        from review.exchange.dxf_layers import write_review_dxf

        warnings = write_review_dxf(source, markups, out, disciplines=disciplines,
                                    language=args.lang or "en").warnings
    elif suffix == ".xfdf":
        from review.exchange.xfdf import export_xfdf

        out.write_text(export_xfdf(markups, frames, pdf_name=source.name,
                                   disciplines=disciplines), encoding="utf-8")
    else:
        from review.exchange.csv_summary import csv_summary

        out.write_text(csv_summary(markups, disciplines, language=args.lang or "en",
                                   sheets={i: (identity.number, identity.title)
                                           for i, identity in identities.items()}),
                       encoding="utf-8", newline="")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {out} ({len(markups)} markup(s))")
    return 0


def _frames(source: Path, kind: str, password: str | None):
    """Sheet frames, in the viewer's sheet order."""
    from review.exchange.frames import dxf_frames, pdf_frames

    if kind == "pdf":
        import pymupdf

        with pymupdf.open(source) as doc:
            if doc.needs_pass and not doc.authenticate(password or ""):
                raise UsageError(f"{source.name} is encrypted: give its password with --password"
                                 if not password else f"the password does not open {source.name}")
            return pdf_frames(doc)
    import ezdxf

    try:
        doc = ezdxf.readfile(source)
    except ezdxf.DXFStructureError:
        from ezdxf import recover

        doc, _auditor = recover.readfile(source)
    return dxf_frames(doc)


def _sheet_identities(source: Path, kind: str, password: str | None, frames, sheets):
    """The number and title of each of `sheets`, as the viewer shows them: read from a PDF's
    title blocks (its decoded page label, its position else); a CAD layout's name."""
    from review.sheet_identity import SheetIdentity

    if kind != "pdf":
        return {frame.index: SheetIdentity(frame.name) for frame in frames}
    from viewers.core.pdf import PdfDocument

    document = PdfDocument.open(source, password=password)
    try:
        infos = [document.sheet(i) for i in sorted(sheets) if 0 <= i < document.sheet_count()]
    finally:
        document.close()
    return {info.index: SheetIdentity(info.number, info.title) for info in infos}


def _read_markups(path: Path, frames, disciplines):
    if not path.is_file():
        raise FileNotFoundError(2, "No such file", str(path))
    suffix = path.suffix.lower()
    if suffix == ".json":
        from review.exchange.markups_json import loads

        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path.name} is not UTF-8 text: {exc}") from None
        return loads(text, source=path.name, disciplines=disciplines)
    if suffix == ".xfdf":
        from review.exchange.xfdf import read_xfdf_file

        imported = read_xfdf_file(path, frames, disciplines=disciplines)
        for warning in imported.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        return list(imported.markups)
    raise UsageError(f"--markups must be a .json or .xfdf file, not {path.name!r}")


def _write_letter(args, source, kind, out, markups, identities, disciplines) -> None:
    from review.letter import LetterDetails, NoPreview, letter_from_pdf, write_letter

    details = LetterDetails(reference=args.reference, reviewer=args.reviewer,
                            date=args.date or date.today(), authority=args.authority)
    language = args.lang or "en"
    if kind == "pdf":
        letter_from_pdf(source, out, markups, details, language=language,
                        password=args.password, sheets=identities, disciplines=disciplines)
    else:
        # DXF thumbnails need the desktop's CAD renderer; the command line says so per item.
        write_letter(out, markups, details, language=language, sheets=identities,
                     disciplines=disciplines, thumbnail=lambda item: NoPreview.NOT_A_PDF)
