package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
	"github.com/skgo/skgo/pipeline"
)

// parseScorers looks scorer names up with metrics.ScorerByName.
func parseScorers(names []string) ([]metrics.Scorer, error) {
	var out []metrics.Scorer
	seen := map[string]bool{}
	for _, n := range names {
		s, err := metrics.ScorerByName(n)
		if err != nil {
			return nil, usageErrorf("--scoring: unknown scorer %q%s", n, suggest(n, metrics.ScorerNames()))
		}
		if seen[s.Name()] {
			return nil, usageErrorf("--scoring: %s is listed twice", n)
		}
		seen[s.Name()] = true
		out = append(out, s)
	}
	return out, nil
}

// defaultScorers is crossval's default: accuracy for classifiers, R² otherwise.
func defaultScorers(classifier bool) []metrics.Scorer {
	if classifier {
		return []metrics.Scorer{metrics.Accuracy}
	}
	return []metrics.Scorer{metrics.R2}
}

// splitter is KFold, or StratifiedKFold for classifiers, as scikit-learn's cv=k.
func splitter(o *options, classifier bool) (crossval.Splitter, error) {
	if o.cv < 2 {
		return nil, usageErrorf("--cv must be at least 2, got %d", o.cv)
	}
	if classifier {
		return crossval.StratifiedKFold{K: o.cv, Shuffle: o.shuffle, Seed: o.seed}, nil
	}
	return crossval.KFold{K: o.cv, Shuffle: o.shuffle, Seed: o.seed}, nil
}

func describeCV(cv crossval.Splitter, o *options) string {
	name := "KFold"
	if _, ok := cv.(crossval.StratifiedKFold); ok {
		name = "StratifiedKFold"
	}
	s := fmt.Sprintf("%d-fold %s", o.cv, name)
	if o.shuffle {
		s += fmt.Sprintf(", shuffled (seed %d)", o.seed)
	}
	return s
}

// trainingSetup is what cv, fit and search share: flags checked, the model text
// parsed, the data read, and the pipeline built.
type trainingSetup struct {
	ds      *dataset
	pipe    *pipeline.Pipeline
	scorers []metrics.Scorer
}

func setupTraining(cmd string, o *options, stdin io.Reader) (*trainingSetup, error) {
	if err := requireFlags(cmd, "data", o.data, "model", o.model); err != nil {
		return nil, err
	}
	if o.skipRows < 0 {
		return nil, usageErrorf("--skip-rows must be >= 0, got %d", o.skipRows)
	}
	user, err := parseSpec(o.model)
	if err != nil {
		return nil, err
	}
	scorers, err := parseScorers(o.scoring)
	if err != nil {
		return nil, err
	}
	ds, err := loadTraining(o, o.model, user, stdin)
	if err != nil {
		return nil, err
	}
	pipe, err := buildModel(o.model, ds.m.Features, ds.m.OneHot)
	if err != nil {
		return nil, err
	}
	if len(scorers) == 0 {
		scorers = defaultScorers(ds.m.Classifier)
	}
	return &trainingSetup{ds: ds, pipe: pipe, scorers: scorers}, nil
}

func task(m *manifest) string {
	if m.Classifier {
		return "classification"
	}
	return "regression"
}

func (s *trainingSetup) describeData() string {
	n, _ := s.ds.X.Dims()
	extra := ""
	if len(s.ds.m.OneHot) > 0 {
		extra = fmt.Sprintf(" (one-hot: %s)", strings.Join(s.ds.m.OneHot, ", "))
	}
	return fmt.Sprintf("%s: %d rows, %d features%s, target %s (%s)", s.ds.t.name, n, len(s.ds.m.Features), extra, s.ds.m.Target, task(s.ds.m))
}

const cvSynopsis = "skgo cv --data FILE.csv [--target COL] --model 'STEP | STEP ...' [--cv K] [--shuffle --seed S] [--scoring a,b] [--plot DIR] [--json]"

func cmdCV(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o := &options{}
	fs := newFlagSet("cv", cvSynopsis)
	dataFlags(fs, o)
	cvFlags(fs, o)
	outputFlags(fs, o)
	pos, err := parseFlags(fs, cvSynopsis, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("cv: unexpected argument %q (the data file goes in --data)", pos[0])
	}
	s, err := setupTraining("cv", o, stdin)
	if err != nil {
		return err
	}
	cv, err := splitter(o, s.ds.m.Classifier)
	if err != nil {
		return err
	}
	done := progressLine(stderr, fmt.Sprintf("cv: fitting %d folds", o.cv))
	res, err := crossval.CrossValidate(ctx, s.pipe, s.ds.X, s.ds.y, &crossval.Options{CV: cv, Scorers: s.scorers})
	done()
	if err != nil {
		return err
	}
	var plots []string
	if o.plotDir != "" {
		pred, err := crossval.CrossValPredict(ctx, s.pipe, s.ds.X, s.ds.y, cv, nil)
		if err != nil {
			return err
		}
		if plots, err = predictionPlots(o.plotDir, s.ds.m, s.ds.y, pred, "cross-validated predictions"); err != nil {
			return err
		}
	}
	if o.json {
		return writeJSON(stdout, cvJSON(o, s, cv, res, plots))
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintf(w, "%s\n%s of %s\n\n", s.describeData(), describeCV(cv, o), o.model)
	printCVTable(w, res)
	for _, p := range plots {
		fmt.Fprintf(w, "wrote %s\n", p)
	}
	return w.Flush()
}

// printCVTable prints scikit-learn's cross_validate result as a table: one row per
// fold with the fit and score times and the test scores, then mean ± std (numpy's
// std, ddof = 0).
func printCVTable(out io.Writer, res *crossval.Result) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "fold\ttrain\ttest\tfit_time\tscore_time\t")
	for _, n := range res.Names {
		fmt.Fprintf(w, "test_%s\t", n)
	}
	fmt.Fprintln(w)
	for i, f := range res.Folds {
		fmt.Fprintf(w, "%d\t%d\t%d\t%.3fs\t%.3fs\t", i+1, len(f.Train), len(f.Test), res.FitTime[i].Seconds(), res.ScoreTime[i].Seconds())
		for _, n := range res.Names {
			fmt.Fprintf(w, "%.4f\t", res.Test[n][i])
		}
		fmt.Fprintln(w)
	}
	fit, score := durations(res.FitTime), durations(res.ScoreTime)
	fmt.Fprintf(w, "mean ± std\t\t\t%.3f ± %.3f\t%.3f ± %.3f\t", meanOf(fit), stdOf(fit), meanOf(score), stdOf(score))
	for _, n := range res.Names {
		fmt.Fprintf(w, "%.4f ± %.4f\t", res.Mean(n), res.Std(n))
	}
	fmt.Fprintln(w)
	w.Flush()
}

func durations(d []time.Duration) []float64 {
	out := make([]float64, len(d))
	for i, x := range d {
		out[i] = x.Seconds()
	}
	return out
}

func meanOf(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func stdOf(v []float64) float64 {
	m := meanOf(v)
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(v)))
}

func cvJSON(o *options, s *trainingSetup, cv crossval.Splitter, res *crossval.Result, plots []string) map[string]any {
	n, _ := s.ds.X.Dims()
	test, mean, std := map[string]any{}, map[string]any{}, map[string]any{}
	for _, name := range res.Names {
		test[name] = floats(res.Test[name])
		mean[name] = num(res.Mean(name))
		std[name] = num(res.Std(name))
	}
	folds := make([]map[string]int, len(res.Folds))
	for i, f := range res.Folds {
		folds[i] = map[string]int{"train": len(f.Train), "test": len(f.Test)}
	}
	return map[string]any{
		"command":     "cv",
		"model":       o.model,
		"data":        s.ds.t.name,
		"rows":        n,
		"features":    s.ds.m.Features,
		"onehot":      nonNil(s.ds.m.OneHot),
		"target":      s.ds.m.Target,
		"task":        task(s.ds.m),
		"cv":          map[string]any{"splitter": describeCV(cv, o), "k": o.cv, "shuffle": o.shuffle, "seed": o.seed},
		"scorers":     res.Names,
		"folds":       folds,
		"fit_time":    floats(durations(res.FitTime)),
		"score_time":  floats(durations(res.ScoreTime)),
		"test_scores": test,
		"mean":        mean,
		"std":         std,
		"plots":       nonNil(plots),
	}
}

const fitSynopsis = "skgo fit --data FILE.csv [--target COL] --model 'STEP | STEP ...' [-o model.skgo] [--scoring a,b] [--plot DIR] [--json]"

func cmdFit(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o := &options{}
	fs := newFlagSet("fit", fitSynopsis)
	dataFlags(fs, o)
	fs.Var(&o.scoring, "scoring", "scorers by scikit-learn name for the training-set scores (default r2 or accuracy)")
	fs.StringVar(&o.out, "o", "", "save the fitted model to this file")
	outputFlags(fs, o)
	pos, err := parseFlags(fs, fitSynopsis, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("fit: unexpected argument %q (the data file goes in --data, the model file in -o)", pos[0])
	}
	s, err := setupTraining("fit", o, stdin)
	if err != nil {
		return err
	}
	done := progressLine(stderr, "fit: fitting")
	start := time.Now()
	err = s.pipe.Fit(ctx, s.ds.X, s.ds.y)
	elapsed := time.Since(start)
	done()
	if err != nil {
		return err
	}
	scores := map[string]float64{}
	var names []string
	for _, sc := range s.scorers {
		v, err := sc.Score(s.pipe, s.ds.X, s.ds.y, nil)
		if err != nil {
			return fmt.Errorf("scoring %s: %w", sc.Name(), err)
		}
		scores[sc.Name()] = v
		names = append(names, sc.Name())
	}
	var plots []string
	if o.plotDir != "" {
		pred, err := s.pipe.Predict(s.ds.X)
		if err != nil {
			return err
		}
		if plots, err = predictionPlots(o.plotDir, s.ds.m, s.ds.y, pred, "training data"); err != nil {
			return err
		}
	}
	if o.out != "" {
		if err := saveModel(o.out, s.ds.m, s.pipe); err != nil {
			return fmt.Errorf("saving %s: %w", o.out, err)
		}
	}
	if o.json {
		js := map[string]any{}
		for k, v := range scores {
			js[k] = num(v)
		}
		n, _ := s.ds.X.Dims()
		return writeJSON(stdout, map[string]any{
			"command": "fit", "model": o.model, "data": s.ds.t.name, "rows": n,
			"features": s.ds.m.Features, "onehot": nonNil(s.ds.m.OneHot), "target": s.ds.m.Target,
			"task": task(s.ds.m), "classes": nonNil(s.ds.m.Classes), "fit_time": elapsed.Seconds(),
			"train_scores": js, "saved": o.out, "plots": nonNil(plots),
			"fitted": estimator.Format(s.pipe),
		})
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintf(w, "%s\nfitted %s in %.3fs\n", s.describeData(), o.model, elapsed.Seconds())
	for _, n := range names {
		fmt.Fprintf(w, "training %s: %.4f\n", n, scores[n])
	}
	if o.out != "" {
		fmt.Fprintf(w, "saved %s\n", o.out)
	}
	for _, p := range plots {
		fmt.Fprintf(w, "wrote %s\n", p)
	}
	return w.Flush()
}

const predictSynopsis = "skgo predict -m model.skgo [--skip-rows N] [--proba] FILE.csv   (\"-\" reads standard input; predictions go to standard output as CSV)"

func cmdPredict(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o := &options{}
	fs := newFlagSet("predict", predictSynopsis)
	fs.StringVar(&o.modelFile, "m", "", "the model file written by skgo fit -o")
	fs.IntVar(&o.skipRows, "skip-rows", 0, "skip this many rows before the header")
	fs.BoolVar(&o.proba, "proba", false, "also print the class probabilities (classifiers with predict_proba)")
	pos, err := parseFlags(fs, predictSynopsis, args, stdout)
	if err != nil {
		return err
	}
	if err := requireFlags("predict", "m", o.modelFile); err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("predict: give exactly one CSV file to predict (got %d arguments)", len(pos))
	}
	if o.skipRows < 0 {
		return usageErrorf("--skip-rows must be >= 0, got %d", o.skipRows)
	}
	m, p, err := loadModel(o.modelFile)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, X, err := loadPredict(pos[0], o.skipRows, m, p, stdin)
	if err != nil {
		return err
	}
	pred, err := p.Predict(X)
	if err != nil {
		return err
	}
	header := []string{m.Target}
	var proba [][]float64
	var probaCls []float64
	if o.proba {
		if !m.Classifier {
			return usageErrorf("predict: --proba needs a classifier; this model is a regressor")
		}
		P, err := p.PredictProba(X)
		if err != nil {
			return err
		}
		probaCls = p.Classes()
		r, c := P.Dims()
		proba = make([][]float64, r)
		for i := range proba {
			proba[i] = make([]float64, c)
			for j := range c {
				proba[i][j] = P.At(i, j)
			}
		}
		for _, cl := range probaCls {
			header = append(header, "proba_"+className(m, cl))
		}
	}
	w := bufio.NewWriter(stdout)
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for i, v := range pred {
		rec[0] = formatPrediction(m, v)
		if proba != nil {
			for j, x := range proba[i] {
				rec[j+1] = strconv.FormatFloat(x, 'g', -1, 64)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return w.Flush()
}

// className is the name of class code c: the original string label, or the number.
func className(m *manifest, c float64) string {
	if i := int(c); float64(i) == c && i >= 0 && i < len(m.Classes) {
		return m.Classes[i]
	}
	return strconv.FormatFloat(c, 'g', -1, 64)
}

// formatPrediction writes a prediction exactly (shortest round-tripping decimal),
// or its class name.
func formatPrediction(m *manifest, v float64) string {
	if m.Classifier && len(m.Classes) > 0 {
		return className(m, v)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// writeJSON writes v indented, with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// num is x for JSON: NaN and ±Inf (which JSON cannot hold) become null.
func num(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func floats(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = num(x)
	}
	return out
}

// nonNil makes a nil slice encode as [] rather than null.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
