// Package datasets provides data for skgo: the classic small data sets embedded in the
// binary, a numeric CSV reader, synthetic data generators, and MNIST and CIFAR-10 readers
// and downloaders. Everything returns a *Dataset (X as *mat.Dense, Y as []float64, names),
// which Frame turns into a gota DataFrame.
//
// scikit-learn → skgo:
//
//	load_iris → Iris                          load_wine → Wine
//	load_breast_cancer → BreastCancer         load_digits → Digits
//	load_diabetes → Diabetes                  load_diabetes(scaled=False) → DiabetesRaw
//	load_boston (removed in 1.2) → Boston     Bunch.frame (as_frame=True) → (*Dataset).Frame
//	make_regression → MakeRegression          make_classification → MakeClassification
//	make_blobs → MakeBlobs                    fetch_openml("mnist_784") → FetchMNIST + LoadMNIST
//	pandas.read_csv(...).to_numpy() → ReadCSV, ReadCSVFile
//	torchvision.datasets.CIFAR10 → ReadCIFAR10 (+ FetchCIFAR10), as compact *Images
//
// The embedded sets are the CSV files scikit-learn 1.2.1 ships (see data/); the tests
// compare them with scikit-learn's loaders. The generators follow scikit-learn's
// algorithms with Go's PCG generator, so they match in distribution, not digit for
// digit. MNIST is not embedded: FetchMNIST downloads and verifies it once, LoadMNIST
// and ReadMNIST read the IDX files.
//
// # Untrusted input
//
// Files and downloads are treated as untrusted; every reader bounds what it holds in
// memory, so a hostile or corrupt input fails with an error (wrapping
// estimator.ErrInvalidData) instead of exhausting memory:
//
//   - FetchMNIST writes at most each file's known size and checks its SHA-256.
//   - ReadMNIST refuses headers announcing more than 10⁶ images, 10⁴ pixels per image
//     or 2³⁰ pixels in all, and reads a (possibly gzipped) stream only as far as the
//     header announces, so a gzip bomb fails after inflating that much.
//   - ReadCIFAR10Batch refuses files that are not whole 3073-byte records, labels
//     above 9 and more than 10 000 records; FetchCIFAR10 writes at most the archive's
//     known size, checks its SHA-256 and unpacks only the six expected files.
//   - ReadCSV and ReadCSVFile refuse lines longer than 4 MiB and more than
//     CSVOptions.MaxCells cells (2²⁸ by default).
//   - The generators refuse sizes beyond 2³¹ values or about a minute of work with a
//     *estimator.ParamError.
package datasets
