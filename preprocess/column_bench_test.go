package preprocess

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// BenchmarkColumnTransformer is bench/pipeline's ColumnTransformer task: StandardScaler
// on 10 numeric columns and OneHotEncoder on 3 string columns of a 100 000-row Frame.
func BenchmarkColumnTransformer(b *testing.B) {
	rng := rand.New(rand.NewPCG(0, 0))
	const n = 100_000
	cols := make([]series.Series, 0, 13)
	for j := range 10 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		cols = append(cols, series.New(v, series.Float, fmt.Sprintf("n%d", j)))
	}
	for _, k := range []int{8, 20, 50} {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprintf("k%d", rng.IntN(k))
		}
		cols = append(cols, series.New(v, series.String, fmt.Sprintf("c%d", k)))
	}
	frame, err := NewFrame(dataframe.New(cols...))
	if err != nil {
		b.Fatal(err)
	}
	num := []string{"n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"}
	for b.Loop() {
		c := &ColumnTransformer{Columns: []ColumnStep{
			{Name: "num", Est: &StandardScaler{}, Columns: num},
			{Name: "cat", Est: &OneHotEncoder{}, Columns: []string{"c8", "c20", "c50"}},
		}}
		if _, err := c.FitTransform(context.Background(), frame, nil); err != nil {
			b.Fatal(err)
		}
	}
}
