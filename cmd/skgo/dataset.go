package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// dataset is a training CSV turned into X (a Frame of the feature columns), y and
// the manifest that describes them.
type dataset struct {
	t *table
	X mat.Matrix
	y []float64
	m *manifest
}

// loadTraining reads the training file for the model text spec, whose user steps
// are user (already parsed, so that a bad --model fails before the file is read).
func loadTraining(o *options, spec string, user *pipeline.Pipeline, stdin io.Reader) (*dataset, error) {
	var types map[string]series.Type
	if len(o.categorical) > 0 {
		types = map[string]series.Type{}
		for _, c := range o.categorical {
			types[c] = series.String
		}
	}
	t, err := readTable(o.data, o.skipRows, types, stdin)
	if err != nil {
		return nil, err
	}
	for _, c := range o.categorical {
		if _, err := t.col(c); err != nil {
			return nil, err
		}
	}
	tj := len(t.header) - 1
	if o.target != "" {
		if tj, err = t.col(o.target); err != nil {
			return nil, err
		}
	}
	drop := map[int]bool{tj: true}
	for _, d := range o.drop {
		j, err := t.col(d)
		if err != nil {
			return nil, err
		}
		drop[j] = true
	}
	m := &manifest{Version: manifestVersion, Spec: spec, Target: t.header[tj], Classifier: estimator.IsClassifier(user)}
	for j, h := range t.header {
		if drop[j] {
			continue
		}
		m.Features = append(m.Features, h)
		if t.isString(j) {
			if !slices.Contains(o.categorical, h) {
				if err := t.checkText(j); err != nil {
					return nil, err
				}
			}
			m.Strings = append(m.Strings, h)
		}
	}
	if len(m.Features) == 0 {
		return nil, fmt.Errorf("%s: no feature columns left besides the target %s", t.name, m.Target)
	}
	if !o.noOneHot {
		m.OneHot = slices.Clone(m.Strings)
	}
	missingOK, hint := missingPolicy(user)
	for _, f := range m.Features {
		j, _ := t.col(f)
		if !slices.Contains(m.Strings, f) {
			if _, err := t.numeric(j, missingOK, hint); err != nil {
				return nil, err
			}
		}
	}
	y, classes, err := target(t, tj, m.Classifier)
	if err != nil {
		return nil, err
	}
	m.Classes = classes
	X, err := preprocess.NewFrame(t.df.Select(m.Features))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", t.name, err)
	}
	return &dataset{t: t, X: X, y: y, m: m}, nil
}

// missingPolicy says whether the first step takes NaN (an imputer, histogram
// boosting), and otherwise what to suggest for a missing cell.
func missingPolicy(user *pipeline.Pipeline) (bool, string) {
	if len(user.Steps) > 0 {
		if e, ok := entryOf(user.Steps[0].Est); ok && e.missingOK {
			return true, ""
		}
	}
	return false, "; skgo does not guess values: clean the file, or impute them with a first step (--model 'simpleimputer | ...')"
}

// target reads the target column: numbers for a regressor; for a classifier,
// numbers used as class labels or strings mapped to 0, 1, ... in sorted order.
func target(t *table, j int, classifier bool) ([]float64, []string, error) {
	name := t.header[j]
	if !t.isString(j) {
		y, err := t.numeric(j, false, "; rows without a target cannot be used")
		return y, nil, err
	}
	if !classifier {
		for i, row := range t.rows {
			if _, err := parseNumber(row[j]); err != nil && !isMissing(row[j]) {
				return nil, nil, fmt.Errorf("%s: the target %s holds text (line %d: %q): use a classifier, or pick a numeric --target", t.name, name, t.lines[i], row[j])
			}
		}
	}
	seen := map[string]bool{}
	for i, row := range t.rows {
		if isMissing(row[j]) {
			return nil, nil, fmt.Errorf("%s: line %d: the target %s is missing; rows without a target cannot be used", t.name, t.lines[i], name)
		}
		seen[row[j]] = true
	}
	classes := make([]string, 0, len(seen))
	for c := range seen {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	code := make(map[string]float64, len(classes))
	for i, c := range classes {
		code[c] = float64(i)
	}
	y := make([]float64, len(t.rows))
	for i, row := range t.rows {
		y[i] = code[row[j]]
	}
	return y, classes, nil
}

// loadPredict reads a CSV to predict with the model described by m: the feature
// columns are found by name (others are ignored), numeric ones must hold numbers,
// and string ones are read as strings whatever they look like.
func loadPredict(path string, skip int, m *manifest, p *pipeline.Pipeline, stdin io.Reader) (*table, mat.Matrix, error) {
	types := map[string]series.Type{}
	for _, f := range m.Features {
		if slices.Contains(m.Strings, f) {
			types[f] = series.String
		} else {
			types[f] = series.Float
		}
	}
	t, err := readTable(path, skip, types, stdin)
	if err != nil {
		return nil, nil, err
	}
	var missing []string
	for _, f := range m.Features {
		if _, err := t.col(f); err != nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("%s: the model needs column(s) %s, which the file lacks", t.name, strings.Join(missing, ", "))
	}
	missingOK, hint := missingPolicy(&pipeline.Pipeline{Steps: userSteps(p, m)})
	for _, f := range m.Features {
		if !slices.Contains(m.Strings, f) {
			j, _ := t.col(f)
			if _, err := t.numeric(j, missingOK, hint); err != nil {
				return nil, nil, err
			}
		}
	}
	X, err := preprocess.NewFrame(t.df.Select(m.Features))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", t.name, err)
	}
	return t, X, nil
}
