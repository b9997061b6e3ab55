package pipeline

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Capable            = (*Pipeline)(nil)
	_ estimator.DecisionFunctioner = (*Pipeline)(nil)
)

// Can reports what the pipeline supports (estimator.Capable): Predict, PredictProba,
// DecisionFunction, Classes and sample weights as its final step does; Transform
// when the final step is a Transformer or estimator.Passthrough; InverseTransform when
// every step but passthroughs can invert. An empty pipeline can do nothing. Ask
// estimator.Can(p, estimator.CanPredictProba) rather than type-asserting p, which
// has every method.
func (p *Pipeline) Can(c estimator.Capability) bool {
	if len(p.Steps) == 0 {
		return false
	}
	last := p.Steps[len(p.Steps)-1].Est
	switch c {
	case estimator.CanTransform:
		return estimator.IsPassthrough(last) || estimator.Can(last, c)
	case estimator.CanInverseTransform:
		for _, s := range p.Steps {
			if !estimator.IsPassthrough(s.Est) && !estimator.Can(s.Est, c) {
				return false
			}
		}
		return true
	default:
		return !estimator.IsPassthrough(last) && estimator.Can(last, c)
	}
}

// DecisionFunction transforms X through every step but the last and returns the
// final step's decision function (one score per row for the positive class, as
// estimator.DecisionFunctioner). It returns ErrNotFitted before Fit and an error
// wrapping errors.ErrUnsupported when the final step has none.
func (p *Pipeline) DecisionFunction(X mat.Matrix) ([]float64, error) {
	last, err := p.final()
	if err != nil {
		return nil, err
	}
	df, ok := last.Est.(estimator.DecisionFunctioner)
	if !ok || !estimator.Can(last.Est, estimator.CanDecisionFunction) {
		if p.fit == nil {
			return nil, fmt.Errorf("pipeline: %w", estimator.ErrNotFitted)
		}
		return nil, unsupported(last, "DecisionFunction")
	}
	xt, err := p.transformUntil(X, len(p.Steps)-1)
	if err != nil {
		return nil, err
	}
	out, err := df.DecisionFunction(xt)
	if err != nil {
		return nil, stepErr(last, err)
	}
	return out, nil
}
