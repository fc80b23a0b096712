"""DWG files: which version a file is, and converting it to DXF.

Converters, best first: the ODA File Converter (through ezdxf's odafc add-on) when the user
has installed it; `ezdwg` (from PyPI, always present) for DWG R13 to 2018. Conversion runs in
the compile worker process, which the parent kills on a timeout, so a DWG that crashes or
hangs a converter never takes the application with it.
"""
from __future__ import annotations

import re
from pathlib import Path

from viewers.core.errors import ErrorCode, UnreadableFileError
from viewers.core.sheets import LoadWarning, WarningCode

# The version string at the start of a DWG file -> the release name people know.
DWG_RELEASES = {
    "MC0.0": "R1.0", "AC1.2": "R1.2", "AC1.40": "R1.4", "AC1.50": "R2.0", "AC2.10": "R2.10",
    "AC1001": "R2.2", "AC1002": "R2.5", "AC1003": "R2.6", "AC1004": "R9", "AC1006": "R10",
    "AC1009": "R11/R12", "AC1012": "R13", "AC1014": "R14", "AC1015": "2000",
    "AC1018": "2004", "AC1021": "2007", "AC1024": "2010", "AC1027": "2013", "AC1032": "2018",
}
EZDWG_READS = ("AC1012", "AC1014", "AC1015", "AC1018", "AC1021", "AC1024", "AC1027", "AC1032")
ODA_HINT = ("install the free ODA File Converter (opendesign.com) and open the file again,"
            " or ask the consultant for DWG 2000-2018 or DXF")


def dwg_version(path: Path) -> str:
    """The version code at the start of the file (e.g. "AC1018"); "" when it has none."""
    with path.open("rb") as f:
        head = f.read(6)
    code = head.decode("ascii", "replace").rstrip("\x00")
    for known in DWG_RELEASES:
        if code.startswith(known):
            return known
    return ""


def describe_version(code: str) -> str:
    release = DWG_RELEASES.get(code)
    return f"DWG {release} ({code})" if release else "DWG of an unknown version"


def oda_installed() -> bool:
    from ezdxf.addons import odafc

    return odafc.is_installed()


def check_convertible(path: Path, display_name: str) -> str:
    """The file's version code; raises UnreadableFileError naming the version and what would
    open it when no installed converter reads it."""
    code = dwg_version(path)
    if not code:
        raise UnreadableFileError(f"{display_name} is not a DWG drawing (it has no DWG version"
                                  " header); it may be damaged or another kind of file",
                                  ErrorCode.NOT_DWG, name=display_name)
    if code not in EZDWG_READS and not oda_installed():
        raise UnreadableFileError(
            f"{display_name} is a {describe_version(code)} drawing, which the built-in converter"
            f" does not read (it reads DWG R13 to 2018); {ODA_HINT}",
            ErrorCode.DWG_VERSION_UNREADABLE, name=display_name, version=describe_version(code))
    return code


def convert_to_dxf(path: Path, output: Path, display_name: str) -> list[str]:
    """Writes `output` (DXF) from the DWG at `path`; returns conversion warnings."""
    code = check_convertible(path, display_name)
    version = describe_version(code)
    if oda_installed():
        from ezdxf.addons import odafc

        try:
            odafc.convert(str(path), str(output), version="R2018", audit=True, replace=True)
        except (odafc.ODAFCError, OSError) as exc:
            raise UnreadableFileError(
                f"the ODA File Converter could not read {display_name} ({version}): {exc}",
                ErrorCode.ODA_FAILED, name=display_name, version=version, error=exc) from None
        return [LoadWarning(
            f"{display_name} ({version}) was converted to DXF by the ODA File Converter",
            WarningCode.CONVERTED_ODA, name=display_name, version=version)]
    import ezdwg

    try:
        result = ezdwg.to_dxf(str(path), str(output))
    except Exception as exc:  # the converter's own errors carry no common base class
        raise UnreadableFileError(
            f"{display_name} ({version}) could not be converted: {_short(exc)}; {ODA_HINT}",
            ErrorCode.DWG_CONVERSION_FAILED, name=display_name, version=version,
            error=_short(exc)) from None
    warnings = [LoadWarning(
        f"{display_name} ({version}) was converted to DXF by ezdwg; check details"
        " against the consultant's PDF where they matter", WarningCode.CONVERTED_EZDWG,
        name=display_name, version=version)]
    if result.skipped_entities:
        kinds = ", ".join(f"{count} {kind}" for kind, count in
                          sorted(result.skipped_by_type.items(), key=lambda kv: -kv[1]))
        warnings.append(LoadWarning(
            f"{result.skipped_entities} of {result.total_entities} DWG entities"
            f" could not be converted and are not shown ({kinds})", WarningCode.DWG_SKIPPED,
            skipped=result.skipped_entities, total=result.total_entities, kinds=kinds))
    return warnings


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    # ezdxf quotes the offending (binary) value in full: name the attribute, not the bytes
    text = re.sub(r"Invalid value .*? for attribute", "invalid value for attribute", text,
                  flags=re.DOTALL).splitlines()[0]
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return printable[:160]
