"""dlbook.memo: a result is computed once per build, loaded afterwards, and the computation's time is recorded."""
import json

import pytest
import torch

from dlbook import memo


@pytest.fixture
def folders(tmp_path, monkeypatch):
    memo_folder, output = tmp_path / "memo", tmp_path / "output"
    output.mkdir()
    monkeypatch.setenv("BOOK_MEMO", str(memo_folder))
    monkeypatch.setenv("BOOK_OUTPUT", str(output))
    return memo_folder, output


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def timings(output):
    return json.loads((output / memo.TIMINGS).read_text(encoding="utf-8"))


def test_computes_once_then_loads_and_times_only_the_computation(folders, capsys):
    _, output = folders
    compute, calls = counting({"accuracy": torch.tensor([0.5, 0.75])})
    first = memo.memoised("sweep", compute)
    assert len(calls) == 1
    assert capsys.readouterr().out.startswith("memo sweep: computed in ")
    recorded = timings(output)
    assert list(recorded) == ["sweep"] and recorded["sweep"] >= 0

    (output / memo.TIMINGS).unlink()  # a loading call must not record anything
    second = memo.memoised("sweep", compute)
    assert len(calls) == 1
    assert torch.equal(first["accuracy"], second["accuracy"])
    assert capsys.readouterr().out == ""
    assert not (output / memo.TIMINGS).exists()


def test_timings_merge_with_what_is_recorded(folders):
    _, output = folders
    (output / memo.TIMINGS).write_text(json.dumps({"earlier": 3.5}), encoding="utf-8")
    memo.memoised("later", lambda: torch.zeros(2))
    assert set(timings(output)) == {"earlier", "later"}
    assert timings(output)["earlier"] == 3.5


def test_without_memo_folder_computes_every_time_and_records_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BOOK_MEMO", raising=False)
    monkeypatch.delenv("BOOK_OUTPUT", raising=False)
    monkeypatch.chdir(tmp_path)
    compute, calls = counting(torch.ones(1))
    memo.memoised("run", compute)
    memo.memoised("run", compute)
    assert len(calls) == 2
    assert capsys.readouterr().out.count("memo run: computed in ") == 2
    assert not list(tmp_path.iterdir())


def test_a_computation_takes_the_threads_the_build_allows(folders, tmp_path, monkeypatch):
    share = tmp_path / "threads"
    share.write_text("2")
    monkeypatch.setenv("BOOK_THREADS", str(share))
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        memo.memoised("threaded", torch.get_num_threads)
        assert torch.get_num_threads() == 2
        assert torch.load(folders[0] / "threaded.pt") == 2  # the computation ran with them
    finally:
        torch.set_num_threads(before)
