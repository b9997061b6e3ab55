// Package metrics holds evaluation metrics (pure functions in the style of gonum/stat:
// weights last, nil means uniform, panics on length mismatch) and Scorers, which apply
// a metric to a fitted estimator with larger-is-better sign.
package metrics
