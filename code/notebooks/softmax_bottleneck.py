# ---
# jupyter:
#   book:
#     seconds: 60  # a rough cold run, both languages: the longest notebooks start first
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["fa"]
# # نوت‌بوک فصل ۱: گلوگاه سافت‌مکس
#
# این نوت‌بوک ادعاهای فصل ۱ را روی ماتریس‌های کوچک می‌آزماید. چهار آزمایش دارد: آستانهٔ دقیق بُعدی که سافت‌مکس
# برای بازسازی یک توزیع لازم دارد؛ گلوگاه «نرم»، یعنی کمترین KL ممکن بر حسب $d$ برای هدف‌هایی که رتبهٔ کامل
# دارند؛ مقایسهٔ سرهای خروجی (سافت‌مکس، بهترین سافت‌مکس، sigsoftmax، آمیزهٔ بافت‌ها، آمیزهٔ سافت‌مکس‌ها و
# سافت‌مکسی پهن‌تر با همان شمار پارامتر) روی ده بذر جفت‌شده؛ در پایان، هندسهٔ واژه‌هایی که در بُعد دو هرگز بیشینه
# نمی‌شوند. همهٔ محاسبه‌ها با دقت float64 انجام می‌شوند.
#
# هدف این است که هر گزارهٔ فصل، از اثبات‌ها تا مقایسهٔ راه‌حل‌ها، با محاسبه‌ای دقیق سنجیده شود. ماتریس‌های کوچک این
# کار را ممکن می‌کنند، چون رتبه، طیف و بهترین برازش آن‌ها را می‌توان دقیق حساب کرد.

# %% [markdown] tags=["en"]
# # Chapter 1 notebook: the softmax bottleneck
#
# This notebook tests the claims of Chapter 1 on small matrices, in four experiments: the exact dimension a softmax
# needs to reproduce a distribution; the "soft" bottleneck, the smallest KL reachable at each $d$ for targets of full
# rank; a comparison of output heads (softmax, the best softmax, sigsoftmax, mixture of contexts, mixture of
# softmaxes, and a wider softmax with as many parameters) over ten paired seeds; and the geometry of words that can
# never be the argmax in two dimensions. All computations are in float64.
#
# The aim is to check each statement of the chapter, from the proofs to the comparison of remedies, with an exact
# computation. Small matrices make this possible, since their rank, spectrum and best fit can be computed exactly.

# %%
import torch

from dlbook import bottleneck, bottleneck_plots, plotting, publish, seeds, stats
from dlbook.memo import memoised
from dlbook.text import language, listing, localise_number, tr

plotting.setup()
DTYPE = bottleneck.DTYPE
EXACT = 1e-6  # a fit counts as exact when KL(P* ‖ P) is at most this
CLEAR = 100 * EXACT  # and one dimension less must leave at least this much
SEEDS = seeds.seeds(stats.MIN_SEEDS)  # the heads are compared over these paired seeds: one target per seed


def number(value):
    """A number written for the edition: Persian digits on the fa edition."""
    return localise_number(str(value), language())


# %% tags=["fa"]
# The words, captions and alt texts of this edition.
T = dict(
    target_rank=lambda r: f"سافت‌مکس با رتبهٔ {number(r)}",
    uniform="سطرهای یکنواخت روی سادک",
    power=lambda a: f"توانی با نمای {number(f'{a:g}')}",
    yes="بله", no="خیر",
    series={"mos": "آمیزهٔ سافت‌مکس‌ها، K از ۱ تا ۸", "wide": "سافت‌مکس، d از ۴ تا ۱۰"},
)
HEAD_NAMES = {"softmax": "سافت‌مکس", "best": "بهترین سافت‌مکس (L-BFGS)", "sigsoftmax": "sigsoftmax",
              "moc": "آمیزهٔ بافت‌ها (MoC)", "mos": "آمیزهٔ سافت‌مکس‌ها (MoS)",
              "wide": "سافت‌مکس پهن‌تر با همان شمار پارامتر", "mos_g": "آمیزهٔ سافت‌مکس‌ها با g در ℝ¹⁰"}
SHOWN = {"mos": "MoS", "mos_g": "MoS با g در ℝ¹⁰", "softmax": "سافت‌مکس برازش‌شده با Adam",
         "best": "بهترین سافت‌مکس با همان d", "wide": "سافت‌مکس پهن‌تر با همان شمار پارامتر",
         "sigsoftmax": "sigsoftmax", "moc": "MoC", **{f"mos{k}": f"MoS با {number(k)} جزء" for k in (1, 2, 4, 8)}}


def kl_phrases(first, second):
    return {"behind": f"{first} به KL کمتری از {second} می‌رسد",
            "ahead": f"{first} به KL بیشتری از {second} می‌رسد",
            "indistinguishable": f"تفاوت واگرایی KL دو سر {first} و {second} با این شمار بذر معنادار نیست"}


ARGMAX_HEADS = {"softmax": "سافت‌مکس", "sigsoftmax": "sigsoftmax (تابع یکنوا)",
                "mos": "آمیزهٔ سافت‌مکس‌ها با W مشترک و بی‌بایاس", "bias": "سافت‌مکس با بایاس خروجی",
                "copy": "سر رونویسی (اشاره‌گر)", "mixtape": "سر شبیه Mixtape (دروازه‌های وابسته به توکن)"}
THRESHOLD_HEADER = ["هدف", "rank(A)", "رتبهٔ مرکزی‌شده r", "کوچک‌ترین d دقیق", "KL در d = r − ۱", "KL در d = r"]
BIAS_HEADER = ["هدف", "رتبهٔ مرکزی‌شده", "آستانه با بایاس", "KL در d = ۲ بی‌بایاس",
               "KL در d = ۲ با بایاس", "KL در d = ۳ بی‌بایاس"]
BIAS_TARGETS = {"generic": "عمومی: softmax(UV) با رتبهٔ ۳", "unigram": "سافت‌مکس با رتبهٔ ۲ + جملهٔ تک‌واژه‌ای"}
SOFT_HEADER = ["هدف", "رتبهٔ مرکزی‌شده", "KL در d = ۴", "KL در d = ۱۶", "کران دُم در d = ۴"]
HEADS_HEADER = ["سر خروجی", "d", "پارامترهای سر", "KL (بازهٔ ۹۵٪)", "KL، درصدی از بهترین سافت‌مکس", "رتبهٔ عددی"]
ARGMAX_HEADER = ["سر خروجی", "واژهٔ درونی می‌تواند بیشینه شود؟", "نمونه‌هایی که واژه‌ای درونی بیشینه شد"]
TARGETS_HEADER = ["سر خروجی", "بُعد به‌ازای هر بافت", "پارامترهای سر", "درصد KL، هدف سافت‌مکس",
                  "درصد KL، هدف آمیزه‌ای"]
FIGURES = {
    "threshold": dict(
        caption="کمترین واگرایی KL که برازش آزاد $\\mathbf{H}\\mathbf{W}^\\top$ با بُعد $d$ به آن می‌رسد، برای سه "
                "هدف با رتبهٔ مرکزی‌شده $r$. خط‌چین افقی مرز برازش دقیق است و خط‌های نقطه‌چین عمودی $d = r$ را نشان "
                "می‌دهند: برازش درست از همان‌جا دقیق می‌شود، حتی برای هدفی که هیچ ساختار کم‌رتبه‌ای ندارد.",
        alt="نمودار KL بر حسب d برای سه هدف؛ KL تا پیش از d برابر r بالاست و در d برابر r ناگهان به صفر عددی "
            "می‌افتد."),
    "soft": dict(
        caption="کمترین KL بر حسب $d$ برای چهار هدف که همه رتبهٔ مرکزی‌شده کامل دارند: سه هدف با طیف توانی $i^{-\\alpha}$ "
                "و یک هدف با سطرهای یکنواخت روی سادک. خط پیوسته بهترین سافت‌مکسی است که L-BFGS می‌یابد و خط‌چین "
                "سافت‌مکسِ SVD بریده (برش اکارت–یانگ). هرچه طیف تندتر افت کند، بُعد کمتری کافی است.",
        alt="چهار جفت منحنی KL بر حسب d روی محور لگاریتمی؛ منحنی‌های طیف تندتر بسیار پایین‌ترند."),
    "spectra": dict(
        caption="مقدارهای تکین ماتریس مرکزی‌شدهٔ لگاریتم احتمال، بخش بر بزرگ‌ترینشان، برای چهار سر خروجی با بُعد "
                "برابر، روی هدف بذر نخست. طیف سافت‌مکس و آمیزهٔ بافت‌ها پس از $d$ مقدار به صفر عددی سقوط می‌کند؛ "
                "طیف sigsoftmax و آمیزهٔ سافت‌مکس‌ها ادامه می‌یابد.",
        alt="چهار منحنی طیف مقدار تکین؛ دو منحنی پس از شاخص d فرو می‌ریزند و دو منحنی هموار ادامه می‌دهند."),
    "components": dict(
        caption="چپ: KL آمیزهٔ سافت‌مکس‌ها بر حسب شمار جزءها $K$ با بُعد $d = 4$، همراه با سطح سرهای دیگر با همان "
                "$d$ (خط‌چین). راست: KL بر حسب شمار پارامترهای سر خروجی، برای آمیزهٔ سافت‌مکس‌ها ($K$ از ۱ تا ۸) و "
                "سافت‌مکس‌های پهن‌تر ($d$ از ۴ تا ۱۰). نوارهای خطا بازهٔ اطمینان ۹۵٪ روی ده بذر را نشان می‌دهند.",
        alt="دو نمودار: KL آمیزهٔ سافت‌مکس‌ها که با K پایین می‌آید، و KL بر حسب شمار پارامتر که در آن سافت‌مکس "
            "پهن‌تر پایین‌تر از آمیزه است."),
    "geometry": dict(
        caption="بُعد دو. چپ: بردار واژه‌ها و پوش محدبشان؛ واژه‌های قرمز درون پوش‌اند. راست: واژه‌ای که به‌ازای "
                "هر بردار بافت $\\mathbf{h}$ بیشترین لوجیت را دارد. هر ناحیه قطاعی از صفحه است و واژه‌های درون پوش "
                "هیچ ناحیه‌ای ندارند.",
        alt="چپ: نقطه‌های واژه با چندضلعی پوش محدب؛ راست: صفحهٔ بافت که به قطاع‌های رنگی واژه‌های برنده تقسیم "
            "شده است."),
    "geometry_bias": dict(
        caption="همان واژه‌ها با بایاس خروجی تصادفی $b_x$: لوجیت $\\mathbf{h}^\\top \\mathbf{w}_x + b_x$ است. ناحیه‌ها "
                "دیگر قطاع نیستند بلکه چندضلعی‌اند، و واژه‌ای درون پوش بردارهای $\\mathbf{w}$ فقط وقتی ناحیه‌ای (کراندار) "
                "دارد که نقطهٔ بالابرده‌اش $(\\mathbf{w}_x, b_x)$ رأس بخش بالایی پوش نقطه‌های بالابرده باشد.",
        alt="صفحهٔ بافت که به چندضلعی‌های رنگی واژه‌های برنده تقسیم شده است."),
}

# %% tags=["en"]
# The words, captions and alt texts of this edition.
T = dict(
    target_rank=lambda r: f"softmax of rank {r}",
    uniform="uniform rows on the simplex",
    power=lambda a: f"power law, exponent {a:g}",
    yes="yes", no="no",
    series={"mos": "mixture of softmaxes, K from 1 to 8", "wide": "softmax, d from 4 to 10"},
)
HEAD_NAMES = {"softmax": "softmax", "best": "best softmax (L-BFGS)", "sigsoftmax": "sigsoftmax",
              "moc": "mixture of contexts (MoC)", "mos": "mixture of softmaxes (MoS)",
              "wide": "wider softmax, as many parameters", "mos_g": "MoS with g in ℝ¹⁰"}
SHOWN = {"mos": "MoS", "mos_g": "MoS with g in ℝ¹⁰", "softmax": "the softmax fitted by Adam",
         "best": "the best softmax of the same d", "wide": "the wider softmax with as many parameters",
         "sigsoftmax": "sigsoftmax", "moc": "MoC", **{f"mos{k}": f"MoS with K = {k}" for k in (1, 2, 4, 8)}}


def kl_phrases(first, second):
    return {"behind": f"{first} reaches a lower KL than {second}",
            "ahead": f"{first} reaches a higher KL than {second}",
            "indistinguishable": f"the KLs of {first} and {second} cannot be told apart with these seeds"}


ARGMAX_HEADS = {"softmax": "softmax", "sigsoftmax": "sigsoftmax (a monotone map)",
                "mos": "MoS with a shared W and no bias", "bias": "softmax with an output bias",
                "copy": "copy (pointer) head", "mixtape": "Mixtape-style head (token-dependent gates)"}
THRESHOLD_HEADER = ["target", "rank(A)", "centred rank r", "smallest exact d", "KL at d = r − 1", "KL at d = r"]
BIAS_HEADER = ["target", "centred rank", "threshold with a bias",
               "KL at d = 2, no bias", "KL at d = 2 with a bias", "KL at d = 3, no bias"]
BIAS_TARGETS = {"generic": "generic: softmax(UV) of rank 3", "unigram": "rank-2 softmax + a unigram term"}
SOFT_HEADER = ["target", "centred rank", "KL at d = 4", "KL at d = 16", "tail bound at d = 4"]
HEADS_HEADER = ["output head", "d", "head parameters", "KL (95% interval)", "KL, % of the best softmax",
                "numerical rank"]
ARGMAX_HEADER = ["output head", "can an interior word win?", "samples where one won"]
TARGETS_HEADER = ["output head", "dimension per context", "head parameters", "KL %, softmax target",
                  "KL %, mixture target"]
FIGURES = {
    "threshold": dict(
        caption="The smallest KL divergence that a free fit $\\mathbf{H}\\mathbf{W}^\\top$ of dimension $d$ reaches, "
                "for three targets of centred rank $r$. The dashed horizontal line is the level of an exact fit and "
                "the dotted vertical lines mark $d = r$: the fit becomes exact exactly there, even for the target "
                "that has no low-rank structure at all.",
        alt="KL against d for three targets; KL stays high below d equal to r and drops to numerical zero "
            "at d equal to r."),
    "soft": dict(
        caption="The smallest KL against $d$ for four targets, all of full centred rank: three whose spectrum decays "
                "as $i^{-\\alpha}$, and one with rows drawn uniformly from the simplex. Solid: the best softmax that "
                "L-BFGS finds; dashed: the softmax of the truncated SVD (Eckart–Young). The faster the spectrum "
                "decays, the smaller the dimension that suffices.",
        alt="Four pairs of KL-against-d curves on a log axis; the curves of steeper spectra lie far lower."),
    "spectra": dict(
        caption="Singular values of the row-centred log-probability matrix, divided by the largest, for four "
                "output heads of equal dimension, on the first seed's target. The spectra of softmax and of the "
                "mixture of contexts fall to numerical zero after $d$ values; those of sigsoftmax and of the "
                "mixture of softmaxes go on.",
        alt="Four singular-value curves; two collapse after index d and two continue smoothly."),
    "components": dict(
        caption="Left: the KL of the mixture of softmaxes against the number of components $K$ at $d = 4$, with the "
                "levels of the other heads of the same $d$ (dashed). Right: KL against the parameters of the output "
                "head, for the mixture of softmaxes ($K$ from 1 to 8) and for wider softmaxes ($d$ from 4 to 10). "
                "Bars are 95% confidence intervals over ten seeds.",
        alt="Two plots: the KL of the mixture of softmaxes falling with K, and KL against parameter count, where "
            "the wider softmax lies below the mixture."),
    "geometry": dict(
        caption="Two dimensions. Left: the word embeddings and their convex hull; the red words lie inside it. "
                "Right: the word with the largest logit for each context vector $\\mathbf{h}$. Each region is a "
                "sector of the plane, and the words inside the hull have none.",
        alt="Left: word points with the convex-hull polygon; right: the context plane divided into coloured "
            "sectors of winning words."),
    "geometry_bias": dict(
        caption="The same words with a random output bias $b_x$: the logit is $\\mathbf{h}^\\top \\mathbf{w}_x + b_x$. "
                "The regions are no longer sectors but polygons, and a word inside the hull of the $\\mathbf{w}$'s has "
                "a (bounded) region only when its lifted point $(\\mathbf{w}_x, b_x)$ is a vertex of the upper part of "
                "the hull of the lifted points.",
        alt="The context plane divided into coloured polygons of winning words."),
}

# %% [markdown] tags=["fa"]
# ## آزمایش ۱: آستانهٔ رتبه
#
# دو هدف را به‌صورت $P^* = \operatorname{softmax}(\mathbf{U}\mathbf{V})$ می‌سازیم تا رتبهٔ مرکزی‌شدهٔ $\log P^*$ دقیقاً
# $r$ باشد. هدف سوم هیچ ساختار کم‌رتبه‌ای ندارد: هر سطرش از توزیع یکنواخت روی سادک (دیریکله با همهٔ پارامترها
# برابر ۱) نمونه‌برداری شده است، و چون شمار بافت‌ها از شمار توکن‌ها بیشتر است، رتبهٔ مرکزی‌شده‌اش $M - 1$ است. سپس
# برای هر $d$ از ۱ تا $r + 2$ ماتریس‌های آزاد $\mathbf{H}$ و $\mathbf{W}$ را با L-BFGS برازش می‌کنیم و کمترین KL
# را نگه می‌داریم.

# %% [markdown] tags=["en"]
# ## Experiment 1: the rank threshold
#
# Two targets are built as $P^* = \operatorname{softmax}(\mathbf{U}\mathbf{V})$, so that the centred rank of
# $\log P^*$ is exactly $r$. The third has no low-rank structure at all: each of its rows is drawn uniformly from the
# simplex (a Dirichlet distribution with every parameter 1), and with more contexts than tokens its centred rank is
# $M - 1$. Then, for each $d$ from 1 to $r + 2$, we fit free matrices $\mathbf{H}$ and $\mathbf{W}$ with L-BFGS and
# keep the smallest KL.

# %%
CONTEXTS, TOKENS, RANKS = 48, 32, (3, 6)
UNIFORM_CONTEXTS, UNIFORM_TOKENS = 24, 8


def threshold_experiment():
    generator = torch.Generator().manual_seed(seeds.shift(0))
    targets = {f"rank_{rank}": bottleneck.synthetic_log_probs(CONTEXTS, TOKENS, rank, generator) for rank in RANKS}
    targets["uniform"] = bottleneck.dirichlet_log_probs(UNIFORM_CONTEXTS, UNIFORM_TOKENS, generator)
    results = {}
    for name, target in targets.items():
        dims = range(1, bottleneck.centred_rank(target) + 3)
        results[name] = (target, torch.tensor([bottleneck.fit_factorisation(target, d, generator) for d in dims]))
    return results


results = memoised("threshold", threshold_experiment)
labels = {"rank_3": T["target_rank"](3), "rank_6": T["target_rank"](6), "uniform": T["uniform"]}
rows, curves, exact_everywhere, one_more = [], {}, [], []
for size, (name, (target, kls)) in zip(("small", "large", "uniform"), results.items()):
    full_rank = int(torch.linalg.matrix_rank(target))
    centred = bottleneck.centred_rank(target)
    exact = torch.nonzero(kls <= EXACT).flatten()
    exact_from = 1 + int(exact[0]) if len(exact) else len(kls) + 1
    exact_everywhere.append(exact_from == centred and bool((kls[: centred - 1] > CLEAR).all()))
    one_more.append(full_rank == centred + 1)
    rows.append([labels[name], full_rank, centred, exact_from, kls[centred - 2].item(), kls[centred - 1].item()])
    curves[labels[name]] = (centred, kls.tolist())
    publish.value(f"rank_{size}", centred, "d")
    publish.value(f"threshold_{size}", exact_from, "d")
    publish.value(f"full_rank_{size}", full_rank, "d")
publish.claim("threshold_at_centred_rank", all(exact_everywhere),
              tr("؛ ".join(f"رتبهٔ مرکزی‌شده {row[2]}، آستانه {row[3]}، KL با یک بُعد کمتر "
                           f"{publish.format_number(row[4], '.1e')}" for row in rows),
                 "; ".join(f"r = {row[2]}: d = {row[3]}, KL(r − 1) = {row[4]:.1e}" for row in rows)))
publish.claim("full_rank_one_more", all(one_more),
              tr("؛ ".join(f"رتبه {row[1]} و رتبهٔ مرکزی‌شده {row[2]}" for row in rows)
                 + "؛ در هر هدف رتبه یکی بیشتر از رتبهٔ مرکزی‌شده است؟",
                 "; ".join(f"{row[1]} = {row[2]} + 1?" for row in rows)))
for name, value in [("contexts", CONTEXTS), ("tokens", TOKENS), ("uniform_contexts", UNIFORM_CONTEXTS),
                    ("uniform_tokens", UNIFORM_TOKENS)]:
    publish.value(name, value, "d")
publish.table("threshold", THRESHOLD_HEADER, rows, [None, "d", "d", "d", ".1e", ".1e"])

# %%
publish.figure(bottleneck_plots.threshold(curves, EXACT), "threshold", **FIGURES["threshold"])

# %% [markdown] tags=["fa"]
# جدول و شکل نشان می‌دهند که برازش هر هدف درست در $d$ برابر رتبهٔ مرکزی‌شده دقیق می‌شود و با یک بُعد کمتر خطای
# آشکاری برجا می‌ماند (ادعای `threshold_at_centred_rank`). رتبهٔ ماتریس مرکزی‌نشده هر بار یکی بیشتر است (ادعای
# `full_rank_one_more`)؛ این همان «$-1$» نتیجهٔ ۱ در فصل است.

# %% [markdown] tags=["en"]
# The table and the figure show that the fit of each target becomes exact exactly at $d$ equal to the centred rank,
# and that one dimension less leaves a clear error (the claim `threshold_at_centred_rank`). The uncentred matrix has
# rank one more each time (the claim `full_rank_one_more`): this is the "$-1$" of the chapter's Corollary 1.

# %% [markdown] tags=["fa"]
# ### بایاس خروجی: آستانه با بایاس
#
# با بایاس خروجی، لوجیت‌ها برابر $\mathbf{H}\mathbf{W}^\top + \mathbf{1}\mathbf{b}^\top$ هستند. مختصات افزودهٔ بایاس در بردار
# بافت همیشه ۱ است، پس بایاس فقط جهت ثابت $\mathbf{1}$ را به ستون‌ها می‌افزاید. آستانهٔ دقیق با بایاس رتبهٔ ماتریس
# دوبار مرکزی‌شده است (میانگین سطرها و سپس میانگین ستون‌ها کم می‌شود): $\operatorname{rank}(\mathbf{A}\mathbf{C}) - 1$
# اگر $\mathbf{1}$ در فضای ستونی $\mathbf{A}\mathbf{C}$ باشد، و $\operatorname{rank}(\mathbf{A}\mathbf{C})$ در غیر این
# صورت. دو هدف با رتبهٔ مرکزی‌شدهٔ ۳ می‌سازیم: هدفی عمومی، $\operatorname{softmax}(\mathbf{U}\mathbf{V})$ با بُعد
# درونی ۳، و هدفی که سافت‌مکسی با رتبهٔ ۲ به‌علاوهٔ جمله‌ای مستقل از بافت (شبیه توزیع تک‌واژه‌ای) است. هر دو را با
# $d = 2$ و بایاس، با $d = 2$ بی‌بایاس و با $d = 3$ بی‌بایاس، با L-BFGS برازش می‌کنیم.

# %% [markdown] tags=["en"]
# ### An output bias: the threshold with a bias
#
# With an output bias the logits are $\mathbf{H}\mathbf{W}^\top + \mathbf{1}\mathbf{b}^\top$. The coordinate that the
# bias adds to the context vector is always 1, so the bias adds only the fixed direction $\mathbf{1}$ to the columns.
# The exact threshold with a bias is the rank of the doubly centred matrix (row means, then column means,
# subtracted): $\operatorname{rank}(\mathbf{A}\mathbf{C}) - 1$ if $\mathbf{1}$ lies in the column space of
# $\mathbf{A}\mathbf{C}$, and $\operatorname{rank}(\mathbf{A}\mathbf{C})$ otherwise. We build two targets of centred
# rank 3: a generic one, $\operatorname{softmax}(\mathbf{U}\mathbf{V})$ with inner dimension 3, and one that is a
# rank-2 softmax plus a context-independent (unigram-like) term. We fit each with $d = 2$ and a bias, with $d = 2$ and
# no bias, and with $d = 3$ and no bias, by L-BFGS.

# %%
BIAS_RANK = 3


def bias_experiment():
    generator = torch.Generator().manual_seed(seeds.shift(2))
    targets = {"generic": bottleneck.synthetic_log_probs(CONTEXTS, TOKENS, BIAS_RANK, generator),
               "unigram": bottleneck.unigram_plus_low_rank_log_probs(CONTEXTS, TOKENS, BIAS_RANK - 1, generator)}
    results = {}
    for name, target in targets.items():
        results[name] = {
            "centred": bottleneck.centred_rank(target), "with_bias": bottleneck.bias_threshold(target),
            "distance": bottleneck.ones_distance(target),
            "bias": bottleneck.fit_factorisation(target, BIAS_RANK - 1, generator, restarts=3, bias=True),
            "plain": bottleneck.fit_factorisation(target, BIAS_RANK - 1, generator),
            "full": bottleneck.fit_factorisation(target, BIAS_RANK, generator)}
    # A softmax with a bias, as a trained model has it: its uncentred log-probabilities have rank d + 2.
    H, W = (torch.randn(n, BIAS_RANK, generator=generator, dtype=DTYPE) for n in (CONTEXTS, TOKENS))
    model = torch.log_softmax(H @ W.T + torch.randn(TOKENS, generator=generator, dtype=DTYPE), dim=-1)
    results["model_ranks"] = (int(torch.linalg.matrix_rank(model)), bottleneck.centred_rank(model))
    return results


bias = memoised("bias", bias_experiment)
publish.table("bias", BIAS_HEADER,
              [[BIAS_TARGETS[name], r["centred"], r["with_bias"], r["plain"], r["bias"], r["full"]]
               for name, r in bias.items() if name != "model_ranks"],
              [None, "d", "d", ".1e", ".1e", ".1e"])
for name in ("generic", "unigram"):
    for key in ("bias", "plain", "full"):
        publish.value(f"bias_{name}_{key}_kl", bias[name][key], ".1e")
    publish.value(f"bias_{name}_threshold", bias[name]["with_bias"], "d")
    publish.value(f"bias_{name}_distance", bias[name]["distance"], ".2f")
publish.value("bias_rank", BIAS_RANK, "d")
generic, unigram = bias["generic"], bias["unigram"]
publish.claim("bias_buys_nothing_generic",
              generic["with_bias"] == generic["centred"] == BIAS_RANK and generic["bias"] > CLEAR
              and generic["full"] <= EXACT,
              tr(f"آستانه با بایاس {generic['with_bias']}، برابر رتبهٔ مرکزی‌شده ({generic['centred']})؛ KL با بایاس "
                 rf"در \(d = 2\): {publish.format_number(generic['bias'], '.1e')}، بیشتر از "
                 rf"{publish.format_number(CLEAR, '.0e')}؛ KL در \(d = 3\): "
                 f"{publish.format_number(generic['full'], '.1e')}، حداکثر {publish.format_number(EXACT, '.0e')}؟",
                 f"threshold with a bias {generic['with_bias']} = {generic['centred']}; KL(d = 2, bias) = "
                 f"{generic['bias']:.1e} > {CLEAR:.0e}; KL(d = 3) = {generic['full']:.1e} ≤ {EXACT:.0e}?"))
publish.claim("bias_buys_one_unigram",
              unigram["with_bias"] == unigram["centred"] - 1 == BIAS_RANK - 1 and unigram["bias"] <= EXACT
              and unigram["plain"] > CLEAR,
              tr(f"آستانه با بایاس {unigram['with_bias']}، یکی کمتر از رتبهٔ مرکزی‌شده ({unigram['centred']})؛ KL "
                 rf"با بایاس در \(d = 2\): {publish.format_number(unigram['bias'], '.1e')}، حداکثر "
                 rf"{publish.format_number(EXACT, '.0e')}؛ KL بی‌بایاس در \(d = 2\): "
                 f"{publish.format_number(unigram['plain'], '.1e')}، بیشتر از {publish.format_number(CLEAR, '.0e')}؟",
                 f"threshold with a bias {unigram['with_bias']} = {unigram['centred']} − 1; KL(d = 2, bias) = "
                 f"{unigram['bias']:.1e} ≤ {EXACT:.0e}; KL(d = 2, no bias) = {unigram['plain']:.1e} > "
                 f"{CLEAR:.0e}?"))
full_rank, centred = bias["model_ranks"]
publish.value("bias_model_rank", full_rank, "d")
publish.value("bias_model_centred_rank", centred, "d")
publish.claim("bias_model_rank_d_plus_2", full_rank == BIAS_RANK + 2 and centred == BIAS_RANK + 1,
              tr(rf"رتبه {full_rank} و رتبهٔ مرکزی‌شده {centred}، با \(d = {BIAS_RANK}\)؛ به ترتیب برابر "
                 r"\(d + 2\) و \(d + 1\) هستند؟",
                 f"rank {full_rank} = {BIAS_RANK} + 2, centred rank {centred} = {BIAS_RANK} + 1?"))

# %% [markdown] tags=["fa"]
# روی هدف عمومی، بایاس هیچ بُعدی نمی‌خرد: آستانه با بایاس همان رتبهٔ مرکزی‌شده است و $d = 2$ با بایاس خطای آشکاری
# باقی می‌گذارد، در حالی که $d = 3$ بی‌بایاس دقیق است (ادعای `bias_buys_nothing_generic`). روی هدف «تک‌واژه‌ای به‌علاوهٔ
# کم‌رتبه» بردار $\mathbf{1}$ در فضای ستونی است و $d = 2$ با بایاس دقیق می‌شود (ادعای `bias_buys_one_unigram`). سافت‌مکسی
# با بایاس، مانند مدل‌های آموزش‌دیده، ماتریس مرکزی‌نشده‌ای با رتبهٔ $d + 2$ می‌دهد (ادعای `bias_model_rank_d_plus_2`).

# %% [markdown] tags=["en"]
# On the generic target the bias buys no dimension: the threshold with a bias is the centred rank itself, and $d = 2$
# with a bias leaves a clear error while $d = 3$ without one is exact (the claim `bias_buys_nothing_generic`). On the
# unigram-plus-low-rank target the vector $\mathbf{1}$ lies in the column space, and $d = 2$ with a bias is exact (the
# claim `bias_buys_one_unigram`). A softmax with a bias, as trained models have, gives an uncentred matrix of rank
# $d + 2$ (the claim `bias_model_rank_d_plus_2`).

# %% [markdown] tags=["fa"]
# ## آزمایش ۲: گلوگاه نرم
#
# هر هدفی که احتمال‌هایش مثبت باشد تقریباً همیشه رتبهٔ کامل دارد، پس پرسش واقعی این است که با $d$ کمتر تا چه اندازه
# می‌توان به آن نزدیک شد. چهار هدف با $N = 48$ و $M = 32$ می‌سازیم که همه رتبهٔ مرکزی‌شده کامل ($M - 1$) دارند: سه هدف
# که طیف ماتریس مرکزی‌شده‌شان به‌صورت $i^{-\alpha}$ افت می‌کند (لوجیت‌ها با انحراف معیار ۱)، و هدفی با سطرهای
# یکنواخت روی سادک. برای هر $d$ سه عدد را می‌سنجیم: KL سافت‌مکسِ SVD بریده (برش اکارت–یانگ)، KL بهترین سافت‌مکسی که
# L-BFGS از همان نقطه می‌یابد، و کران دُمی که فصل اثبات می‌کند.

# %% [markdown] tags=["en"]
# ## Experiment 2: the soft bottleneck
#
# Almost every target with positive probabilities has full rank, so the real question is how close a smaller $d$
# can get. We build four targets with $N = 48$ and $M = 32$, all of full centred rank ($M - 1$): three whose
# centred spectrum decays as $i^{-\alpha}$ (logits with standard deviation 1), and one with rows drawn uniformly
# from the simplex. For each $d$ we measure three numbers: the KL of the softmax of the truncated SVD
# (Eckart–Young), the KL of the best softmax that L-BFGS finds from there, and the tail bound the chapter proves.

# %%
SOFT_EXPONENTS = {"power_half": 0.5, "power_1": 1.0, "power_2": 2.0}
SOFT_DIMS = (1, 2, 4, 8, 16, 24)


def soft_experiment():
    generator = torch.Generator().manual_seed(seeds.shift(1))
    targets = {name: bottleneck.power_law_log_probs(CONTEXTS, TOKENS, exponent, generator)
               for name, exponent in SOFT_EXPONENTS.items()}
    targets["uniform"] = bottleneck.dirichlet_log_probs(CONTEXTS, TOKENS, generator)
    return {name: {"rank": bottleneck.centred_rank(target),
                   "best": torch.tensor([bottleneck.best_softmax(target, d)[0] for d in SOFT_DIMS]),
                   "truncated": torch.tensor([bottleneck.eckart_young_kl(target, d) for d in SOFT_DIMS]),
                   "bound": torch.tensor([bottleneck.tail_bound(target, d) for d in SOFT_DIMS])}
            for name, target in targets.items()}


soft = memoised("soft", soft_experiment)
soft_labels = {name: T["power"](exponent) for name, exponent in SOFT_EXPONENTS.items()} | {"uniform": T["uniform"]}
at4, at16 = SOFT_DIMS.index(4), SOFT_DIMS.index(16)
publish.table("soft", SOFT_HEADER, [[soft_labels[name], r["rank"], r["best"][at4].item(), r["best"][at16].item(),
                                     r["bound"][at4].item()] for name, r in soft.items()],
              [None, "d", ".1e", ".1e", ".2g"])
for name, r in soft.items():
    publish.value(f"soft_{name}_d4", r["best"][at4].item(), ".1e")
    publish.value(f"soft_{name}_d16", r["best"][at16].item(), ".1e")
ratio = (soft["power_half"]["best"][at4] / soft["power_2"]["best"][at4]).item()
publish.value("soft_ratio_d4", ratio, ".0f")
publish.claim("soft_full_rank", all(r["rank"] == TOKENS - 1 for r in soft.values()),
              tr("رتبهٔ مرکزی‌شدهٔ هدف‌ها: " + listing([str(r["rank"]) for r in soft.values()], "fa")
                 + f"؛ همگی برابر {TOKENS - 1} هستند؟",
                 ", ".join(str(r["rank"]) for r in soft.values()) + f" = {TOKENS - 1}?"))
ordered = (soft["power_2"]["best"] < soft["power_1"]["best"]) & (soft["power_1"]["best"] < soft["power_half"]["best"])
publish.claim("soft_steeper_fits_better", bool(ordered.all()),
              tr(r"مقدارهای \(d\) که در آن‌ها KL بهترین برازش با بزرگ‌تر شدن نما کم می‌شود: "
                 f"{int(ordered.sum())} از {len(ordered)}",
                 f"{ordered.tolist()}"))
bounded = all(bool(((r["best"] <= r["truncated"] + 1e-12) & (r["truncated"] <= r["bound"])).all()) for r in soft.values())
publish.claim("soft_bounds_hold", bounded,
              tr(r"در هر \(d\)، KL بهترین برازش از KL برش اکارت–یانگ، و آن از کران دُم، بیشتر نیست؟",
                 "best ≤ Eckart–Young ≤ tail bound at every d?"))
gain = max((r["truncated"] / r["best"]).max().item() for r in soft.values())
publish.value("soft_lbfgs_gain", gain, ".1f")
looseness = [(r["bound"][at4] / r["best"][at4]).item() for r in soft.values()]
publish.value("soft_bound_ratio_low", min(looseness), ".0f")
publish.value("soft_bound_ratio_high", max(looseness), ".0f")
publish.figure(bottleneck_plots.soft_bottleneck(SOFT_DIMS, {soft_labels[n]: (r["best"], r["truncated"])
                                                            for n, r in soft.items()}), "soft", **FIGURES["soft"])

# %% [markdown] tags=["fa"]
# همهٔ هدف‌ها رتبهٔ مرکزی‌شدهٔ کامل دارند، با این حال در هر $d$ هرچه طیف تندتر افت کند KL کمتر است (ادعای
# `soft_steeper_fits_better`). در هر $d$، KL بهترین سافت‌مکس از KL سافت‌مکسِ SVD بریده کمتر است و این یکی نیز از کران دُم کمتر است (ادعای
# `soft_bounds_hold`): آنچه اهمیت دارد طیف است، نه رتبهٔ دقیق.

# %% [markdown] tags=["en"]
# All targets have full centred rank, yet at every $d$ the faster the spectrum decays, the lower the KL (the claim
# `soft_steeper_fits_better`). At every $d$ the best softmax lies below the softmax of the truncated SVD, which lies
# below the tail bound (the claim `soft_bounds_hold`): what matters is the spectrum, not the exact rank.

# %% [markdown] tags=["fa"]
# ## آزمایش ۳: سرهای خروجی روی ده بذر جفت‌شده
#
# برای هر بذر هدفی با $N = 48$ بافت، $M = 32$ توکن و رتبهٔ مرکزی‌شده ۱۶ می‌سازیم. سرهای خروجی با بُعد $d = 4$، همراه با
# بردارهای بافت آزاد، با Adam (۱۰۰۰ گام با نرخ ۰٫۰۵ و کاهش کسینوسی) برازش می‌شوند: سافت‌مکس، sigsoftmax، آمیزهٔ
# بافت‌ها و آمیزهٔ سافت‌مکس‌ها با $K$ از ۱ تا ۸. بهترین سافت‌مکس با همان $d$ را L-BFGS از برش اکارت–یانگ پیدا
# می‌کند. سافت‌مکس‌هایی با $d$ از ۶ تا ۱۰ هم برازش می‌شوند؛ سافت‌مکس با $d = 10$ درست همان شمار پارامترِ آمیزهٔ
# سافت‌مکس‌ها با $K = 8$ را دارد. بذر $s$ به همهٔ سرها هدف یکسانی می‌دهد، و هر مقایسه آزمون t جفتی روی ده بذر با
# تصحیح هولم است.

# %% [markdown] tags=["en"]
# ## Experiment 3: output heads over ten paired seeds
#
# For each seed we build a target with $N = 48$ contexts, $M = 32$ tokens and centred rank 16. Output heads of
# dimension $d = 4$ are fitted together with free context vectors by Adam (1000 steps at rate 0.05 with cosine decay):
# softmax, sigsoftmax, the mixture of contexts and the mixture of softmaxes with $K$ from 1 to 8. The best softmax
# of the same $d$ is found by L-BFGS from the Eckart–Young truncation. Softmaxes with $d$ from 6 to 10 are fitted too;
# the one with $d = 10$ has exactly as many parameters as the mixture of softmaxes with $K = 8$. Seed $s$ gives every
# head the same target, and every comparison is a paired t-test over the ten seeds with Holm's correction.

# %%
HEAD_RANK, D, K, STEPS = 16, 4, 8, 1000
COMPONENTS, WIDTHS = (1, 2, 4, 8), (4, 6, 8, 10)
HEADS = {
    "softmax": lambda g: bottleneck.SoftmaxHead(D, TOKENS, g, (len(SEEDS),)),
    "sigsoftmax": lambda g: bottleneck.SigsoftmaxHead(D, TOKENS, g, (len(SEEDS),)),
    "moc": lambda g: bottleneck.MixtureOfContexts(D, TOKENS, K, g, (len(SEEDS),)),
    **{f"mos{k}": (lambda k: lambda g: bottleneck.MixtureOfSoftmaxes(D, TOKENS, k, g, (len(SEEDS),)))(k)
       for k in COMPONENTS},
    **{f"softmax{d}": (lambda d: lambda g: bottleneck.SoftmaxHead(d, TOKENS, g, (len(SEEDS),)))(d)
       for d in WIDTHS[1:]},
    "mos_g": lambda g: bottleneck.MixtureOfSoftmaxes(D, TOKENS, K, g, (len(SEEDS),), inputs=WIDTHS[-1]),
}


def fit_heads(targets, names, first_seed):
    """The best softmax of dimension D and the heads `names`, each fitted by Adam to every seed's target."""
    fitted = {}
    best = [bottleneck.best_softmax(target, D) for target in targets]
    fitted["best"] = {"kl": torch.tensor([kl for kl, _ in best]), "log_q": torch.stack([q for _, q in best]),
                      "parameters": torch.tensor(TOKENS * D)}
    for index, name in enumerate(names):
        generator = torch.Generator().manual_seed(seeds.shift(first_seed + index))
        head = HEADS[name](generator)
        kl, log_q = bottleneck.fit_head(head, targets, STEPS, generator)
        fitted[name] = {"kl": kl, "log_q": log_q, "parameters": torch.tensor(bottleneck.parameter_count(head))}
    return fitted


def heads_experiment():
    targets = torch.stack([bottleneck.synthetic_log_probs(CONTEXTS, TOKENS, HEAD_RANK, torch.Generator().manual_seed(s),
                                                          scale=0.5) for s in SEEDS])
    fitted = fit_heads(targets, list(HEADS), 100)
    for result in fitted.values():
        result["ranks"] = torch.tensor([bottleneck.centred_rank(q) for q in result["log_q"]])
        result["spectrum"] = bottleneck.centred_spectrum(result["log_q"][0])
        del result["log_q"]
    fitted["target_ranks"] = torch.tensor([bottleneck.centred_rank(t) for t in targets])
    return fitted


fitted = memoised("heads", heads_experiment)
fitted["mos"], fitted["wide"] = fitted["mos8"], fitted["softmax10"]
# The dimension of the set of distributions each head reaches for one context (the rank of a Jacobian in g).
probe = torch.Generator().manual_seed(seeds.shift(3))
context_dimensions = {
    "softmax": bottleneck.context_dimension(bottleneck.SoftmaxHead(D, TOKENS, probe), probe),
    "mos": bottleneck.context_dimension(bottleneck.MixtureOfSoftmaxes(D, TOKENS, K, probe), probe),
    "mos_g": bottleneck.context_dimension(bottleneck.MixtureOfSoftmaxes(D, TOKENS, K, probe, inputs=WIDTHS[-1]), probe),
    "mos2_g": bottleneck.context_dimension(bottleneck.MixtureOfSoftmaxes(D, TOKENS, 2, probe, inputs=WIDTHS[-1]), probe),
    "wide": bottleneck.context_dimension(bottleneck.SoftmaxHead(WIDTHS[-1], TOKENS, probe), probe)}
expected_dimensions = {"softmax": D, "mos": min(K * (D + 1) - 1, D), "mos_g": min(K * (D + 1) - 1, WIDTHS[-1]),
                       "mos2_g": min(2 * (D + 1) - 1, WIDTHS[-1]), "wide": WIDTHS[-1]}
print(tr("بُعد به‌ازای هر بافت:", "dimension per context:"), context_dimensions, tr("مورد انتظار:", "expected:"),
      expected_dimensions)
DIMENSION_HEADS = dict(softmax="سافت‌مکس", mos="MoS", mos_g="MoS با g در ℝ¹⁰", mos2_g="MoS دوجزئی با g در ℝ¹⁰",
                       wide="سافت‌مکس پهن‌تر")
for name, value in context_dimensions.items():
    publish.value(f"{name}_context_dimension", value, "d")
publish.claim("mos_dimension_is_min_of_both", context_dimensions == expected_dimensions,
              tr("بُعد به‌ازای هر بافت (اندازه‌گیری‌شده و مورد انتظار)، "
                 + "؛ ".join(f"برای {DIMENSION_HEADS[n]}: {d} و {expected_dimensions[n]}"
                             for n, d in context_dimensions.items()) + "؛ در هر سر برابرند؟",
                 f"{context_dimensions} = {expected_dimensions}?"))
relative = {name: 100 * r["kl"] / fitted["best"]["kl"] for name, r in fitted.items() if name != "target_ranks"}


def ranks_text(ranks):
    low, high = int(ranks.min()), int(ranks.max())
    return number(low) if low == high else f"{number(low)}–{number(high)}"


TABLE_HEADS = {"softmax": D, "best": D, "sigsoftmax": D, "moc": D, "mos": D, "mos_g": D, "wide": WIDTHS[-1]}
publish.table("heads", HEADS_HEADER,
              [[HEAD_NAMES[name], d, int(fitted[name]["parameters"]), stats.interval(fitted[name]["kl"]),
                stats.interval(relative[name]), ranks_text(fitted[name]["ranks"])] for name, d in TABLE_HEADS.items()],
              [None, "d", ",d", ".3f", ".0f", None])
for name in TABLE_HEADS:
    publish.value(f"{name}_kl", stats.interval(fitted[name]["kl"]).mean, ".3f")
    publish.value(f"{name}_relative", stats.interval(relative[name]).mean, ".0f")
    publish.value(f"{name}_rank", int(fitted[name]["ranks"].max()), "d")
    publish.value(f"{name}_parameters", int(fitted[name]["parameters"]), "d")
target_ranks = fitted["target_ranks"]
publish.claim("target_rank_as_built", bool((target_ranks == HEAD_RANK).all()), ranks_text(target_ranks))
for name, value in [("target_rank", HEAD_RANK), ("head_contexts", CONTEXTS), ("head_tokens", TOKENS), ("d", D),
                    ("k", K), ("wide_d", WIDTHS[-1]), ("max_centred_rank", TOKENS - 1), ("seeds", len(SEEDS)),
                    ("steps", STEPS), ("mos_dimension", K * (D + 1) - 1), ("g_d", WIDTHS[-1])]:
    publish.value(name, value, "d")
low_rank = all(bool((fitted[name]["ranks"] <= D).all()) for name in ("softmax", "best", "moc"))
full = all(bool((fitted[name]["ranks"] == TOKENS - 1).all()) for name in ("mos", "sigsoftmax"))
others = [stats.interval(fitted[name]["kl"]).mean for name in TABLE_HEADS if name not in ("wide", "mos_g")]
publish.claim("wide_lowest", stats.interval(fitted["wide"]["kl"]).mean < min(others),
              tr(f"میانگین KL سافت‌مکس پهن‌تر: {stats.interval(fitted['wide']['kl']).mean:.3f}؛ کمترین میانگین KL "
                 f"سرهای دیگر: {min(others):.3f}؛ اولی کمتر است؟",
                 f"{stats.interval(fitted['wide']['kl']).mean:.3f} < {min(others):.3f}?"))
publish.claim("ranks_as_theory", low_rank and full,
              "; ".join(f"{SHOWN.get(n, n)}: {ranks_text(fitted[n]['ranks'])}"
                        for n in ("softmax", "best", "moc", "sigsoftmax", "mos")))

# %% [markdown] tags=["fa"]
# ستون رتبه نشان می‌دهد که رتبهٔ سافت‌مکس و آمیزهٔ بافت‌ها از $d$ بیشتر نمی‌شود و رتبهٔ آمیزهٔ سافت‌مکس‌ها و
# sigsoftmax کامل است (ادعای `ranks_as_theory`). با این حال کمترین میانگین KL از آنِ سافت‌مکس پهن‌تر است (ادعای
# `wide_lowest`)، که رتبه‌اش از رتبهٔ هدف هم کمتر است: رتبهٔ بیشتر به‌تنهایی برازش بهتری نمی‌دهد.

# %% [markdown] tags=["en"]
# The rank column shows that the rank of the softmax and of the mixture of contexts never exceeds $d$, and that the
# mixture of softmaxes and sigsoftmax reach full rank (the claim `ranks_as_theory`). Yet the lowest mean KL belongs
# to the wider softmax (the claim `wide_lowest`), whose rank is below even the target's: more rank alone does not
# give a better fit.

# %% [markdown] tags=["fa"]
# مقایسه‌ها روی KL هر سر به‌صورت درصدی از KL بهترین سافت‌مکس همان بذر انجام می‌شوند، پس اختلاف‌ها بر حسب
# واحد درصدِ آن KL‌اند.

# %% [markdown] tags=["en"]
# The comparisons are made on each head's KL as a percentage of the same seed's best-softmax KL, so the differences
# are in percentage points of that KL.

# %%
def verdicts(pairs, values=relative):
    """Paired comparisons of the relative KLs, Holm-corrected together: {(first, second): (verdict, text)}."""
    compared = stats.compare(values, pairs)
    return {(c.first, c.second): (c.verdict, stats.describe_in_full(c, SHOWN, language(), scale=1,
                                                                  phrases=kl_phrases(SHOWN[c.first], SHOWN[c.second])))
            for c in compared}


# Every verdict compares two heads fitted by the same optimiser (Adam) with the same budget.
head_verdicts = verdicts([("mos", "softmax"), ("mos", "wide"), ("sigsoftmax", "softmax"), ("moc", "softmax"),
                          ("mos_g", "mos"), ("mos_g", "wide")])
for (first, second), (verdict, text) in head_verdicts.items():
    publish.text(f"{first}_vs_{second}", text)
publish.claim("mos_below_softmax", head_verdicts[("mos", "softmax")][0] == "behind",
              head_verdicts[("mos", "softmax")][1])
publish.claim("wide_below_mos", head_verdicts[("mos", "wide")][0] == "ahead", head_verdicts[("mos", "wide")][1])
publish.claim("sigsoftmax_not_below_softmax", head_verdicts[("sigsoftmax", "softmax")][0] != "behind",
              head_verdicts[("sigsoftmax", "softmax")][1])
publish.claim("moc_not_below_softmax", head_verdicts[("moc", "softmax")][0] != "behind",
              head_verdicts[("moc", "softmax")][1])
publish.claim("wider_g_lowers_mos", head_verdicts[("mos_g", "mos")][0] == "behind",
              head_verdicts[("mos_g", "mos")][1])
publish.claim("mos_g_not_below_wide", head_verdicts[("mos_g", "wide")][0] != "behind",
              head_verdicts[("mos_g", "wide")][1])
component_verdicts = verdicts([(f"mos{a}", f"mos{b}") for a, b in zip(COMPONENTS, COMPONENTS[1:])])
for (first, second), (verdict, text) in component_verdicts.items():
    publish.text(f"{first}_vs_{second}", text)
publish.claim("kl_falls_with_k", all(verdict == "ahead" for verdict, _ in component_verdicts.values()),
              "; ".join(text for _, text in component_verdicts.values()))

# %% [markdown] tags=["fa"]
# هر حکم دو سر را مقایسه می‌کند که هر دو با Adam و بودجهٔ یکسان برازش شده‌اند. حکم‌های چاپ‌شده نشان می‌دهند که آمیزهٔ
# سافت‌مکس‌ها به KL کمتری از سافت‌مکس هم‌بُعدش می‌رسد، ولی سافت‌مکس پهن‌تری با همان شمار پارامتر از آن بهتر است؛ آمیزهٔ
# بافت‌ها و sigsoftmax به زیر سافت‌مکس نمی‌رسند، و پهن‌تر کردن ورودی $\mathbf{g}_c$ واگرایی KL آمیزه را کم می‌کند. با هر
# بار دو برابر شدن $K$، KL آمیزه به‌طور معنادار کم می‌شود (ادعای `kl_falls_with_k`).

# %% [markdown] tags=["en"]
# Every verdict compares two heads fitted by Adam with the same budget. The printed verdicts show that the mixture of
# softmaxes reaches a lower KL than the softmax of its dimension, but that a wider softmax with as many parameters
# beats it; the mixture of contexts and sigsoftmax do not get below the softmax, and widening the input
# $\mathbf{g}_c$ lowers the mixture's KL. Each doubling of $K$ lowers the mixture's KL significantly (the claim `kl_falls_with_k`).

# %%
spectra = {name: fitted[name]["spectrum"] for name in ("softmax", "moc", "sigsoftmax", "mos")}
publish.figure(bottleneck_plots.spectra(spectra, HEAD_NAMES, D), "spectra", **FIGURES["spectra"])
intervals = {name: stats.interval(r["kl"]) for name, r in fitted.items() if name != "target_ranks"}
publish.figure(bottleneck_plots.components(
    COMPONENTS, [intervals[f"mos{k}"] for k in COMPONENTS],
    {name: intervals[name] for name in ("best", "sigsoftmax", "moc")},
    {"mos": ([int(fitted[f"mos{k}"]["parameters"]) for k in COMPONENTS], [intervals[f"mos{k}"] for k in COMPONENTS]),
     "wide": ([int(fitted[n]["parameters"]) for n in ("softmax", "softmax6", "softmax8", "softmax10")],
              [intervals[n] for n in ("softmax", "softmax6", "softmax8", "softmax10")])},
    HEAD_NAMES | T["series"]), "components", **FIGURES["components"])

# %% [markdown] tags=["fa"]
# ## آزمایش ۳ب: هدفی که از نوع سافت‌مکس نیست
#
# هدف آزمایش ۳ خود سافت‌مکسی با رتبهٔ ۱۶ است و شاید به سود سافت‌مکس پهن‌تر باشد. اینجا برای هر بذر هدفی می‌سازیم که
# آمیزه‌ای از چهار سافت‌مکس با بُعد ۴ و ماتریس جاسازی مشترک است: رتبهٔ مرکزی‌شده‌اش کامل است و هر بافت ۱۹ مختصات آزاد
# دارد. چهار سر با همان Adam و همان بودجه روی آن برازش می‌شوند، و ستون «بُعد به‌ازای هر بافت» رتبهٔ ماتریس ژاکوبی
# $\mathbf{g}_c \mapsto \log P$ در نقطه‌ای تصادفی است.

# %% [markdown] tags=["en"]
# ## Experiment 3b: a target that is not a softmax
#
# The target of experiment 3 is itself a softmax of rank 16, which may favour the wider softmax. Here each seed gets a
# target that is a mixture of four softmaxes of dimension 4 with one shared embedding matrix: its centred rank is
# full, and each context has 19 free coordinates. Four heads are fitted to it by the same Adam with the same budget,
# and the column "dimension per context" is the rank of the Jacobian of $\mathbf{g}_c \mapsto \log P$ at a random point.

# %%
MIXTURE_K, MIXTURE_D = 4, 4  # the target: a mixture of 4 softmaxes of dimension 4 sharing one embedding matrix
MIXTURE_HEADS = ("softmax", "mos8", "softmax10", "mos_g")


def mixture_experiment():
    targets = torch.stack([bottleneck.mixture_log_probs(CONTEXTS, TOKENS, MIXTURE_D, MIXTURE_K,
                                                        torch.Generator().manual_seed(s)) for s in SEEDS])
    mixture = fit_heads(targets, MIXTURE_HEADS, 200)
    for result in mixture.values():
        del result["log_q"]
    mixture["target_ranks"] = torch.tensor([bottleneck.centred_rank(t) for t in targets])
    return mixture


mixture = memoised("heads_mixture", mixture_experiment)
mixture["mos"], mixture["wide"] = mixture["mos8"], mixture["softmax10"]
COMPARED_HEADS = ("softmax", "mos", "mos_g", "wide")
mixture_relative = {name: 100 * mixture[name]["kl"] / mixture["best"]["kl"] for name in COMPARED_HEADS}
publish.table("heads_targets", TARGETS_HEADER,
              [[HEAD_NAMES[name], context_dimensions[name], int(fitted[name]["parameters"]),
                stats.interval(relative[name]), stats.interval(mixture_relative[name])] for name in COMPARED_HEADS],
              [None, "d", ",d", ".0f", ".0f"])
for name in COMPARED_HEADS:
    publish.value(f"mixture_{name}_relative", stats.interval(mixture_relative[name]).mean, ".0f")
for name, value in [("mixture_k", MIXTURE_K), ("mixture_d", MIXTURE_D),
                    ("mixture_dimension", MIXTURE_K * (MIXTURE_D + 1) - 1)]:
    publish.value(name, value, "d")
publish.claim("mixture_full_rank", bool((mixture["target_ranks"] == TOKENS - 1).all()),
              ranks_text(mixture["target_ranks"]))
mixture_verdicts = verdicts([("mos", "softmax"), ("mos", "wide"), ("mos_g", "mos"), ("mos_g", "wide")],
                            mixture_relative)
for (first, second), (verdict, text) in mixture_verdicts.items():
    publish.text(f"mixture_{first}_vs_{second}", text)
publish.claim("mixture_mos_below_softmax", mixture_verdicts[("mos", "softmax")][0] == "behind",
              mixture_verdicts[("mos", "softmax")][1])
publish.claim("mixture_wide_below_mos", mixture_verdicts[("mos", "wide")][0] == "ahead",
              mixture_verdicts[("mos", "wide")][1])
publish.claim("mixture_wider_g_lowers_mos", mixture_verdicts[("mos_g", "mos")][0] == "behind",
              mixture_verdicts[("mos_g", "mos")][1])
publish.claim("mixture_mos_g_not_below_wide", mixture_verdicts[("mos_g", "wide")][0] != "behind",
              mixture_verdicts[("mos_g", "wide")][1])

# %% [markdown] tags=["fa"]
# روی هدف آمیزه‌ای هم آمیزهٔ سافت‌مکس‌ها از سافت‌مکس هم‌بُعدش بهتر است، ولی سافت‌مکس پهن‌تر از آن بهتر است (ادعای
# `mixture_wide_below_mos`). ترتیب سرها روی هر دو هدف از بُعد به‌ازای هر بافت پیروی می‌کند، نه از رتبه.

# %% [markdown] tags=["en"]
# On the mixture target too, the mixture of softmaxes beats the softmax of its dimension, but the wider softmax beats
# it (the claim `mixture_wide_below_mos`). On both targets the heads are ordered by their dimension per context, not
# by their rank.

# %% [markdown] tags=["fa"]
# در شکل طیف‌ها، مقدارهای تکین سافت‌مکس و آمیزهٔ بافت‌ها پس از $d$ مقدار نخست به حد خطای گرد کردن می‌افتند، ولی طیف
# sigsoftmax و آمیزهٔ سافت‌مکس‌ها ادامه می‌یابد. نمودار راستِ شکل آخر KL را بر حسب شمار پارامتر نشان می‌دهد و
# پارامترهایی را که صرف بُعد بیشتر می‌شوند با پارامترهایی که صرف جزءهای بیشتر می‌شوند مقایسه می‌کند.

# %% [markdown] tags=["en"]
# In the spectra, the singular values of the softmax and of the mixture of contexts fall to rounding error after the
# first $d$, while those of sigsoftmax and of the mixture of softmaxes go on. The right plot of the last figure
# shows KL against the number of parameters, and compares parameters spent on more dimensions with parameters spent
# on more components.

# %% [markdown] tags=["fa"]
# ## آزمایش ۴: هندسه در بُعد دو
#
# با $d = 2$ لوجیت واژهٔ $x$ برابر $\mathbf{h}^\top \mathbf{w}_x$ است. واژه‌ای که رأس پوش محدب بردار واژه‌ها نباشد
# هرگز بیشینهٔ اکید نمی‌شود. این واژه‌ها را یک بار دقیق (با پوش محدب) و یک بار با نمونه‌برداری از بردارهای بافت
# تصادفی می‌شماریم. سپس همین واژه‌ها را با بایاس خروجی، و زیر سرهای خروجی دیگر، دوباره می‌آزماییم.

# %% [markdown] tags=["en"]
# ## Experiment 4: geometry in two dimensions
#
# With $d = 2$ the logit of word $x$ is $\mathbf{h}^\top \mathbf{w}_x$. A word that is not a vertex of the convex
# hull of the embeddings is never the strict argmax. We count these words once exactly (with the convex hull) and
# once by sampling random context vectors. Then we test the same words again with an output bias, and under other
# output heads.

# %%
WORDS, SAMPLES = 14, 200_000
generator = torch.Generator().manual_seed(seeds.shift(4))
embeddings = torch.randn(WORDS, 2, generator=generator, dtype=DTYPE)
biases = torch.randn(WORDS, generator=generator, dtype=DTYPE)
contexts = torch.randn(SAMPLES, 2, generator=torch.Generator().manual_seed(seeds.shift(5)), dtype=DTYPE)
hidden_words = bottleneck.unargmaxable(embeddings)
never_won = sorted(set(range(WORDS)) - set(bottleneck.winners(embeddings, contexts).tolist()))
print(tr("بیشینه‌ناپذیر (پوش محدب):", "unargmaxable (convex hull):"), hidden_words)
print(localise_number(tr(f"هرگز بیشینه نشده در {SAMPLES:,} نمونه:", f"never the argmax in {SAMPLES} samples:"),
                      language()), never_won)
publish.claim("hull_matches_sampling", never_won == hidden_words and len(hidden_words) > 0,
              tr("واژه‌های درون پوش محدب: " + listing([str(w) for w in hidden_words], "fa")
                 + "؛ واژه‌هایی که در نمونه‌ها هرگز بیشینه نشدند: " + listing([str(w) for w in never_won], "fa")
                 + "؛ یکسان‌اند؟",
                 f"{hidden_words} = {never_won}?"))
publish.value("words", WORDS, "d")
publish.value("samples", SAMPLES, ",d")
publish.value("unargmaxable", len(hidden_words), "d")
publish.value("never_won", len(never_won), "d")
publish.figure(bottleneck_plots.geometry(embeddings, hidden_words), "geometry", **FIGURES["geometry"])

# %% [markdown] tags=["fa"]
# شمارش دقیق با پوش محدب و شمارش با نمونه‌برداری همان واژه‌ها را می‌یابند (ادعای `hull_matches_sampling`). در شکل،
# هر واژهٔ روی پوش قطاعی از صفحهٔ بافت را از آنِ خود می‌کند و واژه‌های درون پوش هیچ ناحیه‌ای ندارند.

# %% [markdown] tags=["en"]
# The exact count with the convex hull and the count by sampling find the same words (the claim
# `hull_matches_sampling`). In the figure, each word on the hull wins a sector of the context plane, and the words
# inside the hull win none.

# %% [markdown] tags=["fa"]
# ### بایاس خروجی: پوش نقطه‌های بالابرده
#
# با بایاس، لوجیت $(\mathbf{h}, 1)^\top (\mathbf{w}_x, b_x)$ است، پس نقطه‌های بالابردهٔ $(\mathbf{w}_x, b_x)$ در
# $\mathbb{R}^3$ تصمیم می‌گیرند. واژه‌های برنده را یک بار با پوش محدب این نقطه‌ها و یک بار با یک مسئلهٔ برنامه‌ریزی خطی
# برای هر واژه (آیا بافتی هست که آن را بیشینهٔ اکید کند؟) می‌یابیم، و با نمونه‌برداری می‌سنجیم.

# %% [markdown] tags=["en"]
# ### An output bias: the hull of the lifted points
#
# With a bias the logit is $(\mathbf{h}, 1)^\top (\mathbf{w}_x, b_x)$, so the lifted points $(\mathbf{w}_x, b_x)$ in
# $\mathbb{R}^3$ decide. We find the words that can win once with the convex hull of these points and once with a
# linear programme per word (is there a context that makes it the strict argmax?), and check them by sampling.

# %%
lifted_hidden = bottleneck.unargmaxable(embeddings, biases)
programme_hidden = [i for i in range(WORDS) if not bottleneck.can_win(embeddings, i, biases)]
sampled = set((3 * contexts @ embeddings.T + biases).argmax(-1).tolist())
rescued = sorted(set(hidden_words) - set(lifted_hidden))
print(tr("بیشینه‌ناپذیر با بایاس (پوش نقطه‌های بالابرده):", "unargmaxable with biases (lifted hull):"), lifted_hidden,
      tr("| با برنامه‌ریزی خطی:", "| by linear programmes:"), programme_hidden)
print(tr("واژه‌های درونی که با بایاس برنده می‌شوند:", "interior words that win with biases:"), rescued,
      tr("| برنده‌های یافته با نمونه‌برداری:", "| winners found by sampling:"), sorted(sampled))
publish.claim("lifted_hull_exact", lifted_hidden == programme_hidden,
              tr("واژه‌های بیشینه‌ناپذیر با بایاس، با پوش نقطه‌های بالابرده: "
                 + listing([str(w) for w in lifted_hidden], "fa") + "؛ با برنامه‌ریزی خطی: "
                 + listing([str(w) for w in programme_hidden], "fa") + "؛ یکسان‌اند؟",
                 f"{lifted_hidden} = {programme_hidden}?"))
publish.claim("sampled_winners_on_lifted_hull", not (sampled & set(lifted_hidden)),
              tr(f"برنده‌های نمونه‌برداری که با بایاس بیشینه‌ناپذیرند: {len(sampled & set(lifted_hidden))}؛ صفر است؟",
                 f"{sorted(sampled & set(lifted_hidden))} = []?"))
publish.value("bias_rescued", len(rescued), "d")
publish.value("bias_unargmaxable", len(lifted_hidden), "d")
publish.figure(bottleneck_plots.geometry_with_bias(embeddings, biases), "geometry_bias", **FIGURES["geometry_bias"])

# %% [markdown] tags=["fa"]
# پوش نقطه‌های بالابرده و برنامه‌ریزی‌های خطی همان واژه‌های بیشینه‌ناپذیر را می‌یابند (ادعای `lifted_hull_exact`)، و
# در نمونه‌ها هیچ‌یک از آن‌ها برنده نمی‌شود. سطر دوم خروجی، اگر واژهٔ درونی‌ای با بایاس برنده شود، نام آن را
# می‌آورد.

# %% [markdown] tags=["en"]
# The hull of the lifted points and the linear programmes find the same unargmaxable words (the claim
# `lifted_hull_exact`), and none of them wins in the samples. The second line of the output names the interior words
# that win with the biases, if there are any.

# %% [markdown] tags=["fa"]
# ### سرهایی که رتبه را می‌شکنند
#
# همان ۱۴ بردار واژه را نگه می‌داریم و برای هر سر خروجی ۲۰٬۰۰۰ پیکربندی تصادفی نمونه‌برداری می‌کنیم: آمیزهٔ سه سافت‌مکس با
# $\mathbf{W}$ مشترک و بی‌بایاس، sigsoftmax، سافت‌مکس با همان بایاس‌های تصادفی بخش قبل، و سر رونویسی که با دروازهٔ $g$ احتمال را میان
# سافت‌مکس و دو واژهٔ حاضر در بافت تقسیم می‌کند، و سر خروجی‌ای شبیه Mixtape که $K = 3$ بردار بافت را با دروازه‌هایی وابسته به
# هر توکن می‌آمیزد و سپس یک سافت‌مکس می‌گیرد. برای هر واژهٔ درونی $x$ با وزن‌های $\lambda$ که
# $\mathbf{w}_x = \sum_j \lambda_j \mathbf{w}_{v_j}$، نابرابری جنسن $P(x) \le \sum_j \lambda_j P(v_j)$ را هم
# وارسی می‌کنیم.

# %% [markdown] tags=["en"]
# ### Heads that break the rank
#
# We keep the same 14 word vectors and draw 20,000 random configurations for each output head: a mixture of three
# softmaxes with a shared $\mathbf{W}$ and no bias, sigsoftmax, the softmax with the biases above, and a copy head
# whose gate $g$ splits the probability between the softmax and two words present in the context, and a Mixtape-style
# head that mixes $K = 3$ context vectors with gates that depend on each token before one softmax. For each interior
# word $x$, with weights $\lambda$ such that $\mathbf{w}_x = \sum_j \lambda_j \mathbf{w}_{v_j}$, we also check
# Jensen's inequality $P(x) \le \sum_j \lambda_j P(v_j)$.

# %%
DRAWS, MIXED = 20_000, 3
draw = torch.Generator().manual_seed(seeds.shift(6))


def exponential(*shape):
    return -torch.log1p(-torch.rand(*shape, generator=draw, dtype=DTYPE))


priors = exponential(DRAWS, MIXED)
mixture = bottleneck.mixture_of_softmaxes_probabilities(
    embeddings, 2 * torch.randn(DRAWS, MIXED, 2, generator=draw, dtype=DTYPE), priors / priors.sum(-1, keepdim=True))
logits = 2 * torch.randn(DRAWS, 2, generator=draw, dtype=DTYPE) @ embeddings.T
copied = torch.zeros(DRAWS, WORDS, dtype=DTYPE).scatter_(1, torch.randint(0, WORDS, (DRAWS, 2), generator=draw), 1.0)
copy = bottleneck.copy_head_probabilities(embeddings, 2 * torch.randn(DRAWS, 2, generator=draw, dtype=DTYPE),
                                          torch.rand(DRAWS, generator=draw, dtype=DTYPE), copied)
mixtape = bottleneck.mixtape_probabilities(embeddings, 2 * torch.randn(DRAWS, MIXED, 2, generator=draw, dtype=DTYPE),
                                           2 * torch.randn(DRAWS, WORDS, MIXED, generator=draw, dtype=DTYPE))
probabilities = {"softmax": torch.softmax(logits, -1), "sigsoftmax": torch.softmax(logits + torch.nn.functional.logsigmoid(logits), -1),
                 "mos": mixture, "bias": torch.softmax(logits + biases, -1), "copy": copy, "mixtape": mixtape}
interior_wins = {name: int(torch.isin(p.argmax(-1), torch.tensor(hidden_words)).sum()) for name, p in probabilities.items()}
vertices = [i for i in range(WORDS) if i not in hidden_words]
jensen = max((mixture[:, x] - mixture[:, vertices] @ bottleneck.convex_weights(embeddings[vertices], embeddings[x])).max().item()
             for x in hidden_words)
can = {"softmax": T["no"], "sigsoftmax": T["no"], "mos": T["no"], "bias": T["yes"], "copy": T["yes"],
       "mixtape": T["yes"]}
publish.table("argmax_heads", ARGMAX_HEADER, [[ARGMAX_HEADS[n], can[n], interior_wins[n]] for n in probabilities],
              [None, None, ",d"])
publish.value("draws", DRAWS, ",d")
publish.value("jensen_gap", jensen, ".1e")
publish.value("copy_wins", interior_wins["copy"], ",d")
publish.value("mixtape_wins", interior_wins["mixtape"], ",d")
publish.claim("mixtape_breaks_the_hull", interior_wins["mixtape"] > DRAWS // 100,
              tr(f"نمونه‌هایی که سر شبیه Mixtape در آن‌ها واژه‌ای درونی را بیشینه کرد: {interior_wins['mixtape']:,}؛ "
                 f"بیشتر از {DRAWS // 100:,} (یک درصد از نمونه‌ها) است؟",
                 f"{interior_wins['mixtape']} > {DRAWS // 100}?"))
publish.value("bias_wins", interior_wins["bias"], ",d")
publish.claim("rank_breakers_keep_the_hull", all(interior_wins[n] == 0 for n in ("softmax", "sigsoftmax", "mos")),
              tr("نمونه‌هایی که در آن‌ها واژه‌ای درونی بیشینه شد، "
                 + "؛ ".join(f"برای {ARGMAX_HEADS[n]}: {interior_wins[n]:,}" for n in ("softmax", "sigsoftmax", "mos"))
                 + "؛ همه صفرند؟",
                 str({n: interior_wins[n] for n in ("softmax", "sigsoftmax", "mos")})))
publish.claim("jensen_bound_holds", jensen <= 1e-12,
              tr("بیشینهٔ اختلاف احتمال هر واژهٔ درونی با ترکیب محدب احتمال رأس‌ها: "
                 rf"{publish.format_number(jensen, '.1e')}؛ از \(10^{{-12}}\) بیشتر نیست؟",
                 f"{jensen:.1e} ≤ 1e-12?"))
publish.claim("copy_head_breaks_the_hull", interior_wins["copy"] > 0,
              tr(f"نمونه‌هایی که سر رونویسی در آن‌ها واژه‌ای درونی را بیشینه کرد: {interior_wins['copy']:,}؛ بیشتر از "
                 "صفر است؟",
                 f"{interior_wins['copy']} > 0?"))

# %% [markdown] tags=["fa"]
# جدول نشان می‌دهد که سافت‌مکس، sigsoftmax و آمیزهٔ سافت‌مکس‌ها هرگز واژه‌ای درونی را بیشینه نمی‌کنند، در حالی که سر
# رونویسی و سر شبیه Mixtape چنین می‌کنند (ادعاهای `rank_breakers_keep_the_hull`، `copy_head_breaks_the_hull` و
# `mixtape_breaks_the_hull`). ادعای
# `jensen_bound_holds` نشان می‌دهد که نابرابری جنسن در همهٔ نمونه‌ها برقرار است.

# %% [markdown] tags=["en"]
# The table shows that the softmax, sigsoftmax and the mixture of softmaxes never make an interior word the argmax,
# while the copy head and the Mixtape-style head do (the claims `rank_breakers_keep_the_hull`,
# `copy_head_breaks_the_hull` and `mixtape_breaks_the_hull`). The claim
# `jensen_bound_holds` shows that Jensen's inequality holds in every sample.

# %% [markdown] tags=["fa"]
# ### با بزرگ شدن $d$ تقریباً هر نقطه رأس پوش می‌شود
#
# ۱۰۰ نقطهٔ تصادفی از توزیع گاوسی در $\mathbb{R}^d$ نمونه‌برداری می‌کنیم و با یک مسئلهٔ برنامه‌ریزی خطی برای هر نقطه می‌شماریم که چند
# درصدشان رأس پوش محدب‌اند.

# %% [markdown] tags=["en"]
# ### As $d$ grows, almost every point becomes a hull vertex
#
# We draw 100 random Gaussian points in $\mathbb{R}^d$ and count, with one linear programme per point, the share of
# them that are vertices of their convex hull.

# %%
POINTS, HULL_DIMS = 100, (2, 3, 5, 8, 13, 21)
shares = memoised("hull_share", lambda: {d: bottleneck.hull_vertex_share(
    torch.randn(POINTS, d, generator=torch.Generator().manual_seed(seeds.shift(10 + d)), dtype=DTYPE))
    for d in HULL_DIMS})
print({d: f"{share:.0%}" for d, share in shares.items()})
publish.value("hull_points", POINTS, "d")
for d, share in shares.items():
    publish.value(f"hull_share_{d}", 100 * share, ".0f")
publish.claim("hull_share_grows", shares[HULL_DIMS[0]] < 0.2 and shares[HULL_DIMS[-1]] >= 0.95,
              tr(rf"سهم نقطه‌هایی که رأس پوش محدب‌اند، در \(d = {HULL_DIMS[0]}\): {shares[HULL_DIMS[0]]:.0%}؛ کمتر "
                 rf"از ۲۰٪ است؟ در \(d = {HULL_DIMS[-1]}\): {shares[HULL_DIMS[-1]]:.0%}؛ دست‌کم ۹۵٪ است؟",
                 f"{shares[HULL_DIMS[0]]:.0%} < 20%, {shares[HULL_DIMS[-1]]:.0%} ≥ 95%?"))


# %% [markdown] tags=["fa"]
# در صفحه فقط سهم کوچکی از نقطه‌ها رأس پوش‌اند، ولی در بالاترین بُعد آزموده تقریباً همهٔ آن‌ها رأس پوش‌اند
# (ادعای `hull_share_grows`). به همین دلیل، چنان‌که فصل ۱ توضیح می‌دهد، محدودیت پوش محدب در مدل‌هایی با صدها بُعد اهمیت
# کمتری دارد.

# %% [markdown] tags=["en"]
# In the plane only a small share of the points are hull vertices, but in the highest dimension tried almost all of
# them are (the claim `hull_share_grows`). That is why, as Chapter 1 explains, the convex-hull limit matters less in
# models with hundreds of dimensions.
