"""Matplotlib set up for both editions: Vazirmatn for Persian, Persian digits on the fa edition's axes.

Persian text is shaped by libraqm only outside mathtext: never put Persian and `$...$` in one string.
"""
from pathlib import Path

from matplotlib import font_manager, pyplot as plt
from matplotlib.ticker import LogFormatterSciNotation, ScalarFormatter

from dlbook.text import language, persian_number

ROOT = Path(__file__).resolve().parents[2]
VAZIRMATN = ROOT / "node_modules" / "vazirmatn" / "fonts" / "ttf"


def setup():
    """Register Vazirmatn and set a plain, print-friendly style that is reproducible byte for byte."""
    fonts = sorted(VAZIRMATN.glob("Vazirmatn-*.ttf"))
    if not fonts:
        raise FileNotFoundError(f"Vazirmatn not found in {VAZIRMATN}: run `npm ci` (make does it)")
    for font in fonts:
        font_manager.fontManager.addfont(str(font))
    plt.rcParams.update({
        "font.family": ["Vazirmatn", "DejaVu Sans"],  # DejaVu supplies the symbols Vazirmatn lacks
        "mathtext.fontset": "dejavusans",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.dpi": 100,
        "savefig.bbox": "tight",
        "savefig.dpi": 150,         # for the rasterised parts of a figure
        "svg.hashsalt": "dlbook",  # stable ids: two builds give the same SVG
        "svg.fonttype": "path",     # text as outlines: the SVG needs no font to show
    })
    _show_svg_in_notebooks()


def _show_svg_in_notebooks():
    from IPython import get_ipython
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("svg")


class _PersianDigits:
    """Mixed into a Matplotlib formatter: the same tick labels, in Persian digits."""

    def __call__(self, x, pos=None):
        return persian_number(super().__call__(x, pos))


class PersianScalarFormatter(_PersianDigits, ScalarFormatter):
    pass


class PersianLogFormatter(_PersianDigits, LogFormatterSciNotation):  # 10^-3 as ۱۰^-۳
    pass


PERSIAN = {ScalarFormatter: PersianScalarFormatter, LogFormatterSciNotation: PersianLogFormatter}


def localise_axes(fig):
    """On the fa edition, write every tick label of the figure, linear or logarithmic, in Persian digits."""
    if language() != "fa":
        return
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if type(formatter) in PERSIAN:
                    formatter.__class__ = PERSIAN[type(formatter)]  # keeps the formatter's settings
                if isinstance(formatter, ScalarFormatter):
                    formatter.set_useOffset(False)
