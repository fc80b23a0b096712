"""ezdxf paths (glyph outlines, curves) as Qt path arrays: quadratic curves become cubic ones,
and paths converted together come out as they would one at a time."""
from __future__ import annotations

import numpy as np
from ezdxf.npshapes import NumpyPath2d
from ezdxf.path import Path as EzdxfPath

from viewers.core.cad.compiled import CURVE, CURVE_DATA, LINE, MOVE
from viewers.core.cad.compiler import path_elements, paths_elements


def numpy_path(build) -> NumpyPath2d:
    path = EzdxfPath((0, 0))
    build(path)
    return NumpyPath2d(path)


def test_a_quadratic_curve_becomes_the_cubic_with_the_same_shape():
    xy, elements = path_elements(numpy_path(lambda p: p.curve3_to((3, 0), (0, 3))))
    assert elements.tolist() == [MOVE, CURVE, CURVE_DATA, CURVE_DATA]
    # The cubic's controls lie two thirds of the way from each end to the quadratic's.
    assert np.allclose(xy, [(0, 0), (0, 2), (1, 2), (3, 0)])


def test_lines_and_cubic_curves_keep_their_vertices():
    xy, elements = path_elements(numpy_path(lambda p: (
        p.line_to((1, 0)), p.curve4_to((2, 1), (1, 0.5), (1.5, 1)), p.move_to((5, 5)),
        p.line_to((6, 5)))))
    assert elements.tolist() == [MOVE, LINE, CURVE, CURVE_DATA, CURVE_DATA, MOVE, LINE]
    assert np.allclose(xy, [(0, 0), (1, 0), (1, 0.5), (1.5, 1), (2, 1), (5, 5), (6, 5)])


def test_paths_converted_together_come_out_as_one_at_a_time():
    paths = [
        numpy_path(lambda p: (p.line_to((1, 0)), p.line_to((1, 1)))),
        NumpyPath2d(None),                                       # empty: nothing to draw
        numpy_path(lambda p: (p.curve3_to((4, 0), (2, 2)), p.line_to((0, 0)))),
        numpy_path(lambda p: (p.curve4_to((3, 3), (1, 0), (2, 3)), p.move_to((9, 9)),
                              p.curve3_to((9, 7), (8, 8)))),
        numpy_path(lambda p: None),                              # a lone start point
    ]
    together = paths_elements(paths)
    assert len(together) == len(paths)
    for path, (xy, elements) in zip(paths, together):
        alone_xy, alone_elements = path_elements(path)
        assert np.array_equal(xy, alone_xy)
        assert np.array_equal(elements, alone_elements)
        assert len(xy) == len(elements)
    assert [len(xy) for xy, _ in together] == [3, 0, 5, 8, 1]
