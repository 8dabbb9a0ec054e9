# ---
# jupyter:
#   book:
#     seconds: 470  # a rough cold run, both languages: the longest notebooks start first
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["fa"]
# # نوت‌بوک فصل ۳ (بخش‌های الف و ب): ساختن و آموزش مدل
#
# این نوت‌بوک شش راه ساختن یک شبکه را با هم مقایسه می‌کند و نشان می‌دهد که با وزن‌های یکسان خروجی و گرادیان یکسان
# می‌دهند؛ سپس یک حلقهٔ استاندارد آموزش، تابع ضرر، بهینه‌سازها، پویش نرخ یادگیری و اندازهٔ دسته، و منظم‌سازی را روی
# MNIST-1D می‌آزماید. نرخ یادگیری هر پیکربندی روی دادهٔ اعتبارسنجی انتخاب می‌شود و هر پیکربندی با ده بذر
# جفت‌شده، همه با هم در یک مدل دسته‌ای، آموزش می‌بیند.
#
# هدف این است که هر توصیهٔ فصل ۳ دربارهٔ ساختن و آموزش، مانند تنظیم نرخ یادگیری یا انتخاب تابع ضرر، از مقایسه‌ای
# منصفانه و تکرارپذیر بیاید، نه از یک اجرای تنها.

# %% [markdown] tags=["en"]
# # Chapter 3 notebook (parts A and B): building and training a model
#
# This notebook puts six ways of building a network side by side and shows that, with the same weights, they give
# the same outputs and gradients; then it tries a clean training loop, the loss function, optimisers, sweeps of the
# learning rate and the batch size, and regularisation on MNIST-1D. Each configuration's learning rate is chosen on
# validation data, and every configuration trains with ten paired seeds, all at once in one batched model.
#
# The aim is that every recommendation of Chapter 3 on building and training, such as tuning the learning rate or
# choosing the loss, comes from a fair and repeatable comparison, not from a single run.

# %%
import math
import tempfile
from pathlib import Path

import torch

from dlbook import activations, building, data, plotting, publish, seeds, stats, sweep, training, training_plots
from dlbook.memo import memoised
from dlbook.text import count, language, listing, persian_number, tr

plotting.setup()
_ = torch.manual_seed(seeds.shift(0))
DEVICE = data.device()
SEEDS = seeds.seeds(stats.MIN_SEEDS)  # paired across configurations: the same data order and draws for seed s
TUNING = seeds.seeds(len(SEEDS) + 3)[len(SEEDS):]  # each learning rate is chosen on validation with these seeds
RELU = activations.ACTIVATIONS["relu"][0]
mnist = data.to_device(data.mnist1d(), DEVICE)
print(tr(f"دستگاه: {DEVICE} | اندازهٔ بخش‌های آموزش، اعتبارسنجی و آزمون MNIST-1D:",
         f"device: {DEVICE} | MNIST-1D train / val / test:"), [len(s.y) for s in (mnist.train, mnist.val, mnist.test)])

# %% tags=["fa"]
# The words, captions and alt texts of this edition.
T = dict(
    std="انحراف معیار فعال‌سازی", layer="لایه", loss="ضرر", accuracy="دقت اعتبارسنجی",
    train_loss="ضرر آموزش", val_loss="ضرر اعتبارسنجی", lr="نرخ یادگیری", batch="اندازهٔ دسته",
    test_accuracy="دقت آزمون", optimiser="بهینه‌ساز", regulariser="منظم‌سازی", seconds="ثانیه برای هر دوره",
    train_accuracy="دقت آموزش", baseline="بدون منظم‌سازی", weight_decay="زوال وزن", dropout="برون‌اندازی",
    early_stopping="توقف زودهنگام", loss_name="تابع ضرر", epochs="شمار دوره‌ها", percent=" (٪)",
    default="پیش‌فرض", xavier="Xavier", kaiming="Kaiming", momentum="SGD با تکانه",
    ce="آنتروپی متقاطع", mse="MSE روی سافت‌مکس",
    best_optimisers=lambda top, every: (
        f"هیچ‌یک از این {count(len(every), 'fa')} بهینه‌ساز به‌طور معنادار از دیگری بهتر نیست" if top == every else
        f"هیچ بهینه‌سازی به‌طور معنادار از {listing(top, 'fa')} بهتر نیست"), batches_of=lambda size: f"دسته‌های {persian_number(str(size))}‌تایی",
    reference={"theirs": "پروتکل سازندگان", "held_out": "پروتکلی که ۲۰٪ داده را برای اعتبارسنجی کنار می‌گذارد",
               "book": "همان پروتکل با توقف زودهنگام"},
    models={"baseline": "مدل بدون منظم‌سازی", "weight_decay": "مدل با زوال وزن", "dropout": "مدل با برون‌اندازی",
            "early_stopping": "مدل با توقف زودهنگام"},
    gap_phrases=lambda name: {"behind": f"{name} شکاف تعمیم را کم می‌کند", "ahead": f"{name} شکاف تعمیم را بیشتر می‌کند",
                              "indistinguishable": f"اثر {name} بر شکاف تعمیم معنادار نیست"},
    update_ratio="اندازهٔ نسبی به‌روزرسانی، ‖ΔW‖/‖W‖", clipping="شبکهٔ با گرادیان منفجرشونده در آغاز",
    unclipped="شبکهٔ بی‌بریدن", clipped="شبکهٔ با بریدن گرادیان", batch_norm="شبکهٔ شش‌لایه",
    plain="شبکهٔ بی‌نرمال‌سازی", normalised="شبکهٔ با نرمال‌سازی دسته‌ای", constant="نرخ ثابت",
    warmup="زمان‌بندی گرم‌کردن با کاهش کسینوسی",
    steps="گام بهینه‌سازی",
)
FIGURES = {
    "update_ratio": dict(
        caption="اندازهٔ نسبی هر به‌روزرسانی وزن‌ها، ‖ΔW‖/‖W‖، در صد گام نخست SGD با تکانه بر حسب نرخ یادگیری، برای "
                "هر لایه (میانهٔ گام‌ها و میانگین بذرها). نقطهٔ درشت نرخ برگزیده است.",
        alt="سه منحنی صعودی روی محورهای لگاریتمی: اندازهٔ نسبی به‌روزرسانی هر لایه بر حسب نرخ یادگیری."),
    "clipping": dict(
        caption="دقت اعتبارسنجی بذرهای تنظیم بر حسب نرخ یادگیری، برای شبکه‌ای با گرادیان منفجرشونده در آغاز، با و بی "
                "بریدن نُرم گرادیان. نقطهٔ درشت نرخ برگزیدهٔ هریک است.",
        alt="دو منحنی دقت اعتبارسنجی بر حسب نرخ یادگیری روی محور لگاریتمی؛ منحنی با بریدن به نرخ‌های بزرگ‌تر می‌رسد."),
    "batch_norm": dict(
        caption="دقت اعتبارسنجی شبکهٔ شش‌لایه با و بی نرمال‌سازی دسته‌ای، هریک با نرخ برگزیدهٔ خود، بر حسب گام "
                "بهینه‌سازی. خط میانگین بذرهاست و نوار از کمینه تا بیشینهٔ آن‌ها.",
        alt="دو منحنی دقت اعتبارسنجی بر حسب گام؛ منحنی با نرمال‌سازی دسته‌ای زودتر بالا می‌رود."),
    "init_variance": dict(
        caption="انحراف معیار فعال‌سازی‌های هر لایه در شبکه‌ای ده‌لایه و تازه، برای سه روش مقداردهی اولیه. "
                "مقداردهی Kaiming اندازهٔ سیگنال ReLU را در عمق ثابت نگه می‌دارد؛ مقداردهی پیش‌فرض و Xavier آن را "
                "لایه به لایه کوچک می‌کنند.",
        alt="دو نمودار خطی از انحراف معیار فعال‌سازی بر حسب لایه برای tanh و ReLU با سه روش مقداردهی اولیه."),
    "clean_loop": dict(
        caption="حلقهٔ استاندارد آموزش روی MNIST-1D: ضرر آموزش و اعتبارسنجی (چپ) و دقت اعتبارسنجی (راست) در هر دوره.",
        alt="دو نمودار: ضرر آموزش و اعتبارسنجی که پایین می‌آیند، و دقت اعتبارسنجی که بالا می‌رود."),
    "optimisers": dict(
        caption="دقت اعتبارسنجی پنج بهینه‌ساز روی یک مدل، هریک با نرخ برگزیدهٔ خود. خط میانگین ده بذر است و نوار "
                "از کمینه تا بیشینهٔ آن‌ها.",
        alt="پنج منحنی دقت اعتبارسنجی بر حسب دوره برای SGD، SGD با تکانه، Adam، AdamW و RMSprop."),
    "learning_rate": dict(
        caption="بهترین دقت اعتبارسنجی بر حسب نرخ یادگیری برای SGD با تکانه. نقطه‌های کم‌رنگ تک‌تک بذرها هستند.",
        alt="نمودار دقت اعتبارسنجی بر حسب نرخ یادگیری روی محور لگاریتمی، با قله‌ای در میانه."),
    "regularisation": dict(
        caption="دقت آموزش (چپ) و اعتبارسنجی (راست) بدون منظم‌سازی، با زوال وزن و با برون‌اندازی.",
        alt="دو نمودار: دقت آموزش و دقت اعتبارسنجی بر حسب دوره برای سه پیکربندی."),
}

# %% tags=["en"]
# The words, captions and alt texts of this edition.
T = dict(
    std="standard deviation of the activations", layer="layer", loss="loss", accuracy="validation accuracy",
    train_loss="training loss", val_loss="validation loss", lr="learning rate", batch="batch size",
    test_accuracy="test accuracy", optimiser="optimiser", regulariser="regularisation", seconds="seconds per epoch",
    train_accuracy="training accuracy", baseline="no regularisation", weight_decay="weight decay",
    dropout="dropout", early_stopping="early stopping", loss_name="loss function", epochs="epochs", percent=" (%)",
    default="default", xavier="Xavier", kaiming="Kaiming", momentum="SGD + momentum",
    ce="cross-entropy", mse="MSE on softmax",
    best_optimisers=lambda top, every: (
        f"none of these {count(len(every), 'en')} optimisers is significantly ahead of another" if top == every else
        f"no optimiser is significantly ahead of {listing(top, 'en')}"), batches_of=lambda size: f"batches of {size}",
    reference={"theirs": "the authors' protocol", "held_out": "with 20% held out for validation",
               "book": "with early stopping as well"},
    models={"baseline": "no regularisation", "weight_decay": "weight decay", "dropout": "dropout",
            "early_stopping": "early stopping"},
    gap_phrases=lambda name: {"behind": f"{name} narrows it", "ahead": f"{name} widens it",
                              "indistinguishable": f"{name} does not change it measurably"},
    update_ratio="relative size of an update, ‖ΔW‖/‖W‖", clipping="a network whose gradients explode at the start",
    unclipped="no clipping", clipped="clipping", batch_norm="a six-layer network",
    plain="no normalisation", normalised="batch normalisation", constant="a constant rate",
    warmup="warm-up with cosine decay", steps="optimisation step",
)
FIGURES = {
    "update_ratio": dict(
        caption="Relative size of each update of the weights, ‖ΔW‖/‖W‖, over the first hundred steps of SGD with "
                "momentum, against the learning rate, for each layer (median over steps, mean over seeds). The large "
                "dot is the chosen rate.",
        alt="Three rising curves on log axes: the relative update size of each layer against the learning rate."),
    "clipping": dict(
        caption="Validation accuracy of the tuning seeds against the learning rate, for a network whose gradients "
                "explode at the start, with and without clipping the gradient's norm. The large dot is each one's "
                "chosen rate.",
        alt="Two curves of validation accuracy against the learning rate on a log axis; the clipped one reaches "
            "larger rates."),
    "batch_norm": dict(
        caption="Validation accuracy of the six-layer network with and without batch normalisation, each at its own "
                "chosen rate, against the optimisation step. The line is the mean over seeds and the band spans "
                "their minimum to maximum.",
        alt="Two curves of validation accuracy against the step; the one with batch normalisation rises sooner."),
    "init_variance": dict(
        caption="Standard deviation of each layer's activations in a fresh ten-layer network, for three "
                "initialisations. Kaiming initialisation keeps the size of a ReLU signal constant with depth; the "
                "default and Xavier initialisations shrink it layer by layer.",
        alt="Two line plots of the standard deviation of activations against layer, for tanh and ReLU, with three "
            "initialisations."),
    "clean_loop": dict(
        caption="The clean training loop on MNIST-1D: training and validation loss (left) and validation accuracy "
                "(right) after each epoch.",
        alt="Two plots: training and validation loss going down, and validation accuracy going up."),
    "optimisers": dict(
        caption="Validation accuracy of five optimisers on one model, each at its own chosen rate. The line is the "
                "mean over ten seeds and the band spans their minimum to maximum.",
        alt="Five curves of validation accuracy against epoch for SGD, SGD with momentum, Adam, AdamW and RMSprop."),
    "learning_rate": dict(
        caption="Best validation accuracy against the learning rate of SGD with momentum. The faint dots are single "
                "seeds.",
        alt="A plot of validation accuracy against learning rate on a log axis, with a peak in the middle."),
    "regularisation": dict(
        caption="Training (left) and validation (right) accuracy without regularisation, with weight decay and with "
                "dropout.",
        alt="Two plots: training and validation accuracy against epoch for three configurations."),
}

# %% [markdown] tags=["fa"]
# ## الف. شش راه ساختن یک شبکه
#
# شبکهٔ $40 \to 64 \to 64 \to 10$ با ReLU را به شش شکل می‌سازیم، همه را با وزن‌های یکسان پر می‌کنیم و خروجی و
# گرادیان ضرر را روی یک دسته مقایسه می‌کنیم.

# %% [markdown] tags=["en"]
# ## A. Six ways to build a network
#
# We build the network $40 \to 64 \to 64 \to 10$ with ReLU in six ways, load the same weights into all of them, and
# compare their outputs and the gradients of the loss on one batch.

# %%
SIZES = [40, 64, 64, 10]
weights = [building.initial_weights((n_out, n_in), "default", torch.Generator().manual_seed(7))
           for n_in, n_out in building.pairs(SIZES)]
BATCH_OF = 256
x, y = mnist.train.x[:BATCH_OF].cpu(), mnist.train.y[:BATCH_OF].cpu()
publish.value("compared_batch", BATCH_OF, "d")


def outputs_and_gradients(forward, parameters):
    out = forward(x)
    grads = torch.autograd.grad(torch.nn.functional.cross_entropy(out, y), parameters)
    return out.detach(), torch.cat([g.flatten() for g in grads])


raw = building.raw_parameters(weights)
reference = outputs_and_gradients(lambda v: building.raw_forward(raw, v), [t for layer in raw for t in layer])
differences = {}
for name, build in building.BUILDERS.items():
    model = building.load_weights(build(SIZES), weights)
    out, grads = outputs_and_gradients(model, list(model.parameters()))
    differences[name] = max((out - reference[0]).abs().max().item(), (grads - reference[1]).abs().max().item())
parameters = {k: v.detach().clone().requires_grad_() for k, v in model.named_parameters()}
out, grads = outputs_and_gradients(lambda v: building.functional_forward(model, parameters, v),
                                   list(parameters.values()))
differences["functional_call"] = max((out - reference[0]).abs().max().item(),
                                     (grads - reference[1]).abs().max().item())
print({name: f"{d:.1e}" for name, d in differences.items()})
assert max(differences.values()) < 1e-5
publish.value("ways_max_difference", max(differences.values()), ".0e")

# %% [markdown] tags=["fa"]
# اختلاف‌های چاپ‌شده میان هر راه و پیاده‌سازی با تانسورهای خام بسیار کوچک‌اند، و `assert` سلول آن‌ها را کمتر از
# $10^{-5}$ می‌خواهد. پس شیوهٔ نوشتن شبکه نه تابعی را که حساب می‌شود تغییر می‌دهد و نه گرادیان‌هایش را.

# %% [markdown] tags=["en"]
# The printed differences between each way and the raw-tensor implementation are tiny, and the cell's `assert`
# requires them below $10^{-5}$. So the style in which the network is written changes neither the function it
# computes nor its gradients.

# %%
named = building.named_sequential(SIZES)
for name, parameter in named.named_parameters():
    print(f"{name:16} {tuple(parameter.shape)}")
publish.value("parameter_count", sum(p.numel() for p in named.parameters()), ",d")
with tempfile.TemporaryDirectory() as folder:
    torch.save(named.state_dict(), Path(folder) / "model.pt")
    restored = building.named_sequential(SIZES)
    restored.load_state_dict(torch.load(Path(folder) / "model.pt"))
assert torch.equal(restored(x), named(x))
print(tr("پس از ذخیره و بارگذاری state_dict خروجی‌ها یکسان‌اند", "state_dict saved and loaded: identical outputs"))

# %% [markdown] tags=["fa"]
# فهرست چاپ‌شده نام و شکل هر پارامتر را نشان می‌دهد؛ نام لایه‌ها همان نام‌هایی است که به `nn.Sequential` داده شده
# است. مدلی که از `state_dict` ذخیره‌شده بارگذاری شود خروجی‌های کاملاً یکسانی می‌دهد.

# %% [markdown] tags=["en"]
# The printed list gives each parameter's name and shape; the layer names are the ones given to `nn.Sequential`. A
# model loaded from the saved `state_dict` gives exactly the same outputs.

# %% [markdown] tags=["fa"]
# ### مقداردهی اولیه
#
# یک دستهٔ ورودی را از شبکه‌ای ده‌لایه با پهنای ۲۵۶ می‌گذرانیم و انحراف معیار فعال‌سازی‌های هر لایه را برای سه
# روش مقداردهی اولیه می‌سنجیم.

# %% [markdown] tags=["en"]
# ### Initialisation
#
# We pass one batch of inputs through a ten-layer network of width 256 and measure the standard deviation of each
# layer's activations under three initialisations.

# %%
DEEP = [40] + [256] * 10 + [10]
publish.value("deep_layers", len(DEEP) - 2, "d")
publish.value("deep_width", DEEP[1], "d")
spread = {}
for act_name in ("tanh", "relu"):
    function = activations.ACTIVATIONS[act_name][0]
    panel = {}
    for scheme in building.INITIALISATIONS:
        model = training.BatchedMLP(DEEP, function, [seeds.shift(0)], init=scheme)
        panel[scheme] = torch.stack([a.std() for a in training.hidden_activations(model, x)])
    spread[act_name] = panel
relu_spread = spread["relu"]
assert relu_spread["kaiming"][-1] > 0.5 * relu_spread["kaiming"][0]
assert relu_spread["default"][-1] < 0.1 * relu_spread["default"][0]
assert relu_spread["xavier"][-1] < 0.5 * relu_spread["xavier"][0]
for act_name in spread:
    for scheme in building.INITIALISATIONS:
        publish.value(f"std_last_{act_name}_{scheme}", spread[act_name][scheme][-1].item(), ".2g")
publish.claim("default_ends_above_xavier", relu_spread["default"][-1] > relu_spread["xavier"][-1],
              tr(f"انحراف معیار فعال‌سازی‌های لایهٔ آخر شبکهٔ ReLU با مقداردهی پیش‌فرض: "
                 f"{relu_spread['default'][-1]:.3f}؛ با Xavier: {relu_spread['xavier'][-1]:.3f}؛ اولی بیشتر است؟",
                 f"{relu_spread['default'][-1]:.3f} > {relu_spread['xavier'][-1]:.3f}?"))
fig = training_plots.layer_lines({f"{act}, {T[scheme]}": values for act, panel in (("ReLU", spread["relu"]),
                                                                                 ("tanh", spread["tanh"]))
                                  for scheme, values in panel.items()}, T["std"])
publish.figure(fig, "init_variance", **FIGURES["init_variance"])

# %% [markdown] tags=["fa"]
# در شکل، با مقداردهی Kaiming انحراف معیار فعال‌سازی‌های ReLU در عمق تقریباً ثابت می‌ماند، ولی با Xavier و با
# مقداردهی پیش‌فرض لایه به لایه کوچک می‌شود؛ `assert`های سلول همین سه رفتار را وارسی می‌کنند. این همان چیزی است که
# استدلال واریانس در فصل ۳ پیش‌بینی می‌کند.

# %% [markdown] tags=["en"]
# In the figure, Kaiming initialisation keeps the standard deviation of ReLU activations roughly constant with
# depth, while Xavier and the default shrink it layer by layer; the cell's `assert`s check these three behaviours.
# This is what the variance argument of Chapter 3 predicts.

# %% [markdown] tags=["fa"]
# ## ب. آموزش
#
# ### حلقهٔ استاندارد آموزش
#
# داده‌ها از `Dataset` و `DataLoader` می‌آیند و با میانگین و انحراف معیار بخش آموزش استاندارد شده‌اند. حلقه در
# هر دوره مدل را به حالت آموزش می‌برد، برای هر دسته `zero_grad`، `backward` و `step` را اجرا می‌کند، و سپس در
# حالت ارزیابی و زیر `no_grad` روی داده‌های اعتبارسنجی می‌سنجد.

# %% [markdown] tags=["en"]
# ## B. Training
#
# ### The clean loop
#
# The data come through a `Dataset` and a `DataLoader`, standardised with the mean and standard deviation of the
# training part. In each epoch the loop puts the model in training mode, runs `zero_grad`, `backward` and `step` for
# each batch, then measures on the validation data in evaluation mode, under `no_grad`.

# %%
EPOCHS, ADAPTIVE_RATE = 20, 1e-3  # the clean loop's Adam uses the usual default rate
publish.value("epochs", EPOCHS, "d")
publish.value("seeds", len(SEEDS), "d")
publish.value("adaptive_rate", ADAPTIVE_RATE, ".0e")
publish.value("train_sample", training.TRAIN_SAMPLE, ",d")


def clean_loop():
    torch.manual_seed(seeds.shift(0))
    model = building.named_sequential([40, 128, 128, 10]).to(DEVICE)
    loader = data.loader(mnist.train, batch_size=64, shuffle=True)
    adam = torch.optim.Adam(model.parameters(), lr=ADAPTIVE_RATE)
    history = training.fit(model, loader, mnist.val, adam, epochs=EPOCHS)
    return {k: torch.tensor(v) for k, v in history.items()}


history = memoised("clean_loop", clean_loop)
publish.value("clean_loop_accuracy", 100 * history["val_accuracy"][-1].item(), ".1f")
fig = training_plots.curves([(T["loss"], {T["train_loss"]: history["train_loss"][:, None],
                                          T["val_loss"]: history["val_loss"][:, None]}),
                             (T["accuracy"], {T["accuracy"]: history["val_accuracy"][:, None]})], "")
publish.figure(fig, "clean_loop", **FIGURES["clean_loop"])

# %% [markdown] tags=["fa"]
# در شکل، ضرر آموزش در طول دوره‌ها پایین می‌آید و دقت اعتبارسنجی بالا می‌رود، پس حلقه درست عمل می‌کند. فاصلهٔ ضرر آموزش و
# ضرر اعتبارسنجی نشان می‌دهد که شبکه تا چه حد دچار بیش‌برازش می‌شود.

# %% [markdown] tags=["en"]
# In the figure, the training loss falls over the epochs and the validation accuracy rises, so the loop works. The
# gap between the training and the validation loss shows how far the network overfits its training data.

# %% [markdown] tags=["fa"]
# ### سنجش پیکربندی‌ها با ده بذر جفت‌شده
#
# از این‌جا هر پیکربندی با ده بذر آموزش می‌بیند و بذر $s$ در همهٔ پیکربندی‌ها ترتیب داده و وزن‌های آغازین یکسانی
# دارد. `BatchedMLP` همهٔ این شبکه‌های مستقل را، هریک با نرخ یادگیری خود، با ضرب ماتریسی دسته‌ای یک‌جا اجرا
# می‌کند. نرخ هر پیکربندی با سه بذر دیگر، بذرهای تنظیم که هرگز میان بذرهای گزارش‌شده نیستند، روی دادهٔ
# اعتبارسنجی انتخاب می‌شود، و دادهٔ آزمون فقط برای گزارش پیکربندی نهایی به کار می‌رود.

# %% [markdown] tags=["en"]
# ### Measuring configurations over ten paired seeds
#
# From here on each configuration trains with ten seeds, and seed $s$ gives every configuration the same data order
# and initial weights. `BatchedMLP` runs all these independent networks at once with batched matrix products, each
# with its own learning rate. Each configuration's rate is chosen on validation data with three other seeds, the
# tuning seeds, which are never among the reported ones; the test data only report the final configuration.

# %%
MODEL, BATCH, PATIENCE = [40, 128, 128, 10], 128, 5
publish.value("tuning_seeds", len(TUNING), "d")
publish.value("patience", PATIENCE, "d")


def runner(make_optimiser, batch_size=BATCH, loss=training.cross_entropy, sizes=MODEL, epochs=EPOCHS,
           patience=PATIENCE, variants=None):
    """`train(runs, seeds)` for sweep.study. `variants` maps each run's key to (the model's options, the training's
    options), for keys that differ in more than the rate: batch normalisation, a schedule, clipping."""
    variants = variants or {"net": ({}, {})}

    def build(key, network_seeds):
        return training.BatchedMLP(sizes, RELU, network_seeds, **variants[key][0]).to(DEVICE)

    def train(runs, network_seeds):
        outcomes = {}
        for key in dict.fromkeys(key for key, _ in runs):
            outcomes.update(sweep.train_runs(build, mnist, make_optimiser, [run for run in runs if run[0] == key],
                                             network_seeds, epochs, batch_size, patience, loss=loss,
                                             **variants[key][1]))
        return outcomes
    return train


def tuned(make_optimiser, grid, **options):
    """The rate chosen on validation with the tuning seeds, and the outcome of every reported seed at that rate."""
    result = sweep.study(runner(make_optimiser, **options), ["net"], grid, TUNING, SEEDS)
    return {"rate": result["chosen"]["net"], "edge": bool(result["edges"]), "outcome": result["final"]["net"]}


percent = stats.percent


def verdicts(results, shown, table=None):
    """Every pair compared (Holm over all of them): the phrase of each, and the group that nothing beats. With
    `table`, the verdicts are also published as a table under that name."""
    comparisons = stats.all_pairs(results)
    top = stats.top_group(list(results), comparisons)
    if table:
        publish.table(table, *stats.verdict_table(list(comparisons.values()), shown, language()))
    return {pair: stats.describe(c, shown, language()) for pair, c in comparisons.items()}, top


# %% [markdown] tags=["fa"]
# ### مدل مرجع: پرسپترون چندلایهٔ سازندگان MNIST-1D
#
# پیش از هر مقایسه، پرسپترون چندلایهٔ سازندگان MNIST-1D را بازمی‌سازیم تا معلوم شود این آموزش با گزارش آنان
# هم‌خوان است.

# %% [markdown] tags=["en"]
# ### A reference: the MNIST-1D authors' MLP
#
# Before any comparison, we rebuild the MLP of MNIST-1D's authors, to check that this training matches their report.

# %%
REFERENCE = dict(sizes=[40, 256, 256, 10], rate=1e-2, batch=100, steps=8000, epochs=60, patience=10)
for name in ("rate", "batch", "steps", "epochs", "patience"):
    publish.value(f"reference_{name}", REFERENCE[name], "g")
whole = data.to_device(data.mnist1d(val_fraction=0.0), DEVICE)  # all 4000 training examples; nothing held out


def reference_mlp(splits, patience=None):
    """Their network and optimiser: 40 -> 256 -> 256 -> 10 with ReLU and a skip over the second layer, PyTorch's
    default initialisation, Adam at 1e-2, batches of 100. Without patience: their fixed 8000 steps and the final
    weights; with it, the book's protocol: the weights of the best validation epoch, at most REFERENCE["epochs"]."""
    model = training.BatchedMLP(REFERENCE["sizes"], torch.relu, SEEDS, residual=True).to(DEVICE)
    epochs = math.ceil(REFERENCE["steps"] / math.ceil(len(splits.train.y) / REFERENCE["batch"]))
    result = training.train_batched(model, splits, lambda p, lr: torch.optim.Adam(p, lr=lr), REFERENCE["rate"],
                                    REFERENCE["epochs"] if patience else epochs, REFERENCE["batch"], SEEDS,
                                    patience=patience, training_metrics=False)
    return result.test_accuracy


references = memoised("reference", lambda: {"theirs": reference_mlp(whole), "held_out": reference_mlp(mnist),
                                            "book": reference_mlp(mnist, REFERENCE["patience"])})
for name, accuracies in references.items():
    for part, number in zip(("accuracy", "low", "high"), percent(accuracies)):
        publish.value(f"reference_{name}_{part}", number, ".1f")
publish.value("reference_mlp_accuracy", percent(references["theirs"]).mean, ".1f")
publish.value("reference_paper_accuracy", 68, "d")
publish.value("reference_notebook_accuracy", 65.1, ".1f")
publish.claim("reference_reproduced", 65 < percent(references["theirs"]).mean < 71,
              tr(f"میانگین دقت آزمون با پروتکل سازندگان: {percent(references['theirs']).mean:.1f}٪؛ بین ۶۵٪ و ۷۱٪ "
                 "است؟",
                 f"{percent(references['theirs']).mean:.1f} ∈ (65, 71)?"))
reference_verdicts = stats.compare(references, [("held_out", "theirs"), ("book", "held_out")])
for comparison in reference_verdicts:
    publish.text(f"reference_{comparison.first}", stats.describe(comparison, T["reference"], language()))
publish.table("verdicts_reference", *stats.verdict_table(reference_verdicts, T["reference"], language()))

# %% [markdown] tags=["fa"]
# دقت‌های چاپ‌شده سه اجرا را کنار هم می‌گذارند: پروتکل خود سازندگان (همهٔ ۴۰۰۰ نمونه، ۸۰۰۰ گام، وزن‌های پایانی)؛ همان
# اجرا وقتی ۲۰ درصد نمونه‌ها برای اعتبارسنجی کنار گذاشته می‌شوند؛ سرانجام پروتکل این کتاب، که افزون بر آن وزن‌های بهترین
# دورهٔ اعتبارسنجی را نگه می‌دارد. حکم‌های چاپ‌شده اثر هر گام را جداگانه می‌سنجند و جدول عددهای آن‌ها را می‌دهد.

# %% [markdown] tags=["en"]
# The printed accuracies set three runs side by side: the authors' own protocol (all 4000 examples, 8000 steps, the
# final weights); the same run with 20% of the examples held out for validation; and this book's protocol, which also
# keeps the weights of the best validation epoch. The printed verdicts measure each step on its own, and the table
# gives the numbers behind them.

# %% [markdown] tags=["fa"]
# ### پویش نرخ یادگیری

# %% [markdown] tags=["en"]
# ### A learning-rate sweep

# %%
RATES = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0]


def momentum(parameters, lr):
    return torch.optim.SGD(parameters, lr=lr, momentum=0.9, fused=True)


def split_seeds(outcome):
    """(the tuning seeds' part, the reported seeds' part) of an Outcome trained with TUNING + SEEDS."""
    return [sweep.Outcome(*(t[..., part] for t in outcome)) for part in (slice(0, len(TUNING)), slice(len(TUNING), None))]


sweeps = memoised("rates", lambda: {rate: tuple(o) for (_, rate), o in
                                    runner(momentum)([("net", rate) for rate in RATES], TUNING + SEEDS).items()})
tuning_runs, rates = {}, {}
for rate, outcome in sweeps.items():
    tuning_runs[rate], rates[rate] = split_seeds(sweep.Outcome(*outcome))
val = torch.stack([rates[r].best_val for r in RATES])
best_rate = max(RATES, key=lambda r: tuning_runs[r].best_val.mean().item())  # chosen with the tuning seeds only
publish.value("best_rate", best_rate, "g")
publish.value("smallest_rate", RATES[0], "g")
publish.value("largest_rate", RATES[-1], "g")
for name, rate in (("smallest", RATES[0]), ("best", best_rate), ("largest", RATES[-1])):
    publish.value(f"{name}_rate_val", 100 * rates[rate].best_val.mean().item(), ".1f")
publish.value("best_rate_test", percent(rates[best_rate].test).mean, ".1f")
publish.claim("best_rate_inside", RATES[0] < best_rate < RATES[-1],
              tr(f"نرخ یادگیری برگزیده: {best_rate:g}؛ بزرگ‌تر از کوچک‌ترین نرخ پویش ({RATES[0]:g}) و کوچک‌تر از "
                 f"بزرگ‌ترینش ({RATES[-1]:g}) است؟",
                 f"{best_rate:g} ∈ ({RATES[0]:g}, {RATES[-1]:g})?"))
publish.figure(training_plots.sweep(RATES, 100 * val, T["lr"], T["accuracy"] + T["percent"]), "learning_rate",
               **FIGURES["learning_rate"])

# %% [markdown] tags=["fa"]
# در شکل، دقت اعتبارسنجی به نرخ یادگیری وابسته است و بهترین نرخ جایی میان دو سر بازهٔ آزموده قرار دارد؛ ادعای
# `best_rate_inside` همین را وارسی می‌کند. به همین دلیل، در هر مقایسهٔ بعدی نرخ هر پیکربندی جداگانه انتخاب می‌شود.

# %% [markdown] tags=["en"]
# In the figure, the validation accuracy depends on the learning rate, and the best rate lies between the two ends
# of the range tried; the claim `best_rate_inside` checks this. That is why every later comparison chooses each
# configuration's rate separately.

# %% [markdown] tags=["fa"]
# ### تابع ضرر: آنتروپی متقاطع روی لوجیت‌ها، نه MSE روی سافت‌مکس

# %% [markdown] tags=["en"]
# ### The loss: cross-entropy on logits, not MSE on softmax

# %%
logits = torch.tensor([[8.0, 0.0, 0.0]], requires_grad=True)  # confidently wrong: the target is class 2
target = torch.tensor([2])
(ce_gradient,) = torch.autograd.grad(torch.nn.functional.cross_entropy(logits, target), logits)
(mse_gradient,) = torch.autograd.grad(training.softmax_mse(logits[None], target[None]).sum(), logits)
print(tr("گرادیان آنتروپی متقاطع:", "gradient of cross-entropy:"), ce_gradient.tolist(),
      tr("\nگرادیان MSE روی سافت‌مکس:", "\ngradient of softmax + MSE:"), mse_gradient.tolist())
publish.value("ce_gradient", ce_gradient.abs().max().item(), ".2f")
publish.value("mse_gradient", mse_gradient.abs().max().item(), ".1e")
LOSS_GRID = [0.1, 0.3, 1.0]  # the same grid, tuning seeds and budget for both losses
ce = memoised("ce", lambda: tuned(momentum, LOSS_GRID))
mse = memoised("mse", lambda: tuned(momentum, LOSS_GRID, loss=training.softmax_mse))
losses = {"ce": sweep.Outcome(*ce["outcome"]).test, "mse": sweep.Outcome(*mse["outcome"]).test}
publish.value("ce_rate", ce["rate"], "g")
publish.value("mse_rate", mse["rate"], "g")
for name, accuracies in losses.items():
    publish.value(f"loss_{name}_accuracy", percent(accuracies).mean, ".1f")
(loss_verdict,) = stats.compare(losses, [("ce", "mse")])
publish.text("loss_verdict", stats.describe(loss_verdict, {"ce": T["ce"], "mse": T["mse"]}, language()))
publish.table("verdicts_loss", *stats.verdict_table([loss_verdict], {"ce": T["ce"], "mse": T["mse"]}, language()))

# %% [markdown] tags=["fa"]
# گرادیان‌های چاپ‌شده نشان می‌دهند که برای این پیش‌بینی نادرست که مدل با اطمینان زیاد انجام داده است، آنتروپی متقاطع سیگنال یادگیری بسیار
# بزرگ‌تری از MSE روی سافت‌مکس می‌دهد. حکم چاپ‌شده می‌گوید که پس از آموزش کامل، هریک با نرخ خود، دقت آزمون دو تابع
# ضرر در مقایسه با هم چگونه است، و جدول عددهای این حکم را می‌دهد.

# %% [markdown] tags=["en"]
# The printed gradients show that for this confidently wrong prediction cross-entropy gives a far larger learning
# signal than MSE on the softmax. The printed verdict says how the two losses compare in test accuracy after full
# training, each at its own rate, and the table gives the numbers behind it.

# %% [markdown] tags=["fa"]
# ### بهینه‌سازها

# %% [markdown] tags=["en"]
# ### Optimisers

# %%
OPTIMISERS = {  # each with the grid its rate is chosen from
    "SGD": (lambda p, lr: torch.optim.SGD(p, lr=lr, fused=True), [0.03, 0.1, 0.3]),
    "momentum": (momentum, [0.03, 0.1, 0.3]),
    "Adam": (lambda p, lr: torch.optim.Adam(p, lr=lr), [3e-4, 1e-3, 3e-3]),
    "AdamW": (lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=1e-2), [3e-4, 1e-3, 3e-3]),
    "RMSprop": (lambda p, lr: torch.optim.RMSprop(p, lr=lr), [3e-4, 1e-3, 3e-3]),
}
optimisers = memoised("optimisers", lambda: {name: tuned(make, grid) for name, (make, grid) in OPTIMISERS.items()})
optimisers = {name: optimisers[name] for name in ("SGD", "momentum", "Adam", "AdamW", "RMSprop")}
tests = {name: sweep.Outcome(*o["outcome"]).test for name, o in optimisers.items()}
publish.table("optimisers", [T["optimiser"], T["lr"], T["test_accuracy"] + T["percent"]],
              [[T.get(name, name), o["rate"], percent(tests[name])] for name, o in optimisers.items()],
              [None, "g", ".1f"])
fig = training_plots.curves([("MNIST-1D", {T.get(n, n): sweep.Outcome(*o["outcome"]).val
                                           for n, o in optimisers.items()})], T["accuracy"])
publish.figure(fig, "optimisers", **FIGURES["optimisers"])
for name in tests:
    publish.value(f"{name.lower()}_accuracy", percent(tests[name]).mean, ".1f")
publish.claim("optimiser_rates_bracketed", not any(o["edge"] for o in optimisers.values()),
              tr("بهینه‌سازهایی که نرخ برگزیده‌شان در لبهٔ شبکهٔ نرخ‌هاست: "
                 + (listing([T.get(n, n) for n, o in optimisers.items() if o["edge"]], "fa") or "هیچ‌کدام"),
                 listing([n for n, o in optimisers.items() if o["edge"]], language()) or "—"))
phrases, top = verdicts(tests, {n: T.get(n, n) for n in tests}, table="verdicts_optimisers")
publish.text("optimisers_top", T["best_optimisers"]([T.get(n, n) for n in top], [T.get(n, n) for n in tests]))
publish.text("sgd_momentum", phrases[("SGD", "momentum")])

# %% [markdown] tags=["fa"]
# جدول نرخ برگزیده و دقت آزمون هر بهینه‌ساز را می‌دهد، و ادعای `optimiser_rates_bracketed` وارسی می‌کند که هیچ نرخ
# برگزیده‌ای در یکی از دو سر بازهٔ آزموده نیست. متن چاپ‌شدهٔ `optimisers_top` بهینه‌سازهایی را نام می‌برد که هیچ
# بهینه‌ساز دیگری به‌طور معنادار از آن‌ها بهتر نیست، و جدول دوم حکم هر ده جفت را با عددهایش می‌دهد.

# %% [markdown] tags=["en"]
# The table gives each optimiser's chosen rate and test accuracy, and the claim `optimiser_rates_bracketed` checks
# that no chosen rate lies at an end of the range tried. The printed `optimisers_top` names the optimisers that no
# other optimiser is significantly ahead of, and the second table gives the verdict of each of the ten pairs with its
# numbers.

# %% [markdown] tags=["fa"]
# ### اندازهٔ دسته

# %% [markdown] tags=["en"]
# ### The batch size

# %%
BATCHES = [32, 128, 512]


def batch_sizes():
    results = {}
    for size in BATCHES:
        result, seconds = training.timed(tuned, momentum, [0.03, 0.1, 0.3, 1.0], batch_size=size)
        results[size] = {**result, "seconds": seconds}
    return results


batches = memoised("batches", batch_sizes)
by_batch = {size: sweep.Outcome(*b["outcome"]).test for size, b in batches.items()}
publish.table("batch_size", [T["batch"], T["lr"], T["test_accuracy"] + T["percent"]],
              [[size, b["rate"], percent(by_batch[size])] for size, b in batches.items()], ["d", "g", ".1f"])
phrases, _ = verdicts(by_batch, {size: T["batches_of"](size) for size in BATCHES}, table="verdicts_batch")
publish.text("batch_small_large", phrases[(BATCHES[0], BATCHES[-1])])
publish.claim("batch_rates_bracketed", not any(b["edge"] for b in batches.values()),
              tr("اندازه‌های دسته‌ای که نرخ برگزیده‌شان در لبهٔ شبکهٔ نرخ‌هاست: "
                 + (listing([str(s) for s, b in batches.items() if b["edge"]], "fa") or "هیچ‌کدام"),
                 listing([str(s) for s, b in batches.items() if b["edge"]], language()) or "—"))

# %% [markdown] tags=["fa"]
# جدول نشان می‌دهد که هر اندازهٔ دسته نرخ برگزیدهٔ خود را دارد، و حکم چاپ‌شده کوچک‌ترین و بزرگ‌ترین دسته را، هریک
# با نرخ خود، مقایسه می‌کند. اگر همهٔ اندازه‌ها با یک نرخ آموزش می‌دیدند، این مقایسه بیشتر اثر نرخ را نشان می‌داد
# تا اثر اندازهٔ دسته. جدول دوم حکم هر سه جفت را با عددهایش می‌دهد.

# %% [markdown] tags=["en"]
# The table shows that each batch size has its own chosen rate, and the printed verdict compares the smallest and
# the largest batch, each at its own rate. Had all batch sizes trained at one rate, the comparison would show the
# effect of the rate more than that of the batch size. The second table gives the verdict of each of the three pairs
# with its numbers.

# %% [markdown] tags=["fa"]
# ### منظم‌سازی: زوال وزن، برون‌اندازی و توقف زودهنگام

# %% [markdown] tags=["en"]
# ### Regularisation: weight decay, dropout and early stopping

# %%
LONG = 30
WEIGHT_DECAYS, DROPOUTS = [0.1, 0.3, 1.0], [0.1, 0.3, 0.5]  # each remedy's strength is chosen from these
ADAM_RATE = optimisers["Adam"]["rate"]
publish.value("long_epochs", LONG, "d")
publish.value("wide_width", MODEL[1], "d")
publish.value("adam_rate", ADAM_RATE, "g")


def run(make_optimiser, dropout=0.0, network_seeds=SEEDS, **options):
    model = training.BatchedMLP(MODEL, RELU, network_seeds, dropout=dropout).to(DEVICE)
    result = training.train_batched(model, mnist, make_optimiser, ADAM_RATE, LONG, BATCH, network_seeds, **options)
    return {"history": result.history, "test": result.test_accuracy, "best_epoch": result.best_epoch}


adam = lambda p, lr: torch.optim.Adam(p, lr=lr)  # noqa: E731


def adamw(decay):
    return lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=decay)


def strongest(strengths, train):
    """The strength whose last validation accuracy (the weights a run without early stopping keeps), averaged over
    the tuning seeds, is the best: `train(strength, seeds)` returns what `run` returns."""
    return max(strengths, key=lambda s: train(s, TUNING)["history"]["val_accuracy"][-1].mean().item())


def regularise():
    chosen = {"weight_decay": strongest(WEIGHT_DECAYS, lambda decay, s: run(adamw(decay), network_seeds=s)),
              "dropout": strongest(DROPOUTS, lambda p, s: run(adam, dropout=p, network_seeds=s))}
    return {"baseline": run(adam), "weight_decay": run(adamw(chosen["weight_decay"])),
            "dropout": run(adam, dropout=chosen["dropout"]), "early_stopping": run(adam, patience=PATIENCE)}, chosen


regularisers, strengths = memoised("regularisers", regularise)
for name, strength in strengths.items():
    publish.value(f"{name}_strength", strength, "g")


def kept_epoch(name):
    """The epoch whose weights each seed ends with: the best one under early stopping, else the last."""
    r = regularisers[name]
    return r["best_epoch"] if name == "early_stopping" else torch.full((len(SEEDS),), LONG - 1)


def train_accuracy(name):
    return regularisers[name]["history"]["train_accuracy"][kept_epoch(name), torch.arange(len(SEEDS))]


publish.table("regularisation", [T["regulariser"], T["train_accuracy"] + T["percent"],
                                 T["test_accuracy"] + T["percent"], T["epochs"]],
              [[T[name], percent(train_accuracy(name)), percent(r["test"]), (kept_epoch(name) + 1).float().mean().item()]
               for name, r in regularisers.items()], [None, ".1f", ".1f", ".0f"])
gaps = {name: train_accuracy(name) - r["test"] for name, r in regularisers.items()}
publish.value("baseline_gap", 100 * gaps["baseline"].mean().item(), ".0f")
for name, r in regularisers.items():
    publish.value(f"test_{name}", percent(r["test"]).mean, ".1f")
REMEDIES = ("weight_decay", "dropout", "early_stopping")
gap_verdicts = stats.compare(gaps, [(name, "baseline") for name in REMEDIES])
publish.claim("baseline_overfits", percent(gaps["baseline"]).low > 10,
              tr("کران پایین بازهٔ ۹۵٪ فاصلهٔ دقت آموزش و آزمون شبکهٔ بدون منظم‌سازی: "
                 f"{percent(gaps['baseline']).low:.1f} واحد درصد؛ بیشتر از ۱۰ است؟",
                 f"{percent(gaps['baseline']).low:.1f} > 10?"))
for c in gap_verdicts:
    publish.text(f"gap_{c.first}", stats.describe(c, T, language(), phrases=T["gap_phrases"](T[c.first])))
publish.table("verdicts_gap", *stats.verdict_table(gap_verdicts, T["models"], language()))
test_verdicts = stats.compare({n: r["test"] for n, r in regularisers.items()}, [(n, "baseline") for n in REMEDIES])
for c in test_verdicts:
    publish.text(f"test_{c.first}_verdict", stats.describe(c, T["models"], language()))
publish.table("verdicts_test", *stats.verdict_table(test_verdicts, T["models"], language()))
fig = training_plots.curves(
    [(T["train_accuracy"], {T[n]: regularisers[n]["history"]["train_accuracy"] for n in ("baseline", "weight_decay", "dropout")}),
     (T["accuracy"], {T[n]: regularisers[n]["history"]["val_accuracy"] for n in ("baseline", "weight_decay", "dropout")})],
    "")
publish.figure(fig, "regularisation", **FIGURES["regularisation"])

# %% [markdown] tags=["fa"]
# جدول و شکل نشان می‌دهند که بدون منظم‌سازی دقت آموزش بسیار بالاتر از دقت آزمون است. حکم‌های چاپ‌شده می‌گویند که
# هر چاره، با شدتی که دادهٔ اعتبارسنجی برگزیده است، شکاف تعمیم و دقت آزمون را چگونه تغییر می‌دهد. دو جدول آخر عددهای
# این مقایسه‌ها را می‌دهند، یکی برای شکاف تعمیم (اختلاف دقت آموزش و آزمون) و دیگری برای دقت آزمون.

# %% [markdown] tags=["en"]
# The table and the figure show that without regularisation the training accuracy is far above the test accuracy.
# The printed verdicts say how each remedy, at the strength chosen on validation, changes this gap and the test
# accuracy. The last two
# tables give the numbers of these comparisons, one for the gap between training and test accuracy and one for the
# test accuracy.

# %% [markdown] tags=["fa"]
# ### وارسی‌های پیش از آموزش
#
# چهار وارسی ساده بیشتر خطاهای کد آموزش را پیش از هر اجرای طولانی آشکار می‌کنند: ضرر در لحظهٔ آغاز، بیش‌برازش
# یک دستهٔ کوچک، اندازهٔ هر به‌روزرسانی در برابر اندازهٔ وزن‌ها، و وارسی گرادیان با تفاضل متناهی.

# %% [markdown] tags=["en"]
# ### Checks before training
#
# Four simple checks expose most bugs in training code before any long run: the loss at initialisation,
# overfitting one small batch, the size of each update against the size of the weights, and a gradient check by
# finite differences.

# %%
initial_loss, _ = training.evaluate_batched(training.BatchedMLP(MODEL, RELU, SEEDS).to(DEVICE), mnist.train)
publish.value("initial_loss", initial_loss.mean().item(), ".3f")
publish.value("ln_classes", math.log(10), ".3f")
publish.claim("initial_loss_near_chance", abs(initial_loss.mean().item() - math.log(10)) < 0.05,
              tr(f"میانگین ضرر آغازین: {initial_loss.mean().item():.3f}؛ فاصله‌اش از "
                 r"\(\ln 10\) کمتر از ۰٫۰۵ است؟",
                 f"|{initial_loss.mean().item():.3f} − ln 10| < 0.05?"))

TINY, TINY_STEPS = 32, 200  # one batch of 32 examples, trained on alone for 200 steps
tiny_batch = data.Split(mnist.train.x[:TINY], mnist.train.y[:TINY])
tiny = training.train_batched(training.BatchedMLP(MODEL, RELU, SEEDS).to(DEVICE),
                              data.Data("tiny", tiny_batch, tiny_batch, tiny_batch, 10), adam, ADAPTIVE_RATE,
                              TINY_STEPS, TINY, SEEDS)
publish.value("tiny_examples", TINY, "d")
publish.value("tiny_steps", TINY_STEPS, "d")
publish.value("tiny_loss", tiny.history["train_loss"][-1].max().item(), ".1e")
publish.claim("tiny_batch_memorised", bool((tiny.history["train_accuracy"][-1] == 1).all()),
              tr(f"شبکه‌هایی که دستهٔ کوچک را کامل به خاطر سپردند: "
                 f"{int((tiny.history['train_accuracy'][-1] == 1).sum())} از {len(SEEDS)}",
                 f"{int((tiny.history['train_accuracy'][-1] == 1).sum())} / {len(SEEDS)}"))

UPDATE_STEPS = 100
ratio_model = training.BatchedMLP(MODEL, RELU, SEEDS * len(RATES)).to(DEVICE)
ratios = training.update_ratios(ratio_model, mnist.train, momentum, torch.tensor([r for r in RATES for _ in SEEDS]),
                                UPDATE_STEPS, BATCH, seed=SEEDS[0])
ratios = ratios.median(0).values.view(len(RATES), len(SEEDS), -1).cpu()  # (rates, seeds, layers): the median step
by_layer = {f"{T['layer']} {layer + 1}": ({rate: ratios[i, :, layer] for i, rate in enumerate(RATES)}, best_rate)
            for layer in range(ratios.shape[-1])}
publish.value("update_steps", UPDATE_STEPS, "d")
for name, rate in (("smallest", RATES[0]), ("best", best_rate), ("largest", RATES[-1])):
    publish.value(f"{name}_rate_ratio", ratios[RATES.index(rate)].median().item(), ".1e")
layer_medians = ratios.median(1).values  # (rates, layers)
publish.claim("ratio_grows_with_rate", bool((layer_medians.diff(dim=0) > 0).all()),
              tr("اندازهٔ نسبی به‌روزرسانی (میانهٔ لایه‌ها) به ترتیب نرخ‌های یادگیری: "
                 + "، ".join(publish.format_number(v, ".1e") for v in layer_medians.median(1).values.tolist())
                 + "؛ در هر لایه با هر نرخ بزرگ‌تر بالا می‌رود؟",
                 f"{layer_medians.median(1).values.tolist()}"))
publish.figure(training_plots.rate_sweeps([("", by_layer)], T["update_ratio"], log_y=True), "update_ratio",
               **FIGURES["update_ratio"])


class ForgetfulSigmoid(torch.autograd.Function):
    """The sigmoid with a wrong backward pass, as a bug might write it: σ′ = σ(1 − σ), but the factor 1 − σ is lost."""

    @staticmethod
    def forward(ctx, z):
        s = torch.sigmoid(z)
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad):
        (s,) = ctx.saved_tensors
        return grad * s


def gradient_check(activation):
    """torch.autograd.gradcheck of the loss of a small network against every parameter, in float64: True when the
    gradients of the backward pass match central finite differences."""
    model = training.BatchedMLP([40, 8, 8, 10], activation, SEEDS[:1]).double()
    x, y = mnist.train.x[:16].cpu().double()[None], mnist.train.y[:16].cpu()[None]
    names = [name for name, _ in model.named_parameters()]

    def loss(*tensors):
        return training.cross_entropy(torch.func.functional_call(model, dict(zip(names, tensors)), (x,)), y).sum()
    inputs = tuple(p.detach().clone().requires_grad_() for p in model.parameters())
    return torch.autograd.gradcheck(loss, inputs, eps=1e-6, atol=1e-6, rtol=1e-4, raise_exception=False), inputs


right, inputs = gradient_check(torch.sigmoid)
wrong, _ = gradient_check(ForgetfulSigmoid.apply)
publish.value("gradcheck_parameters", sum(t.numel() for t in inputs), ",d")
GRADCHECK = {True: "می‌پذیرد", False: "رد می‌کند"}
publish.claim("gradcheck_passes", right, tr(f"وارسی گرادیان شبکهٔ درست را {GRADCHECK[right]}", str(right)))
publish.claim("gradcheck_catches_the_bug", not wrong,
              tr(f"وارسی گرادیان سیگموید با مشتق نادرست را {GRADCHECK[wrong]}", str(wrong)))

# %% [markdown] tags=["fa"]
# ضرر شبکهٔ تازه نزدیک $\ln 10$ است، یعنی پیش‌بینی‌های آغازین تقریباً یکنواخت‌اند؛ همهٔ شبکه‌ها دستهٔ کوچک را کامل
# به خاطر می‌سپارند؛ اندازهٔ نسبی به‌روزرسانی‌ها با نرخ یادگیری بالا می‌رود (شکل)؛ سرانجام وارسی گرادیان شبکهٔ درست را
# می‌پذیرد و سیگمویدی را که مشتقش اشتباه نوشته شده است رد می‌کند. ادعاهای چاپ‌شده هر چهار را وارسی می‌کنند.

# %% [markdown] tags=["en"]
# The fresh network's loss is close to $\ln 10$, so its first predictions are nearly uniform; every network
# memorises the small batch; the relative size of the updates rises with the learning rate (figure); and the
# gradient check accepts the correct network and rejects a sigmoid whose derivative is written wrongly. The printed
# claims check all four.

# %% [markdown] tags=["fa"]
# ### زمان‌بندی نرخ، بریدن گرادیان و نرمال‌سازی دسته‌ای
#
# سه ابزار رایج برای پایدار کردن آموزش، هریک در برابر همتای بی‌آن و هریک با نرخ برگزیدهٔ خود از میان یک
# مجموعهٔ یکسان از نرخ‌ها روی دادهٔ اعتبارسنجی: گرم‌کردن نرخ و سپس کاهش کسینوسی آن برای Adam، بریدن نُرم گرادیان برای شبکه‌ای که
# گرادیان‌هایش در آغاز منفجر می‌شوند، و نرمال‌سازی دسته‌ای برای شبکه‌ای شش‌لایه.

# %% [markdown] tags=["en"]
# ### Learning-rate schedules, gradient clipping and batch normalisation
#
# Three common tools that steady training, each against its counterpart without it, each at its own rate chosen on
# validation from the same grid: a warm-up followed by a cosine decay of Adam's rate, clipping the gradient's norm
# for a network whose gradients explode at the start, and batch normalisation for a six-layer network.

# %%
per_epoch = math.ceil(len(mnist.train.y) / BATCH)
SCHEDULED = 40  # epochs: a schedule is defined over a fixed budget, so no early stop
CAP, PATIENT = 120, 20  # epochs: clipping and normalisation train until 20 epochs bring no gain, at most 120
practice_steps = SCHEDULED * per_epoch
WARMUP = practice_steps // 20
CLIPPED = dict(sizes=[40] + [128] * 8 + [10], gain=2.0, norm=1.0)  # gain 2: each ReLU layer doubles the variance
NORMALISED = [40] + [128] * 6 + [10]
for name, number in (("practice_epochs", SCHEDULED), ("practice_steps", practice_steps), ("warmup_steps", WARMUP),
                     ("cap_steps", CAP * per_epoch), ("patience_steps", PATIENT * per_epoch),
                     ("clipped_layers", len(CLIPPED["sizes"]) - 2), ("normalised_layers", len(NORMALISED) - 2)):
    publish.value(name, number, "d")
publish.value("clip_gain", CLIPPED["gain"], "g")
publish.value("clip_norm", CLIPPED["norm"], "g")


def practice(make_optimiser, variants, grid, sizes=MODEL, epochs=CAP, patience=PATIENT):
    """Each variant's rate chosen on validation with the tuning seeds from the same grid, then the reported seeds at
    that rate; every network keeps its best validation epoch."""
    train = runner(make_optimiser, sizes=sizes, epochs=epochs, patience=patience, variants=variants)
    return sweep.study(train, list(variants), grid, TUNING, SEEDS)


practices = {
    "schedule": memoised("schedule", lambda: practice(adam, {
        "constant": ({}, {}), "warmup": ({}, {"schedule": training.warmup_cosine(practice_steps, WARMUP)})},
        [1e-3, 3e-3, 1e-2], epochs=SCHEDULED, patience=SCHEDULED)),
    "clipping": memoised("clipping", lambda: practice(momentum, {
        "unclipped": ({"init": CLIPPED["gain"]}, {}),
        "clipped": ({"init": CLIPPED["gain"]}, {"clip": CLIPPED["norm"]})},
        [3e-3, 1e-2, 3e-2, 0.1, 0.3], CLIPPED["sizes"])),
    "batch_norm": memoised("batch_norm", lambda: practice(momentum, {
        "plain": ({}, {}), "normalised": ({"norm": "batch"}, {})}, [0.03, 0.1, 0.3], NORMALISED)),
}
start = training.BatchedMLP(CLIPPED["sizes"], RELU, SEEDS, init=CLIPPED["gain"]).to(DEVICE)
start.zero_grad()
training.batched_loss(start, mnist.train.x[:BATCH].expand(len(SEEDS), -1, -1),
                      mnist.train.y[:BATCH].expand(len(SEEDS), -1)).sum().backward()
publish.value("clip_initial_norm", training.gradient_norm_each(list(start.parameters())).median().item(), ".0f")
practice_verdicts = {}
for name, result in practices.items():
    (plain, variant), outcomes = result["winner"], {k: sweep.Outcome(*v) for k, v in result["final"].items()}
    for key in (plain, variant):
        publish.value(f"{key}_rate", result["chosen"][key], "g")
        publish.value(f"{key}_accuracy", percent(outcomes[key].test).mean, ".1f")
    (comparison,) = stats.compare({k: o.test for k, o in outcomes.items()}, [(variant, plain)])
    publish.text(f"{name}_verdict", stats.describe(comparison, T, language()))
    publish.claim(f"{name}_rates_bracketed", not result["edges"],
                  tr("گونه‌هایی که نرخ برگزیده‌شان در لبهٔ شبکهٔ نرخ‌هاست: "
                     + (listing([T.get(e, e) for e in result["edges"]], "fa") or "هیچ‌کدام"),
                     listing(result["edges"], language()) or "—"))
    practice_verdicts[name] = comparison
publish.claim("clipping_helps", practice_verdicts["clipping"].verdict == "ahead",
              stats.describe_in_full(practice_verdicts["clipping"], T, language()))
publish.table("verdicts_practice", *stats.verdict_table(list(practice_verdicts.values()), T, language()))

capped = [o.best_epoch >= CAP - PATIENT for name in ("clipping", "batch_norm")  # still improving at the cap
          for o in (sweep.Outcome(*v) for v in practices[name]["final"].values())]
publish.value("practice_capped", int(sum(c.sum() for c in capped)), "d")
publish.value("practice_networks", sum(len(c) for c in capped), "d")
FAST = 0.6  # "how fast": the steps until the validation accuracy first reaches 60%
normalised = {k: sweep.Outcome(*v) for k, v in practices["batch_norm"]["final"].items()}
to_fast = {k: sweep.epochs_to(o, FAST) * per_epoch for k, o in normalised.items()}
publish.value("fast_level", 100 * FAST, ".0f")
for key, steps in to_fast.items():
    publish.value(f"{key}_fast_steps", steps.median().item(), ".0f")
censored = {k: v.clamp(max=(CAP + 1) * per_epoch) for k, v in to_fast.items()}  # never: one epoch past the cap
faster, faster_p = (censored["normalised"] < censored["plain"]).sum().item(), stats.sign_flip_p(*censored.values())
publish.claim("batch_norm_faster", faster > len(SEEDS) / 2 and faster_p < stats.ALPHA,
              tr(f"بذرهایی که شبکهٔ با نرمال‌سازی دسته‌ای در آن‌ها زودتر به دقت اعتبارسنجی {100 * FAST:.0f}٪ می‌رسد: "
                 rf"{faster} از {len(SEEDS)}؛ \(p = {faster_p:.2g}\) در آزمون دقیق تغییر علامت",
                 f"{faster} / {len(SEEDS)} seeds, exact sign-flip p = {faster_p:.2g}"))
clipping = practices["clipping"]
fig = training_plots.rate_sweeps([(T["clipping"], {
    T[key]: ({rate: 100 * v for (k, rate), v in clipping["tuning"].items() if k == key}, clipping["chosen"][key])
    for key in ("unclipped", "clipped")})], T["accuracy"] + T["percent"])
publish.figure(fig, "clipping", **FIGURES["clipping"])
fig = training_plots.curves([(T["batch_norm"], {T[k]: 100 * o.val for k, o in normalised.items()})],
                            T["accuracy"] + T["percent"], xlabel=T["steps"], steps=[per_epoch])
publish.figure(fig, "batch_norm", **FIGURES["batch_norm"])

# %% [markdown] tags=["fa"]
# جدول حکم‌ها هر ابزار را با همتای بی‌آن مقایسه می‌کند، هریک با نرخ برگزیدهٔ خود. شکل نخست دقت اعتبارسنجی
# بذرهای تنظیم را بر حسب نرخ برای شبکهٔ با و بی بریدن گرادیان نشان می‌دهد، و شکل دوم منحنی‌های آموزش شبکهٔ
# شش‌لایه را با و بی نرمال‌سازی دسته‌ای.

# %% [markdown] tags=["en"]
# The table of verdicts compares each tool with its counterpart without it, each at its own chosen rate. The first
# figure shows the tuning seeds' validation accuracy against the rate for the network with and without clipping,
# and the second the learning curves of the six-layer network with and without batch normalisation.

# %% [markdown] tags=["fa"]
# ### ذخیره و ازسرگیری آموزش
#
# آموزش را در میانه قطع می‌کنیم، وزن‌ها، وضعیت بهینه‌ساز و وضعیت مولد تصادفی بارگذار داده را ذخیره می‌کنیم و در
# اشیای تازه ادامه می‌دهیم؛ یک بار هم بی وضعیت بهینه‌ساز.

# %% [markdown] tags=["en"]
# ### Saving and resuming training
#
# We stop training halfway, save the weights, the optimiser's state and the state of the data loader's random
# generator, and go on in fresh objects; once more without the optimiser's state.

# %%
HALF = 2  # epochs before and after the checkpoint


def clean_start():
    """The clean loop's network, Adam and loader, as a new process would build them."""
    torch.manual_seed(seeds.shift(0))
    model = building.named_sequential([40, 128, 128, 10]).to(DEVICE)
    return model, torch.optim.Adam(model.parameters(), lr=ADAPTIVE_RATE), data.loader(mnist.train, 64, shuffle=True)


def train_for(epochs, model, optimiser, loader):
    """The mean training loss of each epoch."""
    return [training.train_epoch(model, loader, optimiser) for _ in range(epochs)]


def resumed(with_optimiser):
    """Train HALF epochs, save a checkpoint, load it into fresh objects and train HALF more: (model, losses after)."""
    model, optimiser, loader = clean_start()
    train_for(HALF, model, optimiser, loader)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "checkpoint.pt"
        torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(),
                    "order": loader.generator.get_state()}, path)
        model, optimiser, loader = clean_start()
        checkpoint = torch.load(path)
    model.load_state_dict(checkpoint["model"])
    if with_optimiser:
        optimiser.load_state_dict(checkpoint["optimiser"])
    loader.generator.set_state(checkpoint["order"])
    return model, train_for(HALF, model, optimiser, loader)


straight = clean_start()
straight_losses = train_for(2 * HALF, *straight)
whole, whole_losses = resumed(with_optimiser=True)
fresh, fresh_losses = resumed(with_optimiser=False)


def largest_difference(model):
    return max((a - b).abs().max().item() for a, b in zip(model.parameters(), straight[0].parameters()))


publish.value("checkpoint_epochs", HALF, "d")
publish.claim("resume_is_exact", largest_difference(whole) == 0,
              tr("بیشترین اختلاف وزن‌های اجرای ازسرگرفته با اجرای بی‌وقفه: "
                 + publish.format_number(largest_difference(whole), ".1e"),
                 f"{largest_difference(whole):.1e}"))
publish.value("fresh_optimiser_difference", largest_difference(fresh), ".1e")
publish.value("resumed_loss", whole_losses[0], ".3f")
publish.value("fresh_optimiser_loss", fresh_losses[0], ".3f")
publish.value("before_loss", straight_losses[HALF - 1], ".3f")
print(tr("ضرر در هر دوره: بی‌وقفه", "losses, epoch by epoch: straight"), straight_losses,
      tr("| ازسرگرفته", "| resumed"), whole_losses, tr("| با بهینه‌ساز تازه", "| fresh optimiser"), fresh_losses)

# %% [markdown] tags=["fa"]
# با وضعیت بهینه‌ساز، اجرای ازسرگرفته بیت به بیت همان اجرای بی‌وقفه است (ادعای `resume_is_exact`). بی آن، Adam
# میانگین‌های گشتاورهایش را از صفر می‌سازد، نخستین گام‌هایش بزرگ‌اند و وزن‌ها راه دیگری می‌روند.

# %% [markdown] tags=["en"]
# With the optimiser's state, the resumed run is bit for bit the uninterrupted one (the claim `resume_is_exact`).
# Without it, Adam rebuilds its moment averages from zero, its first steps are large, and the weights take another
# path.

# %% [markdown] tags=["fa"]
# ### بازتولیدپذیری
#
# دو اجرا با بذرهای یکسان باید بیت به بیت یکسان باشند و با بذری دیگر یکسان نباشند.

# %% [markdown] tags=["en"]
# ### Reproducibility
#
# Two runs with the same seeds must agree bit for bit, and a run with another seed must not.

# %%
def short_run(network_seeds):
    model = training.BatchedMLP(MODEL, RELU, network_seeds).to(DEVICE)
    return training.train_batched(model, mnist, adam, ADAM_RATE, 2, 128, network_seeds).history["val_loss"]


first, second, other = short_run(SEEDS[:1]), short_run(SEEDS[:1]), short_run(SEEDS[1:2])
assert torch.equal(first, second) and not torch.equal(first, other)
print(tr("با بذر یکسان دو اجرا یکسان‌اند و با بذر دیگر متفاوت", "same seed: identical; other seed: different"))


# %% [markdown] tags=["fa"]
# دو اجرا با بذر یکسان ضررهای بیت به بیت یکسانی می‌دهند و اجرایی با بذر دیگر ضررهای متفاوتی؛ `assert` سلول هر دو را
# وارسی می‌کند. پس هر عدد این نوت‌بوک را می‌توان روی همان سخت‌افزار و با همان بذرها دوباره به دست آورد.

# %% [markdown] tags=["en"]
# Two runs with the same seed give bit-for-bit identical losses, and a run with another seed gives different ones;
# the cell's `assert` checks both. Every number of this notebook can therefore be obtained again on the same
# hardware with the same seeds.
