package pipeline

import (
	"context"
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.StringTransformer = (*Pipeline)(nil)
	_ estimator.StringMapper      = (*Pipeline)(nil)
)

// FitStrings fits the pipeline on string columns (cols[j][i] is row i of column j; ""
// is missing), so a pipeline can be a preprocess.ColumnTransformer branch for string
// columns, as scikit-learn's make_pipeline(SimpleImputer(strategy="most_frequent"),
// OneHotEncoder()) is. Every step but the last must be an estimator.StringMapper
// (or estimator.Passthrough); the last must be an estimator.StringTransformer or StringMapper.
// Otherwise the error wraps errors.ErrUnsupported. As Fit, it leaves the pipeline
// unchanged on error.
func (p *Pipeline) FitStrings(ctx context.Context, cols [][]string, y []float64) error {
	if err := p.checkFit(); err != nil {
		return err
	}
	if err := checkStringColumns(cols, y); err != nil {
		return err
	}
	fitted := make([]estimator.Estimator, len(p.Steps))
	cur := cols
	for i, s := range p.Steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if isPassthrough(s.Est) {
			continue
		}
		last := i == len(p.Steps)-1
		if err := stringCapable(s, last); err != nil {
			return err
		}
		c := cloneStep(s.Est)
		fitted[i] = c
		var fitter interface {
			FitStrings(context.Context, [][]string, []float64) error
		}
		if m, ok := c.(estimator.StringMapper); ok {
			fitter = m
		} else {
			fitter = c.(estimator.StringTransformer)
		}
		if err := fitter.FitStrings(ctx, cur, y); err != nil {
			return stepErr(s, err)
		}
		if last {
			break
		}
		next, err := c.(estimator.StringMapper).MapStrings(cur)
		if err != nil {
			return stepErr(s, err)
		}
		cur = next
	}
	for i, c := range fitted {
		if c != nil {
			p.Steps[i].Est = adopt(p.Steps[i].Est, c)
		}
	}
	p.fit = &pipelineFit{NFeatures: len(cols), Strings: true}
	return nil
}

// TransformStrings maps string columns through every step but the last and encodes
// them with the last (a StringTransformer). It returns ErrNotFitted before FitStrings.
func (p *Pipeline) TransformStrings(cols [][]string) (*mat.Dense, error) {
	cur, last, err := p.mapStringsUntil(cols, len(p.Steps)-1)
	if err != nil {
		return nil, err
	}
	if isPassthrough(last.Est) {
		return nil, unsupported(last, "TransformStrings")
	}
	st, ok := last.Est.(estimator.StringTransformer)
	if !ok {
		return nil, unsupported(last, "TransformStrings")
	}
	out, err := st.TransformStrings(cur)
	if err != nil {
		return nil, stepErr(last, err)
	}
	return out, nil
}

// MapStrings maps string columns through every step; all must be StringMappers (or
// estimator.Passthrough).
func (p *Pipeline) MapStrings(cols [][]string) ([][]string, error) {
	cur, last, err := p.mapStringsUntil(cols, len(p.Steps)-1)
	if err != nil {
		return nil, err
	}
	if isPassthrough(last.Est) {
		return cur, nil
	}
	m, ok := last.Est.(estimator.StringMapper)
	if !ok {
		return nil, unsupported(last, "MapStrings")
	}
	out, err := m.MapStrings(cur)
	if err != nil {
		return nil, stepErr(last, err)
	}
	return out, nil
}

// mapStringsUntil checks the pipeline was fitted on strings and maps cols through the
// steps before end; it returns the mapped columns and the step at end.
func (p *Pipeline) mapStringsUntil(cols [][]string, end int) ([][]string, Step, error) {
	if p.fit == nil || !p.fit.Strings {
		return nil, Step{}, fmt.Errorf("pipeline: not fitted on strings (FitStrings): %w", estimator.ErrNotFitted)
	}
	if _, err := p.final(); err != nil {
		return nil, Step{}, err
	}
	if len(cols) != p.fit.NFeatures {
		return nil, Step{}, fmt.Errorf("pipeline: %d string columns, fitted with %d: %w", len(cols), p.fit.NFeatures, estimator.ErrShape)
	}
	if err := checkStringColumns(cols, nil); err != nil {
		return nil, Step{}, err
	}
	cur := cols
	for _, s := range p.Steps[:end] {
		if isPassthrough(s.Est) {
			continue
		}
		m, ok := s.Est.(estimator.StringMapper)
		if !ok {
			return nil, Step{}, stepErr(s, fmt.Errorf("not a StringMapper: %w", estimator.ErrInvalidParam))
		}
		next, err := m.MapStrings(cur)
		if err != nil {
			return nil, Step{}, stepErr(s, err)
		}
		cur = next
	}
	return cur, p.Steps[end], nil
}

func stringCapable(s Step, last bool) error {
	if _, ok := s.Est.(estimator.StringMapper); ok {
		return nil
	}
	if _, ok := s.Est.(estimator.StringTransformer); ok && last {
		return nil
	}
	want := "StringMapper (string columns in, string columns out)"
	if last {
		want = "StringTransformer or StringMapper"
	}
	return fmt.Errorf("pipeline: step %q (%T) is not a %s, so the pipeline cannot take string columns: %w", s.Name, s.Est, want, errors.ErrUnsupported)
}

func checkStringColumns(cols [][]string, y []float64) error {
	if len(cols) == 0 || len(cols[0]) == 0 {
		return fmt.Errorf("pipeline: no string columns or no rows: %w", estimator.ErrInvalidData)
	}
	n := len(cols[0])
	for j, c := range cols {
		if len(c) != n {
			return fmt.Errorf("pipeline: string column %d has %d rows, column 0 has %d: %w", j, len(c), n, estimator.ErrShape)
		}
	}
	if y != nil && len(y) != n {
		return fmt.Errorf("pipeline: %d rows but y has %d values: %w", n, len(y), estimator.ErrShape)
	}
	return nil
}
