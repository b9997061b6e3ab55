package linear

// Learned state on disk and how the models print. Every MarshalState writes
// estimator.EncodeState with a per-type version, and every UnmarshalState decodes with
// estimator.DecodeState, whose Check call validates what Predict relies on; checks that
// need the hyperparameters (NoIntercept, Positive, MultiClass) follow the decode. A
// model file is untrusted input: forged state fails with an error wrapping
// estimator.ErrState and leaves the receiver unchanged.

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/estimator"
)

// State versions (estimator.EncodeState). Bump a type's version whenever the meaning
// or names of its fit struct's fields change.
const (
	regressionStateVersion = 1
	ridgeStateVersion      = 1
	lassoStateVersion      = 1
	elasticNetStateVersion = 1
	logisticStateVersion   = 1
)

// Check validates a decoded linearFit: NFeatures ≥ 1 coefficients, all finite, a
// finite intercept and dual gap, and a non-negative iteration count.
func (f *linearFit) Check() error {
	return estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, math.MaxInt),
		estimator.CheckLen("Coef", len(f.Coef), f.NFeatures),
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckFinite("Intercept", f.Intercept),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt),
		estimator.CheckFinite("DualGap", f.DualGap),
	)
}

// unmarshalLinear decodes the state of a least-squares model into *dst, checking it
// against the hyperparameters: no intercept with NoIntercept, no negative coefficient
// with Positive. On error *dst is unchanged.
func unmarshalLinear(name string, b []byte, version uint32, dst **linearFit, noIntercept, positive bool) error {
	var f *linearFit
	if err := estimator.DecodeState(b, version, &f); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if f != nil {
		if noIntercept && f.Intercept != 0 {
			return fmt.Errorf("%s: Intercept is %v but NoIntercept is set: %w", name, f.Intercept, estimator.ErrState)
		}
		if positive {
			for j, v := range f.Coef {
				if v < 0 {
					return fmt.Errorf("%s: Coef[%d] is %v but Positive is set: %w", name, j, v, estimator.ErrState)
				}
			}
		}
	}
	*dst = f
	return nil
}

// Check validates a decoded logisticFit: at least two sorted, distinct, finite
// classes, NFeatures ≥ 1, one coefficient row for two classes and K rows otherwise,
// Rows × NFeatures finite coefficients, Rows finite intercepts and a non-negative
// iteration count.
func (f *logisticFit) Check() error {
	K := len(f.Classes)
	wantRows := K
	if K == 2 {
		wantRows = 1
	}
	if err := estimator.FirstError(
		estimator.CheckClasses("Classes", f.Classes),
		estimator.CheckCount("NFeatures", f.NFeatures, 1, max(1, len(f.Coef))),
		estimator.CheckCount("Rows", f.Rows, wantRows, wantRows),
	); err != nil {
		return err
	}
	return estimator.FirstError(
		estimator.CheckLen("Coef", len(f.Coef), f.Rows*f.NFeatures), // no overflow: both bounded by the payload
		estimator.CheckFinite("Coef", f.Coef...),
		estimator.CheckLen("Intercept", len(f.Intercept), f.Rows),
		estimator.CheckFinite("Intercept", f.Intercept...),
		estimator.CheckCount("NIter", f.NIter, 0, math.MaxInt),
	)
}

// String returns the settings of r, as estimator.Format prints them.
func (r *Regression) String() string { return estimator.Format(r) }

// String returns the settings of r, as estimator.Format prints them.
func (r *Ridge) String() string { return estimator.Format(r) }

// String returns the settings of l, as estimator.Format prints them.
func (l *Lasso) String() string { return estimator.Format(l) }

// String returns the settings of e, as estimator.Format prints them.
func (e *ElasticNet) String() string { return estimator.Format(e) }

// String returns the settings of l, as estimator.Format prints them.
func (l *Logistic) String() string { return estimator.Format(l) }
