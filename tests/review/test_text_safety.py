from review.text_safety import (csv_cell, display_name, neutralize, safe_file_name,
                                shorten_middle, single_line)


def test_bidi_overrides_and_format_characters_are_dropped():
    assert neutralize("invoice\u202egpj.exe") == "invoicegpj.exe"
    assert neutralize("a\u2066b\u2069c\u200bd") == "abcd"
    assert neutralize("مخطط\u200fA-101") == "مخططA-101"


def test_control_characters_become_visible_substitutes():
    assert neutralize("x\x1b[31mred") == "x\ufffd[31mred"
    assert neutralize("line one\nline two\tend") == "line one\nline two\tend"
    assert single_line("line one\nline\ttwo") == "line one line two"


def test_private_use_glyphs_of_cad_fonts_are_kept():
    assert neutralize("\ue000") == "\ue000"


def test_shorten_middle_keeps_both_ends():
    name = "a" * 100 + ".pdf"
    short = shorten_middle(name, 40)
    assert len(short) == 40 and short.startswith("aaa") and short.endswith(".pdf")
    assert "\u2026" in short
    assert shorten_middle("short.pdf", 40) == "short.pdf"
    assert len(display_name("x\u202e" * 5 + "y" * 300)) == 60


def test_safe_file_name():
    assert safe_file_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_file_name("A-101\u202efdp.exe") == "A-101fdp.exe"
    assert safe_file_name("  ...  ") == "file"
    assert safe_file_name("con:1*?") == "con_1__"
    long = safe_file_name("x" * 300 + ".pdf", limit=50)
    assert len(long) == 50 and long.endswith(".pdf")


def test_csv_cells_that_start_a_formula_stay_text():
    assert csv_cell('=HYPERLINK("http://x","y")') == "'=HYPERLINK(\"http://x\",\"y\")"
    for start in "+-@":
        assert csv_cell(start + "1") == "'" + start + "1"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell("A-101") == "A-101"
    assert csv_cell(3.5) == 3.5
    assert csv_cell("ok\u202e") == "ok"
