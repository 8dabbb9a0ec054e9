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
# # نوت‌بوک فصل ۳ (بخش‌های الف و ب): ساختن و آموزش مدل
#
# این نوت‌بوک شش راه ساختن یک شبکه را کنار هم می‌گذارد و نشان می‌دهد که با وزن‌های یکسان خروجی و گرادیان یکسان
# می‌دهند؛ سپس یک حلقهٔ آموزش تمیز، تابع ضرر، بهینه‌سازها، جاروب نرخ یادگیری و اندازهٔ دسته، و منظم‌سازی را روی
# MNIST-1D می‌آزماید. هر پیکربندی با پنج بذر تصادفی، همه با هم در یک مدل دسته‌ای، آموزش می‌بیند.

# %% [markdown] tags=["en"]
# # Chapter 3 notebook (parts A and B): building and training a model
#
# This notebook puts six ways of building a network side by side and shows that, with the same weights, they give
# the same outputs and gradients; then it tries a clean training loop, the loss function, optimisers, sweeps of the
# learning rate and the batch size, and regularisation on MNIST-1D. Every configuration trains with five random
# seeds, all at once in one batched model.

# %%
import tempfile
from pathlib import Path

import torch

from dlbook import activations, building, data, plotting, publish, training, training_plots
from dlbook.memo import memoised

plotting.setup()
_ = torch.manual_seed(0)
DEVICE = data.device()
SEEDS = [0, 1, 2, 3, 4]
RELU = activations.ACTIVATIONS["relu"][0]
mnist = data.to_device(data.mnist1d(), DEVICE)
print("device:", DEVICE, "| MNIST-1D train / val / test:", [len(s.y) for s in (mnist.train, mnist.val, mnist.test)])

# %% tags=["fa"]
# The words, captions and alt texts of this edition.
T = dict(
    std="انحراف معیار فعال‌سازی", layer="لایه", loss="ضرر", accuracy="دقت اعتبارسنجی",
    train_loss="ضرر آموزش", val_loss="ضرر اعتبارسنجی", lr="نرخ یادگیری", batch="اندازهٔ دسته",
    test_accuracy="دقت آزمون", optimiser="بهینه‌ساز", regulariser="منظم‌سازی", seconds="ثانیه برای هر دوره",
    train_accuracy="دقت آموزش", baseline="بدون منظم‌سازی", weight_decay="زوال وزن", dropout="برون‌اندازی",
    early_stopping="توقف زودهنگام", loss_name="تابع ضرر", epochs="شمار دوره‌ها", percent=" (٪)",
    default="پیش‌فرض", xavier="Xavier", kaiming="Kaiming", momentum="SGD با تکانه",
)
FIGURES = {
    "init_variance": dict(
        caption="انحراف معیار فعال‌سازی‌های هر لایه در شبکه‌ای ده‌لایه و تازه، برای سه روش مقداردهی اولیه. "
                "مقداردهی Kaiming اندازهٔ سیگنال ReLU را در عمق ثابت نگه می‌دارد؛ مقداردهی پیش‌فرض و Xavier آن را "
                "لایه به لایه کوچک می‌کنند.",
        alt="دو نمودار خطی از انحراف معیار فعال‌سازی بر حسب لایه برای tanh و ReLU با سه روش مقداردهی اولیه."),
    "clean_loop": dict(
        caption="حلقهٔ آموزش تمیز روی MNIST-1D: ضرر آموزش و اعتبارسنجی (چپ) و دقت اعتبارسنجی (راست) در هر دوره.",
        alt="دو نمودار: ضرر آموزش و اعتبارسنجی که پایین می‌آیند، و دقت اعتبارسنجی که بالا می‌رود."),
    "optimisers": dict(
        caption="دقت اعتبارسنجی پنج بهینه‌ساز روی یک مدل. خط میانگین پنج بذر است و نوار از کمینه تا بیشینهٔ آن‌ها.",
        alt="پنج منحنی دقت اعتبارسنجی بر حسب دوره برای SGD، SGD با تکانه، Adam، AdamW و RMSprop."),
    "learning_rate": dict(
        caption="دقت آزمون بر حسب نرخ یادگیری برای SGD با تکانه. نقطه‌های کم‌رنگ تک‌تک بذرها هستند.",
        alt="نمودار دقت آزمون بر حسب نرخ یادگیری روی محور لگاریتمی، با قله‌ای در میانه."),
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
)
FIGURES = {
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
        caption="Validation accuracy of five optimisers on one model. The line is the mean over five seeds and the "
                "band spans their minimum to maximum.",
        alt="Five curves of validation accuracy against epoch for SGD, SGD with momentum, Adam, AdamW and RMSprop."),
    "learning_rate": dict(
        caption="Test accuracy against the learning rate of SGD with momentum. The faint dots are single seeds.",
        alt="A plot of test accuracy against learning rate on a log axis, with a peak in the middle."),
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
print("state_dict saved and loaded: identical outputs")

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
        model = training.BatchedMLP(DEEP, function, [0], init=scheme)
        panel[scheme] = torch.stack([a.std() for a in training.hidden_activations(model, x)])
    spread[act_name] = panel
relu_spread = spread["relu"]
assert relu_spread["kaiming"][-1] > 0.5 * relu_spread["kaiming"][0]
assert relu_spread["default"][-1] < 0.1 * relu_spread["default"][0]
assert relu_spread["xavier"][-1] < 0.5 * relu_spread["xavier"][0]
for act_name in spread:
    for scheme in building.INITIALISATIONS:
        publish.value(f"std_last_{act_name}_{scheme}", spread[act_name][scheme][-1].item(), ".2g")
fig = training_plots.layer_lines({f"{act}, {T[scheme]}": values for act, panel in (("ReLU", spread["relu"]),
                                                                                 ("tanh", spread["tanh"]))
                                  for scheme, values in panel.items()}, T["std"])
publish.figure(fig, "init_variance", **FIGURES["init_variance"])

# %% [markdown] tags=["fa"]
# ## ب. آموزش
#
# ### حلقهٔ آموزش تمیز
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
EPOCHS, SGD_RATE, ADAPTIVE_RATE = 20, 0.05, 1e-3  # the rates of plain and momentum SGD, and of the adaptive ones
publish.value("epochs", EPOCHS, "d")
publish.value("seeds", len(SEEDS), "d")
publish.value("sgd_rate", SGD_RATE, "g")
publish.value("adaptive_rate", ADAPTIVE_RATE, ".0e")
publish.value("train_sample", training.TRAIN_SAMPLE, ",d")


def clean_loop():
    torch.manual_seed(0)
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
# ### سنجش پیکربندی‌ها با پنج بذر
#
# از این‌جا هر پیکربندی با پنج بذر آموزش می‌بیند. `BatchedMLP` پنج شبکهٔ مستقل را با ضرب ماتریسی دسته‌ای یک‌جا
# اجرا می‌کند.

# %% [markdown] tags=["en"]
# ### Measuring configurations over five seeds
#
# From here on each configuration trains with five seeds. `BatchedMLP` runs five independent networks at once with
# batched matrix products.

# %%
MODEL = [40, 128, 128, 10]


def run(make_optimiser, epochs=EPOCHS, batch_size=128, sizes=MODEL, dropout=0.0, **options):
    model = training.BatchedMLP(sizes, RELU, SEEDS, dropout=dropout).to(DEVICE)
    result = training.train_batched(model, mnist, make_optimiser, epochs, batch_size, SEEDS, **options)
    return {"history": result.history, "test": result.test_accuracy, "best_epoch": result.best_epoch}


def mean_std(values):
    return (100 * values.mean().item(), 100 * values.std().item())


# %% [markdown] tags=["fa"]
# ### تابع ضرر: آنتروپی متقاطع روی لوجیت‌ها، نه MSE روی سافت‌مکس

# %% [markdown] tags=["en"]
# ### The loss: cross-entropy on logits, not MSE on softmax

# %%
logits = torch.tensor([[8.0, 0.0, 0.0]], requires_grad=True)  # confidently wrong: the target is class 2
target = torch.tensor([2])
(ce_gradient,) = torch.autograd.grad(torch.nn.functional.cross_entropy(logits, target), logits)
(mse_gradient,) = torch.autograd.grad(training.softmax_mse(logits[None], target[None]).sum(), logits)
print("gradient of cross-entropy:", ce_gradient.tolist(), "\ngradient of softmax + MSE:", mse_gradient.tolist())
publish.value("ce_gradient", ce_gradient.abs().max().item(), ".2f")
publish.value("mse_gradient", mse_gradient.abs().max().item(), ".1e")
losses = memoised("losses", lambda: {
    "ce": run(lambda p: torch.optim.SGD(p, lr=SGD_RATE, momentum=0.9)),
    "mse": run(lambda p: torch.optim.SGD(p, lr=SGD_RATE, momentum=0.9), loss=training.softmax_mse)})
for name in losses:
    publish.value(f"loss_{name}_accuracy", 100 * losses[name]["test"].mean().item(), ".1f")
assert losses["ce"]["test"].mean() > losses["mse"]["test"].mean()

# %% [markdown] tags=["fa"]
# ### بهینه‌سازها

# %% [markdown] tags=["en"]
# ### Optimisers

# %%
OPTIMISERS = {
    "SGD": lambda p: torch.optim.SGD(p, lr=SGD_RATE),
    "momentum": lambda p: torch.optim.SGD(p, lr=SGD_RATE, momentum=0.9),
    "Adam": lambda p: torch.optim.Adam(p, lr=ADAPTIVE_RATE),
    "AdamW": lambda p: torch.optim.AdamW(p, lr=ADAPTIVE_RATE, weight_decay=1e-2),
    "RMSprop": lambda p: torch.optim.RMSprop(p, lr=ADAPTIVE_RATE),
}
optimisers = memoised("optimisers", lambda: {name: run(make) for name, make in OPTIMISERS.items()})
publish.table("optimisers", [T["optimiser"], T["test_accuracy"] + T["percent"]],
              [[T.get(name, name), mean_std(r["test"])] for name, r in optimisers.items()], [None, ".1f"])
fig = training_plots.curves([("MNIST-1D", {T.get(n, n): r["history"]["val_accuracy"] for n, r in optimisers.items()})],
                            T["accuracy"])
publish.figure(fig, "optimisers", **FIGURES["optimisers"])
publish.value("plain_sgd_accuracy", 100 * optimisers["SGD"]["test"].mean().item(), ".1f")
publish.value("momentum_accuracy", 100 * optimisers["momentum"]["test"].mean().item(), ".1f")
publish.value("adam_accuracy", 100 * optimisers["Adam"]["test"].mean().item(), ".1f")
assert optimisers["SGD"]["test"].mean() < min(r["test"].mean() for n, r in optimisers.items() if n != "SGD")
assert all(optimisers[n]["test"].mean() < optimisers["momentum"]["test"].mean() for n in ("Adam", "AdamW", "RMSprop"))

# %% [markdown] tags=["fa"]
# ### جاروب نرخ یادگیری و اثر اندازهٔ دسته

# %% [markdown] tags=["en"]
# ### A learning-rate sweep and the effect of the batch size

# %%
RATES = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1]
rates = memoised("rates", lambda: torch.stack([
    run(lambda p, lr=lr: torch.optim.SGD(p, lr=lr, momentum=0.9))["test"] for lr in RATES]))
best_rate = RATES[int(rates.mean(1).argmax())]
publish.value("best_rate", best_rate, "g")
publish.value("smallest_rate_accuracy", 100 * rates[0].mean().item(), ".1f")
publish.value("best_rate_accuracy", 100 * rates.mean(1).max().item(), ".1f")
publish.value("largest_rate", RATES[-1], "g")
publish.value("largest_rate_accuracy", 100 * rates[-1].mean().item(), ".1f")
assert RATES[0] < best_rate < RATES[-1]  # the chapter says the best rate lies inside the range
publish.figure(training_plots.sweep(RATES, rates, T["lr"], T["test_accuracy"]), "learning_rate",
               **FIGURES["learning_rate"])

BATCHES = [32, 128, 512]


def batch_sizes():
    results = {}
    for size in BATCHES:
        result, seconds = training.timed(run, lambda p: torch.optim.Adam(p, lr=ADAPTIVE_RATE), batch_size=size)
        results[size] = (result["test"], torch.tensor(seconds / EPOCHS))
    return results


batches = memoised("batches", batch_sizes)
publish.table("batch_size", [T["batch"], T["test_accuracy"] + T["percent"], T["seconds"]],
              [[size, mean_std(acc), seconds.item()] for size, (acc, seconds) in batches.items()],
              ["d", ".1f", ".2f"])
assert max(batches, key=lambda size: batches[size][0].mean()) == BATCHES[0]  # the smallest batch is best here
assert batches[BATCHES[0]][1] > batches[BATCHES[-1]][1]  # and its epochs take longest

# %% [markdown] tags=["fa"]
# ### منظم‌سازی: زوال وزن، برون‌اندازی و توقف زودهنگام

# %% [markdown] tags=["en"]
# ### Regularisation: weight decay, dropout and early stopping

# %%
WIDE, LONG, PATIENCE = [40, 256, 256, 10], 40, 5
publish.value("long_epochs", LONG, "d")
publish.value("wide_width", WIDE[1], "d")
publish.value("patience", PATIENCE, "d")
adam = lambda p: torch.optim.Adam(p, lr=ADAPTIVE_RATE)  # noqa: E731
regularisers = memoised("regularisers", lambda: {
    "baseline": run(adam, epochs=LONG, sizes=WIDE),
    "weight_decay": run(lambda p: torch.optim.AdamW(p, lr=ADAPTIVE_RATE, weight_decay=0.5), epochs=LONG, sizes=WIDE),
    "dropout": run(adam, epochs=LONG, sizes=WIDE, dropout=0.3),
    "early_stopping": run(adam, epochs=LONG, sizes=WIDE, patience=PATIENCE),
})


def kept_epoch(name):
    """The epoch whose weights each seed ends with: the best one under early stopping, else the last."""
    r = regularisers[name]
    return r["best_epoch"] if name == "early_stopping" else torch.full((len(SEEDS),), LONG - 1)


def train_accuracy(name):
    return regularisers[name]["history"]["train_accuracy"][kept_epoch(name), torch.arange(len(SEEDS))]


publish.table("regularisation", [T["regulariser"], T["train_accuracy"] + T["percent"],
                                 T["test_accuracy"] + T["percent"], T["epochs"]],
              [[T[name], mean_std(train_accuracy(name)), mean_std(r["test"]), (kept_epoch(name) + 1).float().mean().item()]
               for name, r in regularisers.items()], [None, ".1f", ".1f", ".0f"])
gaps = {name: (train_accuracy(name) - r["test"]).mean().item() for name, r in regularisers.items()}
publish.value("baseline_gap", 100 * gaps["baseline"], ".0f")
for name, r in regularisers.items():
    publish.value(f"test_{name}", 100 * r["test"].mean().item(), ".1f")
changes = [abs(r["test"].mean() - regularisers["baseline"]["test"].mean()).item() for r in regularisers.values()]
publish.value("test_largest_change", 100 * max(changes), ".1f")  # the chapter: the gap closes from the training side
assert gaps["baseline"] > 0.1  # the chapter says the unregularised model overfits
assert all(gaps[name] < gaps["baseline"] for name in ("weight_decay", "dropout", "early_stopping"))
fig = training_plots.curves(
    [(T["train_accuracy"], {T[n]: regularisers[n]["history"]["train_accuracy"] for n in ("baseline", "weight_decay", "dropout")}),
     (T["accuracy"], {T[n]: regularisers[n]["history"]["val_accuracy"] for n in ("baseline", "weight_decay", "dropout")})],
    "")
publish.figure(fig, "regularisation", **FIGURES["regularisation"])

# %% [markdown] tags=["fa"]
# ### بازتولیدپذیری
#
# دو اجرا با بذرهای یکسان باید بیت به بیت یکسان باشند و با بذر دیگر نه.

# %% [markdown] tags=["en"]
# ### Reproducibility
#
# Two runs with the same seeds must agree bit for bit, and a run with another seed must not.

# %%
def short_run(seeds):
    model = training.BatchedMLP(MODEL, RELU, seeds).to(DEVICE)
    return training.train_batched(model, mnist, adam, 2, 128, seeds).history["val_loss"]


first, second, other = short_run([0]), short_run([0]), short_run([1])
assert torch.equal(first, second) and not torch.equal(first, other)
print("same seed: identical;", "other seed: different")
