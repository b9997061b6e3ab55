package preprocess

import (
	"fmt"
	"math"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
)

var (
	_ mat.Matrix            = (*Frame)(nil)
	_ estimator.Columns     = (*Frame)(nil)
	_ estimator.RowSelector = (*Frame)(nil)
)

// Frame adapts a gota DataFrame to the estimator contract (it has no direct
// scikit-learn equivalent: it plays the part of a pandas DataFrame given to fit).
//
// A Frame is a mat.Matrix whose numeric columns (gota Float, Int and Bool) are cached
// once, column-major, as float64; missing cells (gota NA) read as NaN. String columns
// read as NaN through At, so numeric estimators, which validate their input with
// estimator.CheckXy, reject them with an error naming the column; transformers that
// handle strings (OneHotEncoder, OrdinalEncoder, SimpleImputer) and ColumnTransformer
// read them through Strings.
//
// # Missing values
//
// A missing numeric cell is NaN. A missing string cell is the empty string: Strings
// returns "" for gota NA elements (gota reads "NA", "NaN" and empty CSV fields as NA in
// string columns), and every StringTransformer treats "" as missing. A Frame cannot
// hold the empty string as an ordinary category.
//
// Methods taking a column index (Kind, IsNumeric, Float, Strings) panic when it is
// out of range, as slice indexing does.
//
// A Frame is immutable and never modifies the DataFrame it was built from. SelectRows
// and ColumnsByName share the column caches, so cross-validation folds are cheap and
// stay Frames, keeping column names and kinds. A Frame is safe for concurrent reads.
type Frame struct {
	cols []*frameColumn
	rows []int // nil: all rows of the caches, in order; else indices into them
	n    int

	// src is the DataFrame the caches were built from (nil for a Frame built from a
	// matrix); srcCols are the column positions in src of cols.
	src     *dataframe.DataFrame
	srcCols []int
}

// frameColumn is one cached column. Numeric columns fill num, string columns fill str.
type frameColumn struct {
	name string
	kind series.Type
	num  []float64
	str  []string
}

// NewFrame builds a Frame from df. It returns an error wrapping df.Err when gota
// recorded one (gota errors are sticky: an earlier failed operation surfaces here), and
// an error wrapping estimator.ErrInvalidData for a DataFrame with no rows or no
// columns. df is not modified.
func NewFrame(df dataframe.DataFrame) (*Frame, error) {
	if df.Err != nil {
		return nil, fmt.Errorf("preprocess.NewFrame: the DataFrame carries an error: %w: %w", df.Err, estimator.ErrInvalidData)
	}
	r, c := df.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("preprocess.NewFrame: the DataFrame is empty (%d×%d): %w", r, c, estimator.ErrInvalidData)
	}
	names := df.Names()
	cols := make([]*frameColumn, c)
	srcCols := make([]int, c)
	for j, name := range names {
		s := df.Col(name)
		if s.Err != nil {
			return nil, fmt.Errorf("preprocess.NewFrame: column %q: %w: %w", name, s.Err, estimator.ErrInvalidData)
		}
		col := &frameColumn{name: name, kind: s.Type()}
		switch s.Type() {
		case series.String:
			col.str = make([]string, r)
			for i := range r {
				if e := s.Elem(i); !e.IsNA() {
					col.str[i] = e.String()
				}
			}
		default: // Float, Int, Bool
			col.num = make([]float64, r)
			for i := range r {
				e := s.Elem(i)
				if e.IsNA() {
					col.num[i] = math.NaN()
				} else {
					col.num[i] = e.Float()
				}
			}
		}
		cols[j] = col
		srcCols[j] = j
	}
	d := df
	return &Frame{cols: cols, n: r, src: &d, srcCols: srcCols}, nil
}

// AsFrame returns X as a Frame: X itself when it is a *Frame, otherwise a Frame of
// float columns named "x0", "x1", ... holding a copy of X's values. It returns nil
// for a nil, empty or unusable X (one that estimator.Dims rejects, or whose At
// panics).
func AsFrame(X mat.Matrix) *Frame {
	f, err := asFrame(X)
	if err != nil {
		return nil
	}
	return f
}

// asFrame is AsFrame reporting why X is unusable, with errors wrapping
// estimator.ErrInvalidData.
func asFrame(X mat.Matrix) (*Frame, error) {
	x, r, c, err := frameAsDense(X)
	if err != nil {
		return nil, err
	}
	if f, ok := X.(*Frame); ok {
		return f, nil
	}
	names := frameColumnNames(X, c)
	cols := make([]*frameColumn, c)
	for j := range c {
		num := make([]float64, r)
		mat.Col(num, j, x)
		cols[j] = &frameColumn{name: names[j], kind: series.Float, num: num}
	}
	return &Frame{cols: cols, n: r}, nil
}

// frameAsDense checks X as estimator.Dims does and rejects empty input, then returns
// its dimensions and its values as a *mat.Dense: X itself for a *mat.Dense, nil for a
// *Frame (whose columns callers read directly), else a copy of at most
// estimator.MaxCopyElements values, a panic in X's At becoming an error. NaN and ±Inf
// are not checked. Errors wrap estimator.ErrInvalidData.
func frameAsDense(X mat.Matrix) (x *mat.Dense, r, c int, err error) {
	r, c, err = estimator.Dims(X)
	if err != nil {
		return nil, 0, 0, err
	}
	if d, ok := X.(*mat.Dense); ok && d.IsEmpty() {
		return nil, 0, 0, fmt.Errorf("X is empty: %w", estimator.ErrInvalidData)
	}
	if r == 0 || c == 0 {
		return nil, 0, 0, fmt.Errorf("X is empty (%d×%d): %w", r, c, estimator.ErrInvalidData)
	}
	switch m := X.(type) {
	case *mat.Dense:
		return m, r, c, nil
	case *Frame:
		return nil, r, c, nil
	}
	if r > estimator.MaxCopyElements/c {
		return nil, 0, 0, fmt.Errorf("X (%T) is %d×%d, too large to copy (at most %d values; pass a *mat.Dense): %w",
			X, r, c, estimator.MaxCopyElements, estimator.ErrInvalidData)
	}
	defer func() {
		if p := recover(); p != nil {
			x, r, c, err = nil, 0, 0, fmt.Errorf("X (%T) is unusable: reading it panicked: %v: %w", X, p, estimator.ErrInvalidData)
		}
	}()
	return mat.DenseCopyOf(X), r, c, nil
}

// frameColumnNames returns X's p column names (estimator.Columns) or "x0", "x1", ...
// when X has none or not p of them.
func frameColumnNames(X mat.Matrix, p int) []string {
	if c, ok := X.(estimator.Columns); ok {
		if names := c.Names(); len(names) == p {
			return names
		}
	}
	return frameDefaultNames(p)
}

func frameDefaultNames(p int) []string {
	names := make([]string, p)
	for j := range names {
		names[j] = "x" + strconv.Itoa(j)
	}
	return names
}

// Dims returns the number of rows and columns (0, 0 for a nil Frame, so validation
// reports a nil *Frame as empty input).
func (f *Frame) Dims() (r, c int) {
	if f == nil {
		return 0, 0
	}
	return f.n, len(f.cols)
}

// At returns the value of a numeric cell (NaN when missing) and NaN for a string
// column. It panics with mat.ErrIndexOutOfRange for an index out of range.
func (f *Frame) At(i, j int) float64 {
	if uint(i) >= uint(f.n) || uint(j) >= uint(len(f.cols)) {
		panic(mat.ErrIndexOutOfRange)
	}
	col := f.cols[j]
	if col.num == nil {
		return math.NaN()
	}
	return col.num[f.row(i)]
}

// T returns the transpose of f (an implicit view).
func (f *Frame) T() mat.Matrix { return mat.Transpose{Matrix: f} }

func (f *Frame) row(i int) int {
	if f.rows == nil {
		return i
	}
	return f.rows[i]
}

// Names returns a copy of the column names.
func (f *Frame) Names() []string {
	names := make([]string, len(f.cols))
	for j, c := range f.cols {
		names[j] = c.name
	}
	return names
}

// IsNumeric reports whether column j is numeric (gota Float, Int or Bool).
func (f *Frame) IsNumeric(j int) bool { return f.cols[j].kind != series.String }

// Kind returns the gota type of column j (series.Float for Frames built from matrices).
func (f *Frame) Kind(j int) series.Type { return f.cols[j].kind }

// Col returns the index of the column called name, or -1.
func (f *Frame) Col(name string) int {
	for j, c := range f.cols {
		if c.name == name {
			return j
		}
	}
	return -1
}

// Float returns a copy of numeric column j (NaN where missing), or nil for a string
// column.
func (f *Frame) Float(j int) []float64 {
	col := f.cols[j]
	if col.num == nil {
		return nil
	}
	out := make([]float64, f.n)
	for i := range out {
		out[i] = col.num[f.row(i)]
	}
	return out
}

// Strings returns column col as strings, missing cells as "". Numeric columns are
// formatted: Int as integers, Bool as "True"/"False" (as pandas prints them), Float
// as Python prints floats ("1.0", "0.25").
func (f *Frame) Strings(col int) []string {
	c := f.cols[col]
	out := make([]string, f.n)
	for i := range out {
		r := f.row(i)
		if c.str != nil {
			out[i] = c.str[r]
			continue
		}
		if v := c.num[r]; !math.IsNaN(v) {
			out[i] = frameFormatValue(v, c.kind)
		}
	}
	return out
}

// StringsByName is Strings for the column called name; it returns an error wrapping
// estimator.ErrInvalidData if there is none.
func (f *Frame) StringsByName(name string) ([]string, error) {
	j := f.Col(name)
	if j < 0 {
		return nil, fmt.Errorf("preprocess.Frame: no column %q: %w", name, estimator.ErrInvalidData)
	}
	return f.Strings(j), nil
}

// SelectRows returns the rows idx of f, in that order, as a Frame sharing f's column
// caches (estimator.RowSelector). It panics if an index is out of range, as
// estimator.Rows does for matrices.
func (f *Frame) SelectRows(idx []int) mat.Matrix {
	rows := make([]int, len(idx))
	for k, i := range idx {
		if uint(i) >= uint(f.n) {
			panic(fmt.Sprintf("preprocess.Frame: row index %d out of range [0, %d)", i, f.n))
		}
		rows[k] = f.row(i)
	}
	return &Frame{cols: f.cols, rows: rows, n: len(idx), src: f.src, srcCols: f.srcCols}
}

// ColumnsByName returns the columns names of f, in that order, as a Frame sharing f's
// caches. An unknown name gives an error wrapping estimator.ErrInvalidData that names
// it.
func (f *Frame) ColumnsByName(names []string) (*Frame, error) {
	idx := make([]int, len(names))
	for k, name := range names {
		j := f.Col(name)
		if j < 0 {
			return nil, fmt.Errorf("preprocess.Frame: no column %q (have %q): %w", name, f.Names(), estimator.ErrInvalidData)
		}
		idx[k] = j
	}
	return f.columns(idx), nil
}

// columns returns the columns idx of f as a Frame sharing the caches.
func (f *Frame) columns(idx []int) *Frame {
	out := &Frame{cols: make([]*frameColumn, len(idx)), rows: f.rows, n: f.n, src: f.src}
	if f.src != nil {
		out.srcCols = make([]int, len(idx))
	}
	for k, j := range idx {
		out.cols[k] = f.cols[j]
		if f.src != nil {
			out.srcCols[k] = f.srcCols[j]
		}
	}
	return out
}

// DataFrame returns the rows and columns of f as a gota DataFrame: the DataFrame f was
// built from (a copy of its selection when rows or columns were selected), or, for a
// Frame built otherwise (AsFrame, SimpleImputer.TransformFrame), a new DataFrame of
// Float and String columns, missing strings as gota NA.
func (f *Frame) DataFrame() dataframe.DataFrame {
	if f.src == nil {
		ss := make([]series.Series, len(f.cols))
		for j, c := range f.cols {
			if c.str != nil {
				s := f.Strings(j)
				for i, v := range s {
					if v == "" {
						s[i] = "NaN" // gota's NA
					}
				}
				ss[j] = series.New(s, series.String, c.name)
				continue
			}
			ss[j] = series.New(f.Float(j), series.Float, c.name)
		}
		return dataframe.New(ss...)
	}
	df := *f.src
	identity := len(f.srcCols) == df.Ncol()
	for k, j := range f.srcCols {
		identity = identity && k == j
	}
	if !identity {
		df = df.Select(f.srcCols)
	}
	if f.rows != nil {
		df = df.Subset(f.rows)
	}
	return df
}

// Dense returns the numeric values of f as a new *mat.Dense (NaN for string columns
// and missing cells).
func (f *Frame) Dense() *mat.Dense {
	out := mat.NewDense(f.n, len(f.cols), nil)
	raw := out.RawMatrix()
	for j, c := range f.cols {
		for i := range f.n {
			v := math.NaN()
			if c.num != nil {
				v = c.num[f.row(i)]
			}
			raw.Data[i*raw.Stride+j] = v
		}
	}
	return out
}

// stringColumns returns f's columns as [][]string (Strings for each column).
func (f *Frame) stringColumns() [][]string {
	out := make([][]string, len(f.cols))
	for j := range f.cols {
		out[j] = f.Strings(j)
	}
	return out
}

// frameFormatValue formats a numeric cell the way pandas/scikit-learn print it for
// the column's dtype: Int as an integer, Bool as True/False, Float as Python's repr.
func frameFormatValue(v float64, kind series.Type) string {
	switch kind {
	case series.Int:
		if v == math.Trunc(v) && math.Abs(v) < 1<<62 {
			return strconv.FormatInt(int64(v), 10)
		}
	case series.Bool:
		if v == 1 {
			return "True"
		}
		if v == 0 {
			return "False"
		}
	}
	return pyFloat(v)
}

// pyFloat formats v as Python's repr(float): shortest round-trip digits, fixed
// notation with a ".0" for integral values when 1e-4 <= |v| < 1e16, scientific
// otherwise ("1e-05", "1e+16"), and "nan", "inf", "-inf".
func pyFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case v == 0:
		if math.Signbit(v) {
			return "-0.0"
		}
		return "0.0"
	}
	e := strconv.FormatFloat(v, 'e', -1, 64)
	k := len(e) - 1
	for e[k] != 'e' {
		k--
	}
	exp, _ := strconv.Atoi(e[k+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s
		}
	}
	return s + ".0"
}

// frameTable is a column-wise view of an input for the transformers that accept both
// numeric and string columns: each column is either numeric (num) or strings (str).
type frameTable struct {
	n     int
	names []string
	kinds []series.Type
	num   [][]float64 // num[j] is nil for a string column
	str   [][]string  // str[j] is nil for a numeric column
}

func (t *frameTable) p() int { return len(t.names) }

// frameReadTable reads X (a *Frame or any mat.Matrix) column-wise. It rejects nil or
// empty X and ±Inf with errors wrapping estimator.ErrInvalidData, and NaN too unless
// allowNaN is set.
func frameReadTable(X mat.Matrix, allowNaN bool) (*frameTable, error) {
	d, r, c, err := frameAsDense(X)
	if err != nil {
		return nil, err
	}
	t := &frameTable{n: r, kinds: make([]series.Type, c), num: make([][]float64, c), str: make([][]string, c)}
	t.names = frameColumnNames(X, c)
	f, isFrame := X.(*Frame)
	for j := range c {
		if isFrame {
			t.kinds[j] = f.Kind(j)
			if !f.IsNumeric(j) {
				t.str[j] = f.Strings(j)
				continue
			}
			t.num[j] = f.Float(j)
		} else {
			t.kinds[j] = series.Float
			col := make([]float64, r)
			mat.Col(col, j, d)
			t.num[j] = col
		}
		for i, v := range t.num[j] {
			if math.IsInf(v, 0) || (!allowNaN && math.IsNaN(v)) {
				return nil, fmt.Errorf("X[%d, %q] is %v: %w", i, t.names[j], v, estimator.ErrInvalidData)
			}
		}
	}
	return t, nil
}

// frameTableFromStrings wraps string columns (StringTransformer input), checking that
// there is at least one column, every column has the same, non-zero length.
func frameTableFromStrings(cols [][]string) (*frameTable, error) {
	if len(cols) == 0 || len(cols[0]) == 0 {
		return nil, fmt.Errorf("no string data: %w", estimator.ErrInvalidData)
	}
	n := len(cols[0])
	t := &frameTable{n: n, names: frameDefaultNames(len(cols)), kinds: make([]series.Type, len(cols)),
		num: make([][]float64, len(cols)), str: make([][]string, len(cols))}
	for j, c := range cols {
		if len(c) != n {
			return nil, fmt.Errorf("string column %d has %d values, column 0 has %d: %w", j, len(c), n, estimator.ErrShape)
		}
		t.kinds[j] = series.String
		t.str[j] = c
	}
	return t, nil
}
