# ---
# jupyter:
#   book:
#     seconds: 760  # a rough cold run, both languages: the longest notebooks start first
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["fa"]
# # نوت‌بوک فصل ۳ (بخش پ): اثر تابع فعال‌سازی
#
# ده تابع فعال‌سازی را در شبکه‌ای با شش لایهٔ پنهان روی MNIST-1D و مجموعه‌دادهٔ ارقام دست‌نویس scikit-learn
# می‌آزماییم. بودجهٔ آموزش بر حسب گام بهینه‌سازی است و آن‌قدر بلند است که هر تابع یا همگرا شود یا ماندنش روی
# یک سطح آشکار شود. نرخ یادگیری و بهرهٔ وزن‌های آغازین هر تابع روی دادهٔ اعتبارسنجی و با بذرهایی برگزیده می‌شوند
# که هرگز در نتیجه‌ها گزارش نمی‌شوند؛ هر پیکربندی نهایی با شانزده بذر جفت‌شده آموزش می‌بیند، و هر مقایسه را
# آزمون t جفتی و آزمون دقیق تغییر علامت، هر دو با تصحیح هولم، داوری می‌کنند. سپس سرعت و دقت نهایی را جدا
# می‌سنجیم، و عمق، حذف میانگین، گرادیان‌ها، واحدهای مرده و اثر مقداردهی اولیه را.
#
# هدف این است که بدانیم هر تابع چه اندازه سریع و تا کجا یاد می‌گیرد، و هر اختلافی را فقط وقتی معنادار بشماریم که
# آزمون آماری آن را تأیید کند. همهٔ نتیجه‌ها به همین یک تقسیم داده مشروط‌اند.

# %% [markdown] tags=["en"]
# # Chapter 3 notebook (part C): the effect of the activation function
#
# We try ten activation functions in a network with six hidden layers on MNIST-1D and on scikit-learn's handwritten
# digits. The training budget is counted in optimisation steps and is long enough for each function either to
# converge or to show that it has stalled. Each function's learning rate and initial weight gain are chosen on
# validation data with seeds that are never reported; every final configuration trains with sixteen paired seeds,
# and each comparison is settled by a paired t-test and the exact sign-flip test, both with Holm's correction. Then
# we measure how fast and how far each function trains, separately, and depth, removing the mean, gradients, dead
# units and the effect of the initialisation.
#
# The aim is to learn how fast and how far each function trains, and to count a difference as real only when a
# statistical test confirms it. Every result is conditional on this one split of the data.

# %%
import math

import torch

from dlbook import activations, data, plotting, publish, seeds, stats, sweep, text, training, training_plots
from dlbook.memo import memoised
from dlbook.text import language, listing, tr

plotting.setup()
_ = torch.manual_seed(seeds.shift(0))
DEVICE = data.device()
REPORTED = 16                                # 2^16 sign patterns: the exact test can carry every Holm family here
SEEDS = seeds.seeds(REPORTED)                # paired: seed s gives every configuration the same data order and draws
TUNING = seeds.seeds(REPORTED + 3)[REPORTED:]  # rates and gains are chosen with these, never with a reported seed
NAMES = list(activations.ACTIVATIONS)
DATASETS = {"MNIST-1D": data.to_device(data.mnist1d(), DEVICE), "digits": data.to_device(data.digits(), DEVICE)}
DEPTH, WIDTH, BATCH, MOMENTUM = 6, 64, 128, 0.9
STEPS, PATIENCE = 2000, 400  # the budget in optimisation steps: at most STEPS, and a stop after PATIENCE without gain
GRID = [0.03, 0.1, 0.3]      # learning rates of SGD with momentum, widened where the best is at an edge
GAINS = [1.0, 2 ** 0.5, 2.0]  # initial gains tried for every function: Xavier's (square layers), Kaiming's, and 2
FAST = {"MNIST-1D": 0.35, "digits": 0.9}  # "how fast": the steps until the validation accuracy first reaches this
for name, setting, spec in [("depth", DEPTH, "d"), ("width", WIDTH, "d"), ("steps", STEPS, "d"),
                            ("patience", PATIENCE, "d"), ("batch", BATCH, "d"), ("momentum", MOMENTUM, "g"),
                            ("seeds", len(SEEDS), "d"), ("tuning_seeds", len(TUNING), "d"),
                            ("smallest_rate", GRID[0], "g"), ("largest_rate", GRID[-1], "g"),
                            ("fast_mnist1d", 100 * FAST["MNIST-1D"], ".0f"), ("fast_digits", 100 * FAST["digits"], ".0f")]:
    publish.value(name, setting, spec)
publish.value("leaky_slope", activations.LEAKY_SLOPE, "g")


def sizes(features, depth=DEPTH):
    return [features] + [WIDTH] * depth + [10]


def sgd(parameters, lr):  # as in the UvA tutorial: SGD with momentum (fused: one kernel for all the parameters)
    return torch.optim.SGD(parameters, lr=lr, momentum=MOMENTUM, fused=True)


def key_of(name, scheme, *options):
    """A configuration as a key: 'tanh/1', 'relu/default', 'sigmoid/2/norm', 'softplus/1.41/centred'."""
    return "/".join([name, scheme if isinstance(scheme, str) else f"{scheme:.3g}", *options])


def parse(key):
    name, scheme, *options = key.split("/")
    return name, scheme if scheme in ("default", "xavier", "kaiming") else float(scheme), options


def steps_per_epoch(splits):
    return math.ceil(len(splits.train.y) / BATCH)


def build(splits, depth=DEPTH):
    def make(key, network_seeds):
        name, scheme, options = parse(key)
        model = training.BatchedMLP(sizes(splits.train.x.shape[1], depth), activations.ACTIVATIONS[name][0],
                                    network_seeds, init=scheme, norm="layer" if "norm" in options else None,
                                    residual="residual" in options).to(DEVICE)
        return training.centre_inputs(model, splits.train.x) if "centred" in options else model
    return make


def trainer(splits, depth=DEPTH):
    """Train runs for the budget in steps: the epochs and the patience that STEPS and PATIENCE come to."""
    per_epoch = steps_per_epoch(splits)
    def train(runs, network_seeds):
        return sweep.train_runs(build(splits, depth), splits, sgd, runs, network_seeds, math.ceil(STEPS / per_epoch),
                                BATCH, math.ceil(PATIENCE / per_epoch))
    return train


def study(splits, keys, depth=DEPTH, reported=SEEDS):
    """Each key's rate chosen on validation with the tuning seeds; for each name, its best key (a gain, say) then
    trains with the reported seeds."""
    return sweep.study(trainer(splits, depth), keys, GRID, TUNING, reported, group=lambda key: key.split("/")[0])


def candidates(names, *options):
    return [key_of(n, g, *options) for n in names for g in GAINS]


percent = stats.percent
# %% tags=["fa"]
# The words, captions and alt texts of this edition.
T = dict(activation="تابع فعال‌سازی", val="دقت اعتبارسنجی", gradient="نُرم گرادیان وزن‌ها", rate="نرخ",
         test="دقت آزمون (٪)", default="پیش‌فرض PyTorch", xavier="Xavier", kaiming="Kaiming", gain="بهره",
         shift="میانگین خروجی", input_share="سهم وابسته به ورودی", chi="χ₁ در بهرهٔ برگزیده",
         chi_rule="χ₁ در بهرهٔ قاعدهٔ واریانس", steps="گام", fast="میانهٔ گام تا آستانه", reached="بذرهای رسیده",
         edges="نرخ برگزیده هنوز در یکی از دو سر بازهٔ نرخ‌های آزموده است، برای: ", deepest="عمیق‌ترین شبکهٔ آموزش‌دیده",
         hidden_layers="شمار لایه‌های پنهان", plain="ساده", norm="نرمال‌سازی لایه", residual="اتصال میان‌بر",
         both="هر دو درمان", plain_alone="بدون درمان", centred="ورودی مرکزی‌شده", uncentred="بدون مرکزی‌سازی",
         at_chance="بذرهای در سطح تصادفی", median="میانه (٪)", none="هیچ تابعی",
         of_seeds=lambda name, k, n: f"{name} ({text.persian_number(str(k))} بذر از {text.persian_number(str(n))})",
         dead_change={"behind": "پس از آموزش، واحدهای مرده به‌طور معنادار کمترند: برخی از آن‌ها زنده شده‌اند",
                      "ahead": "پس از آموزش، واحدهای مرده به‌طور معنادار بیشترند",
                      "indistinguishable": "تفاوت سهم واحدهای مرده پیش و پس از آموزش معنادار نیست"},
         dead_depth={"ahead": "شبکهٔ عمیق‌تر به‌طور معنادار واحدهای مردهٔ بیشتری دارد",
                     "behind": "شبکهٔ عمیق‌تر به‌طور معنادار واحدهای مردهٔ کمتری دارد",
                     "indistinguishable": "تفاوت سهم واحدهای مرده در دو عمق معنادار نیست"},
         with_part=lambda name, part: f"{name} با {part}",
         initialised=lambda name, scheme: f"{name} با مقداردهی {scheme}",
         after="پس از آموزش", before="پیش از آموزش",
         layers=lambda depth: f"{text.persian_number(str(depth))} لایهٔ پنهان",
         depth_column=lambda depth: f"{text.persian_number(str(depth))} لایه: دقت آزمون (٪)",
         at_gain=lambda name, gain: f"{name} با بهرهٔ {text.persian_number(f'{gain:.3g}')}",
         groups=lambda top, rest: (
             f"هیچ‌یک از {text.listing(top, 'fa')} به‌طور معنادار از دیگری بهتر نیست" if not rest else
             f"هیچ تابعی به‌طور معنادار از {text.listing(top, 'fa')} بهتر نیست" + (
                 f"؛ {text.listing(rest, 'fa')} به‌طور معنادار از دست‌کم یکی از آن‌ها بدتر است" if len(rest) == 1
                 else f"؛ هریک از {text.listing(rest, 'fa')} به‌طور معنادار از دست‌کم یکی از آن‌ها بدتر است")),
         matrix_note="هر خانه: اختلاف میانگین دقت آزمونِ سطر منهای ستون (واحد درصد)، فقط آن‌جا که آزمون t جفتی و "
                     "آزمون دقیق تغییر علامت، هر دو با تصحیح هولم، در سطح ۵٪ آن را تأیید می‌کنند؛ خانهٔ خاکستری یعنی "
                     "تفاوت معنادار نیست.")
SHOWN = {"sigmoid": "سیگموید", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "ReLU نشتی", "elu": "ELU",
         "gelu": "GELU", "silu": "SiLU", "softplus": "Softplus", "mish": "Mish", "selu": "SELU",
         "MNIST-1D": "MNIST-1D", "digits": "ارقام دست‌نویس"}
COUNT = text.persian_number(str(len(NAMES)))
FIGURES = {
    "functions": dict(
        caption=f"{COUNT} تابع فعال‌سازی (خط پیوسته) و مشتقشان که با مشتق‌گیری خودکار حساب شده است (خط‌چین).",
        alt=f"{COUNT} نمودار کوچک، هرکدام یک تابع فعال‌سازی و مشتق آن."),
    "rates": dict(
        caption="میانگین بهترین دقت اعتبارسنجی بذرهای تنظیم بر حسب نرخ یادگیری، برای هر تابع فعال‌سازی با بهرهٔ "
                "برگزیده‌اش؛ نقطهٔ درشت نرخ برگزیده است. چپ: MNIST-1D، راست: ارقام دست‌نویس.",
        alt="دو نمودار با منحنی‌های دقت اعتبارسنجی بر حسب نرخ یادگیری روی محور لگاریتمی."),
    "curves": dict(
        caption="سرعت: دقت اعتبارسنجی بر حسب گام بهینه‌سازی با نرخ و بهرهٔ برگزیدهٔ هر تابع، روی MNIST-1D (چپ) و "
                "ارقام دست‌نویس (راست)؛ خط میانگین بذرهای گزارش‌شده و نوار از کمینه تا بیشینهٔ آن‌هاست. منحنی هر "
                "بذر با توقف زودهنگامش پایان می‌یابد.",
        alt="دو نمودار با منحنی‌های دقت اعتبارسنجی بر حسب گام؛ منحنی سیگموید دیرتر از بقیه بالا می‌رود."),
    "final": dict(
        caption="مسافت: دقت آزمون نهایی هر تابع پس از بودجهٔ کامل، روی MNIST-1D (چپ) و ارقام دست‌نویس (راست)؛ "
                "هر نقطه یک بذر و خط افقی میانه است.",
        alt="دو نمودار نقطه‌ای از دقت آزمون هر بذر برای هر تابع فعال‌سازی."),
    "significance": dict(
        caption="مقایسهٔ جفتی همهٔ تابع‌ها: اختلاف دقت آزمون سطر و ستون، هرجا معنادار باشد.",
        alt="دو ماتریس رنگی از اختلاف‌های معنادار دقت آزمون میان تابع‌های فعال‌سازی."),
    "depth": dict(
        caption="میانگین دقت آزمون روی ارقام دست‌نویس بر حسب شمار لایه‌های پنهان، برای هر تابع با بهرهٔ برگزیده‌اش "
                "و نرخی که در همان عمق برگزیده شده است.",
        alt="نمودار خطی دقت آزمون بر حسب عمق برای تابع‌های فعال‌سازی."),
    "gradients": dict(
        caption="نُرم گرادیان وزن‌های هر لایه در شبکهٔ تازه با بهرهٔ برگزیدهٔ هر تابع، میانگین بذرها. لایهٔ ۱ "
                "نزدیک ورودی و لایهٔ ۷ لایهٔ خروجی است.",
        alt="نمودار خطی نُرم گرادیان بر حسب لایه برای تابع‌های فعال‌سازی، روی محور لگاریتمی."),
    "histograms": dict(
        caption="توزیع فعال‌سازی‌های هر لایهٔ پنهان در شبکهٔ تازه، برای سیگموید، tanh و ReLU.",
        alt="جدولی از هیستوگرام‌ها: هر ردیف یک تابع فعال‌سازی و هر ستون یک لایه."),
    "dead": dict(
        caption="چپ: سهم واحدهای ReLU مرده در هر لایه، پیش و پس از آموزش روی MNIST-1D. راست: سهم واحدهای مرده در "
                "شبکهٔ تازه بر حسب شمار لایه‌های پنهان.",
        alt="دو نمودار: سهم واحدهای مرده بر حسب لایه پیش و پس از آموزش، و بر حسب عمق شبکه."),
}

# %% tags=["en"]
# The words, captions and alt texts of this edition.
T = dict(activation="activation function", val="validation accuracy", gradient="gradient norm of the weights",
         rate="rate", test="test accuracy (%)", default="PyTorch default", xavier="Xavier", kaiming="Kaiming",
         gain="gain", shift="mean output", input_share="input-dependent share", chi="χ₁ at the chosen gain",
         chi_rule="χ₁ at the variance rule's gain", steps="steps", fast="median steps to the threshold",
         reached="seeds that reach it", edges="the chosen rate is still at an edge of the grid for: ",
         deepest="deepest network that trains", hidden_layers="number of hidden layers", plain="plain",
         norm="layer normalisation", residual="residual connections", both="both", plain_alone="without a remedy",
         centred="centred inputs", uncentred="not centred", at_chance="seeds at chance", median="median (%)",
         none="no function", of_seeds=lambda name, k, n: f"{name} ({k} of {n} seeds)",
         dead_change={"behind": "fewer units are dead after training than before: some have come back to life",
                      "ahead": "more units are dead after training than before",
                      "indistinguishable": "the share of dead units before and after training cannot be told apart"},
         dead_depth={"ahead": "the deeper network has more dead units",
                     "behind": "the deeper network has fewer dead units",
                     "indistinguishable": "the shares of dead units at the two depths cannot be told apart"},
         with_part=lambda name, part: f"{name} + {part}",
         initialised=lambda name, scheme: f"{name} + {scheme}",
         after="after training", before="before training", layers=lambda depth: f"{depth} hidden layers",
         depth_column=lambda depth: f"{depth}: test accuracy (%)",
         at_gain=lambda name, gain: f"{name}, gain {gain:.3g}",
         groups=lambda top, rest: (f"no function is significantly ahead of {text.listing(top, 'en')}" + (
             "; no two functions can be told apart" if not rest else
             f"; {rest[0]} is behind at least one of them" if len(rest) == 1 else
             f"; {text.listing(rest, 'en')} are each behind at least one of them")),
         matrix_note="Each cell: the difference in mean test accuracy, row minus column (points), only where a paired "
                     "t-test and the exact sign-flip test, both with Holm's correction, confirm it at 5%; a grey cell "
                     "cannot be told apart.")
SHOWN = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "elu": "ELU",
         "gelu": "GELU", "silu": "SiLU", "softplus": "Softplus", "mish": "Mish", "selu": "SELU",
         "MNIST-1D": "MNIST-1D", "digits": "digits"}
COUNT = {9: "Nine", 10: "Ten"}.get(len(NAMES), str(len(NAMES)))
FIGURES = {
    "functions": dict(
        caption=f"{COUNT} activation functions (solid) and their derivatives computed by automatic differentiation "
                "(dashed).",
        alt=f"{COUNT} small plots, each an activation function and its derivative."),
    "rates": dict(
        caption="Mean best validation accuracy of the tuning seeds against the learning rate, for each activation "
                "function at its chosen gain; the large dot is the chosen rate. Left: MNIST-1D; right: digits.",
        alt="Two plots with curves of validation accuracy against learning rate on a log axis."),
    "curves": dict(
        caption="How fast: validation accuracy against optimisation steps at each function's chosen rate and gain, "
                "on MNIST-1D (left) and digits (right); the line is the mean over the reported seeds and the band "
                "spans their minimum to maximum. Each seed's curve ends where early stopping ended it.",
        alt="Two plots with curves of validation accuracy against steps; the sigmoid curve rises later than the "
            "others."),
    "final": dict(
        caption="How far: each function's final test accuracy after the full budget, on MNIST-1D (left) and digits "
                "(right); each dot is a seed and the bar is the median.",
        alt="Two dot plots of each seed's test accuracy for each activation function."),
    "significance": dict(
        caption="Paired comparisons of all the functions: the difference in test accuracy between row and column, "
                "wherever it is significant.",
        alt="Two colour matrices of the significant differences in test accuracy between activation functions."),
    "depth": dict(
        caption="Mean test accuracy on the digits against the number of hidden layers, for each function at its "
                "chosen gain and the rate chosen at that depth.",
        alt="A line plot of test accuracy against depth for the activation functions."),
    "gradients": dict(
        caption="Gradient norm of each layer's weights in a fresh network at each function's chosen gain, mean over "
                "the seeds. Layer 1 is next to the input and layer 7 is the output layer.",
        alt="A line plot of gradient norm against layer for the activation functions, on a log axis."),
    "histograms": dict(
        caption="Distribution of the activations of each hidden layer in a fresh network, for sigmoid, tanh and ReLU.",
        alt="A grid of histograms: one row per activation function and one column per layer."),
    "dead": dict(
        caption="Left: the share of dead ReLU units in each layer, before and after training on MNIST-1D. Right: the "
                "share of dead units in a fresh network against the number of hidden layers.",
        alt="Two plots: the share of dead units against layer before and after training, and against depth."),
}

# %% [markdown] tags=["fa"]
# ## تابع‌ها و مشتق‌هایشان

# %% [markdown] tags=["en"]
# ## The functions and their derivatives

# %%
publish.figure(training_plots.activation_functions(NAMES, SHOWN), "functions", **FIGURES["functions"])
publish.value("activation_count", len(NAMES), "d")
moments = {name: activations.moments(*activations.ACTIVATIONS[name]) for name in NAMES}

# %% [markdown] tags=["fa"]
# ## آموزش با هر تابع فعال‌سازی
#
# هر تابع با هر سه بهره و هر نرخ شبکه روی بذرهای تنظیم آموزش می‌بیند؛ بهترین ترکیب بهره و نرخ بر پایهٔ دقت
# اعتبارسنجی برگزیده می‌شود و سپس بذرهای گزارش‌شده، که از بذرهای تنظیم جدا هستند، با همان ترکیب آموزش می‌بینند.

# %% [markdown] tags=["en"]
# ## Training with each activation function
#
# Each function trains at each of the three gains and each rate of the grid with the tuning seeds; the best pair of
# gain and rate is chosen on validation accuracy, and then the reported seeds, which are not among the tuning seeds,
# train with that pair.

# %%
studies = {"MNIST-1D": memoised("study_mnist1d", lambda: study(DATASETS["MNIST-1D"], candidates(NAMES)))}

# %%
studies["digits"] = memoised("study_digits", lambda: study(DATASETS["digits"], candidates(NAMES)))

# %%
results = {dataset: {n: sweep.Outcome(*s["final"][n]) for n in NAMES} for dataset, s in studies.items()}
chosen_gain = {d: {n: parse(s["winner"][n])[1] for n in NAMES} for d, s in studies.items()}
per_epoch = {d: steps_per_epoch(splits) for d, splits in DATASETS.items()}


def steps_to(outcome, dataset):
    """Each seed's number of steps until its validation accuracy first reaches FAST[dataset] (inf if never)."""
    return sweep.epochs_to(outcome, FAST[dataset]) * per_epoch[dataset]


steps = {d: {n: steps_to(results[d][n], d) for n in NAMES} for d in DATASETS}
for dataset in DATASETS:  # one table per data set, narrow enough to print
    rows = []
    for name in NAMES:
        outcome, rate = results[dataset][name], studies[dataset]["chosen"][studies[dataset]["winner"][name]]
        median = steps[dataset][name].median().item()
        rows.append([SHOWN[name], chosen_gain[dataset][name], rate, percent(outcome.test),
                     int(torch.isfinite(steps[dataset][name]).sum()),
                     text.localise_number(f"{median:.0f}", language()) if math.isfinite(median) else "—"])
        publish.value(f"{dataset.lower().replace('-', '')}_{name}", percent(outcome.test).mean, ".1f")
    publish.table(f"accuracy_{dataset.lower().replace('-', '')}",
                  [T["activation"], T["gain"], T["rate"], T["test"], T["reached"], T["fast"]], rows,
                  [None, ".3g", "g", ".1f", "d", None])
publish.value("tanh_gain", chosen_gain["MNIST-1D"]["tanh"], ".3g")
for dataset in DATASETS:  # seeds that never reach the threshold: an outcome with two modes, which a mean hides
    unreached = {n: int((~torch.isfinite(steps[dataset][n])).sum()) for n in NAMES}
    publish.text(f"unreached_{dataset.lower().replace('-', '')}",
                 listing([T["of_seeds"](SHOWN[n], k, len(SEEDS)) for n, k in unreached.items() if k], language())
                 or T["none"])
fig = training_plots.rate_sweeps(
    [(SHOWN[d], {SHOWN[n]: ({rate: v for (key, rate), v in s["tuning"].items() if key == s["winner"][n]},
                            s["chosen"][s["winner"][n]]) for n in NAMES}) for d, s in studies.items()], T["val"])
publish.figure(fig, "rates", **FIGURES["rates"])
fig = training_plots.curves([(SHOWN[d], {SHOWN[n]: results[d][n].val for n in NAMES}) for d in DATASETS], T["val"],
                            xlabel=T["steps"], steps=[per_epoch[d] for d in DATASETS])
publish.figure(fig, "curves", **FIGURES["curves"])
fig = training_plots.seed_dots([(SHOWN[d], {SHOWN[n]: 100 * results[d][n].test for n in NAMES}) for d in DATASETS],
                               T["test"])
publish.figure(fig, "final", **FIGURES["final"])

# The chapter's claims about this table.
edges = sorted({n for d in DATASETS for n in NAMES if studies[d]["winner"][n] in studies[d]["edges"]})
publish.claim("rates_bracketed", not edges, T["edges"] + (listing([SHOWN[n] for n in edges], language()) or "—"))
capped = sum(int(results[d][n].val[-1].isfinite().sum()) for d in DATASETS for n in NAMES)  # still going at the cap
publish.value("capped_networks", capped, "d")
publish.value("reported_networks", len(DATASETS) * len(NAMES) * len(SEEDS), "d")
for dataset, floor in (("MNIST-1D", 30), ("digits", 85)):
    key = dataset.lower().replace("-", "")
    lowest = min(NAMES, key=lambda n: results[dataset][n].test.median().item())
    publish.claim(f"every_function_learns_{key}", results[dataset][lowest].test.median().item() * 100 > floor,
                  f"{SHOWN[dataset]}: {SHOWN[lowest]} {100 * results[dataset][lowest].test.median().item():.1f} > {floor}?")
sigmoid_digits = results["digits"]["sigmoid"].test
publish.value("sigmoid_deep_digits_accuracy", percent(sigmoid_digits).mean, ".1f")
median_steps = {d: {n: s.median().item() for n, s in steps[d].items()} for d in DATASETS}
slowest = {d: max(NAMES, key=median_steps[d].get) for d in DATASETS}
publish.claim("sigmoid_slowest", all(s == "sigmoid" for s in slowest.values()),
              listing([f"{SHOWN[d]}: {SHOWN[s]}" for d, s in slowest.items()], language()))
ratio = min(median_steps[d]["sigmoid"] / torch.tensor([v for n, v in median_steps[d].items() if n != "sigmoid"]).median()
            .item() for d in DATASETS)
publish.claim("sigmoid_reaches_the_threshold", math.isfinite(ratio),
              tr(f"میانهٔ گام‌های سیگموید تا آستانه {ratio:.1f} برابر میانهٔ تابع‌های دیگر است؛ پس سیگموید به آستانه "
                 "می‌رسد؟", f"{ratio:.1f}"))
if math.isfinite(ratio):
    publish.value("sigmoid_slowdown", ratio, ".1f")

# %% [markdown] tags=["fa"]
# جدول‌ها برای هر تابع بهره و نرخ برگزیده، دقت آزمون پس از بودجهٔ کامل، و میانهٔ شمار گام‌ها تا رسیدن دقت
# اعتبارسنجی به آستانه را می‌دهند. منحنی‌ها سرعت آموزش را نشان می‌دهند و نمودار نقطه‌ای دقت نهایی را. ادعای
# `sigmoid_slowest` وارسی می‌کند که سیگموید روی هر دو مجموعهٔ داده کندترین تابع است، و ادعاهای `every_function_learns_…`
# وارسی می‌کنند که با این بودجه هیچ تابعی در سطح تصادفی نمی‌ماند.

# %% [markdown] tags=["en"]
# The tables give each function's chosen gain and rate, its test accuracy after the full budget, and the median
# number of steps until its validation accuracy first reaches the threshold. The curves show how fast each function
# trains and the dot plot how far it gets. The claim `sigmoid_slowest` checks that the sigmoid is the slowest function
# on both data sets, and the claims `every_function_learns_…` that at this budget no function stays at chance.

# %% [markdown] tags=["fa"]
# ### کدام تفاوت‌ها معنادارند؟

# %% [markdown] tags=["en"]
# ### Which differences are real?

# %%
matrices = {}
for dataset in DATASETS:
    comparisons = stats.all_pairs({n: results[dataset][n].test for n in NAMES})
    matrices[dataset] = {(NAMES.index(a), NAMES.index(b)): c for (a, b), c in comparisons.items()}
    top = stats.top_group(NAMES, comparisons)
    key = dataset.lower().replace("-", "")
    publish.text(f"groups_{key}", T["groups"]([SHOWN[n] for n in top], [SHOWN[n] for n in NAMES if n not in top]))
    publish.value(f"significant_{key}", sum(c.verdict != "indistinguishable" for c in comparisons.values()), "d")
publish.value("pairs", len(comparisons), "d")
fig = training_plots.significance([(SHOWN[d], [SHOWN[n] for n in NAMES], m) for d, m in matrices.items()],
                                  T["matrix_note"])
publish.figure(fig, "significance", **FIGURES["significance"])

# %% [markdown] tags=["fa"]
# ماتریس فقط اختلاف‌هایی را نشان می‌دهد که هر دو آزمون پس از تصحیح هولم تأیید می‌کنند. متن‌های چاپ‌شدهٔ `groups_…`
# تابع‌هایی را نام می‌برند که هیچ تابع دیگری به‌طور معنادار از آن‌ها بهتر نیست؛ ترتیب میانگین‌ها درون این گروه
# نتیجه‌ای معنادار به شمار نمی‌آید.

# %% [markdown] tags=["en"]
# The matrix shows only the differences that both tests confirm after Holm's correction. The printed `groups_…` texts
# name the functions that no other function is significantly ahead of; the order of the means within that group is
# not a finding.

# %% [markdown] tags=["fa"]
# ## بهره، χ₁ و حذف میانگین
#
# جدول زیر برای هر تابع، به ازای ورودی نرمال استاندارد، میانگین خروجی و سهم وابسته به ورودی را می‌دهد، و χ₁ را،
# یعنی ضریبی که توان سیگنال پس‌رو در هر لایه در آن ضرب می‌شود، یک بار در بهرهٔ برگزیده و یک بار در بهره‌ای که
# قاعدهٔ نگه‌داشتن واریانس می‌دهد.

# %% [markdown] tags=["en"]
# ## Gain, χ₁ and removing the mean
#
# The table below gives, for a standard normal input, each function's mean output and input-dependent share, and
# χ₁, the factor by which the power of the backward signal is multiplied at each layer, once at the chosen gain and
# once at the gain that the variance-keeping rule gives.

# %%
publish.table("moments", [T["activation"], T["gain"], T["shift"], T["input_share"], T["chi"], T["chi_rule"]],
              [[SHOWN[n], chosen_gain["MNIST-1D"][n], m.mean, 1 - m.mean ** 2 / m.square,
                activations.chi(n, chosen_gain["MNIST-1D"][n], DEPTH), activations.chi(n, activations.gain(n), DEPTH)]
               for n, m in moments.items()], [None, ".3g", ".2f", ".2f", ".2f", ".2f"])
publish.value("tanh_rule_gain", activations.gain("tanh"), ".2f")
publish.value("tanh_rule_chi", activations.chi("tanh", activations.gain("tanh"), DEPTH), ".2f")
publish.value("sigmoid_best_chi", max(activations.chi("sigmoid", g, DEPTH) for g in GAINS), ".2f")

digits = DATASETS["digits"]
CENTRED = ["sigmoid", "softplus"]
centred_study = memoised("centred", lambda: study(digits, candidates(CENTRED, "centred")))
centred = {n: sweep.Outcome(*centred_study["final"][n]).test for n in CENTRED}
publish.table("centred", [T["activation"], f"{T['uncentred']}: {T['test']}", f"{T['centred']}: {T['test']}"],
              [[SHOWN[n], percent(results["digits"][n].test), percent(centred[n])] for n in CENTRED],
              [None, ".1f", ".1f"])
shown_centred = {**{f"{n}/c": T["with_part"](SHOWN[n], T["centred"]) for n in CENTRED},
                 **{n: f"{SHOWN[n]} {T['uncentred']}" for n in CENTRED}}
centring = stats.compare({**{f"{n}/c": centred[n] for n in CENTRED}, **{n: results["digits"][n].test for n in CENTRED}},
                         [(f"{n}/c", n) for n in CENTRED])
for comparison in centring:
    publish.text(f"centred_{comparison.second}", stats.describe(comparison, shown_centred, language()))
publish.table("verdicts_centred", *stats.verdict_table(centring, shown_centred, language()))
SMALL = 3  # points: a change of the final accuracy smaller than this is small next to the gaps of the depth study
publish.value("centring_small", SMALL, "d")
publish.claim("centring_changes_little", all(-SMALL < 100 * c.difference.low and 100 * c.difference.high < SMALL
                                             for c in centring),
              "; ".join(stats.describe_in_full(c, shown_centred, language()) for c in centring))

# %% [markdown] tags=["fa"]
# حکم‌های چاپ‌شدهٔ `centred_…` نشان می‌دهند که حذف میانگین در آغاز آموزش، با نرخ و بهره‌ای که دوباره برگزیده
# می‌شوند، دقت سیگموید و Softplus را روی ارقام دست‌نویس تغییر می‌دهد یا نه. جدول آخر عددهای این حکم‌ها را
# می‌دهد: اختلاف جفتی، بازهٔ ۹۵٪ آن بدون تصحیح، و مقدار p هر دو آزمون پس از تصحیح هولم.

# %% [markdown] tags=["en"]
# The printed verdicts `centred_…` state whether removing the mean at initialisation, with the rate and gain chosen
# again, changes the sigmoid's and Softplus's accuracy on the digits. The last table gives the numbers behind
# them: the paired difference, its unadjusted 95% interval, and the p-values of both tests after Holm's correction.

# %% [markdown] tags=["fa"]
# ## عمق: هر تابع تا کجا آموزش می‌بیند؟
#
# روی ارقام دست‌نویس، هر تابع را با بهرهٔ برگزیده‌اش در شبکه‌هایی با ۲ و ۱۰ لایهٔ پنهان هم آموزش می‌دهیم و نرخ
# یادگیری را در هر عمق دوباره روی بذرهای تنظیم برمی‌گزینیم.

# %% [markdown] tags=["en"]
# ## Depth: how deep does each function train?
#
# On the digits, each function also trains at its chosen gain in networks with 2 and 10 hidden layers, with the
# learning rate chosen again at each depth on the tuning seeds.

# %%
DEPTHS = [2, DEPTH, 10]
DEPTH_SEEDS = SEEDS[:stats.MIN_SEEDS]
TRAINS = 50  # a depth "trains" when the 95% interval of the mean test accuracy lies above this (chance is 10%)
publish.value("depths", len(DEPTHS), "d")
publish.value("deepest_depth", DEPTHS[-1], "d")
publish.value("trains_threshold", TRAINS, "d")
publish.value("depth_seeds", len(DEPTH_SEEDS), "d")
DIGITS_KEYS = [studies["digits"]["winner"][n] for n in NAMES]  # each function at the gain chosen at depth 6
depth_studies = memoised("depths", lambda: {depth: study(digits, DIGITS_KEYS, depth, DEPTH_SEEDS)
                                            for depth in DEPTHS if depth != DEPTH})
by_depth = {depth: {n: sweep.Outcome(*s["final"][n]).test for n in NAMES} for depth, s in depth_studies.items()}
by_depth[DEPTH] = {n: results["digits"][n].test[:len(DEPTH_SEEDS)] for n in NAMES}
accuracy = {n: torch.stack([percent(by_depth[d][n]).mean * torch.ones(()) for d in DEPTHS]) for n in NAMES}
deepest = {n: max([d for d in DEPTHS if percent(by_depth[d][n]).low > TRAINS], default=0) for n in NAMES}
publish.table("depth", [T["activation"], T["deepest"]] + [T["depth_column"](d) for d in DEPTHS],
              [[SHOWN[n], deepest[n]] + [percent(by_depth[d][n]) for d in DEPTHS] for n in NAMES],
              [None, "d"] + [".1f"] * len(DEPTHS))
publish.figure(training_plots.layer_lines({SHOWN[n]: v for n, v in accuracy.items()}, T["test"], log_y=False,
                                          xlabel=T["hidden_layers"], x=DEPTHS), "depth", **FIGURES["depth"])
deep_sigmoid = by_depth[DEPTHS[-1]]["sigmoid"]
publish.value("sigmoid_deep10_median", 100 * deep_sigmoid.median().item(), ".1f")
publish.value("sigmoid_deep10_at_chance", int((deep_sigmoid < 0.15).sum()), "d")
publish.claim("sigmoid_fails_only_deepest", deepest["sigmoid"] == DEPTH and
              all(deepest[n] == DEPTHS[-1] for n in NAMES if n != "sigmoid"),
              listing([f"{SHOWN[n]}: {deepest[n]}" for n in NAMES], language()))

# %% [markdown] tags=["fa"]
# جدول دقت هر تابع را در هر عمق، هریک با نرخی که در همان عمق برگزیده شده است، و عمیق‌ترین شبکهٔ آموزش‌دیده را
# می‌دهد.
# ادعای `sigmoid_fails_only_deepest` وارسی می‌کند که سیگموید تا شش لایه آموزش می‌بیند و در ده لایه نه، در حالی که
# همهٔ تابع‌های دیگر در ده لایه هم آموزش می‌بینند.

# %% [markdown] tags=["en"]
# The table gives each function's accuracy at each depth, each at the rate chosen at that depth, and the deepest
# network that trains. The claim `sigmoid_fails_only_deepest` checks that the sigmoid trains up to six layers
# but not at ten, while every other function trains at ten as well.

# %% [markdown] tags=["fa"]
# ## نجات شبکهٔ عمیق سیگموید
#
# شبکهٔ ده‌لایهٔ سیگموید را با نرمال‌سازی لایه، با اتصال میان‌بر و با هر دو آموزش می‌دهیم، و نرخ یادگیری هر درمان
# را دوباره برمی‌گزینیم.

# %% [markdown] tags=["en"]
# ## Rescuing the deep sigmoid network
#
# We train the ten-layer sigmoid network with layer normalisation, with residual connections, and with both, choosing
# the learning rate of each remedy again.

# %%
RESCUES = {"norm": ("norm",), "residual": ("residual",), "both": ("norm", "residual")}


def rescue():
    gain = chosen_gain["digits"]["sigmoid"]
    return {label: study(digits, [key_of("sigmoid", gain, *options)], DEPTHS[-1], DEPTH_SEEDS)["final"]["sigmoid"]
            for label, options in RESCUES.items()}


rescued = {f"sigmoid/{k}": sweep.Outcome(*o).test for k, o in memoised("rescue", rescue).items()}
rescued["sigmoid/plain"] = deep_sigmoid
KINDS = ("plain", "norm", "residual", "both")
publish.table("rescue", [T["activation"]] + [f"{T[k]}: {T['median']}" for k in KINDS] + [T["at_chance"]],
              [[SHOWN["sigmoid"]] + [100 * rescued[f"sigmoid/{k}"].median().item() for k in KINDS]
               + [text.localise_number(" / ".join(str(int((rescued[f"sigmoid/{k}"] < 0.15).sum())) for k in KINDS), language())]],
              [None, ".1f", ".1f", ".1f", ".1f", None])
rescue_pairs = [(f"sigmoid/{k}", "sigmoid/plain") for k in KINDS[1:]]
shown_rescues = {f"sigmoid/{k}": T["with_part"](SHOWN["sigmoid"], T[k]) if k != "plain" else
                 f"{SHOWN['sigmoid']} {T['plain_alone']}" for k in KINDS}
rescues = stats.compare(rescued, rescue_pairs)
for comparison in rescues:
    publish.text("rescue_" + comparison.first.replace("/", "_"), stats.describe(comparison, shown_rescues, language()))
publish.table("verdicts_rescue", *stats.verdict_table(rescues, shown_rescues, language()))
norm, skips = rescues[0], rescues[1:]
publish.claim("residual_rescues_sigmoid", all(c.verdict == "ahead" for c in skips),
              "; ".join(stats.describe_in_full(c, shown_rescues, language()) for c in skips))
publish.claim("norm_alone_changes_little", -SMALL < 100 * norm.difference.low and 100 * norm.difference.high < SMALL,
              stats.describe_in_full(norm, shown_rescues, language()))

# %% [markdown] tags=["fa"]
# حکم‌های چاپ‌شده و جدول دوم هر درمان را با همان شبکهٔ ده‌لایهٔ بی‌درمان مقایسه می‌کنند. ادعای
# `residual_rescues_sigmoid` وارسی می‌کند که اتصال میان‌بر، تنها یا همراه نرمال‌سازی لایه، شبکه را به‌طور معنادار
# بهتر می‌کند، و ادعای `norm_alone_changes_little` وارسی می‌کند که نرمال‌سازی لایه به‌تنهایی دقت را کمتر از چند
# واحد درصد تغییر می‌دهد.

# %% [markdown] tags=["en"]
# The printed verdicts and the second table compare each remedy with the same ten-layer network without it. The claim
# `residual_rescues_sigmoid` checks that a residual connection, alone or with layer normalisation, improves it
# significantly, and the claim `norm_alone_changes_little` that layer normalisation alone changes the accuracy by
# less than a few points.

# %% [markdown] tags=["fa"]
# ## گرادیان‌ها و فعال‌سازی‌ها در آغاز

# %% [markdown] tags=["en"]
# ## Gradients and activations at initialisation

# %%
mnist = DATASETS["MNIST-1D"]
x, y = mnist.train.x[:256], mnist.train.y[:256]


def fresh(name, depth=DEPTH, scheme=None):
    return build(mnist, depth)(key_of(name, scheme or chosen_gain["MNIST-1D"][name]), SEEDS)


norms = {name: training.gradient_norms(fresh(name), x.expand(len(SEEDS), -1, -1),
                                       y.expand(len(SEEDS), -1)).mean(0).cpu() for name in NAMES}
for name in ("sigmoid", "tanh", "relu"):
    publish.value(f"gradient_ratio_{name}", (norms[name][0] / norms[name][-1]).item(), ".1e")
ratio = {n: (norms[n][0] / norms[n][-1]).item() for n in ("sigmoid", "relu")}
publish.claim("sigmoid_gradient_vanishes", ratio["sigmoid"] < 0.01 * ratio["relu"],
              tr(f"نسبت نرم گرادیان لایهٔ اول به لایهٔ آخر با سیگموید: "
                 f"{publish.format_number(ratio['sigmoid'], '.1e')}؛ با ReLU: "
                 f"{publish.format_number(ratio['relu'], '.1e')}؛ اولی کمتر از یک‌صدم دومی است؟",
                 f"{ratio['sigmoid']:.1e} / {ratio['relu']:.1e}"))
publish.figure(training_plots.layer_lines({SHOWN[n]: v for n, v in norms.items()}, T["gradient"]), "gradients",
               **FIGURES["gradients"])

hidden = {SHOWN[name]: [a[0].cpu() for a in training.hidden_activations(fresh(name), mnist.train.x)]
          for name in ("sigmoid", "tanh", "relu")}
publish.figure(training_plots.activation_histograms(hidden), "histograms", **FIGURES["histograms"])

# %% [markdown] tags=["fa"]
# در نمودار نخست، گرادیانی که به لایهٔ نخست شبکهٔ سیگموید می‌رسد بسیار کوچک‌تر از گرادیان لایهٔ خروجی است، و این افت
# بسیار تندتر از افت شبکهٔ ReLU است (ادعای `sigmoid_gradient_vanishes`): این همان محوشدگی گرادیان است. هیستوگرام‌ها
# نشان می‌دهند که خروجی‌های سیگموید همه مثبت‌اند و حول یک مقدار جمع می‌شوند، در حالی که فعال‌سازی‌های tanh حول صفر
# پخش‌اند و حدود نیمی از فعال‌سازی‌های ReLU صفرند.

# %% [markdown] tags=["en"]
# In the first plot, the gradient that reaches the first layer of the sigmoid network is far smaller than that of
# the output layer, and this fall is far steeper than in the ReLU network (the claim `sigmoid_gradient_vanishes`):
# this is the vanishing gradient. The histograms show that the sigmoid's outputs are all positive and gather around
# one value, while tanh activations spread around zero and about half of the ReLU activations are zero.

# %% [markdown] tags=["fa"]
# ## واحدهای مردهٔ ReLU

# %% [markdown] tags=["en"]
# ## Dead ReLU units

# %%
RELU_RATE = studies["MNIST-1D"]["chosen"][studies["MNIST-1D"]["winner"]["relu"]]


def dead_after_training():
    model = fresh("relu")
    training.train_batched(model, mnist, sgd, RELU_RATE, math.ceil(STEPS / per_epoch["MNIST-1D"]), BATCH, SEEDS,
                           patience=math.ceil(PATIENCE / per_epoch["MNIST-1D"]))
    return training.dead_unit_share(training.hidden_activations(model, mnist.train.x)).cpu()


before = training.dead_unit_share(training.hidden_activations(fresh("relu"), mnist.train.x)).cpu()
after = memoised("dead_after", dead_after_training)
DEAD_DEPTHS = [2, 4, 6, 8, 10, 12, 16]
dead_by_depth = torch.stack([training.dead_unit_share(training.hidden_activations(fresh("relu", d, "kaiming"),
                                                                                   mnist.train.x)).mean(1).cpu()
                             for d in DEAD_DEPTHS])
publish.value("dead_before", 100 * before.mean().item(), ".1f")
publish.value("dead_after", 100 * after.mean().item(), ".1f")
publish.value("dead_deepest", 100 * dead_by_depth[-1].mean().item(), ".1f")
publish.value("deepest", DEAD_DEPTHS[-1], "d")
(change,) = stats.compare({"after": after.mean(1), "before": before.mean(1)}, [("after", "before")])
publish.text("dead_change", stats.describe(change, {}, language(), phrases=T["dead_change"]))
deeper = stats.compare({"deep": dead_by_depth[-1], "shallow": dead_by_depth[0]}, [("deep", "shallow")])[0]
shown_dead = {"after": T["after"], "before": T["before"], "deep": T["layers"](DEAD_DEPTHS[-1]),
              "shallow": T["layers"](DEAD_DEPTHS[0])}
publish.table("verdicts_dead", *stats.verdict_table([change, deeper], shown_dead, language()))  # two families of one
publish.claim("dead_grow_with_depth", deeper.verdict == "ahead",
              stats.describe_in_full(deeper, shown_dead, language(), phrases=T["dead_depth"]))
publish.claim("dead_rare_at_six", percent(before.mean(1)).high < 5,
              tr(f"کران بالای بازهٔ ۹۵٪ سهم واحدهای مرده پیش از آموزش: {percent(before.mean(1)).high:.1f}٪؛ کمتر از ۵٪ "
                 "است؟", f"{percent(before.mean(1)).high:.1f}% < 5%?"))
publish.figure(training_plots.dead_units(before.T, after.T, DEAD_DEPTHS, dead_by_depth), "dead", **FIGURES["dead"])

# %% [markdown] tags=["fa"]
# در شبکهٔ شش‌لایه، واحدهای مرده پیش از آموزش نادرند (ادعای `dead_rare_at_six`)، و حکم چاپ‌شدهٔ `dead_change` اثر
# آموزش را بر سهم آن‌ها بیان می‌کند. نمودار راست نشان می‌دهد که در شبکهٔ تازه سهم واحدهای مرده با عمق بیشتر می‌شود؛
# ادعای `dead_grow_with_depth` این را وارسی می‌کند. جدول عددهای هر دو مقایسه را می‌دهد.

# %% [markdown] tags=["en"]
# In the six-layer network, dead units are rare before training (the claim `dead_rare_at_six`), and the printed
# verdict `dead_change` states what training does to their share. The right plot shows that in a fresh network the
# share of dead units grows with depth, which the claim `dead_grow_with_depth` checks. The table gives the numbers of
# both comparisons.

# %% [markdown] tags=["fa"]
# ## مقداردهی اولیه و تابع فعال‌سازی

# %% [markdown] tags=["en"]
# ## Initialisation and activation function

# %%
INIT_KEYS = {"relu/default": key_of("relu", "default"), "relu/xavier": key_of("relu", "xavier"),
             "tanh/default": key_of("tanh", "default"), "tanh/rule": key_of("tanh", activations.gain("tanh"))}
inits = memoised("inits", lambda: sweep.study(trainer(mnist), list(INIT_KEYS.values()), GRID, TUNING, SEEDS))
by_init = {label: sweep.Outcome(*inits["final"][key]).test for label, key in INIT_KEYS.items()}
by_init["relu/chosen"], by_init["tanh/chosen"] = results["MNIST-1D"]["relu"].test, results["MNIST-1D"]["tanh"].test
shown_inits = {"relu/default": T["initialised"]("ReLU", T["default"]),
               "relu/xavier": T["initialised"]("ReLU", "Xavier"),
               "relu/chosen": T["at_gain"]("ReLU", chosen_gain["MNIST-1D"]["relu"]),
               "tanh/default": T["initialised"]("tanh", T["default"]), "tanh/rule": T["at_gain"]("tanh", activations.gain("tanh")),
               "tanh/chosen": T["at_gain"]("tanh", chosen_gain["MNIST-1D"]["tanh"])}
publish.table("inits", [T["activation"], T["test"]], [[shown_inits[k], percent(v)] for k, v in by_init.items()],
              [None, ".1f"])
init_pairs = [("relu/default", "relu/chosen"), ("relu/xavier", "relu/chosen"), ("tanh/default", "tanh/chosen"),
              ("tanh/rule", "tanh/chosen")]
init_verdicts = stats.compare(by_init, init_pairs)
for comparison in init_verdicts:
    publish.text("init_" + comparison.first.replace("/", "_"), stats.describe(comparison, shown_inits, language()))
publish.table("verdicts_inits", *stats.verdict_table(init_verdicts, shown_inits, language()))
tanh_default, tanh_rule = init_verdicts[2:]
publish.claim("tanh_default_behind", tanh_default.verdict == "behind",
              stats.describe_in_full(tanh_default, shown_inits, language()))
publish.claim("tanh_rule_gain_behind", tanh_rule.verdict == "behind",
              stats.describe_in_full(tanh_rule, shown_inits, language()))

# %% [markdown] tags=["fa"]
# جدول دقت آزمون هر ترکیب تابع و مقداردهی را می‌دهد، هریک با نرخ برگزیدهٔ خود. برای tanh، هم مقداردهی پیش‌فرض
# PyTorch (ادعای `tanh_default_behind`) و هم بهره‌ای که قاعدهٔ نگه‌داشتن واریانس می‌دهد (ادعای
# `tanh_rule_gain_behind`) به‌طور معنادار از بهرهٔ برگزیده بدترند؛ حکم‌های ReLU چاپ شده‌اند و جدول دوم عددهای هر چهار مقایسه را
# می‌دهد.

# %% [markdown] tags=["en"]
# The table gives the test accuracy of each pairing of function and initialisation, each at its own chosen rate. For
# tanh, both PyTorch's default (the claim `tanh_default_behind`) and the gain of the variance-keeping rule (the claim
# `tanh_rule_gain_behind`) are behind its chosen gain; the verdicts for ReLU are printed, and the second table gives
# the numbers of all four comparisons.
