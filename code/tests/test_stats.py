"""The statistical protocol: intervals, paired tests, Holm's correction and the published verdicts."""
import pytest
import torch
from scipy import stats as scipy_stats

from dlbook import stats


def test_interval_is_students_t_interval_of_the_mean():
    values = torch.tensor([1.0, 2.0, 3.0, 4.0])
    mean, low, high = stats.interval(values)
    half = scipy_stats.t.ppf(0.975, 3) * values.std().item() / 2
    assert (mean, low, high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))
    with pytest.raises(ValueError):
        stats.interval(torch.tensor([1.0]))


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
    english = stats.describe(comparison, {"a": "ReLU", "b": "tanh"}, "en")
    persian = stats.describe(comparison, {"a": "ReLU", "b": "tanh"}, "fa")
    assert english.startswith("ReLU is ahead of tanh (difference +3.0 ± 0.0 points")
    assert persian.startswith("ReLU از tanh جلوتر است") and r"\(+3.0 \pm 0.0\)" in persian
