"""Markup exchange: markups JSON, PDF annotations, XFDF, DXF review layers, CSV summaries."""
