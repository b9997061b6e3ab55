// Package preprocess holds skgo's data transformers: scalers, encoders, imputers,
// feature generators and selectors, decompositions, the gota DataFrame adapter
// [Frame] and the [ColumnTransformer] that routes columns to transformers. Every
// transformer implements estimator.Transformer, so it composes with pipeline,
// crossval and tuning, and most also implement estimator.FitTransformer,
// estimator.InverseTransformer and estimator.FeatureNamer.
//
// # scikit-learn name → Go name
//
//	sklearn.preprocessing.StandardScaler           StandardScaler
//	sklearn.preprocessing.MinMaxScaler             MinMaxScaler
//	sklearn.preprocessing.MaxAbsScaler             MaxAbsScaler
//	sklearn.preprocessing.RobustScaler             RobustScaler
//	sklearn.preprocessing.Normalizer               Normalizer
//	sklearn.preprocessing.PolynomialFeatures       PolynomialFeatures
//	sklearn.preprocessing.KBinsDiscretizer         KBinsDiscretizer (dense output only)
//	sklearn.preprocessing.SplineTransformer        SplineTransformer (degree=0 is Degree SplineDegreeZero)
//	sklearn.preprocessing.PowerTransformer         PowerTransformer (standardize=True is the zero value)
//	sklearn.preprocessing.QuantileTransformer      QuantileTransformer (dense input; Subsample draws with Go's PCG)
//	sklearn.preprocessing.FunctionTransformer      FunctionTransformer
//	sklearn.preprocessing.OneHotEncoder            OneHotEncoder
//	sklearn.preprocessing.OrdinalEncoder           OrdinalEncoder
//	sklearn.preprocessing.LabelEncoder             LabelEncoder
//	sklearn.impute.SimpleImputer                   SimpleImputer
//	sklearn.impute.MissingIndicator                MissingIndicator
//	sklearn.compose.ColumnTransformer              ColumnTransformer (+ ColumnStep)
//	sklearn.feature_selection.VarianceThreshold    VarianceThreshold
//	sklearn.feature_selection.SelectKBest          SelectKBest (Score names the score function)
//	sklearn.feature_selection.f_classif            FClassif
//	sklearn.feature_selection.f_regression         FRegression
//	sklearn.feature_selection.mutual_info_classif  MutualInfoClassif
//	sklearn.feature_selection.mutual_info_regression  MutualInfoRegression
//	sklearn.decomposition.PCA                      PCA (SvdSolver "auto", "full", "randomized", "arpack")
//	sklearn.decomposition.TruncatedSVD             TruncatedSVD (exact SVD)
//	sklearn.decomposition.IncrementalPCA           IncrementalPCA (Fit in batches, PartialFit)
//	sklearn.decomposition.KernelPCA                KernelPCA (at most KernelPCAMaxSamples rows)
//	sklearn.decomposition.NMF                      NMF (fit_transform is FitTransformW)
//	sklearn.decomposition.FastICA                  FastICA (Whiten defaults to "unit-variance")
//	pandas.DataFrame input                         Frame (wraps a gota dataframe.DataFrame)
//
// Parameter names follow the rules of package estimator: scikit-learn's
// with_mean=True becomes NoMean (false by default), include_bias becomes NoBias,
// n_components becomes NComponents, random_state becomes Seed, and a zero field means
// scikit-learn's default where zero is not a meaningful setting (PolynomialFeatures
// Degree 0 → 2, KBinsDiscretizer NBins 0 → 5, SelectKBest K 0 → 10, MinMaxScaler
// FeatureRange [0 0] → [0 1], RobustScaler QuantileRange [0 0] → [25 75]).
//
// # Numeric transformers
//
// The scalers, PolynomialFeatures, KBinsDiscretizer, VarianceThreshold, SelectKBest,
// PCA and TruncatedSVD reproduce scikit-learn 1.2.1 on the same inputs: the tests
// compare them with goldens written by testdata/gen_numeric.py (statistics and
// transforms to about 1e-10 relative, SVD-based results to about 1e-8 up to
// scikit-learn's sign convention, which skgo follows). Differences to know:
//
//   - Output is always a dense *mat.Dense: KBinsDiscretizer's "onehot" (sparse in
//     scikit-learn) is dense here, like "onehot-dense".
//   - Sample weights, partial_fit and the sparse-input paths are not implemented.
//   - SelectKBest takes a [ScoreFunc] name rather than a callable, so it can be
//     grid-searched and saved; its mutual-information scores add the same 1e-10
//     tie-breaking noise as scikit-learn but from Go's PCG generator, so they match
//     scikit-learn closely on data without ties and approximately on data with many.
//   - PCA has no "mle"; a fractional n_components is the VarianceRatio field. Its
//     randomized solver draws from Go's PCG, not numpy, and its "arpack" is a
//     deterministic truncated Gram-eigen solver, so both agree with scikit-learn up
//     to convergence (tested to 1e-10 for "arpack", 1e-6 for "randomized"), not bit
//     for bit. TruncatedSVD uses an exact SVD.
//   - FunctionTransformer's functions are code (param:"-"): Load needs a skeleton
//     built with the same functions.
//   - ColumnTransformer's Remainder is an estimator.Estimator: nil or estimator.Drop
//     ("drop"), estimator.Passthrough ("passthrough"), or a transformer. The
//     placeholders are those of package estimator, also accepted as branch estimators.
//   - LabelEncoder's inverse_transform is InverseTransformStrings (and
//     InverseTransformFloats for numeric labels): InverseTransform is the name of the
//     matrix contract, estimator.InverseTransformer.
//   - KBinsDiscretizer's InverseTransform fails for a feature that was constant at
//     fit (scikit-learn returns NaN); PCA's ExplainedVarianceRatio is 0 for constant
//     data (NaN in scikit-learn), and whitening clips a zero variance at machine
//     epsilon (as scikit-learn ≥ 1.3 does).
//
// # Invariants
//
// Every transformer here follows the estimator contract: Fit checks ctx first and
// returns ctx.Err() when it is done; hyperparameters are checked by Validate, which
// returns an *estimator.ParamError; X is validated with estimator.CheckXy (NaN, Inf
// and empty input give ErrInvalidData, a y of the wrong length ErrShape), and the
// frame-based transformers (encoders, imputers, ColumnTransformer) check X with
// estimator.Dims first, so a nil matrix of any type, an empty mat.Transpose, negative
// dimensions or a panicking At are errors, never panics; Transform returns
// ErrNotFitted before Fit and ErrShape for a wrong number of features; inputs are
// never modified and outputs are freshly allocated; learned state is one unexported
// pointer, assigned only when Fit succeeds, and y is ignored (nil allowed) by all but
// SelectKBest, which requires it. Every String method prints the settings
// (estimator.Format). A panic in a user's FunctionTransformer function, or in a
// ColumnTransformer branch (fitted concurrently on internal/parallel), comes back as
// an error carrying its stack.
//
// # Extreme values and sizes
//
// Fit never keeps statistics that left float64: StandardScaler and PCA recompute a
// column whose sum or squares overflow (values near ±1e308) after an exact
// power-of-two rescaling, and a statistic that is itself beyond float64 (the variance
// of ±1e308) makes Fit fail with ErrInvalidData instead of returning a NaN model.
// Sizes a hyperparameter controls are bounded: KBinsDiscretizer's NBins by
// KBinsMaxBins (2¹⁶), PolynomialFeatures' output by PolyMaxOutputFeatures (2²⁰ columns)
// and PolyMaxCombinationSize (2²⁴ factors), counted exactly before anything is
// allocated; a one-hot KBinsDiscretizer or PolynomialFeatures output may hold at most
// 2³⁰ values.
//
// # Saved models
//
// MarshalState writes each fit struct with estimator.EncodeState behind a per-type
// version; UnmarshalState reads it with estimator.DecodeState and a Check method that
// validates what Transform relies on (lengths against NFeatures, at most
// MaxStateFeatures features, index ranges, sorted categories, increasing bin edges,
// finite statistics, positive scales, the evaluation plan of PolynomialFeatures, the
// branches of a ColumnTransformer), then against the hyperparameters. A forged state
// fails with an error wrapping estimator.ErrState and leaves the receiver unchanged.
//
// # Decompositions
//
// PCA (every SvdSolver), IncrementalPCA, KernelPCA, NMF and FastICA are compared with
// goldens written by testdata/gen_pca_solvers.py, gen_ipca.py, gen_kpca.py,
// gen_nmf.py and gen_ica.py (scikit-learn 1.2.1). Where scikit-learn is deterministic
// the agreement is to rounding: IncrementalPCA's components (svd_flip on Vᵀ, no sign
// freedom) to 1e-8, KernelPCA's eigenvectors and transforms, sign included, to 1e-8,
// NMF's W, H and reconstruction_err_ from "nndsvd", "nndsvda" or "custom" starts to
// 1e-9 relative, FastICA's components_ and mixing_ from a given WInit to 1e-8
// relative, PCA "arpack" to 1e-10. Where scikit-learn draws from numpy (randomized
// PCA, random NMF starts, FastICA without WInit), skgo draws from PCG(Seed, Seed):
// randomized PCA matches the exact SVD to 1e-6 on data with a spectral gap, and
// FastICA's sources match scikit-learn's up to order and sign. Differences to know:
// KernelPCA's "arpack" is the dense eigensolver (at most KernelPCAMaxSamples rows;
// its "randomized" agrees with scikit-learn's to 1e-6); NMF's fit_transform is FitTransformW (Transform re-solves W with H
// fixed, as scikit-learn's transform does); FastICA's Whiten defaults to
// "unit-variance" (scikit-learn 1.3's default; 1.2.1 warns and uses
// "arbitrary-variance"); KernelPCA's Coef0 and NMF's AlphaH use zero for
// scikit-learn's default (1 and "same"), with ZeroCoef0 and ZeroAlphaH for a literal
// zero. Iterative fits (NMF, FastICA, IncrementalPCA's batches, the randomized
// solver's power iterations) check ctx every iteration; NMF and FastICA report
// reaching MaxIter through Converged, not an error.
package preprocess
