package tree

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/cart"
)

// TextOptions adjusts ExportText (scikit-learn's export_text arguments).
type TextOptions struct {
	// FeatureNames names the features (one per feature); nil prints feature_0,
	// feature_1, ….
	FeatureNames []string
	// MaxDepth is the deepest level printed; deeper branches are summarised as
	// "truncated branch of depth d". 0 means 10; a negative value means 0.
	MaxDepth int
	// Spacing is the width of one indentation level; 0 means 3.
	Spacing int
	// Decimals is the number of decimals of thresholds and values; 0 means 2, a
	// negative value means 0.
	Decimals int
	// ShowWeights prints the weighted class counts of classification leaves.
	ShowWeights bool
}

// ExportText returns the rules of the tree as scikit-learn's export_text prints them.
// Class names are the labels in Go's shortest form ("0", "2.5"), where scikit-learn
// prints str() of its classes_ (so float labels print as "0.0" there). It returns
// estimator.ErrNotFitted before Fit and a *estimator.ParamError when FeatureNames has
// the wrong length or Spacing is negative.
func (c *DecisionTreeClassifier) ExportText(opt TextOptions) (string, error) {
	if c.fit == nil {
		return "", fmt.Errorf("tree.DecisionTreeClassifier: %w", estimator.ErrNotFitted)
	}
	s, err := exportText(&c.fit.Model, c.fit.Classes, opt)
	if err != nil {
		return "", fmt.Errorf("tree.DecisionTreeClassifier: %w", err)
	}
	return s, nil
}

// ExportText returns the rules of the tree as scikit-learn's export_text prints them
// (leaves show "value: [v]"). Errors as DecisionTreeClassifier.ExportText.
func (r *DecisionTreeRegressor) ExportText(opt TextOptions) (string, error) {
	if r.fit == nil {
		return "", fmt.Errorf("tree.DecisionTreeRegressor: %w", estimator.ErrNotFitted)
	}
	s, err := exportText(&r.fit.Model, nil, opt)
	if err != nil {
		return "", fmt.Errorf("tree.DecisionTreeRegressor: %w", err)
	}
	return s, nil
}

func exportText(f *treeFit, classes []float64, opt TextOptions) (string, error) {
	if opt.FeatureNames != nil && len(opt.FeatureNames) != f.NFeatures {
		return "", &estimator.ParamError{Param: "FeatureNames", Value: len(opt.FeatureNames),
			Reason: fmt.Sprintf("must name the %d features", f.NFeatures)}
	}
	if opt.Spacing < 0 {
		return "", &estimator.ParamError{Param: "Spacing", Value: opt.Spacing, Reason: "must be >= 0 (0 means 3)"}
	}
	maxDepth, spacing, decimals := opt.MaxDepth, opt.Spacing, opt.Decimals
	switch {
	case maxDepth == 0:
		maxDepth = 10
	case maxDepth < 0:
		maxDepth = 0
	}
	if spacing == 0 {
		spacing = 3
	}
	switch {
	case decimals == 0:
		decimals = 2
	case decimals < 0:
		decimals = 0
	}
	t := &f.Tree
	name := func(j int32) string {
		if opt.FeatureNames != nil {
			return opt.FeatureNames[j]
		}
		return "feature_" + strconv.Itoa(int(j))
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', decimals, 64) }
	var b strings.Builder
	leaf := func(n int32, indent string) {
		w := t.Width
		vals := t.Value[int(n)*w : int(n+1)*w]
		b.WriteString(indent)
		if classes == nil {
			b.WriteString(" value: [" + num(vals[0]) + "]\n")
			return
		}
		if opt.ShowWeights {
			parts := make([]string, w)
			for k, v := range vals {
				parts[k] = num(v * t.WeightedNSamples[n])
			}
			b.WriteString(" weights: [" + strings.Join(parts, ", ") + "]")
		}
		best := 0
		for k := 1; k < w; k++ {
			if vals[k] > vals[best] {
				best = k
			}
		}
		b.WriteString(" class: " + strconv.FormatFloat(classes[best], 'g', -1, 64) + "\n")
	}
	type frame struct {
		node  int32
		depth int
		right bool // the "> threshold" line and right subtree are still due
	}
	unit := "|" + strings.Repeat(" ", spacing)
	indentOf := func(depth int) string {
		s := strings.Repeat(unit, depth)
		return s[:len(s)-spacing] + strings.Repeat("-", spacing)
	}
	// Iterative version of scikit-learn's print_tree_recurse.
	stack := []frame{{0, 1, false}}
	for len(stack) > 0 {
		fr := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n, depth := fr.node, fr.depth
		indent := indentOf(depth)
		if fr.right {
			fmt.Fprintf(&b, "%s %s >  %s\n", indent, name(t.Feature[n]), num(t.Threshold[n]))
			stack = append(stack, frame{t.Right[n], depth + 1, false})
			continue
		}
		if depth > maxDepth+1 {
			if d := subtreeDepth(t, n); d == 1 {
				leaf(n, indent)
			} else {
				fmt.Fprintf(&b, "%s truncated branch of depth %d\n", indent, d)
			}
			continue
		}
		if t.Feature[n] < 0 {
			leaf(n, indent)
			continue
		}
		fmt.Fprintf(&b, "%s %s <= %s\n", indent, name(t.Feature[n]), num(t.Threshold[n]))
		stack = append(stack, frame{n, depth, true}, frame{t.Left[n], depth + 1, false})
	}
	return b.String(), nil
}

// subtreeDepth is scikit-learn's _compute_depth: the number of levels of the subtree
// under n (1 for a leaf).
func subtreeDepth(t *cart.Tree, n int32) int {
	type item struct {
		node  int32
		depth int
	}
	best := 0
	stack := []item{{n, 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		best = max(best, it.depth)
		if t.Feature[it.node] >= 0 {
			stack = append(stack, item{t.Left[it.node], it.depth + 1}, item{t.Right[it.node], it.depth + 1})
		}
	}
	return best
}
