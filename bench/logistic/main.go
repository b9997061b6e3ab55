// Command logistic times linear.Logistic.Fit with default settings on the data that
// reference.py writes (scikit-learn's make_classification(n_samples=100000,
// n_features=20, random_state=0)) and prints the median wall time, to compare with
// reference.py's LogisticRegression().fit:
//
//	/usr/bin/python3 bench/logistic/reference.py   # writes /tmp/skgo_logistic_bench.bin
//	go run ./bench/logistic                         # reads it
//
// With reference.py --classes 5 the data has five classes and both fit the default
// multinomial model.
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
	"runtime"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator/linear"
)

func main() {
	data := flag.String("data", "/tmp/skgo_logistic_bench.bin", "file written by reference.py")
	repeat := flag.Int("repeat", 7, "number of timed fits")
	flag.Parse()

	X, y, err := read(*data)
	if err != nil {
		log.Fatalf("%v (run /usr/bin/python3 bench/logistic/reference.py first)", err)
	}
	n, p := X.Dims()
	var times []time.Duration
	var clf linear.Logistic
	for range *repeat {
		clf = linear.Logistic{}
		start := time.Now()
		if err := clf.Fit(context.Background(), X, y); err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	pred, err := clf.Predict(X)
	if err != nil {
		log.Fatal(err)
	}
	correct := 0
	for i, v := range pred {
		if v == y[i] {
			correct++
		}
	}
	fmt.Printf("skgo linear.Logistic{}.Fit  n=%d p=%d classes=%d GOMAXPROCS=%d\n", n, p,
		len(clf.Classes()), runtime.GOMAXPROCS(0))
	fmt.Printf("  median %.1f ms over %d fits (min %.1f ms)  n_iter=%d converged=%v  train acc=%.4f\n",
		ms(times[len(times)/2]), len(times), ms(times[0]), clf.NIter(), clf.Converged(),
		float64(correct)/float64(n))
	if b, err := os.ReadFile(*data + ".coef.json"); err == nil {
		var ref struct{ Coef, Intercept []float64 }
		coef := clf.Coef().RawMatrix().Data
		icpt := clf.Intercept()
		if json.Unmarshal(b, &ref) == nil && len(ref.Coef) == len(coef) && len(ref.Intercept) == len(icpt) {
			worst := 0.0
			for j, c := range ref.Coef {
				worst = math.Max(worst, math.Abs(coef[j]-c))
			}
			for j, c := range ref.Intercept {
				worst = math.Max(worst, math.Abs(icpt[j]-c))
			}
			fmt.Printf("  max |coef, intercept - scikit-learn's| = %.2e\n", worst)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 }

// read loads the little-endian file: int64 n, int64 p, X (n·p float64), y (n float64).
func read(path string) (*mat.Dense, []float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var dims [2]int64
	if err := binary.Read(f, binary.LittleEndian, &dims); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	n, p := int(dims[0]), int(dims[1])
	if n <= 0 || p <= 0 || n*p > 1<<28 {
		return nil, nil, fmt.Errorf("%s: bad shape %d×%d", path, n, p)
	}
	x := make([]float64, n*p)
	y := make([]float64, n)
	if err := binary.Read(f, binary.LittleEndian, x); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := binary.Read(f, binary.LittleEndian, y); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return mat.NewDense(n, p, x), y, nil
}
