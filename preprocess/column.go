package preprocess

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ estimator.Transformer    = (*ColumnTransformer)(nil)
	_ estimator.FitTransformer = (*ColumnTransformer)(nil)
	_ estimator.Validator      = (*ColumnTransformer)(nil)
	_ estimator.Composite      = (*ColumnTransformer)(nil)
	_ estimator.Cloner         = (*ColumnTransformer)(nil)
	_ estimator.StateMarshaler = (*ColumnTransformer)(nil)
	_ estimator.FeatureNamer   = (*ColumnTransformer)(nil)
	_ estimator.Estimator      = Passthrough
)

// Remainder says what ColumnTransformer does with the columns no step names
// (scikit-learn's remainder). Its two values, Drop and Passthrough, are also
// estimator.Estimator values, so they can stand in a ColumnStep for a transformer, as
// "drop" and "passthrough" do in scikit-learn.
type Remainder string

const (
	// Drop (the zero value, also spelled "drop") leaves the columns out of the output.
	Drop Remainder = ""
	// Passthrough copies the columns to the output unchanged (numeric columns only).
	Passthrough Remainder = "passthrough"
)

// Fit does nothing: Drop and Passthrough are placeholders, not models. It lets them
// be used as ColumnStep.Est.
func (Remainder) Fit(context.Context, mat.Matrix, []float64) error { return nil }

// columnPassthrougher and columnDropper let placeholders defined elsewhere (such as
// a pipeline package's Passthrough and Drop) be recognised: an estimator whose
// IsPassthrough (IsDrop) returns true is treated as Passthrough (Drop) in a
// ColumnStep.
type (
	columnPassthrougher interface{ IsPassthrough() bool }
	columnDropper       interface{ IsDrop() bool }
)

// columnFrameFitter marks transformers whose Fit and Transform accept a Frame with
// string columns (OneHotEncoder, OrdinalEncoder), so a step may mix string and
// numeric columns.
type columnFrameFitter interface{ columnAcceptsStrings() }

func (*OneHotEncoder) columnAcceptsStrings()  {}
func (*OrdinalEncoder) columnAcceptsStrings() {}

// ColumnStep is one branch of a ColumnTransformer: a transformer applied to named
// columns.
type ColumnStep struct {
	// Name names the branch: it prefixes output feature names ("num__RM") and
	// addresses the branch in parameter paths ("prep.num.NoMean"). It must be
	// non-empty, unique, without dots, and not "remainder".
	Name string
	// Est is an estimator.Transformer, a StringTransformer (for string columns), or
	// Passthrough or Drop. An estimator with an IsPassthrough() bool (IsDrop() bool)
	// method that returns true is treated as Passthrough (Drop): that is how
	// placeholders defined in another package (such as pipeline.Passthrough) can be
	// recognised.
	Est estimator.Estimator
	// Columns names the input columns (Frame column names, or "x0", "x1", ... for
	// plain matrices). An empty list makes the branch output nothing.
	Columns []string
}

// ColumnTransformer applies a transformer to each group of columns and concatenates
// the outputs side by side (scikit-learn: compose.ColumnTransformer, dense output).
//
// With a *Frame, columns are selected by name and keep their kinds: numeric columns
// go to the branch's Transform as a Frame, string columns to a StringTransformer
// (OneHotEncoder and OrdinalEncoder also take mixed string and numeric columns).
// Plain matrices have columns "x0", "x1", ...
//
// As in scikit-learn, Fit fits a clone of each branch's estimator (the templates in
// Columns are never fitted; Fitted returns the fitted clones), concurrently, at most
// Workers at a time; the first error cancels the others and names its branch. A
// failed Fit leaves a previously fitted ColumnTransformer unchanged. The output is the
// branches' outputs in Columns order, then the remainder columns in input order;
// FeatureNamesOut names them "<branch>__<feature>" ("num__RM", "cat__CHAS_1",
// "remainder__ZN").
type ColumnTransformer struct {
	// Columns lists the branches. It is not a hyperparameter itself: the branches are
	// addressed by name ("num", "num.NoMean") as Composite parts.
	Columns []ColumnStep `param:"-"`
	// Remainder is Drop (zero value, scikit-learn's default "drop") or Passthrough.
	Remainder Remainder
	// Workers bounds the branches fitted at once; 0 means runtime.GOMAXPROCS(0).
	Workers int

	fit *columnTransformerFit
}

const (
	columnModeEstimator = iota // Fit/Transform on a sub-Frame
	columnModeStrings          // FitStrings/TransformStrings
	columnModePassthrough
	columnModeDrop
)

type columnTransformerFit struct {
	NFeatures int
	Names     []string // input column names
	IsStr     []bool
	FromFrame bool
	Branches  []columnBranchFit

	models []estimator.Estimator // fitted clones by branch (nil for placeholders)
}

type columnBranchFit struct {
	Name     string
	Mode     int
	Cols     []int
	NOut     int
	NamesOut []string // without the "<branch>__" prefix
	Model    []byte   // estimator.Save of the fitted clone
}

// Validate reports whether the hyperparameters and branches are usable.
func (c *ColumnTransformer) Validate() error {
	switch c.Remainder {
	case Drop, "drop", Passthrough:
	default:
		return &estimator.ParamError{Param: "Remainder", Value: c.Remainder, Reason: `must be "drop" or "passthrough"`}
	}
	if c.Workers < 0 {
		return &estimator.ParamError{Param: "Workers", Value: c.Workers, Reason: "must be >= 0"}
	}
	seen := map[string]bool{}
	for i, s := range c.Columns {
		switch {
		case s.Name == "" || strings.Contains(s.Name, "."):
			return &estimator.ParamError{Param: "Columns", Value: s.Name, Reason: fmt.Sprintf("step %d: a step name must be non-empty and contain no dot", i)}
		case s.Name == "remainder":
			return &estimator.ParamError{Param: "Columns", Value: s.Name, Reason: `"remainder" is reserved`}
		case seen[s.Name]:
			return &estimator.ParamError{Param: "Columns", Value: s.Name, Reason: "duplicate step name"}
		case s.Est == nil:
			return &estimator.ParamError{Param: s.Name, Reason: "step has no estimator (use Drop or Passthrough)"}
		}
		seen[s.Name] = true
		if r, ok := s.Est.(Remainder); ok {
			switch r {
			case Drop, "drop", Passthrough:
			default:
				return &estimator.ParamError{Param: s.Name, Value: r, Reason: `must be "drop" or "passthrough"`}
			}
		}
		if v, ok := s.Est.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("step %q: %w", s.Name, err)
			}
		}
	}
	return nil
}

// columnMode classifies a step's estimator.
func columnModeOf(e estimator.Estimator) int {
	if r, ok := e.(Remainder); ok {
		if r == Passthrough {
			return columnModePassthrough
		}
		return columnModeDrop
	}
	if p, ok := e.(columnPassthrougher); ok && p.IsPassthrough() {
		return columnModePassthrough
	}
	if d, ok := e.(columnDropper); ok && d.IsDrop() {
		return columnModeDrop
	}
	return columnModeEstimator
}

// Fit fits every branch on its columns of X (a *Frame or a numeric matrix). It
// returns a *ParamError for bad hyperparameters, ErrInvalidData for empty X, an
// unknown column name, a string column given to an estimator that cannot take strings
// (naming the step and the column) or passed through, ErrShape when len(y) differs
// from the rows, and the first branch's error, prefixed with its name. ctx cancels the
// branches.
func (c *ColumnTransformer) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	_, err := c.fitX(ctx, X, y, false)
	return err
}

// FitTransform fits the branches and returns the concatenated outputs, transforming
// X once.
func (c *ColumnTransformer) FitTransform(ctx context.Context, X mat.Matrix, y []float64) (*mat.Dense, error) {
	return c.fitX(ctx, X, y, true)
}

func (c *ColumnTransformer) fitX(ctx context.Context, X mat.Matrix, y []float64, output bool) (*mat.Dense, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if X == nil || isNilDense(X) {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: X is nil: %w", estimator.ErrInvalidData)
	}
	fr := AsFrame(X)
	if fr == nil {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: X is empty: %w", estimator.ErrInvalidData)
	}
	n, p := fr.Dims()
	if y != nil && len(y) != n {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: X has %d rows but y has %d values: %w", n, len(y), estimator.ErrShape)
	}
	_, fromFrame := X.(*Frame)
	f := &columnTransformerFit{NFeatures: p, Names: fr.Names(), IsStr: make([]bool, p), FromFrame: fromFrame}
	for j := range p {
		f.IsStr[j] = !fr.IsNumeric(j)
	}
	used := make([]bool, p)
	templates := make([]estimator.Estimator, 0, len(c.Columns)+1)
	for _, s := range c.Columns {
		b := columnBranchFit{Name: s.Name, Mode: columnModeOf(s.Est)}
		for _, name := range s.Columns {
			j := fr.Col(name)
			if j < 0 {
				return nil, fmt.Errorf("preprocess.ColumnTransformer: step %q: no column %q in X (columns %q): %w", s.Name, name, f.Names, estimator.ErrInvalidData)
			}
			b.Cols = append(b.Cols, j)
			used[j] = true
		}
		if err := columnCheckKinds(&b, s.Est, f); err != nil {
			return nil, err
		}
		f.Branches = append(f.Branches, b)
		templates = append(templates, s.Est)
	}
	var rest []int
	for j, u := range used {
		if !u {
			rest = append(rest, j)
		}
	}
	if len(rest) > 0 {
		b := columnBranchFit{Name: "remainder", Mode: columnModeDrop, Cols: rest}
		if c.Remainder == Passthrough {
			b.Mode = columnModePassthrough
			if err := columnCheckKinds(&b, Passthrough, f); err != nil {
				return nil, err
			}
		}
		f.Branches = append(f.Branches, b)
		templates = append(templates, columnPlaceholder(b.Mode))
	}

	outs := make([]*mat.Dense, len(f.Branches))
	f.models = make([]estimator.Estimator, len(f.Branches))
	g, gctx := errgroup.WithContext(ctx)
	workers := c.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g.SetLimit(workers)
	for bi := range f.Branches {
		b := &f.Branches[bi]
		sub := fr.columns(b.Cols)
		inNames := sub.Names()
		switch b.Mode {
		case columnModeDrop:
			continue
		case columnModePassthrough:
			outs[bi] = columnPassthroughOut(sub)
			b.NOut, b.NamesOut = len(b.Cols), inNames
			continue
		}
		if len(b.Cols) == 0 {
			b.Mode = columnModeDrop // scikit-learn skips transformers with no columns
			continue
		}
		template := templates[bi]
		g.Go(func() error {
			model := estimator.Clone(template)
			out, err := columnFitBranch(gctx, model, b.Mode, sub, y)
			if err != nil {
				return fmt.Errorf("preprocess.ColumnTransformer: step %q: %w", b.Name, err)
			}
			if out == nil || out.IsEmpty() {
				out = nil
			} else if r, _ := out.Dims(); r != n {
				return fmt.Errorf("preprocess.ColumnTransformer: step %q returned %d rows for %d: %w", b.Name, r, n, estimator.ErrShape)
			}
			if out != nil {
				_, b.NOut = out.Dims()
			}
			b.NamesOut = columnNamesOut(model, inNames, b.NOut)
			var buf bytes.Buffer
			if err := estimator.Save(&buf, model); err != nil {
				return fmt.Errorf("preprocess.ColumnTransformer: step %q: %w", b.Name, err)
			}
			b.Model = buf.Bytes()
			outs[bi] = out
			f.models[bi] = model
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	var res *mat.Dense
	if output {
		var err error
		if res, err = columnHstack(outs, n); err != nil {
			return nil, err
		}
	}
	c.fit = f
	return res, nil
}

// columnPlaceholder returns the placeholder estimator for a remainder mode.
func columnPlaceholder(mode int) estimator.Estimator {
	if mode == columnModePassthrough {
		return Passthrough
	}
	return Drop
}

// columnCheckKinds sets b.Mode for string columns and rejects string columns that
// the branch cannot take.
func columnCheckKinds(b *columnBranchFit, est estimator.Estimator, f *columnTransformerFit) error {
	var strCol, numCol = -1, -1
	for _, j := range b.Cols {
		if f.IsStr[j] {
			strCol = j
		} else {
			numCol = j
		}
	}
	switch b.Mode {
	case columnModeDrop:
		return nil
	case columnModePassthrough:
		if strCol >= 0 {
			return fmt.Errorf("preprocess.ColumnTransformer: step %q: column %q holds strings and cannot be passed through to a numeric output; encode it (OneHotEncoder, OrdinalEncoder): %w",
				b.Name, f.Names[strCol], estimator.ErrInvalidData)
		}
		return nil
	}
	if strCol < 0 {
		if _, ok := est.(estimator.Transformer); !ok {
			return fmt.Errorf("preprocess.ColumnTransformer: step %q: %T is not a Transformer: %w", b.Name, est, estimator.ErrInvalidData)
		}
		return nil
	}
	if _, ok := est.(columnFrameFitter); ok {
		return nil
	}
	if _, ok := est.(StringTransformer); ok && numCol < 0 {
		b.Mode = columnModeStrings
		return nil
	}
	if _, ok := est.(StringTransformer); ok {
		return fmt.Errorf("preprocess.ColumnTransformer: step %q mixes string column %q and numeric column %q, which %T cannot take together: %w",
			b.Name, f.Names[strCol], f.Names[numCol], est, estimator.ErrInvalidData)
	}
	if _, ok := est.(*SimpleImputer); ok {
		return fmt.Errorf("preprocess.ColumnTransformer: step %q: column %q holds strings, and imputed strings cannot go into the numeric output; "+
			"chain it with an encoder in a pipeline (pipeline.Make(imputer, &OneHotEncoder{})), impute before the ColumnTransformer (SimpleImputer.TransformFrame), or let OneHotEncoder encode the missing value as its own category: %w",
			b.Name, f.Names[strCol], estimator.ErrInvalidData)
	}
	return fmt.Errorf("preprocess.ColumnTransformer: step %q: column %q holds strings, but %T is not a StringTransformer; encode it with OneHotEncoder or OrdinalEncoder: %w",
		b.Name, f.Names[strCol], est, estimator.ErrInvalidData)
}

func columnFitBranch(ctx context.Context, model estimator.Estimator, mode int, sub *Frame, y []float64) (*mat.Dense, error) {
	if mode == columnModeStrings {
		st := model.(StringTransformer)
		cols := sub.stringColumns()
		if err := st.FitStrings(ctx, cols, y); err != nil {
			return nil, err
		}
		return st.TransformStrings(cols)
	}
	return estimator.FitTransform(ctx, model.(estimator.Transformer), sub, y)
}

func columnTransformBranch(model estimator.Estimator, mode int, sub *Frame) (*mat.Dense, error) {
	if mode == columnModeStrings {
		return model.(StringTransformer).TransformStrings(sub.stringColumns())
	}
	return model.(estimator.Transformer).Transform(sub)
}

func columnPassthroughOut(sub *Frame) *mat.Dense {
	if _, c := sub.Dims(); c == 0 {
		return nil
	}
	return sub.Dense()
}

// columnNamesOut returns the output names of a fitted branch: its FeatureNamesOut
// when it has one of the right length, the input names when the width is unchanged,
// and otherwise "<type><k>" ("pca0", "pca1"), as scikit-learn's
// ClassNamePrefixFeaturesOutMixin does.
func columnNamesOut(model estimator.Estimator, in []string, nOut int) []string {
	if fn, ok := model.(estimator.FeatureNamer); ok {
		if names := fn.FeatureNamesOut(in); len(names) == nOut {
			return names
		}
	}
	if nOut == len(in) {
		return slices.Clone(in)
	}
	typ := estimator.Name(model)
	if k := strings.LastIndexByte(typ, '.'); k >= 0 {
		typ = typ[k+1:]
	}
	typ = strings.ToLower(typ)
	out := make([]string, nOut)
	for k := range out {
		out[k] = typ + strconv.Itoa(k)
	}
	return out
}

func columnHstack(outs []*mat.Dense, n int) (*mat.Dense, error) {
	width := 0
	for _, o := range outs {
		if o != nil {
			_, c := o.Dims()
			width += c
		}
	}
	if width == 0 {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: the output has no columns (every branch dropped or empty): %w", estimator.ErrInvalidData)
	}
	res := mat.NewDense(n, width, nil)
	off := 0
	for _, o := range outs {
		if o == nil {
			continue
		}
		_, c := o.Dims()
		res.Slice(0, n, off, off+c).(*mat.Dense).Copy(o)
		off += c
	}
	return res, nil
}

// Transform applies the fitted branches to X and concatenates their outputs. When the
// ColumnTransformer was fitted on a Frame and X is a Frame, columns are found by name
// (extra columns are ignored; a missing one gives ErrShape) and must keep their kinds
// (string vs numeric, else ErrInvalidData); otherwise X must have the fitted number
// of columns (ErrShape). It returns ErrNotFitted before Fit, and a branch's error
// prefixed with its name.
func (c *ColumnTransformer) Transform(X mat.Matrix) (*mat.Dense, error) {
	f := c.fit
	if f == nil {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: %w", estimator.ErrNotFitted)
	}
	if X == nil || isNilDense(X) {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: X is nil: %w", estimator.ErrInvalidData)
	}
	fr := AsFrame(X)
	if fr == nil {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: X is empty: %w", estimator.ErrInvalidData)
	}
	n, p := fr.Dims()
	colmap := make([]int, f.NFeatures)
	_, isFrame := X.(*Frame)
	if isFrame && f.FromFrame {
		var missing []string
		for _, b := range f.Branches {
			if b.Mode == columnModeDrop {
				continue
			}
			for _, j := range b.Cols {
				k := fr.Col(f.Names[j])
				if k < 0 && !slices.Contains(missing, f.Names[j]) {
					missing = append(missing, f.Names[j])
				}
				colmap[j] = k
			}
		}
		if missing != nil {
			return nil, fmt.Errorf("preprocess.ColumnTransformer: columns are missing: %q: %w", missing, estimator.ErrShape)
		}
	} else {
		if p != f.NFeatures {
			return nil, fmt.Errorf("preprocess.ColumnTransformer: X has %d features, but the transformer was fitted with %d: %w", p, f.NFeatures, estimator.ErrShape)
		}
		for j := range colmap {
			colmap[j] = j
		}
	}
	outs := make([]*mat.Dense, len(f.Branches))
	for bi, b := range f.Branches {
		if b.Mode == columnModeDrop {
			continue
		}
		idx := make([]int, len(b.Cols))
		for k, j := range b.Cols {
			idx[k] = colmap[j]
			if fr.IsNumeric(idx[k]) == f.IsStr[j] {
				want := "numeric"
				if f.IsStr[j] {
					want = "string"
				}
				return nil, fmt.Errorf("preprocess.ColumnTransformer: column %q was %s at fit: %w", f.Names[j], want, estimator.ErrInvalidData)
			}
		}
		sub := fr.columns(idx)
		var out *mat.Dense
		if b.Mode == columnModePassthrough {
			out = columnPassthroughOut(sub)
		} else {
			var err error
			out, err = columnTransformBranch(f.models[bi], b.Mode, sub)
			if err != nil {
				return nil, fmt.Errorf("preprocess.ColumnTransformer: step %q: %w", b.Name, err)
			}
			if out != nil && out.IsEmpty() {
				out = nil
			}
		}
		got := 0
		if out != nil {
			var r int
			r, got = out.Dims()
			if r != n {
				return nil, fmt.Errorf("preprocess.ColumnTransformer: step %q returned %d rows for %d: %w", b.Name, r, n, estimator.ErrShape)
			}
		}
		if got != b.NOut {
			return nil, fmt.Errorf("preprocess.ColumnTransformer: step %q returned %d columns, %d at fit: %w", b.Name, got, b.NOut, estimator.ErrShape)
		}
		outs[bi] = out
	}
	return columnHstack(outs, n)
}

// FeatureNamesOut returns "<branch>__<feature>" for every output column
// (scikit-learn's verbose_feature_names_out=True). The input names are those seen at
// Fit, so in is ignored. It returns nil before Fit.
func (c *ColumnTransformer) FeatureNamesOut(in []string) []string {
	f := c.fit
	if f == nil {
		return nil
	}
	var out []string
	for _, b := range f.Branches {
		if b.Mode == columnModeDrop {
			continue
		}
		for _, name := range b.NamesOut {
			out = append(out, b.Name+"__"+name)
		}
	}
	return out
}

// Fitted returns the fitted clone of the branch called name (scikit-learn's
// named_transformers_), or nil before Fit or for an unknown, dropped or passed-through
// branch. Treat it as read-only.
func (c *ColumnTransformer) Fitted(name string) estimator.Estimator {
	f := c.fit
	if f == nil {
		return nil
	}
	for bi, b := range f.Branches {
		if b.Name == name {
			return f.models[bi]
		}
	}
	return nil
}

// OutputIndices returns the [start, end) output columns of each branch that
// produced output, by name (scikit-learn's output_indices_), or nil before Fit.
func (c *ColumnTransformer) OutputIndices() map[string][2]int {
	f := c.fit
	if f == nil {
		return nil
	}
	out := map[string][2]int{}
	off := 0
	for _, b := range f.Branches {
		if b.Mode == columnModeDrop {
			continue
		}
		out[b.Name] = [2]int{off, off + b.NOut}
		off += b.NOut
	}
	return out
}

// Parts returns the branches' (unfitted) estimators by name (estimator.Composite).
func (c *ColumnTransformer) Parts() []estimator.Part {
	parts := make([]estimator.Part, len(c.Columns))
	for i, s := range c.Columns {
		parts[i] = estimator.Part{Name: s.Name, Est: s.Est}
	}
	return parts
}

// SetPart replaces the estimator of the branch called name (estimator.Composite).
func (c *ColumnTransformer) SetPart(name string, e estimator.Estimator) error {
	for i := range c.Columns {
		if c.Columns[i].Name == name {
			if e == nil {
				return fmt.Errorf("preprocess.ColumnTransformer: step %q: nil estimator (use Drop or Passthrough): %w", name, estimator.ErrInvalidParam)
			}
			c.Columns[i].Est = e
			return nil
		}
	}
	return fmt.Errorf("preprocess.ColumnTransformer: no step %q: %w", name, estimator.ErrInvalidParam)
}

// Clone returns an unfitted deep copy: every branch's estimator is cloned
// (estimator.Cloner).
func (c *ColumnTransformer) Clone() estimator.Estimator {
	out := &ColumnTransformer{Remainder: c.Remainder, Workers: c.Workers}
	if c.Columns != nil {
		out.Columns = make([]ColumnStep, len(c.Columns))
		for i, s := range c.Columns {
			out.Columns[i] = ColumnStep{Name: s.Name, Columns: slices.Clone(s.Columns)}
			if s.Est != nil {
				out.Columns[i].Est = estimator.Clone(s.Est)
			}
		}
	}
	return out
}

// MarshalState saves the column layout and the fitted branches (each as an
// estimator.Save file).
func (c *ColumnTransformer) MarshalState() ([]byte, error) { return estimator.GobState(c.fit) }

// UnmarshalState restores state saved by MarshalState. The branches are loaded into
// clones of the current Columns estimators, which must match the saved ones by name
// and type.
func (c *ColumnTransformer) UnmarshalState(b []byte) error {
	var f *columnTransformerFit
	if err := estimator.UngobState(b, &f); err != nil {
		return fmt.Errorf("preprocess.ColumnTransformer: %w", err)
	}
	if f == nil {
		c.fit = nil
		return nil
	}
	f.models = make([]estimator.Estimator, len(f.Branches))
	for bi, br := range f.Branches {
		if br.Mode == columnModeDrop || br.Mode == columnModePassthrough {
			continue
		}
		var template estimator.Estimator
		for _, s := range c.Columns {
			if s.Name == br.Name {
				template = s.Est
			}
		}
		if template == nil {
			return fmt.Errorf("preprocess.ColumnTransformer: saved step %q is not in Columns: %w", br.Name, estimator.ErrFormat)
		}
		model := estimator.Clone(template)
		if reflect.ValueOf(model).Kind() != reflect.Pointer {
			// A value type cannot hold learned state (its Fit cannot change it).
			f.models[bi] = model
			continue
		}
		if err := estimator.Load(bytes.NewReader(br.Model), model); err != nil {
			return fmt.Errorf("preprocess.ColumnTransformer: step %q: %w", br.Name, err)
		}
		f.models[bi] = model
	}
	c.fit = f
	return nil
}
