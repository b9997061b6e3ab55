package inspection

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

// MaxGridPoints bounds the number of points of a partial-dependence grid.
const MaxGridPoints = 1 << 20

// Kind selects what PartialDependence returns (scikit-learn's kind).
type Kind string

const (
	// KindAverage (the zero value, or "average") returns the averaged predictions.
	KindAverage Kind = ""
	// KindAverageName is KindAverage spelled as scikit-learn does.
	KindAverageName Kind = "average"
	// KindIndividual returns one curve per row (ICE curves).
	KindIndividual Kind = "individual"
	// KindBoth returns both.
	KindBoth Kind = "both"
)

// ResponseMethod selects the classifier output PartialDependence averages.
type ResponseMethod string

const (
	// ResponseAuto (the zero value, or "auto") uses PredictProba when the classifier
	// has it, else its decision function. Regressors always use Predict.
	ResponseAuto ResponseMethod = ""
	// ResponsePredictProba uses PredictProba.
	ResponsePredictProba ResponseMethod = "predict_proba"
	// ResponseDecisionFunction uses DecisionFunctionMatrix, or DecisionFunction for a
	// two-class model without it.
	ResponseDecisionFunction ResponseMethod = "decision_function"
)

// PDOptions configures PartialDependence. A nil *PDOptions means the defaults.
type PDOptions struct {
	// Percentiles are the lower and upper percentiles of each feature's grid, in
	// [0, 1] with the first below the second; the zero value means (0.05, 0.95).
	Percentiles [2]float64
	// GridResolution is the number of grid values per feature; 0 means 100. A
	// feature with fewer distinct values uses its distinct values instead.
	GridResolution int
	// Kind selects averaged predictions, individual (ICE) curves or both.
	Kind Kind
	// ResponseMethod selects the classifier output; the zero value is "auto".
	ResponseMethod ResponseMethod
	// Categorical lists the columns of X that are categorical (scikit-learn
	// categorical_features): their grid is always their distinct values, whatever
	// GridResolution and Percentiles.
	Categorical []int
	// Workers bounds the grid points evaluated at once; 0 means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
}

// PartialDependenceResult holds the partial dependence of the model on the features
// (scikit-learn's Bunch). Grid points are ordered as numpy's cartesian product: the
// last feature varies fastest.
type PartialDependenceResult struct {
	// Values holds the grid values of each feature (scikit-learn values /
	// grid_values).
	Values [][]float64
	// Average[k][g] is the mean over the rows of output k at grid point g; nil for
	// KindIndividual.
	Average [][]float64
	// Individual[k][i][g] is output k for row i at grid point g (ICE curves); nil
	// for KindAverage.
	Individual [][][]float64
	// Outputs names the outputs k: nil for a regressor (one output, Predict); for a
	// classifier the class labels the outputs belong to (one, Classes()[1], for a
	// two-class model, as scikit-learn keeps only the positive class).
	Outputs []float64
}

// PartialDependence computes the partial dependence of the fitted model est on the
// features (column indices of X; one for a curve, two for a surface, more allowed)
// by scikit-learn 1.2.1's "brute" method (inspection.partial_dependence): for every
// point of a grid over those features, it sets the features of every row of X to the
// point's values, predicts, and averages over the rows. Regressors (and any
// estimator.Predictor that is not a classifier) average Predict. Classifiers average
// PredictProba (or their decision function, see ResponseMethod): one output per
// class, or only the positive class Classes()[1] for two classes.
//
// Each feature's grid is, as in scikit-learn's _grid_from_X, its sorted distinct
// values when it is categorical or has fewer than GridResolution, else GridResolution evenly spaced
// values between its Percentiles, computed as scipy's mquantiles (alphap = betap =
// 0.4). Grid points are evaluated in parallel (each with its own copy of X) and the
// result is identical for any Workers. ctx is checked between grid points.
//
// Errors: estimator.ErrInvalidData for unusable X or a feature whose percentiles are
// equal, a *estimator.ParamError for bad options or features (out of range,
// repeated, a grid over MaxGridPoints), est's own errors (estimator.ErrNotFitted),
// errors.ErrUnsupported for a missing response method, and ctx.Err().
func PartialDependence(ctx context.Context, est estimator.Estimator, X mat.Matrix, features []int, opt *PDOptions) (*PartialDependenceResult, error) {
	const prefix = "inspection.PartialDependence"
	if opt == nil {
		opt = &PDOptions{}
	}
	if est == nil || isNil(est) {
		return nil, fmt.Errorf("%s: nil estimator: %w", prefix, estimator.ErrInvalidData)
	}
	lo, hi := opt.Percentiles[0], opt.Percentiles[1]
	if lo == 0 && hi == 0 {
		lo, hi = 0.05, 0.95
	}
	if !(lo >= 0 && hi <= 1 && lo < hi) {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Percentiles", Value: opt.Percentiles, Reason: "must be in [0, 1], the first below the second"})
	}
	res := opt.GridResolution
	if res == 0 {
		res = 100
	}
	if res <= 1 || res > MaxGridPoints {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "GridResolution", Value: opt.GridResolution, Reason: fmt.Sprintf("must be in [2, %d], or 0 for 100", MaxGridPoints)})
	}
	switch opt.Kind {
	case KindAverage, KindAverageName, KindIndividual, KindBoth:
	default:
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Kind", Value: opt.Kind, Reason: `must be "average", "individual" or "both"`})
	}
	if opt.Workers < 0 {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Workers", Value: opt.Workers, Reason: "must be >= 0"})
	}
	resp, err := pickResponse(est, opt.ResponseMethod)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	x, err := estimator.CheckXMissing(X)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	n, p := x.Dims()
	if len(features) == 0 {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "features", Reason: "at least one feature is needed"})
	}
	for i, f := range features {
		if f < 0 || f >= p {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "features", Value: f, Reason: fmt.Sprintf("X has %d features", p)})
		}
		if slices.Contains(features[:i], f) {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "features", Value: f, Reason: "is repeated"})
		}
	}
	out := &PartialDependenceResult{Values: make([][]float64, len(features))}
	points := 1
	for i, f := range features {
		col := make([]float64, n)
		for r := range col {
			col[r] = x.At(r, f)
		}
		axis, err := gridAxis(col, lo, hi, res, slices.Contains(opt.Categorical, f))
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w", prefix, f, err)
		}
		out.Values[i] = axis
		if points > MaxGridPoints/len(axis) {
			return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "GridResolution", Value: res, Reason: fmt.Sprintf("the grid over %d features has more than %d points", len(features), MaxGridPoints)})
		}
		points *= len(axis)
	}
	wantInd := opt.Kind == KindIndividual || opt.Kind == KindBoth
	if wantInd && n > MaxGridPoints*8/points {
		return nil, fmt.Errorf("%s: %w", prefix, &estimator.ParamError{Param: "Kind", Value: opt.Kind, Reason: fmt.Sprintf("%d rows × %d grid points of individual curves is too many", n, points)})
	}
	// evals[g] is the n×K output at grid point g.
	evals := make([]*mat.Dense, points)
	err = parallel.Run(ctx, points, parallel.Workers(opt.Workers), func(ctx context.Context, g int) error {
		return parallel.Protect(func() error {
			xe := mat.DenseCopyOf(x)
			rem := g
			for i := len(features) - 1; i >= 0; i-- { // the last feature varies fastest
				axis := out.Values[i]
				v := axis[rem%len(axis)]
				rem /= len(axis)
				for r := 0; r < n; r++ {
					xe.Set(r, features[i], v)
				}
			}
			o, err := resp.eval(xe, n)
			if err != nil {
				return err
			}
			evals[g] = o
			return nil
		})
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	_, k := evals[0].Dims()
	for g, e := range evals {
		if _, c := e.Dims(); c != k {
			return nil, fmt.Errorf("%s: the model gave %d outputs at grid point 0 and %d at %d: %w", prefix, k, c, g, estimator.ErrShape)
		}
	}
	out.Outputs = resp.outputs
	if opt.Kind != KindIndividual {
		out.Average = make([][]float64, k)
		for o := range out.Average {
			avg := make([]float64, points)
			for g, e := range evals {
				s := 0.0
				for r := 0; r < n; r++ {
					s += e.At(r, o)
				}
				avg[g] = s / float64(n)
			}
			out.Average[o] = avg
		}
	}
	if wantInd {
		out.Individual = make([][][]float64, k)
		for o := range out.Individual {
			rows := make([][]float64, n)
			for r := range rows {
				rows[r] = make([]float64, points)
				for g, e := range evals {
					rows[r][g] = e.At(r, o)
				}
			}
			out.Individual[o] = rows
		}
	}
	return out, nil
}

// gridAxis is one feature's axis of scikit-learn's _grid_from_X.
func gridAxis(col []float64, lo, hi float64, res int, categorical bool) ([]float64, error) {
	sorted := slices.Clone(col)
	slices.Sort(sorted)
	uniq := slices.Compact(slices.Clone(sorted))
	if categorical || len(uniq) < res {
		return uniq, nil
	}
	a, b := mquantile(sorted, lo), mquantile(sorted, hi)
	if math.Abs(a-b) <= 1e-8+1e-5*math.Abs(b) { // numpy.allclose
		return nil, fmt.Errorf("the percentiles give the same value %v; widen Percentiles: %w", a, estimator.ErrInvalidData)
	}
	axis := make([]float64, res)
	step := (b - a) / float64(res-1)
	for i := range axis {
		axis[i] = a + float64(i)*step // numpy.linspace
	}
	axis[res-1] = b
	return axis, nil
}

// mquantile is scipy.stats.mstats.mquantiles with alphap = betap = 0.4 on sorted x.
func mquantile(x []float64, p float64) float64 {
	n := len(x)
	if n == 1 {
		return x[0]
	}
	const alphap, betap = 0.4, 0.4
	m := alphap + p*(1-alphap-betap)
	aleph := float64(n)*p + m
	k := int(math.Floor(min(max(aleph, 1), float64(n-1))))
	gamma := min(max(aleph-float64(k), 0), 1)
	return (1-gamma)*x[k-1] + gamma*x[k]
}

// response evaluates the model output PartialDependence averages.
type response struct {
	eval    func(x *mat.Dense, n int) (*mat.Dense, error)
	outputs []float64
}

type matrixDecider interface {
	DecisionFunctionMatrix(X mat.Matrix) (*mat.Dense, error)
}

type decider interface {
	DecisionFunction(X mat.Matrix) ([]float64, error)
}

func pickResponse(est estimator.Estimator, method ResponseMethod) (*response, error) {
	switch method {
	case ResponseAuto, "auto", ResponsePredictProba, ResponseDecisionFunction:
	default:
		return nil, &estimator.ParamError{Param: "ResponseMethod", Value: method, Reason: `must be "auto", "predict_proba" or "decision_function"`}
	}
	if !estimator.IsClassifier(est) {
		if method == ResponsePredictProba || method == ResponseDecisionFunction {
			return nil, &estimator.ParamError{Param: "ResponseMethod", Value: method, Reason: "is for classifiers; a regressor uses Predict"}
		}
		pr, ok := est.(estimator.Predictor)
		if !ok {
			return nil, fmt.Errorf("%T has no Predict: %w", est, errors.ErrUnsupported)
		}
		return &response{eval: func(x *mat.Dense, n int) (*mat.Dense, error) {
			v, err := pr.Predict(x)
			if err != nil {
				return nil, err
			}
			if len(v) != n {
				return nil, fmt.Errorf("Predict returned %d values for %d rows: %w", len(v), n, estimator.ErrShape)
			}
			return mat.NewDense(n, 1, v), nil
		}}, nil
	}
	clf := est.(estimator.Classifier)
	classes := clf.Classes()
	if classes == nil {
		return nil, fmt.Errorf("%T: %w", est, estimator.ErrNotFitted)
	}
	outputs := classes
	if len(classes) == 2 {
		outputs = classes[1:]
	}
	pc, hasProba := est.(estimator.ProbaClassifier)
	hasProba = hasProba && estimator.Can(est, estimator.CanPredictProba)
	md, hasMatrix := est.(matrixDecider)
	dd, hasDecision := est.(decider)
	if method == ResponsePredictProba && !hasProba {
		return nil, fmt.Errorf("%T has no PredictProba: %w", est, errors.ErrUnsupported)
	}
	if method == ResponseDecisionFunction && !hasMatrix && !hasDecision {
		return nil, fmt.Errorf("%T has no decision function: %w", est, errors.ErrUnsupported)
	}
	if hasProba && method != ResponseDecisionFunction {
		return &response{outputs: outputs, eval: func(x *mat.Dense, n int) (*mat.Dense, error) {
			p, err := pc.PredictProba(x)
			if err != nil {
				return nil, err
			}
			if p == nil {
				return nil, fmt.Errorf("PredictProba returned nil: %w", estimator.ErrInvalidData)
			}
			if r, c := p.Dims(); r != n || c != len(classes) {
				return nil, fmt.Errorf("PredictProba returned %d×%d for %d rows and %d classes: %w", r, c, n, len(classes), estimator.ErrShape)
			}
			if len(classes) == 2 {
				return mat.DenseCopyOf(p.Slice(0, n, 1, 2)), nil
			}
			return p, nil
		}}, nil
	}
	if !hasMatrix && !hasDecision {
		return nil, fmt.Errorf("%T has neither PredictProba nor a decision function: %w", est, errors.ErrUnsupported)
	}
	return &response{outputs: outputs, eval: func(x *mat.Dense, n int) (*mat.Dense, error) {
		var d *mat.Dense
		if hasMatrix {
			var err error
			if d, err = md.DecisionFunctionMatrix(x); err != nil {
				return nil, err
			}
		} else {
			v, err := dd.DecisionFunction(x)
			if err != nil {
				return nil, err
			}
			if len(v) != n {
				return nil, fmt.Errorf("DecisionFunction returned %d values for %d rows: %w", len(v), n, estimator.ErrShape)
			}
			d = mat.NewDense(n, 1, v)
		}
		if d == nil {
			return nil, fmt.Errorf("the decision function returned nil: %w", estimator.ErrInvalidData)
		}
		if r, c := d.Dims(); r != n || c != len(outputs) {
			return nil, fmt.Errorf("the decision function returned %d×%d for %d rows and %d outputs: %w", r, c, n, len(outputs), estimator.ErrShape)
		}
		return d, nil
	}}, nil
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func:
		return rv.IsNil()
	}
	return false
}
