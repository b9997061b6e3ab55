package ensemble

import "github.com/skgo/skgo/estimator"

var (
	_ estimator.Capable = (*VotingClassifier)(nil)
	_ estimator.Capable = (*StackingClassifier)(nil)
)

// Can reports what the ensemble supports (estimator.Capable): PredictProba only with
// soft voting; the rest as its method set says.
func (v *VotingClassifier) Can(c estimator.Capability) bool {
	switch c {
	case estimator.CanPredictProba:
		return v.Voting == VotingSoft
	case estimator.CanClassify, estimator.CanPredict, estimator.CanTransform, estimator.CanSampleWeight:
		return true
	}
	return false
}

// Can reports what the ensemble supports (estimator.Capable): PredictProba and
// DecisionFunction as its final estimator (linear.Logistic when nil) does.
func (s *StackingClassifier) Can(c estimator.Capability) bool {
	switch c {
	case estimator.CanPredictProba, estimator.CanDecisionFunction:
		final := s.FinalEstimator
		if s.fit != nil {
			final = s.fit.final
		}
		if final == nil {
			return true // the default linear.Logistic has both
		}
		return estimator.Can(final, c)
	case estimator.CanClassify, estimator.CanPredict, estimator.CanTransform, estimator.CanSampleWeight:
		return true
	}
	return false
}
