package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/pipeline"
	"github.com/skgo/skgo/tuning"
)

// axisSpec is one parsed --grid flag: a resolved parameter path and its values, or
// a distribution for --random.
type axisSpec struct {
	path    string
	values  []any
	dist    tuning.Sampler // set for loguniform(a,b), uniform(a,b), intuniform(a,b)
	numeric bool           // every value is a number (for the validation curve)
}

// parseGrid parses "step.param=v1,v2,..." against the pipeline's steps. The step is
// a step name (as pipeline.Make names them: the lower-cased type name); it may be
// left out when exactly one step has the parameter. The parameter is matched as in
// --model. Values are parsed to the parameter's type; list-valued parameters
// (hidden=64,32) separate their values with ';' (hidden=64,32;128).
func parseGrid(text string, p *pipeline.Pipeline, skipFirst bool) (axisSpec, error) {
	key, vals, ok := strings.Cut(text, "=")
	if !ok || strings.TrimSpace(key) == "" {
		return axisSpec{}, usageErrorf("--grid %q: want step.param=v1,v2,...", text)
	}
	key = strings.TrimSpace(key)
	steps := p.Steps
	if skipFirst {
		steps = steps[1:]
	}
	var step *pipeline.Step
	param := key
	if stepName, rest, dotted := strings.Cut(key, "."); dotted {
		for i := range steps {
			if strings.EqualFold(steps[i].Name, stepName) {
				step, param = &steps[i], rest
			}
		}
		if step == nil {
			if e, ok := lookup(stepName); ok {
				for i := range steps {
					if ee, ok := entryOf(steps[i].Est); ok && ee == e {
						if step != nil {
							return axisSpec{}, usageErrorf("--grid %q: %s names several steps; use the step name (%s)", text, stepName, strings.Join(stepNames(steps), ", "))
						}
						step, param = &steps[i], rest
					}
				}
			}
		}
		if step == nil {
			return axisSpec{}, usageErrorf("--grid %q: no step %q%s; steps: %s", text, stepName, suggest(strings.ToLower(stepName), stepNames(steps)), strings.Join(stepNames(steps), ", "))
		}
	} else {
		var found []*pipeline.Step
		for i := range steps {
			if _, _, err := resolveParam(steps[i].Est, key); err == nil {
				found = append(found, &steps[i])
			}
		}
		switch len(found) {
		case 0:
			return axisSpec{}, usageErrorf("--grid %q: no step has a parameter %q; write step.param (steps: %s)", text, key, strings.Join(stepNames(steps), ", "))
		case 1:
			step = found[0]
		default:
			return axisSpec{}, usageErrorf("--grid %q: several steps have a parameter %q; write step.param (steps: %s)", text, key, strings.Join(stepNames(steps), ", "))
		}
	}
	path, t, err := resolveParam(step.Est, param)
	if err != nil {
		return axisSpec{}, usageErrorf("--grid %q: %s: %v", text, step.Name, err)
	}
	ax := axisSpec{path: step.Name + "." + path}
	vals = strings.TrimSpace(vals)
	if d, ok, err := parseDist(vals, t); ok || err != nil {
		if err != nil {
			return axisSpec{}, usageErrorf("--grid %q: %v", text, err)
		}
		ax.dist = d
		return ax, nil
	}
	sep := ","
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		sep = ";"
	}
	ax.numeric = true
	for _, s := range strings.Split(vals, sep) {
		v, err := parseValue(s, t)
		if err != nil {
			return axisSpec{}, usageErrorf("--grid %q: %v", text, err)
		}
		ax.values = append(ax.values, v)
		if _, ok := toFloat(v); !ok {
			ax.numeric = false
		}
	}
	return ax, nil
}

func stepNames(steps []pipeline.Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.Name
	}
	return out
}

// parseDist parses loguniform(a,b), uniform(a,b) and intuniform(a,b) (both bounds
// included); ok is false for anything else.
func parseDist(s string, t reflect.Type) (tuning.Sampler, bool, error) {
	name, args, ok := strings.Cut(s, "(")
	if !ok || !strings.HasSuffix(args, ")") {
		return nil, false, nil
	}
	name = strings.ToLower(strings.TrimSpace(name))
	if name != "loguniform" && name != "uniform" && name != "intuniform" {
		return nil, false, nil
	}
	parts := strings.Split(strings.TrimSuffix(args, ")"), ",")
	if len(parts) != 2 {
		return nil, true, fmt.Errorf("%s needs two bounds: %s(low,high)", name, name)
	}
	var lo, hi float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, true, fmt.Errorf("%s: bound %q is not a finite number", name, p)
		}
		if i == 0 {
			lo = x
		} else {
			hi = x
		}
	}
	if !(lo <= hi) {
		return nil, true, fmt.Errorf("%s(%v,%v): the low bound exceeds the high one", name, lo, hi)
	}
	isInt := t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64
	switch name {
	case "intuniform":
		if !isInt || lo != math.Trunc(lo) || hi != math.Trunc(hi) {
			return nil, true, fmt.Errorf("intuniform needs an integer parameter and integer bounds")
		}
		return tuning.IntUniform{Min: int(lo), Max: int(hi)}, true, nil
	case "loguniform":
		if t.Kind() != reflect.Float64 && t.Kind() != reflect.Float32 {
			return nil, true, fmt.Errorf("loguniform needs a real-valued parameter, this one is %s", t)
		}
		if lo <= 0 {
			return nil, true, fmt.Errorf("loguniform needs positive bounds")
		}
		return tuning.LogUniform{Min: lo, Max: hi}, true, nil
	default:
		if t.Kind() != reflect.Float64 && t.Kind() != reflect.Float32 {
			return nil, true, fmt.Errorf("uniform needs a real-valued parameter, this one is %s", t)
		}
		return uniform{lo, hi}, true, nil
	}
}

// uniform draws uniformly from [lo, hi) with the search's generator (scipy's
// uniform(loc, scale) with loc = lo, scale = hi - lo).
type uniform struct{ lo, hi float64 }

func (u uniform) Rand() float64             { return u.lo + rand.Float64()*(u.hi-u.lo) }
func (u uniform) Sample(rng *rand.Rand) any { return u.lo + rng.Float64()*(u.hi-u.lo) }
func (u uniform) String() string            { return fmt.Sprintf("uniform(%v,%v)", u.lo, u.hi) }

func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

const searchSynopsis = "skgo search --data FILE.csv --model 'STEP | ...' --grid 'step.param=v1,v2' [--grid ...] [--random N --seed S] [--cv K] [--shuffle] [--scoring a,b] [-o best.skgo] [--plot DIR] [--json]"

func cmdSearch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o := &options{}
	fs := newFlagSet("search", searchSynopsis)
	dataFlags(fs, o)
	cvFlags(fs, o)
	fs.Var(&o.grid, "grid", "a parameter and its values: 'ridge.alpha=0.1,1,10' (repeatable; with --random also loguniform(a,b), uniform(a,b), intuniform(a,b))")
	fs.IntVar(&o.random, "random", 0, "draw this many random candidates instead of trying the whole grid")
	fs.StringVar(&o.out, "o", "", "save the best model, refitted on all rows, to this file")
	outputFlags(fs, o)
	pos, err := parseFlags(fs, searchSynopsis, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("search: unexpected argument %q", pos[0])
	}
	if len(o.grid) == 0 {
		return usageErrorf("search: --grid is required (e.g. --grid 'ridge.alpha=0.1,1,10')")
	}
	if o.random < 0 || o.random > tuning.MaxFits {
		return usageErrorf("--random must be between 0 and %d, got %d", tuning.MaxFits, o.random)
	}
	// Check the grid against the model text before reading any data.
	user, err := parseSpec(o.model)
	if err != nil && o.model != "" {
		return err
	}
	if user != nil {
		for _, g := range o.grid {
			if _, err := parseGrid(g, user, false); err != nil {
				return err
			}
		}
	}
	s, err := setupTraining("search", o, stdin)
	if err != nil {
		return err
	}
	skip := len(s.ds.m.OneHot) > 0
	var axes []axisSpec
	seen := map[string]bool{}
	for _, g := range o.grid {
		ax, err := parseGrid(g, s.pipe, skip)
		if err != nil {
			return err
		}
		if seen[ax.path] {
			return usageErrorf("--grid: %s is given twice", ax.path)
		}
		seen[ax.path] = true
		if ax.dist != nil && o.random == 0 {
			return usageErrorf("--grid %q: a distribution needs --random N", g)
		}
		axes = append(axes, ax)
	}
	var space tuning.Space
	if o.random > 0 {
		r := tuning.Random{N: o.random, Seed: o.seed}
		for _, ax := range axes {
			d := ax.dist
			if d == nil {
				d = tuning.Choice{Values: ax.values}
			}
			r.Params = append(r.Params, tuning.Dist{Param: ax.path, Dist: d})
		}
		space = r
	} else {
		var g tuning.Grid
		for _, ax := range axes {
			g = append(g, tuning.Axis{Param: ax.path, Values: ax.values})
		}
		space = g
	}
	cv, err := splitter(o, s.ds.m.Classifier)
	if err != nil {
		return err
	}
	curve := o.plotDir != "" && len(axes) == 1 && axes[0].dist == nil && axes[0].numeric && len(axes[0].values) > 1
	search := &tuning.Search{
		Estimator:        s.pipe,
		Space:            space,
		CV:               cv,
		Scorers:          s.scorers,
		ReturnTrainScore: curve,
		NoRefit:          o.out == "",
	}
	if isTerminal(stderr) {
		var mu sync.Mutex
		search.Progress = func(ev tuning.ProgressEvent) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "\rsearch: %d/%d fits", ev.Done, ev.Total)
		}
	}
	err = search.Fit(ctx, s.ds.X, s.ds.y)
	if search.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	results := search.Results()
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return results[a].Rank - results[b].Rank })
	rank := s.scorers[0].Name()

	var plots []string
	if o.plotDir != "" {
		if curve {
			p, err := validationCurvePlot(o.plotDir, axes[0], results, rank)
			if err != nil {
				return err
			}
			plots = append(plots, p)
		} else {
			fmt.Fprintf(stderr, "skgo: --plot: the validation curve needs a search over one numeric parameter with several values; no plot written\n")
		}
	}
	if o.out != "" {
		best, ok := search.BestEstimator().(*pipeline.Pipeline)
		if !ok {
			return fmt.Errorf("search: the refitted best estimator is a %T, not a pipeline", search.BestEstimator())
		}
		if err := saveModel(o.out, s.ds.m, best); err != nil {
			return fmt.Errorf("saving %s: %w", o.out, err)
		}
	}
	best := search.Best()
	if o.json {
		cands := make([]map[string]any, 0, len(results))
		for _, i := range order {
			r := results[i]
			mean, std, test := map[string]any{}, map[string]any{}, map[string]any{}
			for _, sc := range s.scorers {
				mean[sc.Name()] = num(r.Mean(sc.Name()))
				std[sc.Name()] = num(r.Std(sc.Name()))
				test[sc.Name()] = floats(r.TestScores[sc.Name()])
			}
			cands = append(cands, map[string]any{"rank": r.Rank, "params": jsonParams(r.Params), "mean": mean, "std": std, "test_scores": test, "fit_time": r.FitTime.Seconds()})
		}
		return writeJSON(stdout, map[string]any{
			"command": "search", "model": o.model, "data": s.ds.t.name, "target": s.ds.m.Target, "task": task(s.ds.m),
			"cv":      map[string]any{"splitter": describeCV(cv, o), "k": o.cv, "shuffle": o.shuffle, "seed": o.seed},
			"scorers": scorerNames(s), "rank_by": rank, "candidates": cands,
			"best":  map[string]any{"params": jsonParams(best.Params), "mean": num(best.MeanScore), "std": num(best.StdScore)},
			"saved": o.out, "plots": nonNil(plots),
		})
	}
	w := bufio.NewWriter(stdout)
	kind := fmt.Sprintf("grid of %d candidates", len(results))
	if o.random > 0 {
		kind = fmt.Sprintf("%d random candidates (seed %d)", len(results), o.seed)
	}
	fmt.Fprintf(w, "%s\nsearch over a %s, %s, of %s\n\n", s.describeData(), kind, describeCV(cv, o), o.model)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "rank\t")
	for _, sc := range s.scorers {
		fmt.Fprintf(tw, "mean_test_%s ± std\t", sc.Name())
	}
	fmt.Fprintln(tw, "fit_time\tparams")
	for _, i := range order {
		r := results[i]
		fmt.Fprintf(tw, "%d\t", r.Rank)
		for _, sc := range s.scorers {
			fmt.Fprintf(tw, "%.4f ± %.4f\t", r.Mean(sc.Name()), r.Std(sc.Name()))
		}
		fmt.Fprintf(tw, "%.3fs\t%s\n", r.FitTime.Seconds(), formatParams(r.Params))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nbest: %s  (mean %s %.4f ± %.4f)\n", formatParams(best.Params), rank, best.MeanScore, best.StdScore)
	if o.out != "" {
		fmt.Fprintf(w, "saved the best model, refitted on all rows, to %s\n", o.out)
	}
	for _, p := range plots {
		fmt.Fprintf(w, "wrote %s\n", p)
	}
	return w.Flush()
}

func scorerNames(s *trainingSetup) []string {
	out := make([]string, len(s.scorers))
	for i, sc := range s.scorers {
		out[i] = sc.Name()
	}
	return out
}

// formatParams prints a candidate as "ridge.Alpha=10 poly.Degree=2".
func formatParams(p estimator.Params) string {
	var parts []string
	for _, k := range p.Keys() {
		parts = append(parts, k+"="+formatValue(p[k]))
	}
	return strings.Join(parts, " ")
}

func formatValue(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = formatValue(rv.Index(i).Interface())
		}
		return strings.Join(parts, ",")
	}
	if e, ok := v.(estimator.Estimator); ok {
		return estimator.Format(e)
	}
	return fmt.Sprint(v)
}

// jsonParams is p with values JSON can hold (non-finite floats as null, other
// values as text).
func jsonParams(p estimator.Params) map[string]any {
	out := map[string]any{}
	for k, v := range p {
		switch x := v.(type) {
		case float64:
			out[k] = num(x)
		case bool, int, int64, uint64, string:
			out[k] = x
		default:
			out[k] = formatValue(v)
		}
	}
	return out
}
