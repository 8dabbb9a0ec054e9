# ---
# jupyter:
#   book:
#     seconds: 17  # a rough cold run, both languages: the longest notebooks start first
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["fa"]
# # نوت‌بوک فصل ۲: گرادیان‌های شبکهٔ XOR
#
# این نوت‌بوک مشتق‌هایی را که در فصل ۲ دستی استخراج کردیم به کد تبدیل می‌کند و آن‌ها را با مشتق‌گیری خودکار
# PyTorch و با تفاضل محدود می‌سنجد. سپس رفتار مشتق در گوشهٔ ReLU و خطای تفاضل محدود را اندازه می‌گیرد، شبکه را با
# همین مشتق‌ها از دو هزار نقطهٔ شروع تصادفی آموزش می‌دهد، و توضیح می‌دهد اجراهای ناموفق کجا متوقف می‌شوند و کدام چاره‌ها
# کمک می‌کنند. همهٔ عددها و شکل‌های فصل ۲ حاصل اجرای همین نوت‌بوک در زمان ساخت کتاب‌اند.
#
# هدف این است که هیچ فرمولی بی‌وارسی به کار نرود: هر مشتق دستی با محاسبه‌ای مستقل سنجیده می‌شود، و هر گزارهٔ فصل
# دربارهٔ آموزش بر اندازه‌گیری تکیه دارد.

# %% [markdown] tags=["en"]
# # Chapter 2 notebook: the gradients of the XOR network
#
# This notebook turns the derivatives of Chapter 2 into code and checks them against PyTorch's automatic
# differentiation and against finite differences. It then measures what the derivative does at the kink of ReLU and
# how large the error of finite differences is, trains the network with the derivatives from two thousand random
# starting points, and explains where the failed runs stop and which remedies help. Every number and figure of
# Chapter 2 comes from running this notebook when the book is built.
#
# The aim is that no formula is used unchecked: every hand-derived derivative is measured against an independent
# computation, and every statement the chapter makes about training rests on a measurement.

# %%
import torch

from dlbook import plotting, publish, seeds, stats, xor, xor_plots
from dlbook.memo import memoised
from dlbook.text import count as count_words, language, listing, localise_number, tr

plotting.setup()
_ = torch.manual_seed(seeds.shift(0))
EPS = torch.finfo(xor.DTYPE).eps  # machine epsilon of float64, 2⁻⁵²

# %% tags=["fa"]
# The words, captions and alt texts of this edition.
T = dict(
    configuration="پیکربندی", success="اجراهای موفق (بازهٔ ۹۵٪)", only_remedy="موفق فقط با این پیکربندی",
    only_baseline="موفق فقط با شبکهٔ پایه", p="p مک‌نمار (هولم)",
    level="ضرر پایانی", derived="مقدار استخراج‌شده", runs="شمار اجراها", dead="با یک واحد مرده",
    success_level=r"موفق (\(J < 10^{-3}\))",
    relu_central="تفاضل مرکزی، شبکهٔ ReLU", relu_forward="تفاضل پیشرو، شبکهٔ ReLU",
    softplus_central="تفاضل مرکزی، شبکهٔ softplus",
)
LABELS = dict(baseline="پایه: دو واحد ReLU", bias="بایاس پنهان مثبت (۰٫۱)", leaky="تابع ReLU نشتی (شیب ۰٫۰۱)",
              units4="چهار واحد پنهان", units8="هشت واحد پنهان")
NAMES = dict(baseline="شبکهٔ پایه", bias="بایاس پنهان مثبت", leaky="ReLU نشتی", units4="چهار واحد پنهان",
             units8="هشت واحد پنهان", relu_at_zero_0=r"\(g'(0) = 0\)", relu_at_zero_1=r"\(g'(0) = 1\)")
FIGURES = {
    "network": dict(
        caption="شبکهٔ شکل ۶٫۲ کتاب در دو نگارش: در چپ هر واحد یک گره است و در راست هر لایه یک گره، "
                "با پارامترهایی که روی یال‌ها نوشته شده‌اند.",
        alt="دو نمودار از یک شبکه: دو ورودی، دو واحد پنهان و یک خروجی؛ دیگری همان شبکه با سه گرهٔ x، h و y."),
    "finite_differences": dict(
        caption="خطای تفاضل محدود بر حسب گام h در یک نقطهٔ تصادفی، بر محورهای لگاریتمی. خط‌چین برآورد خطای گرد کردن "
                "است. تفاضل مرکزی شبکهٔ ReLU خطای برش ندارد، چون ضرر در هر تکه درجهٔ دوم است، تا وقتی که گام از "
                "نزدیک‌ترین گوشه بگذرد؛ همین شبکه با واحدهای softplus کمینهٔ معمول را نزدیک "
                "$h = \\varepsilon^{1/3}$ نشان می‌دهد.",
        alt="نمودار لگاریتمی خطا بر حسب گام برای سه روش: خطای ReLU با تفاضل مرکزی تا گوشه پایین می‌آید و سپس "
            "می‌پرد، و دو منحنی دیگر شکل V دارند."),
    "outcomes": dict(
        caption="چپ: ضرر پایانی همهٔ اجراها بر مقیاس لگاریتمی، به تفکیک سرانجام. راست: منحنی ضرر چند اجرا از "
                "هر گروه. اجراهای موفق تا حد دقت عددی پایین می‌روند؛ بقیه روی چند مقدار ثابت می‌مانند.",
        alt="هیستوگرام ضرر پایانی و منحنی‌های ضرر برای اجراهای موفق، اجراهای دارای واحد مرده و اجراهای گیرافتاده در کمینهٔ موضعی."),
    "remedies": dict(
        caption="سهم اجراهای موفق از دو هزار نقطهٔ شروع یکسان برای هر پیکربندی، با بازهٔ اطمینان ۹۵٪ ویلسون.",
        alt="نمودار نقطه‌ای نرخ موفقیت پنج پیکربندی، هرکدام با بازهٔ اطمینانش؛ هشت واحد پنهان بالاترین است."),
    "representation": dict(
        caption="ستون چپ: چهار ورودی در فضای پنهان، که در آن یک خط دو رده را جدا می‌کند. ستون راست: خروجی "
                "شبکه روی صفحهٔ ورودی، با منحنی تراز ۰٫۵ به رنگ سیاه. ردیف بالا جواب کتاب است و ردیف پایین "
                "نخستین جواب آموخته‌ای که با جواب کتاب فرق دارد.",
        alt="چهار نمودار: نقطه‌های XOR در فضای پنهان و خروجی شبکه روی صفحه، برای جواب کتاب و یک جواب آموخته."),
}

# %% tags=["en"]
# The words, captions and alt texts of this edition.
T = dict(
    configuration="configuration", success="successful runs (95% interval)", only_remedy="succeed only with it",
    only_baseline="succeed only with the baseline", p="McNemar p (Holm)",
    level="final loss", derived="derived value", runs="runs", dead="with a dead unit",
    success_level=r"success (\(J < 10^{-3}\))",
    relu_central="ReLU, central differences", relu_forward="ReLU, forward differences",
    softplus_central="softplus, central differences",
)
LABELS = dict(baseline="baseline: two ReLU units", bias="positive hidden bias (0.1)",
              leaky="leaky ReLU (slope 0.01)", units4="four hidden units", units8="eight hidden units")
NAMES = dict(baseline="the baseline", bias="a positive hidden bias", leaky="leaky ReLU", units4="four hidden units",
             units8="eight hidden units", relu_at_zero_0=r"\(g'(0) = 0\)", relu_at_zero_1=r"\(g'(0) = 1\)")
FIGURES = {
    "network": dict(
        caption="The network of the book's Figure 6.2 in its two styles: one node per unit on the left, "
                "one node per layer on the right, with the parameters written on the edges.",
        alt="Two diagrams of one network: two inputs, two hidden units and one output; and the same network "
            "as three nodes x, h and y."),
    "finite_differences": dict(
        caption="The error of finite differences against the step h at one random point, on log–log axes. The dashed "
                "line is the estimate of the rounding error. Central differences of the ReLU network have no "
                "truncation error, since the loss is quadratic on each piece, until the step crosses the nearest "
                "kink; the same network with softplus units shows the usual minimum near $h = \\varepsilon^{1/3}$.",
        alt="A log–log plot of error against step for three methods: the ReLU central-difference error falls until "
            "the kink and then jumps, and the other two curves are V-shaped."),
    "outcomes": dict(
        caption="Left: the final loss of every run on a log scale, by outcome. Right: the loss curves of a few "
                "runs of each kind. Successful runs go down to numerical precision; the others stall at a few values.",
        alt="A histogram of final losses and loss curves for successful runs, runs with a dead unit and runs stuck at a local minimum."),
    "remedies": dict(
        caption="The share of successful runs from the same two thousand starting points for each configuration, "
                "with its 95% Wilson interval.",
        alt="A dot plot of the success rate of five configurations with error bars; eight hidden units is highest."),
    "representation": dict(
        caption="Left column: the four inputs in hidden space, where a line separates the two classes. Right "
                "column: the network's output over the input plane, with its 0.5 level curve in black. Top row: the "
                "book's solution; bottom row: the first learned solution that differs from it.",
        alt="Four plots: the XOR points in hidden space and the network output over the plane, for the book's "
            "solution and for a learned one."),
}

# %% [markdown] tags=["fa"]
# ## شبکه و داده‌ها
#
# این بخش چهار نقطهٔ ورودی XOR و برچسب‌هایشان را، همراه با شبکهٔ شکل ۶٫۲ کتاب با دو واحد پنهان ReLU، تعریف
# می‌کند [@goodfellow2016deep, بخش ۶٫۱]. ماتریس $\mathbf{W}$ دو در دو است و ستون $j$ آن به واحد پنهان $j$ می‌رود.

# %% [markdown] tags=["en"]
# ## The network and the data
#
# The four XOR inputs with their targets, and the network of the book's Figure 6.2 with two ReLU hidden units
# [@goodfellow2016deep, §6.1]. $\mathbf{W}$ is two by two, and its column $j$ feeds hidden unit $j$.

# %%
print("X =", xor.X.tolist())
print("y =", xor.Y.tolist())
publish.figure(xor_plots.network_diagram(), "network", **FIGURES["network"])

# %% [markdown] tags=["fa"]
# خروجی بالا چهار ورودی XOR و برچسب‌هایشان را نشان می‌دهد: برچسب فقط وقتی یک است که دقیقاً یکی از دو ورودی یک باشد.
# شکل همان شبکه را به دو شیوهٔ کتاب می‌کشد، و نُه پارامتری که باید از آن‌ها مشتق بگیریم روی یال‌هایش آمده‌اند.

# %% [markdown] tags=["en"]
# The output above lists the four XOR inputs and their targets: the target is one exactly when one of the two inputs
# is one. The figure draws the same network in the book's two styles, with the nine parameters we differentiate on
# its edges.

# %% [markdown] tags=["fa"]
# ## مشتق‌ها در برابر مشتق‌گیری خودکار
#
# تابع `xor.gradients` صورت ماتریسی مشتق‌ها را پیاده می‌کند، `xor.gradients_by_element` فرمول جداگانهٔ هر
# پارامتر را با حلقه‌های ساده حساب می‌کند، و `xor.gradients_substituted` همان فرمول‌ها را پس از جای‌گذاری چهار
# ورودی XOR در آن‌ها پیاده می‌کند. صورت ماتریسی را در هزار نقطهٔ تصادفی، در دقت float64، با `torch.autograd` و با فرمول‌های جای‌گذاری‌شده
# مقایسه می‌کنیم، و در پنجاه نقطه از همان‌ها با فرمول‌های درایه به درایه و با تفاضل محدود.

# %% [markdown] tags=["en"]
# ## The derivatives against automatic differentiation
#
# `xor.gradients` implements the matrix form of the derivatives, `xor.gradients_by_element` the formula of each
# parameter with plain loops, and `xor.gradients_substituted` the same formulas with the four XOR inputs put in. We
# compare the matrix form with `torch.autograd` and with the substituted formulas at a thousand random points, in
# float64, and, at fifty of them, with the element-wise formulas and with finite differences.

# %%
points = xor.random_params(1000, torch.Generator().manual_seed(seeds.shift(1)))
autograd_difference = xor.max_abs_difference(xor.gradients(points), xor.autograd_gradients(points))
substituted_difference = xor.max_abs_difference(xor.gradients(points), xor.gradients_substituted(points))
some = [xor.Params(*(t[k] for t in points)) for k in range(50)]
elementwise_difference = max(xor.max_abs_difference(xor.gradients(p), xor.gradients_by_element(p)) for p in some)
finite_difference = max(xor.max_abs_difference(xor.gradients(p), xor.finite_difference_gradients(p)) for p in some)
assert max(autograd_difference, substituted_difference, elementwise_difference) < 1e-10 and finite_difference < 1e-7
publish.value("autograd_points", len(points.b), "d")
publish.value("finite_difference_points", len(some), "d")
publish.value("autograd_max_diff", autograd_difference, ".1e")
publish.value("substituted_max_diff", substituted_difference, ".1e")
publish.value("elementwise_max_diff", elementwise_difference, ".1e")
publish.value("finite_difference_max_diff", finite_difference, ".1e")

# %% [markdown] tags=["fa"]
# صورت ماتریسی با مشتق‌گیری خودکار، با فرمول‌های درایه به درایه و با فرمول‌های جای‌گذاری‌شده تا حد خطای گرد کردن
# float64 یکی است؛ اگر یکی از این اختلاف‌ها از $10^{-10}$ بیشتر بود، `assert` سلول اجرا را متوقف می‌کرد. پس
# فرمول‌های دستی همان مشتق‌هایی را می‌دهند که PyTorch حساب می‌کند. اختلاف با تفاضل محدود بزرگ‌تر است، و بخش «خطای
# تفاضل محدود بر حسب گام» نشان می‌دهد که این خطا ناشی از خود تفاضل محدود است.

# %% [markdown] tags=["en"]
# The matrix form agrees with automatic differentiation, with the element-wise formulas and with the substituted
# formulas to the rounding error of float64; had any of these differences exceeded $10^{-10}$, the cell's `assert`
# would have stopped the run. So the hand-derived formulas give the derivatives PyTorch computes. The gap to finite
# differences is larger, and the section on the error of finite differences shows that this error comes from finite
# differences themselves.

# %% [markdown] tags=["fa"]
# ## جواب کتاب
#
# در جواب کتاب ضرر صفر است و همهٔ باقی‌مانده‌ها صفرند؛ پس گرادیان هر پارامتر صفر می‌شود، هر مقداری که برای
# مشتق ReLU در صفر برگزینیم. سه پیش‌فعال‌سازی دقیقاً صفرند.

# %% [markdown] tags=["en"]
# ## The book's solution
#
# At the book's solution the loss is zero and so is every residual, so each gradient vanishes, whatever value we
# choose for the derivative of ReLU at zero. Three pre-activations are exactly zero.

# %%
book = xor.BOOK_SOLUTION
Z, H = xor.hidden(book)
print("XW + c =", Z.tolist())
print("h =", H.tolist())
print("f(x) =", xor.forward(book).tolist())
largest = max(xor.flatten(xor.gradients(book, relu_at_zero=s)).abs().max().item() for s in (0.0, 0.5, 1.0))
publish.value("book_loss", xor.loss(book).item(), ".1f")
publish.value("book_zero_preactivations", int((Z == 0).sum()), "d")
publish.value("book_max_gradient", largest, ".1f")

# a worked example off the kinks: the book's solution with both hidden biases raised by ½, c = (½, −½)
worked = book._replace(c=torch.tensor([0.5, -0.5], dtype=xor.DTYPE))
worked_by_hand = xor.params([[-0.5, 1], [-0.5, 1]], [-0.5, 1.5], [-1.25, -0.625], -0.5)  # the page's nine numbers
worked_gap = max(xor.max_abs_difference(xor.gradients(worked), worked_by_hand),
                 xor.max_abs_difference(xor.autograd_gradients(worked), worked_by_hand))
outer_gap = xor.max_abs_difference(xor.Params(*(t.mean(0) for t in xor.per_example_gradients(worked))),
                                   xor.gradients(worked))
print(tr("گرادیان مثال حل‌شده، dJ/dθ:", "worked example, dJ/dtheta:"),
      {k: t.tolist() for k, t in xor.gradients(worked)._asdict().items()})
publish.value("worked_loss", xor.loss(worked).item(), ".2f")
publish.value("outer_product_max_diff", outer_gap, ".0e")
publish.claim("worked_example", worked_gap < 1e-15 and outer_gap < 1e-15,
              tr(rf"اختلاف نُه مشتق در \(\mathbf{{c}} = (\tfrac12, -\tfrac12)\) با مقدارهای صفحه: "
                 rf"{publish.format_number(worked_gap, '.1e')}؛ اختلاف میانگین ضرب‌های بیرونی تک‌نمونه‌ها با صورت "
                 rf"دسته‌ای: {publish.format_number(outer_gap, '.1e')}؛ هر دو کمتر از \(10^{{-15}}\) است؟",
                 f"nine derivatives at c = (1/2, -1/2) against the page's: {worked_gap:.1e}; mean of the per-example "
                 f"outer products against the batch form: {outer_gap:.1e}; both < 1e-15?"))

# %% [markdown] tags=["fa"]
# خروجی $f(\mathbf{x})$ با برچسب‌ها یکی است، و ماتریس $\mathbf{X}\mathbf{W} + \mathbf{1}\mathbf{c}^\top$ سه درایهٔ
# صفر دارد: سه پیش‌فعال‌سازی روی گوشهٔ ReLU نشسته‌اند. با این حال بزرگ‌ترین درایهٔ گرادیان با هر سه انتخاب $g'(0)$
# صفر است، چون هر جملهٔ گرادیان ضریب $\delta_n = 0$ دارد.

# %% [markdown] tags=["en"]
# The output $f(\mathbf{x})$ equals the targets, and the matrix $\mathbf{X}\mathbf{W} + \mathbf{1}\mathbf{c}^\top$
# has three zero entries: three pre-activations sit on the kink of ReLU. Still, the largest gradient entry is zero
# for all three choices of $g'(0)$, since every term of the gradient carries a factor $\delta_n = 0$.

# %% [markdown] tags=["fa"]
# ## مشتق در گوشهٔ ReLU
#
# اگر جواب را کمی جابه‌جا کنیم (مثلاً $b = 0.1$)، باقی‌مانده‌ها دیگر صفر نیستند ولی همان سه پیش‌فعال‌سازی
# هنوز صفرند. این‌جا انتخاب مشتق ReLU در صفر گرادیان را عوض می‌کند. برای $c_2$، دو مشتق یک‌طرفهٔ $J$ را با
# خارج‌قسمت تفاضلی چپ و راست حساب می‌کنیم و می‌بینیم PyTorch کدام را برمی‌گرداند؛ تفاضل مرکزی هیچ‌کدام را
# نمی‌دهد. در پایان، مثال کاکاده و لی را می‌آزماییم: تابع $\mathrm{relu}(x) - \mathrm{relu}(-x)$ همان $x$ است، ولی
# مشتق‌گیری خودکار در $x = 0$ مشتق آن را صفر می‌دهد.

# %% [markdown] tags=["en"]
# ## The derivative at the kink of ReLU
#
# Move the solution a little (say $b = 0.1$): the residuals are no longer zero, but the same three
# pre-activations still are. Here the choice of the ReLU derivative at zero does change the gradient. For $c_2$ we
# compute the two one-sided derivatives of $J$ with left and right difference quotients and see which one PyTorch
# returns; a central difference gives neither. Last, Kakade and Lee's example: $\mathrm{relu}(x) - \mathrm{relu}(-x)$
# is $x$, yet automatic differentiation gives it the derivative zero at $x = 0$.

# %%
shifted = book._replace(b=torch.tensor(0.1, dtype=xor.DTYPE))
for s in (0.0, 1.0):
    print(f"g'(0) = {s}: dJ/dW =", xor.gradients(shifted, relu_at_zero=s).W.tolist())
convention_gap = xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=0.0),
                                        xor.gradients(shifted, relu_at_zero=1.0))
pytorch_match = xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=0.0), xor.autograd_gradients(shifted))
assert pytorch_match <= 1e-15  # PyTorch's autograd is the formula with g'(0) = 0
C2 = 5  # the place of c₂ in xor.flatten's order (W₁₁, W₁₂, W₂₁, W₂₂, c₁, c₂, w₁, w₂, b)
left, right = xor.one_sided_derivatives(shifted, C2)
pytorch_c2 = xor.autograd_gradients(shifted).c[1].item()
central_c2 = xor.finite_difference_gradients(shifted).c[1].item()
print(localise_number(tr(f"مشتق J نسبت به c₂: چپ {left:.9f}، راست {right:.9f}، PyTorch {pytorch_c2}، "
                         f"تفاضل مرکزی {central_c2:.9f}",
                         f"dJ/dc2: left {left:.9f}, right {right:.9f}, PyTorch {pytorch_c2}, "
                         f"central difference {central_c2:.9f}"), language()))
publish.value("kink_convention_gap", convention_gap, ".2f")
publish.value("pytorch_kink_match", pytorch_match, ".0e")
publish.value("kink_left", left, ".2f")
publish.value("kink_right", right, ".2f")
publish.value("kink_pytorch", pytorch_c2, ".2f")
publish.value("kink_central", central_c2, ".2f")
publish.claim("pytorch_returns_the_left_derivative",
              abs(pytorch_c2 - left) < 1e-6 and abs(right - left) > 0.1 and abs(central_c2 - pytorch_c2) > 0.05,
              tr(f"PyTorch {pytorch_c2:.6f}، مشتق چپ {left:.6f}، مشتق راست {right:.6f}، تفاضل مرکزی {central_c2:.6f}",
                 f"PyTorch {pytorch_c2:.6f}, left {left:.6f}, right {right:.6f}, central {central_c2:.6f}"))

x = torch.zeros((), dtype=xor.DTYPE, requires_grad=True)
(kakade_lee,) = torch.autograd.grad(torch.relu(x) - torch.relu(-x), x)
publish.value("kakade_lee_autograd", kakade_lee.item(), ".0f")
assert abs(kakade_lee.item()) <= 1e-15  # while the function is x, whose derivative is 1

# %% [markdown] tags=["fa"]
# دو سطر نخست نشان می‌دهند که در این نقطه دو قرارداد $g'(0) = 0$ و $g'(0) = 1$ گرادیان‌های متفاوتی برای $\mathbf{W}$
# می‌دهند. سطر بعد نشان می‌دهد که PyTorch مشتق چپ را برمی‌گرداند و تفاضل مرکزی میانگین دو مشتق یک‌طرفه را، که با
# هیچ‌یک از آن دو برابر نیست؛ در مثال کاکاده و لی هم مشتق‌گیری خودکار صفر می‌دهد، در حالی که مشتق درست یک است.

# %% [markdown] tags=["en"]
# The first two lines show that at this point the conventions $g'(0) = 0$ and $g'(0) = 1$ give different gradients
# for $\mathbf{W}$. The next line shows that PyTorch returns the left derivative, and the central difference the
# mean of the two one-sided derivatives, which equals neither; in Kakade and Lee's example, too, automatic
# differentiation gives zero where the true derivative is one.

# %% [markdown] tags=["fa"]
# ## مدل خطی، برای مقایسه
#
# مدل خطی $f(\mathbf{x}) = \mathbf{x}^\top \mathbf{w} + b$ را با معادله‌های نرمال حل می‌کنیم.

# %% [markdown] tags=["en"]
# ## The linear model, for contrast
#
# We solve the linear model $f(\mathbf{x}) = \mathbf{x}^\top \mathbf{w} + b$ with the normal equations.

# %%
w_linear, b_linear, loss_linear = xor.least_squares_linear()
print("w =", w_linear.tolist(), " b =", b_linear.item())
publish.value("linear_w_norm", w_linear.abs().max().item(), ".1f")
publish.value("linear_b", b_linear.item(), ".2f")
publish.value("linear_loss", loss_linear.item(), ".2f")

# %% [markdown] tags=["fa"]
# بهترین مدل خطی وزن‌ها را صفر می‌کند و همه‌جا یک مقدار را پیش‌بینی می‌کند، یعنی میانگین برچسب‌ها؛ ضرر آن همان است
# که کتاب گزارش می‌کند. هیچ مدل خطی‌ای XOR را بهتر از این برازش نمی‌کند، و به همین دلیل لایهٔ پنهان لازم است.

# %% [markdown] tags=["en"]
# The best linear model sets the weights to zero and predicts one value everywhere, the mean of the targets; its
# loss is the one the book reports. No linear model fits XOR better, which is why the hidden layer is needed.

# %% [markdown] tags=["fa"]
# ## خطای تفاضل محدود بر حسب گام
#
# خطای تفاضل مرکزی دو جزء دارد: خطای گرد کردن، نزدیک به $\varepsilon |J| / h$، و خطای برش از مرتبهٔ $h^2$.
# این‌جا $\varepsilon = 2^{-52}$ است. ضرر شبکهٔ ReLU روی هر تکه درجهٔ دوم است؛ پس تفاضل مرکزی‌اش خطای برش ندارد،
# تا وقتی که $\boldsymbol\theta \pm h\mathbf{e}_k$ از یک گوشه بگذرد. برای دیدن حالت معمول، همین شبکه را با
# واحدهای هموار softplus هم می‌سنجیم. شکل یک نقطه را نشان می‌دهد و ادعاها روی همان پنجاه نقطه وارسی می‌شوند.

# %% [markdown] tags=["en"]
# ## The error of finite differences against the step
#
# The error of a central difference has two parts: rounding, about $\varepsilon |J| / h$, and a truncation error of
# order $h^2$. Here $\varepsilon = 2^{-52}$. The loss of the ReLU network is quadratic on each piece, so its
# central differences have no truncation error until $\boldsymbol\theta \pm h\mathbf{e}_k$ crosses a kink. To see
# the usual case, we also measure the same network with smooth softplus units. The figure shows one point; the
# claims are checked at the same fifty points.

# %%
STEPS = torch.logspace(-13, 0, 53, dtype=xor.DTYPE)
AT_1E6 = int((STEPS - 1e-6).abs().argmin())


def finite_difference_study(p):
    """The error curves of one point, and the distance from it to the nearest kink (a step that changes any zₙⱼ
    by more than |zₙⱼ| crosses one)."""
    return dict(relu_central=xor.finite_difference_errors(p, xor.gradients(p), STEPS),
                relu_forward=xor.finite_difference_errors(p, xor.gradients(p), STEPS, central=False),
                softplus_central=xor.finite_difference_errors(p, xor.autograd_softplus_gradients(p), STEPS,
                                                              loss_fn=xor.softplus_loss),
                rounding=EPS * xor.loss(p).item() / STEPS,
                kink=xor.hidden(p)[0].abs().min().item())


studies = [finite_difference_study(p) for p in some]
shown = studies[0]
publish.figure(xor_plots.finite_difference_errors(STEPS, {T[k]: shown[k] for k in
                                                          ("relu_central", "relu_forward", "softplus_central")},
                                                  shown["rounding"], shown["kink"]),
               "finite_differences", **FIGURES["finite_differences"])

at_1e6 = torch.tensor([st["relu_central"][AT_1E6] / st["rounding"][AT_1E6] for st in studies])
below_kink = max((st["relu_central"] / st["rounding"])[STEPS < st["kink"]].max().item() for st in studies
                 if st["kink"] > STEPS[0])
past_kink = min((st["relu_central"] / st["rounding"])[STEPS >= 2 * st["kink"]].min().item() for st in studies
                if 2 * st["kink"] <= STEPS[-1])
best = torch.tensor([st["softplus_central"].min().item() for st in studies])
best_step = torch.tensor([STEPS[st["softplus_central"].argmin()].item() for st in studies])
forward_best_step = torch.tensor([STEPS[st["relu_forward"].argmin()].item() for st in studies])
publish.value("eps", EPS, ".1e")
publish.value("eps_two_thirds", EPS ** (2 / 3), ".0e")
publish.value("eps_third", EPS ** (1 / 3), ".0e")
publish.value("eps_half", EPS ** 0.5, ".0e")
publish.value("fd_ratio_at_1e6", at_1e6.median().item(), ".1f")
publish.value("fd_below_kink_ratio", below_kink, ".1f")
publish.value("fd_past_kink_ratio", past_kink, ".0e")
publish.value("fd_smooth_best", best.median().item(), ".0e")
publish.value("fd_smooth_best_step", best_step.median().item(), ".0e")
publish.value("fd_forward_best_step", forward_best_step.median().item(), ".0e")
publish.value("fd_shown_kink", shown["kink"], ".2f")
ROUNDING = r"\(\varepsilon |J| / h\)"  # the estimate of the rounding error, as the page writes it
publish.claim("rounding_at_1e6", 0.1 < at_1e6.median() < 10,
              tr(rf"میانهٔ نسبت خطا به {ROUNDING} در \(h = 10^{{-6}}\): {at_1e6.median():.2f}؛ بین ۰٫۱ و ۱۰ است؟",
                 f"median error / (eps |J| / h) at h = 1e-6: {at_1e6.median():.2f} in (0.1, 10)?"))
publish.claim("no_truncation_before_the_kink", below_kink < 4,
              tr(f"بیشینهٔ نسبت خطا به {ROUNDING} در گام‌های کوتاه‌تر از فاصله تا گوشه: {below_kink:.2f}؛ کمتر از ۴ "
                 "است؟",
                 f"max error / (eps |J| / h) below the kink: {below_kink:.2f} < 4?"))
publish.claim("kink_spoils_central_differences", past_kink > 1e3,
              tr(f"کمینهٔ نسبت خطا به {ROUNDING} در گام‌هایی که دست‌کم دو برابر فاصله تا گوشه‌اند: "
                 f"{publish.format_number(past_kink, '.1e')}؛ بیشتر از ۱۰۰۰ است؟",
                 f"min error / (eps |J| / h) at h >= 2 x distance to the kink: {past_kink:.2g} > 1000?"))
ratio, step_ratio = best.median().item() / EPS ** (2 / 3), best_step.median().item() / EPS ** (1 / 3)
publish.claim("smooth_optimum", 0.1 < ratio < 10 and 0.1 < step_ratio < 10,
              tr(rf"میانهٔ کمترین خطا نسبت به \(\varepsilon^{{2/3}}\): {ratio:.2f}؛ میانهٔ گام بهینه نسبت به "
                 rf"\(\varepsilon^{{1/3}}\): {step_ratio:.2f}؛ هر دو بین ۰٫۱ و ۱۰ هستند؟",
                 f"median best error / eps^(2/3) = {ratio:.2f}, at h / eps^(1/3) = {step_ratio:.2f}; "
                 f"both in (0.1, 10)?"))
forward_ratio = forward_best_step.median().item() / EPS ** 0.5
publish.claim("forward_optimum", 0.1 < forward_ratio < 10,
              tr(rf"میانهٔ گام بهینهٔ تفاضل پیشرو نسبت به \(\varepsilon^{{1/2}}\): {forward_ratio:.2f}؛ بین ۰٫۱ و ۱۰ "
                 "است؟",
                 f"median best h / eps^(1/2) = {forward_ratio:.2f} in (0.1, 10)?"))

# %% [markdown] tags=["fa"]
# در شکل، خطای تفاضل پیشرو و خطای تفاضل مرکزیِ شبکهٔ softplus الگوی V دارند: در گام‌های کوچک خطای گرد کردن غالب است
# و در گام‌های بزرگ خطای برش. خطای تفاضل مرکزیِ شبکهٔ ReLU تا نزدیک‌ترین گوشه در حد برآورد خطای گرد کردن (خط‌چین)
# می‌ماند و پس از آن بالا می‌پرد؛ ادعاهای چاپ‌شده همین رفتار را در هر پنجاه نقطه وارسی می‌کنند.

# %% [markdown] tags=["en"]
# In the figure, the errors of the forward difference and of the central difference on the softplus network form a
# V: rounding dominates at small steps and truncation at large ones. The central-difference error of the ReLU
# network stays at the rounding estimate (dashed) up to the nearest kink and jumps after it; the printed claims
# check this behaviour at all fifty points.

# %% [markdown] tags=["fa"]
# ## هزینهٔ دو روش
#
# تفاضل مرکزی برای هر پارامتر دو بار ضرر را حساب می‌کند؛ مشتق‌گیری معکوس همهٔ گرادیان را با یک گذر رو به جلو و
# یک گذر رو به عقب می‌دهد.

# %% [markdown] tags=["en"]
# ## The cost of the two methods
#
# Central differences evaluate the loss twice per parameter; reverse-mode differentiation gives the whole gradient
# with one forward and one backward pass.

# %%
parameters = len(xor.flatten(book))
publish.value("parameters", parameters, "d")
publish.value("central_evaluations", 2 * parameters, "d")

# %% [markdown] tags=["fa"]
# مقدارهای چاپ‌شده شمار پارامترها و شمار گذرهای رو به جلوی تفاضل مرکزی‌اند. این شمار همراه با شمار پارامترها رشد
# می‌کند، ولی پس‌انتشار، هر قدر هم شبکه بزرگ باشد، فقط یک گذر رو به جلو و یک گذر رو به عقب لازم دارد.

# %% [markdown] tags=["en"]
# The printed values are the number of parameters and the number of forward passes that central differences need.
# That number grows with the parameters, while backpropagation needs one forward and one backward pass however large
# the network.

# %% [markdown] tags=["fa"]
# ## گرادیان کاهشی از دو هزار نقطهٔ شروع
#
# همهٔ شبکه‌ها با هم، در یک دستهٔ برداری‌شده، با گرادیان‌های دستی آموزش می‌بینند. مقداردهی اولیه همان است که
# `nn.Linear` در PyTorch به کار می‌برد. همین نقطه‌های شروع، با همان عددهای تصادفی، در بخش‌های بعد برای چاره‌ها
# هم به کار می‌روند، تا هر اجرا با همتای خود مقایسه شود.

# %% [markdown] tags=["en"]
# ## Gradient descent from two thousand starting points
#
# All networks train at once, as one vectorised batch, with the hand-derived gradients. They start as PyTorch's
# `nn.Linear` would initialise them. The same starting points, from the same random numbers, serve the remedies of
# the later sections, so that each run is compared with its own counterpart.

# %%
RUNS, STEPS_GD, LEARNING_RATE, RECORD_EVERY, TOLERANCE = 2000, 5000, 0.1, 10, 1e-3
BUDGETS, LONG_BUDGET = [500, 1000, 2000, 5000], 20000  # step budgets at which every remedy's success is counted
draws = xor.uniform_draws(RUNS, torch.Generator().manual_seed(seeds.shift(2)), units=8)
CONFIGURATIONS = {  # name: (initial parameters, leaky slope, g'(0)); all made from the same draws
    "baseline": (xor.initialise(draws, 2), 0.0, 0.0),
    "bias": (xor.initialise(draws, 2, hidden_bias=0.1), 0.0, 0.0),
    "leaky": (xor.initialise(draws, 2), 0.01, 0.0),
    "units4": (xor.initialise(draws, 4), 0.0, 0.0),
    "units8": (xor.initialise(draws, 8), 0.0, 0.0),
    "relu_at_zero_0": (xor.initialise(draws, 2, hidden_bias=0.0), 0.0, 0.0),
    "relu_at_zero_1": (xor.initialise(draws, 2, hidden_bias=0.0), 0.0, 1.0),
}
start = CONFIGURATIONS["baseline"][0]


def descend():
    """Every configuration trained on the same harness; the full loss history for the baseline, the loss at each
    step budget of BUDGETS for the others. Leaky ReLU, the one configuration whose stuck runs still move, also
    goes on to LONG_BUDGET steps."""
    results = {}
    for name, (initial, slope, at_zero) in CONFIGURATIONS.items():
        final, history = xor.gradient_descent(initial, LEARNING_RATE, STEPS_GD, RECORD_EVERY, slope, at_zero)
        kept = history if name == "baseline" else history[[b // RECORD_EVERY for b in BUDGETS]]
        results[name] = (tuple(final), kept)  # plain tensors for the memo
        if name == "leaky":
            _, longer = xor.gradient_descent(final, LEARNING_RATE, LONG_BUDGET - STEPS_GD,
                                              LONG_BUDGET - STEPS_GD, slope, at_zero)
            results["leaky_long"] = longer[-1]
    return results


descents = memoised("descents", descend)
final, history = xor.Params(*descents["baseline"][0]), descents["baseline"][1]
final_loss = history[-1]
masks = xor.classify(final, final_loss, TOLERANCE)
KINDS = dict(success="اجراهای موفق", dead="اجراهای دارای واحد مرده", stuck="اجراهای گیرافتاده با دو واحد زنده")
for kind, mask in masks.items():
    print(localise_number(tr(f"{KINDS[kind]}: {mask.float().mean().item():.1%}",
                             f"{kind}: {mask.float().mean().item():.1%}"), language()))
publish.value("runs", RUNS, ",d")
publish.value("steps", STEPS_GD, ",d")
publish.value("learning_rate", LEARNING_RATE, ".1f")
publish.value("success_share", masks["success"].float().mean().item(), ".1%")
publish.value("dead_share", masks["dead"].float().mean().item(), ".1%")
publish.value("stuck_share", masks["stuck"].float().mean().item(), ".1%")
publish.value("dead_at_start_share", xor.dead_units(start).any(-1).float().mean().item(), ".1%")
publish.claim("most_runs_fail", masks["success"].float().mean() < 0.5,
              tr(f"سهم اجراهای موفق: {masks['success'].float().mean():.1%}؛ کمتر از ۵۰٪ است؟",
                 f"{masks['success'].float().mean():.1%} < 50%?"))
publish.claim("dead_unit_most_frequent", masks["dead"].sum() > masks["stuck"].sum(),
              tr(f"اجراهای دارای واحد مرده: {int(masks['dead'].sum()):,}؛ اجراهای گیرافتاده با دو واحد زنده: "
                 f"{int(masks['stuck'].sum()):,}؛ اولی بیشتر است؟",
                 f"{int(masks['dead'].sum())} > {int(masks['stuck'].sum())}?"))

# %%
publish.figure(xor_plots.outcomes(final_loss, history, masks, RECORD_EVERY), "outcomes", **FIGURES["outcomes"])

# %% [markdown] tags=["fa"]
# سهم‌های چاپ‌شده نشان می‌دهند که کمتر از نیمی از اجراها موفق‌اند و اجراهای دارای واحد مرده از اجراهای گرفتار در
# کمینهٔ موضعی بیشترند؛ دو ادعای `most_runs_fail` و `dead_unit_most_frequent` همین را وارسی می‌کنند. در شکل، ضرر اجراهای
# موفق تا حد دقت عددی پایین می‌رود و ضرر بقیه روی چند مقدار ثابت می‌ماند.

# %% [markdown] tags=["en"]
# The printed shares show that fewer than half of the runs succeed and that runs with a dead unit outnumber the runs
# stuck at a local minimum with both units alive; the claims `most_runs_fail` and `dead_unit_most_frequent` check exactly this. In the figure,
# the loss of the successful runs falls to numerical precision, and that of the others stays at a few fixed values.

# %% [markdown] tags=["fa"]
# ## اجراهای ناموفق کجا متوقف می‌شوند
#
# اگر الگوی واحدهای فعال ثابت بماند، خروجی روی ورودی‌هایی که هیچ واحدی روی آن‌ها فعال نیست همان $b$ است، و روی
# بقیه جمع چند تابع آفین. `xor.pattern_optimum` کمترین ضرری را که هر الگو اجازه می‌دهد با کمترین مربعات حساب
# می‌کند. سه مقدار $\tfrac14$ و $\tfrac16$ و $\tfrac18$ از همین‌جا به دست می‌آیند. سپس می‌سنجیم اجراهای $\tfrac18$
# کجا ایستاده‌اند: درست پس از یک گوشه، یا در نقطهٔ زینی هموار.

# %% [markdown] tags=["en"]
# ## Where the failed runs stop
#
# While the pattern of active units stays fixed, the output on the inputs where no unit is active is just $b$, and
# on the others a sum of affine functions. `xor.pattern_optimum` computes, by least squares, the lowest loss each
# pattern allows. The three values $\tfrac14$, $\tfrac16$ and $\tfrac18$ come from there. Then we measure where the
# $\tfrac18$ runs stand: just past a kink, or at a smooth saddle.

# %%
LEVELS = {"quarter": 1 / 4, "sixth": 1 / 6, "eighth": 1 / 8}
failed = ~masks["success"]
at_level = {name: failed & ((final_loss - value).abs() < TOLERANCE) for name, value in LEVELS.items()}
pattern_gap = (final_loss - xor.pattern_optimum(final)).abs().max().item()
dead = xor.dead_units(final).any(-1)
publish.table("plateaus", [T["level"], T["derived"], T["runs"], T["dead"]],
              [[T["success_level"], r"\(0\)", int(masks["success"].sum()), int((masks["success"] & dead).sum())]]
              + [[rf"\({value:.3f}\)", rf"\(\tfrac1{{{round(1 / value)}}}\)", int(at_level[name].sum()),
                  int((at_level[name] & dead).sum())] for name, value in reversed(LEVELS.items())],
              [None, None, ",d", ",d"])
for name in LEVELS:
    publish.value(f"{name}_runs", int(at_level[name].sum()), ",d")
publish.value("failed_runs", int(failed.sum()), ",d")
publish.value("pattern_max_gap", pattern_gap, ".0e")
unexplained = int((failed & ~sum(at_level.values()).bool()).sum())
publish.claim("three_levels", unexplained == 0,
              tr(rf"اجراهای ناموفقی که ضرر پایانی‌شان هیچ‌یک از \(\tfrac14\)، \(\tfrac16\) و \(\tfrac18\) نیست: "
                 f"{unexplained}؛ صفر است؟",
                 f"failed runs at none of 1/4, 1/6, 1/8: {unexplained} = 0?"))
publish.claim("pattern_explains_every_run", pattern_gap < 1e-4,
              tr(rf"بیشینهٔ اختلاف \(J\) با بهینهٔ الگوی واحدهای فعال: {publish.format_number(pattern_gap, '.1e')}؛ "
                 r"کمتر از \(10^{-4}\) است؟",
                 f"max |J - pattern optimum| = {pattern_gap:.1e} < 1e-4?"))

covered = xor.covered_points(final)
sixth_point = covered[at_level["sixth"]].to(torch.int64)
sixth_counts = sixth_point.sum(0)
publish.value("sixth_point_fewest", sixth_counts.min().item(), "d")
publish.value("sixth_point_most", sixth_counts.max().item(), "d")
publish.claim("sixth_one_point", bool((sixth_point.sum(1) == 1).all()),
              tr(r"هر اجرای \(\tfrac16\) دقیقاً یک ورودی را پوشش می‌دهد؟", "every 1/6 run: exactly one covered input?"))
publish.claim("sixth_any_point", sixth_counts.min() > 0,
              tr(f"کمترین شمار اجراها برای یک ورودی: {sixth_counts.min()} از {sixth_point.shape[0]}؛ بیشتر از صفر "
                 "است؟",
                 f"fewest runs for one input: {sixth_counts.min()} of {sixth_point.shape[0]} > 0?"))
_, sixth_uniform_p, sixth_target_p = xor.fitted_input_tests(sixth_point)
publish.value("sixth_runs_target_one", int(sixth_counts[1] + sixth_counts[2]), ",d")
publish.value("sixth_uniform_p", sixth_uniform_p, ".2f")
publish.value("sixth_target_p", sixth_target_p, ".2f")
VERDICT_AT_5 = dict(fa=("در سطح ۵٪ رد نمی‌شود", "در سطح ۵٪ رد می‌شود"), en=("not rejected at the 5% level",
                                                                           "rejected at the 5% level"))
publish.text("sixth_uniform_verdict", VERDICT_AT_5[language()][sixth_uniform_p < 0.05])
publish.text("sixth_target_verdict", VERDICT_AT_5[language()][sixth_target_p < 0.05])
eighth_pairs = covered[at_level["eighth"]]
# two covered inputs of one side of the square: neither diagonal pair, (0,0)–(1,1) or (0,1)–(1,0), is covered whole
adjacent = ((eighth_pairs.sum(1) == 2) & (eighth_pairs[:, 0] != eighth_pairs[:, 3])
            & (eighth_pairs[:, 1] != eighth_pairs[:, 2]))
publish.claim("eighth_adjacent_pair", bool(adjacent.all()),
              tr(rf"اجراهای \(\tfrac18\) که دو ورودی با یک مختصهٔ مشترک را پوشش می‌دهند: {int(adjacent.sum())} از "
                 f"{len(adjacent)}؛ همهٔ اجراها چنین‌اند؟",
                 f"1/8 runs covering two inputs that share a coordinate: {int(adjacent.sum())} of {len(adjacent)}?"))
publish.claim("eighth_both_alive", not bool(dead[at_level["eighth"]].any()),
              tr(rf"اجراهای \(\tfrac18\) دارای واحد مرده: {int(dead[at_level['eighth']].sum())}؛ صفر است؟",
                 f"1/8 runs with a dead unit: {int(dead[at_level['eighth']].sum())} = 0?"))

eighth = xor.Params(*(t[at_level["eighth"]] for t in final))
kink = xor.kink_distance(eighth)
kink_at_start = xor.kink_distance(xor.Params(*(t[at_level["eighth"]] for t in start)))
curvature = xor.smallest_hessian_eigenvalue(eighth)
publish.value("eighth_kink_median", kink.median().item(), ".0e")
publish.value("eighth_kink_max", kink.max().item(), ".2f")
publish.value("eighth_kink_start_median", kink_at_start[kink_at_start.isfinite()].median().item(), ".2f")
publish.value("eighth_curvature_min", curvature.min().item(), ".0e")
publish.claim("eighth_at_a_kink", kink.max() < 0.05,
              tr(f"بیشترین فاصله تا گوشه: {kink.max():.3f}؛ کمتر از ۰٫۰۵ است؟",
                 f"largest distance to a kink: {kink.max():.3f} < 0.05?"))
publish.claim("eighth_not_a_saddle", curvature.min() > -1e-9,
              tr(f"کوچک‌ترین مقدار ویژهٔ هسین: {publish.format_number(curvature.min().item(), '.1e')}؛ بزرگ‌تر از "
                 r"\(-10^{-9}\) است؟",
                 f"smallest Hessian eigenvalue: {curvature.min():.1e} > -1e-9?"))

# the proof that the stuck runs are at local minima: J is the lowest value of its piece, also with the
# pre-activations that sit exactly at zero switched on, so no small move lowers J (xor.pattern_optimum, closed)
stuck = xor.Params(*(t[masks["stuck"]] for t in final))
stuck_on_kink = (xor.hidden(stuck)[0] == 0).flatten(1).any(1)
stuck_gap = (final_loss[masks["stuck"]] - xor.pattern_optimum(stuck, closed=True)).abs().max().item()
stuck_gradient = torch.stack([t.reshape(len(stuck.b), -1).abs().amax(1) for t in xor.gradients(stuck)]).amax(0)
publish.value("stuck_runs", int(masks["stuck"].sum()), ",d")
publish.value("stuck_on_a_kink", int(stuck_on_kink.sum()), ",d")
publish.value("stuck_pattern_gap", stuck_gap, ".0e")
publish.value("stuck_max_gradient", stuck_gradient.max().item(), ".0e")
publish.claim("stuck_runs_are_local_minima", stuck_gap < 1e-4,
              tr(rf"بیشینهٔ اختلاف \(J\) با بهینهٔ الگوی بسته در اجراهای گیرافتاده: "
                 rf"{publish.format_number(stuck_gap, '.1e')}؛ کمتر از \(10^{{-4}}\) است؟",
                 f"stuck runs: largest |J - optimum of the closed pattern| = {stuck_gap:.1e} < 1e-4?"))

# which kink makes a 1/8 run's minimum spurious: one whose crossing would lower J, not always the nearest
descending = xor.descending_kink_distance(eighth)
nearest_fitted = xor.nearest_kink_on_a_fitted_input(eighth)
publish.value("eighth_nearest_kink_fitted", int(nearest_fitted.sum()), ",d")
publish.value("eighth_descending_median", descending[descending.isfinite()].median().item(), ".2f")
publish.value("eighth_descending_max", descending.max().item(), ".2f")
publish.claim("eighth_has_a_descending_kink", bool(descending.isfinite().all()),
              tr(rf"اجراهای \(\tfrac18\) با پیش‌فعال‌سازی خاموشی که روشن شدنش \(J\) را پایین می‌آورد: "
                 f"{int(descending.isfinite().sum())} از {len(descending)}؛ همهٔ اجراها چنین‌اند؟",
                 f"1/8 runs with an off pre-activation whose switching on would lower J: "
                 f"{int(descending.isfinite().sum())} of {len(descending)}?"))

# %% [markdown] tags=["fa"]
# جدول نشان می‌دهد که هر اجرای ناموفق روی یکی از سه مقدار $\tfrac14$ یا $\tfrac16$ یا $\tfrac18$ ایستاده است، و ضرر
# پایانی هر اجرا همان بهینهٔ الگوی واحدهای فعالِ خود است. در اجراهایی که با دو واحد زنده گیر افتاده‌اند، ضرر با بهینهٔ
# الگوی بسته هم برابر است، پس هیچ نقطهٔ نزدیکی پایین‌تر نیست: این اجراها در کمینه‌های موضعی کاذب‌اند، و هسین هم
# همین را تأیید می‌کند. گوشه‌ای که پایین رفتن از آن می‌گذرد، در اجراهای $\tfrac18$، از اجرا دور است.

# %% [markdown] tags=["en"]
# The table shows that every failed run stops at one of the three values $\tfrac14$, $\tfrac16$ or $\tfrac18$, and
# that each run's final loss is the optimum of its own pattern of active units. For the runs stuck with both units
# alive, the loss also equals the optimum of the closed pattern, so no nearby point is lower: they sit at spurious
# local minima, which the Hessian corroborates. In the $\tfrac18$ runs, the kink through which the loss could fall
# lies far from the run.

# %% [markdown] tags=["fa"]
# ## وقتی قرارداد مشتق در صفر اهمیت دارد
#
# اگر بایاس‌های پنهان از صفر آغاز شوند، پیش‌فعال‌سازی هر واحد روی ورودی $(0, 0)$ دقیقاً $c_j = 0$ است. همان
# دو هزار شبکه را با $\mathbf{c} = \mathbf{0}$، یک بار با $g'(0) = 0$ و یک بار با $g'(0) = 1$، آموزش می‌دهیم.
# سپس می‌شماریم چند اجرای اصلی با پیش‌فعال‌سازی دقیقاً صفر تمام می‌شوند.

# %% [markdown] tags=["en"]
# ## When the convention at zero matters
#
# If the hidden biases start at zero, every unit's pre-activation on the input $(0, 0)$ is exactly $c_j = 0$. We
# train the same two thousand networks with $\mathbf{c} = \mathbf{0}$, once with $g'(0) = 0$ and once with
# $g'(0) = 1$. Then we count the runs of the main experiment that end with a pre-activation exactly zero.

# %%
zero_start = CONFIGURATIONS["relu_at_zero_0"][0]
first_steps = [xor.gradient_descent(zero_start, LEARNING_RATE, 1, 1, relu_at_zero=s)[0] for s in (0.0, 1.0)]
first_step_differs = torch.stack([(a - b).reshape(RUNS, -1).abs().amax(1) for a, b in zip(*first_steps)]).amax(0) > 0
zero_success = {name: descents[name][1][-1] < TOLERANCE for name in ("relu_at_zero_0", "relu_at_zero_1")}
(convention,) = stats.compare_rates(zero_success, [("relu_at_zero_1", "relu_at_zero_0")])
publish.value("zero_bias_kinks_at_start", int((xor.hidden(zero_start)[0][:, 0] == 0).all(-1).sum()), ",d")
publish.value("zero_bias_first_step_differs", int(first_step_differs.sum()), ",d")
publish.value("zero_bias_success_0", zero_success["relu_at_zero_0"].double().mean().item(), ".1%")
publish.value("zero_bias_success_1", zero_success["relu_at_zero_1"].double().mean().item(), ".1%")
publish.text("zero_bias_verdict", stats.describe_rates(convention, NAMES, language()))
publish.claim("convention_changes_outcomes", convention.verdict != "indistinguishable",
              stats.describe_rates(convention, NAMES, language()))

ends_at_zero = (xor.hidden(final)[0] == 0).flatten(1).any(1)
gap = torch.stack([(a - b).reshape(RUNS, -1).abs().amax(1) for a, b in
                   zip(xor.gradients(final, relu_at_zero=0.0), xor.gradients(final, relu_at_zero=1.0))]).amax(0)
publish.value("exact_zero_runs", int(ends_at_zero.sum()), ",d")
publish.value("exact_zero_successes", int((ends_at_zero & masks["success"]).sum()), ",d")
publish.claim("exact_zeros_at_the_end", ends_at_zero.sum() >= 0.02 * RUNS,
              tr(f"اجراهایی که با پیش‌فعال‌سازی‌ای دقیقاً برابر صفر پایان می‌یابند: {int(ends_at_zero.sum()):,}؛ "
                 f"دست‌کم ۲٪ از {RUNS:,} اجرا است؟",
                 f"runs ending with a pre-activation exactly 0: {int(ends_at_zero.sum())} >= 2% of {RUNS}?"))
publish.claim("exact_zeros_harmless_there", gap[ends_at_zero].max() <= 1e-12,
              tr(r"بیشترین تغییر گرادیان میان \(g'(0) = 0\) و \(g'(0) = 1\) در این اجراها: "
                 rf"{publish.format_number(gap[ends_at_zero].max().item(), '.1e')}؛ از \(10^{{-12}}\) بیشتر نیست؟",
                 f"largest gradient change between g'(0) = 0 and 1 at them: {gap[ends_at_zero].max():.1e} <= 1e-12?"))

# %% [markdown] tags=["fa"]
# با بایاس‌های صفر، گام نخست در شبکه‌هایی که شمارشان در بالا چاپ شده است میان دو قرارداد فرق می‌کند، و حکم چاپ‌شده
# نشان می‌دهد که این تفاوت در پایان نرخ موفقیت را به‌طور معنادار تغییر می‌دهد. اجراهای آزمایش اصلی که با
# پیش‌فعال‌سازی دقیقاً صفر تمام می‌شوند زیانی نمی‌بینند، چون در آن نقطه‌ها دو قرارداد گرادیان یکسانی می‌دهند (ادعای
# `exact_zeros_harmless_there`).

# %% [markdown] tags=["en"]
# With zero biases, the first step differs between the two conventions in the number of networks printed above, and
# the printed verdict shows that by the end this changes the success rate significantly. The runs of the main
# experiment that end with a pre-activation exactly zero come to no harm, since at those points the two conventions
# give the same gradient (the claim `exact_zeros_harmless_there`).

# %% [markdown] tags=["fa"]
# ## سنجش چاره‌ها روی همان دو هزار نقطهٔ شروع
#
# چهار چاره را با همان گرادیان کاهشی، همان نرخ یادگیری و همان شمار گام می‌آزماییم: آغاز بایاس‌های پنهان با
# مقدار $0.1$، ReLU نشتی با شیب $0.01$، و چهار یا هشت واحد پنهان به‌جای دو. هر اجرا از همان عددهای تصادفیِ
# اجرای متناظرش در آزمایش اصلی شروع می‌کند؛ پس نرخ‌های موفقیت جفت‌شده‌اند و آزمون دقیق مک‌نمار آن‌ها را روی
# اجراهایی مقایسه می‌کند که دو پیکربندی در آن‌ها نتیجهٔ متفاوتی دارند. تصحیح هولم روی هر ده مقایسه با هم اعمال
# می‌شود.

# %% [markdown] tags=["en"]
# ## Remedies, from the same two thousand starting points
#
# Four remedies on the same harness (the same gradient descent, learning rate and number of steps): the hidden
# biases start at $0.1$, leaky ReLU with slope $0.01$, and four or eight hidden units instead of two. Each run starts
# from the same random numbers as its counterpart in the main experiment, so the success rates are paired, and
# McNemar's exact test compares them on the runs where two configurations disagree. All ten pairs are
# Holm-corrected together.

# %%
REMEDIES = ["bias", "leaky", "units4", "units8"]
CONFIGS = ["baseline", *REMEDIES]
succeeded = {name: masks["success"] if name == "baseline" else descents[name][1][-1] < TOLERANCE for name in CONFIGS}
intervals = {name: stats.success_interval(succeeded[name]) for name in CONFIGS}
pairs = [(a, b) for i, a in enumerate(CONFIGS) for b in CONFIGS[i + 1:]]
compared = {(c.first, c.second): c for c in stats.compare_rates(succeeded, [(b, a) for a, b in pairs])}
against_baseline = {name: compared[(name, "baseline")] for name in REMEDIES}
count = lambda n: localise_number(f"{n:,d}", language())  # noqa: E731 (a text column, so that the baseline gets "—")
publish.table("remedies", [T["configuration"], T["success"], T["only_remedy"], T["only_baseline"], T["p"]],
              [[LABELS["baseline"], intervals["baseline"], "—", "—", "—"]]
              + [[LABELS[name], intervals[name], count(c.only_first), count(c.only_second), rf"\({stats.p_text(c.p)}\)"]
                 for name, c in against_baseline.items()],
              [None, ".1%", None, None, None])
publish.figure(xor_plots.success_rates([LABELS[name] for name in CONFIGS], [intervals[name] for name in CONFIGS]),
               "remedies", **FIGURES["remedies"])
for name in CONFIGS:
    publish.value(f"{name}_success", intervals[name].mean, ".1%")
    publish.value(f"{name}_success_low", intervals[name].low, ".1%")
    publish.value(f"{name}_success_high", intervals[name].high, ".1%")
for name, c in against_baseline.items():
    publish.text(f"{name}_verdict", stats.describe_rates(c, NAMES, language()))
    publish.value(f"{name}_only_baseline", c.only_second, "d")
publish.claim("every_remedy_helps", all(c.verdict == "ahead" for c in against_baseline.values()),
              "; ".join(stats.describe_rates(c, NAMES, language()) for c in against_baseline.values()))
beaten_by_eight = [compared[("units8", name)].verdict == "ahead" for name in CONFIGS if name != "units8"]
publish.claim("eight_units_best", all(beaten_by_eight),
              tr(f"پیکربندی‌هایی که هشت واحد پنهان به‌طور معنادار از آن‌ها بهتر است: {sum(beaten_by_eight)} از "
                 f"{len(beaten_by_eight)}",
                 f"eight units ahead of each other configuration: {beaten_by_eight}"))
behind_four = [compared[("units4", name)] for name in ("baseline", "bias", "leaky")]
publish.claim("four_units_second", all(c.verdict == "ahead" for c in behind_four),
              "; ".join(stats.describe_rates(c, NAMES, language()) for c in behind_four))
publish.claim("bias_ahead_of_leaky", compared[("leaky", "bias")].verdict == "behind",
              stats.describe_rates(compared[("leaky", "bias")], NAMES, language()))
publish.claim("bias_costs_some_runs", against_baseline["bias"].only_second >= 0.02 * RUNS,
              tr(f"شمار اجراهایی که فقط بدون بایاس پنهان مثبت موفق‌اند: {against_baseline['bias'].only_second:,}؛ "
                 "دست‌کم ۲٪ از اجراها است؟",
                 f"runs that succeed only without the positive bias: {against_baseline['bias'].only_second} >= 2%?"))

# which failures each remedy removes: the baseline's failed runs by kind, and how many of each the remedy turns
# into successes (the runs are paired); then where each configuration's own failed runs end
kinds = {"dead": masks["dead"]}
kinds.update({name: masks["stuck"] & at_level[name] for name in LEVELS})
KIND_HEADER = dict(fa=dict(dead="واحد مرده", quarter=r"\(\tfrac14\)", sixth=r"\(\tfrac16\)",
                           eighth=r"\(\tfrac18\)", other="جای دیگر", dead_end="با واحد غیرفعال",
                           alive="هر دو واحد زنده، ضرر "),
                   en=dict(dead="dead unit", quarter=r"\(\tfrac14\)", sixth=r"\(\tfrac16\)",
                           eighth=r"\(\tfrac18\)", other="elsewhere", dead_end="with a unit off",
                           alive="both alive, loss "))[language()]
rescued = {name: {kind: int((mask & succeeded[name]).sum()) for kind, mask in kinds.items()} for name in REMEDIES}
publish.table("rescued", [T["configuration"]] + [("" if k == "dead" else KIND_HEADER["alive"]) + f"{KIND_HEADER[k]} ({count(int(m.sum()))})"
                                   for k, m in kinds.items()],
              [[LABELS[name]] + [rescued[name][k] / int(m.sum()) for k, m in kinds.items()] for name in REMEDIES],
              [None] + [".0%"] * len(kinds))
ends = {}
for name in CONFIGS:
    p_end = final if name == "baseline" else xor.Params(*descents[name][0])
    J_end, failed_here = descents[name][1][-1], ~succeeded[name]
    levels = {level: failed_here & ((J_end - value).abs() < TOLERANCE) for level, value in LEVELS.items()}
    ends[name] = dict(**{k: int(m.sum()) for k, m in levels.items()},
                      other=int((failed_here & ~sum(levels.values()).bool()).sum()),
                      dead_end=int((failed_here & xor.dead_units(p_end).any(-1)).sum()))
END_COLUMNS = ["quarter", "sixth", "eighth", "other", "dead_end"]  # successes: the remedies table
publish.table("failures", [T["configuration"]] + [KIND_HEADER[k] for k in END_COLUMNS],
              [[LABELS[name]] + [ends[name][k] for k in END_COLUMNS] for name in CONFIGS],
              [None] + [",d"] * len(END_COLUMNS))
stuck_total = sum(int(m.sum()) for k, m in kinds.items() if k != "dead")
leaky_stuck_rescued = sum(v for k, v in rescued["leaky"].items() if k != "dead")
publish.value("leaky_rescued_dead", rescued["leaky"]["dead"], ",d")
publish.value("leaky_rescued_stuck", leaky_stuck_rescued, ",d")
publish.value("baseline_dead_runs", int(kinds["dead"].sum()), ",d")
publish.value("baseline_stuck_runs", stuck_total, ",d")
publish.value("bias_dead_end", ends["bias"]["dead_end"], ",d")
publish.value("bias_eighth_end", ends["bias"]["eighth"], ",d")
publish.value("baseline_eighth_end", ends["baseline"]["eighth"], ",d")
publish.value("leaky_other_end", ends["leaky"]["other"], ",d")
publish.claim("leaky_only_revives_dead_units",
              rescued["leaky"]["dead"] >= 0.03 * kinds["dead"].sum() and leaky_stuck_rescued <= 0.02 * stuck_total,
              tr(f"ReLU نشتی {rescued['leaky']['dead']:,} از {int(kinds['dead'].sum()):,} اجرای دارای واحد مرده را "
                 f"موفق می‌کند (دست‌کم ۳٪؟) و {leaky_stuck_rescued:,} از {stuck_total:,} اجرای گیرافتاده با دو واحد "
                 "زنده را (حداکثر ۲٪؟)",
                 f"leaky ReLU rescues {rescued['leaky']['dead']} of {int(kinds['dead'].sum())} dead-unit runs "
                 f"(>= 3%?) and {leaky_stuck_rescued} of {stuck_total} runs stuck with both units alive (<= 2%?)"))
publish.claim("bias_units_still_die", ends["bias"]["dead_end"] >= 0.1 * RUNS,
              tr(f"با بایاس پنهان ۰٫۱ هیچ واحدی در آغاز مرده نیست، ولی {ends['bias']['dead_end']:,} اجرا با یک واحد "
                 f"مرده پایان می‌یابند؛ این شمار دست‌کم ۱۰٪ از {RUNS:,} اجرا است؟",
                 f"no unit starts dead with c = 0.1, yet {ends['bias']['dead_end']} runs end with one: "
                 f">= 10% of {RUNS}?"))
publish.claim("bias_more_eighth", ends["bias"]["eighth"] > 1.5 * ends["baseline"]["eighth"],
              tr(rf"اجراهای پایان‌یافته در \(\tfrac18\): {ends['bias']['eighth']:,} با بایاس و "
                 f"{ends['baseline']['eighth']:,} بدون آن؛ اولی بیش از ۱٫۵ برابر دومی است؟",
                 f"runs ending at 1/8: {ends['bias']['eighth']} with the bias, {ends['baseline']['eighth']} without; "
                 f"more than 1.5 times as many?"))
eight_rescues = {kind: rescued["units8"][kind] / int(m.sum()) for kind, m in kinds.items()}
RESCUED_KINDS = dict(dead="اجراهای دارای واحد مرده", quarter=r"اجراهای \(\tfrac14\)", sixth=r"اجراهای \(\tfrac16\)",
                     eighth=r"اجراهای \(\tfrac18\)")
publish.claim("eight_units_fix_every_kind", min(eight_rescues.values()) >= 0.8,
              tr("سهمی از اجراهای ناموفق شبکهٔ پایه که با هشت واحد پنهان موفق می‌شوند: "
                 + listing([f"{v:.0%} از {RESCUED_KINDS[k]}" for k, v in eight_rescues.items()], "fa")
                 + "؛ هر سهم دست‌کم ۸۰٪ است؟",
                 "eight units rescue " + ", ".join(f"{k} {v:.0%}" for k, v in eight_rescues.items())
                 + "; each >= 80%?"))

# the step budget: success after 500, 1000, 2000 and 5000 steps, and for leaky ReLU after LONG_BUDGET
budget_losses = {name: history[[b // RECORD_EVERY for b in BUDGETS]] if name == "baseline" else descents[name][1]
                 for name in CONFIGS}
at_budget = {name: (losses < TOLERANCE).double().mean(1).tolist() for name, losses in budget_losses.items()}
leaky_long = descents["leaky_long"] < TOLERANCE
BUDGET_HEADER = dict(fa="پس از {} گام", en="after {} steps")[language()]
publish.table("budgets", [T["configuration"]] + [BUDGET_HEADER.format(localise_number(f"{b:,d}", language()))
                                                 for b in BUDGETS],
              [[LABELS[name]] + at_budget[name] for name in CONFIGS], [None] + [".1%"] * len(BUDGETS))
settled = max(abs(at_budget[name][-1] - at_budget[name][-2]) for name in CONFIGS if name != "leaky")
(longer,) = stats.compare_rates({"leaky_long": leaky_long, "leaky": succeeded["leaky"]}, [("leaky_long", "leaky")])
(long_vs_bias,) = stats.compare_rates({"leaky_long": leaky_long, "bias": succeeded["bias"]}, [("leaky_long", "bias")])
publish.value("budget_settled_gap", 100 * settled, ".1f")
publish.value("leaky_at_first_budget", at_budget["leaky"][0], ".1%")
publish.value("baseline_at_first_budget", at_budget["baseline"][0], ".1%")
publish.value("leaky_long_success", leaky_long.double().mean().item(), ".1%")
publish.value("long_budget", LONG_BUDGET, ",d")
publish.claim("relu_runs_settle", settled < 0.005,
              tr(f"بیشترین تغییر نرخ موفقیت یک پیکربندی ReLU از ۲٬۰۰۰ تا ۵٬۰۰۰ گام: {100 * settled:.2f} واحد "
                 "درصد؛ کمتر از ۰٫۵ است؟",
                 f"largest change of a ReLU configuration's success rate from 2,000 to 5,000 steps: "
                 f"{100 * settled:.2f} points < 0.5?"))
AGAINST_BIAS = dict(ahead="به‌طور معنادار بهتر", behind="به‌طور معنادار بدتر", indistinguishable="بدون تفاوت معنادار")
publish.claim("leaky_keeps_gaining", longer.verdict == "ahead" and long_vs_bias.verdict == "behind",
              tr(f"ReLU نشتی پس از {LONG_BUDGET:,} گام در برابر ۵٬۰۰۰ گام: {count_words(longer.only_first, 'fa')} اجرا "
                 f"موفق شدند و {count_words(longer.only_second, 'fa')} اجرا ناموفق، \\({stats.p_text(longer.p)}\\)؛ "
                 f"در برابر بایاس پنهان مثبت در ۵٬۰۰۰ گام: {AGAINST_BIAS[long_vs_bias.verdict]}",
                 f"leaky ReLU after {LONG_BUDGET} steps against 5,000: {longer.only_first} runs gained, "
                 f"{longer.only_second} lost, p = {longer.p:.1g}; against the positive bias at 5,000: "
                 f"{long_vs_bias.verdict}"))

# %% [markdown] tags=["fa"]
# حکم‌های چاپ‌شده نشان می‌دهند که هر چهار چاره نسبت به شبکهٔ پایه به‌طور معنادار کمک می‌کنند و هشت واحد پنهان از
# همهٔ پیکربندی‌های دیگر بهتر است. ستونی از جدول که اجراهای موفق فقط با شبکهٔ پایه را می‌شمارد نشان می‌دهد هر چاره
# کدام اجراها را از دست می‌دهد؛ برای بایاس پنهان مثبت، شمار این اجراها ناچیز نیست (ادعای `bias_costs_some_runs`).

# %% [markdown] tags=["en"]
# The printed verdicts show that all four remedies help significantly against the baseline, and that eight hidden
# units are ahead of every other configuration. The column of the table that counts the runs successful with the
# baseline only shows which runs each remedy loses; for the positive hidden bias, these runs are not negligible (the
# claim `bias_costs_some_runs`).

# %% [markdown] tags=["fa"]
# ## بازنمایی پنهان آموخته و تقارن‌های شبکه
#
# تابع $\mathbf{h}(\mathbf{x})$ چهار نقطه را چنان جابه‌جا می‌کند که در فضای پنهان با یک خط جدا شوند
# (همتای شکل ۶٫۱ راست کتاب). برای مقایسهٔ جواب‌ها، تقارن‌های شبکه را کنار می‌گذاریم: هر واحد را چنان مقیاس
# می‌کنیم که $|w_j| = 1$ شود و واحدها را به ترتیب $w_j$ می‌چینیم. سپس می‌شماریم چند اجرای موفق به همان جواب کتاب
# رسیده‌اند، و نخستین اجرای موفقی را که به جواب دیگری رسیده است کنار جواب کتاب می‌گذاریم. پیش از همه وارسی
# می‌کنیم که این دو تبدیل خروجی را عوض نمی‌کنند.

# %% [markdown] tags=["en"]
# ## The learned hidden representation, and the symmetries of the network
#
# The map $\mathbf{h}(\mathbf{x})$ moves the four points so that a line separates them in hidden space (the
# analogue of the book's Figure 6.1, right). To compare solutions we remove the symmetries of the network: each
# unit is rescaled so that $|w_j| = 1$, and the units are ordered by $w_j$. Then we count the successful runs that
# end at the book's solution, and set the first successful run that ends elsewhere beside the book's. First of all
# we check that neither transformation changes the output.

# %%
succeeded_runs = torch.nonzero(masks["success"]).flatten()
canonical_gap = torch.stack([(a - b).reshape(len(succeeded_runs), -1).abs().amax(1) for a, b in
                             zip(xor.canonical(xor.Params(*(t[succeeded_runs] for t in final))),
                                 xor.canonical(book))]).amax(0)
books_family = canonical_gap < 1e-6  # the book's solution, up to rescaling and permutation
learned = xor.Params(*(t[succeeded_runs[int(torch.nonzero(~books_family)[0])]] for t in final))
print(tr("پارامترهای آموخته‌شده:", "learned parameters:"), {name: t.tolist() for name, t in learned._asdict().items()})
moved = [xor.rescale(learned, 0, 3.0), xor.permute(learned, [1, 0]), xor.rescale(book, 1, 0.5)]
symmetry_gap = max((xor.forward(q) - xor.forward(r)).abs().max().item()
                   for q, r in zip(moved, [learned, learned, book]))
assert symmetry_gap <= 1e-15
publish.value("symmetry_max_diff", symmetry_gap, ".0e")
SOLUTIONS = dict(book="جواب کتاب", learned="جواب آموخته")
for name, q in [("book", xor.canonical(book)), ("learned", xor.canonical(learned))]:
    print(tr(f"{SOLUTIONS[name]}، صورت متعارف:", f"{name}, canonical:"),
          {k: [round(v, 3) for v in t.flatten().tolist()] for k, t in q._asdict().items()})
publish.value("success_runs", len(succeeded_runs), ",d")
publish.value("books_family_runs", int(books_family.sum()), ",d")
publish.claim("some_runs_find_the_books_solution", 0 < books_family.sum() < 0.5 * len(succeeded_runs),
              tr(f"اجراهای موفقی که پس از حذف تقارن‌ها به جواب کتاب می‌رسند: {int(books_family.sum()):,} از "
                 f"{len(succeeded_runs):,}؛ بیش از صفر و کمتر از نیمی از اجراهای موفق است؟",
                 f"successful runs at the book's solution up to symmetry: {int(books_family.sum())} of "
                 f"{len(succeeded_runs)}; more than none and fewer than half?"))
publish.figure(xor_plots.representations(book, learned), "representation", **FIGURES["representation"])

# the exact solutions near a successful run: rank 4 of the outputs' Jacobian leaves 9 − 4 = 5 dimensions, 2 of them
# the rescalings; and how often a successful run ends with a pre-activation exactly on a kink, input by input
solutions = xor.Params(*(t[succeeded_runs] for t in final))
solution_Z = xor.hidden(solutions)[0]
off_kinks = solution_Z.abs().flatten(1).amin(1) > 1e-6
# and one exact solution off every kink: the book's, with c = (−½, −3/2), w = (2, −6)
off_kink_solution = xor.params([[1, 1], [1, 1]], [-0.5, -1.5], [2, -6], 0)
assert xor.loss(off_kink_solution).item() < 1e-30
ranks = torch.linalg.matrix_rank(xor.output_jacobian(xor.Params(*(torch.cat([t[off_kinks], o.unsqueeze(0)])
                                                                  for t, o in zip(solutions, off_kink_solution)))))
zero_on_input = (solution_Z == 0).any(-1)  # (successful runs, 4 inputs)
publish.value("solutions_off_kinks", int(off_kinks.sum()), ",d")
publish.value("solutions_on_a_kink", int((~off_kinks).sum()), ",d")
for k, name in enumerate(["00", "01", "10", "11"]):
    publish.value(f"solutions_zero_at_{name}", int(zero_on_input[:, k].sum()), ",d")
publish.claim("solutions_form_a_family", bool((ranks == 4).all()),
              tr(r"رتبه‌های ژاکوبی در \(\mathbf{c} = (-\tfrac12, -\tfrac32)\) و \(\mathbf{w} = (2, -6)\) و در "
                 f"{int(off_kinks.sum()):,} اجرای موفقی که همهٔ پیش‌فعال‌سازی‌هایشان در "
                 r"\(|z| > 10^{-6}\) صدق می‌کنند: "
                 + listing([str(r) for r in sorted(set(ranks.tolist()))], "fa") + "؛ همگی ۴ هستند؟",
                 f"Jacobian rank at c = (-1/2, -3/2), w = (2, -6) and at the {int(off_kinks.sum())} successful runs "
                 f"with every |z| > 1e-6: "
                 f"{sorted(set(ranks.tolist()))} = [4]?"))
publish.claim("kinks_attract", (~off_kinks).sum() >= 0.1 * len(succeeded_runs),
              tr(r"اجراهای موفقی که در فاصلهٔ \(10^{-6}\) از یک گوشه پایان می‌یابند: "
                 f"{int((~off_kinks).sum()):,} از {len(succeeded_runs):,}؛ دست‌کم ۱۰٪ از اجراهای موفق است؟",
                 f"successful runs ending within 1e-6 of a kink: {int((~off_kinks).sum())} >= 10% of "
                 f"{len(succeeded_runs)}?"))

# why kinks attract: part-way down, while the residuals are still far above rounding (at the end J is about 1e-30
# and every pull is rounding noise), do the one-sided pulls on each final kink point into it?
KINK_CHECK_STEP = 500
on_kink = solution_Z.abs() <= 1e-6                                     # (successful runs, inputs, units)
at_kink = ~off_kinks
midway, _ = xor.gradient_descent(xor.Params(*(t[succeeded_runs[at_kink]] for t in start)), LEARNING_RATE,
                                 KINK_CHECK_STEP, KINK_CHECK_STEP)
on_kink = on_kink[at_kink]
inactive, active = xor.kink_pulls(midway, on_kink)
kinks_per_unit = on_kink.sum(-2)                                       # (runs, units)
single = kinks_per_unit == 1
pulled_in = (on_kink & (inactive < 0) & (active > 0)).any(-2)
sliding = xor.slides(midway, on_kink)
publish.value("kink_check_step", KINK_CHECK_STEP, ",d")
publish.value("kink_check_loss", xor.loss(midway).median().item(), ".0e")
publish.value("kink_check_distance", xor.hidden(midway)[0][on_kink].abs().median().item(), ".0e")
publish.value("kink_units_single", int(single.sum()), ",d")
publish.value("kink_single_pulled_in", pulled_in[single].double().mean().item(), ".1%")
publish.value("kink_units_several", int((kinks_per_unit > 1).sum()), ",d")
publish.value("kink_several_sliding", sliding[kinks_per_unit > 1].double().mean().item(), ".1%")
publish.value("kink_runs_sliding", sliding.all(-1).double().mean().item(), ".1%")
publish.claim("kinks_slide", pulled_in[single].double().mean() >= 0.9 and sliding.all(-1).double().mean() >= 0.9,
              tr(f"در واحدهایی که فقط یک گوشه دارند، سهم گوشه‌هایی که دو مشتق یک‌طرفه رو به آن‌هاست: "
                 f"{pulled_in[single].double().mean():.1%}؛ سهم اجراهایی که همهٔ گوشه‌هایشان مد لغزشی دارند: "
                 f"{sliding.all(-1).double().mean():.1%}؛ هر دو دست‌کم ۹۰٪ هستند؟",
                 f"single kinks whose one-sided pulls point into them: {pulled_in[single].double().mean():.1%}; "
                 f"runs all of whose kinks admit a sliding mode: {sliding.all(-1).double().mean():.1%}; "
                 f"both >= 90%?"))


# %% [markdown] tags=["fa"]
# بخشی از اجراهای موفق، پس از حذف تقارن‌ها، به همان جواب کتاب می‌رسند و بقیه به جواب‌های دیگر؛ ادعای چاپ‌شده نشان
# می‌دهد که این بخش کمتر از نیمی از اجراهای موفق است. در شکل، بازنمایی پنهان جواب آموخته با بازنمایی جواب کتاب فرق
# دارد، ولی آن هم چهار نقطه را جدایی‌پذیر خطی می‌کند.
#
# بسیاری از اجراهای موفق روی گوشه‌ای تمام می‌شوند. سطرهای پایانی کد بالا دلیلش را می‌آزمایند: در میانهٔ آموزش،
# وقتی ضرر هنوز بسیار بالاتر از خطای گرد کردن است، دو مشتق یک‌طرفهٔ $J$ در امتداد هر پیش‌فعال‌سازی‌ای که روی گوشه
# تمام می‌شود رو به گوشه‌اند (مد لغزشی). شرط این کشش در فصل ۲ استخراج شده است.

# %% [markdown] tags=["en"]
# Part of the successful runs, once the symmetries are removed, reach the book's solution, and the rest reach
# others; the printed claim shows that this part is less than half of the successful runs. In the figure, the hidden
# representation of the learned solution differs from the book's, yet it too makes the four points linearly
# separable.
#
# Many successful runs end on a kink. The last lines of the code above test why: part-way through training, while
# the loss is still far above rounding, the two one-sided derivatives of $J$ along each pre-activation that ends on
# a kink point into the kink (a sliding mode). Chapter 2 derives the condition for this pull.
