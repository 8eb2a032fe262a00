"""Write the course notebooks (docs/notebooks/NN-*.ipynb) from the cells below, without outputs.

Edit the cells here and rerun ``python docs/notebooks/make_notebooks.py``
the .ipynb files are generated so they
stay reviewable as code. Every notebook reads ``GLASSNET_NOTEBOOK_QUICK=1`` in its first cell and then shrinks its
data and epochs: CI runs them that way (tests/study/test_notebooks_execute.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

def setup(digits: bool = True, uses_nn: bool = True) -> str:
    """The first cell: imports, the QUICK flag, seeds, and (when asked) the shipped 8x8 digits as tensors."""
    imports = ["import os", "", "import matplotlib.pyplot as plt", "import numpy as np", "", "import glassnet as gn"]
    if digits:
        imports.append("from glassnet.data.datasets import load_digits_arrays")
    if uses_nn:
        imports.append("from glassnet import nn")
    if digits:  # isort's order: `from glassnet import nn` sorts after `from glassnet.data...`
        imports[-2:] = sorted(imports[-2:], key=lambda line: line.replace("import", " "))
    body = [
        "",
        'QUICK = os.environ.get("GLASSNET_NOTEBOOK_QUICK") == "1"'
        "  # CI runs every notebook with tiny data and few epochs",
        "gn.manual_seed(0)",
        "rng = np.random.default_rng(0)",
    ]
    if digits:
        body += ["", "", DIGITS]
    return "\n".join(imports + body)


DIGITS = """\
def digits(split, n=None, flat=True):
    \"\"\"The shipped 8x8 digits (no download) as float32 tensors scaled to [0, 1], and their labels.\"\"\"
    images, labels = load_digits_arrays(split)
    images, labels = images[:n], labels[:n]
    x = (images / 16.0).astype(np.float32)
    x = x.reshape(len(x), 64) if flat else x.reshape(len(x), 1, 8, 8)
    return gn.tensor(x), gn.tensor(labels.astype(np.int64))"""


def lab_cell(name: str) -> tuple[str, str]:
    """A cell that runs lab experiment ``name`` (its --quick size) and shows its verdict and first plots.

    Skipped under QUICK (CI runs the experiments in their own tests), and when the experiment is not installed.
    """
    return code(f"""\
import tempfile

from IPython.display import Image, display

from glassnet import lab

NAME = "{name}"
if QUICK or NAME not in lab.available():
    note = "" if NAME in lab.available() else " (not in this installation yet)"
    print(f"the lab experiment behind this notebook: glassnet lab run {{NAME}}{{note}}")
else:
    try:
        folder, metrics = lab.run_experiment(NAME, quick=True, out=tempfile.mkdtemp(), overwrite=True, verbose=0)
        print("verdict (--quick size):", metrics["verdict"])
        for png in sorted(folder.glob("*.png"))[:2]:
            display(Image(filename=str(png)))
    except ImportError as e:  # an experiment may need an extra (scikit-learn, fairlearn ...)
        print(e)""")


def md(text: str) -> tuple[str, str]:
    return ("markdown", text)


def code(text: str) -> tuple[str, str]:
    return ("code", text)


NOTEBOOKS: dict[str, tuple[str, list[tuple[str, str]]]] = {}

NOTEBOOKS["01-neural-networks-and-layers"] = ("Neural networks and layers", [
    md("A neural network is layers of neurons. A neuron computes a weighted sum of its inputs plus a bias and passes "
       "it through an **activation function**. The input layer receives the data, hidden layers transform it, the "
       "output layer gives the prediction."),
    code(setup()),
    md("## One neuron, by hand and as a layer"),
    code("""\
x = np.array([0.5, -1.0, 2.0], dtype=np.float32)
w = np.array([0.2, 0.4, -0.1], dtype=np.float32)
b = 0.3
z = w @ x + b
print("weighted sum + bias:", z, " after ReLU:", max(z, 0.0), " after sigmoid:", 1 / (1 + np.exp(-z)))

layer = nn.Linear(3, 1)
with gn.no_grad():
    layer.weight.copy_(gn.tensor(w[None, :]))
    layer.bias.fill_(b)
print("nn.Linear gives the same:", float(layer(gn.tensor(x[None, :]))[0, 0]))"""),
    md("## Activation functions\nWithout a non-linear activation, a stack of layers is one linear map."),
    code("""\
z = gn.linspace(-4, 4, 200)
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, f in [("ReLU", nn.ReLU()), ("sigmoid", nn.Sigmoid()), ("tanh", nn.Tanh()), ("GELU", nn.GELU())]:
    ax.plot(z.numpy(), f(z).numpy(), label=name)
ax.legend()
ax.set_xlabel("weighted sum z")
ax.set_title("activation functions")
plt.show()"""),
    md("## Why the non-linearity matters\nTwo rings of points: a network without activations can only draw a "
       "straight line between them; one ReLU layer bends it."),
    code("""\
n = 300 if QUICK else 1000
radius = np.where(rng.random(n) < 0.5, 1.0, 2.0)
angle = rng.uniform(0, 2 * np.pi, n)
pts = np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1) + rng.normal(0, 0.15, (n, 2))
X, y = gn.tensor(pts.astype(np.float32)), gn.tensor((radius > 1.5).astype(np.int64))

def train(model, epochs=40 if QUICK else 150):
    opt = gn.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(epochs):
        loss = nn.functional.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return float((model(X).argmax(1) == y).float().mean())

linear = nn.Sequential(nn.Linear(2, 16), nn.Linear(16, 16), nn.Linear(16, 2))
nonlinear = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 2))
print(f"accuracy without activations: {train(linear):.2f}   with ReLU: {train(nonlinear):.2f}")"""),
    md("## A network for handwritten digits: its layers, and a look inside\n`glassnet.inspect.summary` lists "
       "every layer with its output shape and parameters; `trace` runs one batch and shows what each layer "
       "produced."),
    code("""\
from glassnet.inspect import summary, trace

model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
print(summary(model, (1, 64)))
x_train, y_train = digits("train", 300 if QUICK else None)
print(trace(model, x_train[:8]))"""),
    code("""\
import tempfile

from glassnet.inspect import draw_network

# neuron by neuron for a small MLP; without Graphviz installed the DOT text is written instead
diagram = draw_network(nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3)), (1, 4),
                       os.path.join(tempfile.mkdtemp(), "mlp.svg"))
diagram"""),
    md("## Training it\n`glassnet.train.fit` runs the loop: forward, loss, backward, step, for every batch of "
       "every epoch."),
    code("""\
from glassnet.inspect import learning_curves_figure
from glassnet.train import fit

x_test, y_test = digits("test")
history = fit(model, (x_train, y_train), (x_test, y_test), loss="cross_entropy", optimizer="adam", lr=0.01,
              epochs=3 if QUICK else 20, verbose=0, seed=0)
print(f"test accuracy after {len(history.history['loss'])} epochs: {history.history['val_accuracy'][-1]:.3f}")
learning_curves_figure(history, title="a 64-32-10 MLP on the 8x8 digits")"""),
    md("Next: `02-forward-and-backward-propagation.ipynb`. The lab tests the claims about layers: "
       "`glassnet lab run depth`, `glassnet lab run activations`."),
    lab_cell("activations"),
])

NOTEBOOKS["02-forward-and-backward-propagation"] = ("Forward and backward propagation, by hand and with autograd", [
    md("**C.H.O.P.**: Capture the input, Hidden layers transform it, Output the prediction (forward propagation), "
       "Propagate the error back (backward propagation). Here it is by hand with NumPy, then with glassnet's "
       "autograd, which must agree."),
    code(setup(digits=False)),
    md("## Forward, by hand\nA 2-3-1 network with sigmoid hidden units and a squared-error loss."),
    code("""\
x = np.array([1.0, 0.5])
t = 0.0  # C: capture the input (and its target)
W1 = rng.normal(0, 1, (3, 2))
b1 = np.zeros(3)
w2 = rng.normal(0, 1, 3)
b2 = 0.0
sigmoid = lambda z: 1 / (1 + np.exp(-z))

z1 = W1 @ x + b1
h = sigmoid(z1)  # H: the hidden layer transforms it
y = w2 @ h + b2                                        # O: output the prediction
loss = (y - t) ** 2
print(f"h = {np.round(h, 4)}, y = {y:.4f}, loss = {loss:.4f}")"""),
    md("## Backward, by hand: the chain rule\n"
       "dL/dy = 2(y - t); dL/dw2 = dL/dy * h; dL/dh = dL/dy * w2; dL/dz1 = dL/dh * h(1 - h); dL/dW1 = dL/dz1 x^T."),
    code("""\
dy = 2 * (y - t)                                       # P: propagate the error back
dw2 = dy * h
db2 = dy
dz1 = dy * w2 * h * (1 - h)
dW1 = np.outer(dz1, x)
db1 = dz1
print("dL/dW1 by hand:\\n", np.round(dW1, 6))"""),
    md("## The same with autograd\nglassnet records every operation of the forward pass and walks them "
       "backwards in `loss.backward()`."),
    code("""\
tW1 = gn.tensor(W1, requires_grad=True)
tb1 = gn.tensor(b1, requires_grad=True)
tw2 = gn.tensor(w2, requires_grad=True)
tb2 = gn.tensor(b2, requires_grad=True)
tx = gn.tensor(x)
tloss = ((tw2 @ gn.sigmoid(tW1 @ tx + tb1) + tb2 - t) ** 2)
tloss.backward()
print("dL/dW1 by autograd:\\n", np.round(tW1.grad.numpy(), 6))
print("largest difference from the hand-made gradient:", float(np.abs(tW1.grad.numpy() - dW1).max()))"""),
    md("## Checking a gradient numerically\nNudge one weight by a tiny epsilon and watch the loss: the slope must "
       "match the gradient."),
    code("""\
def loss_of(W1_):
    return (w2 @ sigmoid(W1_ @ x + b1) + b2 - t) ** 2

eps = 1e-6
Wp, Wm = W1.copy(), W1.copy()
Wp[0, 0] += eps
Wm[0, 0] -= eps
print(f"numerical: {(loss_of(Wp) - loss_of(Wm)) / (2 * eps):.6f}   chain rule: {dW1[0, 0]:.6f}")"""),
    md("## C.H.O.P. on a live network\nThe `forward-backward` lab experiment walks through one batch; the study "
       "companion (`glassnet study`) shows the same walk-through."),
    code("""\
try:
    from glassnet.lab.forward_backward import chop_walkthrough
    print(chop_walkthrough(0))
except ImportError:  # the lab experiment is not in this installation: the study companion's own walk-through
    from glassnet.study.chop import tiny_walkthrough
    print(tiny_walkthrough(0))"""),
    md("## Gradient descent: repeat, and the loss goes down"),
    code("""\
X = gn.tensor(rng.normal(0, 1, (200, 2)).astype(np.float32))
Y = (X[:, :1] * 2 - X[:, 1:] + 0.5)  # a line to learn
model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
opt = gn.optim.SGD(model.parameters(), lr=0.1)
losses = []
for _ in range(30 if QUICK else 200):
    loss = nn.functional.mse_loss(model(X), Y)          # forward
    opt.zero_grad()
    loss.backward()
    opt.step()  # backward, then one step against the gradient
    losses.append(float(loss))
plt.plot(losses)
plt.xlabel("step")
plt.ylabel("loss")
plt.yscale("log")
plt.title("gradient descent")
plt.show()"""),
    md("## When the error does not get back: vanishing gradients\n`glassnet.inspect.gradient_flow` runs one "
       "batch forward and backward and reports each layer's gradient norm. In a deep sigmoid network the first "
       "layers get far smaller gradients than in a ReLU network (`glassnet lab run depth` measures it)."),
    code("""\
from glassnet.inspect import gradient_flow


def deep(act, depth=10):
    layers = []
    for i in range(depth):
        layers += [nn.Linear(16 if i else 4, 16), act()]
    return nn.Sequential(*layers, nn.Linear(16, 2))

batch = (gn.randn(64, 4), gn.randint(0, 2, (64,)))
for act in (nn.Sigmoid, nn.ReLU):
    flow = gradient_flow(deep(act), batch, nn.CrossEntropyLoss())
    print(act.__name__, "gradient norm, first layer:", f"{flow.layers[0].grad_norm:.2e}",
          " last layer:", f"{flow.layers[-1].grad_norm:.2e}")
flow.figure()"""),
    lab_cell("depth"),
])

NOTEBOOKS["03-training-and-overfitting"] = ("Training and overfitting", [
    md("Training repeats forward and backward passes over the data: one pass over the whole training set is an "
       "**epoch**, made of **batches**. A model that learns its training data too well, noise included, "
       "**overfits**: its training loss keeps falling while its validation loss rises. Regularization (dropout, "
       "weight decay, early stopping, data augmentation) is meant to narrow the gap: the numbers below say how much it "
       "does here."),
    code(setup()),
    md("## The learning rate"),
    code("""\
from glassnet.train import fit

x_train, y_train = digits("train", 300 if QUICK else 1000)
x_val, y_val = digits("test")
epochs = 3 if QUICK else 15
fig, ax = plt.subplots(figsize=(6, 3.5))
for lr in (0.001, 0.1, 3.0):
    gn.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    h = fit(model, (x_train, y_train), loss="cross_entropy", optimizer="sgd", lr=lr, epochs=epochs, verbose=0, seed=0)
    ax.plot(h.history["loss"], label=f"lr={lr}")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.set_yscale("log")
ax.legend()
plt.show()"""),
    md("## Overfitting a small training set\nA wide network and only a few examples per class: watch the gap "
       "between training and validation accuracy, without and with regularization."),
    code("""\
from glassnet.train import EarlyStopping

x_small, y_small = digits("train", 60 if QUICK else 150)
epochs = 12 if QUICK else 150

def wide(p_drop=0.0):
    return nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Dropout(p_drop), nn.Linear(256, 256), nn.ReLU(),
                         nn.Dropout(p_drop), nn.Linear(256, 10))

settings = {
    "no regularization": dict(model=wide(), weight_decay=0.0, callbacks=[]),
    "dropout 0.5": dict(model=wide(0.5), weight_decay=0.0, callbacks=[]),
    "weight decay": dict(model=wide(), weight_decay=1.0, callbacks=[]),
    "early stopping": dict(model=wide(), weight_decay=0.0,
                           callbacks=[EarlyStopping(monitor="val_loss", patience=3 if QUICK else 10,
                                                    restore_best_weights=True)]),
}
histories = {}
for name, s in settings.items():
    gn.manual_seed(0)
    opt = gn.optim.AdamW(s["model"].parameters(), lr=1e-3, weight_decay=s["weight_decay"])
    histories[name] = fit(s["model"], (x_small, y_small), (x_val, y_val), loss="cross_entropy", optimizer=opt,
                          epochs=epochs, callbacks=s["callbacks"], verbose=0, seed=0)
    h = histories[name].history
    print(f"{name:18s} accuracy: train {h['accuracy'][-1]:.2f} val {h['val_accuracy'][-1]:.2f}   "
          f"loss: train {h['loss'][-1]:.3f} val {h['val_loss'][-1]:.3f}   ({len(h['loss'])} epochs)")"""),
    code("""\
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for name, hist in histories.items():
    h = hist.history
    line, = axes[0].plot(h["loss"], label=name)
    axes[0].plot(h["val_loss"], "--", color=line.get_color())
    axes[1].plot(np.array(h["val_loss"]) - np.array(h["loss"]), label=name)
axes[0].set_title("loss: training (solid) and validation (dashed)")
axes[0].set_xlabel("epoch")
axes[1].set_title("generalisation gap (validation - training loss)")
axes[1].set_xlabel("epoch")
axes[1].legend()
plt.show()"""),
    md("## Data augmentation\nShifting each image by a pixel makes new training examples for free."),
    code("""\
def shifted(x, dx, dy):
    return gn.tensor(np.roll(np.roll(x.numpy().reshape(-1, 8, 8), dy, axis=1), dx, axis=2).reshape(-1, 64))

x_aug = gn.cat([x_small] + [shifted(x_small, dx, dy) for dx, dy in [(1, 0), (-1, 0), (0, 1), (0, -1)]])
y_aug = gn.cat([y_small] * 5)
gn.manual_seed(0)
h = fit(wide(), (x_aug, y_aug), (x_val, y_val), loss="cross_entropy", optimizer="adam", lr=1e-3,
        epochs=max(2, epochs // 5), verbose=0, seed=0).history
print(f"augmented x5: train acc {h['accuracy'][-1]:.2f}  val acc {h['val_accuracy'][-1]:.2f}")"""),
    md("The lab runs these comparisons with several seeds and reports the spread: `glassnet lab run overfitting`; "
       "how much data deep learning needs: `glassnet lab run data-size`."),
    lab_cell("overfitting"),
])

NOTEBOOKS["04-cnns"] = ("Convolutional neural networks", [
    md("A **CNN** slides small learned filters over an image, so the same pattern detector is used everywhere. "
       "Good for images and other grid data."),
    code(setup()),
    md("## A convolution by hand\nA vertical-edge filter over one digit."),
    code("""\
x, y = digits("test", 1, flat=False)
edge = gn.tensor(np.array([[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]], dtype=np.float32))
out = nn.functional.conv2d(x, edge, padding=1)
fig, axes = plt.subplots(1, 2, figsize=(5, 2.5))
axes[0].imshow(x[0, 0].numpy(), cmap="gray")
axes[0].set_title(f"digit {int(y[0])}")
axes[1].imshow(out[0, 0].numpy(), cmap="RdBu")
axes[1].set_title("vertical edges")
for a in axes:
    a.axis("off")
plt.show()"""),
    md("## A CNN against an MLP on the digits"),
    code("""\
from glassnet.models import DigitsCNN
from glassnet.train import fit

n = 400 if QUICK else None
x_train, y_train = digits("train", n, flat=False)
x_test, y_test = digits("test", flat=False)
epochs = 3 if QUICK else 15
cnn = DigitsCNN(width=8, hidden=32)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
for name, model in [("CNN", cnn), ("MLP", mlp)]:
    gn.manual_seed(0)
    h = fit(model, (x_train, y_train), (x_test, y_test), loss="cross_entropy", optimizer="adam", lr=3e-3,
            epochs=epochs, verbose=0, seed=0).history
    params = sum(p.numel() for p in model.parameters())
    print(f"{name}: {params:6d} parameters, test accuracy {h['val_accuracy'][-1]:.3f}")"""),
    md("## What the CNN learned: its filters and feature maps"),
    code("""\
from glassnet.inspect import conv_filters_figure, feature_maps_figure

conv_filters_figure(cnn)"""),
    code("""\
feature_maps_figure(cnn, "features.1", x_test[:1])"""),
    md("## Where it goes wrong: the confusion matrix"),
    code("""\
from glassnet.inspect import confusion_matrix_figure

cnn.eval()
with gn.no_grad():
    pred = cnn(x_test).argmax(1).numpy()
matrix = np.zeros((10, 10), dtype=int)
np.add.at(matrix, (y_test.numpy(), pred), 1)
confusion_matrix_figure(matrix, title="DigitsCNN on the test digits")"""),
    md("## MNIST, if you have it\nglassnet never downloads; with MNIST's IDX files in `$GLASSNET_DATA/mnist` (or "
       "`~/.glassnet/data/mnist`) this cell loads them, else it says so."),
    code("""\
from glassnet.examples._common import shared_data

mnist_dir = shared_data("mnist")
if mnist_dir is None:
    print("MNIST not found: the digits above are enough for this notebook")
elif QUICK:
    print(f"MNIST found in {mnist_dir}; skipped in quick mode")
else:
    train_x, train_y = gn.data.MNIST(mnist_dir, train=True).as_tensor_dataset().tensors
    test_x, test_y = gn.data.MNIST(mnist_dir, train=False).as_tensor_dataset().tensors
    gn.manual_seed(0)
    big = DigitsCNN(input_size=28, width=8, hidden=64)
    h = fit(big, (train_x[:5000], train_y[:5000]), (test_x[:2000], test_y[:2000]), loss="cross_entropy",
            optimizer="adam", lr=3e-3, epochs=2, verbose=0, seed=0).history
    print(f"DigitsCNN on 5,000 MNIST images, 2 epochs: test accuracy {h['val_accuracy'][-1]:.3f}")"""),
    md("The lab compares architectures at equal parameter counts: `glassnet lab run architectures`."),
    lab_cell("architectures"),
])

NOTEBOOKS["05-rnns"] = ("Recurrent neural networks", [
    md("An **RNN** reads a sequence one step at a time and carries a hidden state, a memory, from step to step. "
       "**LSTM** and **GRU** add gates that decide what to keep and what to forget. Good for text, speech and time "
       "series."),
    code(setup()),
    md("## Reading a digit row by row\nEach 8x8 digit becomes a sequence of 8 rows of 8 pixels: the GRU must "
       "remember the early rows to recognise the digit at the end."),
    code("""\
from glassnet.train import fit


class RowReader(nn.Module):
    def __init__(self, cell, hidden=32):
        super().__init__()
        self.rnn = cell(8, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 10)

    def forward(self, x):
        out, _ = self.rnn(x.reshape(x.shape[0], 8, 8))   # (batch, 8 steps, 8 features)
        return self.head(out[:, -1])                       # the state after the last row


x_train, y_train = digits("train", 300 if QUICK else None)
x_test, y_test = digits("test")
for cell in (nn.RNN, nn.GRU, nn.LSTM):
    gn.manual_seed(0)
    model = RowReader(cell)
    h = fit(model, (x_train, y_train), (x_test, y_test), loss="cross_entropy", optimizer="adam", lr=1e-2,
            epochs=3 if QUICK else 15, verbose=0, seed=0).history
    print(f"{cell.__name__:5s} test accuracy {h['val_accuracy'][-1]:.3f}")"""),
    md("## A time series: predict the next value of a noisy wave"),
    code("""\
t = np.arange(0, 60 if QUICK else 200, 0.1)
series = (np.sin(t) + 0.5 * np.sin(3 * t + 1) + rng.normal(0, 0.05, len(t))).astype(np.float32)
window = 30
X = np.stack([series[i:i + window] for i in range(len(series) - window)])[:, :, None]
Y = series[window:, None]
split = int(0.8 * len(X))

class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, batch_first=True)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        h, _ = self.gru(x)
        return self.out(h[:, -1])

gn.manual_seed(0)
model = Forecaster()
fit(model, (gn.tensor(X[:split]), gn.tensor(Y[:split])), loss="mse", optimizer="adam", lr=1e-2,
    epochs=3 if QUICK else 20, verbose=0, seed=0)
with gn.no_grad():
    pred = model(gn.tensor(X[split:])).numpy()[:, 0]
print(f"test mean squared error: {np.mean((pred - Y[split:, 0]) ** 2):.4f} "
      f"(predicting the last value: {np.mean((X[split:, -1, 0] - Y[split:, 0]) ** 2):.4f})")
plt.figure(figsize=(8, 3))
plt.plot(Y[split:, 0], label="true")
plt.plot(pred, label="GRU")
plt.legend()
plt.title("one step ahead")
plt.show()"""),
    md("The lab pits a GRU against an MLP on a task that needs memory, at equal parameter counts: "
       "`glassnet lab run architectures`; and a character-level Transformer's loss against its size: "
       "`glassnet lab run scale`."),
])

NOTEBOOKS["06-gans"] = ("Generative adversarial networks", [
    md("A **GAN** is two networks competing like two artists: the **generator** creates fakes from random noise, "
       "the **discriminator** critiques them (real or fake?). Each learns from the other."),
    code(setup(uses_nn=False)),
    code("""\
from glassnet.gan import fit_gan
from glassnet.models.gan import gan_pair

x, _ = digits("train", 400 if QUICK else None, flat=False)
real = x * 2 - 1                                      # the generator ends in tanh: images in [-1, 1]
G, D = gan_pair("mlp", (1, 8, 8), latent_dim=16, width=64)
history = fit_gan(G, D, real, epochs=3 if QUICK else 60, batch_size=64, lr=1e-3, seed=0, verbose=0)
h = history.history
print({k: round(v[-1], 3) for k, v in h.items()})"""),
    md("## The contest over time\nD(x) is the discriminator's belief that real images are real, D(G(z)) that "
       "fakes are real. A balanced contest keeps both away from 0 and 1."),
    code("""\
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
axes[0].plot(h["d_loss"], label="discriminator")
axes[0].plot(h["g_loss"], label="generator")
axes[0].set_title("losses")
axes[0].set_xlabel("epoch")
axes[0].legend()
axes[1].plot(h["d_real"], label="D(x), real")
axes[1].plot(h["d_fake"], label="D(G(z)), fake")
axes[1].set_title("the discriminator's beliefs")
axes[1].set_xlabel("epoch")
axes[1].legend()
plt.show()"""),
    md("## What the generator draws"),
    code("""\
G.eval()
with gn.no_grad():
    samples = G(gn.randn(16, 16)).numpy()
fig, axes = plt.subplots(2, 8, figsize=(8, 2.2))
for a, img in zip(axes.flat, samples):
    a.imshow(img[0], cmap="gray", vmin=-1, vmax=1)
    a.axis("off")
plt.suptitle("generated digits (a few epochs make blobs; more make digits)")
plt.show()"""),
    md("The `gan-dynamics` lab experiment shows the sample grids over time, a mode-collapse case and its cure: "
       "`glassnet lab run gan-dynamics`. `glassnet gan` trains DCGANs on MNIST."),
    lab_cell("gan-dynamics"),
])

NOTEBOOKS["07-transfer-learning"] = ("Transfer learning", [
    md("**Transfer learning** reuses what a network learned on one task for another: keep its feature layers, "
       "replace its head, and train with few labels. glassnet ships a LeNet-5 trained on MNIST (60,000 28x28 "
       "digits); the new task is the shipped 8x8 digits, another data set at another resolution, with only a "
       "handful of labelled examples per class."),
    code(setup(digits=False)),
    code("""\
from glassnet.data.datasets import load_digits_arrays
from glassnet.models import lenet5, pretrained_info

F = nn.functional
print("the pretrained model:", {k: pretrained_info("lenet5")[k] for k in ("dataset", "test_accuracy")})

def digits28(split, rows=None):
    \"\"\"The 8x8 digits drawn as MNIST draws its digits: scaled to 20x20, centred in 28x28.\"\"\"
    images, labels = load_digits_arrays(split)
    if rows is not None:
        images, labels = images[rows], labels[rows]
    x = F.interpolate(gn.tensor((images / 16.0).astype(np.float32)[:, None]), size=(20, 20), mode="bilinear",
                      align_corners=False)
    return F.pad(x, (4, 4, 4, 4)), gn.tensor(labels.astype(np.int64))

x_test, y_test = digits28("test", np.arange(60) if QUICK else None)
_, train_labels = load_digits_arrays("train")
model = lenet5(pretrained=True).eval()
with gn.no_grad():
    print(f"MNIST's LeNet-5 on the 8x8 digits, no training at all: "
          f"{float((model(x_test).argmax(1) == y_test).float().mean()):.2f}")"""),
    md("## Freeze the features, replace the head"),
    code("""\
from glassnet.transfer import freeze, replace_head, trainable_report

model = lenet5(pretrained=True)
freeze(model)                            # every layer keeps what it learned on MNIST ...
model = replace_head(model, 10)          # ... except a new, untrained last nn.Linear
print(trainable_report(model))"""),
    md("## Pretrained against from scratch, with few labels"),
    code("""\
from glassnet.train import fit

budgets = [2] if QUICK else [1, 2, 5, 10]
epochs = 5 if QUICK else 30
results = {"from scratch": [], "transferred": []}
for per_class in budgets:
    rows = np.concatenate([np.flatnonzero(train_labels == c)[:per_class] for c in range(10)])
    x_few, y_few = digits28("train", rows)
    for name in results:
        gn.manual_seed(0)
        if name == "from scratch":
            model = lenet5()
        else:
            model = lenet5(pretrained=True)
            freeze(model)
            model = replace_head(model, 10)
        trainable = [p for p in model.parameters() if p.requires_grad]
        h = fit(model, (x_few, y_few), (x_test, y_test), loss="cross_entropy",
                optimizer=gn.optim.Adam(trainable, lr=3e-3), epochs=epochs, verbose=0, seed=0).history
        results[name].append(h["val_accuracy"][-1])
        print(f"{per_class:2d} labels per class, {name:12s}: test accuracy {h['val_accuracy'][-1]:.3f}")
for name, acc in results.items():
    plt.plot(budgets, acc, "o-", label=name)
plt.xscale("log")
plt.xlabel("labelled examples per class")
plt.ylabel("test accuracy")
plt.legend()
plt.title("LeNet-5: MNIST-pretrained vs from scratch on the 8x8 digits")
plt.show()"""),
    md("`glassnet finetune` does this from the command line, and the lab measures it with several label budgets "
       "and seeds: `glassnet lab run transfer`."),
    lab_cell("transfer"),
])

NOTEBOOKS["08-responsible-ai"] = ("Responsible AI", [
    md("The study guide's ethical questions, each answered with a measurement: **bias** (models trained on biased "
       "data can perpetuate discrimination), **transparency** (why did it decide?), **privacy** (does the model "
       "give away who was in its training set?), **energy** (what did training cost?) and **accountability** (who "
       "answers for it, and with what record?)."),
    code(setup()),
    md("## Bias: skewed data, unequal errors\nA synthetic hiring-style task: group B is rare in the training data "
       "and its pattern differs, so the model serves it worse."),
    code("""\
from glassnet.train import fit


def people(n, frac_b):
    group = (rng.random(n) < frac_b).astype(np.int64)
    x = rng.normal(0, 1, (n, 4)).astype(np.float32)
    # the label depends on feature 0 in group A and on feature 1 in group B
    y = np.where(group == 0, x[:, 0] > 0, x[:, 1] > 0).astype(np.int64)
    return x, y, group

x_tr, y_tr, g_tr = people(400 if QUICK else 2000, frac_b=0.1)
x_te, y_te, g_te = people(1000, frac_b=0.5)
gn.manual_seed(0)
clf = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
fit(clf, (gn.tensor(x_tr), gn.tensor(y_tr)), loss="cross_entropy", optimizer="adam", lr=1e-2,
    epochs=5 if QUICK else 30, verbose=0, seed=0)
with gn.no_grad():
    pred = clf(gn.tensor(x_te)).argmax(1).numpy()
for g, name in [(0, "A (90% of training)"), (1, "B (10% of training)")]:
    m = g_te == g
    print(f"group {name}: accuracy {np.mean(pred[m] == y_te[m]):.2f}, selected {np.mean(pred[m]):.2f}")"""),
    code("""\
try:
    from glassnet.fairness import fairness_report
    print(fairness_report(y_te, pred, np.where(g_te == 1, "B", "A")))
except ImportError as e:  # fairlearn is an extra: pip install "glassnet[fairness]"
    print(e)"""),
    md("## Transparency: which pixels drove the decision?"),
    code("""\
from glassnet.inspect import IntegratedGradients, Saliency
from glassnet.models import DigitsCNN

x_train, y_train = digits("train", 200 if QUICK else None, flat=False)
x_test, y_test = digits("test", flat=False)
gn.manual_seed(0)
cnn = DigitsCNN(width=8, hidden=32)
fit(cnn, (x_train, y_train), loss="cross_entropy", optimizer="adam", lr=3e-3, epochs=2 if QUICK else 10,
    verbose=0, seed=0)
cnn.eval()
x = x_test[:4]
target = cnn(x).argmax(1)
maps = {"input": x.numpy(), "saliency": Saliency(cnn).attribute(x, target=target).numpy(),
        "integrated gradients": IntegratedGradients(cnn).attribute(x, target=target, n_steps=16).numpy()}
fig, axes = plt.subplots(3, 4, figsize=(6, 4.5))
for r, (name, m) in enumerate(maps.items()):
    for c in range(4):
        axes[r, c].imshow(m[c, 0], cmap="gray" if r == 0 else "RdBu")
        axes[r, c].axis("off")
    axes[r, 0].set_title(name, fontsize=8, loc="left")
plt.show()"""),
    md("## Privacy: can an attacker tell who was in the training set?\nAn overfit model has lower loss on its "
       "training examples; the attack guesses \"member\" below a loss threshold. 0 is chance, 1 is perfect."),
    code("""\
from glassnet.privacy import membership_inference_advantage

x_mem, y_mem = digits("train", 50 if QUICK else 200)
x_out, y_out = digits("test", 50 if QUICK else 200)
gn.manual_seed(0)
overfit = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
fit(overfit, (x_mem, y_mem), loss="cross_entropy", optimizer="adam", lr=3e-3, epochs=30 if QUICK else 200,
    verbose=0, seed=0)
print(f"membership-inference advantage of an overfit model: "
      f"{membership_inference_advantage(overfit, (x_mem, y_mem), (x_out, y_out)):.2f}")
try:
    import dp_accounting  # noqa: F401 - DP-SGD's accountant, extra [privacy]
    print("DP-SGD is available: glassnet.privacy.make_private; `glassnet lab run privacy` measures its cost")
except ImportError:
    print('DP-SGD needs the accountant: pip install "glassnet[privacy]"')"""),
    md("## Energy: what did training cost?\nEvery `fit` records its FLOPs, time, energy and CO2e in "
       "`history.energy`; `energy_report` sets them against Strubell et al. (2019)."),
    code("""\
from glassnet.energy import energy_report

gn.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
x_tr, y_tr = digits("train", 300 if QUICK else None)
history = fit(model, (x_tr, y_tr), loss="cross_entropy", optimizer="adam", lr=1e-2, epochs=2 if QUICK else 10,
              verbose=0, seed=0)
print(energy_report(history.energy, parameters=sum(p.numel() for p in model.parameters())))"""),
    md("## Accountability: a record someone can answer for\n`glassnet train` writes a model card "
       "(`MODEL_CARD.md`: the model, its data, metrics per group, energy, limits) into every run, and `glassnet "
       "card RUN_DIR` prints it. The facts an accountable team records, gathered from this notebook:"),
    code("""\
card = {
    "intended use": "teaching: screening-style decisions on synthetic data, never real people",
    "training data": f"{len(y_tr)} shipped 8x8 digits; a synthetic population with group B at 10%",
    "known failure": "lower accuracy for the under-represented group B (see the bias section)",
    "energy": {k: history.energy[k] for k in list(history.energy)[:4]},
    "who answers for it": "the team that trains and deploys it, not the algorithm",
}
for k, v in card.items():
    print(f"{k}: {v}")"""),
    md("Each concern has a lab experiment: `glassnet lab run bias`, `black-box`, `privacy`, `energy`; and the "
       "study companion quizzes them: `glassnet study --quiz --topic ethics`."),
    lab_cell("bias"),
])


def build(name: str, title: str, cells: list[tuple[str, str]]) -> dict:
    """One notebook as nbformat JSON (version 4), with no outputs."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nglassnet course, notebook {name[:2]}. Runs in minutes "
                                              "on a laptop CPU; `GLASSNET_NOTEBOOK_QUICK=1` makes it seconds.")]
    for kind, text in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(text) if kind == "markdown" else nbformat.v4.new_code_cell(text))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"  # stable ids: regenerating changes nothing unless the cells do
    return nb


def main(argv: list[str] | None = None) -> int:
    """Write every notebook (or those named) next to this script."""
    import nbformat

    names = argv if argv else list(NOTEBOOKS)
    for name in names:
        title, cells = NOTEBOOKS[name]
        nb = build(name, title, cells)
        nbformat.validate(nb)
        path = HERE / f"{name}.ipynb"
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
