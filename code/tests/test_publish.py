"""What the notebooks publish for the pages: numbers, figures and the language."""
import json

import numpy as np
import pytest
import torch
from matplotlib import pyplot as plt

from dlbook import plotting, publish, stats, text


def test_numbers_are_formatted_and_scientific_notation_becomes_math():
    assert publish.format_number(0.7345, ".1%") == "73.5%"
    assert publish.format_number(3.2e-15, ".1e") == r"\(3.2 \times 10^{-15}\)"
    assert publish.format_number(0.0, ".1e") == "0"
    assert [publish.format_number(x, ".1e") for x in (0.8312, 0.0321, 4.66, -0.057, 0.0099, 12.0)] == [
        "0.83", "0.032", "4.7", "-0.057", r"\(9.9 \times 10^{-3}\)", r"\(1.2 \times 10^{1}\)"]
    assert publish.format_number(-1e-9, ".2f") == "0.00" and publish.format_number(-0.004, ".1%") == "-0.4%"
    with pytest.raises(ValueError):
        publish.format_number(float("nan"), ".2f")


def test_persian_digits():
    assert text.persian_number("73.5%") == "۷۳٫۵٪"
    assert text.persian_number("2,000") == "۲٬۰۰۰"
    assert text.localise_number("12.5", "en") == "12.5"


def test_a_count_under_ten_is_spelled_and_a_larger_one_grouped_by_thousands():
    assert [text.count(n, "fa") for n in (0, 8, 9, 10, 1420)] == ["صفر", "هشت", "نُه", "۱۰", "۱٬۴۲۰"]
    assert [text.count(n, "en") for n in (8, 12, 2000)] == ["eight", "12", "2,000"]


def test_language_comes_from_the_build(monkeypatch):
    monkeypatch.setenv("BOOK_LANG", "fa")
    assert text.tr(fa="سلام", en="hello") == "سلام"
    monkeypatch.setenv("BOOK_LANG", "de")
    with pytest.raises(ValueError):
        text.language()


def test_values_and_figures_are_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_OUTPUT", str(tmp_path))
    publish.value("share", 0.25, ".0%")
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    publish.figure(fig, "line", caption="A line.", alt="A falling line.")
    assert json.loads((tmp_path / "values.json").read_text()) == {"share": "25%"}
    assert json.loads((tmp_path / "figures.json").read_text())["line"]["alt"] == "A falling line."
    assert (tmp_path / "figures" / "line.svg").read_text().startswith("<?xml")
    with pytest.raises(ValueError, match="twice"):
        publish.value("share", 0.5, ".0%")


def test_texts_and_claims_are_recorded_and_printed(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOK_OUTPUT", str(tmp_path))
    publish.text("verdict", "جلوتر از ReLU (p = 0.003)")
    publish.claim("relu_ahead", np.float64(0.003) < 0.05, "p = 0.003")  # a NumPy bool is saved as a bool
    publish.claim("sigmoid_at_chance", False, "accuracy 31.0% (chance 10%)")
    assert json.loads((tmp_path / "texts.json").read_text()) == {"verdict": "جلوتر از ReLU (p = 0.003)"}
    assert json.loads((tmp_path / "claims.json").read_text()) == {
        "relu_ahead": {"held": True, "measured": "p = 0.003"},
        "sigmoid_at_chance": {"held": False, "measured": "accuracy 31.0% (chance 10%)"}}
    printed = capsys.readouterr().out
    assert "claim relu_ahead: held — p = 0.003" in printed
    assert "claim sigmoid_at_chance: did NOT hold — accuracy 31.0% (chance 10%)" in printed
    with pytest.raises(ValueError, match="twice"):
        publish.text("verdict", "again")


def test_a_figure_needs_caption_and_alt(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_OUTPUT", str(tmp_path))
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="caption"):
        publish.figure(fig, "bare", caption="", alt="")


def test_without_the_build_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("BOOK_OUTPUT", raising=False)
    monkeypatch.chdir(tmp_path)
    publish.value("x", 1.0, ".1f")
    assert list(tmp_path.iterdir()) == []


def test_a_table_is_saved_as_measured_and_shown_in_the_editions_digits(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(publish, "display", lambda markdown: shown.append(markdown.data))
    monkeypatch.setenv("BOOK_OUTPUT", str(tmp_path))
    monkeypatch.setenv("BOOK_LANG", "fa")
    publish.table("accuracy", ["تابع", "دقت"], [["ReLU", (96.61, 0.72)], ["tanh", 1e-9]], [None, ".1f"])
    saved = json.loads((tmp_path / "tables.json").read_text())["accuracy"]
    assert saved["rows"] == [["ReLU", "96.6 ± 0.7"], ["tanh", "0.0"]]
    assert "| ReLU | ۹۶٫۶ ± ۰٫۷ |" in shown[0] and "| tanh | ۰٫۰ |" in shown[0]



def test_a_verdict_table_signs_the_difference_and_writes_p_values_with_their_floor(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(publish, "display", lambda markdown: shown.append(markdown.data))
    monkeypatch.setenv("BOOK_OUTPUT", str(tmp_path))
    monkeypatch.setenv("BOOK_LANG", "fa")
    base = torch.linspace(0.4, 0.6, 16)
    compared = stats.compare({"a": base + 0.03 + 0.01 * torch.sin(torch.arange(16.0)), "b": base},
                             [("a", "b"), ("b", "a")])
    publish.table("verdicts", *stats.verdict_table(compared, {"a": "ReLU", "b": "tanh"}, "fa"))
    saved = json.loads((tmp_path / "tables.json").read_text())["verdicts"]
    mean, half = stats.paired_difference(compared[0])
    assert saved["rows"][0][1] == f"{mean:+.1f} ± {half:.1f}" and saved["rows"][1][1] == f"{-mean:+.1f} ± {half:.1f}"
    assert saved["rows"][0][2:4] == ["< 0.001", "< 0.001"]  # 16 seeds all ahead: the sign-flip floor is 2/2^16
    assert saved["numeric"] == [False, True, True, True, False]
    assert "< ۰٫۰۰۱" in shown[0] and text.persian_number(f"{mean:+.1f} ± {half:.1f}") in shown[0]
    assert publish._cell(0.0123, "p") == "0.012" and publish._cell((-1.25, 0.5), "+.2f") == "-1.25 ± 0.50"

def test_persian_figures_label_linear_and_log_ticks_in_persian_digits(monkeypatch):
    monkeypatch.setenv("BOOK_LANG", "fa")
    fig, ax = plt.subplots()
    ax.semilogy([0, 50], [1e-15, 10])
    plotting.localise_axes(fig)
    fig.canvas.draw()
    labels = [label.get_text() for axis in (ax.xaxis, ax.yaxis) for label in axis.get_ticklabels()]
    assert "۵۰" in labels and r"$\mathdefault{۱۰^{-۱۵}}$" in labels
    assert not any(character.isascii() and character.isdigit() for label in labels for character in label)
    plt.close(fig)


def test_the_persian_notebook_shows_values_texts_and_claims_in_persian_with_its_math_untouched(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(publish, "show", lambda markdown, plain: shown.append(markdown))
    monkeypatch.setenv("BOOK_OUTPUT", str(tmp_path))
    monkeypatch.setenv("BOOK_LANG", "fa")
    publish.value("share", 0.125, ".1%")
    publish.text("verdict", r"تفاوت معنادار نیست (اختلاف \(+3.0 \pm 1.2\) واحد درصد، 12 اجرا)")
    publish.claim("held_here", True, r"اختلاف \(p = 0.04\)؛ 12.5 در (10, 20)?")
    publish.claim("checked", False, "max |J - J*| = 1.2e-06 < 1e-4?")
    assert shown == ["`share` = ۱۲٫۵٪",
                     r"`verdict`: تفاوت معنادار نیست (اختلاف \(+3.0 \pm 1.2\) واحد درصد، ۱۲ اجرا)",
                     r"ادعای `held_here`: برقرار است — اختلاف \(p = 0.04\)؛ ۱۲٫۵ در (۱۰، ۲۰)؟",
                     "ادعای `checked`: برقرار نیست — `max |J - J*| = 1.2e-06 < 1e-4?`"]
