package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// options holds every flag of every command; each command registers the ones it takes.
type options struct {
	data        string
	skipRows    int
	target      string
	drop        listFlag
	categorical listFlag
	model       string
	noOneHot    bool

	cv      int
	shuffle bool
	seed    uint64
	scoring listFlag

	grid   repeatFlag
	random int

	plotDir string
	json    bool
	out     string

	modelFile string
	proba     bool
}

// listFlag is a comma-separated list; repeating the flag appends.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// repeatFlag collects every occurrence of a flag.
type repeatFlag []string

func (r *repeatFlag) String() string { return strings.Join(*r, " ") }
func (r *repeatFlag) Set(s string) error {
	*r = append(*r, s)
	return nil
}

func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line by run
	fs.Usage = func() {}
	_ = synopsis
	return fs
}

func dataFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.data, "data", "", "training CSV file with a header row (\"-\" reads standard input)")
	fs.IntVar(&o.skipRows, "skip-rows", 0, "skip this many rows before the header (scikit-learn's count row: 1)")
	fs.StringVar(&o.target, "target", "", "target column (default: the last column)")
	fs.Var(&o.drop, "drop", "columns to leave out of the features (comma-separated, repeatable)")
	fs.Var(&o.categorical, "categorical", "columns to read as strings (one-hot encoded) even when they hold numbers (comma-separated, repeatable)")
	fs.StringVar(&o.model, "model", "", "the model: steps separated by '|', e.g. 'standardscaler | ridge alpha=10'")
	fs.BoolVar(&o.noOneHot, "no-onehot", false, "do not one-hot encode string columns (the first step must take them)")
}

func cvFlags(fs *flag.FlagSet, o *options) {
	fs.IntVar(&o.cv, "cv", 5, "number of folds (KFold; StratifiedKFold for classifiers)")
	fs.BoolVar(&o.shuffle, "shuffle", false, "shuffle the rows before splitting them into folds")
	fs.Uint64Var(&o.seed, "seed", 0, "seed of the shuffle and of random search")
	fs.Var(&o.scoring, "scoring", "scorers by scikit-learn name, comma-separated (default r2 or accuracy); the first ranks a search")
}

func outputFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.plotDir, "plot", "", "write the relevant plots (PNG) into this directory")
	fs.BoolVar(&o.json, "json", false, "print machine-readable JSON instead of tables")
}

// flagHelp is the flag list of fs, for -h.
func flagHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return b.String()
}

// parseFlags parses args, allowing flags after positional arguments (skgo predict
// new.csv -m model.skgo), and returns the positional arguments. -h prints the
// synopsis and flags to stdout.
func parseFlags(fs *flag.FlagSet, synopsis string, args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(stdout, "usage: %s\n\nflags:\n%s", synopsis, flagHelp(fs))
				return nil, err
			}
			return nil, usageErrorf("%s: %v (see skgo %s -h)", fs.Name(), err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// requireFlags reports the first empty required flag.
func requireFlags(cmd string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return usageErrorf("%s: --%s is required (see skgo %s -h)", cmd, pairs[i], cmd)
		}
	}
	return nil
}

// isTerminal reports whether w is a terminal: progress goes to stderr only then.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
