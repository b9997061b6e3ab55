package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/preprocess"
)

// manifestVersion is the version of the manifest layout below.
const manifestVersion = 1

// prepStep names the ColumnTransformer put in front of the user's steps when the data
// has string columns to one-hot encode.
const prepStep = "columns"

// manifest is the first record of a model file written by `skgo fit` and `skgo
// search -o`: what predict needs to rebuild the pipeline's skeleton and to read a new
// CSV. The file is two records in estimator.Save's format, back to back: the manifest,
// then the fitted pipeline (hyperparameters and learned state), which is loaded into
// a skeleton built from Spec, Features and OneHot, the way a Go program builds one
// from code.
//
// manifest is an estimator only so that estimator.Save and estimator.Load can write
// and read it (versioned, checksummed, bounded); it cannot be fitted.
type manifest struct {
	// Version is manifestVersion.
	Version int
	// Spec is the --model text.
	Spec string
	// Features are the input columns in the order the pipeline takes them.
	Features []string
	// OneHot are the string columns of Features, one-hot encoded by the
	// ColumnTransformer in front of the pipeline (empty with --no-onehot).
	OneHot []string
	// Strings are all the string columns of Features (read as strings by predict).
	Strings []string
	// Target is the name of the target column.
	Target string
	// Classifier is true when the pipeline is a classifier.
	Classifier bool
	// Classes are the class names of a string target, in code order (class i is
	// predicted as i); nil for numeric targets.
	Classes []string
}

// Fit always fails: a manifest is written, not fitted.
func (m *manifest) Fit(context.Context, mat.Matrix, []float64) error {
	return errors.New("skgo: a model manifest cannot be fitted")
}

// check reports a manifest that no `skgo fit` could have written.
func (m *manifest) check() error {
	switch {
	case m.Version != manifestVersion:
		return fmt.Errorf("model manifest version %d, this skgo reads version %d", m.Version, manifestVersion)
	case len(m.Features) == 0:
		return errors.New("the model lists no feature columns")
	case m.Target == "":
		return errors.New("the model names no target column")
	}
	seen := map[string]bool{}
	for _, f := range m.Features {
		if f == "" || seen[f] {
			return fmt.Errorf("the model's feature columns are empty or repeated (%q)", f)
		}
		seen[f] = true
	}
	for _, s := range append(slices.Clone(m.OneHot), m.Strings...) {
		if !seen[s] {
			return fmt.Errorf("the model's string column %q is not a feature", s)
		}
	}
	for _, s := range m.OneHot {
		if !slices.Contains(m.Strings, s) {
			return fmt.Errorf("the model's one-hot column %q is not a string column", s)
		}
	}
	cls := map[string]bool{}
	for _, c := range m.Classes {
		if cls[c] {
			return fmt.Errorf("the model's class %q is repeated", c)
		}
		cls[c] = true
	}
	if len(m.Classes) > 0 && !m.Classifier {
		return errors.New("the model has class names but is not a classifier")
	}
	return nil
}

// buildModel builds the pipeline for spec: the user's steps, behind a
// ColumnTransformer that passes the numeric features through and one-hot encodes
// the oneHot columns (unknown categories at predict time encode as all zeros) when
// there are any.
func buildModel(spec string, features, oneHot []string) (*pipeline.Pipeline, error) {
	user, err := parseSpec(spec)
	if err != nil {
		return nil, err
	}
	if len(oneHot) == 0 {
		return user, nil
	}
	var num []string
	for _, f := range features {
		if !slices.Contains(oneHot, f) {
			num = append(num, f)
		}
	}
	var cols []preprocess.ColumnStep
	if len(num) > 0 {
		cols = append(cols, preprocess.ColumnStep{Name: "num", Est: estimator.Passthrough, Columns: num})
	}
	cols = append(cols, preprocess.ColumnStep{Name: "onehot", Est: &preprocess.OneHotEncoder{HandleUnknown: preprocess.UnknownIgnore}, Columns: oneHot})
	steps := []pipeline.Step{{Name: prepStep, Est: &preprocess.ColumnTransformer{Columns: cols}}}
	steps = append(steps, user.Steps...)
	return pipeline.New(steps...), nil
}

// userSteps returns the pipeline's steps without the ColumnTransformer skgo added.
func userSteps(p *pipeline.Pipeline, m *manifest) []pipeline.Step {
	if len(m.OneHot) > 0 && len(p.Steps) > 0 && p.Steps[0].Name == prepStep {
		return p.Steps[1:]
	}
	return p.Steps
}

// saveModel writes the manifest and the fitted pipeline to path, through a
// temporary file renamed into place, so a failed write leaves no partial model.
func saveModel(path string, m *manifest, p estimator.Estimator) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".skgo-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	if err := estimator.Save(w, m); err != nil {
		return err
	}
	if err := estimator.Save(w, p); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ruleTypes lets Load restore any optimiser a search may have picked.
var ruleTypes = []any{&optim.SGD{}, &optim.Adam{}, &optim.AdamW{}, &optim.RMSProp{}, &optim.Adagrad{}}

// loadModel reads a model written by saveModel. Any damage (truncation, a checksum
// mismatch, a file of another kind, saved settings that do not validate) is an error.
func loadModel(path string) (*manifest, *pipeline.Pipeline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return readModel(bufio.NewReader(f), path)
}

// readModel reads a model file from r; path names it in messages.
func readModel(r *bufio.Reader, path string) (*manifest, *pipeline.Pipeline, error) {
	m := &manifest{}
	if err := estimator.Load(r, m); err != nil {
		return nil, nil, fmt.Errorf("%s is not a model written by skgo fit: %w", path, err)
	}
	if err := m.check(); err != nil {
		return nil, nil, fmt.Errorf("%s: %v: %w", path, err, estimator.ErrFormat)
	}
	p, err := buildModel(m.Spec, m.Features, m.OneHot)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: the saved model text %q does not build: %v: %w", path, m.Spec, err, estimator.ErrFormat)
	}
	if err := estimator.Load(r, p, estimator.LoadTypes(ruleTypes...)); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, err := r.ReadByte(); err == nil {
		return nil, nil, fmt.Errorf("%s: unexpected data after the model: %w", path, estimator.ErrFormat)
	}
	return m, p, nil
}
