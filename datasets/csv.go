package datasets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skgo/skgo/estimator"
	"gonum.org/v1/gonum/mat"
)

// defaultMissing are the cells ReadCSV reads as missing values when
// CSVOptions.Missing is nil.
var defaultMissing = []string{"", "NA", "NaN", "?"}

// CSVOptions configures ReadCSV. The zero value reads a comma-separated file with a
// header row whose last column is the target.
type CSVOptions struct {
	// NoHeader says the first row is data, not column names. Features are then named
	// "x0", "x1", … (the names preprocess.ColumnTransformer uses for plain matrices) and
	// the target "y". The default (false) reads names from the first row.
	NoHeader bool
	// Target names the target column (matched exactly against the header). Empty means:
	// use TargetCol. Needs a header.
	Target string
	// TargetCol is the 1-based position of the target column; negative values count
	// from the end (-1 is the last column). Zero, with Target empty, means the last
	// column (-1).
	TargetCol int
	// NoTarget reads every column as a feature and leaves Y nil (for unsupervised
	// data). Target and TargetCol must then be unset.
	NoTarget bool
	// Comma is the field delimiter; zero means ','. It must be a valid rune other than
	// '"', '\r', '\n' and the Unicode replacement character.
	Comma rune
	// Missing lists the cells (after trimming spaces) read as missing: NaN in X, an
	// error in the target. Tokens are compared case-sensitively. Nil means the empty
	// cell, "NA", "NaN" and "?"; an empty non-nil slice means no token is special (a
	// literal "NaN" then still parses as NaN in X, and an empty cell is an error).
	Missing []string
	// MaxCells bounds the number of cells (rows × columns, the header excluded) ReadCSV
	// reads before giving up with an error; 0 means 2^28 (2 GiB as float64). Raise it
	// for larger trusted files. Together with the limit of 4 MiB per line it keeps a
	// hostile input (a gzip bomb given to ReadCSVFile) from exhausting memory.
	MaxCells int
	// SkipRows is the number of leading records (lines) skipped before the header, or
	// before the data with NoHeader: scikit-learn's own Boston CSV starts with a line
	// of counts ("506,13") above its header, pandas' skiprows=1. It must be >= 0.
	SkipRows int
}

// Input limits of ReadCSV.
const (
	defaultMaxCSVCells = 1 << 28
	maxCSVLineBytes    = 4 << 20
)

// ReadCSV reads a numeric table: every cell must parse as a float64
// (strconv.ParseFloat after trimming spaces, so "1e-3", "-0.5", "Inf" and "NaN" are
// numbers) or be a missing-value token. Blank lines are skipped; quoting follows
// RFC 4180 (encoding/csv). It is the
// counterpart of reading a CSV with pandas and calling to_numpy: missing feature values
// become NaN in X (handle them before fitting, for example by dropping rows, since
// estimators reject NaN), a missing target is an error, and a non-numeric cell is an
// error naming its line and column.
//
// String (categorical) columns are not for this reader: load such a file with gota's
// dataframe.ReadCSV and adapt it with preprocess.NewFrame, whose ColumnTransformer can
// one-hot encode them.
//
// Input beyond CSVOptions.MaxCells cells, or with a line longer than 4 MiB, is an
// error: memory grows with the data read, never past those bounds.
//
// Errors wrap estimator.ErrInvalidData (bad, empty or too large content),
// *estimator.ParamError (bad options) or the reader's own error.
func ReadCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	const where = "datasets.ReadCSV"
	if err := opt.validate(where); err != nil {
		return nil, err
	}
	comma := opt.Comma
	if comma == 0 {
		comma = ','
	}
	missing := opt.Missing
	if missing == nil {
		missing = defaultMissing
	}
	isMissing := make(map[string]bool, len(missing))
	for _, m := range missing {
		isMissing[strings.TrimSpace(m)] = true
	}

	maxCells := opt.MaxCells
	if maxCells == 0 {
		maxCells = defaultMaxCSVCells
	}
	cr := csv.NewReader(&lineLimiter{r: r, max: maxCSVLineBytes})
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // ragged rows are reported below, with our wording
	cr.ReuseRecord = true

	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", where, fmt.Sprintf(format, args...), estimator.ErrInvalidData)
	}
	read := func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, fmt.Errorf("%s: %w: %w", where, err, estimator.ErrInvalidData)
			}
			if err == io.EOF {
				return nil, 0, err
			}
			return nil, 0, fmt.Errorf("%s: %w", where, err)
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}

	for k := 0; k < opt.SkipRows; k++ {
		if _, _, err := read(); err == io.EOF {
			return nil, bad("the input has %d record(s), SkipRows is %d", k, opt.SkipRows)
		} else if err != nil {
			return nil, err
		}
	}
	first, firstLine, err := read()
	if err == io.EOF {
		if opt.SkipRows > 0 {
			return nil, bad("no rows after the %d skipped", opt.SkipRows)
		}
		return nil, bad("empty input")
	}
	if err != nil {
		return nil, err
	}
	ncol := len(first)
	if len(first) > 0 {
		first[0] = strings.TrimPrefix(first[0], "\uFEFF") // a UTF-8 byte-order mark
	}
	if ncol == 1 && strings.TrimSpace(first[0]) == "" {
		return nil, bad("line %d is empty", firstLine)
	}

	var names []string
	if opt.NoHeader {
		names = make([]string, ncol)
		for j := range names {
			names[j] = "x" + strconv.Itoa(j)
		}
	} else {
		names = make([]string, ncol)
		seen := make(map[string]int, ncol)
		for j, s := range first {
			s = strings.TrimSpace(s)
			if s == "" {
				s = "x" + strconv.Itoa(j)
			}
			if k, dup := seen[s]; dup {
				return nil, bad("line %d: columns %d and %d are both named %q", firstLine, k+1, j+1, s)
			}
			seen[s] = j
			names[j] = s
		}
	}

	// Resolve the target column.
	target := -1
	if !opt.NoTarget {
		switch {
		case opt.Target != "":
			for j, s := range names {
				if s == opt.Target {
					target = j
				}
			}
			if target < 0 {
				return nil, fmt.Errorf("%s: %w", where, &estimator.ParamError{Param: "Target", Value: opt.Target,
					Reason: fmt.Sprintf("no such column in the header %q", names)})
			}
		default:
			tc := opt.TargetCol
			if tc == 0 {
				tc = -1
			}
			if tc < 0 {
				target = ncol + tc
			} else {
				target = tc - 1
			}
			if target < 0 || target >= ncol {
				return nil, fmt.Errorf("%s: %w", where, &estimator.ParamError{Param: "TargetCol", Value: opt.TargetCol,
					Reason: fmt.Sprintf("out of range for %d columns", ncol)})
			}
		}
		if ncol < 2 {
			return nil, bad("line %d: a target and at least one feature need 2 columns, found %d", firstLine, ncol)
		}
	}

	p := ncol
	if target >= 0 {
		p--
	}
	var xs, ys []float64
	parseRow := func(rec []string, line int) error {
		if len(xs)+len(ys) > maxCells-ncol {
			return bad("line %d: more than %d cells (raise CSVOptions.MaxCells for a larger trusted file)", line, maxCells)
		}
		if len(rec) != ncol {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				return bad("line %d is empty, want %d fields", line, ncol)
			}
			return bad("line %d has %d fields, want %d", line, len(rec), ncol)
		}
		for j, s := range rec {
			t := strings.TrimSpace(s)
			var v float64
			if isMissing[t] {
				v = math.NaN()
			} else {
				var err error
				v, err = strconv.ParseFloat(t, 64)
				if err != nil {
					var ne *strconv.NumError
					if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
						return bad("line %d, column %d (%q): %q is out of float64 range", line, j+1, names[j], clip(t))
					}
					return bad("line %d, column %d (%q): cannot parse %q as a number (string columns: read the file with gota's dataframe.ReadCSV and use preprocess.NewFrame)",
						line, j+1, names[j], clip(t))
				}
			}
			if j == target {
				if math.IsNaN(v) {
					return bad("line %d, column %d (%q): missing target value", line, j+1, names[j])
				}
				ys = append(ys, v)
			} else {
				xs = append(xs, v)
			}
		}
		return nil
	}
	if opt.NoHeader {
		if err := parseRow(first, firstLine); err != nil {
			return nil, err
		}
	}
	for {
		rec, line, err := read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := parseRow(rec, line); err != nil {
			return nil, err
		}
	}
	if len(xs) == 0 && len(ys) == 0 {
		return nil, bad("no data rows")
	}
	n := (len(xs) + len(ys)) / ncol
	ds := &Dataset{
		X:           mat.NewDense(n, p, xs),
		Description: "read from CSV by datasets.ReadCSV",
	}
	ds.FeatureNames = make([]string, 0, p)
	for j, s := range names {
		if j != target {
			ds.FeatureNames = append(ds.FeatureNames, s)
		}
	}
	if target >= 0 {
		ds.Y = ys
		ds.TargetName = names[target]
		if opt.NoHeader {
			ds.TargetName = "y"
		}
	}
	return ds, nil
}

// ReadCSVFile opens path and reads it with ReadCSV; gzip-compressed files (detected by
// their 0x1f 0x8b header, whatever the file name) are decompressed first.
func ReadCSVFile(path string, opt CSVOptions) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets.ReadCSVFile: %w", err)
	}
	defer f.Close()
	r, err := maybeGunzip(f)
	if err != nil {
		return nil, fmt.Errorf("datasets.ReadCSVFile: %s: %w", path, err)
	}
	ds, err := ReadCSV(r, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ds.Description = "read from " + path + " by datasets.ReadCSVFile"
	return ds, nil
}

func (opt CSVOptions) validate(where string) error {
	perr := func(param string, v any, reason string) error {
		return fmt.Errorf("%s: %w", where, &estimator.ParamError{Param: param, Value: v, Reason: reason})
	}
	if opt.Comma != 0 && (opt.Comma == '"' || opt.Comma == '\r' || opt.Comma == '\n' ||
		!utf8.ValidRune(opt.Comma) || opt.Comma == utf8.RuneError) {
		return perr("Comma", opt.Comma, "not a valid delimiter")
	}
	if opt.SkipRows < 0 {
		return perr("SkipRows", opt.SkipRows, "must be >= 0")
	}
	comma := opt.Comma
	if comma == 0 {
		comma = ','
	}
	for _, m := range opt.Missing {
		if strings.ContainsRune(m, comma) {
			return perr("Missing", m, "a missing-value token cannot contain the delimiter")
		}
	}
	if opt.NoTarget && (opt.Target != "" || opt.TargetCol != 0) {
		return perr("NoTarget", true, "Target and TargetCol must be unset")
	}
	if opt.Target != "" && opt.TargetCol != 0 {
		return perr("TargetCol", opt.TargetCol, "set Target or TargetCol, not both")
	}
	if opt.Target != "" && opt.NoHeader {
		return perr("Target", opt.Target, "a target name needs a header row; use TargetCol")
	}
	if opt.MaxCells < 0 {
		return perr("MaxCells", opt.MaxCells, "must be >= 0")
	}
	return nil
}

// errLineTooLong is returned through encoding/csv when a line exceeds the limit.
var errLineTooLong = fmt.Errorf("a line is longer than %d bytes: %w", maxCSVLineBytes, estimator.ErrInvalidData)

// lineLimiter passes r's bytes through and fails once a line (bytes between newlines)
// exceeds max bytes: encoding/csv holds a whole record in memory, so without it one
// endless line would be buffered entirely.
type lineLimiter struct {
	r   io.Reader
	max int
	cur int // bytes since the last newline
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	b := p[:n]
	if first := bytes.IndexByte(b, '\n'); first < 0 {
		l.cur += n
	} else {
		last := bytes.LastIndexByte(b, '\n')
		// The first line continues the previous chunk's last; the lines in between
		// can only be long when the chunk is.
		if l.cur+first > l.max || (last-first > l.max && longLine(b[first+1:last], l.max)) {
			return 0, errLineTooLong
		}
		l.cur = n - last - 1
	}
	if l.cur > l.max {
		return 0, errLineTooLong
	}
	return n, err
}

// longLine reports whether b holds a line longer than max bytes.
func longLine(b []byte, max int) bool {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		if i > max {
			return true
		}
		b = b[min(i+1, len(b)):]
	}
	return false
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 40 {
		b := []byte(s[:40])
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
		return string(bytes.TrimSpace(b)) + "…"
	}
	return s
}
