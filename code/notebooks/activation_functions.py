# ---
# jupyter:
#   book:
#     seconds: 130  # a rough cold run, both languages: the longest notebooks start first
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
# نُه تابع فعال‌سازی را در شبکه‌ای با شش لایهٔ پنهان روی MNIST-1D و مجموعه‌دادهٔ ارقام دست‌نویس scikit-learn
# می‌آزماییم. نرخ یادگیری هر تابع روی دادهٔ اعتبارسنجی انتخاب می‌شود، هر پیکربندی با ده بذر جفت‌شده آموزش
# می‌بیند و مقایسه‌ها با آزمون t جفتی و تصحیح هولم داوری می‌شوند. سپس گرادیان‌ها، توزیع فعال‌سازی‌ها، واحدهای
# مرده و اثر مقداردهی اولیه را می‌سنجیم.
#
# هدف این است که بدانیم کدام تابع‌ها در شبکهٔ عمیق یاد می‌گیرند و چرا برخی عقب می‌مانند، و هر اختلافی را فقط وقتی
# واقعی بشماریم که آزمون آماری آن را تأیید کند.

# %% [markdown] tags=["en"]
# # Chapter 3 notebook (part C): the effect of the activation function
#
# We try nine activation functions in a network with six hidden layers on MNIST-1D and on scikit-learn's handwritten
# digits. Each function's learning rate is chosen on validation data, every configuration trains with ten paired
# seeds, and comparisons are settled by paired t-tests with Holm's correction. Then we measure gradients,
# activation distributions, dead units and the effect of the initialisation.
#
# The aim is to learn which functions train in a deep network and why some fall behind, and to count a difference as
# real only when a statistical test confirms it.

# %%
import torch

from dlbook import activations, data, plotting, publish, seeds, stats, sweep, text, training, training_plots
from dlbook.memo import memoised
from dlbook.text import language, listing

plotting.setup()
_ = torch.manual_seed(seeds.shift(0))
DEVICE = data.device()
SEEDS = seeds.seeds(stats.MIN_SEEDS)  # paired: seed s gives every configuration the same data order and draws
TUNING = SEEDS[:3]                    # the learning rate is chosen on validation with these seeds
NAMES = list(activations.ACTIVATIONS)
DATASETS = {"MNIST-1D": data.to_device(data.mnist1d(), DEVICE), "digits": data.to_device(data.digits(), DEVICE)}
DEPTH, WIDTH, EPOCHS, PATIENCE, BATCH, MOMENTUM = 6, 64, 20, 5, 128, 0.9
GRID = [0.03, 0.1, 0.3]  # learning rates of SGD with momentum, widened where the best is at an edge
for name, setting, spec in [("depth", DEPTH, "d"), ("width", WIDTH, "d"), ("epochs", EPOCHS, "d"),
                            ("patience", PATIENCE, "d"), ("batch", BATCH, "d"), ("momentum", MOMENTUM, "g"),
                            ("seeds", len(SEEDS), "d"), ("tuning_seeds", len(TUNING), "d"),
                            ("smallest_rate", GRID[0], "g"), ("largest_rate", GRID[-1], "g")]:
    publish.value(name, setting, spec)
publish.value("leaky_slope", activations.LEAKY_SLOPE, "g")


def sizes(features, depth=DEPTH):
    return [features] + [WIDTH] * depth + [10]


def sgd(parameters, lr):  # as in the UvA tutorial: SGD with momentum
    return torch.optim.SGD(parameters, lr=lr, momentum=MOMENTUM)


def init_of(key):
    """A key is an activation's name, with the initialisation after a slash when it is not the suited gain."""
    name, _, scheme = key.partition("/")
    return name, scheme or activations.gain(name)


def build(features, depth=DEPTH):
    def make(key, network_seeds):
        name, scheme = init_of(key)
        return training.BatchedMLP(sizes(features, depth), activations.ACTIVATIONS[name][0], network_seeds,
                                   init=scheme).to(DEVICE)
    return make


def trainer(splits, depth=DEPTH):
    def train(runs, network_seeds):
        return sweep.train_runs(build(splits.train.x.shape[1], depth), splits, sgd, runs, network_seeds, EPOCHS, BATCH,
                                PATIENCE)
    return train


def study(splits, keys):
    """Each key's rate chosen on validation, then all seeds at that rate."""
    return sweep.study(trainer(splits), keys, GRID, SEEDS, len(TUNING))


percent = stats.percent
# %% tags=["fa"]
# The words, captions and alt texts of this edition.
T = dict(activation="تابع فعال‌سازی", val="دقت اعتبارسنجی", gradient="نرم گرادیان وزن‌ها", rate="نرخ",
         test="دقت آزمون (٪)", default="پیش‌فرض PyTorch", xavier="Xavier", kaiming="Kaiming", gain="بهره",
         shift="میانگین خروجی", input_share="سهم وابسته به ورودی", backward_gain="بهرهٔ توان پس‌رو در هر لایه",
         edges="نرخ برگزیده هنوز در لبهٔ شبکهٔ نرخ‌هاست برای: ", deepest="عمیق‌ترین شبکهٔ آموزش‌دیده",
         hidden_layers="شمار لایه‌های پنهان", plain="ساده", norm="نرمال‌سازی لایه", residual="اتصال میان‌بر",
         both="هر دو", plain_alone="بی هیچ کمکی",
         dead_change={"behind": "پس از آموزش واحدهای مرده کمتر از پیش از آن است: برخی زنده شده‌اند",
                      "ahead": "پس از آموزش واحدهای مرده بیشتر از پیش از آن است",
                      "indistinguishable": "سهم واحدهای مرده پیش و پس از آموزش تمیزدادنی نیست"},
         sigmoid_behind=lambda k, n: (f"سیگموید از هر {text.persian_number(str(n))} تابع دیگر عقب‌تر است" if k == n else
                                      f"سیگموید از {text.persian_number(str(k))} تابع از {text.persian_number(str(n))} "
                                      "تابع دیگر عقب‌تر است و از بقیه تمیزدادنی نیست"),
         groups=lambda top, rest: (f"هیچ تابعی به‌طور معنادار از {text.listing(top, 'fa')} جلوتر نیست" + (
             "؛ یعنی هیچ دو تابعی از هم تمیزدادنی نیستند" if not rest else
             f"؛ و {text.listing(rest, 'fa')} دست‌کم از یکی از آن‌ها عقب‌تر است" if len(rest) == 1 else
             f"؛ و هریک از {text.listing(rest, 'fa')} دست‌کم از یکی از آن‌ها عقب‌تر است")),
         matrix_note="هر خانه: اختلاف میانگین دقت آزمونِ سطر منهای ستون (واحد درصد)، فقط آن‌جا که آزمون t جفتی با "
                     "تصحیح هولم در سطح ۵٪ آن را تأیید می‌کند؛ خانهٔ خاکستری یعنی تمیزدادنی نیست.")
SHOWN = {"sigmoid": "سیگموید", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "ReLU نشتی", "elu": "ELU",
         "gelu": "GELU", "silu": "SiLU", "softplus": "Softplus", "mish": "Mish", "MNIST-1D": "MNIST-1D",
         "digits": "ارقام دست‌نویس"}
FIGURES = {
    "functions": dict(
        caption="نُه تابع فعال‌سازی (خط پیوسته) و مشتقشان که با مشتق‌گیری خودکار حساب شده است (خط‌چین).",
        alt="نُه نمودار کوچک، هرکدام یک تابع فعال‌سازی و مشتق آن."),
    "rates": dict(
        caption="میانگین بهترین دقت اعتبارسنجی بذرهای تنظیم بر حسب نرخ یادگیری، برای هر تابع فعال‌سازی؛ نقطهٔ "
                "درشت نرخ برگزیده است. چپ: MNIST-1D، راست: ارقام دست‌نویس.",
        alt="دو نمودار با نُه منحنی دقت اعتبارسنجی بر حسب نرخ یادگیری روی محور لگاریتمی."),
    "curves": dict(
        caption="دقت اعتبارسنجی در طول آموزش با نرخ برگزیدهٔ هر تابع، روی MNIST-1D (چپ) و ارقام دست‌نویس (راست)؛ "
                "خط میانگین ده بذر و نوار از کمینه تا بیشینهٔ آن‌هاست. منحنی هر بذر با توقف زودهنگامش پایان می‌یابد.",
        alt="دو نمودار با نُه منحنی دقت اعتبارسنجی بر حسب دوره؛ منحنی سیگموید در سطح تصادفی می‌ماند."),
    "significance": dict(
        caption="مقایسهٔ جفتی همهٔ تابع‌هایی که یاد می‌گیرند: اختلاف دقت آزمون سطر و ستون، هرجا معنادار باشد.",
        alt="دو ماتریس رنگی هشت در هشت از اختلاف‌های معنادار دقت آزمون میان تابع‌های فعال‌سازی."),
    "depth": dict(
        caption="میانگین دقت آزمون روی ارقام دست‌نویس بر حسب شمار لایه‌های پنهان، برای هر تابع با نرخ برگزیده‌اش "
                "در عمق ۶ و ده بذر.",
        alt="نمودار خطی دقت آزمون بر حسب عمق برای نُه تابع فعال‌سازی؛ منحنی سیگموید با عمق فرو می‌افتد."),
    "gradients": dict(
        caption="نرم گرادیان وزن‌های هر لایه در شبکهٔ تازه، میانگین ده بذر. لایهٔ ۱ نزدیک ورودی و لایهٔ ۷ لایهٔ "
                "خروجی است.",
        alt="نمودار خطی نرم گرادیان بر حسب لایه برای نُه تابع فعال‌سازی، روی محور لگاریتمی."),
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
         gain="gain", shift="mean output", input_share="input-dependent share",
         backward_gain="backward power gain per layer", edges="the chosen rate is still at an edge of the grid for: ",
         deepest="deepest network that trains", hidden_layers="number of hidden layers", plain="plain",
         norm="layer normalisation", residual="residual connections", both="both", plain_alone="alone",
         dead_change={"behind": "fewer units are dead after training than before: some have come back to life",
                      "ahead": "more units are dead after training than before",
                      "indistinguishable": "the share of dead units before and after training cannot be told apart"},
         sigmoid_behind=lambda k, n: (f"the sigmoid is behind each of the {n} other functions" if k == n else
                                      f"the sigmoid is behind {k} of the {n} other functions and cannot be told apart "
                                      "from the rest"),
         groups=lambda top, rest: (f"no function is significantly ahead of {text.listing(top, 'en')}" + (
             "; no two functions can be told apart" if not rest else
             f"; {rest[0]} is behind at least one of them" if len(rest) == 1 else
             f"; {text.listing(rest, 'en')} are each behind at least one of them")),
         matrix_note="Each cell: the difference in mean test accuracy, row minus column (points), only where a paired "
                     "t-test with Holm's correction confirms it at 5%; a grey cell cannot be told apart.")
SHOWN = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "elu": "ELU",
         "gelu": "GELU", "silu": "SiLU", "softplus": "Softplus", "mish": "Mish", "MNIST-1D": "MNIST-1D",
         "digits": "digits"}
FIGURES = {
    "functions": dict(
        caption="Nine activation functions (solid) and their derivatives computed by automatic differentiation "
                "(dashed).",
        alt="Nine small plots, each an activation function and its derivative."),
    "rates": dict(
        caption="Mean best validation accuracy of the tuning seeds against the learning rate, for each activation "
                "function; the large dot is the chosen rate. Left: MNIST-1D; right: digits.",
        alt="Two plots with nine curves of validation accuracy against learning rate on a log axis."),
    "curves": dict(
        caption="Validation accuracy during training at each function's chosen rate, on MNIST-1D (left) and digits "
                "(right); the line is the mean over ten seeds and the band spans their minimum to maximum. Each "
                "seed's curve ends where early stopping ended it.",
        alt="Two plots with nine curves of validation accuracy against epoch; the sigmoid curve stays at chance."),
    "significance": dict(
        caption="Paired comparisons of all the functions that learn: the difference in test accuracy between row "
                "and column, wherever it is significant.",
        alt="Two eight-by-eight colour matrices of the significant differences in test accuracy between activation "
            "functions."),
    "depth": dict(
        caption="Mean test accuracy on the digits against the number of hidden layers, for each function at its rate "
                "chosen at depth 6, over ten seeds.",
        alt="A line plot of test accuracy against depth for nine activation functions; the sigmoid curve falls with "
            "depth."),
    "gradients": dict(
        caption="Gradient norm of each layer's weights in a fresh network, mean over ten seeds. Layer 1 is next to "
                "the input and layer 7 is the output layer.",
        alt="A line plot of gradient norm against layer for nine activation functions, on a log axis."),
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
publish.table("moments", [T["activation"], T["gain"], T["shift"], T["input_share"], T["backward_gain"]],
              [[SHOWN[n], activations.gain(n), m.mean, 1 - m.mean ** 2 / m.square, activations.gain(n) ** 2 * m.slope]
               for n, m in moments.items()], [None, ".2f", ".2f", ".2f", ".2f"])

# %% [markdown] tags=["fa"]
# در شکل، سیگموید و tanh برای $|z|$ بزرگ اشباع می‌شوند و مشتقشان به صفر می‌رسد، در حالی که خانوادهٔ ReLU برای $z$
# مثبتِ بزرگ شیبی نزدیک یک دارد. جدول برای هر تابع بهره، میانگین خروجی، سهم وابسته به ورودی و ضریب پس‌رو را می‌دهد؛
# بخش‌های بعد نتیجه‌ها را با همین کمیت‌ها توضیح می‌دهند.

# %% [markdown] tags=["en"]
# In the figure, the sigmoid and tanh saturate for large $|z|$, where their derivatives go to zero, while the ReLU
# family has a slope near one for large positive $z$. The table gives each function's gain, mean output,
# input-dependent share and backward factor; the later sections explain the results with these quantities.

# %% [markdown] tags=["fa"]
# ## آموزش با هر تابع فعال‌سازی

# %% [markdown] tags=["en"]
# ## Training with each activation function

# %%
studies = memoised("studies", lambda: {dataset: study(splits, NAMES) for dataset, splits in DATASETS.items()})
results = {dataset: {n: sweep.Outcome(*s["final"][n]) for n in NAMES} for dataset, s in studies.items()}
rows = []
for name in NAMES:
    row = [SHOWN[name]]
    for dataset in DATASETS:
        row += [studies[dataset]["chosen"][name], percent(results[dataset][name].test)]
        publish.value(f"{dataset.lower().replace('-', '')}_{name}", percent(results[dataset][name].test).mean, ".1f")
    rows.append(row)
publish.table("accuracy", [T["activation"]] + [f"{SHOWN[d]}: {T[c]}" for d in DATASETS for c in ("rate", "test")],
              rows, [None, "g", ".1f", "g", ".1f"])
fig = training_plots.rate_sweeps(
    [(SHOWN[d], {SHOWN[n]: ({rate: v for (key, rate), v in s["tuning"].items() if key == n}, s["chosen"][n])
                 for n in NAMES}) for d, s in studies.items()], T["val"])
publish.figure(fig, "rates", **FIGURES["rates"])
fig = training_plots.curves([(SHOWN[d], {SHOWN[n]: results[d][n].val for n in NAMES}) for d in DATASETS], T["val"])
publish.figure(fig, "curves", **FIGURES["curves"])

# The chapter's claims about this table.
learning = [n for n in NAMES if n != "sigmoid"]
edges = [n for d in DATASETS for n in studies[d]["edges"] if n in learning]
publish.claim("rates_bracketed", not edges, T["edges"] + (listing([SHOWN[n] for n in edges], language()) or "—"))
for dataset, floor in (("MNIST-1D", 40), ("digits", 90)):
    key = dataset.lower().replace("-", "")
    sigmoid = results[dataset]["sigmoid"].test
    publish.value(f"sigmoid_at_chance_{key}", int((sigmoid < 0.15).sum()), "d")
    publish.value(f"sigmoid_best_{key}", 100 * sigmoid.max().item(), ".0f")
    behind = [c.verdict == "behind" for c in
              stats.compare({n: results[dataset][n].test for n in NAMES}, [("sigmoid", n) for n in learning])]
    publish.text(f"sigmoid_{key}", T["sigmoid_behind"](sum(behind), len(behind)))
    publish.claim(f"sigmoid_behind_all_{key}", all(behind), T["sigmoid_behind"](sum(behind), len(behind)))
    lowest = min(learning, key=lambda n: percent(results[dataset][n].test).low)
    publish.claim(f"others_learn_{key}", percent(results[dataset][lowest].test).low > floor,
                  f"{SHOWN[dataset]}: {SHOWN[lowest]} {percent(results[dataset][lowest].test).low:.1f} > {floor}?")

# %% [markdown] tags=["fa"]
# جدول و منحنی‌ها نشان می‌دهند که شبکهٔ سیگموید در این عمق به‌زحمت یاد می‌گیرد و روی هر دو مجموعهٔ داده از همهٔ
# تابع‌های دیگر عقب‌تر است، در حالی که بقیهٔ تابع‌ها یاد می‌گیرند؛ ادعاهای چاپ‌شده هر دو را وارسی می‌کنند. ادعای
# `rates_bracketed` هم وارسی می‌کند که نرخ برگزیدهٔ هیچ‌یک از این تابع‌ها در یکی از دو سر بازهٔ آزموده نیست.

# %% [markdown] tags=["en"]
# The table and the curves show that the sigmoid network barely learns at this depth and is behind every other
# function on both data sets, while the other functions learn; the printed claims check both. The claim
# `rates_bracketed` also checks that none of these functions has its chosen rate at an end of the range tried.

# %% [markdown] tags=["fa"]
# ### کدام اختلاف‌ها واقعی‌اند؟

# %% [markdown] tags=["en"]
# ### Which differences are real?

# %%
matrices = {}
for dataset in DATASETS:
    comparisons = stats.all_pairs({n: results[dataset][n].test for n in learning})
    matrices[dataset] = {(learning.index(a), learning.index(b)): c for (a, b), c in comparisons.items()}
    top = stats.top_group(learning, comparisons)
    key = dataset.lower().replace("-", "")
    publish.text(f"groups_{key}", T["groups"]([SHOWN[n] for n in top], [SHOWN[n] for n in learning if n not in top]))
    publish.value(f"significant_{key}", sum(c.verdict != "indistinguishable" for c in comparisons.values()), "d")
publish.value("pairs", len(comparisons), "d")
fig = training_plots.significance([(SHOWN[d], [SHOWN[n] for n in learning], m) for d, m in matrices.items()],
                                  T["matrix_note"])
publish.figure(fig, "significance", **FIGURES["significance"])

# %% [markdown] tags=["fa"]
# ماتریس فقط اختلاف‌هایی را نشان می‌دهد که پس از تصحیح هولم معنادار می‌مانند. متن‌های چاپ‌شدهٔ `groups_…` تابع‌هایی
# را نام می‌برند که هیچ تابع دیگری به‌طور معنادار از آن‌ها جلوتر نیست؛ ترتیب میانگین‌ها درون این گروه نتیجه‌ای معنادار به شمار
# نمی‌آید.

# %% [markdown] tags=["en"]
# The matrix shows only the differences that stay significant after Holm's correction. The printed `groups_…` texts
# name the functions that no other function is significantly ahead of; the order of the means within that group is
# not a finding.

# %% [markdown] tags=["fa"]
# ## عمق: هر تابع تا کجا آموزش می‌بیند؟
#
# روی ارقام دست‌نویس، هر تابع را با نرخ برگزیده‌اش در عمق ۶ در شبکه‌هایی با ۱، ۲، ۴، ۶ و ۱۰ لایهٔ پنهان آموزش
# می‌دهیم.

# %% [markdown] tags=["en"]
# ## Depth: how deep does each function train?
#
# On the digits, each function trains at its rate chosen at depth 6 in networks with 1, 2, 4, 6 and 10 hidden
# layers.

# %%
digits = DATASETS["digits"]
DIGITS_RATES = studies["digits"]["chosen"]
DEPTHS = [1, 2, 4, DEPTH, 10]
TRAINS = 50  # a depth "trains" when the 95% interval of the mean test accuracy lies above this (chance is 10%)
publish.value("depths", len(DEPTHS), "d")
publish.value("deepest_depth", DEPTHS[-1], "d")
publish.value("trains_threshold", TRAINS, "d")


def depth_sweep():
    return {depth: {n: o.test for (n, _), o in trainer(digits, depth)([(n, DIGITS_RATES[n]) for n in NAMES],
                                                                       SEEDS).items()}
            for depth in DEPTHS if depth != DEPTH}


by_depth = memoised("depths", depth_sweep)
by_depth[DEPTH] = {n: results["digits"][n].test for n in NAMES}
accuracy = {n: torch.stack([percent(by_depth[d][n]).mean * torch.ones(()) for d in DEPTHS]) for n in NAMES}
deepest = {n: max([d for d in DEPTHS if percent(by_depth[d][n]).low > TRAINS], default=0) for n in NAMES}
publish.table("depth", [T["activation"], T["deepest"], T["shift"], T["backward_gain"]],
              [[SHOWN[n], deepest[n], moments[n].mean, activations.gain(n) ** 2 * moments[n].slope] for n in NAMES],
              [None, "d", ".2f", ".2f"])
publish.figure(training_plots.layer_lines({SHOWN[n]: v for n, v in accuracy.items()}, T["test"], log_y=False,
                                          xlabel=T["hidden_layers"], x=DEPTHS), "depth", **FIGURES["depth"])
publish.claim("sigmoid_trains_shallow_not_deep", deepest["sigmoid"] >= DEPTHS[0] and deepest["sigmoid"] < DEPTHS[-1],
              f"{SHOWN['sigmoid']}: {deepest['sigmoid']}")
publish.value("sigmoid_deepest", deepest["sigmoid"], "d")
relu_family = ["relu", "leaky_relu", "elu", "gelu", "silu", "mish"]
publish.claim("relu_family_trains_deeper", all(deepest[n] > deepest["sigmoid"] for n in relu_family),
              listing([f"{SHOWN[n]}: {deepest[n]}" for n in ["sigmoid"] + relu_family], language()))

# %% [markdown] tags=["fa"]
# جدول عمیق‌ترین شبکهٔ آموزش‌دیدهٔ هر تابع را کنار میانگین خروجی و ضریب پس‌روِ آن می‌گذارد. سیگموید فقط در شبکه‌های
# کم‌عمق آموزش می‌بیند، و ReLU، ReLU نشتی، ELU، GELU، SiLU و Mish همه در شبکه‌هایی عمیق‌تر از آن آموزش می‌بینند؛ دو
# ادعای چاپ‌شده همین را وارسی می‌کنند.

# %% [markdown] tags=["en"]
# The table sets each function's deepest trained network beside its mean output and backward factor. The sigmoid
# trains only in shallow networks, and ReLU, leaky ReLU, ELU, GELU, SiLU and Mish all train in deeper ones; the two
# printed claims check this.

# %% [markdown] tags=["fa"]
# ## نجات شبکه‌های عمیق سیگموید و tanh
#
# شبکه‌های ده‌لایهٔ سیگموید و tanh را با نرمال‌سازی لایه، با اتصال میان‌بر و با هر دو آموزش می‌دهیم.

# %% [markdown] tags=["en"]
# ## Rescuing deep sigmoid and tanh networks
#
# We train the ten-layer sigmoid and tanh networks with layer normalisation, with residual connections, and with both.

# %%
RESCUES = {"norm": dict(norm=True), "residual": dict(residual=True), "both": dict(norm=True, residual=True)}


def rescue():
    out = {}
    for name in ("sigmoid", "tanh"):
        for label, options in RESCUES.items():
            model = training.BatchedMLP(sizes(64, DEPTHS[-1]), activations.ACTIVATIONS[name][0], SEEDS,
                                        init=activations.gain(name), **options).to(DEVICE)
            out[f"{name}/{label}"] = training.train_batched(model, digits, sgd, DIGITS_RATES[name], EPOCHS, BATCH, SEEDS,
                                                            patience=PATIENCE).test_accuracy
    return out


rescued = memoised("rescue", rescue)
for name in ("sigmoid", "tanh"):
    rescued[f"{name}/plain"] = by_depth[DEPTHS[-1]][name]
KINDS = ("plain", "norm", "residual", "both")
publish.table("rescue", [T["activation"]] + [f"{T[k]}: {T['test']}" for k in KINDS],
              [[SHOWN[n]] + [percent(rescued[f"{n}/{k}"]) for k in KINDS] for n in ("sigmoid", "tanh")],
              [None, ".1f", ".1f", ".1f", ".1f"])
rescue_pairs = [(f"{n}/{k}", f"{n}/plain") for n in ("sigmoid", "tanh") for k in KINDS[1:]]
shown_rescues = {f"{n}/{k}": f"{SHOWN[n]} + {T[k]}" if k != "plain" else f"{SHOWN[n]} {T['plain_alone']}"
                 for n in ("sigmoid", "tanh") for k in KINDS}
rescues = stats.compare(rescued, rescue_pairs)
for comparison in rescues:
    publish.text("rescue_" + comparison.first.replace("/", "_"), stats.describe(comparison, shown_rescues, language()))
residual = next(c for c in rescues if c.first == "sigmoid/residual")
publish.claim("residual_rescues_sigmoid", residual.verdict == "ahead", stats.describe(residual, shown_rescues, language()))

# %% [markdown] tags=["fa"]
# حکم‌های چاپ‌شده هر درمان را با همان شبکهٔ ده‌لایهٔ بی‌درمان مقایسه می‌کنند. اتصال میان‌بر شبکهٔ سیگموید را به‌طور
# معنادار بهتر می‌کند، چنان‌که ادعای `residual_rescues_sigmoid` وارسی می‌کند؛ نتیجهٔ درمان‌های دیگر را حکم‌های
# چاپ‌شده بیان می‌کنند.

# %% [markdown] tags=["en"]
# The printed verdicts compare each remedy with the same ten-layer network without it. A residual connection
# improves the sigmoid network significantly, as the claim `residual_rescues_sigmoid` checks; the printed verdicts
# state the outcome of the other remedies.

# %% [markdown] tags=["fa"]
# ## گرادیان‌ها و فعال‌سازی‌ها در آغاز

# %% [markdown] tags=["en"]
# ## Gradients and activations at initialisation

# %%
mnist = DATASETS["MNIST-1D"]
x, y = mnist.train.x[:256], mnist.train.y[:256]


def fresh(name, depth=DEPTH):
    return build(40, depth)(name, SEEDS)


norms = {name: training.gradient_norms(fresh(name), x.expand(len(SEEDS), -1, -1),
                                       y.expand(len(SEEDS), -1)).mean(0).cpu() for name in NAMES}
for name in ("sigmoid", "tanh", "relu"):
    publish.value(f"gradient_ratio_{name}", (norms[name][0] / norms[name][-1]).item(), ".1e")
ratio = {n: (norms[n][0] / norms[n][-1]).item() for n in ("sigmoid", "relu")}
publish.claim("sigmoid_gradient_vanishes", ratio["sigmoid"] < 0.01 * ratio["relu"],
              f"{ratio['sigmoid']:.1e} / {ratio['relu']:.1e}")
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
RELU_RATE = studies["MNIST-1D"]["chosen"]["relu"]


def dead_after_training():
    model = fresh("relu")
    training.train_batched(model, mnist, sgd, RELU_RATE, EPOCHS, BATCH, SEEDS, patience=PATIENCE)
    return training.dead_unit_share(training.hidden_activations(model, mnist.train.x)).cpu()


before = training.dead_unit_share(training.hidden_activations(fresh("relu"), mnist.train.x)).cpu()
after = memoised("dead_after", dead_after_training)
DEPTHS = [2, 4, 6, 8, 10, 12, 16]
by_depth = torch.stack([training.dead_unit_share(training.hidden_activations(fresh("relu", d), mnist.train.x)).mean(1)
                        .cpu() for d in DEPTHS])
publish.value("dead_before", 100 * before.mean().item(), ".1f")
publish.value("dead_after", 100 * after.mean().item(), ".1f")
publish.value("dead_deepest", 100 * by_depth[-1].mean().item(), ".1f")
publish.value("deepest", DEPTHS[-1], "d")
(change,) = stats.compare({"after": after.mean(1), "before": before.mean(1)}, [("after", "before")])
publish.text("dead_change", stats.describe(change, {}, language(), phrases=T["dead_change"]))
deeper = stats.compare({"deep": by_depth[-1], "shallow": by_depth[0]}, [("deep", "shallow")])[0]
publish.claim("dead_grow_with_depth", deeper.verdict == "ahead", stats.describe(
    deeper, {"deep": str(DEPTHS[-1]), "shallow": str(DEPTHS[0])}, language()))
publish.claim("dead_rare_at_six", percent(before.mean(1)).high < 5, f"{percent(before.mean(1)).high:.1f}% < 5%?")
publish.figure(training_plots.dead_units(before.T, after.T, DEPTHS, by_depth), "dead", **FIGURES["dead"])

# %% [markdown] tags=["fa"]
# در شبکهٔ شش‌لایه، واحدهای مرده پیش از آموزش نادرند (ادعای `dead_rare_at_six`)، و حکم چاپ‌شدهٔ `dead_change` اثر
# آموزش را بر سهم آن‌ها بیان می‌کند. نمودار راست نشان می‌دهد که در شبکهٔ تازه سهم واحدهای مرده با عمق بیشتر می‌شود؛
# ادعای `dead_grow_with_depth` این را وارسی می‌کند.

# %% [markdown] tags=["en"]
# In the six-layer network, dead units are rare before training (the claim `dead_rare_at_six`), and the printed
# verdict `dead_change` states what training does to their share. The right plot shows that in a fresh network the
# share of dead units grows with depth, which the claim `dead_grow_with_depth` checks.

# %% [markdown] tags=["fa"]
# ## مقداردهی اولیه و تابع فعال‌سازی

# %% [markdown] tags=["en"]
# ## Initialisation and activation function

# %%
INIT_KEYS = ["relu/default", "relu/xavier", "tanh/default", "tanh/xavier", "tanh/kaiming"]
inits = memoised("inits", lambda: study(mnist, INIT_KEYS))
by_init = {key: sweep.Outcome(*o).test for key, o in inits["final"].items()}
by_init["relu/kaiming"] = results["MNIST-1D"]["relu"].test  # ReLU's suited gain is Kaiming's √2
INIT_SCHEMES = ("default", "xavier", "kaiming")
publish.table("inits", [T["activation"]] + [f"{T[i]}: {T['test']}" for i in INIT_SCHEMES],
              [[SHOWN[n]] + [percent(by_init[f"{n}/{i}"]) for i in INIT_SCHEMES] for n in ("tanh", "relu")],
              [None, ".1f", ".1f", ".1f"])
init_pairs = [(f"{n}/{a}", f"{n}/{b}") for n in ("tanh", "relu")
              for a, b in (("xavier", "kaiming"), ("default", "kaiming"), ("default", "xavier"))]
shown_inits = {f"{n}/{i}": f"{SHOWN[n]} + {T[i]}" for n in ("tanh", "relu") for i in INIT_SCHEMES}
init_verdicts = stats.compare(by_init, init_pairs)
for comparison in init_verdicts:
    name = "init_" + "_".join(comparison.first.split("/") + comparison.second.split("/")[1:])
    publish.text(name, stats.describe(comparison, shown_inits, language()))
behind_a_scaled_one = {n: any(c.first == f"{n}/default" and c.verdict == "behind" for c in init_verdicts)
                       for n in ("tanh", "relu")}
publish.claim("default_behind", all(behind_a_scaled_one.values()),
              "; ".join(stats.describe(c, shown_inits, language()) for c in init_verdicts if "default" in c.first))
for key, chosen in inits["chosen"].items():
    publish.value("rate_" + key.replace("/", "_"), chosen, "g")


# %% [markdown] tags=["fa"]
# جدول دقت آزمون هر ترکیب تابع و مقداردهی را می‌دهد، هریک با نرخ برگزیدهٔ خودش. برای هر دو تابع، مقداردهی پیش‌فرض
# PyTorch دست‌کم از یکی از مقداردهی‌های مقیاس‌شده عقب‌تر است (ادعای `default_behind`)، و حکم‌های چاپ‌شده نتیجهٔ
# مقایسه‌های دیگر را بیان می‌کنند.

# %% [markdown] tags=["en"]
# The table gives the test accuracy of each pairing of function and initialisation, each at its own chosen rate. For
# both functions, PyTorch's default is behind at least one of the scaled initialisations (the claim
# `default_behind`), and the printed verdicts state the outcome of the other comparisons.
