"""The statistical protocol: intervals, paired tests, Holm's correction and the published verdicts."""
import pytest
import torch
from scipy import stats as scipy_stats

from dlbook import stats, text


def test_interval_is_students_t_interval_of_the_mean():
    values = torch.tensor([1.0, 2.0, 3.0, 4.0])
    mean, low, high = stats.interval(values)
    half = scipy_stats.t.ppf(0.975, 3) * values.std().item() / 2
    assert (mean, low, high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))
    with pytest.raises(ValueError):
        stats.interval(torch.tensor([1.0]))


def test_percent_is_the_interval_of_the_shares_times_100():
    shares = torch.tensor([0.1, 0.2, 0.3])
    assert stats.percent(shares) == pytest.approx(tuple(100 * v for v in stats.interval(shares)))


def test_holm_adjusts_step_down_and_stays_monotone():
    # m = 3: sorted p 0.01, 0.02, 0.04 -> 0.03, 0.04, max(0.04, 0.04)
    assert stats.holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    assert stats.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


def test_pairing_finds_a_small_consistent_gain_that_the_spread_between_seeds_hides():
    seeds = torch.linspace(0.4, 0.7, 10)               # large spread from seed to seed
    better = seeds + 0.01 + 0.001 * torch.arange(10) % 3  # but always about one point better on the same seed
    assert stats.paired_p(better, seeds) < 1e-6
    assert scipy_stats.ttest_ind(better.tolist(), seeds.tolist()).pvalue > 0.5  # unpaired: nothing to see


def test_verdicts_need_the_corrected_test_and_at_least_ten_paired_seeds():
    generator = torch.Generator().manual_seed(0)
    base = 0.5 + 0.05 * torch.randn(10, generator=generator)
    results = {"a": base + 0.05 + 0.005 * torch.randn(10, generator=generator),
               "b": base, "c": base + 0.005 * torch.randn(10, generator=generator)}
    verdicts = {(c.first, c.second): c.verdict for c in stats.compare(results, [("a", "b"), ("c", "b"), ("b", "a")])}
    assert verdicts == {("a", "b"): "ahead", ("c", "b"): "indistinguishable", ("b", "a"): "behind"}
    with pytest.raises(ValueError, match="at least 10"):
        stats.compare({"a": base[:5], "b": base[:5]}, [("a", "b")])


def test_identical_results_are_indistinguishable():
    same = torch.full((10,), 0.1)
    assert stats.compare({"a": same, "b": same.clone()}, [("a", "b")])[0].verdict == "indistinguishable"


def test_verdicts_are_written_in_each_language():
    base = torch.linspace(0.4, 0.6, 10)
    (comparison,) = stats.compare({"a": base + 0.03, "b": base}, [("a", "b")])
    shown = {"a": "ReLU", "b": "tanh"}
    assert stats.describe(comparison, shown, "en") == "ReLU is ahead of tanh"  # the conclusion only
    assert stats.describe(comparison, shown, "fa") == "ReLU به‌طور معنادار از tanh بهتر است"
    (reverse,) = stats.compare({"b": base, "a": base + 0.03}, [("b", "a")])
    assert stats.describe(reverse, shown, "en") == "tanh is behind ReLU"
    phrases = {"ahead": "more", "behind": "fewer", "indistinguishable": "alike"}
    assert stats.describe(reverse, shown, "en", phrases=phrases) == "fewer"
    english = stats.describe_in_full(comparison, shown, "en")
    persian = stats.describe_in_full(comparison, shown, "fa")
    assert english.startswith("ReLU is ahead of tanh (difference +3.0 ± 0.0 points, unadjusted 95% interval")
    assert persian.startswith("ReLU به‌طور معنادار از tanh بهتر است (") and '<span dir="ltr">+۳٫۰ ± ۰٫۰</span>' in persian
    assert f"interval; {stats.p_text(comparison.p)} (t-test)" in english  # a single test: nothing to adjust
    assert "Holm" not in english and "هولم" not in persian
    family = stats.compare({"a": base + 0.03, "b": base, "c": base + 0.01}, [("a", "b"), ("c", "b")])
    assert f"Holm-adjusted {stats.p_text(family[0].p)} (t-test)" in stats.describe_in_full(family[0], shown, "en")
    assert "؛ پس از تصحیح هولم، " in stats.describe_in_full(family[0], shown, "fa")
    assert stats.describe_in_full(comparison, shown, "en", scale=1).startswith("ReLU is ahead of tanh (difference +0.0")


def test_a_difference_that_rounds_to_zero_is_never_written_minus_zero():
    base = torch.linspace(0.4, 0.6, 10)
    (comparison,) = stats.compare({"a": base - 0.0004, "b": base}, [("a", "b")])
    assert "(difference +0.0 ±" in stats.describe_in_full(comparison, {}, "en")


def test_p_values_are_written_with_a_floor():
    assert stats.p_number(0.0004) == "< 0.001" and stats.p_text(0.0004) == "p < 0.001"
    assert stats.p_number(0.0123) == "0.012" and stats.p_text(0.0123) == "p = 0.012"
    assert stats.p_number(1.0) == "1"


def test_a_verdict_table_has_one_row_per_comparison_in_the_editions_words():
    generator = torch.Generator().manual_seed(1)
    base = 0.5 + 0.05 * torch.randn(16, generator=generator)
    results = {"a": base + 0.04 + 0.005 * torch.randn(16, generator=generator), "b": base,
               "c": base + 0.005 * torch.randn(16, generator=generator)}
    compared = stats.compare(results, [("a", "b"), ("c", "b"), ("b", "a")])
    shown = {"a": "ReLU", "b": "tanh", "c": "ELU"}
    header, rows, specs = stats.verdict_table(compared, shown, "en")
    assert len(header) == len(specs) == 5 and all(len(row) == 5 for row in rows)
    assert "unadjusted" in header[1] and "Holm" in header[2] and "sign-flip" in header[3]
    assert [row[0] for row in rows] == ["ReLU vs. tanh", "ELU vs. tanh", "tanh vs. ReLU"]
    assert [row[4] for row in rows] == ["A higher", "cannot be told apart", "A lower"]
    for row, comparison in zip(rows, compared):
        mean, half = row[1]
        assert mean == pytest.approx(100 * comparison.difference.mean)
        assert (mean - half, mean + half) == pytest.approx((100 * comparison.difference.low,
                                                            100 * comparison.difference.high))
        assert (row[2], row[3]) == (comparison.p, comparison.p_exact)  # numbers, formatted by the spec
    assert specs[2] == specs[3] == "p" and specs[0] is specs[4] is None
    persian_header, persian_rows, _ = stats.verdict_table(compared, shown, "fa")
    assert persian_rows[0][0] == "ReLU در برابر tanh" and persian_rows[2][4] == "الف کمتر"
    assert "بدون تصحیح" in persian_header[1] and "هولم" in persian_header[2]
    assert not any(c.isascii() and c.isalpha() for c in persian_header[4] + persian_rows[1][4])
    assert stats.verdict_table(compared, shown, "en", scale=1)[1][0][1] == pytest.approx(
        tuple(v / 100 for v in rows[0][1]))


def test_wilson_interval_matches_the_score_formula_and_stays_inside_zero_one():
    share, low, high = stats.wilson(30, 100)
    z = scipy_stats.norm.ppf(0.975)
    centre = (0.3 + z * z / 200) / (1 + z * z / 100)
    half = z / (1 + z * z / 100) * (0.3 * 0.7 / 100 + z * z / 40000) ** 0.5
    assert (share, low, high) == pytest.approx((0.3, centre - half, centre + half))
    assert low == pytest.approx(0.2189, abs=1e-4) and high == pytest.approx(0.3958, abs=1e-4)  # textbook values
    none, low, high = stats.wilson(0, 20)
    assert none == 0 and low == 0 and 0 < high < 0.2          # where p ± z√(p(1−p)/n) would collapse to [0, 0]
    assert stats.wilson(20, 20).high == 1
    assert stats.success_interval(torch.tensor([True, False, True, True])) == stats.wilson(3, 4)
    with pytest.raises(ValueError):
        stats.wilson(0, 0)


def test_mcnemar_counts_only_the_runs_where_the_two_disagree():
    agree = torch.tensor([True] * 50 + [False] * 50)
    first = torch.cat([agree, torch.ones(10, dtype=torch.bool)])    # 10 runs succeed with the first only
    second = torch.cat([agree, torch.zeros(10, dtype=torch.bool)])
    assert stats.mcnemar_p(first, second) == pytest.approx(scipy_stats.binomtest(10, 10, 0.5).pvalue)
    assert stats.mcnemar_p(first, second) == pytest.approx(2 * 0.5 ** 10)
    assert stats.mcnemar_p(agree, agree.clone()) == 1.0
    with pytest.raises(ValueError):
        stats.mcnemar_p(agree, agree[:10])


def test_rate_verdicts_are_holm_corrected_and_written_in_each_language():
    generator = torch.Generator().manual_seed(0)
    base = torch.rand(400, generator=generator) < 0.3
    better = base | (torch.rand(400, generator=generator) < 0.3)   # succeeds wherever base does, and more
    same = base.clone()
    same[:4] = ~same[:4]                                             # two or so flips either way: no evidence
    results = {"base": base, "better": better, "same": same}
    compared = stats.compare_rates(results, [("better", "base"), ("same", "base"), ("base", "better")])
    assert [c.verdict for c in compared] == ["ahead", "indistinguishable", "behind"]
    assert compared[0].only_second == 0 and compared[0].only_first == int((better & ~base).sum())
    smallest = stats.mcnemar_p(better, base)                         # the first and third pairs tie for it
    assert compared[0].p == compared[2].p == pytest.approx(3 * smallest, rel=1e-9, abs=0)  # Holm: × 3, then max(·, × 2)
    english = stats.describe_rates(compared[0], {"better": "leaky ReLU", "base": "ReLU"}, "en")
    persian = stats.describe_rates(compared[0], {"better": "leaky ReLU", "base": "ReLU"}, "fa")
    assert english.startswith("more runs succeed with leaky ReLU than with ReLU (difference +")
    assert "McNemar's exact test, Holm-adjusted p < 0.001" in english
    assert persian.startswith("با leaky ReLU به‌طور معنادار اجراهای بیشتری موفق می‌شوند تا با ReLU")
    assert f"{text.count(compared[0].only_first, 'fa')} اجرا فقط با leaky ReLU" in persian
    assert '<span dir="ltr">p < ۰٫۰۰۱</span> پس از تصحیح هولم' in persian
    (single,) = stats.compare_rates(results, [("better", "base")])
    assert single.p == smallest and single.family == 1
    assert stats.describe_rates(single, {}, "en").endswith(f"McNemar's exact test, {stats.p_text(smallest)})")
    assert "هولم" not in stats.describe_rates(single, {}, "fa")
    with pytest.raises(ValueError):
        stats.compare_rates({"a": base, "b": base[:10]}, [("a", "b")])


def test_the_sign_flip_test_is_scipys_exact_permutation_test_and_has_its_floor():
    import numpy as np
    from scipy import stats as scipy_stats
    first = torch.tensor([0.61, 0.58, 0.66, 0.59, 0.63, 0.60, 0.64, 0.57, 0.62, 0.65])
    second = torch.tensor([0.60, 0.59, 0.62, 0.55, 0.61, 0.61, 0.60, 0.56, 0.58, 0.62])
    expected = scipy_stats.permutation_test(((first - second).double().numpy(),), np.mean, permutation_type="samples",
                                            n_resamples=np.inf, alternative="two-sided").pvalue
    assert stats.sign_flip_p(first, second) == pytest.approx(expected)
    steps = torch.arange(10.0)
    assert stats.sign_flip_p(steps + 1, steps) == pytest.approx(2 / 2 ** 10)  # every seed ahead: the floor
    assert stats.paired_p(steps + 1, steps) == pytest.approx(2 / 2 ** 10)     # not 0 for a constant difference


def test_a_verdict_needs_the_exact_test_too():
    """Ten seeds cannot carry a family of 28 comparisons without the t-distribution: 28 · 2/2^10 > 0.05."""
    generator = torch.Generator().manual_seed(0)
    base = torch.randn(10, generator=generator)
    gain = {name: base + shift + 0.01 * torch.randn(10, generator=generator) for name, shift in zip("abcdefgh", range(8))}
    compared = stats.all_pairs(gain)
    assert len(compared) == 28 and all(c.p < 0.05 for c in compared.values())
    assert all(c.verdict == "indistinguishable" and c.p_exact >= 0.05 for c in compared.values())
