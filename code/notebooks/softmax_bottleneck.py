# ---
# jupyter:
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
# این نوت‌بوک ادعاهای فصل ۱ را روی ماتریس‌های کوچک می‌آزماید: آستانهٔ دقیق بُعدی که سافت‌مکس برای بازسازی یک
# توزیع لازم دارد، رتبهٔ ماتریس لگاریتم احتمال سه سر خروجی (سافت‌مکس، آمیزهٔ بافت‌ها و آمیزهٔ سافت‌مکس‌ها) در
# بُعد برابر، و هندسهٔ واژه‌هایی که در بُعد دو هرگز بیشینه نمی‌شوند. همهٔ محاسبه‌ها در دقت float64 است.

# %% [markdown] tags=["en"]
# # Chapter 1 notebook: the softmax bottleneck
#
# This notebook tests the claims of Chapter 1 on small matrices: the exact dimension a softmax needs to reproduce a
# distribution, the rank of the log-probability matrices of three output heads (softmax, mixture of contexts and
# mixture of softmaxes) at equal dimension, and the geometry of words that can never be the argmax in two
# dimensions. All computations are in float64.

# %%
import torch

from dlbook import bottleneck, bottleneck_plots, plotting, publish
from dlbook.memo import memoised

plotting.setup()
EXACT = 1e-6  # a fit counts as exact when KL(P* ‖ P) is at most this

# %% tags=["fa"]
# The words, captions and alt texts of this edition.
HEAD_NAMES = {"softmax": "سافت‌مکس", "moc": "آمیزهٔ بافت‌ها (MoC)", "mos": "آمیزهٔ سافت‌مکس‌ها (MoS)"}
THRESHOLD_HEADER = ["رتبهٔ هدف r", "rank(A)", "رتبهٔ مرکزی", "کوچک‌ترین d دقیق", "KL در d = r − ۱", "KL در d = r"]
HEADS_HEADER = ["سر خروجی", "شمار پارامترها", "KL", "رتبهٔ عددی"]
FIGURES = {
    "threshold": dict(
        caption="کمترین واگرایی KL که برازش آزاد $\\mathbf{H}\\mathbf{W}^\\top$ با بُعد $d$ به آن می‌رسد، برای دو "
                "هدف با رتبهٔ مرکزی $r$. خط‌چین افقی مرز برازش دقیق است و خط‌های نقطه‌چین عمودی $d = r$ را نشان "
                "می‌دهند: برازش درست از همان‌جا دقیق می‌شود.",
        alt="نمودار KL بر حسب d برای دو رتبهٔ هدف؛ KL تا پیش از d برابر r بالاست و در d برابر r ناگهان به صفر عددی "
            "می‌افتد."),
    "spectra": dict(
        caption="مقدارهای تکین ماتریس مرکزی‌شدهٔ لگاریتم احتمال، بخش بر بزرگ‌ترینشان، برای سه سر خروجی با بُعد برابر. "
                "طیف سافت‌مکس و آمیزهٔ بافت‌ها پس از $d$ مقدار به صفر عددی سقوط می‌کند؛ طیف آمیزهٔ سافت‌مکس‌ها "
                "ادامه می‌یابد.",
        alt="سه منحنی طیف مقدار تکین؛ دو منحنی پس از شاخص d فرو می‌ریزند و یکی هموار ادامه می‌دهد."),
    "geometry": dict(
        caption="بُعد دو. چپ: بردار واژه‌ها و پوش محدبشان؛ واژه‌های قرمز درون پوش‌اند. راست: واژه‌ای که به‌ازای "
                "هر بردار بافت $\\mathbf{h}$ بیشترین لوجیت را دارد. هر ناحیه قطاعی از صفحه است و واژه‌های درون پوش "
                "هیچ ناحیه‌ای ندارند.",
        alt="چپ: نقطه‌های واژه با چندضلعی پوش محدب؛ راست: صفحهٔ بافت که به قطاع‌های رنگی واژه‌های برنده تقسیم "
            "شده است."),
}

# %% tags=["en"]
# The words, captions and alt texts of this edition.
HEAD_NAMES = {"softmax": "softmax", "moc": "mixture of contexts (MoC)", "mos": "mixture of softmaxes (MoS)"}
THRESHOLD_HEADER = ["target rank r", "rank(A)", "centred rank", "smallest exact d", "KL at d = r − 1",
                    "KL at d = r"]
HEADS_HEADER = ["output head", "parameters", "KL", "numerical rank"]
FIGURES = {
    "threshold": dict(
        caption="The smallest KL divergence that a free fit $\\mathbf{H}\\mathbf{W}^\\top$ of dimension $d$ reaches, "
                "for two targets of centred rank $r$. The dashed horizontal line is the level of an exact fit and the "
                "dotted vertical lines mark $d = r$: the fit becomes exact exactly there.",
        alt="KL against d for two target ranks; KL stays high below d equal to r and drops to numerical zero "
            "at d equal to r."),
    "spectra": dict(
        caption="Singular values of the row-centred log-probability matrix, divided by the largest, for three "
                "output heads of equal dimension. The spectra of softmax and of the mixture of contexts fall to "
                "numerical zero after $d$ values; that of the mixture of softmaxes goes on.",
        alt="Three singular-value curves; two collapse after index d and one continues smoothly."),
    "geometry": dict(
        caption="Two dimensions. Left: the word embeddings and their convex hull; the red words lie inside it. "
                "Right: the word with the largest logit for each context vector $\\mathbf{h}$. Each region is a "
                "sector of the plane, and the words inside the hull have none.",
        alt="Left: word points with the convex-hull polygon; right: the context plane divided into coloured "
            "sectors of winning words."),
}

# %% [markdown] tags=["fa"]
# ## آزمایش ۱: آستانهٔ رتبه
#
# هدف‌ها را به‌صورت $P^* = \operatorname{softmax}(\mathbf{U}\mathbf{V})$ می‌سازیم تا رتبهٔ مرکزی
# $\log P^*$ دقیقاً $r$ باشد. سپس برای هر $d$ از ۱ تا $r + 2$ ماتریس‌های آزاد $\mathbf{H}$ و $\mathbf{W}$ را با
# L-BFGS برازش می‌کنیم و کمترین KL را نگه می‌داریم.

# %% [markdown] tags=["en"]
# ## Experiment 1: the rank threshold
#
# We build targets $P^* = \operatorname{softmax}(\mathbf{U}\mathbf{V})$, so that the centred rank of $\log P^*$ is
# exactly $r$. Then, for each $d$ from 1 to $r + 2$, we fit free matrices $\mathbf{H}$ and $\mathbf{W}$ with
# L-BFGS and keep the smallest KL.

# %%
CONTEXTS, TOKENS, RANKS = 48, 32, (3, 6)


def threshold_experiment():
    generator = torch.Generator().manual_seed(0)
    results = {}
    for rank in RANKS:
        target = bottleneck.synthetic_log_probs(CONTEXTS, TOKENS, rank, generator)
        kls = [bottleneck.fit_factorisation(target, d, generator) for d in range(1, rank + 3)]
        results[rank] = (target, torch.tensor(kls, dtype=torch.float64))
    return results


results = memoised("threshold", threshold_experiment)
rows, curves = [], {}
for size, (rank, (target, kls)) in zip(("small", "large"), results.items()):
    full_rank = int(torch.linalg.matrix_rank(target))
    centred = bottleneck.centred_rank(target)
    exact_from = 1 + int(torch.nonzero(kls <= EXACT)[0])
    assert centred == rank and exact_from == centred and (kls[: centred - 1] > 1e-3).all()
    assert full_rank == centred + 1  # the chapter points at this "−1"
    rows.append([rank, full_rank, centred, exact_from, kls[rank - 2].item(), kls[rank - 1].item()])
    curves[rank] = kls.tolist()
    publish.value(f"rank_{size}", rank, "d")
    publish.value(f"threshold_{size}", exact_from, "d")
    publish.value(f"full_rank_{size}", full_rank, "d")
publish.value("contexts", CONTEXTS, "d")
publish.value("tokens", TOKENS, "d")
publish.table("threshold", THRESHOLD_HEADER, rows, ["d", "d", "d", "d", ".1e", ".1e"])

# %%
publish.figure(bottleneck_plots.threshold(curves, EXACT), "threshold", **FIGURES["threshold"])

# %% [markdown] tags=["fa"]
# ## آزمایش ۲: سافت‌مکس، آمیزهٔ بافت‌ها و آمیزهٔ سافت‌مکس‌ها با بُعد برابر
#
# هدفی با رتبهٔ مرکزی بالا می‌سازیم و سه سر خروجی با بُعد $d$ کوچک‌تر از آن را، همراه با بردارهای بافت آزاد، با
# Adam برازش می‌کنیم. سپس KL و رتبهٔ عددی ماتریس مرکزی‌شدهٔ لگاریتم احتمال هرکدام را می‌سنجیم.

# %% [markdown] tags=["en"]
# ## Experiment 2: softmax, mixture of contexts and mixture of softmaxes at equal dimension
#
# We build a target of high centred rank and fit three output heads of a smaller dimension $d$, together with
# free context vectors, with Adam. Then we measure the KL and the numerical rank of each head's row-centred
# log-probability matrix.

# %%
HEAD_CONTEXTS, HEAD_TOKENS, HEAD_RANK, D, K, STEPS = 64, 48, 32, 4, 8, 3000
target = bottleneck.synthetic_log_probs(HEAD_CONTEXTS, HEAD_TOKENS, HEAD_RANK, torch.Generator().manual_seed(1),
                                        scale=0.5)


def heads_experiment():
    made = {"softmax": lambda: bottleneck.SoftmaxHead(D, HEAD_TOKENS),
            "moc": lambda: bottleneck.MixtureOfContexts(D, HEAD_TOKENS, K),
            "mos": lambda: bottleneck.MixtureOfSoftmaxes(D, HEAD_TOKENS, K)}
    fitted = {}
    for name, make in made.items():
        torch.manual_seed(2)
        head = make()
        kl, log_q = bottleneck.fit_head(head, target, STEPS, torch.Generator().manual_seed(3))
        fitted[name] = (torch.tensor(kl), log_q, torch.tensor(bottleneck.parameter_count(head)))
    return fitted


fitted = memoised("heads", heads_experiment)
rows, spectra, ranks = [], {}, {}
for name, (kl, log_q, parameters) in fitted.items():
    spectra[name] = bottleneck.centred_spectrum(log_q)
    ranks[name] = bottleneck.numerical_rank(spectra[name])
    rows.append([HEAD_NAMES[name], int(parameters), kl.item(), ranks[name]])
    publish.value(f"{name}_rank", ranks[name], "d")
    publish.value(f"{name}_kl", kl.item(), ".3f")
assert ranks["softmax"] <= D and ranks["moc"] <= D and ranks["mos"] == HEAD_TOKENS - 1
assert fitted["mos"][0] < fitted["softmax"][0] and fitted["mos"][0] < fitted["moc"][0]
publish.value("target_rank", bottleneck.centred_rank(target), "d")
for name, value in [("head_contexts", HEAD_CONTEXTS), ("head_tokens", HEAD_TOKENS), ("d", D), ("k", K)]:
    publish.value(name, value, "d")
publish.value("max_centred_rank", HEAD_TOKENS - 1, "d")
publish.table("heads", HEADS_HEADER, rows, [None, ",d", ".3f", "d"])

# %%
publish.figure(bottleneck_plots.spectra(spectra, HEAD_NAMES, D), "spectra", **FIGURES["spectra"])

# %% [markdown] tags=["fa"]
# ## آزمایش ۳: هندسه در بُعد دو
#
# با $d = 2$ لوجیت واژهٔ $x$ برابر $\mathbf{h}^\top \mathbf{w}_x$ است. واژه‌ای که رأس پوش محدب بردار واژه‌ها نباشد
# هرگز بیشینهٔ اکید نمی‌شود. این واژه‌ها را یک بار دقیق (با پوش محدب) و یک بار با نمونه‌برداری از بردارهای بافت
# تصادفی می‌شماریم.

# %% [markdown] tags=["en"]
# ## Experiment 3: geometry in two dimensions
#
# With $d = 2$ the logit of word $x$ is $\mathbf{h}^\top \mathbf{w}_x$. A word that is not a vertex of the convex
# hull of the embeddings is never the strict argmax. We count these words once exactly (with the convex hull) and
# once by sampling random context vectors.

# %%
WORDS, SAMPLES = 14, 200_000
embeddings = torch.randn(WORDS, 2, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
hidden_words = bottleneck.unargmaxable(embeddings)
contexts = torch.randn(SAMPLES, 2, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
never_won = sorted(set(range(WORDS)) - set(bottleneck.winners(embeddings, contexts).tolist()))
print("unargmaxable (convex hull):", hidden_words)
print("never the argmax in", SAMPLES, "samples:", never_won)
assert never_won == hidden_words and hidden_words
publish.value("words", WORDS, "d")
publish.value("samples", SAMPLES, ",d")
publish.value("unargmaxable", len(hidden_words), "d")
publish.value("never_won", len(never_won), "d")
publish.figure(bottleneck_plots.geometry(embeddings, hidden_words), "geometry", **FIGURES["geometry"])
