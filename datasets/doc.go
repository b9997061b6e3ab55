// Package datasets provides the classic small data sets embedded in the binary
// (Boston, Iris, Wine, BreastCancer, Diabetes, Digits), a CSV reader, synthetic data
// generators, and an MNIST reader and fetcher.
//
// scikit-learn → skgo: load_iris → Iris, load_wine → Wine, load_breast_cancer →
// BreastCancer, load_diabetes → Diabetes, load_digits → Digits, load_boston (removed
// in scikit-learn 1.2) → Boston.
package datasets
