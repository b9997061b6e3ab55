package estimator

import (
	"fmt"
	"reflect"

	"gonum.org/v1/gonum/mat"
)

// Capability names a method a caller may want to use on an estimator: [Can] answers
// whether the estimator really supports it. A composite (a pipeline, a search, a
// meta-estimator) has every method by its type, whatever it wraps: a Pipeline that
// ends in linear.Ridge still has a PredictProba method, which returns an error. A
// type assertion cannot tell; Can can.
type Capability int

const (
	// CanPredict: Predict (an estimator.Predictor).
	CanPredict Capability = iota + 1
	// CanPredictProba: PredictProba (an estimator.ProbaClassifier).
	CanPredictProba
	// CanDecisionFunction: DecisionFunction returning one score per row (a
	// [DecisionFunctioner], scikit-learn's binary decision_function).
	CanDecisionFunction
	// CanClassify: Classes (an estimator.Classifier); the same as [IsClassifier].
	CanClassify
	// CanTransform: Transform (an estimator.Transformer).
	CanTransform
	// CanInverseTransform: InverseTransform (an estimator.InverseTransformer).
	CanInverseTransform
	// CanSampleWeight: FitWeighted (an estimator.WeightedFitter).
	CanSampleWeight
)

var capabilityNames = [...]string{"", "Predict", "PredictProba", "DecisionFunction", "Classify", "Transform", "InverseTransform", "SampleWeight"}

// String returns the capability's method name ("PredictProba").
func (c Capability) String() string {
	if c > 0 && int(c) < len(capabilityNames) {
		return capabilityNames[c]
	}
	return fmt.Sprintf("Capability(%d)", int(c))
}

// DecisionFunctioner is implemented by classifiers with a real-valued confidence
// score per row for the positive class Classes()[1] (scikit-learn's binary
// decision_function), such as linear.Logistic and svm.SVC.
type DecisionFunctioner interface {
	DecisionFunction(X mat.Matrix) ([]float64, error)
}

// Capable is implemented by composites and meta-estimators whose support of a
// capability depends on what they contain (a pipeline on its final step, soft vs hard
// voting). Can consults it before the method set.
type Capable interface {
	Can(c Capability) bool
}

// Can reports whether e supports capability c: whether calling the method can
// succeed, not only whether the method exists. An estimator implementing [Capable]
// answers for itself; otherwise e must have the method, and a meta-estimator that
// wraps one model ([Unwrapper]: Pipeline, tuning.Search, TransformedTargetRegressor)
// must wrap a model that can. Every library helper that adapts to an estimator's
// abilities (scorers, cross_val_predict, stacking, calibration, plots) asks Can.
func Can(e Estimator, c Capability) bool {
	for range MaxDepth { // an Unwrap chain that loops (a cycle) ends here
		if e == nil || isNilValue(reflect.ValueOf(e)) {
			return false
		}
		if ce, ok := e.(Capable); ok {
			return ce.Can(c)
		}
		if c == CanClassify {
			return IsClassifier(e)
		}
		if !hasMethod(e, c) {
			return false
		}
		u, ok := e.(Unwrapper)
		if !ok {
			return true
		}
		e = u.Unwrap()
	}
	return false
}

// hasMethod reports whether e's method set provides capability c.
func hasMethod(e Estimator, c Capability) bool {
	var ok bool
	switch c {
	case CanPredict:
		_, ok = e.(Predictor)
	case CanPredictProba:
		_, ok = e.(ProbaClassifier)
	case CanDecisionFunction:
		_, ok = e.(DecisionFunctioner)
	case CanClassify:
		_, ok = e.(Classifier)
	case CanTransform:
		_, ok = e.(Transformer)
	case CanInverseTransform:
		_, ok = e.(InverseTransformer)
	case CanSampleWeight:
		_, ok = e.(WeightedFitter)
	}
	return ok
}
