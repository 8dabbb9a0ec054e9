"""The build logic: notebook execution and its cache, loud failures, placeholders, citations and the lint."""
import base64
import json
import logging
import re
import struct
import time
from types import SimpleNamespace

import nbformat
import pytest
from mkdocs.exceptions import PluginError

from bookbuild import bidi, citations, execute, hooks, lint, markup, notebook_page, tables

GOOD = """# %% [markdown] tags=["fa"]
# # عنوان

# %% [markdown] tags=["en"]
# # Title

# %%
from dlbook import publish
publish.value("answer", 42, "d")
"""


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Notebooks, library and cache in a temporary folder."""
    for name in ("notebooks", "lib", "cache"):
        (tmp_path / name).mkdir()
    (tmp_path / "lib" / "module.py").write_text("X = 1\n")
    monkeypatch.setattr(execute, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(execute, "LIBRARY", tmp_path / "lib")
    monkeypatch.setattr(execute, "CACHE", tmp_path / "cache")
    return tmp_path


def notebook(sandbox, name, text):
    path = sandbox / "notebooks" / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_language_keeps_its_own_narrative(sandbox):
    source = notebook(sandbox, "good", GOOD)
    assert execute.execute(source, "fa")
    executed = json.loads((sandbox / "cache" / "fa" / "good" / "good.ipynb").read_text())
    sources = ["".join(cell["source"]) for cell in executed["cells"]]
    assert sources[0] == "# عنوان" and not any("Title" in s for s in sources)
    assert json.loads((sandbox / "cache" / "fa" / "good" / "values.json").read_text()) == {"answer": "42"}


def test_the_cache_skips_unchanged_runs_and_reruns_on_any_change(sandbox):
    source = notebook(sandbox, "good", GOOD)
    assert execute.execute(source, "en")
    assert not execute.execute(source, "en")
    (sandbox / "lib" / "module.py").write_text("X = 2\n")  # the library changed
    assert execute.execute(source, "en")
    source.write_text(GOOD + "\nprint(1)\n")  # the notebook changed
    assert execute.execute(source, "en")
    assert execute.execute(source, "fa")  # another language is another run


def test_a_failing_cell_names_the_notebook_and_the_cell_and_keeps_the_last_good_results(sandbox):
    source = notebook(sandbox, "flaky", GOOD)
    execute.execute(source, "en")
    source.write_text(GOOD + "\n# %%\n1 / 0\n")
    with pytest.raises(execute.NotebookError) as failure:
        execute.execute(source, "en")
    message = str(failure.value)
    assert "flaky.py [en], line 12 (cell 2): failed" in message and "ZeroDivisionError" in message
    assert (sandbox / "cache" / "en" / "flaky" / "values.json").exists()  # nothing lost
    assert not (sandbox / "cache" / "en" / ".flaky.partial").exists()


def test_a_cell_past_its_timeout_stops_the_run(sandbox, monkeypatch):
    monkeypatch.setattr(execute, "CELL_TIMEOUT", 2)
    source = notebook(sandbox, "slow", "# %%\nimport time\ntime.sleep(30)\n")
    with pytest.raises(execute.NotebookError, match=r"slow.py \[fa\], line 2 \(cell 0\): ran past the 2 s timeout"):
        execute.execute(source, "fa")


def test_the_build_stops_on_a_failing_notebook(sandbox):
    notebook(sandbox, "broken", "# %%\nraise RuntimeError('boom')\n")
    with pytest.raises(PluginError, match="(?s)broken.py.*boom"):
        hooks.on_pre_build(config=None)


CLAIMS = """# %%
from dlbook import publish
from dlbook.text import tr
publish.claim("relu_ahead", True, tr("p = ۰٫۰۰۳", "p = 0.003"))
publish.claim("sigmoid_at_chance", False, tr("دقت ۳۱٪، شانس ۱۰٪", "accuracy 31%, chance 10%"))
"""


def test_a_claim_that_did_not_hold_is_a_warning_naming_it_and_one_that_held_is_none(sandbox, caplog):
    notebook(sandbox, "claims", CLAIMS)
    with caplog.at_level(logging.WARNING):
        hooks.on_pre_build(config=None)
    records = [record for record in caplog.records if "claim" in record.getMessage()]
    assert all(record.name.startswith("mkdocs.") for record in records)  # the logger tree that strict mode counts
    warnings = sorted(record.getMessage() for record in records if record.levelno == logging.WARNING)
    assert len(warnings) == 2 and not any("relu_ahead" in warning for warning in warnings)
    assert "notebook 'claims' [en]: the claim 'sigmoid_at_chance' did not hold" in warnings[0]
    assert warnings[0].endswith("accuracy 31%, chance 10%")
    assert "notebook 'claims' [fa]" in warnings[1] and warnings[1].endswith("دقت ۳۱٪، شانس ۱۰٪")
    caplog.clear()
    hooks.on_pre_build(config=None)  # the second edition's build: the same results are not reported again
    assert not [record for record in caplog.records if "claim" in record.getMessage()]


@pytest.mark.parametrize("lang, title, measured", [
    ("en", "This statement did not hold in this build", "accuracy 31%, chance 10%"),
    ("fa", "این گزاره در این ساخت برقرار نماند", "دقت ۳۱٪، شانس ۱۰٪"),
])
def test_a_claim_that_did_not_hold_shows_on_the_page_and_one_that_held_does_not(sandbox, lang, title, measured):
    execute.execute(notebook(sandbox, "claims", CLAIMS), lang)
    page = markup.render_placeholders(
        "A. {{ claim: claims/relu_ahead }}B. {{ claim: claims/sigmoid_at_chance }}C.", lang, 3, lambda path: path)
    assert page == f'A. B. \n\n!!! failure "{title}"\n\n    {measured}\n\nC.'


def test_a_held_claim_alone_on_its_line_keeps_the_list_item_whole(sandbox):
    execute.execute(notebook(sandbox, "claims", CLAIMS), "en")
    page = markup.render_placeholders("- One\n  {{ claim: claims/relu_ahead }}\n  two.\n- Three", "en", 3,
                                      lambda path: path)
    assert page == "- One\n  two.\n- Three"


@pytest.fixture
def published(sandbox):
    folder = sandbox / "cache" / "fa" / "demo"
    folder.mkdir(parents=True)
    (folder / "key").write_text("k")
    (folder / "values.json").write_text(json.dumps({"share": "73.5%", "tiny": r"\(3 \times 10^{-15}\)"}))
    (folder / "texts.json").write_text(json.dumps({"verdict": "جلوتر از ReLU (p = 0.003)"}))
    (folder / "figures.json").write_text(json.dumps({"curve": {"caption": "منحنی.", "alt": "یک منحنی"}}))
    (folder / "figures").mkdir()
    (folder / "figures" / "curve.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="460.8pt" '
                                                  'height="345.6pt" viewBox="0 0 460.8 345.6"></svg>')
    (folder / "tables.json").write_text(json.dumps({"ranks": {
        "header": ["سر", "رتبه"], "rows": [["MoS 2", "47"], ["softmax", "4"]], "numeric": [False, True]}}))
    return folder


def render(markdown, chapter=2):
    return markup.render_placeholders(markdown, "fa", chapter, lambda path: "../" + path)


def test_values_are_quoted_in_persian_digits_but_math_stays_latin(published):
    assert render("{{ value: demo/share }}") == "۷۳٫۵٪"
    assert render("{{ value: demo/tiny }}") == r"\(3 \times 10^{-15}\)"


def test_numbers_inside_math_keep_latin_digits(published):
    assert render("$x = {{ math: demo/share }}$, $y = {{ math: demo/tiny }}$") == r"$x = 73.5%$, $y = 3 \times 10^{-15}$"


def test_tables_localise_only_their_number_columns(published):
    assert render("{{ table: demo/ranks }}").splitlines() == [
        "| سر | رتبه |", "| --- | --- |", "| MoS 2 | ۴۷ |", "| softmax | ۴ |"]


def test_texts_are_inserted_as_the_notebook_wrote_them(published):
    assert render("نتیجه: {{ text: demo/verdict }}.") == "نتیجه: جلوتر از ReLU (p = 0.003)."


def test_figures_are_numbered_captioned_and_referenced(published):
    page = render("{{ figref: demo/curve }}\n\n{{ figure: demo/curve }}")
    assert page.startswith('[شکل ۲-۱](#fig-curve){ data-preview="" }')  # hovering it shows the figure
    assert 'id="fig-curve"' in page and 'src="../artifacts/fa/demo/figures/curve.svg"' in page
    assert 'alt="یک منحنی"' in page and "**شکل ۲-۱.** منحنی." in page
    assert 'width="614" height="461">' in page  # CSS pixels of the SVG's points; the first figure is not lazy
    (published / "figures" / "curve.svg").unlink()
    with pytest.raises(markup.MarkupError, match="figure demo/curve was published but .*curve.svg is missing"):
        render("{{ figure: demo/curve }}")


@pytest.mark.parametrize("markdown, cause", [
    ("{{ value: demo/missing }}", "published no value 'missing' (it published: share, tiny)"),
    ("{{ figure: demo/missing }}", "published no figure 'missing'"),
    ("{{ text: demo/missing }}", "published no text 'missing' (it published: verdict)"),
    ("{{ claim: demo/missing }}", "published no claim 'missing' (it published: none)"),
    ("{{ figref: demo/curve }}", "does not show"),
    ("{{ value: nothing/share }}", "no executed notebook 'nothing'"),
])
def test_missing_products_are_errors(published, markdown, cause):
    with pytest.raises(markup.MarkupError, match=cause.replace("(", r"\(").replace(")", r"\)")):
        render(markdown)


def test_a_page_error_names_the_page(published):
    page = SimpleNamespace(file=SimpleNamespace(src_uri="fa/chapter.md"), url="chapter/", meta={})
    config = SimpleNamespace(docs_dir=str(hooks.ROOT / "docs"))
    with pytest.raises(PluginError, match=r"docs/fa/chapter.md: .*missing"):
        hooks.on_page_markdown("{{ value: demo/missing }}", page=page, config=config, files=None)


def test_citations_in_both_languages():
    english = citations.render_citations("[@goodfellow2016deep, §6.1; @nair2010rectified]", "en", "bib.md")
    preview = '{ data-preview="" }'  # hovering a citation shows the whole reference
    assert english == (f"([Goodfellow et al., 2016, §6.1](bib.md#ref-goodfellow2016deep){preview}; "
                       f"[Nair and Hinton, 2010](bib.md#ref-nair2010rectified){preview})")
    persian = citations.render_citations("[@rumelhart1986learning; @goodfellow2016deep, §6.1]", "fa", "bib.md")
    assert persian == (f"([Rumelhart و همکاران، ۱۹۸۶](bib.md#ref-rumelhart1986learning){preview}؛ "
                       f"[Goodfellow و همکاران، ۲۰۱۶، §۶٫۱](bib.md#ref-goodfellow2016deep){preview})")


def test_a_bare_key_is_a_narrative_citation_and_other_at_signs_are_left_alone():
    text = citations.render_citations("As @yang2018breaking show; write to a@b.org or use @property.", "en", "b.md")
    assert text == ('As [Yang et al. (2018)](b.md#ref-yang2018breaking){ data-preview="" } show; '
                    'write to a@b.org or use @property.')
    with pytest.raises(citations.CitationError, match="smith2020typo"):
        citations.render_citations("as @smith2020typo argues", "fa", "b.md")


def test_an_unknown_citation_key_is_an_error():
    with pytest.raises(citations.CitationError, match="nosuchkey"):
        citations.render_citations("[@nosuchkey]", "en", "bib.md")


def test_the_bibliography_lists_every_entry_with_its_anchor():
    html = citations.bibliography_html()
    for key in citations.entries():
        assert f'id="ref-{key}"' in html
    assert "Deep Learning" in html


def test_lint_finds_each_kind_of_problem():
    text = "این كار را می کنیم و میشود و کتاب ها و 12 مورد.\nمیانگین و نمی‌شود و $x_2$ و `a1` و float64 و ۱۲."
    messages = [message for _, message in lint.problems_in(text)]
    assert len(messages) == 5
    assert any("Arabic" in m for m in messages) and any("'میشود'" in m for m in messages)
    assert any("'می ک'" in m for m in messages) and any("suffix" in m for m in messages)
    assert any("'12'" in m for m in messages)


@pytest.mark.parametrize("glued", ["در همهٔ $d$های آزموده", "برابر $1$اند", "همهٔ $P$‌ها", "لوجیت‌ها \\(x\\)اند"])
def test_lint_finds_a_suffix_glued_to_a_formula(glued):
    messages = [message for _, message in lint.problems_in(f"{glued} و بقیه.")]
    assert len(messages) == 1 and "glued to a formula" in messages[0]


def test_the_book_passes_the_lint():
    problems = [f"{path}:{line}: {message}" for path, text in lint.persian_sources()
                for line, message in lint.problems_in(text)]
    assert problems == [] and lint.missing_twins() == []


@pytest.mark.parametrize("variant", ["تقریب‌زن جهانی", "آموزهٔ", "آموزه", "جاروب", "جاروب‌های", "سطح شانس",
                                     "تفاضل‌های متناهی", "فروکاستنی", "سطری‌مرکزی‌شده", "رتبهٔ مرکزی",
                                     "تمیزدادنی", "جلوتر", "عقب‌تر", "میدان محافظه‌کار", "دنبالهٔ طیف", "کران دنباله",
                                     "حلقهٔ تمیز", "خودش", "خودشان", "سری", "خاموش", "خاموش‌اند", "ژاکوبی",
                                     "سهمی‌وار", "تکه‌ای‌خطی", "شبکهٔ نرخ‌ها", "طبقه‌بند", "طبقه‌بندی",
                                     "فاصلهٔ دقت آموزش و آزمون", "نرم گرادیان", "پررتبه", "هیچ انتخابی از",
                                     "فرو می‌افتد", "فروبیفتد", "فرو بیفتد", "رنج نمی‌برد", "بی آنکه",
                                     "حلقهٔ آموزش تمیز", "اینکه", "یکی‌یکی", "روی‌هم", "همین‌طور", "چقدر",
                                     "الف؛ و", "به جای"])
def test_lint_finds_each_retired_variant(variant):
    messages = [message for _, message in lint.problems_in(f"این‌جا {variant} به کار رفته است.")]
    assert len(messages) == 1 and "retired variant" in messages[0]


def test_lint_leaves_the_current_terms_and_code_alone():
    text = ("تقریب‌گر عمومی، درس‌نامهٔ آمستردام، آموزش، پویش نرخ، سطح تصادفی، تفاضل محدود، فروکاست‌پذیر نیست، "
            "رتبهٔ مرکزی‌شده، میدان پایستار، دُم طیف، مقدارهای $d$ و $x$، $y$ و $z$، خود، سر خروجی، تمرین سری دوم، "
            "ماتریس ژاکوبی، ژاکوبین، نُرم گرادیان، صورت نرم، رده‌بند، شکاف تعمیم، غیرفعال.\n`جاروب` در کد و "
            "$\\text{جاروب}$ در ریاضی.")
    assert lint.problems_in(text) == []


def test_a_page_without_twin_is_found(tmp_path, monkeypatch):
    for lang in ("fa", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "index.md").write_text("x")
    (tmp_path / "fa" / "only.md").write_text("x")
    monkeypatch.setattr(lint, "DOCS", tmp_path)
    assert lint.missing_twins() == ["docs/fa/only.md: no twin in docs/en/"]


# The seed base, progress logging and the order of the runs (bookbuild/execute.py, dlbook/seeds.py).

DRAW = """# %%
import torch
from dlbook import memo, publish, seeds
drawn = memo.memoised("draw", lambda: torch.tensor(seeds.seeds(2)))  # computed once per key, then reused
publish.value("first", int(drawn[0]), "d")
publish.value("base", seeds.base(), "d")
"""


def published_values(sandbox, name, lang):
    return json.loads((sandbox / "cache" / lang / name / "values.json").read_text())


def test_another_seed_base_is_another_run_with_its_own_memo(sandbox, monkeypatch):
    source = notebook(sandbox, "draw", DRAW)
    memo = sandbox / "cache" / "memo" / "draw"
    monkeypatch.setenv("BOOK_SEED_BASE", "0")
    assert execute.execute(source, "fa")
    assert published_values(sandbox, "draw", "fa") == {"first": "0", "base": "0"}
    assert not execute.execute(source, "fa")
    [memo_of_base_0] = memo.iterdir()

    monkeypatch.setenv("BOOK_SEED_BASE", "1000")
    assert execute.execute(source, "fa")  # the key includes the base
    assert published_values(sandbox, "draw", "fa") == {"first": "1000", "base": "1000"}  # base 0's memo not reused
    [memo_of_base_1000] = memo.iterdir()
    assert memo_of_base_1000.name != memo_of_base_0.name
    assert execute.execute(source, "en")  # the other language reuses this base's memo
    assert published_values(sandbox, "draw", "en") == {"first": "1000", "base": "1000"}
    assert not execute.execute(source, "en")

    monkeypatch.setenv("BOOK_SEED_BASE", "0")
    assert execute.execute(source, "fa")  # back to the first base: run again, its own results
    assert published_values(sandbox, "draw", "fa") == {"first": "0", "base": "0"}
    assert [folder.name for folder in memo.iterdir()] == [memo_of_base_0.name]


def test_a_seed_base_that_is_not_an_integer_stops_the_build_naming_the_variable(sandbox, monkeypatch):
    notebook(sandbox, "good", GOOD)
    monkeypatch.setenv("BOOK_SEED_BASE", "one thousand")
    with pytest.raises(PluginError, match="BOOK_SEED_BASE must be an integer"):
        hooks.on_pre_build(config=None)
    assert not (sandbox / "cache" / "fa" / "good").exists()


def test_each_run_logs_its_start_and_end_and_the_build_a_summary_but_cached_runs_are_silent(sandbox, caplog,
                                                                                           monkeypatch):
    monkeypatch.delenv("BOOK_SEED_BASE", raising=False)
    notebook(sandbox, "good", GOOD)
    caplog.set_level("INFO", logger="mkdocs.hooks")
    assert execute.execute_all(jobs=1) == ["good [fa]", "good [en]"]
    lines = [(record.name, record.levelname, record.getMessage()) for record in caplog.records]
    assert {(name, level) for name, level, _ in lines} == {("mkdocs.hooks", "INFO")}
    messages = [message for _, _, message in lines]
    assert len(messages) == 5
    for lang, start, end in [("fa", messages[0], messages[1]), ("en", messages[2], messages[3])]:
        assert start == f"notebook good [{lang}]: started"
        assert end.startswith(f"notebook good [{lang}]: done in ") and end.endswith(" s")
        float(end.split()[-2])  # the seconds
    assert messages[4].startswith("notebooks: 2 run(s) in ")
    assert messages[4].endswith(" s, seed base 0; 0 from the cache")

    caplog.clear()
    assert execute.execute_all(jobs=1) == []
    assert caplog.records == []


def test_notebooks_start_longest_first_by_their_recorded_run_time(sandbox, monkeypatch):
    recorded = {"heavy": {"fa": "50.1", "en": "4.0"}, "other_heavy": {"fa": "48.0", "en": "3.5"},
                "short": {"fa": "3.0", "en": "2.0"}, "shorter": {"fa": "1.5"}, "broken": {"fa": "?"}}
    for name in [*recorded, "new"]:
        notebook(sandbox, name, GOOD)
    for name, seconds in recorded.items():
        for lang, text in seconds.items():
            (sandbox / "cache" / lang / name).mkdir(parents=True)
            (sandbox / "cache" / lang / name / "seconds").write_text(text)
    expected = ["broken", "new", "heavy", "other_heavy", "short", "shorter"]  # never timed counts as longest
    assert [source.stem for source in execute.longest_first(execute.notebook_sources())] == expected

    started = []
    monkeypatch.setattr(execute, "execute", lambda source, lang, threads: started.append((source.stem, lang)))
    execute.execute_all(jobs=1)
    assert started == [(name, lang) for name in expected for lang in ("fa", "en")]  # one notebook's languages in turn


def test_in_a_cold_build_the_declared_run_times_set_the_order(sandbox):
    def declaring(seconds):
        return f"# ---\n# jupyter:\n#   book:\n#     seconds: {seconds}\n# ---\n\n" + GOOD
    for name, text in (("a_short", declaring(5)), ("b_long", declaring(120)), ("c_middle", declaring(40))):
        notebook(sandbox, name, text)
    assert [s.stem for s in execute.longest_first(execute.notebook_sources())] == ["b_long", "c_middle", "a_short"]


def test_a_relative_book_cache_is_taken_from_the_working_directory_and_the_kernel_writes_there(sandbox, monkeypatch):
    monkeypatch.chdir(sandbox)
    monkeypatch.setenv("BOOK_CACHE", "other-cache/book")
    monkeypatch.setattr(execute, "CACHE", execute.cache_folder())
    assert execute.CACHE == sandbox.resolve() / "other-cache" / "book"
    assert execute.execute(notebook(sandbox, "good", GOOD), "en")
    values = sandbox / "other-cache" / "book" / "en" / "good" / "values.json"  # not under code/notebooks
    assert json.loads(values.read_text()) == {"answer": "42"}


FIGURE = GOOD + """
# %%
from matplotlib import pyplot as plt
from dlbook import plotting
plotting.setup()
fig, ax = plt.subplots(figsize=(3, 2))
ax.plot([0, 1], [1, 0])
publish.figure(fig, "line", caption="A line.", alt='A "falling" line.')
"""


def test_a_notebook_page_shows_each_figure_with_its_alt_text_and_size(sandbox):
    execute.execute(notebook(sandbox, "figure", FIGURE), "en")
    executed = nbformat.read(sandbox / "cache" / "en" / "figure" / "figure.ipynb", as_version=4)
    output = executed.cells[-1].outputs[0]
    assert output.metadata == {"alt": 'A "falling" line.'} and "image/svg+xml" in output.data
    width, height = (float(pt) for pt in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"',
                                                   output.data["image/svg+xml"]).groups())
    page = notebook_page.render(executed, lambda name: f"outputs/{name}", "en")
    image = f"cell{len(executed.cells) - 1}-0.svg"
    assert (f'<img class="notebook-output" src="outputs/{image}" alt="A &quot;falling&quot; line." '
            f'width="{round(width * 4 / 3)}" height="{round(height * 4 / 3)}" loading="lazy">') in page  # pt -> px


def code_cell(source, *outputs):
    return nbformat.v4.new_code_cell(source, outputs=list(outputs))


def test_an_image_output_without_alt_text_is_an_error_naming_the_cell():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 480) + b"\x08").decode()
    page = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), code_cell(
        "plt.show()", nbformat.v4.new_output("display_data", data={"image/png": png}))])
    with pytest.raises(notebook_page.NotebookPageError, match=r"cell 1 \('plt.show\(\)'\) .*without alt text"):
        notebook_page.render(page, str, "en")
    page.cells[1].outputs[0].metadata = {"alt": "A chart."}
    assert 'alt="A chart." width="640" height="480"' in notebook_page.render(page, str, "en")  # the PNG's size
    page.cells[1].outputs[0].metadata = {"alt": "A chart.", "image/png": {"width": 320, "height": 240}}
    assert 'width="320" height="240"' in notebook_page.render(page, str, "en")  # a 2x PNG at its CSS size


@pytest.mark.parametrize("lang, summary", [("en", "Output (25 lines)"), ("fa", "خروجی (۲۵ سطر)")])
def test_code_and_outputs_are_marked_apart_and_long_outputs_fold(lang, summary):
    short = nbformat.v4.new_output("stream", name="stdout", text="a = 1\n")
    long = nbformat.v4.new_output("stream", name="stdout", text="".join(f"{i}\n" for i in range(25)))
    page = notebook_page.render(nbformat.v4.new_notebook(cells=[code_cell("x = 1"), code_cell("f()", short, long)]),
                                str, lang)
    blocks = page.split("\n\n")
    assert blocks[0] == "``` {.python .notebook-input}\nx = 1\n```"  # a cell without output gets no output box
    assert blocks[1] == "``` {.python .notebook-input}\nf()\n```"
    assert blocks[2] == '<div class="notebook-outputs" markdown="1">' and blocks[-1] == "</div>"
    assert blocks[3] == "``` {.text .no-copy}\na = 1\n```"
    assert blocks[4] == f'<details class="notebook-long" markdown="1">\n<summary>{summary}</summary>'
    assert blocks[5].startswith("``` {.text .no-copy}\n0\n1\n") and blocks[6] == "</details>"


def test_material_s_palette_script_is_replaced_and_a_header_without_it_is_an_error():
    header = ('<form class="md-header__option" data-md-component="palette"><input></form>'
              '<script>var palette=__md_get("__palette");if(palette){}</script><main></main>')
    own = hooks._own_palette(header, "fa/index.md")
    assert 'data-md-component="palette"' not in own and "data-book-palette" in own  # Material's script leaves it be
    assert "var palette=" not in own and own.count(hooks.OWN_PALETTE) == 1
    with pytest.raises(PluginError, match="fa/index.md: Material's palette script"):
        hooks._own_palette(header.replace("var palette=", "var colours="), "fa/index.md")
    assert hooks._own_palette("<main></main>", "fa/index.md") == "<main></main>"  # a page without the toggle


def test_each_plain_table_comes_in_material_s_scrolling_box_marked_so_that_material_leaves_it():
    page = '<p>a</p><table>\n<tr><td>1</td></tr></table><table class="dataframe"><tr><td>2</td></tr></table>'
    assert tables.box(page) == (
        '<p>a</p><div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table">'
        '<table class="book-table">\n<tr><td>1</td></tr></table></div></div>'
        '<table class="dataframe"><tr><td>2</td></tr></table>')


def test_material_s_table_rules_are_copied_for_the_mark_and_none_is_an_error():
    material = ('.md-typeset table:not([class]){font-size:.64rem}.md-typeset a{color:red}'
                '@media print{.md-typeset table:not([class]){display:table}.x{color:blue}}'
                ':is(.a,.b) table:not([class]) td,.md-typeset th{padding:1em}')
    assert tables.style(material).splitlines()[1:] == [
        ".md-typeset table.book-table{font-size:.64rem}",
        "@media print{.md-typeset table.book-table{display:table}}",
        ":is(.a,.b) table.book-table td{padding:1em}"]
    with pytest.raises(ValueError, match="no rule for table:not"):
        tables.style(".md-typeset a{color:red}")


def test_the_kernels_run_with_the_allocator_setting_and_a_user_s_own_setting_wins(sandbox, monkeypatch):
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    source = notebook(sandbox, "allocator", GOOD + f"""
import os
assert os.environ["GLIBC_TUNABLES"] == {execute.MALLOC_TUNABLES!r}, os.environ.get("GLIBC_TUNABLES")
""")
    assert execute.execute(source, "en")
    own = {"GLIBC_TUNABLES": "glibc.malloc.arena_max=2", "HOME": "/home"}
    assert execute.with_malloc_tunables(own) == own


def test_the_last_notebook_running_gets_every_thread(sandbox, monkeypatch):
    """Two workers on four threads: two each while both run; once the short notebook ends, the long one may use
    all four (dlbook.memo reads the share before each experiment)."""
    notebook(sandbox, "short", GOOD)
    notebook(sandbox, "long", GOOD)
    monkeypatch.setattr(execute.os, "cpu_count", lambda: 4)
    seen = {}

    def fake_execute(source, lang, threads=1):
        seen.setdefault(source.stem, threads)
        if source.stem == "long" and lang == "en":
            deadline = time.monotonic() + 10
            while execute.threads_file().read_text() != "4" and time.monotonic() < deadline:
                time.sleep(0.01)
            seen["long, later"] = int(execute.threads_file().read_text())
        return True

    monkeypatch.setattr(execute, "execute", fake_execute)
    monkeypatch.setattr(execute, "recorded_seconds", lambda source: 2 if source.stem == "long" else 1)
    execute.execute_all(jobs=2)
    assert seen == {"long": 2, "short": 2, "long, later": 4}


def test_each_latin_run_of_persian_prose_is_isolated_and_code_math_and_declared_directions_are_left_alone():
    page = ('<p>پیش‌فرض PyTorch، Adam و (leaky ReLU) روی MNIST-1D ۹ بذر (Lippe، ۲۰۲۲) &amp; Glorot’s 2P</p>'
            '<p><code>torch.optim</code> <span class="arithmatex">\\(x + y\\)</span> <bdi>done</bdi> '
            '<ol dir="ltr"><li>Holm, S.</li></ol><a title="left alone" href="x">Adam</a></p>')
    assert bidi.isolate(page) == (
        '<p>پیش‌فرض <bdi>PyTorch</bdi>، <bdi>Adam</bdi> و (<bdi>leaky ReLU</bdi>) روی <bdi>MNIST-1D</bdi> ۹ بذر '
        '(<bdi>Lippe</bdi>، ۲۰۲۲) &amp; <bdi>Glorot’s 2P</bdi></p>'
        '<p><code>torch.optim</code> <span class="arithmatex">\\(x + y\\)</span> <bdi>done</bdi> '
        '<ol dir="ltr"><li>Holm, S.</li></ol><a title="left alone" href="x"><bdi>Adam</bdi></a></p>')


def test_a_persian_page_numbers_its_footnotes_in_persian():
    html = ('<p>متن.<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">12</a></sup></p>'
            '<a class="footnote-backref" href="#fnref:a" title="Jump back to footnote 12 in the text">↩</a>')
    assert hooks._persian_footnotes(html) == (
        '<p>متن.<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">۱۲</a></sup></p>'
        '<a class="footnote-backref" href="#fnref:a" title="بازگشت به متن پانوشت ۱۲">↩</a>')
