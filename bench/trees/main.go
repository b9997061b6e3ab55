// Command trees times skgo's tree models on the regression problem of issue 9, to
// compare with reference.py, which times scikit-learn 1.2.1 and XGBoost 1.7.4 on the
// same rows: make_regression(n_samples=50000, n_features=20, random_state=0), split
// by train_test_split(random_state=0) into 37 500 training and 12 500 test rows. The
// data comes from reference.py (scikit-learn's generator), written once as raw
// little-endian float64 files, so both sides fit exactly the same numbers:
//
//	bash bench/trees/run.sh            # every model, 3 rounds, side by side
//	bash bench/trees/run.sh rf gb      # some of them
//
// or by hand:
//
//	/usr/bin/python3 bench/trees/reference.py -write /tmp/skgo-trees
//	go run ./bench/trees -data /tmp/skgo-trees -model rf -runs 3 -workers 2
//	/usr/bin/python3 bench/trees/reference.py -data /tmp/skgo-trees -model rf -runs 3
//
// Each model's file in this directory registers a constructor with register; one
// line of JSON per model reports the median fit and predict times, the test R² and
// the peak resident memory of the process (run one model per process to compare it).
package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/metrics"
	"gonum.org/v1/gonum/mat"
)

// models maps a -model name to a constructor taking the number of workers.
var models = map[string]func(workers int) estimator.Predictor{}

// register adds a model under name; the files beside main.go call it from init.
func register(name string, mk func(workers int) estimator.Predictor) {
	if _, dup := models[name]; dup {
		panic("bench/trees: model " + name + " registered twice")
	}
	models[name] = mk
}

type result struct {
	Impl     string  `json:"impl"`
	Model    string  `json:"model"`
	Workers  int     `json:"workers"`
	Runs     int     `json:"runs"`
	FitS     float64 `json:"fit_s"`
	FitBestS float64 `json:"fit_best_s"`
	FitCPUS  float64 `json:"fit_cpu_s"` // CPU seconds of all threads (steadier on a shared machine)
	PredictS float64 `json:"predict_s"`
	R2       float64 `json:"r2"`
	MaxRSSMB float64 `json:"max_rss_mb"`
}

func main() {
	dir := flag.String("data", "/tmp/skgo-trees", "directory written by reference.py -write")
	names := flag.String("model", "all", "comma-separated models, or all")
	runs := flag.Int("runs", 3, "fits per model (the median is reported)")
	workers := flag.Int("workers", 2, "workers per model")
	list := flag.Bool("list", false, "print the registered model names and exit")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the fits to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *list {
		fmt.Println(strings.Join(keys(), " "))
		return
	}

	Xtr, ytr := load(*dir, "train")
	Xte, yte := load(*dir, "test")
	todo := keys()
	if *names != "all" {
		todo = strings.Split(*names, ",")
	}
	for _, name := range todo {
		mk, ok := models[name]
		if !ok {
			log.Fatalf("unknown model %q (have %v)", name, keys())
		}
		var fits, preds, cpus []float64
		var r2 float64
		for range *runs {
			m := mk(*workers)
			start, c0 := time.Now(), cpuSeconds()
			if err := m.Fit(context.Background(), Xtr, ytr); err != nil {
				log.Fatalf("%s: %v", name, err)
			}
			fits = append(fits, time.Since(start).Seconds())
			cpus = append(cpus, cpuSeconds()-c0)
			start = time.Now()
			p, err := m.Predict(Xte)
			if err != nil {
				log.Fatalf("%s: %v", name, err)
			}
			preds = append(preds, time.Since(start).Seconds())
			r2 = metrics.R2Score(yte, p, nil)
		}
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b, _ := json.Marshal(result{"skgo", name, *workers, *runs, median(fits), math.Round(slices.Min(fits)*1e4) / 1e4, median(cpus), median(preds),
			math.Round(r2*1e4) / 1e4, float64(ru.Maxrss) / 1024})
		fmt.Println(string(b))
	}
}

// cpuSeconds returns the user and system CPU time of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func keys() []string {
	var k []string
	for n := range models {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return math.Round(v[len(v)/2]*1e4) / 1e4
}

// load reads <dir>/<part>_X.f64 (rows × cols, row-major), <part>_y.f64 and the
// shape from <part>.shape ("rows cols").
func load(dir, part string) (*mat.Dense, []float64) {
	shape, err := os.ReadFile(filepath.Join(dir, part+".shape"))
	if err != nil {
		log.Fatalf("%v (write the data first: /usr/bin/python3 bench/trees/reference.py -write %s)", err, dir)
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
