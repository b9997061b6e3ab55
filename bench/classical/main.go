// Command classical times skgo's classical models (nearest neighbours, k-means,
// support vector machines, SGD and RidgeCV, PCA) on the problems of
// issue 10, to compare with reference.py, which times scikit-learn 1.2.1 on the
// same rows. The data comes from reference.py (scikit-learn's make_classification,
// make_blobs and make_regression, seeded), written once as raw little-endian
// float64 files, so both sides fit exactly the same numbers:
//
//	bash bench/classical/run.sh              # every model, 3 rounds, side by side
//	ROUNDS=5 bash bench/classical/run.sh knn # some of them
//
// or by hand:
//
//	/usr/bin/python3 bench/classical/reference.py -write /tmp/skgo-classical
//	go run ./bench/classical -data /tmp/skgo-classical -model knn -runs 3 -workers 2
//	/usr/bin/python3 bench/classical/reference.py -data /tmp/skgo-classical -model knn -runs 3
//
// Each model's file in this directory registers a case with register; one line of
// JSON per model reports the median fit and predict seconds (wall clock, and CPU
// seconds of all threads, which are steadier on a shared machine), a quality figure
// (test accuracy, inertia, test R² or explained variance), model facts such as the
// number of support vectors, and the peak resident memory of the process (run one
// model per process to compare it). With -summary FILE, the command instead reads
// such lines (ours and the reference's, from any number of rounds) and prints the
// median of each figure over the rounds and the ratio skgo / scikit-learn.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"gonum.org/v1/gonum/mat"
)

// split is one data set's training and test rows.
type split struct {
	Xtr, Xte *mat.Dense
	ytr, yte []float64
}

// benchCase is one timed model. fit trains a fresh model on the training rows;
// predict (nil for a fit-only case) predicts the test rows; quality scores the
// fitted model (pred is predict's output, nil without predict); facts reports
// figures that must agree with the reference (support vectors, iterations).
type benchCase struct {
	data    string // the data set reference.py wrote: knn, blobs, svc, linear, ridge
	quality string // the name of the quality figure
	fit     func(ctx context.Context, s *split) error
	predict func(s *split) ([]float64, error)
	score   func(s *split, pred []float64) float64
	facts   func() map[string]float64
}

// cases maps a -model name to a constructor taking the number of workers.
var cases = map[string]func(workers int) *benchCase{}

// register adds a case under name; the files beside main.go call it from init.
func register(name string, mk func(workers int) *benchCase) {
	if _, dup := cases[name]; dup {
		panic("bench/classical: model " + name + " registered twice")
	}
	cases[name] = mk
}

type result struct {
	Impl     string             `json:"impl"`
	Model    string             `json:"model"`
	Workers  int                `json:"workers"`
	Runs     int                `json:"runs"`
	FitS     float64            `json:"fit_s"`
	PredictS float64            `json:"predict_s,omitempty"`
	FitCPU   float64            `json:"fit_cpu_s"`
	PredCPU  float64            `json:"predict_cpu_s,omitempty"`
	Quality  string             `json:"quality"`
	Value    float64            `json:"value"`
	Facts    map[string]float64 `json:"facts,omitempty"`
	MaxRSSMB float64            `json:"max_rss_mb"`
}

func main() {
	dir := flag.String("data", "/tmp/skgo-classical", "directory written by reference.py -write")
	names := flag.String("model", "all", "comma-separated models, or all")
	runs := flag.Int("runs", 3, "fits per model (the median is reported)")
	workers := flag.Int("workers", 2, "workers per model")
	list := flag.Bool("list", false, "print the registered model names and exit")
	summary := flag.String("summary", "", "print medians and ratios of the JSON lines in this file and exit")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed fits and predictions to this file")
	flag.Parse()
	if *list {
		fmt.Println(strings.Join(keys(), " "))
		return
	}
	if *summary != "" {
		summarize(*summary)
		return
	}
	// Models without a Workers setting (RidgeCV, PCA) use GOMAXPROCS goroutines.
	runtime.GOMAXPROCS(*workers)
	todo := keys()
	if *names != "all" {
		todo = strings.Split(*names, ",")
	}
	loaded := map[string]*split{}
	var profiling bool
	for _, name := range todo {
		mk, ok := cases[name]
		if !ok {
			log.Fatalf("unknown model %q (have %v)", name, keys())
		}
		var fits, preds, fitCPU, predCPU []float64
		var res result
		warmUp(mk(*workers), loaded, *dir)
		if *cpuprofile != "" && !profiling {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				log.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				log.Fatal(err)
			}
			defer pprof.StopCPUProfile()
			profiling = true
		}
		for range *runs {
			c := mk(*workers)
			s := loaded[c.data]
			if s == nil {
				s = loadSplit(*dir, c.data)
				loaded[c.data] = s
			}
			start, cpu := time.Now(), cpuSeconds()
			if err := c.fit(context.Background(), s); err != nil {
				log.Fatalf("%s: %v", name, err)
			}
			fits = append(fits, time.Since(start).Seconds())
			fitCPU = append(fitCPU, cpuSeconds()-cpu)
			var pred []float64
			if c.predict != nil {
				start, cpu = time.Now(), cpuSeconds()
				var err error
				if pred, err = c.predict(s); err != nil {
					log.Fatalf("%s: %v", name, err)
				}
				preds = append(preds, time.Since(start).Seconds())
				predCPU = append(predCPU, cpuSeconds()-cpu)
			}
			res.Quality, res.Value = c.quality, round(c.score(s, pred), 6)
			if c.facts != nil {
				res.Facts = c.facts()
			}
		}
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		res.Impl, res.Model, res.Workers, res.Runs = "skgo", name, *workers, *runs
		res.FitS, res.FitCPU = round(median(fits), 4), round(median(fitCPU), 4)
		if len(preds) > 0 {
			res.PredictS, res.PredCPU = round(median(preds), 4), round(median(predCPU), 4)
		}
		res.MaxRSSMB = round(float64(ru.Maxrss)/1024, 1)
		b, _ := json.Marshal(res)
		fmt.Println(string(b))
	}
}

// warmUp fits c on the first 2000 training rows and predicts 100 test rows,
// untimed, as reference.py does before its timed fits.
func warmUp(c *benchCase, loaded map[string]*split, dir string) {
	s := loaded[c.data]
	if s == nil {
		s = loadSplit(dir, c.data)
		loaded[c.data] = s
	}
	n, p := s.Xtr.Dims()
	m, _ := s.Xte.Dims()
	small := &split{
		Xtr: s.Xtr.Slice(0, min(n, 2000), 0, p).(*mat.Dense), ytr: s.ytr[:min(n, 2000)],
		Xte: s.Xte.Slice(0, min(m, 100), 0, p).(*mat.Dense), yte: s.yte[:min(m, 100)],
	}
	if err := c.fit(context.Background(), small); err != nil {
		log.Fatalf("warm-up: %v", err)
	}
	if c.predict != nil {
		if _, err := c.predict(small); err != nil {
			log.Fatalf("warm-up: %v", err)
		}
	}
}

// cpuSeconds returns the user and system CPU time of the process so far, all
// threads together (Python's time.process_time in reference.py).
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func keys() []string {
	var k []string
	for n := range cases {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 0 {
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return v[len(v)/2]
}

// round rounds v to d significant decimals after the point.
func round(v float64, d int) float64 {
	s := math.Pow(10, float64(d))
	return math.Round(v*s) / s
}

// summarize prints, for each model, the median over the lines of the file of each
// implementation's fit and predict seconds, quality and peak RSS, and the ratios of
// skgo's times to scikit-learn's.
func summarize(path string) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	type key struct{ model, impl string }
	all := map[key][]result{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			log.Fatalf("%s: %v: %q", path, err, line)
		}
		k := key{r.Model, r.Impl}
		if _, seen := all[key{r.Model, "skgo"}]; !seen && !slices.Contains(order, r.Model) {
			order = append(order, r.Model)
		}
		all[k] = append(all[k], r)
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	med := func(rs []result, get func(r result) float64) float64 {
		var v []float64
		for _, r := range rs {
			v = append(v, get(r))
		}
		return median(v)
	}
	fmt.Printf("%-14s %-8s %6s %9s %9s %9s %9s  %-9s %14s %8s  %s\n", "model", "impl", "rounds", "fit_s", "predict_s",
		"fit_cpu", "pred_cpu", "quality", "value", "rss_MB", "facts")
	for _, m := range order {
		var fit, pred, fitC, predC [2]float64
		for i, impl := range []string{"skgo", "sklearn"} {
			rs := all[key{m, impl}]
			if len(rs) == 0 {
				continue
			}
			fit[i] = med(rs, func(r result) float64 { return r.FitS })
			pred[i] = med(rs, func(r result) float64 { return r.PredictS })
			fitC[i] = med(rs, func(r result) float64 { return r.FitCPU })
			predC[i] = med(rs, func(r result) float64 { return r.PredCPU })
			var facts []string
			for _, fk := range sortedKeys(rs[len(rs)-1].Facts) {
				facts = append(facts, fmt.Sprintf("%s=%g", fk, med(rs, func(r result) float64 { return r.Facts[fk] })))
			}
			fmt.Printf("%-14s %-8s %6d %9.4f %9.4f %9.4f %9.4f  %-9s %14.6g %8.1f  %s\n", m, impl, len(rs), fit[i], pred[i],
				fitC[i], predC[i], rs[0].Quality, med(rs, func(r result) float64 { return r.Value }),
				med(rs, func(r result) float64 { return r.MaxRSSMB }), strings.Join(facts, " "))
		}
		ratio := func(a, b float64) string {
			if a == 0 || b == 0 {
				return "-"
			}
			return fmt.Sprintf("%.2fx", a/b)
		}
		fmt.Printf("%-14s %-8s %6s %9s %9s %9s %9s\n", m, "ratio", "", ratio(fit[0], fit[1]), ratio(pred[0], pred[1]),
			ratio(fitC[0], fitC[1]), ratio(predC[0], predC[1]))
	}
}

func sortedKeys(m map[string]float64) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// loadSplit reads the data set name's train and test parts.
func loadSplit(dir, name string) *split {
	s := &split{}
	s.Xtr, s.ytr = load(dir, name+"_train")
	s.Xte, s.yte = load(dir, name+"_test")
	return s
}

// load reads <dir>/<part>_X.f64 (rows × cols, row-major), <part>_y.f64 and the
// shape from <part>.shape ("rows cols").
func load(dir, part string) (*mat.Dense, []float64) {
	shape, err := os.ReadFile(filepath.Join(dir, part+".shape"))
	if err != nil {
		log.Fatalf("%v (write the data first: /usr/bin/python3 bench/classical/reference.py -write %s)", err, dir)
	}
	var r, c int
	if _, err := fmt.Sscan(string(shape), &r, &c); err != nil || r <= 0 || c <= 0 {
		log.Fatalf("bad shape file %s: %q", part, shape)
	}
	X := readF64(filepath.Join(dir, part+"_X.f64"), r*c)
	y := readF64(filepath.Join(dir, part+"_y.f64"), r)
	return mat.NewDense(r, c, X), y
}

func readF64(path string, n int) []float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if len(b) != 8*n {
		log.Fatalf("%s: %d bytes, want %d", path, len(b), 8*n)
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}
