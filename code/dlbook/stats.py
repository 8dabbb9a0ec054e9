"""The statistical protocol of the book's experiments, written once and used by every notebook.

- Splits: training data fit the weights; validation data make every choice (learning rate, epoch, the "best"
  configuration); test data are looked at once per final configuration, to report it.
- Seeds: each final configuration trains with at least MIN_SEEDS seeds, paired across the configurations it is
  compared with (seed s has the same data order and the same random draws in every configuration).
- Intervals: a mean over seeds is reported with its 95% confidence interval (Student's t), not ± std.
- Comparisons: "A beats B" only when two paired tests over seeds both reject equality at ALPHA after Holm's
  correction over all the comparisons of that table: the t-test, and the exact sign-flip test, which assumes no
  distribution of the differences (with n seeds its smallest p-value is 2/2^n, so a family of m comparisons needs
  2^n > 2m/ALPHA: 16 seeds carry hundreds of comparisons, 10 seeds not even 28). Otherwise the two cannot be told
  apart at this budget. The prose states the verdict (`describe`); its numbers go in a table (`verdict_table`),
  where the interval of the difference is the unadjusted 95% t-interval, and is labelled so.
"""
import itertools
from typing import NamedTuple

import torch
from scipy import stats

from dlbook.text import count, persian_number

MIN_SEEDS = 10
ALPHA = 0.05
CONFIDENCE = 0.95


class Interval(NamedTuple):
    mean: float
    low: float
    high: float


def interval(values):
    """The mean of `values` (one per seed) with its 95% t confidence interval."""
    values = torch.as_tensor(values, dtype=torch.float64).flatten()
    mean = values.mean().item()
    if len(values) < 2:
        raise ValueError("a confidence interval needs at least two seeds")
    half = stats.t.ppf((1 + CONFIDENCE) / 2, len(values) - 1) * values.std().item() / len(values) ** 0.5
    return Interval(mean, mean - half, mean + half)


def percent(values):
    """`interval` of shares (one per seed) written in percent."""
    return interval(100 * torch.as_tensor(values, dtype=torch.float64))


def paired_p(first, second):
    """Two-sided p-value of the paired t-test that seed by seed `first` and `second` have the same mean. Where every
    difference is the same the t-test is undefined: 1 when they are all 0, else the exact sign-flip test's p."""
    differences = torch.as_tensor(first, dtype=torch.float64) - torch.as_tensor(second, dtype=torch.float64)
    if torch.all(differences == differences[0]):
        return 1.0 if differences[0] == 0 else sign_flip_p(first, second)
    return float(stats.ttest_rel(torch.as_tensor(first).tolist(), torch.as_tensor(second).tolist()).pvalue)


def sign_flip_p(first, second):
    """Two-sided p-value of the exact sign-flip (paired permutation) test: if `first` and `second` are alike, each
    seed's difference is as likely to have either sign, so p is the share of all 2^n sign patterns whose sum is at
    least as far from 0 as the observed sum. It assumes nothing about the distribution of the differences."""
    differences = torch.as_tensor(first, dtype=torch.float64) - torch.as_tensor(second, dtype=torch.float64)
    n = len(differences)
    if n > 24:
        raise ValueError(f"the exact sign-flip test enumerates 2^n patterns; {n} seeds are too many")
    observed = differences.sum().abs() * (1 - 1e-12)  # ties count as extreme, whatever the rounding
    extreme = 0
    for start in range(0, 2 ** n, 2 ** 16):
        patterns = torch.arange(start, min(start + 2 ** 16, 2 ** n))
        signs = 1 - 2 * ((patterns[:, None] >> torch.arange(n)) & 1).to(torch.float64)
        extreme += int(((signs @ differences).abs() >= observed).sum())
    return extreme / 2 ** n


def holm(p_values):
    """Holm's step-down adjustment: the adjusted p-values, in the given order."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted, running = [0.0] * len(p_values), 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


class Comparison(NamedTuple):
    first: str
    second: str
    difference: Interval  # first − second, paired by seed: the unadjusted 95% t-interval
    p: float              # the paired t-test, Holm-adjusted over the comparisons made together
    p_exact: float        # the exact sign-flip test, Holm-adjusted likewise
    verdict: str          # "ahead", "behind" or "indistinguishable": where `first` stands against `second`
    family: int           # how many comparisons were made together: with one, Holm adjusts nothing


def compare(results, pairs):
    """Paired comparisons of `results` (name -> one value per seed, the same seeds in the same order) for each
    (first, second) of `pairs`, Holm-corrected together; a verdict needs both tests."""
    for first, second in pairs:
        if len(results[first]) != len(results[second]) or len(results[first]) < MIN_SEEDS:
            raise ValueError(f"{first} and {second} need the same seeds, at least {MIN_SEEDS} of them")
    adjusted = holm([paired_p(results[a], results[b]) for a, b in pairs])
    exact = holm([sign_flip_p(results[a], results[b]) for a, b in pairs])
    compared = []
    for (first, second), p, p_exact in zip(pairs, adjusted, exact):
        difference = interval(torch.as_tensor(results[first]) - torch.as_tensor(results[second]))
        verdict = ("indistinguishable" if max(p, p_exact) >= ALPHA else "ahead" if difference.mean > 0 else "behind")
        compared.append(Comparison(first, second, difference, p, p_exact, verdict, len(pairs)))
    return compared


def all_pairs(results):
    """Every pair of `results` compared, Holm-corrected together: {(first, second): Comparison}."""
    pairs = list(itertools.combinations(results, 2))
    return dict(zip(pairs, compare(results, pairs)))


def top_group(names, comparisons):
    """The names that no other name is significantly ahead of, in the given order."""
    beaten = {c.second if c.verdict == "ahead" else c.first for c in comparisons.values() if c.verdict != "indistinguishable"}
    return [name for name in names if name not in beaten]


def p_number(p):
    """A p-value as the book writes it: "< 0.001" below 0.001, else two significant digits."""
    return "< 0.001" if p < 0.001 else f"{p:.2g}"


def p_text(p):
    number = p_number(p)
    return f"p {number}" if number.startswith("<") else f"p = {number}"


def figures(text):
    """Numbers with their signs («+۳٫۰ ± ۱٫۲», «p < ۰٫۰۰۱») for a Persian sentence: Persian digits, in a left-to-right
    span, so that the signs stay where a reader of mathematics expects them."""
    return f'<span dir="ltr">{persian_number(text)}</span>'


def holm_label(family, lang):
    """The words that say the p-values of a family of `family` comparisons are Holm-adjusted, or "" where the
    comparison was the only one: Holm's correction of a single p-value leaves it as it is."""
    if family < 2:
        return ""
    return "پس از تصحیح هولم" if lang == "fa" else "Holm-adjusted"


def paired_difference(comparison, scale=100):
    """The paired difference first − second (in points when `scale` is 100) and the half-width of its unadjusted
    95% interval."""
    mean, low, high = (scale * v for v in comparison.difference)
    return mean, (high - low) / 2


def _no_negative_zero(value):
    """`value`, or 0.0 where it rounds to zero at one decimal, so that it is never written "-0.0"."""
    return 0.0 if round(value, 1) == 0 else value


def describe(comparison, shown, lang, phrases=None):
    """The verdict as a phrase in `lang`, the conclusion only: "ReLU is ahead of tanh". `shown` maps names to how the
    edition writes them; `phrases`, if given, maps each verdict to the edition's own words for it. The numbers behind
    it go in a table (`verdict_table`)."""
    first, second = shown.get(comparison.first), shown.get(comparison.second)
    if lang == "fa":
        phrases = phrases or {"ahead": f"{first} به‌طور معنادار از {second} بهتر است",
                              "behind": f"{first} به‌طور معنادار از {second} بدتر است",
                              "indistinguishable": f"تفاوت {first} و {second} معنادار نیست"}
    else:
        phrases = phrases or {"ahead": f"{first} is ahead of {second}", "behind": f"{first} is behind {second}",
                              "indistinguishable": f"{first} and {second} cannot be told apart at this budget"}
    return phrases[comparison.verdict]


def describe_in_full(comparison, shown, lang, scale=100, phrases=None):
    """`describe` followed by the numbers behind it, for a claim's measured text: the paired difference, its
    unadjusted 95% interval and the p-values of both tests, Holm-adjusted where the comparison was one of several
    (`holm_label`). On the Persian edition the numbers are in Persian digits, kept left to right (`figures`)."""
    mean, half = paired_difference(comparison, scale)
    mean = _no_negative_zero(mean)
    label = holm_label(comparison.family, lang)
    label = f"{label}، " if label and lang == "fa" else f"{label} " if label else ""
    if lang == "fa":
        numbers = (f"اختلاف {figures(f'{mean:+.1f} ± {half:.1f}')} واحد درصد، بازهٔ ۹۵٪ بدون تصحیح؛ {label}"
                   f"{figures(p_text(comparison.p))} در آزمون t و {figures(p_text(comparison.p_exact))} در آزمون "
                   "دقیق تغییر علامت")
    else:
        numbers = (f"difference {mean:+.1f} ± {half:.1f} points, unadjusted 95% interval; {label}"
                   f"{p_text(comparison.p)} (t-test) and {p_text(comparison.p_exact)} (exact sign-flip test)")
    return f"{describe(comparison, shown, lang, phrases)} ({numbers})"


VERDICT_HEADER = {
    "fa": ["مقایسهٔ الف با ب", "الف − ب، واحد درصد (± بازهٔ ۹۵٪ بدون تصحیح)", "p آزمون t (هولم)",
           "p آزمون تغییر علامت (هولم)", "حکم"],
    "en": ["comparison, A vs. B", "A − B, points (± unadjusted 95% interval)", "p, t-test (Holm)",
           "p, sign-flip test (Holm)", "verdict"],
}
VERDICT_WORDS = {
    "fa": {"ahead": "الف بیشتر", "behind": "الف کمتر", "indistinguishable": "تفاوت معنادار نیست", "versus": "در برابر"},
    "en": {"ahead": "A higher", "behind": "A lower", "indistinguishable": "cannot be told apart", "versus": "vs."},
}


def verdict_table(comparisons, shown, lang, scale=100):
    """The comparisons of one Holm family as a table in `lang`, for dlbook.publish.table(name, *verdict_table(…)):
    (header, rows, specs). Each row gives the pair as the edition writes it (`shown`), the paired difference with the
    half-width of its unadjusted 95% interval, the Holm-adjusted p-values of the t-test and of the exact sign-flip
    test, and the verdict. "A higher" means that both tests find the first one's value significantly larger."""
    words = VERDICT_WORDS[lang]
    rows = [[f"{shown.get(c.first)} {words['versus']} {shown.get(c.second)}", paired_difference(c, scale), c.p,
             c.p_exact, words[c.verdict]] for c in comparisons]
    return VERDICT_HEADER[lang], rows, [None, "+.1f", "p", "p", None]


# Success rates: a proportion of runs (e.g. of 2,000 initialisations) that reach a goal, and paired comparisons of
# two configurations trained from the same draws. The mean-over-seeds protocol above does not fit these: each run
# gives a yes or a no, so the interval is Wilson's and the paired test is McNemar's exact test on the runs where
# the two configurations disagree, again Holm-corrected over the comparisons made together.


def wilson(successes, trials):
    """The share successes / trials with its 95% Wilson score interval (Wilson 1927), which stays inside [0, 1]
    and keeps its coverage near 0 and 1, where the normal approximation p ± z√(p(1−p)/n) does not."""
    if trials < 1:
        raise ValueError("a success rate needs at least one trial")
    z = stats.norm.ppf((1 + CONFIDENCE) / 2)
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * (share * (1 - share) / trials + z * z / (4 * trials * trials)) ** 0.5
    return Interval(share, max(0.0, centre - half), min(1.0, centre + half))


def success_interval(successes):
    """Wilson's interval for a boolean tensor of runs (True: the run succeeded)."""
    successes = torch.as_tensor(successes, dtype=torch.bool).flatten()
    return wilson(int(successes.sum()), len(successes))


def mcnemar_p(first, second):
    """Two-sided p-value of McNemar's exact test that two configurations, run on the same draws (run k of `first`
    and of `second` start alike), succeed equally often: a binomial test with p = ½ on the runs where exactly one of
    the two succeeds. 1 when there is no such run."""
    first = torch.as_tensor(first, dtype=torch.bool).flatten()
    second = torch.as_tensor(second, dtype=torch.bool).flatten()
    if len(first) != len(second):
        raise ValueError("McNemar's test needs the same runs in both configurations")
    only_first, only_second = int((first & ~second).sum()), int((~first & second).sum())
    if only_first + only_second == 0:
        return 1.0
    return float(stats.binomtest(only_first, only_first + only_second, 0.5).pvalue)


class RateComparison(NamedTuple):
    first: str
    second: str
    difference: float  # success rate of `first` − that of `second`
    only_first: int    # runs that succeed with `first` only
    only_second: int   # runs that succeed with `second` only
    p: float           # McNemar's exact test, Holm-adjusted over the comparisons made together
    verdict: str       # "ahead", "behind" or "indistinguishable": where `first` stands against `second`
    family: int        # how many comparisons were made together: with one, Holm adjusts nothing


def compare_rates(results, pairs):
    """Paired comparisons of success rates: `results` maps a name to one boolean per run (the same runs, from the
    same draws, in the same order), and each (first, second) of `pairs` is tested with McNemar's exact test,
    Holm-corrected together."""
    for first, second in pairs:
        if len(results[first]) != len(results[second]):
            raise ValueError(f"{first} and {second} need the same runs")
    adjusted = holm([mcnemar_p(results[a], results[b]) for a, b in pairs])
    compared = []
    for (first, second), p in zip(pairs, adjusted):
        a = torch.as_tensor(results[first], dtype=torch.bool)
        b = torch.as_tensor(results[second], dtype=torch.bool)
        difference = a.double().mean().item() - b.double().mean().item()
        verdict = "indistinguishable" if p >= ALPHA else "ahead" if difference > 0 else "behind"
        compared.append(RateComparison(first, second, difference, int((a & ~b).sum()), int((~a & b).sum()), p,
                                       verdict, len(pairs)))
    return compared


def describe_rates(comparison, shown, lang, phrases=None):
    """The verdict of a paired comparison of success rates as a phrase in `lang`: the difference in points, the
    runs that only one of the two gets right, and the p-value of McNemar's exact test, Holm-adjusted where the
    comparison was one of several (`holm_label`). `shown` maps names to how a sentence "more runs succeed with …"
    writes them; `phrases` as in `describe`. On the Persian edition the numbers are in Persian digits (`figures`)."""
    first, second = shown.get(comparison.first), shown.get(comparison.second)
    points, a, b = _no_negative_zero(100 * comparison.difference), comparison.only_first, comparison.only_second
    label = holm_label(comparison.family, lang)
    label = f" {label}" if label and lang == "fa" else f"{label} " if label else ""
    if lang == "fa":
        numbers = (f"اختلاف {figures(f'{points:+.1f}')} واحد درصد؛ {count(a, lang)} اجرا فقط با {first} و "
                   f"{count(b, lang)} اجرا فقط با {second} موفق می‌شوند؛ آزمون دقیق مک‌نمار، "
                   f"{figures(p_text(comparison.p))}{label}")
        phrases = phrases or {"ahead": f"با {first} به‌طور معنادار اجراهای بیشتری موفق می‌شوند تا با {second}",
                              "behind": f"با {first} به‌طور معنادار اجراهای کمتری موفق می‌شوند تا با {second}",
                              "indistinguishable": f"تفاوت نرخ موفقیت با {first} و با {second} معنادار نیست"}
    else:
        numbers = (f"difference {points:+.1f} points; {count(a, lang)} runs succeed only with {first} and "
                   f"{count(b, lang)} only with {second}; McNemar's exact test, {label}{p_text(comparison.p)}")
        phrases = phrases or {"ahead": f"more runs succeed with {first} than with {second}",
                              "behind": f"fewer runs succeed with {first} than with {second}",
                              "indistinguishable": f"the success rates with {first} and with {second} cannot be "
                                                   f"told apart"}
    return f"{phrases[comparison.verdict]} ({numbers})"
