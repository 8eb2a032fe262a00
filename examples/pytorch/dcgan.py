"""DCGAN, after pytorch/examples dcgan/main.py, sized for 28x28 MNIST (or --dataset fake random images)."""

import argparse
import random

import torch
from mnist_data import load_mnist

nn = torch.nn
optim = torch.optim
TensorDataset = torch.utils.data.TensorDataset
DataLoader = torch.utils.data.DataLoader


# custom weights initialization called on netG and netD
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


class Generator(nn.Module):
    def __init__(self, nz, ngf, nc):
        super(Generator, self).__init__()
        self.main = nn.Sequential(
            # input is Z, going into a convolution
            nn.ConvTranspose2d(nz, ngf * 4, 7, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            # state size. (ngf*4) x 7 x 7
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            # state size. (ngf*2) x 14 x 14
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh()
            # state size. (nc) x 28 x 28
        )

    def forward(self, input):
        return self.main(input)


class Discriminator(nn.Module):
    def __init__(self, ndf, nc):
        super(Discriminator, self).__init__()
        self.main = nn.Sequential(
            # input is (nc) x 28 x 28
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf) x 14 x 14
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf*2) x 7 x 7
            nn.Conv2d(ndf * 2, 1, 7, 1, 0, bias=False),
            nn.Sigmoid()
        )

    def forward(self, input):
        output = self.main(input)
        return output.view(-1, 1).squeeze(1)


def make_dataset(opt):
    if opt.dataset == 'fake':
        # like torchvision's FakeData: random images in [-1, 1]
        images = torch.rand(opt.train_size or 1024, 1, 28, 28) * 2 - 1
        return TensorDataset(images)
    images, _, source = load_mnist(opt.dataroot, True, opt.train_size, seed=opt.manualSeed)
    print(f'data: {source}, {len(images)} images')
    x = torch.from_numpy(images).unsqueeze(1)
    return TensorDataset((x - 0.5) / 0.5)  # Normalize((0.5,), (0.5,)) as the original's transform


def train(opt, netG, netD, dataloader, optimizerG, optimizerD, criterion, fixed_noise, epoch):
    real_label = 1
    fake_label = 0
    for i, (data,) in enumerate(dataloader, 0):
        ############################
        # (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
        ###########################
        # train with real
        netD.zero_grad()
        real_cpu = data
        batch_size = real_cpu.size(0)
        label = torch.full((batch_size,), real_label, dtype=real_cpu.dtype)

        output = netD(real_cpu)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()

        # train with fake
        noise = torch.randn(batch_size, opt.nz, 1, 1)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()

        ############################
        # (2) Update G network: maximize log(D(G(z)))
        ###########################
        netG.zero_grad()
        label.fill_(real_label)  # fake labels are real for generator cost
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()

        print('[%d/%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f'
              % (epoch, opt.niter, i, len(dataloader),
                 errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
        if opt.dry_run:
            break


def test(netG, netD, fixed_noise):
    """How the discriminator rates a fixed batch of generated images (the original saves them as PNGs)."""
    netG.eval()
    netD.eval()
    with torch.no_grad():
        fake = netG(fixed_noise)
        print('fixed noise: D(G(z)) = %.4f, generated pixel mean %.4f std %.4f'
              % (netD(fake).mean().item(), fake.mean().item(), fake.std().item()))
    netG.train()
    netD.train()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--dataset', default='mnist', help='mnist | fake')
    parser.add_argument('--dataroot', default=None, help='folder with the MNIST IDX files (synthetic if absent)')
    parser.add_argument('--batch-size', '--batchSize', dest='batchSize', type=int, default=64,
                        help='input batch size')
    parser.add_argument('--nz', type=int, default=100, help='size of the latent z vector')
    parser.add_argument('--ngf', type=int, default=64)
    parser.add_argument('--ndf', type=int, default=64)
    parser.add_argument('--epochs', '--niter', dest='niter', type=int, default=25,
                        help='number of epochs to train for')
    parser.add_argument('--lr', type=float, default=0.0002, help='learning rate, default=0.0002')
    parser.add_argument('--beta1', type=float, default=0.5, help='beta1 for adam. default=0.5')
    parser.add_argument('--dry-run', action='store_true', help='check a single training cycle works')
    parser.add_argument('--seed', '--manualSeed', dest='manualSeed', type=int, default=None, help='manual seed')
    parser.add_argument('--train-size', type=int, default=None, help='use only this many images')
    opt = parser.parse_args()
    print(opt)

    if opt.manualSeed is None:
        opt.manualSeed = random.randint(1, 10000)
    print("Random Seed: ", opt.manualSeed)
    random.seed(opt.manualSeed)
    torch.manual_seed(opt.manualSeed)

    dataset = make_dataset(opt)
    dataloader = DataLoader(dataset, batch_size=opt.batchSize, shuffle=True)
    nc = 1

    netG = Generator(opt.nz, opt.ngf, nc)
    netG.apply(weights_init)
    print(netG)

    netD = Discriminator(opt.ndf, nc)
    netD.apply(weights_init)
    print(netD)

    criterion = nn.BCELoss()

    fixed_noise = torch.randn(opt.batchSize, opt.nz, 1, 1)

    # setup optimizer
    optimizerD = optim.Adam(netD.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
    optimizerG = optim.Adam(netG.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))

    for epoch in range(opt.niter):
        train(opt, netG, netD, dataloader, optimizerG, optimizerD, criterion, fixed_noise, epoch)
        test(netG, netD, fixed_noise)


if __name__ == '__main__':
    main()
