"""The seed base: one environment variable moves every experiment to another, disjoint draw of seeds."""
import pytest

from dlbook import seeds


def test_the_default_draw_starts_at_zero(monkeypatch):
    monkeypatch.delenv("BOOK_SEED_BASE", raising=False)
    assert seeds.base() == 0
    assert seeds.seeds(3) == [0, 1, 2]
    assert seeds.shift(7) == 7
    monkeypatch.setenv("BOOK_SEED_BASE", "")
    assert seeds.base() == 0


def test_another_base_gives_a_disjoint_draw(monkeypatch):
    monkeypatch.setenv("BOOK_SEED_BASE", "0")
    first = seeds.seeds(50)
    monkeypatch.setenv("BOOK_SEED_BASE", " 1000 ")
    assert seeds.base() == 1000
    assert seeds.seeds(3) == [1000, 1001, 1002]
    assert seeds.shift(7) == 1007
    assert not set(first) & set(seeds.seeds(50))
    assert seeds.seeds(0) == []


@pytest.mark.parametrize("value", ["abc", "1.5", "1e3"])
def test_a_base_that_is_not_an_integer_is_an_error_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("BOOK_SEED_BASE", value)
    with pytest.raises(ValueError, match="BOOK_SEED_BASE"):
        seeds.base()
    with pytest.raises(ValueError, match="BOOK_SEED_BASE"):
        seeds.seeds(2)
