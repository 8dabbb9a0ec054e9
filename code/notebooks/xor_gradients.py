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
# # نوت‌بوک فصل ۲: گرادیان‌های شبکهٔ XOR
#
# این نوت‌بوک مشتق‌هایی را که در فصل ۲ دستی استخراج کردیم به کد تبدیل می‌کند، آن‌ها را با مشتق‌گیری خودکار
# PyTorch و با تفاضل محدود می‌سنجد، و سپس با همین مشتق‌ها شبکه را از دو هزار نقطهٔ شروع تصادفی آموزش می‌دهد.
# همهٔ عددها و شکل‌های فصل ۲ از اجرای همین نوت‌بوک در زمان ساخت کتاب می‌آیند.

# %% [markdown] tags=["en"]
# # Chapter 2 notebook: the gradients of the XOR network
#
# This notebook turns the derivatives of Chapter 2 into code, checks them against PyTorch's automatic
# differentiation and against finite differences, and then trains the network with them from two thousand random
# starting points. Every number and figure of Chapter 2 comes from running this notebook when the book is built.

# %%
import torch

from dlbook import plotting, publish, xor, xor_plots
from dlbook.memo import memoised

plotting.setup()
_ = torch.manual_seed(0)

# %% tags=["fa"]
# The captions and alt texts of this edition's figures.
FIGURES = {
    "network": dict(
        caption="شبکهٔ شکل ۶٫۲ کتاب در دو نگارش: در چپ هر واحد یک گره است و در راست هر لایه یک گره، "
                "با پارامترهایی که روی یال‌ها نوشته شده‌اند.",
        alt="دو نمودار از یک شبکه: دو ورودی، دو واحد پنهان و یک خروجی؛ و همان شبکه با سه گرهٔ x، h و y."),
    "outcomes": dict(
        caption="چپ: ضرر پایانی همهٔ اجراها بر مقیاس لگاریتمی، به تفکیک سرانجام. راست: منحنی ضرر چند اجرا از "
                "هر گروه. اجراهای موفق تا حد دقت عددی پایین می‌روند؛ بقیه روی چند مقدار ثابت می‌مانند.",
        alt="نمودار ستونی ضرر پایانی و منحنی‌های ضرر برای اجراهای موفق، با واحد مرده، و در فلات."),
    "representation": dict(
        caption="ستون چپ: چهار ورودی در فضای پنهان، که در آن یک خط دو رده را جدا می‌کند. ستون راست: خروجی "
                "شبکه روی صفحهٔ ورودی، با منحنی تراز ۰٫۵ به رنگ سیاه. ردیف بالا جواب کتاب است و ردیف پایین "
                "یک جواب آموخته.",
        alt="چهار نمودار: نقطه‌های XOR در فضای پنهان و خروجی شبکه روی صفحه، برای جواب کتاب و یک جواب آموخته."),
}

# %% tags=["en"]
# The captions and alt texts of this edition's figures.
FIGURES = {
    "network": dict(
        caption="The network of the book's Figure 6.2 in its two styles: one node per unit on the left, "
                "one node per layer on the right, with the parameters written on the edges.",
        alt="Two diagrams of one network: two inputs, two hidden units and one output; and the same network "
            "as three nodes x, h and y."),
    "outcomes": dict(
        caption="Left: the final loss of every run on a log scale, by outcome. Right: the loss curves of a few "
                "runs of each kind. Successful runs go down to numerical precision; the others stall at a few values.",
        alt="A histogram of final losses and loss curves for successful, dead-unit and plateau runs."),
    "representation": dict(
        caption="Left column: the four inputs in hidden space, where a line separates the two classes. Right "
                "column: the network's output over the input plane, with its 0.5 level curve in black. Top row: the "
                "book's solution; bottom row: a learned one.",
        alt="Four plots: the XOR points in hidden space and the network output over the plane, for the book's "
            "solution and for a learned one."),
}

# %% [markdown] tags=["fa"]
# ## شبکه و داده‌ها
#
# چهار نقطهٔ ورودی XOR و برچسب‌هایشان، و شبکهٔ شکل ۶٫۲ کتاب با دو واحد پنهان ReLU
# [@goodfellow2016deep, بخش ۶٫۱]. ماتریس $\mathbf{W}$ دو در دو است و ستون $j$ آن به واحد پنهان $j$ می‌رود.

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
# ## مشتق‌ها در برابر مشتق‌گیری خودکار
#
# تابع `xor.gradients` صورت ماتریسی مشتق‌ها را پیاده می‌کند و `xor.gradients_by_element` فرمول جداگانهٔ هر
# پارامتر را با حلقه‌های ساده. صورت ماتریسی را در هزار نقطهٔ تصادفی، در دقت float64، با `torch.autograd` مقایسه
# می‌کنیم، و در پنجاه نقطه از همان‌ها با فرمول‌های درایه‌به‌درایه و با تفاضل‌های متناهی.

# %% [markdown] tags=["en"]
# ## The derivatives against automatic differentiation
#
# `xor.gradients` implements the matrix form of the derivatives, and `xor.gradients_by_element` the formula of each
# parameter with plain loops. We compare the matrix form with `torch.autograd` at a thousand random points, in
# float64, and, at fifty of them, with the element-wise formulas and with finite differences.

# %%
points = xor.random_params(1000, torch.Generator().manual_seed(1))
autograd_difference = xor.max_abs_difference(xor.gradients(points), xor.autograd_gradients(points))
some = [xor.Params(*(t[k] for t in points)) for k in range(50)]
elementwise_difference = max(xor.max_abs_difference(xor.gradients(p), xor.gradients_by_element(p)) for p in some)
finite_difference = max(xor.max_abs_difference(xor.gradients(p), xor.finite_difference_gradients(p)) for p in some)
assert autograd_difference < 1e-10 and elementwise_difference < 1e-10 and finite_difference < 1e-7
publish.value("autograd_points", len(points.b), "d")
publish.value("finite_difference_points", len(some), "d")
publish.value("autograd_max_diff", autograd_difference, ".1e")
publish.value("elementwise_max_diff", elementwise_difference, ".1e")
publish.value("finite_difference_max_diff", finite_difference, ".1e")

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

# %% [markdown] tags=["fa"]
# اگر جواب را کمی جابه‌جا کنیم (مثلاً $b = 0.1$)، باقی‌مانده‌ها دیگر صفر نیستند ولی همان سه پیش‌فعال‌سازی
# هنوز صفرند. این‌جا انتخاب مشتق ReLU در صفر گرادیان را عوض می‌کند:

# %% [markdown] tags=["en"]
# Move the solution a little (say $b = 0.1$): the residuals are no longer zero, but the same three
# pre-activations still are. Here the choice of the ReLU derivative at zero does change the gradient:

# %%
shifted = book._replace(b=torch.tensor(0.1, dtype=xor.DTYPE))
for s in (0.0, 1.0):
    print(f"g'(0) = {s}: dJ/dW =", xor.gradients(shifted, relu_at_zero=s).W.tolist())
convention_gap = xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=0.0),
                                        xor.gradients(shifted, relu_at_zero=1.0))
pytorch_match = xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=0.0), xor.autograd_gradients(shifted))
assert pytorch_match == 0.0
publish.value("kink_convention_gap", convention_gap, ".2f")

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
# ## گرادیان کاهشی از دو هزار نقطهٔ شروع
#
# همهٔ شبکه‌ها با هم، در یک دستهٔ برداری، با گرادیان‌های دستی آموزش می‌بینند. مقداردهی اولیه همان است که
# `nn.Linear` در PyTorch به کار می‌برد.

# %% [markdown] tags=["en"]
# ## Gradient descent from two thousand starting points
#
# All networks train at once, as one vectorised batch, with the hand-derived gradients. They start as PyTorch's
# `nn.Linear` would initialise them.

# %%
RUNS, STEPS, LEARNING_RATE, RECORD_EVERY = 2000, 5000, 0.1, 10
start = xor.random_params(RUNS, torch.Generator().manual_seed(2))


def descend():
    final, history = xor.gradient_descent(start, LEARNING_RATE, STEPS, RECORD_EVERY)
    return tuple(final), history  # plain tensors, so that the memo can store them


final, history = memoised("descent", descend)
final = xor.Params(*final)
final_loss = history[-1]
masks = xor.classify(final, final_loss)
for kind, mask in masks.items():
    print(f"{kind}: {mask.float().mean().item():.1%}")
publish.value("runs", RUNS, ",d")
publish.value("steps", STEPS, ",d")
publish.value("learning_rate", LEARNING_RATE, ".1f")
publish.value("success_share", masks["success"].float().mean().item(), ".1%")
publish.value("dead_share", masks["dead"].float().mean().item(), ".1%")
publish.value("plateau_share", masks["plateau"].float().mean().item(), ".1%")
publish.value("dead_at_start_share", xor.dead_units(start).any(-1).float().mean().item(), ".1%")
# The chapter says that most runs fail and that a dead unit is the most frequent cause: hold the build to it.
assert masks["success"].float().mean() < 0.5 and masks["dead"].sum() > masks["plateau"].sum()
stuck = final_loss[~masks["success"]]
values, counts = torch.unique(stuck.round(decimals=3), return_counts=True)
for rank, index in enumerate(counts.argsort(descending=True)[:3]):
    publish.value(f"common_plateau_{rank + 1}", values[index].item(), ".3f")

# %%
publish.figure(xor_plots.outcomes(final_loss, history, masks, RECORD_EVERY), "outcomes", **FIGURES["outcomes"])

# %% [markdown] tags=["fa"]
# ## بازنمایی پنهان آموخته
#
# تابع $\mathbf{h}(\mathbf{x})$ چهار نقطه را چنان جابه‌جا می‌کند که در فضای پنهان با یک خط جدا شوند
# (همتای شکل ۶٫۱ راست کتاب). جواب کتاب و نخستین جواب موفق گرادیان کاهشی را کنار هم می‌گذاریم.

# %% [markdown] tags=["en"]
# ## The learned hidden representation
#
# The map $\mathbf{h}(\mathbf{x})$ moves the four points so that a line separates them in hidden space (the
# analogue of the book's Figure 6.1, right). We set the book's solution beside the first successful run.

# %%
first_success = int(torch.nonzero(masks["success"])[0])
learned = xor.Params(*(t[first_success] for t in final))
print("learned parameters:", {name: t.tolist() for name, t in learned._asdict().items()})
publish.figure(xor_plots.representations(book, learned), "representation", **FIGURES["representation"])
