"""Datasets: the shipped 8x8 digits, MNIST / Fashion-MNIST from IDX files, CSV tables, image folders."""

from .digits import Digits, digits, load_digits_arrays
from .image_folder import ImageFolder
from .mnist import MNIST, FashionMNIST, IDXError, read_idx
from .tabular import (
    CSVDataset,
    CSVTable,
    StandardScaler,
    TabularPreprocessor,
    TabularSplits,
    detect_header,
    load_csv,
    read_csv_table,
    read_table,
    train_test_split,
)
from .text import CharDataset, TextFile
