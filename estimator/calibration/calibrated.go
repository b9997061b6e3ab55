package calibration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/isotonic"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.ProbaClassifier = (*CalibratedClassifierCV)(nil)
	_ estimator.WeightedFitter  = (*CalibratedClassifierCV)(nil)
	_ estimator.Validator       = (*CalibratedClassifierCV)(nil)
	_ estimator.StateMarshaler  = (*CalibratedClassifierCV)(nil)
)

// Method is the calibration method (scikit-learn's method).
type Method string

const (
	// MethodDefault (the zero value) is MethodSigmoid, scikit-learn's default.
	MethodDefault Method = ""
	// MethodSigmoid is Platt scaling: a logistic function of the score per class.
	MethodSigmoid Method = "sigmoid"
	// MethodIsotonic is an isotonic (non-decreasing) regression of the class
	// indicator on the score, clipped outside the calibration range.
	MethodIsotonic Method = "isotonic"
)

// Bounds.
const (
	// MaxClasses bounds the number of classes (one calibrator each per fold).
	MaxClasses = 1 << 16
	// MaxFolds bounds the number of folds, hence of calibrated classifiers.
	MaxFolds = 1 << 16
)

// predMethod is the base output being calibrated.
type predMethod string

const (
	predDecision predMethod = "decision_function"
	predProba    predMethod = "predict_proba"
)

// Decision-function method sets, checked in this order (scikit-learn prefers
// decision_function over predict_proba).
type (
	matrixDecider interface {
		DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error)
	}
	denseDecider interface {
		DecisionFunction(X mat.Matrix) (*mat.Dense, error)
	}
	sliceDecider interface {
		DecisionFunction(X mat.Matrix) ([]float64, error)
	}
)

func hasDecision(e estimator.Estimator) bool {
	switch e.(type) {
	case matrixDecider, denseDecider:
		return true
	case sliceDecider:
		return estimator.Can(e, estimator.CanDecisionFunction)
	}
	return false
}

// methodOf returns scikit-learn's _get_prediction_method for e, or "" when e has
// neither a decision function nor PredictProba.
func methodOf(e estimator.Estimator) predMethod {
	if hasDecision(e) {
		return predDecision
	}
	if estimator.Can(e, estimator.CanPredictProba) {
		return predProba
	}
	return ""
}

// CalibratedClassifierCV calibrates the probabilities of a classifier by
// cross-validation (scikit-learn: calibration.CalibratedClassifierCV, 1.2.1).
//
// The classifier's scores are its decision function when it has one
// (DecisionFunctionMatrix, or DecisionFunction returning a matrix or, for two
// classes, a slice) and otherwise its PredictProba (for two classes, the column of
// the second class). A calibrator maps the score of each class to a probability:
// Platt's sigmoid 1/(1 + exp(A·s + B)) (MethodSigmoid) or an isotonic regression
// clipped to the calibration range (MethodIsotonic). For two classes one calibrator
// gives P(Classes()[1]) and P(Classes()[0]) = 1 − it; for more classes each class
// is calibrated one-vs-rest and the row is divided by its sum (the uniform
// distribution when the sum is 0). Values in (1, 1 + 1e-5] are set to 1.
//
// With the default CV (5 stratified folds, unshuffled) or another crossval.Splitter,
// each fold fits a clone of Estimator on its training rows and calibrators on the
// scores of its test rows; PredictProba averages the probabilities of these
// calibrated classifiers (scikit-learn's ensemble=True). With NoEnsemble the scores
// are cross-validated predictions (each row scored by the fold model that did not
// see it; the folds must partition the rows), one set of calibrators is fitted on
// them, and Estimator is refitted on all rows (ensemble=False). With Prefit,
// Estimator must already be fitted; it is copied (saved and loaded into a clone, so
// later changes to it do not affect this model) and only the calibrators are fitted,
// on all the rows given to Fit (cv="prefit").
//
// Sample weights go to the calibrators and, when Estimator implements
// estimator.WeightedFitter, to its fits too (scikit-learn does the same and warns
// when the estimator takes no weights).
//
// Folds are fitted in parallel (Workers) and results are stored by fold index, so
// the model is identical for any Workers. The fitted classifiers and calibrators are
// saved inside the model's state (estimator.Save of each fitted classifier), so
// estimator.Save writes a complete model and estimator.Load rebuilds it from clones
// of Estimator.
//
// The zero value is scikit-learn's default CalibratedClassifierCV(): Platt scaling
// of an svm.LinearSVC (Seed 0) over 5 stratified folds.
type CalibratedClassifierCV struct {
	// Estimator is the classifier to calibrate (it is cloned, never fitted, except
	// that with Prefit it must be fitted already); nil means &svm.LinearSVC{}
	// (scikit-learn's LinearSVC(random_state=0)). It needs a decision function or
	// PredictProba.
	Estimator estimator.Estimator
	// Method is the calibrator; the zero value is MethodSigmoid.
	Method Method
	// CV splits the rows into calibration folds; nil means
	// crossval.StratifiedKFold{K: 5} (scikit-learn's cv=None; cv=k is
	// StratifiedKFold{K: k}). With KFold or StratifiedKFold, every class needs at
	// least K rows, as scikit-learn requires. Ignored with Prefit.
	CV crossval.Splitter
	// Prefit calibrates the already fitted Estimator on the data given to Fit
	// (scikit-learn's cv="prefit").
	Prefit bool
	// NoEnsemble fits one calibrated classifier on cross-validated scores
	// (scikit-learn's ensemble=False) instead of one per fold.
	NoEnsemble bool
	// Workers bounds the folds fitted at once; 0 means runtime.GOMAXPROCS(0).
	Workers int

	fit *calFit // nil until Fit succeeds
}

// calFit is the learned state; fields are exported for gob.
type calFit struct {
	Classes   []float64
	NFeatures int
	Method    Method
	Pred      predMethod
	Members   []memberState
}

// memberState is one calibrated classifier (scikit-learn's _CalibratedClassifier).
type memberState struct {
	Base []byte    // the fitted classifier, as estimator.Save writes it (filled by MarshalState)
	Cols []int     // the class (index into Classes) of each calibrator, ascending
	A, B []float64 // sigmoid parameters, one per calibrator
	Iso  [][]byte  // isotonic calibrators' MarshalState, one per calibrator

	base estimator.Estimator
	iso  []*isotonic.IsotonicRegression
}

const calStateVersion = 1

// Check validates decoded state (the classifiers and isotonic calibrators are
// checked when they are loaded).
func (f *calFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckClasses("Classes", f.Classes),
		estimator.CheckCount("classes", len(f.Classes), 2, MaxClasses),
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt32),
		estimator.CheckCount("members", len(f.Members), 1, MaxFolds),
	); err != nil {
		return err
	}
	switch f.Method {
	case MethodSigmoid, MethodIsotonic:
	default:
		return fmt.Errorf("Method is %q", f.Method)
	}
	switch f.Pred {
	case predDecision, predProba:
	default:
		return fmt.Errorf("prediction method is %q", f.Pred)
	}
	k := len(f.Classes)
	for i, m := range f.Members {
		name := fmt.Sprintf("Members[%d]", i)
		if len(m.Base) == 0 {
			return fmt.Errorf("%s has no classifier", name)
		}
		if err := estimator.CheckCount(name+".Cols", len(m.Cols), 1, k); err != nil {
			return err
		}
		if err := estimator.CheckIndex(name+".Cols", m.Cols, k); err != nil {
			return err
		}
		for j := 1; j < len(m.Cols); j++ {
			if m.Cols[j] <= m.Cols[j-1] {
				return fmt.Errorf("%s.Cols is not strictly increasing", name)
			}
		}
		if k == 2 && (len(m.Cols) != 1 || m.Cols[0] != 1) {
			return fmt.Errorf("%s.Cols is %v, a two-class model has one calibrator, for class 1", name, m.Cols)
		}
		if f.Method == MethodSigmoid {
			if err := estimator.FirstError(
				estimator.CheckLen(name+".A", len(m.A), len(m.Cols)),
				estimator.CheckLen(name+".B", len(m.B), len(m.Cols)),
				estimator.CheckFinite(name+".A", m.A...),
				estimator.CheckFinite(name+".B", m.B...),
				estimator.CheckLen(name+".Iso", len(m.Iso), 0),
			); err != nil {
				return err
			}
		} else if err := estimator.FirstError(
			estimator.CheckLen(name+".Iso", len(m.Iso), len(m.Cols)),
			estimator.CheckLen(name+".A", len(m.A), 0),
			estimator.CheckLen(name+".B", len(m.B), 0),
		); err != nil {
			return err
		}
	}
	return nil
}

func isNil(e any) bool {
	if e == nil {
		return true
	}
	v := reflect.ValueOf(e)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func:
		return v.IsNil()
	}
	return false
}

func prefixParamError(name string, err error) error {
	var pe *estimator.ParamError
	if errors.As(err, &pe) {
		return &estimator.ParamError{Param: name + "." + pe.Param, Value: pe.Value, Reason: pe.Reason}
	}
	var ce *estimator.CycleError
	if errors.As(err, &ce) {
		return err
	}
	return &estimator.ParamError{Param: name, Reason: err.Error()}
}

// Validate checks the hyperparameters (and the Estimator's own, as "Estimator.X").
func (c *CalibratedClassifierCV) Validate() error {
	if err := estimator.CheckGraph(c); err != nil {
		return err
	}
	switch c.Method {
	case MethodDefault, MethodSigmoid, MethodIsotonic:
	default:
		return &estimator.ParamError{Param: "Method", Value: c.Method, Reason: `must be "sigmoid" or "isotonic" ("" means "sigmoid")`}
	}
	if c.Estimator != nil {
		if isNil(c.Estimator) {
			return &estimator.ParamError{Param: "Estimator", Reason: "is a nil pointer (use a nil interface for the default)"}
		}
		if !estimator.IsClassifier(c.Estimator) {
			return &estimator.ParamError{Param: "Estimator", Value: fmt.Sprintf("%T", c.Estimator), Reason: "must be a classifier"}
		}
		if methodOf(c.Estimator) == "" {
			return &estimator.ParamError{Param: "Estimator", Value: fmt.Sprintf("%T", c.Estimator),
				Reason: "has neither a decision function (DecisionFunctionMatrix or DecisionFunction) nor PredictProba, so it gives no scores to calibrate"}
		}
		if v, ok := c.Estimator.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return prefixParamError("Estimator", err)
			}
		}
	} else if c.Prefit {
		return &estimator.ParamError{Param: "Prefit", Value: true, Reason: "needs a fitted Estimator"}
	}
	if c.CV != nil && !c.Prefit {
		if isNil(c.CV) {
			return &estimator.ParamError{Param: "CV", Reason: "is a nil pointer (use a nil interface for the default)"}
		}
		if v, ok := c.CV.(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return prefixParamError("CV", err)
			}
		}
	}
	if c.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: c.Workers, Reason: "must be >= 0"}
	}
	return nil
}

// String prints the settings.
func (c *CalibratedClassifierCV) String() string { return estimator.Format(c) }

// template returns an unfitted classifier: a clone of Estimator, or the default.
func (c *CalibratedClassifierCV) template() estimator.Estimator {
	if c.Estimator != nil {
		return estimator.Clone(c.Estimator)
	}
	return &svm.LinearSVC{}
}

func (c *CalibratedClassifierCV) method() Method {
	if c.Method == MethodDefault {
		return MethodSigmoid
	}
	return c.Method
}

func (c *CalibratedClassifierCV) splitter() crossval.Splitter {
	if c.CV != nil {
		return c.CV
	}
	return crossval.StratifiedKFold{K: 5}
}

// nFolds returns scikit-learn's n_folds for the splitters that have one (an int cv
// or a splitter with n_splits), or 0.
func nFolds(s crossval.Splitter) int {
	k := -1
	switch v := s.(type) {
	case crossval.StratifiedKFold:
		k = v.K
	case *crossval.StratifiedKFold:
		k = v.K
	case crossval.KFold:
		k = v.K
	case *crossval.KFold:
		k = v.K
	}
	switch {
	case k < 0:
		return 0
	case k == 0:
		return 5
	}
	return k
}

// Fit calibrates on X (n×p) and class labels y.
func (c *CalibratedClassifierCV) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	return c.FitWeighted(ctx, X, y, nil)
}

// FitWeighted calibrates with sample weights w (nil means all ones; finite, >= 0).
// It returns a *estimator.ParamError for bad settings; an error wrapping
// estimator.ErrInvalidData for empty input, non-finite labels or weights, fewer than
// two classes, a class with fewer rows than the K of a KFold or StratifiedKFold CV,
// or, with Prefit, labels the fitted Estimator does not know; estimator.ErrNotFitted
// when Prefit is set and Estimator is not fitted; estimator.ErrShape for
// mismatched lengths; the Estimator's own errors (NaN in X among them), naming the
// fold; and ctx.Err() when ctx is done. On error the previous model is kept.
func (c *CalibratedClassifierCV) FitWeighted(ctx context.Context, X mat.Matrix, y, w []float64) error {
	const typ = "calibration.CalibratedClassifierCV"
	if err := c.Validate(); err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	n, p, err := estimator.Dims(X)
	if err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if n == 0 || p == 0 {
		return fmt.Errorf("%s: X is empty (%d×%d): %w", typ, n, p, estimator.ErrInvalidData)
	}
	if y == nil {
		return fmt.Errorf("%s: y is nil, a classifier needs labels: %w", typ, estimator.ErrInvalidData)
	}
	if len(y) != n {
		return fmt.Errorf("%s: X has %d rows but y has %d values: %w", typ, n, len(y), estimator.ErrShape)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: y[%d] is %v: %w", typ, i, v, estimator.ErrInvalidData)
		}
	}
	if w != nil {
		if len(w) != n {
			return fmt.Errorf("%s: %d sample weights for %d rows: %w", typ, len(w), n, estimator.ErrShape)
		}
		for i, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("%s: sample weight %d is %v, weights must be finite and >= 0: %w", typ, i, v, estimator.ErrInvalidData)
			}
		}
	}
	classes, err := estimator.CheckClassLabels(y)
	if err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if len(classes) > MaxClasses {
		return fmt.Errorf("%s: y has %d classes, at most %d are supported: %w", typ, len(classes), MaxClasses, estimator.ErrInvalidData)
	}
	var f *calFit
	if c.Prefit {
		f, err = c.fitPrefit(X, y, w, classes, p)
	} else {
		f, err = c.fitCV(ctx, X, y, w, classes, p)
	}
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w", typ, err)
	}
	c.fit = f
	return nil
}

// fitPrefit calibrates the fitted Estimator on all rows.
func (c *CalibratedClassifierCV) fitPrefit(X mat.Matrix, y, w, classes []float64, p int) (*calFit, error) {
	clf, ok := c.Estimator.(estimator.Classifier)
	if !ok || clf.Classes() == nil {
		return nil, fmt.Errorf("Prefit is set but Estimator (%T) is not fitted: %w", c.Estimator, estimator.ErrNotFitted)
	}
	baseClasses := clf.Classes()
	if len(baseClasses) < 2 || len(baseClasses) > MaxClasses {
		return nil, fmt.Errorf("the fitted Estimator has %d classes: %w", len(baseClasses), estimator.ErrInvalidData)
	}
	for i, v := range y {
		if _, found := slices.BinarySearch(baseClasses, v); !found {
			return nil, fmt.Errorf("y[%d] = %v is not a class of the fitted Estimator %v: %w", i, v, baseClasses, estimator.ErrInvalidData)
		}
	}
	// Own a copy of the fitted classifier.
	var buf bytes.Buffer
	if err := estimator.Save(&buf, c.Estimator); err != nil {
		return nil, fmt.Errorf("copying the prefit Estimator: %w", err)
	}
	base := estimator.Clone(c.Estimator)
	if err := estimator.Load(bytes.NewReader(buf.Bytes()), base); err != nil {
		return nil, fmt.Errorf("copying the prefit Estimator: %w", err)
	}
	f := &calFit{Classes: baseClasses, NFeatures: p, Method: c.method(), Pred: methodOf(base)}
	scores, cols, err := scoresOf(base, f.Pred, X, len(baseClasses), baseClasses)
	if err != nil {
		return nil, err
	}
	m, err := fitCalibrators(base, scores, cols, y, w, baseClasses, f.Method)
	if err != nil {
		return nil, err
	}
	f.Members = []memberState{*m}
	return f, nil
}

// checkFolds rejects folds with an empty side or rows out of range, and (for
// NoEnsemble) folds whose test sides do not partition the rows.
func checkFolds(folds []crossval.Fold, n int, partition bool) error {
	if len(folds) == 0 {
		return fmt.Errorf("the CV splitter returned no folds: %w", estimator.ErrInvalidParam)
	}
	if len(folds) > MaxFolds {
		return fmt.Errorf("the CV splitter returned %d folds, at most %d are supported: %w", len(folds), MaxFolds, estimator.ErrInvalidParam)
	}
	seen := make([]bool, n)
	for i, f := range folds {
		if len(f.Train) == 0 || len(f.Test) == 0 {
			return fmt.Errorf("fold %d has %d training and %d test rows, both must be non-empty: %w", i+1, len(f.Train), len(f.Test), estimator.ErrInvalidParam)
		}
		for _, r := range f.Train {
			if r < 0 || r >= n {
				return fmt.Errorf("fold %d: row %d is out of range [0, %d): %w", i+1, r, n, estimator.ErrInvalidParam)
			}
		}
		for _, r := range f.Test {
			if r < 0 || r >= n {
				return fmt.Errorf("fold %d: row %d is out of range [0, %d): %w", i+1, r, n, estimator.ErrInvalidParam)
			}
			if partition {
				if seen[r] {
					return fmt.Errorf("row %d is in the test side of two folds; NoEnsemble needs folds that partition the rows: %w", r, estimator.ErrInvalidParam)
				}
				seen[r] = true
			}
		}
	}
	if partition {
		for r, s := range seen {
			if !s {
				return fmt.Errorf("row %d is in no test fold; NoEnsemble needs folds that partition the rows: %w", r, estimator.ErrInvalidParam)
			}
		}
	}
	return nil
}

// fitOne fits e on X, y with weights w when e takes them.
func fitOne(ctx context.Context, e estimator.Estimator, X mat.Matrix, y, w []float64) error {
	if wf, ok := e.(estimator.WeightedFitter); ok && w != nil {
		return wf.FitWeighted(ctx, X, y, w)
	}
	return e.Fit(ctx, X, y)
}

// fitCV fits on cross-validation folds, with or without the ensemble.
func (c *CalibratedClassifierCV) fitCV(ctx context.Context, X mat.Matrix, y, w, classes []float64, p int) (*calFit, error) {
	n := len(y)
	if k := nFolds(c.splitter()); k > 0 {
		counts := make(map[float64]int, len(classes))
		for _, v := range y {
			counts[v]++
		}
		for _, cl := range classes {
			if counts[cl] < k {
				return nil, fmt.Errorf("%d-fold cross-validation needs at least %d rows of every class, class %v has %d: %w",
					k, k, cl, counts[cl], estimator.ErrInvalidData)
			}
		}
	}
	folds, err := c.splitter().Split(n, y)
	if err != nil {
		return nil, fmt.Errorf("CV: %w", err)
	}
	if err := checkFolds(folds, n, c.NoEnsemble); err != nil {
		return nil, err
	}
	tmpl := c.template()
	f := &calFit{Classes: classes, NFeatures: p, Method: c.method(), Pred: methodOf(tmpl)}
	if f.Pred == "" {
		return nil, fmt.Errorf("%T has neither a decision function nor PredictProba: %w", tmpl, errors.ErrUnsupported)
	}
	k := len(classes)
	if !c.NoEnsemble {
		members := make([]memberState, len(folds))
		err := parallel.Run(ctx, len(folds), c.Workers, func(ctx context.Context, i int) error {
			return parallel.Protect(func() error {
				fd := folds[i]
				base := c.template()
				if err := fitOne(ctx, base, estimator.Rows(X, fd.Train), estimator.Select(y, fd.Train), estimator.Select(w, fd.Train)); err != nil {
					if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
						return err
					}
					return fmt.Errorf("fold %d: %w", i+1, err)
				}
				scores, cols, err := scoresOf(base, f.Pred, estimator.Rows(X, fd.Test), k, classes)
				if err != nil {
					return fmt.Errorf("fold %d: %w", i+1, err)
				}
				m, err := fitCalibrators(base, scores, cols, estimator.Select(y, fd.Test), estimator.Select(w, fd.Test), classes, f.Method)
				if err != nil {
					return fmt.Errorf("fold %d: %w", i+1, err)
				}
				members[i] = *m
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
		f.Members = members
		return f, nil
	}
	// NoEnsemble: out-of-fold scores (scikit-learn's cross_val_predict), then one
	// refit on all rows.
	width := k
	if k == 2 {
		width = 1
	}
	oof := mat.NewDense(n, width, nil)
	err = parallel.Run(ctx, len(folds), c.Workers, func(ctx context.Context, i int) error {
		return parallel.Protect(func() error {
			fd := folds[i]
			base := c.template()
			if err := fitOne(ctx, base, estimator.Rows(X, fd.Train), estimator.Select(y, fd.Train), estimator.Select(w, fd.Train)); err != nil {
				if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
					return err
				}
				return fmt.Errorf("fold %d: %w", i+1, err)
			}
			scores, cols, err := scoresOf(base, f.Pred, estimator.Rows(X, fd.Test), k, classes)
			if err != nil {
				return fmt.Errorf("fold %d: %w", i+1, err)
			}
			if len(cols) != width && f.Pred == predDecision {
				return fmt.Errorf("fold %d: the classifier saw %d of the %d classes; cross-validated decision values need every class in every training fold: %w",
					i+1, len(base.(estimator.Classifier).Classes()), k, estimator.ErrInvalidData)
			}
			// Scatter by class (probability 0 for classes the fold did not see, as
			// cross_val_predict does) and by row; every row belongs to one fold.
			for a, r := range fd.Test {
				row := oof.RawRowView(r)
				src := scores.RawRowView(a)
				if k == 2 {
					row[0] = src[0]
					continue
				}
				for j, col := range cols {
					row[col] = src[j]
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	base := c.template()
	if err := fitOne(ctx, base, X, y, w); err != nil {
		return nil, err
	}
	if got := len(base.(estimator.Classifier).Classes()); got != k {
		return nil, fmt.Errorf("the classifier refitted on all rows has %d classes for %d: %w", got, k, estimator.ErrInvalidData)
	}
	cols := make([]int, width)
	for j := range cols {
		cols[j] = j
	}
	if k == 2 {
		cols[0] = 1
	}
	m, err := fitCalibrators(base, oof, cols, y, w, classes, f.Method)
	if err != nil {
		return nil, err
	}
	f.Members = []memberState{*m}
	return f, nil
}

// scoresOf returns the fitted classifier's scores on X and, per score column, the
// class (index into classes) it is for: one column for the second class of a
// two-class problem, else one per class the classifier knows (scikit-learn's
// _compute_predictions with pos_class_indices).
func scoresOf(base estimator.Estimator, method predMethod, X mat.Matrix, k int, classes []float64) (*mat.Dense, []int, error) {
	clf, ok := base.(estimator.Classifier)
	if !ok {
		return nil, nil, fmt.Errorf("%T is not a classifier: %w", base, estimator.ErrInvalidParam)
	}
	own := clf.Classes()
	cols := make([]int, len(own))
	for j, v := range own {
		idx, found := slices.BinarySearch(classes, v)
		if !found {
			return nil, nil, fmt.Errorf("the classifier knows class %v, which is not one of %v: %w", v, classes, estimator.ErrInvalidData)
		}
		cols[j] = idx
	}
	n, _, err := estimator.Dims(X)
	if err != nil {
		return nil, nil, err
	}
	var s *mat.Dense
	switch method {
	case predDecision:
		switch d := base.(type) {
		case matrixDecider:
			s, err = d.DecisionFunctionMatrix(X)
		case denseDecider:
			s, err = d.DecisionFunction(X)
		case sliceDecider:
			var v []float64
			if v, err = d.DecisionFunction(X); err == nil {
				if len(v) != n {
					return nil, nil, fmt.Errorf("DecisionFunction returned %d values for %d rows: %w", len(v), n, estimator.ErrShape)
				}
				s = mat.NewDense(n, 1, v)
			}
		default:
			return nil, nil, fmt.Errorf("%T has no decision function: %w", base, errors.ErrUnsupported)
		}
		if err != nil {
			return nil, nil, err
		}
		if s == nil {
			return nil, nil, fmt.Errorf("the decision function returned nil: %w", estimator.ErrInvalidData)
		}
		r, c := s.Dims()
		want := len(own)
		if want == 2 {
			want = 1
		}
		if r != n || c != want {
			return nil, nil, fmt.Errorf("the decision function returned %d×%d for %d rows and %d classes (want %d columns): %w", r, c, n, len(own), want, estimator.ErrShape)
		}
		if len(own) == 2 {
			if k != 2 {
				return nil, nil, fmt.Errorf("the classifier saw only 2 of the %d classes (a fold lacks classes?), its single decision value cannot be calibrated per class: %w", k, estimator.ErrInvalidData)
			}
			cols = cols[1:]
		}
	case predProba:
		pc, ok := base.(estimator.ProbaClassifier)
		if !ok {
			return nil, nil, fmt.Errorf("%T has no PredictProba: %w", base, errors.ErrUnsupported)
		}
		if s, err = pc.PredictProba(X); err != nil {
			return nil, nil, err
		}
		if s == nil {
			return nil, nil, fmt.Errorf("PredictProba returned nil: %w", estimator.ErrInvalidData)
		}
		if r, c := s.Dims(); r != n || c != len(own) {
			return nil, nil, fmt.Errorf("PredictProba returned %d×%d for %d rows and %d classes: %w", r, c, n, len(own), estimator.ErrShape)
		}
		if k == 2 {
			if len(own) != 2 {
				return nil, nil, fmt.Errorf("the classifier saw %d of the 2 classes: %w", len(own), estimator.ErrInvalidData)
			}
			s = mat.DenseCopyOf(s.Slice(0, n, 1, 2))
			cols = cols[1:]
		}
	default:
		return nil, nil, fmt.Errorf("unknown prediction method %q: %w", method, estimator.ErrInvalidParam)
	}
	raw := s.RawMatrix()
	for i := range n {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fmt.Errorf("the classifier's %s is %v at row %d, column %d: %w", method, v, i, j, estimator.ErrInvalidData)
			}
		}
	}
	return s, cols, nil
}

// fitCalibrators fits one calibrator per score column (scikit-learn's
// _fit_calibrator): column j against the indicator of class cols[j].
func fitCalibrators(base estimator.Estimator, scores *mat.Dense, cols []int, y, w, classes []float64, method Method) (*memberState, error) {
	n, _ := scores.Dims()
	m := &memberState{Cols: cols, base: base}
	col := make([]float64, n)
	target := make([]float64, n)
	for j, cl := range cols {
		mat.Col(col, j, scores)
		for i, v := range y {
			target[i] = 0
			if v == classes[cl] {
				target[i] = 1
			}
		}
		switch method {
		case MethodIsotonic:
			iso := &isotonic.IsotonicRegression{OutOfBounds: isotonic.OutOfBoundsClip}
			if err := iso.FitXYWeighted(context.Background(), col, target, w); err != nil {
				return nil, fmt.Errorf("class %v: %w", classes[cl], err)
			}
			m.iso = append(m.iso, iso)
		default:
			a, b, err := fitSigmoid(col, target, w)
			if err != nil {
				return nil, fmt.Errorf("class %v: %w", classes[cl], err)
			}
			m.A = append(m.A, a)
			m.B = append(m.B, b)
		}
	}
	return m, nil
}

// proba returns one calibrated classifier's probabilities (scikit-learn's
// _CalibratedClassifier.predict_proba).
func (f *calFit) proba(m *memberState, X mat.Matrix, n int) (*mat.Dense, error) {
	k := len(f.Classes)
	scores, cols, err := scoresOf(m.base, f.Pred, X, k, f.Classes)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(cols, m.Cols) {
		return nil, fmt.Errorf("the classifier's classes do not match its calibrators: %w", estimator.ErrState)
	}
	out := mat.NewDense(n, k, nil)
	col := make([]float64, n)
	for j, cl := range cols {
		mat.Col(col, j, scores)
		if f.Method == MethodIsotonic {
			p, err := m.iso[j].PredictSlice(col)
			if err != nil {
				return nil, err
			}
			out.SetCol(cl, p)
			continue
		}
		a, b := m.A[j], m.B[j]
		for i, v := range col {
			col[i] = expit(-(float64(a*v) + b)) // no fused multiply-add, as numpy
		}
		out.SetCol(cl, col)
	}
	for i := range n {
		row := out.RawRowView(i)
		if k == 2 {
			row[0] = 1 - row[1]
		} else {
			s := 0.0
			for _, v := range row {
				s += v
			}
			for j := range row {
				if s != 0 {
					row[j] /= s
				} else {
					row[j] = 1 / float64(k)
				}
			}
		}
		for j, v := range row {
			if v > 1 && v <= 1+1e-5 {
				row[j] = 1
			}
		}
	}
	return out, nil
}

// PredictProba returns the n×K calibrated class probabilities, columns in Classes
// order: the mean over the calibrated classifiers. It returns estimator.ErrNotFitted
// before Fit, estimator.ErrShape for a wrong feature count, and the classifier's
// errors for unusable X (NaN, empty).
func (c *CalibratedClassifierCV) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	const typ = "calibration.CalibratedClassifierCV"
	f := c.fit
	if f == nil {
		return nil, fmt.Errorf("%s: %w", typ, estimator.ErrNotFitted)
	}
	n, p, err := estimator.Dims(X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typ, err)
	}
	if n == 0 || p == 0 {
		return nil, fmt.Errorf("%s: X is empty (%d×%d): %w", typ, n, p, estimator.ErrInvalidData)
	}
	if p != f.NFeatures {
		return nil, fmt.Errorf("%s: X has %d features, but the model was fitted with %d: %w", typ, p, f.NFeatures, estimator.ErrShape)
	}
	// The classifiers check X before anything of size n is allocated here.
	var mean *mat.Dense
	for i := range f.Members {
		pr, err := f.proba(&f.Members[i], X, n)
		if err != nil {
			return nil, fmt.Errorf("%s: calibrated classifier %d: %w", typ, i, err)
		}
		if mean == nil {
			mean = pr // 0 + p = p exactly
			continue
		}
		mean.Add(mean, pr)
	}
	cnt := float64(len(f.Members))
	raw := mean.RawMatrix()
	for i := range raw.Data {
		raw.Data[i] /= cnt // numpy's mean_proba /= len(...): a division, not a product
	}
	return mean, nil
}

// Predict returns the class of largest calibrated probability (the first on ties).
// Errors as for PredictProba.
func (c *CalibratedClassifierCV) Predict(X mat.Matrix) ([]float64, error) {
	pr, err := c.PredictProba(X)
	if err != nil {
		return nil, err
	}
	n, _ := pr.Dims()
	out := make([]float64, n)
	for i := range out {
		row := pr.RawRowView(i)
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		out[i] = c.fit.Classes[best]
	}
	return out, nil
}

// Classes returns the sorted class labels (of y, or of the prefit Estimator), or
// nil before Fit.
func (c *CalibratedClassifierCV) Classes() []float64 {
	if c.fit == nil {
		return nil
	}
	return slices.Clone(c.fit.Classes)
}

// CalibratedClassifier is one fitted classifier with its calibrators (an element of
// scikit-learn's calibrated_classifiers_).
type CalibratedClassifier struct {
	// Estimator is the fitted classifier. It belongs to the model: do not refit it.
	Estimator estimator.Estimator
	// Classes holds the class each calibrator gives the probability of (for two
	// classes, only the second class).
	Classes []float64
	// A and B are the sigmoid parameters per calibrator, P = 1/(1 + exp(A·s + B))
	// (MethodSigmoid; nil otherwise).
	A, B []float64
	// Isotonic holds the isotonic calibrators (MethodIsotonic; nil otherwise). They
	// belong to the model: do not refit them.
	Isotonic []*isotonic.IsotonicRegression
}

// CalibratedClassifiers returns the fitted classifiers with their calibrators (one
// per fold, or one with NoEnsemble or Prefit), or nil before Fit.
func (c *CalibratedClassifierCV) CalibratedClassifiers() []CalibratedClassifier {
	if c.fit == nil {
		return nil
	}
	out := make([]CalibratedClassifier, len(c.fit.Members))
	for i, m := range c.fit.Members {
		cc := CalibratedClassifier{Estimator: m.base, A: slices.Clone(m.A), B: slices.Clone(m.B), Isotonic: slices.Clone(m.iso)}
		for _, j := range m.Cols {
			cc.Classes = append(cc.Classes, c.fit.Classes[j])
		}
		out[i] = cc
	}
	return out
}

// MarshalState returns the learned state, fitted classifiers and calibrators
// included; nil before Fit.
func (c *CalibratedClassifierCV) MarshalState() ([]byte, error) {
	f := c.fit
	if f == nil {
		return nil, nil
	}
	cp := *f
	cp.Members = make([]memberState, len(f.Members))
	for i, m := range f.Members {
		var buf bytes.Buffer
		if err := estimator.Save(&buf, m.base); err != nil {
			return nil, fmt.Errorf("calibration.CalibratedClassifierCV: classifier %d: %w", i, err)
		}
		cm := memberState{Base: buf.Bytes(), Cols: m.Cols, A: m.A, B: m.B}
		for _, iso := range m.iso {
			b, err := iso.MarshalState()
			if err != nil {
				return nil, err
			}
			cm.Iso = append(cm.Iso, b)
		}
		cp.Members[i] = cm
	}
	return estimator.EncodeState(calStateVersion, &cp)
}

// UnmarshalState restores what MarshalState returned, loading each classifier into
// a clone of Estimator (or the default); state that fails its checks (see
// calFit.Check), a classifier that does not load or whose classes do not match its
// calibrators, or isotonic calibrators that fail theirs give an error wrapping
// estimator.ErrState, and c is unchanged.
func (c *CalibratedClassifierCV) UnmarshalState(data []byte) error {
	const typ = "calibration.CalibratedClassifierCV"
	var f *calFit
	if err := estimator.DecodeState(data, calStateVersion, &f); err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	if f == nil {
		c.fit = nil
		return nil
	}
	k := len(f.Classes)
	for i := range f.Members {
		m := &f.Members[i]
		base := c.template()
		if err := estimator.Load(bytes.NewReader(m.Base), base); err != nil {
			return fmt.Errorf("%s: classifier %d: %w: %w", typ, i, err, estimator.ErrState)
		}
		clf, ok := base.(estimator.Classifier)
		if !ok || methodOf(base) != f.Pred {
			return fmt.Errorf("%s: classifier %d (%T) cannot give %s scores: %w", typ, i, base, f.Pred, estimator.ErrState)
		}
		own := clf.Classes()
		var want []int
		for _, v := range own {
			j, found := slices.BinarySearch(f.Classes, v)
			if !found {
				return fmt.Errorf("%s: classifier %d knows class %v, not one of %v: %w", typ, i, v, f.Classes, estimator.ErrState)
			}
			want = append(want, j)
		}
		if k == 2 || (f.Pred == predDecision && len(own) == 2) {
			if len(want) != 2 {
				return fmt.Errorf("%s: classifier %d has %d classes: %w", typ, i, len(own), estimator.ErrState)
			}
			want = want[1:]
		}
		if !slices.Equal(want, m.Cols) {
			return fmt.Errorf("%s: classifier %d's classes do not match its calibrators: %w", typ, i, estimator.ErrState)
		}
		m.base = base
		for j, b := range m.Iso {
			iso := &isotonic.IsotonicRegression{OutOfBounds: isotonic.OutOfBoundsClip}
			if len(b) == 0 {
				return fmt.Errorf("%s: classifier %d: isotonic calibrator %d is empty: %w", typ, i, j, estimator.ErrState)
			}
			if err := iso.UnmarshalState(b); err != nil {
				return fmt.Errorf("%s: classifier %d: %w", typ, i, err)
			}
			m.iso = append(m.iso, iso)
		}
		m.Base, m.Iso = nil, nil
	}
	c.fit = f
	return nil
}
