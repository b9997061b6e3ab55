package preprocess_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/preprocess"
)

// houses is a small table with a string column and a missing numeric cell.
func houses() dataframe.DataFrame {
	return dataframe.New(
		series.New([]string{"north", "south", "north", "east"}, series.String, "district"),
		series.New([]float64{3, math.NaN(), 4, 2}, series.Float, "rooms"),
		series.New([]int{70, 120, 95, 50}, series.Int, "area"),
	)
}

func printRows(m mat.Matrix) {
	r, c := m.Dims()
	for i := range r {
		for j := range c {
			if j > 0 {
				fmt.Print(" ")
			}
			fmt.Printf("%7.4f", m.At(i, j))
		}
		fmt.Println()
	}
}

func ExampleNewFrame() {
	X, err := preprocess.NewFrame(houses())
	if err != nil {
		log.Fatal(err) // gota's sticky df.Err surfaces here
	}
	r, c := X.Dims()
	fmt.Println(r, c, X.Names())
	fmt.Println(X.Kind(0), X.Kind(1), X.Kind(2))
	fmt.Println(X.At(0, 2), X.At(1, 1), X.At(0, 0)) // missing and string cells read as NaN
	fmt.Printf("%q\n", X.Strings(0))

	// Numeric estimators reject the string column with a clear error.
	_, err = estimator.CheckXy(X, nil)
	fmt.Println(err != nil)

	// Row selection (as in cross-validation folds) keeps names and kinds.
	fold := estimator.Rows(X, []int{3, 0}).(*preprocess.Frame)
	fmt.Printf("%q %v\n", fold.Strings(0), fold.Kind(2))
	// Output:
	// 4 3 [district rooms area]
	// string float int
	// 70 NaN NaN
	// ["north" "south" "north" "east"]
	// true
	// ["east" "north"] int
}

func ExampleOneHotEncoder() {
	X, err := preprocess.NewFrame(houses())
	if err != nil {
		log.Fatal(err)
	}
	cat, err := X.ColumnsByName([]string{"district"})
	if err != nil {
		log.Fatal(err)
	}
	enc := &preprocess.OneHotEncoder{HandleUnknown: preprocess.UnknownIgnore}
	out, err := enc.FitTransform(context.Background(), cat, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.FeatureNamesOut(nil))
	printRows(out)

	// Numeric categories print as scikit-learn prints them for the column's dtype.
	codes := mat.NewDense(3, 1, []float64{0, 1, 0})
	num := &preprocess.OneHotEncoder{Drop: preprocess.DropIfBinary}
	if err := num.Fit(context.Background(), codes, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(num.FeatureNamesOut([]string{"CHAS"}))
	// Output:
	// [district_east district_north district_south]
	//  0.0000  1.0000  0.0000
	//  0.0000  0.0000  1.0000
	//  0.0000  1.0000  0.0000
	//  1.0000  0.0000  0.0000
	// [CHAS_1.0]
}

func ExampleOrdinalEncoder() {
	enc := &preprocess.OrdinalEncoder{HandleUnknown: preprocess.UnknownUseEncodedValue, UnknownValue: -1}
	cols := [][]string{{"low", "high", "medium", "low"}}
	if err := enc.FitStrings(context.Background(), cols, nil); err != nil {
		log.Fatal(err)
	}
	out, err := enc.TransformStrings([][]string{{"medium", "extreme"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.FittedCategories(), mat.Col(nil, 0, out))
	// Output:
	// [[high low medium]] [2 -1]
}

func ExampleColumnTransformer() {
	X, err := preprocess.NewFrame(houses())
	if err != nil {
		log.Fatal(err)
	}
	prep := &preprocess.ColumnTransformer{
		Columns: []preprocess.ColumnStep{
			{Name: "rooms", Est: &preprocess.SimpleImputer{Strategy: preprocess.StrategyMedian}, Columns: []string{"rooms"}},
			{Name: "area", Est: &preprocess.StandardScaler{}, Columns: []string{"area"}},
			{Name: "district", Est: &preprocess.OneHotEncoder{}, Columns: []string{"district"}},
		},
		// Remainder: nil (or estimator.Drop) drops the other columns; estimator.Passthrough keeps them.
	}
	out, err := prep.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(prep.FeatureNamesOut(nil))
	printRows(out)

	// Branches are parts: "district.HandleUnknown" is a parameter path.
	if err := estimator.SetParams(prep, estimator.Params{"district.HandleUnknown": "ignore"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(estimator.GetParams(prep)["district.HandleUnknown"])
	// Output:
	// [rooms__rooms area__area district__district_east district__district_north district__district_south]
	//  3.0000 -0.5226  0.0000  1.0000  0.0000
	//  3.0000  1.3778  0.0000  0.0000  1.0000
	//  4.0000  0.4276  0.0000  1.0000  0.0000
	//  2.0000 -1.2828  1.0000  0.0000  0.0000
	// ignore
}

func ExampleSimpleImputer() {
	nan := math.NaN()
	X := mat.NewDense(4, 3, []float64{
		1, nan, nan,
		3, 10, nan,
		nan, 20, nan,
		5, 20, nan,
	})
	imp := &preprocess.SimpleImputer{AddIndicator: true} // mean
	out, err := imp.FitTransform(context.Background(), X, nil)
	if err != nil {
		log.Fatal(err)
	}
	// x2 has no observed value: dropped, as scikit-learn 1.2 does.
	fmt.Println(imp.FeatureNamesOut(nil))
	fmt.Printf("%.4f\n", imp.Statistics())
	printRows(out)
	// Output:
	// [x0 x1 missingindicator_x0 missingindicator_x1 missingindicator_x2]
	// [3.0000 16.6667 NaN]
	//  1.0000 16.6667  0.0000  1.0000  1.0000
	//  3.0000 10.0000  0.0000  0.0000  1.0000
	//  3.0000 20.0000  1.0000  0.0000  1.0000
	//  5.0000 20.0000  0.0000  0.0000  1.0000
}

func ExampleSimpleImputer_TransformFrame() {
	X, err := preprocess.NewFrame(dataframe.New(
		series.New([]string{"a", "NaN", "b", "a"}, series.String, "kind"),
		series.New([]int{1, 2, 0, 7}, series.Int, "n"),
	))
	if err != nil {
		log.Fatal(err)
	}
	imp := &preprocess.SimpleImputer{Strategy: preprocess.StrategyMostFrequent}
	if err := imp.Fit(context.Background(), X, nil); err != nil {
		log.Fatal(err)
	}
	filled, err := imp.TransformFrame(X)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", filled.Strings(0))
	// Output:
	// ["a" "a" "b" "a"]
}

func ExampleMissingIndicator() {
	X := mat.NewDense(3, 2, []float64{1, math.NaN(), 2, 5, math.NaN(), 6})
	mi := &preprocess.MissingIndicator{Features: preprocess.MissingAll}
	out, err := estimator.FitTransform(context.Background(), mi, X, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mi.FeatureNamesOut(nil))
	printRows(out)
	// Output:
	// [missingindicator_x0 missingindicator_x1]
	//  0.0000  1.0000
	//  0.0000  0.0000
	//  1.0000  0.0000
}

func ExampleLabelEncoder() {
	var le preprocess.LabelEncoder
	y, err := le.FitTransformStrings([]string{"spam", "ham", "spam", "eggs"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(le.Classes(), y)
	back, err := le.InverseTransformStrings([]float64{2, 0})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back)
	_, err = le.TransformStrings([]string{"bacon"})
	fmt.Println(err)
	// Output:
	// [eggs ham spam] [2 1 2 0]
	// [spam eggs]
	// preprocess.LabelEncoder: y contains previously unseen label "bacon" (at 0): estimator: invalid data
}
