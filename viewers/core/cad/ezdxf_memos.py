"""Answers ezdxf works out anew on every call, remembered for the life of the process.

Both are pure lookups, and both are asked hundreds of times per drawing:
- the font file for a font face: ezdxf matches the face against every installed font for
  each MTEXT (0.2 ms a time); the fonts installed do not change while the program runs;
- the matcher for an entity query string: ezdxf parses the string with pyparsing on each
  query, and its auditor queries every block for its inserts (0.2 ms a block).
Importing this module installs them.
"""
from __future__ import annotations

import functools

from ezdxf import query
from ezdxf.fonts import fonts

fonts.font_manager.find_font_name = functools.lru_cache(maxsize=1024)(
    fonts.font_manager.find_font_name)
query.entity_matcher = functools.lru_cache(maxsize=256)(query.entity_matcher)
