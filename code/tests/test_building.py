"""Part A: every way of building the network computes the same function, with the same gradients."""
import pytest
import torch

from dlbook import building

SIZES = [5, 7, 6, 3]


@pytest.fixture
def weights():
    generator = torch.Generator().manual_seed(0)
    return [building.initial_weights((n_out, n_in), "default", generator) for n_in, n_out in building.pairs(SIZES)]


@pytest.fixture
def batch():
    generator = torch.Generator().manual_seed(1)
    return torch.randn(11, SIZES[0], generator=generator), torch.randint(0, SIZES[-1], (11,), generator=generator)


def outputs_and_gradients(forward, parameters, batch):
    x, y = batch
    loss = torch.nn.functional.cross_entropy(forward(x), y)
    return forward(x).detach(), torch.autograd.grad(loss, parameters)


def test_all_ways_give_the_same_outputs_and_gradients(weights, batch):
    raw = building.raw_parameters(weights)
    flat = [t for layer in raw for t in layer]
    reference, reference_grads = outputs_and_gradients(lambda x: building.raw_forward(raw, x), flat, batch)
    models = {name: building.load_weights(build(SIZES), weights) for name, build in building.BUILDERS.items()}
    for name, model in models.items():
        out, grads = outputs_and_gradients(model, list(model.parameters()), batch)
        assert torch.allclose(out, reference, atol=1e-6), name
        assert all(torch.allclose(g, r, atol=1e-6) for g, r in zip(grads, reference_grads, strict=True)), name
    model = models["module list"]
    parameters = {name: p.detach().clone().requires_grad_() for name, p in model.named_parameters()}
    out, grads = outputs_and_gradients(lambda x: building.functional_forward(model, parameters, x),
                                       list(parameters.values()), batch)
    assert torch.allclose(out, reference, atol=1e-6)
    assert all(torch.allclose(g, r, atol=1e-6) for g, r in zip(grads, reference_grads, strict=True))


def test_hand_written_sgd_step_matches_torch_optim(weights, batch):
    x, y = batch
    raw = building.raw_parameters(weights)
    torch.nn.functional.cross_entropy(building.raw_forward(raw, x), y).backward()
    building.sgd_step(raw, lr=0.1)
    model = building.load_weights(building.sequential(SIZES), weights)
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
    torch.nn.functional.cross_entropy(model(x), y).backward()
    optimiser.step()
    for (W, b), layer in zip(raw, building.affine_layers(model)):
        assert torch.allclose(W, layer.weight) and torch.allclose(b, layer.bias)
        assert W.grad is None


def test_parameters_are_named_and_counted():
    model = building.named_sequential(SIZES)
    names = [name for name, _ in model.named_parameters()]
    assert names == ["hidden1.weight", "hidden1.bias", "hidden2.weight", "hidden2.bias", "output.weight", "output.bias"]
    assert sum(p.numel() for p in model.parameters()) == 5 * 7 + 7 + 7 * 6 + 6 + 6 * 3 + 3


def test_state_dict_round_trip(tmp_path, batch):
    model = building.DeepMLP(SIZES)
    torch.save(model.state_dict(), tmp_path / "model.pt")
    fresh = building.DeepMLP(SIZES)
    fresh.load_state_dict(torch.load(tmp_path / "model.pt"))
    assert torch.equal(fresh(batch[0]), model(batch[0]))


@pytest.mark.parametrize("scheme, variance", [("xavier", 2 / (400 + 300)), ("kaiming", 2 / 400),
                                              ("default", 1 / (3 * 400))])
def test_initialisations_have_their_variance(scheme, variance):
    W, b = building.initial_weights((300, 400), scheme, torch.Generator().manual_seed(0))
    assert W.var().item() == pytest.approx(variance, rel=0.05)
    assert (b == 0).all() if scheme != "default" else b.abs().max() <= 400 ** -0.5


def test_unknown_initialisation_is_refused():
    with pytest.raises(ValueError, match="unknown initialisation"):
        building.initial_weights((3, 3), "orthogonal")
