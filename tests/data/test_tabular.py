import numpy as np
import pytest

import glassnet
from glassnet.data import DataLoader
from glassnet.data.datasets import CSVDataset, StandardScaler, load_csv, train_test_split


def _write(tmp_path, n=40, seed=0):
    rng = np.random.default_rng(seed)
    lines = ["age,city,income,label"]
    for i in range(n):
        age = "?" if i == 3 else f"{rng.integers(18, 80)}"
        city = ["paris", "oslo", "lima"][i % 3]
        income = f"{rng.normal(1000 + 100 * i, 50):.2f}"  # drifts with row: train/test means differ
        label = "yes" if i % 2 else "no"
        lines.append(f"{age}, {city},{income},{label}")
    p = tmp_path / "t.csv"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_csv_dataset_encoding(tmp_path):
    ds = CSVDataset(_write(tmp_path))
    assert len(ds) == 40 and ds.label_name == "label" and ds.classes == ["no", "yes"]
    assert ds.feature_names == ["age", "city=lima", "city=oslo", "city=paris", "income"]
    assert ds.numeric_mask.tolist() == [True, False, False, False, True]
    x, y = ds[0]
    assert x.dtype == glassnet.float32 and y.dtype == glassnet.int64 and y.item() == 0
    assert x.numpy()[1:4].tolist() == [0, 0, 1]  # row 0 is paris
    assert np.isnan(ds.features.numpy()[3, 0])  # missing stays NaN in the raw dataset
    lab = CSVDataset(_write(tmp_path), categorical="label", label_column="label")
    assert lab.feature_names == ["age", "city", "income"] and lab.features.numpy()[0, 1] == 2.0


def test_standardisation_fitted_on_train_only(tmp_path):
    sp = load_csv(_write(tmp_path), test_size=0.25, val_size=0.25, random_state=1)
    assert len(sp.train) == 20 and len(sp.val) == 10 and len(sp.test) == 10
    idx = sp.train_indices
    assert not set(idx) & set(sp.test_indices) and not set(idx) & set(sp.val_indices)
    raw = CSVDataset(_write(tmp_path)).features.numpy().astype(np.float64)
    income = raw[:, 4]
    mu, sd = income[idx].mean(), income[idx].std()
    np.testing.assert_allclose(sp.scaler.mean_[1], mu)
    np.testing.assert_allclose(sp.train.tensors[0].numpy()[:, 4], (income[idx] - mu) / sd, rtol=1e-5)
    np.testing.assert_allclose(sp.test.tensors[0].numpy()[:, 4], (income[sp.test_indices] - mu) / sd,
                               rtol=1e-5, atol=1e-6)
    tr = sp.train.tensors[0].numpy()[:, 4]
    assert abs(tr.mean()) < 1e-5 and abs(tr.std() - 1) < 1e-4
    te = sp.test.tensors[0].numpy()[:, 4]
    assert abs(te.mean()) > 1e-3 or abs(te.std() - 1) > 1e-3  # test is NOT re-standardised on itself
    # missing age imputed with the training mean, then standardised
    assert not np.isnan(sp.train.tensors[0].numpy()).any() and not np.isnan(sp.test.tensors[0].numpy()).any()
    # one-hot columns untouched
    assert set(np.unique(sp.train.tensors[0].numpy()[:, 1:4])) <= {0.0, 1.0}


def test_load_csv_reproducible_and_loader(tmp_path):
    p = _write(tmp_path)
    a, b = load_csv(p, random_state=3), load_csv(p, random_state=3)
    assert a.test_indices.tolist() == b.test_indices.tolist() and a.val is None
    xb, yb = next(iter(DataLoader(a.train, batch_size=8, shuffle=True)))
    assert xb.shape == (8, 5) and yb.dtype == glassnet.int64
    strat = load_csv(p, test_size=0.5, stratify=True)
    assert np.bincount(strat.test.tensors[1].numpy()).tolist() == [10, 10]


def test_numeric_labels_and_headerless(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("1.5,2,0.25\n2.5,3,0.5\n3.5,4,1.25\n")
    ds = CSVDataset(p, header=False)
    assert ds.feature_names == ["col0", "col1"] and ds.labels.dtype == glassnet.float32
    ds = CSVDataset(p, header=False, names=["a", "b", "c"], label_column="b")
    assert ds.labels.dtype == glassnet.int64 and ds.feature_names == ["a", "c"]
    assert CSVDataset(p, header=False, label_column=1, label_dtype="float32").labels.dtype == glassnet.float32


def test_csv_errors(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("a,b\n1,2\n3\n")
    with pytest.raises(ValueError, match="line 3 has 1 fields"):
        CSVDataset(p)
    p.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="'zz' is not a column"):
        CSVDataset(p, label_column="zz")


def test_standard_scaler_formula():
    x = np.random.default_rng(0).normal(3, 2, size=(50, 3))
    x[:, 2] = 7.0  # constant column -> scale 1, as scikit-learn does
    sc = StandardScaler().fit(x[:30])
    mu, sd = x[:30].mean(0), x[:30].std(0)
    sd[2] = 1.0
    np.testing.assert_allclose(sc.transform(x[30:]), (x[30:] - mu) / sd, rtol=1e-12)
    np.testing.assert_allclose(sc.inverse_transform(sc.transform(x)), x)
    with pytest.raises(RuntimeError, match="fit"):
        StandardScaler().transform(x)


def test_train_test_split_like_sklearn():
    x, y = np.arange(20).reshape(10, 2), glassnet.arange(10)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=0)
    assert len(xtr) == 7 and len(xte) == 3 and isinstance(ytr, glassnet.Tensor)
    assert (xtr[:, 0] // 2).tolist() == ytr.tolist()
    a, b = train_test_split(np.arange(10), test_size=3, shuffle=False)
    assert b.tolist() == [7, 8, 9]


def test_header_is_detected(tmp_path):
    from glassnet.data.datasets import detect_header, read_table

    assert detect_header(["age", "city", "y"], [["31", "oslo", "1"], ["40", "lima", "0"]])
    assert not detect_header(["39", "State-gov", "<=50K"], [["50", "State-gov", ">50K"], ["38", "Private", "<=50K"]])
    assert not detect_header(["a", "a"], [["1", "2"]])  # names are distinct
    assert not detect_header(["|1x3 Cross validator"], [["1", "2"], ["3", "4"]])  # a title line, not names
    p = tmp_path / "h.csv"
    p.write_text("5.1,3.5,setosa\n4.9,3.0,setosa\n6.2,2.9,virginica\n")
    t = read_table(p)
    assert not t.has_header and t.names == ["col0", "col1", "col2"] and len(t.rows) == 3 and t.rows_read == 3
    assert len(CSVDataset(p)) == 3  # the first row is data, not column names


def test_bad_rows_skipped_and_counted(tmp_path):
    from glassnet.data.datasets import read_table

    p = tmp_path / "b.csv"
    p.write_text("a,b,y\n1,2,x\n3\n4,5,\n6,7,z\n")
    with pytest.raises(ValueError, match="line 3 has 1 fields"):
        read_table(p)
    t = read_table(p, on_bad_lines="skip")
    assert t.rows_read == 4 and len(t.rows) == 3 and t.dropped == {"with a field count other than 3": 1}
    ds = CSVDataset(p, on_bad_lines="skip")
    assert len(ds) == 2 and ds.dropped == {"with a field count other than 3": 1, "with no label": 1}
    p.write_text("a,b,y\n1,2,x\n4,5,\n")
    with pytest.raises(ValueError, match="missing values"):
        CSVDataset(p)  # without on_bad_lines='skip' a missing label is an error, as before


def test_preprocessor_replays_the_training_encoding(tmp_path):
    from glassnet.data.datasets import TabularPreprocessor, read_table

    p = _write(tmp_path)
    sp = load_csv(p, test_size=0.25, random_state=2)
    pre = TabularPreprocessor.from_state_dict(sp.preprocessor.state_dict())
    assert pre.feature_names == sp.feature_names
    t = read_table(p)
    x = pre.transform(t.names, t.rows)
    np.testing.assert_allclose(x[sp.train_indices], sp.train.tensors[0].numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(x[sp.test_indices], sp.test.tensors[0].numpy(), rtol=1e-6, atol=1e-6)
    # rows without a header: every column in the file's order, or just the features
    np.testing.assert_array_equal(pre.transform(None, t.rows), x)
    np.testing.assert_array_equal(pre.transform(None, [r[:3] for r in t.rows]), x)
    assert pre.unknown_categories(None, [["30", "rome", "1000"]]) == {"city": ["rome"]}
    assert pre.transform(None, [["30", "rome", "1000"]])[0, 1:4].tolist() == [0, 0, 0]
    with pytest.raises(ValueError, match="expected 3"):
        pre.transform(None, [["1", "2"]])
    with pytest.raises(ValueError, match="no column 'city'"):
        pre.transform(["age", "income"], [["1", "2"]])
