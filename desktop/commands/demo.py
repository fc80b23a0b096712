"""`planreview demo`: the application on a generated sample submission."""
from __future__ import annotations


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="the application on a sample submission")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the window offscreen (1920x1080) once the first sheet is "
                             "drawn, save it and exit")


def run(args) -> int:
    from desktop.app import run_window
    from desktop.logsetup import data_dir
    from review.samples import write_sample_plan_set

    sample = data_dir() / "demo" / "sample-permit-set-v2.pdf"
    if not sample.is_file():
        write_sample_plan_set(sample)
    return run_window([str(sample)], args.lang, args.screenshot)
