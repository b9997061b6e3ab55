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
//	sklearn.decomposition.PCA                      PCA (svd_solver="full")
//	sklearn.decomposition.TruncatedSVD             TruncatedSVD (exact SVD)
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
//   - PCA computes a full SVD (no randomized or ARPACK solver, no "mle"); a
//     fractional n_components is the VarianceRatio field. TruncatedSVD also uses an
//     exact SVD.
//   - FunctionTransformer's functions are code (param:"-"): Load needs a skeleton
//     built with the same functions.
//
// # Invariants
//
// Every transformer here follows the estimator contract: Fit checks ctx first and
// returns ctx.Err() when it is done; hyperparameters are checked by Validate, which
// returns an *estimator.ParamError; X is validated with estimator.CheckXy (NaN, Inf
// and empty input give ErrInvalidData, a y of the wrong length ErrShape); Transform
// returns ErrNotFitted before Fit and ErrShape for a wrong number of features;
// inputs are never modified and outputs are freshly allocated; learned state is one
// unexported pointer, assigned only when Fit succeeds, and saved with
// estimator.GobState. y is ignored (nil allowed) by all but SelectKBest, which
// requires it.
package preprocess
