// Package estimator is skgo's estimator contract: the interfaces every model
// implements, the sentinel errors, hyperparameter access by path (GetParams,
// SetParams, Clone), input validation (CheckXy) and persistence (Save, Load).
//
// # The contract
//
//	Fit(ctx, X mat.Matrix, y []float64) error         every estimator
//	Predict(X mat.Matrix) ([]float64, error)          Predictor (regressors, classifiers)
//	Transform(X mat.Matrix) (*mat.Dense, error)       Transformer
//	Classes() []float64                               Classifier
//	PredictProba(X mat.Matrix) (*mat.Dense, error)    ProbaClassifier
//
// Optional one- or two-method interfaces are checked for by callers, the way io.Copy
// checks for io.WriterTo: FitTransformer, InverseTransformer, WeightedFitter,
// Validator, Cloner, Composite (named parts), Unwrapper, StateMarshaler, RowSelector,
// FeatureNamer, Columns, Iterative, ParamTyper, StringTransformer and StringMapper (string
// columns). Interfaces that only buy speed (sharing statistics across a grid, scaling
// a pipeline's own matrices in place) are internal to skgo (internal/fastpath): a
// user never needs them.
//
// scikit-learn → skgo:
//
//	fit / predict / transform        Fit / Predict / Transform
//	get_params(deep=True)            GetParams
//	set_params(**{"a__b": v})        SetParams(e, Params{"a.b": v})
//	sklearn.base.clone               Clone
//	check_X_y                        CheckXy
//	NotFittedError                   ErrNotFitted
//	pickle.dump / pickle.load        Save / Load
//
// # Invariants
//
//   - Hyperparameters are exported fields; learned state is unexported, held in one
//     pointer that is nil until Fit succeeds. The zero value of an estimator is a
//     valid model with documented defaults.
//   - Fit never modifies X or y and never writes exported fields. It validates its
//     hyperparameters (Validate) and data (CheckXy) first, checks ctx before starting
//     and between iterations, and assigns the learned state only on success: a failed
//     Fit leaves a previously fitted model intact.
//   - Predict, Transform and PredictProba return freshly allocated outputs, are safe
//     for concurrent use after Fit, and return ErrNotFitted before Fit and ErrShape
//     when X's feature count differs from the data given to Fit.
//   - Errors wrap the sentinels (ErrNotFitted, ErrShape, ErrInvalidData,
//     ErrInvalidParam via *ParamError, ErrConvergence, ErrFormat and ErrState for
//     model files) and carry a "pkg.Type: " prefix. Public methods never panic on bad
//     data, bad hyperparameters or hostile files; low-level math (nn/tensor, metric
//     functions) panics on programmer error such as mismatched lengths.
//   - Data enters through Dims, CheckX, CheckXy and CheckPredict, which reject nil
//     matrices of any type, matrices whose Dims or At panic, negative dimensions,
//     empty data and NaN/Inf (estimators that accept missing values let NaN through).
//   - A setting that Validate accepts cannot exhaust memory or hang: sizes that a
//     setting implies (parameters of a network, bins, output widths, candidates of a
//     search) are bounded in Validate with clear errors, and long loops check ctx.
//   - Goroutines started by skgo never let a panic escape: work runs through
//     internal/parallel, which returns a worker's panic to the caller as an error
//     carrying its stack.
//   - An estimator never contains itself: SetParams refuses it, and CheckGraph reports
//     a cycle built by direct assignment (Clone panics with a *CycleError on one; the
//     library's entry points check first and return the error).
//   - Every estimator's String returns Format(e): its type and the settings that
//     differ from the defaults.
//   - Randomness comes from a Seed field; Fit builds its own generator, so clones
//     fitted in parallel never share one.
//   - Save writes hyperparameters (JSON; NaN and ±Inf included) and learned state per
//     path; Load fills a caller-built skeleton of the same structure and leaves it
//     untouched on error. Configuration values held in interface fields (an optimiser
//     rule) are restored into the skeleton's value of the same type, or into a fresh
//     value of a type that the skeleton lists (ParamTyper) or the caller passes
//     (LoadTypes), matched by import path.
//   - A model file is untrusted input. Load reads at most DefaultMaxModelBytes unless
//     raised with MaxModelBytes, validates the restored hyperparameters before any
//     state is decoded, and every UnmarshalState decodes through DecodeState: a
//     per-type version (a renamed field fails loudly) and the state's Check of
//     lengths, ranges, ordering and finiteness (a valid checksum proves nothing).
package estimator
