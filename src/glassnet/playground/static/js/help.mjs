// One short explanation per control, each naming the study-companion term (glassnet study, glossary.yaml) and
// the lab experiment (glassnet lab run NAME) that show the idea. tests/playground/test_server_help.py checks
// every term and experiment named here exists. Pure data, no DOM.

export const CONTROLS = {
  "mode": { label: "Mode", help: "Dense network on points or tables, CNN on images you can draw, RNN on sequences.", term: "neural network", experiment: "architectures" },
  "dataset": { label: "Data", help: "What the network learns from. On the 2-D sets, pick 'painted' and click the plot to add your own points.", term: "neural network", experiment: "data-size" },
  "paint-class": { label: "Paint class", help: "The class a click on the plot paints (shift-click paints the other class).", term: "neuron", experiment: "forward-backward" },
  "csv-file": { label: "CSV file", help: "Your own table: numeric columns are the inputs, the target column the classes. It stays on this machine.", term: "validation set", experiment: "small-tabular" },
  "noise": { label: "Noise", help: "Jitter added to the 2-D points: more noise makes the classes overlap.", term: "overfitting", experiment: "overfitting" },
  "train-ratio": { label: "Training data", help: "Share of the data used for training; the rest is the test set the test loss is measured on.", term: "validation set", experiment: "overfitting" },
  "features": { label: "Features", help: "Inputs fed to the network: x1, x2 and hand-made features of them (squares, product, sines).", term: "deep learning", experiment: "small-tabular" },
  "hidden": { label: "Hidden layers", help: "How many layers sit between input and output, and how many neurons each has (+/- buttons).", term: "layer", experiment: "depth" },
  "add-layer": { label: "Add layer", help: "One more hidden layer (at most six).", term: "layer", experiment: "depth" },
  "remove-layer": { label: "Remove layer", help: "One hidden layer less.", term: "layer", experiment: "depth" },
  "activation": { label: "Activation", help: "The non-linearity after each hidden layer's weighted sum.", term: "activation function", experiment: "activations" },
  "regularization": { label: "Regularisation", help: "L1 or L2 penalty on the weights, added to the loss, to keep the network simple.", term: "regularization", experiment: "overfitting" },
  "reg-rate": { label: "Regularisation rate", help: "How strongly the penalty weighs against the data's loss.", term: "regularization", experiment: "overfitting" },
  "learning-rate": { label: "Learning rate", help: "The size of each gradient-descent step: too small is slow, too large diverges.", term: "learning rate", experiment: "forward-backward" },
  "optimizer": { label: "Optimizer", help: "Plain SGD, SGD with momentum, Adam or AdamW (Adam with decoupled weight decay).", term: "gradient descent", experiment: "forward-backward" },
  "batch-size": { label: "Batch size", help: "Samples averaged in each gradient step.", term: "batch", experiment: "forward-backward" },
  "dropout": { label: "Dropout", help: "Share of hidden neurons switched off at random in each training step.", term: "dropout", experiment: "overfitting" },
  "batch-norm": { label: "Batch norm", help: "Normalise each layer's sums over the batch before the activation.", term: "vanishing gradients", experiment: "depth" },
  "conv": { label: "Conv channels", help: "CNN: filters in each 3x3 convolution layer (each followed by ReLU and 2x2 max-pooling).", term: "convolutional neural network", experiment: "architectures" },
  "rnn-cell": { label: "RNN cell", help: "RNN: a plain recurrent cell, an LSTM or a GRU.", term: "recurrent neural network", experiment: "architectures" },
  "rnn-hidden": { label: "RNN hidden size", help: "RNN: the size of the hidden state carried from step to step.", term: "recurrent neural network", experiment: "architectures" },
  "seq-len": { label: "Sequence length", help: "RNN: steps in each sequence.", term: "recurrent neural network", experiment: "architectures" },
  "seed": { label: "Seed", help: "Random seed of the data split and the initial weights: the same seed gives the same run.", term: "weights and biases", experiment: "forward-backward" },
  "play": { label: "Play / pause", help: "Train at full speed, or pause (space bar).", term: "epoch", experiment: "forward-backward" },
  "step-sample": { label: "Step one sample", help: "One sample forward, backward and one update.", term: "forward propagation", experiment: "forward-backward" },
  "step-batch": { label: "Step one batch", help: "One batch forward, backward and one update; read the chain rule on the selected edge.", term: "backward propagation", experiment: "forward-backward" },
  "step-epoch": { label: "Step one epoch", help: "One pass over the training data.", term: "epoch", experiment: "forward-backward" },
  "reset": { label: "Reset", help: "New initial weights, same settings.", term: "weights and biases", experiment: "forward-backward" },
  "network": { label: "Network", help: "Edges coloured by weight (blue positive, orange negative, thicker = larger). Hover to read, click to select and edit.", term: "weights and biases", experiment: "forward-backward" },
  "weight-value": { label: "Weight", help: "Type a new value for the selected weight.", term: "weights and biases", experiment: "forward-backward" },
  "chain-rule": { label: "Chain rule", help: "dL/dw = dL/da * da/dz * dz/dw for the selected edge, beside autograd's own gradient.", term: "backward propagation", experiment: "forward-backward" },
  "boundary": { label: "Output", help: "The network's prediction over the plane (decision boundary) with the training and test points.", term: "neural network", experiment: "overfitting" },
  "curves": { label: "Loss curves", help: "Training and test loss as training goes on: a widening gap means overfitting.", term: "loss function", experiment: "overfitting" },
  "graph": { label: "Autograd graph", help: "The operations that computed the current loss; backward walks it from right to left.", term: "backward propagation", experiment: "forward-backward" },
  "gradient-flow": { label: "Gradient flow", help: "Gradient size per layer, flagged where it vanishes or explodes.", term: "vanishing gradients", experiment: "depth" },
  "attribution": { label: "Attribution", help: "Which inputs of the selected sample moved the prediction most (saliency or integrated gradients).", term: "transparency", experiment: "black-box" },
  "draw-canvas": { label: "Draw a digit", help: "CNN: draw with mouse, touch or arrow keys + Enter; the prediction updates as you draw.", term: "convolutional neural network", experiment: "architectures" },
  "feature-maps": { label: "Feature maps", help: "CNN: what each filter responds to in the drawn or selected image.", term: "convolutional neural network", experiment: "black-box" },
  "hidden-state": { label: "Hidden state", help: "RNN: the hidden state over time (rows = steps) for the selected sequence.", term: "recurrent neural network", experiment: "architectures" },
  "export-weights": { label: "Weights", help: "The trained weights as safetensors, the config in the metadata.", term: "transfer learning", experiment: "transfer" },
  "export-card": { label: "Model card", help: "What the model is, what it was trained on and how well it does.", term: "accountability", experiment: "bias" },
  "export-script": { label: "Script", help: "A Python script that rebuilds and retrains this network with glassnet.", term: "neural network", experiment: "forward-backward" },
  "pin-run": { label: "Keep run for comparison", help: "Keep this run's curves as dashed lines to compare the next run with, side by side.", term: "overfitting", experiment: "overfitting" },
};

/** The tooltip text of a control: its help plus where to read more. */
export function helpText(id) {
  const c = CONTROLS[id];
  if (!c) return "";
  return `${c.help} Study: glassnet study, term "${c.term}". Lab: glassnet lab run ${c.experiment}.`;
}
