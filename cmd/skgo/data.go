package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// maxCells bounds the cells read from one CSV (2^27, 1 GiB as float64) so that a
// huge or hostile file fails with an error instead of exhausting memory.
const maxCells = 1 << 27

// missingTokens are the cells read as missing values (after trimming spaces).
var missingTokens = []string{"", "NA", "NaN", "nan", "N/A", "?"}

func isMissing(s string) bool { return slices.Contains(missingTokens, s) }

// table is a CSV file read into a gota DataFrame, with the raw cells kept for
// messages that name a line.
type table struct {
	name   string     // the file name, for messages
	header []string   // column names
	rows   [][]string // data cells, trimmed
	lines  []int      // the file line of each data row
	df     dataframe.DataFrame
}

// readTable reads a CSV file with a header row after skip leading records (for
// scikit-learn's files whose first line is a count row). Column types are inferred
// by gota (integers, floats, bools, strings; missing cells do not count), except the
// columns named in types, which are read as given. "-" reads standard input.
func readTable(path string, skip int, types map[string]series.Type, stdin io.Reader) (*table, error) {
	var r io.Reader
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	name := path
	if path == "-" {
		name = "standard input"
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked below, with line numbers in our words
	cr.TrimLeadingSpace = true
	t := &table{name: name}
	cells := 0
	for rec := 0; ; rec++ {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: line %d: %v", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if rec < skip {
			continue
		}
		line, _ := cr.FieldPos(0)
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if t.header == nil {
			if err := checkHeader(name, line, fields); err != nil {
				return nil, err
			}
			t.header = fields
			continue
		}
		if len(fields) == 1 && fields[0] == "" {
			continue // a blank line
		}
		if len(fields) != len(t.header) {
			return nil, fmt.Errorf("%s: line %d has %d fields, the header has %d (truncated or malformed row)", name, line, len(fields), len(t.header))
		}
		cells += len(fields)
		if cells > maxCells {
			return nil, fmt.Errorf("%s: more than %d cells: too large for skgo", name, maxCells)
		}
		t.rows = append(t.rows, fields)
		t.lines = append(t.lines, line)
	}
	if t.header == nil {
		if skip > 0 {
			return nil, fmt.Errorf("%s: no header row after skipping %d rows", name, skip)
		}
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	if len(t.rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows after the header", name)
	}
	records := make([][]string, 0, len(t.rows)+1)
	records = append(records, t.header)
	records = append(records, t.rows...)
	opts := []dataframe.LoadOption{
		dataframe.HasHeader(true),
		dataframe.DetectTypes(true),
		dataframe.NaNValues(missingTokens),
	}
	if len(types) > 0 {
		opts = append(opts, dataframe.WithTypes(types))
	}
	t.df = dataframe.LoadRecords(records, opts...)
	if t.df.Err != nil {
		return nil, fmt.Errorf("%s: %v", name, t.df.Err)
	}
	return t, nil
}

func checkHeader(name string, line int, fields []string) error {
	seen := map[string]bool{}
	for j, h := range fields {
		if h == "" {
			return fmt.Errorf("%s: line %d: column %d has no name (the first row read must be a header; use --skip-rows for count rows)", name, line, j+1)
		}
		if seen[h] {
			return fmt.Errorf("%s: line %d: column name %q appears twice", name, line, h)
		}
		seen[h] = true
	}
	return nil
}

// col returns the position of the column called name, or an error listing close
// matches.
func (t *table) col(name string) (int, error) {
	for j, h := range t.header {
		if h == name {
			return j, nil
		}
	}
	s := suggestWith(strings.ToLower(name), t.header, strings.ToLower)
	if s == "" {
		cols := t.header
		more := ""
		if len(cols) > 12 {
			cols, more = cols[:12], ", ..."
		}
		s = " (columns: " + strings.Join(cols, ", ") + more + ")"
	}
	return 0, fmt.Errorf("%s: no column %q%s", t.name, name, s)
}

// isString reports whether gota read column j as strings.
func (t *table) isString(j int) bool {
	return t.df.Col(t.header[j]).Type() == series.String
}

// numeric returns column j as float64, checking every cell: a missing cell is NaN,
// allowed only when allowMissing; an infinite value or text that is not a number is
// an error naming the line.
func (t *table) numeric(j int, allowMissing bool, hint string) ([]float64, error) {
	out := make([]float64, len(t.rows))
	for i, row := range t.rows {
		s := row[j]
		if isMissing(s) {
			if !allowMissing {
				n := 0
				for _, r := range t.rows {
					if isMissing(r[j]) {
						n++
					}
				}
				return nil, fmt.Errorf("%s: column %s has %d missing or NaN value(s), the first on line %d%s", t.name, t.header[j], n, t.lines[i], hint)
			}
			out[i] = math.NaN()
			continue
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil && (s == "true" || s == "false") {
			x, err = 0, nil
			if s == "true" {
				x = 1
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: column %s: %q is not a number", t.name, t.lines[i], t.header[j], s)
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			if math.IsNaN(x) && allowMissing {
				out[i] = x
				continue
			}
			return nil, fmt.Errorf("%s: line %d: column %s: %q is not a finite number", t.name, t.lines[i], t.header[j], s)
		}
		out[i] = x
	}
	return out, nil
}

func parseNumber(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// checkText rejects a string column that is mostly numbers (at least 90% of its
// non-missing cells): a typo in a numeric column would otherwise turn it into
// hundreds of one-hot categories without a word.
func (t *table) checkText(j int) error {
	nums, cells, first := 0, 0, -1
	for i, row := range t.rows {
		if isMissing(row[j]) {
			continue
		}
		cells++
		if _, err := strconv.ParseFloat(row[j], 64); err == nil {
			nums++
		} else if first < 0 {
			first = i
		}
	}
	if first >= 0 && nums*10 >= cells*9 {
		return fmt.Errorf("%s: line %d: column %s holds %q among %d numbers: fix the cell, or pass --categorical %s to encode the column as categories",
			t.name, t.lines[first], t.header[j], t.rows[first][j], nums, t.header[j])
	}
	return nil
}
