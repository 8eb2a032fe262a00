"""Sine-wave prediction with two LSTMCells trained by L-BFGS, after pytorch/examples time_sequence_prediction."""

import argparse

import numpy as np
import torch

nn = torch.nn
optim = torch.optim


def generate_sine_waves(T=20, L=1000, N=100, seed=2):
    """N sine waves of length L with random phase shifts (the original's generate_sine_wave.py)."""
    rng = np.random.RandomState(seed)
    x = np.empty((N, L), 'int64')
    x[:] = np.array(range(L)) + rng.randint(-4 * T, 4 * T, N).reshape(N, 1)
    return np.sin(x / 1.0 / T).astype('float64')


class Sequence(nn.Module):
    def __init__(self, hidden=51):
        super(Sequence, self).__init__()
        self.hidden = hidden
        self.lstm1 = nn.LSTMCell(1, hidden)
        self.lstm2 = nn.LSTMCell(hidden, hidden)
        self.linear = nn.Linear(hidden, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), self.hidden, dtype=torch.double)
        c_t = torch.zeros(input.size(0), self.hidden, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), self.hidden, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), self.hidden, dtype=torch.double)

        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for _ in range(future):  # if we should predict the future
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.cat(outputs, dim=1)
        return outputs


def train(seq, optimizer, criterion, input, target, step):
    print('STEP: ', step)

    def closure():
        optimizer.zero_grad()
        out = seq(input)
        loss = criterion(out, target)
        print('loss:', loss.item())
        loss.backward()
        return loss
    optimizer.step(closure)


def test(seq, criterion, test_input, test_target, future):
    # begin to predict, no need to track gradient here
    with torch.no_grad():
        pred = seq(test_input, future=future)
        loss = criterion(pred[:, :-future], test_target)
        print('test loss:', loss.item())
        return pred.detach().numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--steps', type=int, default=15, help='steps to run')
    parser.add_argument('--lr', type=float, default=0.8, help='learning rate of L-BFGS')
    parser.add_argument('--length', type=int, default=1000, help='length of each sine wave')
    parser.add_argument('--hidden', type=int, default=51, help='units in each LSTMCell')
    parser.add_argument('--max-iter', type=int, default=20, help='L-BFGS iterations per step')
    parser.add_argument('--future', type=int, default=1000, help='steps to predict past the input')
    parser.add_argument('--seed', type=int, default=0, help='random seed')
    parser.add_argument('--dry-run', action='store_true', help='run a single step')
    opt = parser.parse_args()
    # set random seed to 0
    np.random.seed(opt.seed)
    torch.manual_seed(opt.seed)
    # load data and make training set
    data = generate_sine_waves(L=opt.length)
    input = torch.from_numpy(data[3:, :-1])
    target = torch.from_numpy(data[3:, 1:])
    test_input = torch.from_numpy(data[:3, :-1])
    test_target = torch.from_numpy(data[:3, 1:])
    # build the model
    seq = Sequence(opt.hidden)
    seq.double()
    criterion = nn.MSELoss()
    # use LBFGS as optimizer since we can load the whole data to train
    optimizer = optim.LBFGS(seq.parameters(), lr=opt.lr, max_iter=opt.max_iter)
    # begin to train
    for i in range(opt.steps if not opt.dry_run else 1):
        train(seq, optimizer, criterion, input, target, i)
        y = test(seq, criterion, test_input, test_target, opt.future)
        print('predicted {} future values, first ones: {}'.format(opt.future, np.round(y[0, -opt.future:][:3], 3)))


if __name__ == '__main__':
    main()
