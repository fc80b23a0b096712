"""CAD sheets: DXF read with ezdxf, DWG converted to DXF, geometry compiled once and cached."""
from viewers.core.cad.document import CadDocument, open_cad_document
from viewers.core.cad.snapping import SnapMode, SnapResult, snap

__all__ = ["CadDocument", "SnapMode", "SnapResult", "open_cad_document", "snap"]
