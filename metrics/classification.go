package metrics

// AccuracyScore returns the (weighted) fraction of exact matches between yTrue and
// yPred (scikit-learn accuracy_score). It panics if the lengths differ.
func AccuracyScore(yTrue, yPred, weights []float64) float64 {
	checkLen(yTrue, yPred, weights)
	var sw, s float64
	for i, y := range yTrue {
		w := weight(weights, i)
		if y == yPred[i] {
			s += w
		}
		sw += w
	}
	return s / sw
}
