package preprocess

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Transformer    = (*ColumnTransformer)(nil)
	_ estimator.FitTransformer = (*ColumnTransformer)(nil)
	_ estimator.Validator      = (*ColumnTransformer)(nil)
	_ estimator.Composite      = (*ColumnTransformer)(nil)
	_ estimator.Cloner         = (*ColumnTransformer)(nil)
	_ estimator.StateMarshaler = (*ColumnTransformer)(nil)
	_ estimator.FeatureNamer   = (*ColumnTransformer)(nil)
	_ estimator.ParamTyper     = (*ColumnTransformer)(nil)
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
	// one of the placeholders estimator.Passthrough (copy the columns) and
	// estimator.Drop (leave them out), scikit-learn's "passthrough" and "drop".
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
// Workers at a time, on internal/parallel: the first error cancels the others and
// names its branch, and a panic in a branch (a user's FunctionTransformer.Func, say)
// comes back as an error carrying its stack instead of killing the program. A failed
// Fit leaves a previously fitted ColumnTransformer unchanged. The output is the
// branches' outputs in Columns order, then the remainder's output (the remainder
// columns are those no branch names, in input order); FeatureNamesOut names them
// "<branch>__<feature>" ("num__RM", "cat__CHAS_1", "remainder__ZN").
type ColumnTransformer struct {
	// Columns lists the branches. It is not a hyperparameter itself: the branches are
	// addressed by name ("num", "num.NoMean") as Composite parts.
	Columns []ColumnStep `param:"-"`
	// Remainder handles the columns no branch names (scikit-learn's remainder): nil
	// or estimator.Drop (the default "drop") leaves them out, estimator.Passthrough
	// copies them (numeric columns only), and a transformer is fitted on them like a
	// branch called "remainder" (addressed as "Remainder" in parameter paths).
	Remainder estimator.Estimator
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

// ParamTypes lists the placeholders a saved Remainder may hold, so a model saved with
// Remainder: estimator.Passthrough loads into a skeleton whose Remainder is nil
// (estimator.ParamTyper).
func (c *ColumnTransformer) ParamTypes() []any {
	return []any{estimator.Passthrough, estimator.Drop}
}

// Validate reports whether the hyperparameters and branches are usable.
func (c *ColumnTransformer) Validate() error {
	if r := c.Remainder; r != nil && columnModeOf(r) == columnModeEstimator {
		_, isT := r.(estimator.Transformer)
		_, isS := r.(StringTransformer)
		if !isT && !isS {
			return &estimator.ParamError{Param: "Remainder", Value: estimator.Name(r),
				Reason: "must be nil, estimator.Drop, estimator.Passthrough or a transformer"}
		}
		if v, ok := r.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("remainder: %w", err)
			}
		}
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
			return &estimator.ParamError{Param: s.Name, Reason: "step has no estimator (use estimator.Drop or estimator.Passthrough)"}
		}
		seen[s.Name] = true
		if v, ok := s.Est.(estimator.Validator); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("step %q: %w", s.Name, err)
			}
		}
	}
	return nil
}

// columnModeOf classifies a step's estimator: the placeholders of package estimator,
// or a model to fit (nil, only possible for Remainder, means drop).
func columnModeOf(e estimator.Estimator) int {
	switch {
	case e == nil || estimator.IsDrop(e):
		return columnModeDrop
	case estimator.IsPassthrough(e):
		return columnModePassthrough
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
	fr, err := asFrame(X)
	if err != nil {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: %w", err)
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
		b := columnBranchFit{Name: "remainder", Mode: columnModeOf(c.Remainder), Cols: rest}
		if err := columnCheckKinds(&b, c.Remainder, f); err != nil {
			return nil, err
		}
		f.Branches = append(f.Branches, b)
		templates = append(templates, c.Remainder)
	}

	outs := make([]*mat.Dense, len(f.Branches))
	f.models = make([]estimator.Estimator, len(f.Branches))
	var jobs []func(ctx context.Context) error
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
		jobs = append(jobs, func(ctx context.Context) error {
			err := parallel.Protect(func() error {
				model := estimator.Clone(template)
				out, err := columnFitBranch(ctx, model, b.Mode, sub, y)
				if err != nil {
					return err
				}
				if out == nil || out.IsEmpty() {
					out = nil
				} else if r, _ := out.Dims(); r != n {
					return fmt.Errorf("returned %d rows for %d: %w", r, n, estimator.ErrShape)
				}
				if out != nil {
					_, b.NOut = out.Dims()
				}
				b.NamesOut = columnNamesOut(model, inNames, b.NOut)
				var buf bytes.Buffer
				if err := estimator.Save(&buf, model); err != nil {
					return err
				}
				b.Model = buf.Bytes()
				outs[bi] = out
				f.models[bi] = model
				return nil
			})
			if err != nil {
				return fmt.Errorf("preprocess.ColumnTransformer: step %q: %w", b.Name, err)
			}
			return nil
		})
	}
	if err := parallel.Run(ctx, len(jobs), c.Workers, func(ctx context.Context, i int) error { return jobs[i](ctx) }); err != nil {
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

// columnCheckKinds sets b.Mode for string columns and rejects string columns that
// the branch cannot take.
func columnCheckKinds(b *columnBranchFit, est estimator.Estimator, f *columnTransformerFit) error {
	strCol := -1
	for _, j := range b.Cols {
		if f.IsStr[j] {
			strCol = j
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
	if _, ok := est.(StringTransformer); ok {
		// Numeric columns beside string ones are encoded by their printed values
		// (Frame.Strings: "3" for an Int column, "2.5" for a Float one, missing as
		// ""), as scikit-learn's OneHotEncoder takes a mixed object array.
		b.Mode = columnModeStrings
		return nil
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

// columnTransformBranch transforms sub with a fitted branch; a panic in the branch
// comes back as an error with its stack.
func columnTransformBranch(model estimator.Estimator, mode int, sub *Frame) (out *mat.Dense, err error) {
	err = parallel.Protect(func() error {
		var err error
		if mode == columnModeStrings {
			out, err = model.(StringTransformer).TransformStrings(sub.stringColumns())
		} else {
			out, err = model.(estimator.Transformer).Transform(sub)
		}
		return err
	})
	return out, err
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
	fr, err := asFrame(X)
	if err != nil {
		return nil, fmt.Errorf("preprocess.ColumnTransformer: %w", err)
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
				return fmt.Errorf("preprocess.ColumnTransformer: step %q: nil estimator (use estimator.Drop or estimator.Passthrough): %w", name, estimator.ErrInvalidParam)
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
	if r := c.Remainder; r != nil && reflect.ValueOf(r).Kind() == reflect.Pointer && !reflect.ValueOf(r).IsNil() {
		out.Remainder = estimator.Clone(r)
	}
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
func (c *ColumnTransformer) MarshalState() ([]byte, error) {
	return estimator.EncodeState(columnStateVersion, c.fit)
}

// UnmarshalState restores state saved by MarshalState. The saved branches must be
// those of the current Columns (same names, in order) and Remainder, with modes their
// estimators allow; each fitted branch is loaded into a clone of its estimator. On
// error the receiver is unchanged and the error wraps estimator.ErrState (or, for a
// branch's own file, what estimator.Load returns).
func (c *ColumnTransformer) UnmarshalState(b []byte) error {
	var f *columnTransformerFit
	if err := estimator.DecodeState(b, columnStateVersion, &f); err != nil {
		return stateWrap("ColumnTransformer", err)
	}
	if f == nil {
		c.fit = nil
		return nil
	}
	templates, err := c.checkBranches(f)
	if err != nil {
		return stateErr("ColumnTransformer", err)
	}
	f.models = make([]estimator.Estimator, len(f.Branches))
	for bi, br := range f.Branches {
		if br.Mode == columnModeDrop || br.Mode == columnModePassthrough {
			continue
		}
		model := estimator.Clone(templates[bi])
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

// checkBranches matches saved branches with Columns and Remainder and returns the
// template of each.
func (c *ColumnTransformer) checkBranches(f *columnTransformerFit) ([]estimator.Estimator, error) {
	nb := len(f.Branches)
	if nb != len(c.Columns) && nb != len(c.Columns)+1 {
		return nil, fmt.Errorf("%d branches saved, Columns has %d", nb, len(c.Columns))
	}
	templates := make([]estimator.Estimator, nb)
	for bi, br := range f.Branches {
		if bi < len(c.Columns) {
			if s := c.Columns[bi]; s.Name != br.Name {
				return nil, fmt.Errorf("saved branch %d is %q, Columns has %q", bi, br.Name, s.Name)
			}
			templates[bi] = c.Columns[bi].Est
		} else {
			if br.Name != "remainder" {
				return nil, fmt.Errorf("saved branch %d is %q, want \"remainder\"", bi, br.Name)
			}
			templates[bi] = c.Remainder
		}
		t := templates[bi]
		switch mode := columnModeOf(t); {
		case br.Mode == columnModeDrop:
		case br.Mode != columnModeEstimator && br.Mode != columnModeStrings:
			if mode != br.Mode {
				return nil, fmt.Errorf("branch %q was saved as a placeholder, its estimator is %s", br.Name, estimator.Name(t))
			}
			for _, j := range br.Cols {
				if f.IsStr[j] {
					return nil, fmt.Errorf("branch %q passes string column %d through", br.Name, j)
				}
			}
		case mode != columnModeEstimator:
			return nil, fmt.Errorf("branch %q was saved fitted, its estimator is a placeholder", br.Name)
		case br.Mode == columnModeStrings:
			if _, ok := t.(StringTransformer); !ok {
				return nil, fmt.Errorf("branch %q was fitted on strings, %s is not a StringTransformer", br.Name, estimator.Name(t))
			}
		default:
			if _, ok := t.(estimator.Transformer); !ok {
				return nil, fmt.Errorf("branch %q: %s is not a Transformer", br.Name, estimator.Name(t))
			}
		}
	}
	return templates, nil
}
